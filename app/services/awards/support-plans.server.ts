import { sql, type Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database, MilestoneStatus, SupportKind } from "../../../db/schema";
import { formatPence } from "../../domain/money";
import { countMilestones, milestoneState, type MilestoneCounts, type MilestoneState } from "../../domain/milestones";
import {
  capPosition,
  checkSupportCap,
  MAX_ITEM_PENCE,
  SUPPORT_KIND_LABELS,
  type CapPosition,
} from "../../domain/support-cap";
import { assertStaff } from "../accounts/roles.server";
import type { Actor } from "../actor.server";
import { conflict, invalid, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { completedAwardRefusal } from "./monitoring.server";
import { lateReportCounts } from "./monitoring.server";

// The support plans of the winners whose award carries a support cap (the top 3): the ledger of
// coaching, investment or grant payments and in-kind support against the cap, milestones, and
// the notes coaches and staff add. Staff only; the winner's own read-only view and progress
// updates are in awards/progress-updates.server.ts.
//
// The cap is kept in the database transaction, not only on the page: adding an item locks the
// award's row (SELECT ... FOR UPDATE), totals the ledger, applies the rule and inserts, so two
// people adding at the same moment are judged one after the other against the true total.

export const MAX_DESCRIPTION = 2000;
export const MAX_REASON = 2000;
export const MAX_COACH_NAME = 200;
export const MAX_NOTE = 20000;
export const MAX_MILESTONE_TITLE = 200;

export interface SupportAward {
  awardId: number;
  challengeId: number;
  challengeTitle: string;
  prizeName: string;
  entryId: number;
  entryReference: string;
  entryTitle: string;
  organisationId: number;
  organisationName: string;
  capPence: number;
}

/** The awards with a support cap, with the columns toSupportAward reads. */
function supportAwards(executor: Executor) {
  return executor
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .select([
      "award.id as award_id",
      "award.challenge_id",
      "challenge.title as challenge_title",
      "prize_tier.name as prize_name",
      "entry.id as entry_id",
      "entry.reference",
      "entry.title as entry_title",
      "organisation.id as organisation_id",
      "organisation.name as organisation_name",
      "award.support_cap_pence",
    ])
    .where("award.support_cap_pence", ">", 0);
}

type SupportAwardRow = Awaited<ReturnType<ReturnType<typeof supportAwards>["executeTakeFirstOrThrow"]>>;

function toSupportAward(row: SupportAwardRow): SupportAward {
  return {
    awardId: row.award_id,
    challengeId: row.challenge_id,
    challengeTitle: row.challenge_title,
    prizeName: row.prize_name,
    entryId: row.entry_id,
    entryReference: row.reference,
    entryTitle: row.entry_title,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    capPence: row.support_cap_pence,
  };
}

/** The award with a support cap, with what names it; null when there is none by that id. */
export async function findSupportAward(executor: Executor, awardId: number): Promise<SupportAward | null> {
  const row = await supportAwards(executor).where("award.id", "=", awardId).executeTakeFirst();
  return row ? toSupportAward(row) : null;
}

/** The ledger's total in pence, summed by the database. */
export async function ledgerTotal(executor: Executor, awardId: number): Promise<number> {
  const row = await ledgerTotalQuery(executor, awardId).executeTakeFirstOrThrow();
  return Number(row.total);
}

/** The query behind ledgerTotal (exported for its SQL snapshot, tests/sql). */
export function ledgerTotalQuery(executor: Executor, awardId: number) {
  return executor
    .selectFrom("support_item")
    .select(sql<string | number>`coalesce(sum(amount_pence), 0)`.as("total"))
    .where("award_id", "=", awardId);
}

export interface SupportItemView {
  id: number;
  kind: SupportKind;
  kindLabel: string;
  happenedOn: string;
  description: string;
  coachName: string | null;
  hours: string | null;
  amountPence: number;
  overrideReason: string | null;
  overrideByName: string | null;
  recordedByName: string | null;
  recordedAt: Date;
}

export interface MilestoneView {
  id: number;
  title: string;
  dueOn: string;
  status: MilestoneStatus;
  completedOn: string | null;
  state: MilestoneState;
}

export interface NoteView {
  id: number;
  kind: "update" | "note";
  body: string;
  authorName: string | null;
  createdAt: Date;
}

export interface SupportPlan {
  award: SupportAward;
  position: CapPosition;
  items: SupportItemView[];
  milestones: MilestoneView[];
  milestoneCounts: MilestoneCounts;
  notes: NoteView[];
}

async function ledger(executor: Executor, awardId: number): Promise<SupportItemView[]> {
  const rows = await ledgerQuery(executor, awardId).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    kindLabel: SUPPORT_KIND_LABELS[r.kind],
    happenedOn: r.happened_on,
    description: r.description,
    coachName: r.coach_name,
    hours: r.hours === null ? null : String(Number(r.hours)),
    amountPence: r.amount_pence,
    overrideReason: r.override_reason,
    overrideByName: r.override_by_name,
    recordedByName: r.recorded_by_name,
    recordedAt: new Date(r.recorded_at),
  }));
}

/** The query behind ledger (exported for its SQL snapshot, tests/sql). */
export function ledgerQuery(executor: Executor, awardId: number) {
  return executor
    .selectFrom("support_item")
    .leftJoin("app_user as overrider", "overrider.id", "support_item.override_by")
    .leftJoin("app_user as recorder", "recorder.id", "support_item.recorded_by")
    .select([
      "support_item.id",
      "support_item.kind",
      sql<string>`to_char(support_item.happened_on, 'YYYY-MM-DD')`.as("happened_on"),
      "support_item.description",
      "support_item.coach_name",
      sql<string | null>`support_item.hours::text`.as("hours"),
      "support_item.amount_pence",
      "support_item.override_reason",
      "overrider.name as override_by_name",
      "recorder.name as recorded_by_name",
      "support_item.recorded_at",
    ])
    .where("support_item.award_id", "=", awardId)
    .orderBy("support_item.happened_on")
    .orderBy("support_item.id");
}

export async function milestonesOf(executor: Executor, awardIds: number[], today: string) {
  if (awardIds.length === 0) return [] as (MilestoneView & { awardId: number })[];
  const rows = await executor
    .selectFrom("milestone")
    .select([
      "id",
      "award_id",
      "title",
      sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as("due_on"),
      "status",
      sql<string | null>`to_char(completed_on, 'YYYY-MM-DD')`.as("completed_on"),
    ])
    .where("award_id", "in", awardIds)
    .orderBy("due_on")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    awardId: r.award_id,
    title: r.title,
    dueOn: r.due_on,
    status: r.status,
    completedOn: r.completed_on,
    state: milestoneState({ status: r.status, dueOn: r.due_on }, today),
  }));
}

export async function notesOf(executor: Executor, awardId: number, kinds: ("update" | "note")[]): Promise<NoteView[]> {
  const rows = await executor
    .selectFrom("progress_update")
    .leftJoin("app_user", "app_user.id", "progress_update.author_user_id")
    .select([
      "progress_update.id",
      "progress_update.kind",
      "progress_update.body",
      "app_user.name as author_name",
      "progress_update.created_at",
    ])
    .where("progress_update.award_id", "=", awardId)
    .where("progress_update.kind", "in", kinds)
    .orderBy("progress_update.created_at", "desc")
    .orderBy("progress_update.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    body: r.body,
    authorName: r.author_name,
    createdAt: new Date(r.created_at),
  }));
}

/** One winner's plan in full. Staff only; not found when the award has no support cap or does not exist. */
export async function loadSupportPlan(actor: Actor, awardId: number, today: string): Promise<SupportPlan> {
  await assertStaff(db(), actor);
  const award = await findSupportAward(db(), awardId);
  if (!award) throw notFound();
  const [items, milestones, notes] = await Promise.all([
    ledger(db(), awardId),
    milestonesOf(db(), [awardId], today),
    notesOf(db(), awardId, ["update", "note"]),
  ]);
  const spent = await ledgerTotal(db(), awardId);
  return {
    award,
    position: capPosition(award.capPence, spent),
    items,
    milestones,
    milestoneCounts: countMilestones(milestones, today),
    notes,
  };
}

export interface SupportPlanRow {
  award: SupportAward;
  position: CapPosition;
  milestoneCounts: MilestoneCounts;
  /** Monitoring reports past their due date and not sent. */
  lateReports: number;
}

/** Every award with a support cap, newest challenge first, with its totals. Staff only. */
export async function listSupportPlans(actor: Actor, today: string): Promise<SupportPlanRow[]> {
  await assertStaff(db(), actor);
  const rows = await supportAwards(db())
    .select((eb) =>
      eb
        .selectFrom("support_item")
        .select(sql<string | number>`coalesce(sum(support_item.amount_pence), 0)`.as("s"))
        .whereRef("support_item.award_id", "=", "award.id")
        .as("spent"),
    )
    .orderBy("challenge.opens_at", "desc")
    .orderBy("organisation.name")
    .orderBy("award.id")
    .execute();
  const milestones = await milestonesOf(
    db(),
    rows.map((r) => r.award_id),
    today,
  );
  const lateReports = await lateReportCounts(
    db(),
    rows.map((r) => r.award_id),
    today,
  );
  return rows.map((row) => ({
    award: toSupportAward(row),
    position: capPosition(row.support_cap_pence, Number(row.spent ?? 0)),
    lateReports: lateReports.get(row.award_id) ?? 0,
    milestoneCounts: countMilestones(
      milestones.filter((m) => m.awardId === row.award_id),
      today,
    ),
  }));
}

export interface SupportItemInput {
  kind: SupportKind;
  /** YYYY-MM-DD (London). */
  happenedOn: string;
  description: string;
  coachName: string | null;
  /** Hours of a coaching session, as typed (up to 2 decimal places). */
  hours: string | null;
  amountPence: number;
  /** The reason for an authorised override of the cap; null or blank for none. */
  overrideReason: string | null;
}

export interface AddedSupportItem {
  itemId: number;
  position: CapPosition;
  overridden: boolean;
}

/**
 * Adds an item to a winner's ledger, refusing one that would take the total over the cap unless
 * it carries an authorised override with a reason (recorded with who authorised it). Staff only.
 * The refusal is invalid, against the amount, and its message gives the total and how far over.
 */
export async function addSupportItem(
  actor: Actor,
  awardId: number,
  input: SupportItemInput,
): Promise<AddedSupportItem> {
  const description = input.description.trim();
  const reason = (input.overrideReason ?? "").trim();
  if (!Number.isSafeInteger(input.amountPence) || input.amountPence <= 0) {
    throw invalid("Enter an amount more than £0", "amount");
  }
  if (input.amountPence > MAX_ITEM_PENCE) {
    throw invalid(`The amount must be ${formatPence(MAX_ITEM_PENCE)} or less`, "amount");
  }
  if (!description || description.length > MAX_DESCRIPTION) {
    throw invalid(`Enter a description of ${MAX_DESCRIPTION} characters or fewer`, "description");
  }
  if (reason.length > MAX_REASON) {
    throw invalid(`The reason must be ${MAX_REASON} characters or fewer`, "overrideReason");
  }
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      return addToLedger(trx, actor, awardId, { ...input, description, overrideReason: reason });
    });
}

/**
 * The ledger's one way in, inside the caller's transaction (the caller has checked the actor is
 * staff and the input's lengths): locks the award, applies the cap, inserts and audits. An
 * approved support request goes on the ledger through here too, so both obey the same cap.
 */
export async function addToLedger(
  trx: Transaction<Database>,
  actor: Actor,
  awardId: number,
  input: SupportItemInput,
): Promise<AddedSupportItem> {
  const description = input.description.trim();
  const reason = (input.overrideReason ?? "").trim();
  // The lock every addition to this ledger queues on: the total below is then the true one.
  const locked = await trx
    .selectFrom("award")
    .select(["id", "support_cap_pence"])
    .where("id", "=", awardId)
    .where("support_cap_pence", ">", 0)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) throw notFound();
  // A completed award (its closing report accepted) has had all its support.
  const completed = await completedAwardRefusal(trx, awardId);
  if (completed) throw conflict(completed);
  const award = (await findSupportAward(trx, awardId))!;
  const spent = await ledgerTotal(trx, awardId);
  const decision = checkSupportCap({
    capPence: locked.support_cap_pence,
    spentPence: spent,
    amountPence: input.amountPence,
    overrideReason: reason,
  });
  if (!decision.ok) throw invalid(decision.message, "amount");
  const item = await trx
    .insertInto("support_item")
    .values({
      award_id: awardId,
      kind: input.kind,
      happened_on: input.happenedOn,
      description,
      coach_name: input.kind === "coaching" ? input.coachName?.trim() || null : null,
      hours: input.kind === "coaching" && input.hours ? input.hours : null,
      amount_pence: input.amountPence,
      override_reason: decision.overridden ? reason : null,
      override_by: decision.overridden ? actor.id : null,
      recorded_by: actor.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    action: decision.overridden ? "support_item_added_over_cap" : "support_item_added",
    actorUserId: actor.id,
    subjectType: "award",
    subjectId: awardId,
    ip: actor.ip,
    details: {
      organisation: award.organisationName,
      entry: award.entryReference,
      supportItemId: item.id,
      kind: SUPPORT_KIND_LABELS[input.kind],
      amount: formatPence(input.amountPence),
      amountPence: input.amountPence,
      totalPence: decision.totalPence,
      capPence: locked.support_cap_pence,
      ...(decision.overridden
        ? {
            overrideReason: reason,
            overCap: formatPence(decision.overCapPence),
            overCapPence: decision.overCapPence,
          }
        : {}),
    },
  });
  return {
    itemId: item.id,
    position: capPosition(locked.support_cap_pence, decision.totalPence),
    overridden: decision.overridden,
  };
}

export interface MilestoneInput {
  title: string;
  dueOn: string;
  status: MilestoneStatus;
  /** Required when done; ignored otherwise. */
  completedOn: string | null;
}

/**
 * A staff change to one winner's plan, in one transaction: the actor must be staff and the award
 * one with a support cap (otherwise not found) before `change` runs.
 */
function changePlan<T>(
  actor: Actor,
  awardId: number,
  change: (trx: Transaction<Database>, award: SupportAward) => Promise<T>,
): Promise<T> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const award = await findSupportAward(trx, awardId);
      if (!award) throw notFound();
      return change(trx, award);
    });
}

/** Throws invalid, against the field, when the milestone breaks a rule. */
function checkMilestone(input: MilestoneInput): void {
  const title = input.title.trim();
  if (!title) throw invalid("Enter the milestone", "title");
  if (title.length > MAX_MILESTONE_TITLE)
    throw invalid(`The milestone must be ${MAX_MILESTONE_TITLE} characters or fewer`, "title");
  if (input.status === "done" && !input.completedOn)
    throw invalid("Enter the date the milestone was completed", "completedOn");
}

/** Adds a milestone to a winner's plan. Staff only. */
export async function addMilestone(
  actor: Actor,
  awardId: number,
  input: MilestoneInput,
): Promise<{ milestoneId: number }> {
  checkMilestone(input);
  return changePlan(actor, awardId, async (trx, award) => {
    const row = await trx
      .insertInto("milestone")
      .values({
        award_id: awardId,
        title: input.title.trim(),
        due_on: input.dueOn,
        status: input.status,
        completed_on: input.status === "done" ? input.completedOn : null,
        created_by: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: "milestone_added",
      actorUserId: actor.id,
      subjectType: "award",
      subjectId: awardId,
      ip: actor.ip,
      details: {
        organisation: award.organisationName,
        milestoneId: row.id,
        title: input.title.trim(),
        dueOn: input.dueOn,
        status: input.status,
      },
    });
    return { milestoneId: row.id };
  });
}

/** Changes a milestone: its title, due date or status. Staff only. */
export async function updateMilestone(
  actor: Actor,
  awardId: number,
  milestoneId: number,
  input: MilestoneInput,
): Promise<{ milestoneId: number }> {
  checkMilestone(input);
  return changePlan(actor, awardId, async (trx, award) => {
    const before = await trx
      .selectFrom("milestone")
      .select(["title", "status", sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as("due_on")])
      .where("id", "=", milestoneId)
      .where("award_id", "=", awardId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound();
    await trx
      .updateTable("milestone")
      .set({
        title: input.title.trim(),
        due_on: input.dueOn,
        status: input.status,
        completed_on: input.status === "done" ? input.completedOn : null,
        updated_at: sql`now()`,
      })
      .where("id", "=", milestoneId)
      .execute();
    await recordAudit(trx, {
      action: "milestone_changed",
      actorUserId: actor.id,
      subjectType: "award",
      subjectId: awardId,
      ip: actor.ip,
      details: {
        organisation: award.organisationName,
        milestoneId,
        title: input.title.trim(),
        dueOn: input.dueOn,
        status: input.status,
        previous: { title: before.title, dueOn: before.due_on, status: before.status },
      },
    });
    return { milestoneId };
  });
}

/** One milestone for its edit page. Staff only; not found unless it is on that award's plan. */
export async function loadMilestone(actor: Actor, awardId: number, milestoneId: number, today: string) {
  await assertStaff(db(), actor);
  const award = await findSupportAward(db(), awardId);
  if (!award) throw notFound();
  const milestone = (await milestonesOf(db(), [awardId], today)).find((m) => m.id === milestoneId);
  if (!milestone) throw notFound();
  return { award, milestone };
}

/** The award's header for pages that add to a plan. Staff only; not found without a support cap. */
export async function loadSupportAward(
  actor: Actor,
  awardId: number,
): Promise<{ award: SupportAward; position: CapPosition }> {
  await assertStaff(db(), actor);
  const award = await findSupportAward(db(), awardId);
  if (!award) throw notFound();
  return { award, position: capPosition(award.capPence, await ledgerTotal(db(), awardId)) };
}

/** A coach's or staff member's note on a winner's plan. Staff only. */
export async function addSupportNote(actor: Actor, awardId: number, body: string): Promise<void> {
  const text = body.trim();
  if (!text) throw invalid("Enter the note", "note");
  if (text.length > MAX_NOTE) throw invalid(`The note must be ${MAX_NOTE} characters or fewer`, "note");
  return changePlan(actor, awardId, async (trx, award) => {
    const row = await trx
      .insertInto("progress_update")
      .values({ award_id: awardId, author_user_id: actor.id, kind: "note", body: text })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: "support_note_added",
      actorUserId: actor.id,
      subjectType: "award",
      subjectId: awardId,
      ip: actor.ip,
      details: { organisation: award.organisationName, progressUpdateId: row.id },
    });
  });
}
