import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { expect, type Page } from "@playwright/test";

// What an authenticator app does, for journeys: the 6-digit code for a key (base32, as the test
// hook returns it or the set-up page shows it, spaces allowed). A code is accepted once: a journey
// that signs in again within the same 30 seconds uses the next step's code (`steps: 1`), which the
// service also accepts (a phone clock a little ahead).
export function totpCode(keyBase32: string, { steps = 0, now = Date.now() }: { steps?: number; now?: number } = {}) {
  const key = decodeBase32IgnorePadding(keyBase32.replace(/\s/g, "").toUpperCase());
  return generateHOTP(key, BigInt(Math.floor(now / 30_000) + steps), 6);
}

/** On the second step of signing in: enters the code of the user's authenticator app. */
export async function enterSecondStepCode(page: Page, keyBase32: string, options: { steps?: number } = {}) {
  await expect(page.getByRole("heading", { level: 1, name: "Enter a code to finish signing in" })).toBeVisible();
  await page.getByLabel("Code from your authenticator app").fill(totpCode(keyBase32, options));
  await page.getByRole("button", { name: "Continue" }).click();
  // Wait for the answer: it carries the session's new cookie, and leaving early would lose it.
  await expect(page).not.toHaveURL(/\/sign-in\/second-step/);
}
