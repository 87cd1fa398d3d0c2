import { hash, verify } from "@node-rs/argon2";
import { MAX_PASSWORD_LENGTH } from "../domain/password-policy";

// Passwords are hashed with argon2id (the library's default algorithm) at OWASP's recommended
// minimum cost: 19 MiB of memory, 2 passes, 1 lane. About 30-60 ms on this kind of machine, which
// is slow for an attacker with a stolen table and quick enough for a person signing in.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// The same characters typed on different devices can arrive as different code points ("é" as one
// character or as "e" and an accent); NFKC makes them one password, as NIST SP 800-63B advises.
function normalise(password: string): string {
  return password.normalize("NFKC");
}

export async function hashPassword(password: string): Promise<string> {
  // Callers validate first; this is the last line of defence against hashing an enormous string.
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error("Refusing to hash an over-long password");
  return hash(normalise(password), OPTIONS);
}

/** True when `password` matches `passwordHash`. False, never an error, for anything malformed. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  if (!passwordHash) {
    await burnTime(password);
    return false;
  }
  try {
    return await verify(passwordHash, normalise(password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends as long as checking a real password would. Used when there is no account (or no
 * password) to check against, so that how long an answer takes does not tell anyone whether an
 * email address has an account.
 */
export async function burnTime(password: string): Promise<void> {
  dummyHash ??= hash("not anyone's password: used only to take the same time", OPTIONS);
  try {
    await verify(await dummyHash, normalise(password.slice(0, MAX_PASSWORD_LENGTH)));
  } catch {
    // Nothing to report: the point was the time spent.
  }
}
