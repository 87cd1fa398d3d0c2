// Pure rules for the second factor: authenticator codes (TOTP, RFC 6238, as every authenticator
// app expects: 30-second steps, 6 digits, SHA-1) and recovery codes. The secrets and the database
// work are in app/services/accounts/second-factor.server.ts.

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** How many recovery codes a person gets at a time. */
export const RECOVERY_CODE_COUNT = 10;

/** The 30-second step a moment falls in (what the authenticator app counts). */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The steps a code typed now may belong to: the current one and one either side, so a phone clock
 * a little out, or a code typed as it changes, still works. Steps at or before the last one used
 * are left out, so a code seen over someone's shoulder cannot be used again in its window.
 */
export function acceptableSteps(now: Date, lastUsedStep: number | null): number[] {
  const current = totpStep(now);
  return [current, current - 1, current + 1].filter((step) => lastUsedStep === null || step > lastUsedStep);
}

/** A typed authenticator code without spaces or dashes, or null when it is not 6 digits. */
export function normaliseTotpCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "");
  return /^[0-9]{6}$/.test(code) ? code : null;
}

/** A typed recovery code as stored ("abcde-fghij", lower case), or null when it cannot be one. */
export function normaliseRecoveryCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toLowerCase();
  return /^[a-z2-7]{10}$/.test(code) ? `${code.slice(0, 5)}-${code.slice(5)}` : null;
}

/** The key in base32 in groups of 4, for people who type it into their app instead of scanning. */
export function groupKey(base32: string): string {
  return (base32.match(/.{1,4}/g) ?? []).join(" ");
}
