import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema";

// Erasing a person's account: their name and email address replaced by a pseudonym, and every
// session they had ended. This is the least the retention job needs; the full erasure (every
// table holding personal data, the audit trail pointing at the pseudonym) replaces it.

export interface PseudonymiseOptions {
  /** Why: the person (or staff for them) asked, or the retention schedule says their time is up. */
  reason: "request" | "retention";
  /** Who did it; null for the retention job. */
  actorId: number | null;
}

/**
 * Replaces the account's name and email with a pseudonym (`erased-<id>@erased.invalid`, a domain
 * that can never receive mail) and deletes its sessions, inside the caller's transaction.
 * Running it twice changes nothing more.
 */
export async function pseudonymiseAccount(
  trx: Transaction<Database>,
  userId: number,
  options: PseudonymiseOptions,
): Promise<void> {
  void options;
  await trx
    .updateTable("app_user")
    .set({ name: `Erased person ${userId}`, email: `erased-${userId}@erased.invalid`, password_hash: null })
    .where("id", "=", userId)
    .execute();
  await trx.deleteFrom("session").where("user_id", "=", userId).execute();
}
