import type { Transaction } from "kysely";
import type { Database, TokenPurpose } from "../../../db/schema";
import { generateSessionToken, hashToken } from "../../auth/session.server";
import { tokenExpiresAt } from "../../domain/tokens";

// The links emailed to a person (confirm an address, reset a password, change an address): one
// way to issue them. Only the token's hash is stored; the token itself goes in the email.

export interface IssuedToken {
  /** The token for the link: never stored. */
  token: string;
  /** Its hash, the row's id (and a stable idempotency key for the email). */
  id: string;
}

/**
 * Issues a single-use link for `purpose`, in the caller's transaction. With `onlyNewest`, the
 * person's earlier unused links for the same purpose stop working (an older one, perhaps in a
 * forwarded or compromised mailbox, says it has expired).
 */
export async function issueOneTimeToken(
  trx: Transaction<Database>,
  input: { purpose: TokenPurpose; userId: number; now: Date; onlyNewest?: boolean; newEmail?: string },
): Promise<IssuedToken> {
  if (input.onlyNewest) {
    await trx
      .updateTable("one_time_token")
      .set({ expires_at: input.now })
      .where("user_id", "=", input.userId)
      .where("purpose", "=", input.purpose)
      .where("used_at", "is", null)
      .where("expires_at", ">", input.now)
      .execute();
  }
  const token = generateSessionToken();
  const id = hashToken(token);
  await trx
    .insertInto("one_time_token")
    .values({
      id,
      purpose: input.purpose,
      user_id: input.userId,
      new_email: input.newEmail ?? null,
      expires_at: tokenExpiresAt(input.purpose, input.now),
      created_at: input.now,
    })
    .execute();
  return { token, id };
}
