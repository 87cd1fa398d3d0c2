import { z } from "zod";
import { COMMON_PASSWORDS } from "./common-passwords";

// The password rules, after the NCSC's password guidance and NIST SP 800-63B: length rather than
// complexity, no composition rules (no "one capital, one digit, one symbol", which push people to
// "Password1!"), no forced expiry, and a block-list of the passwords attackers try first.
//
// Why 12 characters at least: the NCSC's "three random words" gives 12 or more in practice
// ("lamp river toast"), and 12 leaves an offline guesser facing an argon2id hash with no shortcut
// once the common and predictable choices are refused. Online guessing is held back separately by
// the rate limits. 256 at most: long enough for any passphrase or password manager, short enough
// that nobody can make the server hash 100 KB.

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem =
  | "missing"
  | "too_short"
  | "too_long"
  | "contains_email"
  | "contains_name"
  | "contains_service_name"
  | "common"
  | "predictable";

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  missing: "Enter a password",
  too_short: `Password must be ${MIN_PASSWORD_LENGTH} characters or more`,
  too_long: `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`,
  contains_email: "Password must not include your email address",
  contains_name: "Password must not include your name",
  contains_service_name: "Password must not include the name of this service",
  common: "Enter a password that is harder to guess – this one is among the most commonly used passwords",
  predictable: "Enter a password that is harder to guess – avoid repeated characters and sequences like 123456",
};

export const PASSWORD_HINT = `Use at least ${MIN_PASSWORD_LENGTH} characters. A good way to make a strong password you can remember is to put 3 random words together. Do not use a password you use for another account.`;

/** Who the password belongs to, so that it can't be their own email address or name. */
export interface PasswordOwner {
  email?: string | null;
  name?: string | null;
}

// The service's name run together, in the pieces someone might build a password from.
const SERVICE_NAME_PARTS = ["communityrecovery", "recoveryinnovation", "innovationchallenge", "recoverychallenge"];

// Runs of keys or characters people type instead of choosing a password.
const SEQUENCES = [
  "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
  "01234567890123456789012345678901234567890123456789",
  "qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm",
  "1234567890qwertyuiopasdfghjklzxcvbnm",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
  "qazwsxedcrfvtgbyhnujmikolp",
  "zaq12wsxcde34rfvbgt56yhnmju78ik,.lo90p;/-",
];

// Look-alike swaps: "p@55w0rd" is still "password".
const LOOK_ALIKES: Record<string, string> = {
  "0": "o",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "!": "i",
  "8": "b",
};

/** Letters and digits only, lower case: how names, emails and passwords are compared. */
function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

function isRepetition(text: string): boolean {
  const n = text.length;
  for (let unit = 1; unit <= n / 2; unit++) {
    if (n % unit === 0 && text.slice(0, unit).repeat(n / unit) === text) return true;
  }
  return false;
}

function isPredictable(lower: string): boolean {
  if (new Set(lower).size < 4) return true;
  if (isRepetition(lower)) return true;
  const reversed = [...lower].reverse().join("");
  return SEQUENCES.some((s) => s.includes(lower) || s.includes(reversed));
}

function withoutLookAlikes(text: string, one: "i" | "l"): string {
  return [...text].map((c) => (c === "1" ? one : (LOOK_ALIKES[c] ?? c))).join("");
}

/**
 * True for a common password, also with digits or symbols added at either end ("Password123!")
 * or look-alike characters swapped in ("p@55w0rd"), whatever the case.
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  const trimmed = lower.trim();
  if (COMMON_PASSWORDS.has(trimmed)) return true;
  // The word without what was tacked on around it; a very short remainder ("ab" in "ab1234567890")
  // is no longer the common password, just a coincidence.
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  if (core.length < 4) return false;
  const candidates = [core, withoutLookAlikes(core, "i"), withoutLookAlikes(core, "l")];
  return candidates.some((c) => COMMON_PASSWORDS.has(c) || COMMON_PASSWORDS.has(c.replace(/\s+/g, "")));
}

/** The first rule a proposed new password breaks, or null when it is acceptable. */
export function passwordProblem(password: string, owner: PasswordOwner = {}): PasswordProblem | null {
  if (password.length === 0) return "missing";
  // Length first: nothing below should ever run over an enormous string.
  if (password.length > MAX_PASSWORD_LENGTH) return "too_long";
  if ([...password].length < MIN_PASSWORD_LENGTH) return "too_short";
  const squashed = squash(password);
  const localPart = squash((owner.email ?? "").split("@")[0]!.split("+")[0]!);
  if (localPart.length >= 4 && squashed.includes(localPart)) return "contains_email";
  if (SERVICE_NAME_PARTS.some((part) => squashed.includes(part))) return "contains_service_name";
  const name = squash(owner.name ?? "");
  if (name.length >= 4 && squashed.includes(name)) return "contains_name";
  if (isCommonPassword(password)) return "common";
  if (isPredictable(password.toLowerCase())) return "predictable";
  return null;
}

/** The GOV.UK-style message for the first rule broken, or null. */
export function passwordError(password: string, owner: PasswordOwner = {}): string | null {
  const problem = passwordProblem(password, owner);
  return problem ? PASSWORD_MESSAGES[problem] : null;
}

/**
 * A new-password field for a zod form schema: present and within the maximum length. The other
 * rules need to know whose password it is, so forms apply `passwordError` in a refinement and
 * services check again before hashing.
 */
export function newPasswordField(missing = PASSWORD_MESSAGES.missing) {
  return z.string({ error: missing }).min(1, missing).max(MAX_PASSWORD_LENGTH, PASSWORD_MESSAGES.too_long);
}

/**
 * A password typed to prove who someone is (signing in, confirming a change). Never checked
 * against the rules (old passwords must keep working), but capped, so an attacker can't make the
 * server hash 100 KB: anything longer can't be anyone's password anyway.
 */
export function currentPasswordField(missing = "Enter your password", wrong = "Enter a correct password") {
  return z.string({ error: missing }).min(1, missing).max(MAX_PASSWORD_LENGTH, wrong);
}
