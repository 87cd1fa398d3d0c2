import type { TokenPurpose } from "../../db/schema";

// The life of the single-use links we email. A link is good from when it is issued until just
// before its expiry instant: at the expiry instant itself it has expired.

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  // Someone who registers late in the day may not open their email until the next morning.
  verify_email: 24 * HOUR_MS,
  // A reset link is as good as the password, so it is short-lived.
  reset_password: 1 * HOUR_MS,
  // Sent to a new address the person has just typed, after their password or second factor: as
  // long as a confirmation link, since the new mailbox may be one they check less often.
  change_email: 24 * HOUR_MS,
};

export function tokenExpiresAt(purpose: TokenPurpose, issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + TOKEN_LIFETIME_MS[purpose]);
}

export type TokenState = "valid" | "expired" | "used";

/**
 * What a link's token is good for at `now`. A link that has been used says so even once it would
 * also have expired: "already used" is the more helpful thing to tell someone.
 */
export function tokenState(token: { expiresAt: Date; usedAt: Date | null }, now: Date): TokenState {
  if (token.usedAt) return "used";
  return now.getTime() < token.expiresAt.getTime() ? "valid" : "expired";
}

/** "24 hours", "1 hour", "30 minutes": how long a link lasts, for the email that carries it. */
export function describeLifetime(purpose: TokenPurpose): string {
  const ms = TOKEN_LIFETIME_MS[purpose];
  if (ms % HOUR_MS === 0) {
    const hours = ms / HOUR_MS;
    return hours === 1 ? "1 hour" : `${hours} hours`;
  }
  const minutes = Math.round(ms / MINUTE_MS);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

// Tokens are 20 random bytes in lower-case base32, like session tokens. Anything else in a link
// was mistyped or made up, and is answered without touching the database.
export function isWellFormedToken(value: string): boolean {
  return /^[a-z2-7]{32}$/.test(value);
}
