// When to try an email again after a failed delivery. Pure: the outbox worker supplies the
// attempt count, how long the email has waited and the randomness.
//
// The policy: wait 30 seconds after the first failure, double the wait after each further one,
// never wait more than 15 minutes, and give up only once the email has waited 3 days.
//
// Why: the outage that matters is the provider being down for an hour or an afternoon while
// results go out. An earlier schedule (30 s, 2 min, 10 min, then 1, 3, 6 and 12 hours, giving up
// after the 8th attempt) kept an email waiting up to an hour after the provider came back, and
// gave up after about 22 hours, so a provider down over a weekend left every email failed for a
// person to send again. Capped at 15 minutes, a backlog is sent within about a quarter of an hour
// of the provider's return; 3 days covers a weekend. The cost is about 4 requests an hour per
// waiting email while the provider is down, well inside its rate limits for the few thousand
// emails a publication sends (the worker sends one request at a time anyway).

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** The wait after the first failed attempt; each further failure doubles it, up to the cap. */
export const FIRST_RETRY_DELAY_MS = 30 * SECOND;

/** The longest wait between two attempts: how late a waiting email can be once the provider is back. */
export const MAX_RETRY_DELAY_MS = 15 * MINUTE;

/**
 * How long an email keeps being retried, from when it was queued. After that it is marked failed
 * and left for a person to look at (and send again from the staff page, if it still matters).
 */
export const GIVE_UP_AFTER_MS = 3 * DAY;

/** Spread of the random jitter: each wait is the scheduled one plus or minus 10%. */
export const RETRY_JITTER = 0.1;

/**
 * The wait after failed attempt number `attempt` (1 for the first failure): 30 s, 1, 2, 4, 8
 * minutes, then 15 minutes each time. `random` is a number in [0, 1): 0.5 gives the scheduled wait
 * exactly; the worker passes Math.random() so that many emails failing together (a provider
 * outage) do not all come back at the same instant.
 */
export function retryDelayMs(attempt: number, random = 0.5): number {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  // 2^5 x 30 s is already past the cap; stopping the exponent there keeps the number small.
  const base = Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.min(attempt - 1, 5), MAX_RETRY_DELAY_MS);
  const unit = Math.min(Math.max(random, 0), 1);
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * unit));
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * What to do after failed attempt number `attempt` of an email that has waited `waitedMs` since it
 * was queued: try again after a delay, or give up. A permanent failure (the provider rejected the
 * message itself) is never retried; any other is retried until the email has waited
 * GIVE_UP_AFTER_MS, however many attempts that takes.
 */
export function afterFailedAttempt(
  attempt: number,
  options: { permanent?: boolean; waitedMs?: number; giveUpAfterMs?: number; random?: number } = {},
): RetryDecision {
  const giveUpAfterMs = options.giveUpAfterMs ?? GIVE_UP_AFTER_MS;
  if (options.permanent || (options.waitedMs ?? 0) >= giveUpAfterMs) return { retry: false };
  return { retry: true, delayMs: retryDelayMs(attempt, options.random) };
}
