import { createSession, hashToken } from "../../app/auth/session.server";
import { db } from "../../db/client";

// Staff, judges and council officers reach no signed-in page until their session has given a
// second factor. Tests that call a route's loader or action as such a person open their session
// here: the person gets a confirmed authenticator (if they have none) and the session has just
// given it (or `ageMinutes` ago, to see sensitive actions ask for a fresh one).

/** A 20-byte authenticator key the tests know; never a real one. */
export const TEST_TOTP_KEY = new Uint8Array(20).fill(7);

export async function createSessionWithSecondFactor(
  userId: number,
  { ageMinutes = 0, now = new Date() }: { ageMinutes?: number; now?: Date } = {},
): Promise<{ token: string; expiresAt: Date }> {
  await db()
    .insertInto("totp_credential")
    .values({ user_id: userId, key: TEST_TOTP_KEY, confirmed_at: now })
    .onConflict((oc) => oc.column("user_id").doNothing())
    .execute();
  const session = await createSession(userId);
  await db()
    .updateTable("session")
    .set({ second_factor_at: new Date(now.getTime() - ageMinutes * 60_000) })
    .where("id", "=", hashToken(session.token))
    .execute();
  return session;
}
