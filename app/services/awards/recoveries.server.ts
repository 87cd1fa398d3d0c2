import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { RecoveryReason, RecoveryStatus } from "../../../db/schema-parts/recoveries";
import { formatPence } from "../../domain/money";
import {
  RECORDED_CANNOT_WRITE_OFF,
  RECOVERY_REASON_LABELS,
  RECOVERY_REASONS,
  RECOVERY_STATUS_LABELS,
} from "../../domain/recoveries";
import { MAX_ITEM_PENCE } from "../../domain/support-cap";
import { assertStaff } from "../accounts/roles.server";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, forbidden, invalid, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { findWinnerAward } from "./prize-payments.server";
import { assertNoStaffConflict } from "./staff-conflicts.server";

// Recoveries (decision 062): money that must come back to the programme from an award (conditions
// broken, support unspent, other). Staff record it as due; it is then received (with a note of how)
// or written off. Writing money off is a money step taken by two people: whoever recorded the
// recovery cannot write it off (refused here in words, and by the database's check). A resolved
// recovery never changes. Every total of what an award cost counts them (recoveryTotals, and the
// payments and support plan pages).

export const MAX_RECOVERY_TEXT = 5000;

export interface RecoveryTotals {
  duePence: number;
  receivedPence: number;
  writtenOffPence: number;
}

export interface RecoveryView {
  id: number;
  awardId: number;
  entryReference: string;
  organisationName: string;
  prizeName: string;
  reason: RecoveryReason;
  reasonLabel: string;
  description: string;
  amountPence: number;
  status: RecoveryStatus;
  statusLabel: string;
  recordedByName: string | null;
  recordedAt: Date;
  resolvedByName: string | null;
  resolvedAt: Date | null;
  resolutionNote: string | null;
  version: number;
}

function recoveriesQuery(executor: Executor) {
  return executor
    .selectFrom("recovery")
    .innerJoin("award", "award.id", "recovery.award_id")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .leftJoin("app_user as recorder", "recorder.id", "recovery.recorded_by")
    .leftJoin("app_user as resolver", "resolver.id", "recovery.resolved_by")
    .select([
      "recovery.id",
      "recovery.award_id",
      "award.challenge_id",
      "entry.reference",
      "organisation.name as organisation_name",
      "prize_tier.name as prize_name",
      "recovery.reason",
      "recovery.description",
      "recovery.amount_pence",
      "recovery.status",
      "recorder.name as recorded_by_name",
      "recovery.recorded_at",
      "resolver.name as resolved_by_name",
      "recovery.resolved_at",
      "recovery.resolution_note",
      "recovery.version",
    ])
    .orderBy("recovery.recorded_at")
    .orderBy("recovery.id");
}

type RecoveryRow = Awaited<ReturnType<ReturnType<typeof recoveriesQuery>["executeTakeFirstOrThrow"]>>;

function toView(r: RecoveryRow): RecoveryView {
  return {
    id: r.id,
    awardId: r.award_id,
    entryReference: r.reference,
    organisationName: r.organisation_name,
    prizeName: r.prize_name,
    reason: r.reason,
    reasonLabel: RECOVERY_REASON_LABELS[r.reason],
    description: r.description,
    amountPence: r.amount_pence,
    status: r.status,
    statusLabel: RECOVERY_STATUS_LABELS[r.status],
    recordedByName: r.recorded_by_name,
    recordedAt: new Date(r.recorded_at),
    resolvedByName: r.resolved_by_name,
    resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
    resolutionNote: r.resolution_note,
    version: r.version,
  };
}

/** Totals of a list of recoveries by status, in pence. */
export function totalsOf(recoveries: readonly { status: RecoveryStatus; amountPence: number }[]): RecoveryTotals {
  const sum = (status: RecoveryStatus) =>
    recoveries.filter((r) => r.status === status).reduce((total, r) => total + r.amountPence, 0);
  return { duePence: sum("due"), receivedPence: sum("received"), writtenOffPence: sum("written_off") };
}

/**
 * What must come back, has come back and was written off across a challenge's awards, summed by
 * the database: for the board report and every total of what the programme's awards cost.
 */
export async function recoveryTotals(
  executor: Executor,
  { challengeId }: { challengeId: number },
): Promise<RecoveryTotals> {
  const row = await executor
    .selectFrom("recovery")
    .innerJoin("award", "award.id", "recovery.award_id")
    .where("award.challenge_id", "=", challengeId)
    .select([
      sql<string>`coalesce(sum(recovery.amount_pence) filter (where recovery.status = 'due'), 0)::bigint::text`.as(
        "due",
      ),
      sql<string>`coalesce(sum(recovery.amount_pence) filter (where recovery.status = 'received'), 0)::bigint::text`.as(
        "received",
      ),
      sql<string>`coalesce(sum(recovery.amount_pence) filter (where recovery.status = 'written_off'), 0)::bigint::text`.as(
        "written_off",
      ),
    ])
    .executeTakeFirstOrThrow();
  return { duePence: Number(row.due), receivedPence: Number(row.received), writtenOffPence: Number(row.written_off) };
}

/** The recoveries against an award, oldest first, for the staff support plan page. Staff only. */
export async function awardRecoveries(
  actor: Actor,
  awardId: number,
): Promise<{ recoveries: RecoveryView[]; totals: RecoveryTotals }> {
  await assertStaff(db(), actor);
  const recoveries = (await recoveriesQuery(db()).where("recovery.award_id", "=", awardId).execute()).map(toView);
  return { recoveries, totals: totalsOf(recoveries) };
}

/** A challenge's recoveries with their totals, for the payments page. Staff only. */
export async function challengeRecoveries(
  actor: Actor,
  challengeId: number,
): Promise<{ recoveries: RecoveryView[]; totals: RecoveryTotals }> {
  await assertStaff(db(), actor);
  const recoveries = (await recoveriesQuery(db()).where("award.challenge_id", "=", challengeId).execute()).map(toView);
  return { recoveries, totals: totalsOf(recoveries) };
}

/** The page to record a recovery: the challenge and its awards to choose from. Staff only. */
export async function recoveryFormPage(actor: Actor, challengeId: number) {
  await assertStaff(db(), actor);
  const challenge = await db()
    .selectFrom("challenge")
    .select(["id", "title"])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) throw notFound();
  const awards = await db()
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .select(["award.id", "entry.reference", "organisation.name as organisation_name", "prize_tier.name as prize_name"])
    .where("award.challenge_id", "=", challengeId)
    .orderBy("entry.reference")
    .orderBy("prize_tier.position")
    .execute();
  return {
    challenge,
    awards: awards.map((a) => ({
      id: a.id,
      label: `${a.reference} ${a.organisation_name} (${a.prize_name})`,
    })),
  };
}

export interface RecoveryInput {
  reason: RecoveryReason;
  description: string;
  amountPence: number;
}

/**
 * Records money due back from one of the challenge's awards. Staff only, with a recent second
 * factor: it is a money step. Not found when the award is not the challenge's.
 */
export async function recordRecovery(
  actor: Actor,
  challengeId: number,
  awardId: number,
  input: RecoveryInput,
): Promise<{ recoveryId: number }> {
  assertRecentSecondFactor(actor);
  const description = input.description.trim();
  if (!(RECOVERY_REASONS as readonly string[]).includes(input.reason)) throw invalid("Select the reason", "reason");
  if (!description || description.length > MAX_RECOVERY_TEXT)
    throw invalid(`Enter what happened in ${MAX_RECOVERY_TEXT} characters or fewer`, "description");
  if (!Number.isSafeInteger(input.amountPence) || input.amountPence <= 0)
    throw invalid("Enter an amount more than £0", "amount");
  if (input.amountPence > MAX_ITEM_PENCE)
    throw invalid(`The amount must be ${formatPence(MAX_ITEM_PENCE)} or less`, "amount");
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const award = await trx
        .selectFrom("award")
        .innerJoin("entry", "entry.id", "award.entry_id")
        .innerJoin("organisation", "organisation.id", "entry.organisation_id")
        .select(["award.id", "entry.id as entryId", "entry.reference", "organisation.name"])
        .where("award.id", "=", awardId)
        .where("award.challenge_id", "=", challengeId)
        .executeTakeFirst();
      if (!award) throw invalid("Select the award the money is due from", "award");
      await assertNoStaffConflict(trx, actor, [award.entryId], "record this recovery");
      const row = await trx
        .insertInto("recovery")
        .values({
          award_id: awardId,
          reason: input.reason,
          description,
          amount_pence: input.amountPence,
          recorded_by: actor.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: "recovery_recorded",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: awardId,
        ip: actor.ip,
        details: {
          organisation: award.name,
          entry: award.reference,
          recoveryId: row.id,
          reason: RECOVERY_REASON_LABELS[input.reason],
          amount: formatPence(input.amountPence),
          amountPence: input.amountPence,
        },
      });
      return { recoveryId: row.id };
    });
}

/** One of the challenge's recoveries for its page, with whether the person may write it off. Staff only. */
export async function loadRecovery(actor: Actor, challengeId: number, recoveryId: number) {
  await assertStaff(db(), actor);
  const row = await recoveriesQuery(db())
    .select("recovery.recorded_by")
    .where("recovery.id", "=", recoveryId)
    .where("award.challenge_id", "=", challengeId)
    .executeTakeFirst();
  if (!row) throw notFound();
  const challenge = await db()
    .selectFrom("challenge")
    .select(["id", "title"])
    .where("id", "=", challengeId)
    .executeTakeFirstOrThrow();
  return { challenge, recovery: toView(row), mayWriteOff: row.recorded_by !== actor.id };
}

export interface ResolveInput {
  to: "received" | "written_off";
  /** How it was received, or why it is written off. */
  note: string;
  /** The version the person saw. */
  version: number;
}

/**
 * Marks a due recovery received (with a note of how) or written off (with why). Staff only, with a
 * recent second factor; a write-off by the person who recorded the recovery is refused.
 */
export async function resolveRecovery(
  actor: Actor,
  challengeId: number,
  recoveryId: number,
  input: ResolveInput,
): Promise<RecoveryStatus> {
  assertRecentSecondFactor(actor);
  const note = input.note.trim();
  if (input.to !== "received" && input.to !== "written_off") throw invalid("Select what happened", "to");
  if (!note)
    throw invalid(
      input.to === "received" ? "Enter how the money was received" : "Enter why the money is written off",
      "note",
    );
  if (note.length > MAX_RECOVERY_TEXT)
    throw invalid(`The note must be ${MAX_RECOVERY_TEXT} characters or fewer`, "note");
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const recovery = await trx
        .selectFrom("recovery")
        .innerJoin("award", "award.id", "recovery.award_id")
        .select([
          "recovery.id",
          "recovery.award_id",
          "award.entry_id",
          "recovery.status",
          "recovery.version",
          "recovery.recorded_by",
          "recovery.amount_pence",
        ])
        .where("recovery.id", "=", recoveryId)
        .where("award.challenge_id", "=", challengeId)
        .forUpdate()
        .executeTakeFirst();
      if (!recovery) throw notFound();
      await assertNoStaffConflict(trx, actor, [recovery.entry_id], "change this recovery");
      if (recovery.status !== "due") throw conflict("This recovery has already been resolved", "form");
      if (recovery.version !== input.version)
        throw conflict(
          "Someone else changed this recovery while you were looking at it. Check it and try again",
          "form",
        );
      if (input.to === "written_off" && recovery.recorded_by === actor.id)
        throw forbidden(RECORDED_CANNOT_WRITE_OFF, "to");
      await trx
        .updateTable("recovery")
        .set({
          status: input.to,
          resolved_by: actor.id,
          resolved_at: sql`now()`,
          resolution_note: note,
          version: recovery.version + 1,
        })
        .where("id", "=", recoveryId)
        .execute();
      await recordAudit(trx, {
        action: input.to === "received" ? "recovery_received" : "recovery_written_off",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: recovery.award_id,
        ip: actor.ip,
        details: {
          recoveryId,
          amount: formatPence(recovery.amount_pence),
          amountPence: recovery.amount_pence,
          note,
        },
      });
      return input.to;
    });
}

/**
 * The recoveries against the winner's entry's awards (either award of the entry leads to them),
 * for their award page; not found when the award is not theirs to see.
 */
export async function winnerRecoveries(
  actor: Actor,
  awardId: number,
): Promise<{ recoveries: RecoveryView[]; totals: RecoveryTotals }> {
  const award = await findWinnerAward(db(), actor, awardId);
  const recoveries = (await recoveriesQuery(db()).where("entry.id", "=", award.entryId).execute()).map(toView);
  return { recoveries, totals: totalsOf(recoveries) };
}
