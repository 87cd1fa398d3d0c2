import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";

// Fixed-window rate limits kept in the database (rate_limit_bucket), so every instance of the
// service counts against the same buckets. Each hit is one INSERT ... ON CONFLICT statement: the
// row lock it takes makes concurrent hits on one key queue up, so no two requests can both be
// the limit-th, and a burst can never get more than `limit` through.

export interface RateLimit {
  /** How many hits a window allows. */
  limit: number;
  /** How long a window lasts, from its first hit. */
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  hits: number;
  /** Seconds until the window ends and hits are allowed again; 0 when allowed. */
  retryAfterSeconds: number;
}

/** The limits the account pages use. Keys name the action and who or where it comes from. */
export const LIMITS = {
  signInPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  signInPerAddress: { limit: 50, windowSeconds: 15 * 60 },
  resetPerAccount: { limit: 5, windowSeconds: 60 * 60 },
  resetPerAddress: { limit: 20, windowSeconds: 60 * 60 },
  verifyResendPerAccount: { limit: 5, windowSeconds: 60 * 60 },
  verifyResendPerAddress: { limit: 20, windowSeconds: 60 * 60 },
  registerPerAddress: { limit: 20, windowSeconds: 60 * 60 },
  /** Emails telling an existing owner someone tried to register with their address. */
  accountExistsEmailsPerAccount: { limit: 3, windowSeconds: 60 * 60 },
  /** Codes typed at the second step (authenticator or recovery codes): a million codes, five guesses. */
  secondFactorPerAccount: { limit: 5, windowSeconds: 15 * 60 },
  /** Asking to move an account to a new address: each request emails two addresses. */
  emailChangePerAccount: { limit: 5, windowSeconds: 60 * 60 },
  /** Turning an entry's consents on and off: each withdrawal emails the interested councils. */
  consentChangesPerEntry: { limit: 10, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimit>;

/** Counts one hit against `key` and says whether it is within the limit. */
export async function hit(
  key: string,
  { limit, windowSeconds }: RateLimit,
  { now = new Date(), executor = db() }: { now?: Date; executor?: Executor } = {},
): Promise<RateLimitResult> {
  // Every SET expression sees the row as it was before this statement, so both CASEs agree on
  // whether the old window had ended.
  const { rows } = await sql<{ hits: number; window_start: Date | string }>`
    insert into rate_limit_bucket as b (key, window_start, hits)
    values (${key}, ${now.toISOString()}::timestamptz, 1)
    on conflict (key) do update set
      hits = case
        when b.window_start <= ${now.toISOString()}::timestamptz - make_interval(secs => ${windowSeconds}) then 1
        else b.hits + 1
      end,
      window_start = case
        when b.window_start <= ${now.toISOString()}::timestamptz - make_interval(secs => ${windowSeconds}) then excluded.window_start
        else b.window_start
      end
    returning hits, window_start`.execute(executor);
  const row = rows[0]!;
  const hits = Number(row.hits);
  if (hits <= limit) return { allowed: true, hits, retryAfterSeconds: 0 };
  const windowEnds = new Date(row.window_start).getTime() + windowSeconds * 1000;
  return { allowed: false, hits, retryAfterSeconds: Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000)) };
}

/** Counts a hit against every key; allowed only if all allow it. Every key is counted either way. */
export async function hitAll(
  checks: readonly { key: string; limit: RateLimit }[],
  options: { now?: Date; executor?: Executor } = {},
): Promise<RateLimitResult> {
  const results: RateLimitResult[] = [];
  for (const check of checks) results.push(await hit(check.key, check.limit, options));
  const blocked = results.filter((r) => !r.allowed);
  if (blocked.length === 0)
    return { allowed: true, hits: Math.max(0, ...results.map((r) => r.hits)), retryAfterSeconds: 0 };
  return {
    allowed: false,
    hits: Math.max(...blocked.map((r) => r.hits)),
    retryAfterSeconds: Math.max(...blocked.map((r) => r.retryAfterSeconds)),
  };
}

/** Forgets the hits against `key` (after a successful sign-in, the account's failures no longer count). */
export async function resetBucket(key: string, executor: Executor = db()): Promise<void> {
  await executor.deleteFrom("rate_limit_bucket").where("key", "=", key).execute();
}

/** "Too many attempts. Wait 15 minutes and try again." */
export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many attempts. Wait ${minutes} ${minutes === 1 ? "minute" : "minutes"} and try again.`;
}
