import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB } from "../client";
import type { Database } from "../schema";

// For the demo data and the tests (through the test hooks, TEST_HOOKS=on only): clears an award for
// payment the way the database's payment gate accepts (2026120801_payment_gate_and_attachments):
// its due-diligence checks done by one member of staff and signed off by another, and a grant
// agreement accepted by the organisation's signatory. Written directly, so a journey or a test
// about something else can start where the checks and the agreement leave off.

export interface ClearForPayment {
  awardId: number;
  /** The member of staff who did the checks, and a different one who signed them off. */
  checkedBy: number;
  signedOffBy: number;
  /** The organisation's member who accepted the agreement, with the name and role they gave. */
  signatory: { userId: number; name: string; role: string };
  at?: Date;
  /**
   * The agreement's text, issued as a new accepted version; by default the award's latest version
   * is accepted as issued, or a short standard text issued when it has none.
   */
  body?: string;
}

export const STANDARD_TERMS =
  "The organisation will use the prize for the idea it entered, tell the programme team of any change, and report on its progress when asked.";

export async function clearAwardForPayment(
  executor: DB | Transaction<Database>,
  input: ClearForPayment,
): Promise<void> {
  const at = input.at ?? new Date();
  const body = input.body ?? STANDARD_TERMS;
  await executor
    .insertInto("due_diligence")
    .values({
      award_id: input.awardId,
      checks_completed_by: input.checkedBy,
      checks_completed_at: at,
      signed_off_by: input.signedOffBy,
      signed_off_at: at,
    })
    .onConflict((oc) =>
      oc.column("award_id").doUpdateSet({
        checks_completed_by: input.checkedBy,
        checks_completed_at: at,
        signed_off_by: input.signedOffBy,
        signed_off_at: at,
      }),
    )
    .execute();
  const latest = await executor
    .selectFrom("grant_agreement")
    .select(["version", "accepted_at"])
    .where("award_id", "=", input.awardId)
    .orderBy("version", "desc")
    .executeTakeFirst();
  if (latest?.accepted_at) return;
  const signed = {
    accepted_at: at,
    accepted_by: input.signatory.userId,
    signatory_name: input.signatory.name,
    signatory_role: input.signatory.role,
  };
  // An agreement already issued (publishing the results issues version 1) is the one accepted.
  if (latest && input.body === undefined) {
    await executor
      .updateTable("grant_agreement")
      .set(signed)
      .where("award_id", "=", input.awardId)
      .where("version", "=", latest.version)
      .execute();
    return;
  }
  await executor
    .insertInto("grant_agreement")
    .values({
      award_id: input.awardId,
      version: (latest?.version ?? 0) + 1,
      body,
      body_sha256: createHash("sha256").update(body, "utf8").digest("hex"),
      issued_by: input.checkedBy,
      issued_at: at,
      ...signed,
    })
    .execute();
}
