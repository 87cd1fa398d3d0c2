import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Actor } from "../actor.server";
import { conflict, forbidden, invalid, notFound } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";
import { recordAudit } from "../platform/audit.server";

// Staff conflicts of interest (decision 050). A member of staff has a conflict with an entry when
// they judge it, belong to its organisation, declared one for it (staff_conflict, from the staff
// entry page), or recorded one with its organisation as a judge of its challenge (judge_conflict).
// Whoever has one cannot approve an award list or publish results that include the entry, nor
// change its prize payment: another member of staff must. The services call
// assertNoStaffConflict inside the change's transaction; the database refuses the same changes
// (staff_has_conflict and its triggers, migration 2026120607), so a new route cannot skip it.
// After the award the same person takes no part in its due-diligence checks, its grant
// agreement, its monitoring reviews, its support requests or its recoveries (decision 059): those
// services ask the same question, in their transaction, and the person may still see the pages.

export type StaffConflictSource = "judged" | "member" | "declared" | "judge_declared";

export interface StaffConflict {
  entryId: number;
  reference: string;
  /** Every reason that applies, in the order of StaffConflictSource. */
  sources: StaffConflictSource[];
  /** The reasons in words, for "(...)" after the reference: "you judged it". */
  because: string;
}

const SOURCE_WORDS: Record<StaffConflictSource, string> = {
  judged: "you judged it",
  member: "you belong to its organisation",
  declared: "you declared it",
  judge_declared: "you recorded it as a judge",
};
const ORDER: StaffConflictSource[] = ["judged", "member", "declared", "judge_declared"];

/** What the person was trying to do, for the refusal: "approve this award list". */
export type ConflictedAction =
  | "approve this award list"
  | "publish these results"
  | "change this payment"
  | "issue this grant agreement"
  | "record this check"
  | "complete these checks"
  | "sign off these checks"
  | "review this report"
  | "decide this support request"
  | "record this recovery"
  | "change this recovery";

/** The sentence pages show against an entry the person has a conflict with. */
export function conflictWarning(conflict: Pick<StaffConflict, "because">): string {
  return `You have a conflict of interest with this entry (${conflict.because})`;
}

/**
 * Which of these entries the person has a conflict of interest with, and why, by reference. The
 * same four questions as staff_has_conflict in the database, asked of all the entries at once.
 */
export async function staffConflictsFor(
  executor: Executor,
  actor: Actor,
  entryIds: readonly number[],
): Promise<StaffConflict[]> {
  const ids = [...new Set(entryIds)];
  if (!ids.length) return [];
  const rows = await executor
    .selectFrom("entry")
    .select(["entry.id", "entry.reference"])
    .select((eb) => [
      eb
        .exists(
          eb
            .selectFrom("assignment")
            .select(sql`1`.as("one"))
            .whereRef("assignment.entry_id", "=", "entry.id")
            .where("assignment.judge_user_id", "=", actor.id)
            .where((w) =>
              w.or([
                w("assignment.removed_at", "is", null),
                w.exists(
                  w
                    .selectFrom("review")
                    .select(sql`1`.as("one"))
                    .whereRef("review.assignment_id", "=", "assignment.id"),
                ),
              ]),
            ),
        )
        .as("judged"),
      eb
        .exists(
          eb
            .selectFrom("organisation_member")
            .select(sql`1`.as("one"))
            .whereRef("organisation_member.organisation_id", "=", "entry.organisation_id")
            .where("organisation_member.user_id", "=", actor.id),
        )
        .as("member"),
      eb
        .exists(
          eb
            .selectFrom("staff_conflict")
            .select(sql`1`.as("one"))
            .whereRef("staff_conflict.entry_id", "=", "entry.id")
            .where("staff_conflict.user_id", "=", actor.id),
        )
        .as("declared"),
      eb
        .exists(
          eb
            .selectFrom("judge_conflict")
            .select(sql`1`.as("one"))
            .whereRef("judge_conflict.challenge_id", "=", "entry.challenge_id")
            .whereRef("judge_conflict.organisation_id", "=", "entry.organisation_id")
            .where("judge_conflict.judge_user_id", "=", actor.id),
        )
        .as("judge_declared"),
    ])
    .where("entry.id", "in", ids)
    .orderBy("entry.reference")
    .execute();
  return rows.flatMap((row) => {
    const sources = ORDER.filter((source) => Boolean(row[source]));
    if (!sources.length) return [];
    return [
      {
        entryId: row.id,
        reference: row.reference,
        sources,
        because: sources.map((s) => SOURCE_WORDS[s]).join(" and "),
      },
    ];
  });
}

/** The refusal in words: "You cannot approve this award list: you have a conflict of interest with CRI-0042 (you judged it)". */
export function conflictRefusal(doing: ConflictedAction, conflicts: readonly StaffConflict[]): string {
  const listed = conflicts.map((c) => `${c.reference} (${c.because})`);
  const joined = listed.length > 1 ? `${listed.slice(0, -1).join(", ")} and ${listed.at(-1)}` : listed[0];
  return `You cannot ${doing}: you have a conflict of interest with ${joined}. Another member of staff must do it`;
}

/** Throws forbidden, naming the entries and why, when the person has a conflict with any of them. */
export async function assertNoStaffConflict(
  executor: Executor,
  actor: Actor,
  entryIds: readonly number[],
  doing: ConflictedAction,
): Promise<void> {
  const conflicts = await staffConflictsFor(executor, actor, entryIds);
  if (conflicts.length) throw forbidden(conflictRefusal(doing, conflicts), "form");
}

/** The entries of a challenge's award list (every entry holding an award). */
export async function awardedEntryIds(executor: Executor, challengeId: number): Promise<number[]> {
  const rows = await executor
    .selectFrom("award")
    .select("entry_id")
    .distinct()
    .where("challenge_id", "=", challengeId)
    .execute();
  return rows.map((r) => r.entry_id);
}

/** The entry a prize payment is for (none when the payment does not exist: the change says not found). */
export async function paymentEntryIds(executor: Executor, paymentId: number): Promise<number[]> {
  const rows = await executor
    .selectFrom("prize_payment")
    .innerJoin("award", "award.id", "prize_payment.award_id")
    .select("award.entry_id")
    .where("prize_payment.id", "=", paymentId)
    .execute();
  return rows.map((r) => r.entry_id);
}

/**
 * For the payments pages: the person's conflict with each payment's entry, by payment id (only
 * the payments with one), each with the sentence to show.
 */
export async function paymentConflicts(actor: Actor, paymentIds: readonly number[]) {
  const executor = db();
  await assertStaff(executor, actor);
  if (!paymentIds.length) return {};
  const payments = await executor
    .selectFrom("prize_payment")
    .innerJoin("award", "award.id", "prize_payment.award_id")
    .select(["prize_payment.id", "award.entry_id"])
    .where("prize_payment.id", "in", [...paymentIds])
    .execute();
  const conflicts = new Map(
    (
      await staffConflictsFor(
        executor,
        actor,
        payments.map((p) => p.entry_id),
      )
    ).map((c) => [c.entryId, c]),
  );
  const byPayment: Record<number, { reference: string; warning: string }> = {};
  for (const payment of payments) {
    const found = conflicts.get(payment.entry_id);
    if (found) byPayment[payment.id] = { reference: found.reference, warning: conflictWarning(found) };
  }
  return byPayment;
}

// ---------------------------------------------------------------------------------------------
// Declaring a conflict from the staff entry page.

export const MAX_STAFF_CONFLICT_REASON = 2000;

/**
 * The person's conflict with one entry, for the staff entry page and its declaration page: the
 * warning to show (any source), and their own declaration if they made one.
 */
export async function staffConflictPage(actor: Actor, reference: string) {
  const executor = db();
  await assertStaff(executor, actor);
  const entry = await executor
    .selectFrom("entry")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .select(["entry.id", "entry.reference", "entry.title", "organisation.name as organisationName"])
    .where("entry.reference", "=", reference)
    .executeTakeFirst();
  if (!entry) throw notFound();
  const [found] = await staffConflictsFor(executor, actor, [entry.id]);
  const declaration = await executor
    .selectFrom("staff_conflict")
    .select(["reason", "declared_at"])
    .where("user_id", "=", actor.id)
    .where("entry_id", "=", entry.id)
    .executeTakeFirst();
  return {
    entry,
    warning: found ? conflictWarning(found) : null,
    declared: declaration ? { reason: declaration.reason, declaredAt: declaration.declared_at } : null,
  };
}

async function staffEntry(executor: Executor, reference: string) {
  const entry = await executor
    .selectFrom("entry")
    .select(["id", "reference"])
    .where("reference", "=", reference)
    .executeTakeFirst();
  if (!entry) throw notFound();
  return entry;
}

/** A member of staff declares a conflict of interest with an entry, with their reason. */
export async function declareStaffConflict(
  actor: Actor,
  input: { reference: string; reason: string },
  now = new Date(),
): Promise<void> {
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const entry = await staffEntry(trx, input.reference);
      const reason = input.reason.trim();
      if (!reason) throw invalid("Enter why you have a conflict of interest with this entry", "reason");
      if (reason.length > MAX_STAFF_CONFLICT_REASON)
        throw invalid(`The reason must be ${MAX_STAFF_CONFLICT_REASON} characters or fewer`, "reason");
      const inserted = await trx
        .insertInto("staff_conflict")
        .values({ user_id: actor.id, entry_id: entry.id, reason, declared_at: now })
        .onConflict((oc) => oc.columns(["user_id", "entry_id"]).doNothing())
        .returning("entry_id")
        .executeTakeFirst();
      if (!inserted) throw conflict("You have already declared a conflict of interest with this entry", "form");
      await recordAudit(trx, {
        action: "staff_conflict_declared",
        actorUserId: actor.id,
        subjectType: "entry",
        subjectId: entry.id,
        ip: actor.ip,
        details: { reference: entry.reference, reason },
      });
    });
}

/**
 * Withdraws the person's own declaration (declared by mistake, say). Conflicts from judging or
 * membership stay: they come from the facts, not from a declaration.
 */
export async function withdrawStaffConflict(actor: Actor, input: { reference: string }): Promise<void> {
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const entry = await staffEntry(trx, input.reference);
      const removed = await trx
        .deleteFrom("staff_conflict")
        .where("user_id", "=", actor.id)
        .where("entry_id", "=", entry.id)
        .returning("reason")
        .executeTakeFirst();
      if (!removed) throw conflict("You have not declared a conflict of interest with this entry", "form");
      await recordAudit(trx, {
        action: "staff_conflict_withdrawn",
        actorUserId: actor.id,
        subjectType: "entry",
        subjectId: entry.id,
        ip: actor.ip,
        details: { reference: entry.reference, reason: removed.reason },
      });
    });
}
