// When to try an email again after a failed delivery. Pure: the outbox worker supplies the
// attempt count and the randomness.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Wait after the 1st, 2nd, 3rd... failed attempt. Short at first, because most provider errors
 * are momentary, then long enough to ride out an outage of the provider (or a wrong API key
 * that someone has to fix) without hammering it. Eight attempts span about 22 hours.
 */
export const EMAIL_RETRY_DELAYS_MS: readonly number[] = [
  30 * SECOND,
  2 * MINUTE,
  10 * MINUTE,
  1 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
];

/** After this many failed attempts an email is marked failed and left for a person to look at. */
export const MAX_EMAIL_ATTEMPTS = 8;

/** Spread of the random jitter: each wait is the scheduled one plus or minus 10%. */
export const RETRY_JITTER = 0.1;

/**
 * The wait after failed attempt number `attempt` (1 for the first failure). Beyond the schedule
 * the last (longest) wait applies. `random` is a number in [0, 1): 0.5 gives the scheduled wait
 * exactly; the worker passes Math.random() so that many emails failing together (a provider
 * outage) do not all come back at the same instant.
 */
export function retryDelayMs(attempt: number, random = 0.5): number {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  const index = Math.min(attempt, EMAIL_RETRY_DELAYS_MS.length) - 1;
  const base = EMAIL_RETRY_DELAYS_MS[index]!;
  const unit = Math.min(Math.max(random, 0), 1);
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * unit));
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * What to do after failed attempt number `attempt`: try again after a delay, or give up.
 * A permanent failure (the provider rejected the message itself) is never retried.
 */
export function afterFailedAttempt(
  attempt: number,
  options: { permanent?: boolean; maxAttempts?: number; random?: number } = {},
): RetryDecision {
  const maxAttempts = options.maxAttempts ?? MAX_EMAIL_ATTEMPTS;
  if (options.permanent || attempt >= maxAttempts) return { retry: false };
  return { retry: true, delayMs: retryDelayMs(attempt, options.random) };
}
