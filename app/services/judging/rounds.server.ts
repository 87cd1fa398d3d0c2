import { sql, type Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database, RankBy, RoundStatus } from "../../../db/schema";
import { config } from "../../config.server";
import { rubricProblems } from "../../domain/rubric";
import { canCreateRound, canJudge } from "../../domain/stages";
import { formatDateTime } from "../../domain/time";
import { recordAudit } from "../platform/audit.server";
import { loadRubric, lockChallenge, lockRubricIn } from "./rubric.server";
import { queueEmail } from "../email/outbox.server";
import type { Actor } from "../actor.server";
import { conflict, invalid, notFound } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";
import { loadStageFacts } from "../challenges/stages.server";

// Staff run the rounds of judging here: create round 1 (every eligible entry) and round 2 (the
// final panel, on round 1's confirmed shortlist), choose the judges, open scoring (which locks the
// rubric), close it. Every change takes the round row FOR UPDATE and is written to the audit trail
// in the same transaction.
//
// Counts come from the challenge's prize tiers, not constants: the tier with the most places
// (the "Top 20") is round 1's shortlist size; the tier with the fewest places (the "Top 3") is the
// number of winners round 2 chooses.

// A refusal is a thrown AppError (app/services/app-error.server.ts): `conflict` when the round or
// the challenge has moved past the step (it is open, closed, confirmed), `invalid` when something
// staff can put right is missing or wrong (the judges chosen, the rubric, the entries).

export type Trx = Transaction<Database>;

export const STATUS_LABELS: Record<RoundStatus, string> = {
  setup: "Being set up",
  open: "Open for scoring",
  closed: "Scoring closed",
  confirmed: "Confirmed",
};

/** "1" or "2" in an address; anything else is a 404. */
export function roundNumberParam(value: string | undefined): 1 | 2 {
  if (value === "1") return 1;
  if (value === "2") return 2;
  throw notFound();
}

/** A positive id in an address, or a 404. */
export function idParam(value: string | undefined): number {
  if (!value || !/^[1-9][0-9]{0,8}$/.test(value)) throw notFound();
  return Number(value);
}

export async function auditRound(
  trx: Trx,
  actor: Actor,
  roundId: number,
  action: string,
  details: Record<string, unknown>,
) {
  await recordAudit(trx, {
    action,
    actorUserId: actor.id,
    subjectType: "judging_round",
    subjectId: roundId,
    ip: actor.ip,
    details,
  });
}

/** The round of a challenge, locked FOR UPDATE so that changes to it happen one at a time. */
export async function lockRound(trx: Trx, challengeId: number, number: 1 | 2) {
  const round = await trx
    .selectFrom("judging_round")
    .selectAll()
    .where("challenge_id", "=", challengeId)
    .where("number", "=", number)
    .forUpdate()
    .executeTakeFirst();
  if (!round) throw notFound();
  return round;
}

export async function findRound(executor: Executor, challengeId: number, number: 1 | 2) {
  const round = await executor
    .selectFrom("judging_round")
    .selectAll()
    .where("challenge_id", "=", challengeId)
    .where("number", "=", number)
    .executeTakeFirst();
  if (!round) throw notFound();
  return round;
}

export async function challengeTitle(executor: Executor, challengeId: number) {
  const challenge = await executor
    .selectFrom("challenge")
    .select(["id", "title", "judges_see_organisation", "rubric_locked_at"])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) throw notFound();
  return challenge;
}

/** Round 1's shortlist size and round 2's number of winners, from the prize tiers. */
export async function tierCounts(
  executor: Executor,
  challengeId: number,
): Promise<{ shortlist: number; winners: number; shortlistTier: string | null; winnersTier: string | null }> {
  const tiers = await executor
    .selectFrom("prize_tier")
    .select(["name", "places"])
    .where("challenge_id", "=", challengeId)
    .orderBy("places", "desc")
    .orderBy("position")
    .execute();
  if (!tiers.length) return { shortlist: 20, winners: 3, shortlistTier: null, winnersTier: null };
  const most = tiers[0]!;
  const fewest = tiers[tiers.length - 1]!;
  return { shortlist: most.places, winners: fewest.places, shortlistTier: most.name, winnersTier: fewest.name };
}

/**
 * The entries a round judges: round 1, every submitted entry of the challenge (staff screen out
 * ineligible ones before judging); round 2, the entries round 1's confirmed result selected.
 */
export async function roundEntries(executor: Executor, round: { id: number; challenge_id: number; number: number }) {
  if (round.number === 1) {
    return executor
      .selectFrom("entry")
      .select(["entry.id", "entry.reference", "entry.title", "entry.priority_area_id", "entry.organisation_id"])
      .where("entry.challenge_id", "=", round.challenge_id)
      .where("entry.status", "=", "submitted")
      .orderBy("entry.id")
      .execute();
  }
  return executor
    .selectFrom("round_result")
    .innerJoin("judging_round", "judging_round.id", "round_result.round_id")
    .innerJoin("entry", "entry.id", "round_result.entry_id")
    .select(["entry.id", "entry.reference", "entry.title", "entry.priority_area_id", "entry.organisation_id"])
    .where("judging_round.challenge_id", "=", round.challenge_id)
    .where("judging_round.number", "=", 1)
    .where("round_result.selected", "=", true)
    .orderBy("entry.id")
    .execute();
}

// ---- Emails ------------------------------------------------------------------------------------

/**
 * Queues one "you have work" email per judge whose live assignments in an open round have not been
 * announced yet, and marks them announced. Called in the transaction of whatever gave the work
 * (running the assignment, opening the round, a swap, a re-assignment, a moderation judge). The
 * idempotency key is built from the newest assignment announced, so a replayed request cannot send
 * the same email twice while later work still gets its own.
 */
export async function notifyJudges(trx: Trx, roundId: number): Promise<number> {
  const round = await trx
    .selectFrom("judging_round")
    .innerJoin("challenge", "challenge.id", "judging_round.challenge_id")
    .select(["judging_round.id", "judging_round.status", "judging_round.scoring_closes_at", "challenge.title"])
    .where("judging_round.id", "=", roundId)
    .executeTakeFirstOrThrow();
  if (round.status !== "open") return 0;
  const pending = await trx
    .selectFrom("assignment")
    .innerJoin("app_user", "app_user.id", "assignment.judge_user_id")
    .select([
      "assignment.judge_user_id",
      "app_user.name",
      "app_user.email",
      (eb) => eb.fn.max("assignment.id").as("newest"),
    ])
    .where("assignment.round_id", "=", roundId)
    .where("assignment.removed_at", "is", null)
    .where("assignment.notified_at", "is", null)
    .groupBy(["assignment.judge_user_id", "app_user.name", "app_user.email"])
    .execute();
  for (const judge of pending) {
    const { count } = await trx
      .selectFrom("assignment")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("round_id", "=", roundId)
      .where("judge_user_id", "=", judge.judge_user_id)
      .where("removed_at", "is", null)
      .executeTakeFirstOrThrow();
    await queueEmail(trx, {
      to: judge.email,
      template: "judge-work-assigned",
      props: {
        name: judge.name,
        challengeTitle: round.title,
        count: Number(count),
        ...(round.scoring_closes_at ? { deadline: formatDateTime(new Date(round.scoring_closes_at)) } : {}),
        url: `${config.appUrl}/judging`,
      },
      idempotencyKey: `judge-work-assigned:${roundId}:${judge.judge_user_id}:${judge.newest}`,
    });
  }
  await trx
    .updateTable("assignment")
    .set({ notified_at: new Date() })
    .where("round_id", "=", roundId)
    .where("removed_at", "is", null)
    .where("notified_at", "is", null)
    .execute();
  return pending.length;
}

// ---- Reading -----------------------------------------------------------------------------------

export interface RoundSummary {
  id: number;
  number: 1 | 2;
  status: RoundStatus;
  statusLabel: string;
  entries: number;
  judges: number;
  assigned: number;
  submitted: number;
}

async function roundSummaries(executor: Executor, challengeIds: number[]): Promise<Map<number, RoundSummary[]>> {
  const out = new Map<number, RoundSummary[]>();
  if (!challengeIds.length) return out;
  const rounds = await executor
    .selectFrom("judging_round")
    .select((eb) => [
      "judging_round.id",
      "judging_round.challenge_id",
      "judging_round.number",
      "judging_round.status",
      eb
        .selectFrom("round_judge")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("round_judge.round_id", "=", "judging_round.id")
        .where("round_judge.withdrawn_at", "is", null)
        .as("judges"),
      eb
        .selectFrom("assignment")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("assignment.round_id", "=", "judging_round.id")
        .where("assignment.removed_at", "is", null)
        .as("assigned"),
      eb
        .selectFrom("assignment")
        .innerJoin("review", "review.assignment_id", "assignment.id")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("assignment.round_id", "=", "judging_round.id")
        .where("assignment.removed_at", "is", null)
        .where("review.status", "=", "submitted")
        .as("submitted"),
      eb
        .selectFrom("assignment")
        .select((e) => e.fn.count<string>("assignment.entry_id").distinct().as("n"))
        .whereRef("assignment.round_id", "=", "judging_round.id")
        .where("assignment.removed_at", "is", null)
        .as("entries"),
    ])
    .where("judging_round.challenge_id", "in", challengeIds)
    .orderBy("judging_round.number")
    .execute();
  for (const r of rounds) {
    const list = out.get(r.challenge_id) ?? [];
    list.push({
      id: r.id,
      number: r.number,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status],
      entries: Number(r.entries ?? 0),
      judges: Number(r.judges ?? 0),
      assigned: Number(r.assigned ?? 0),
      submitted: Number(r.submitted ?? 0),
    });
    out.set(r.challenge_id, list);
  }
  return out;
}

/** Every challenge that has entries or rounds, newest first, with its rounds. Staff only. */
export async function judgingChallenges(actor: Actor) {
  await assertStaff(db(), actor);
  const challenges = await db()
    .selectFrom("challenge")
    .select((eb) => [
      "challenge.id",
      "challenge.title",
      "challenge.status",
      eb
        .selectFrom("entry")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("entry.challenge_id", "=", "challenge.id")
        .where("entry.status", "=", "submitted")
        .as("submitted"),
    ])
    .where("challenge.status", "!=", "draft")
    .orderBy("challenge.opens_at", "desc")
    .orderBy("challenge.id", "desc")
    .execute();
  const rounds = await roundSummaries(
    db(),
    challenges.map((c) => c.id),
  );
  return challenges.map((c) => ({
    id: c.id,
    title: c.title,
    status: c.status,
    submitted: Number(c.submitted ?? 0),
    rounds: rounds.get(c.id) ?? [],
  }));
}

/**
 * A challenge's judging at a glance: rubric, rounds, what can be done next and, when a round
 * cannot be created yet, why (app/domain/stages.ts). Staff only.
 */
export async function challengeJudging(actor: Actor, challengeId: number, now = new Date()) {
  await assertStaff(db(), actor);
  const challenge = await challengeTitle(db(), challengeId);
  const facts = (await loadStageFacts(db(), challengeId))!;
  const create1 = canCreateRound(facts, 1, now);
  const create2 = canCreateRound(facts, 2, now);
  const criteria = await loadRubric(db(), challengeId);
  const rounds = (await roundSummaries(db(), [challengeId])).get(challengeId) ?? [];
  const counts = await tierCounts(db(), challengeId);
  const submitted = await db()
    .selectFrom("entry")
    .select((e) => e.fn.countAll<string>().as("n"))
    .where("challenge_id", "=", challengeId)
    .where("status", "=", "submitted")
    .executeTakeFirstOrThrow();
  const conflicts = await db()
    .selectFrom("judge_conflict")
    .select((e) => e.fn.countAll<string>().as("n"))
    .where("challenge_id", "=", challengeId)
    .executeTakeFirstOrThrow();
  const round1 = rounds.find((r) => r.number === 1);
  const round2 = rounds.find((r) => r.number === 2);
  return {
    id: challenge.id,
    title: challenge.title,
    rubric: {
      criteria: criteria.length,
      total: criteria.reduce((s, c) => s + c.weight, 0),
      locked: !!challenge.rubric_locked_at,
      problems: rubricProblems(criteria),
    },
    rounds,
    submitted: Number(submitted.n),
    conflicts: Number(conflicts.n),
    counts,
    canCreateRound1: create1.ok,
    canCreateRound2: create2.ok,
    /** Why a round that does not exist yet cannot be created now, in the words the service refuses with. */
    notYet: {
      1: !round1 && !create1.ok ? create1.reason : null,
      2: !round2 && !create2.ok ? create2.reason : null,
    },
  };
}

export interface RoundView {
  id: number;
  challengeId: number;
  challengeTitle: string;
  number: 1 | 2;
  status: RoundStatus;
  statusLabel: string;
  judgesPerEntry: number;
  advanceCount: number;
  hideOrganisation: boolean;
  scoringClosesAt: Date | null;
  rankBy: RankBy;
  disagreementThreshold: number;
  openedAt: Date | null;
  closedAt: Date | null;
  confirmedAt: Date | null;
  entries: number;
  judges: number;
  assigned: number;
  submitted: number;
  rubricProblems: string[];
  rubricLocked: boolean;
}

/** One round with its progress, or a 404. Staff only. */
export async function roundForStaff(actor: Actor, challengeId: number, number: 1 | 2): Promise<RoundView> {
  await assertStaff(db(), actor);
  const challenge = await challengeTitle(db(), challengeId);
  const round = await findRound(db(), challengeId, number);
  const summary = ((await roundSummaries(db(), [challengeId])).get(challengeId) ?? []).find((r) => r.id === round.id)!;
  const entries = await roundEntries(db(), round);
  return {
    id: round.id,
    challengeId,
    challengeTitle: challenge.title,
    number: round.number,
    status: round.status,
    statusLabel: STATUS_LABELS[round.status],
    judgesPerEntry: round.judges_per_entry,
    advanceCount: round.advance_count,
    hideOrganisation: round.hide_organisation,
    scoringClosesAt: round.scoring_closes_at ? new Date(round.scoring_closes_at) : null,
    rankBy: round.rank_by,
    disagreementThreshold: round.disagreement_threshold,
    openedAt: round.opened_at ? new Date(round.opened_at) : null,
    closedAt: round.closed_at ? new Date(round.closed_at) : null,
    confirmedAt: round.confirmed_at ? new Date(round.confirmed_at) : null,
    entries: entries.length,
    judges: summary.judges,
    assigned: summary.assigned,
    submitted: summary.submitted,
    rubricProblems: rubricProblems(await loadRubric(db(), challengeId)),
    rubricLocked: !!challenge.rubric_locked_at,
  };
}

/** What the "create a round" form starts with: counts from the prize tiers, the challenge's setting. */
export async function roundDefaults(actor: Actor, challengeId: number, number: 1 | 2) {
  await assertStaff(db(), actor);
  const challenge = await challengeTitle(db(), challengeId);
  const counts = await tierCounts(db(), challengeId);
  return {
    challengeTitle: challenge.title,
    counts,
    values: {
      judgesPerEntry: "3",
      advanceCount: String(number === 1 ? counts.shortlist : counts.winners),
      hideOrganisation: number === 1 && !challenge.judges_see_organisation ? "yes" : "no",
      disagreementThreshold: "25",
      rankBy: "normalised",
    },
  };
}

// ---- Changing ----------------------------------------------------------------------------------

export interface RoundSettings {
  judgesPerEntry: number;
  advanceCount: number;
  hideOrganisation: boolean;
  disagreementThreshold: number;
  rankBy: RankBy;
  scoringClosesAt: Date | null;
}

/**
 * Creates round 1 once entries are over for good (the challenge closed, every extension passed),
 * or round 2 once round 1 is confirmed. The database refuses a round on a challenge that is not
 * closed too (migration 2026120502_stage_order).
 */
export async function createRound(
  actor: Actor,
  challengeId: number,
  number: 1 | 2,
  settings: RoundSettings,
  now = new Date(),
): Promise<void> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await trx
        .selectFrom("challenge")
        .select("id")
        .where("id", "=", challengeId)
        .forUpdate()
        .executeTakeFirst();
      if (!challenge) throw notFound();
      const check = canCreateRound((await loadStageFacts(trx, challengeId))!, number, now);
      if (!check.ok) throw conflict(`${check.reason}.`);
      const round = await trx
        .insertInto("judging_round")
        .values({
          challenge_id: challengeId,
          number,
          judges_per_entry: settings.judgesPerEntry,
          advance_count: settings.advanceCount,
          hide_organisation: settings.hideOrganisation,
          disagreement_threshold: settings.disagreementThreshold,
          rank_by: settings.rankBy,
          scoring_closes_at: settings.scoringClosesAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await auditRound(trx, actor, round.id, "judging.round_created", { challengeId, number, ...settings });
    });
}

/** Changes a round's settings while it is being set up. */
export async function updateRoundSettings(
  actor: Actor,
  challengeId: number,
  number: 1 | 2,
  settings: RoundSettings,
): Promise<void> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const round = await lockRound(trx, challengeId, number);
      if (round.status !== "setup") {
        throw conflict(
          "These settings can only be changed before scoring opens. Change the ranking on the leaderboard.",
        );
      }
      await trx
        .updateTable("judging_round")
        .set({
          judges_per_entry: settings.judgesPerEntry,
          advance_count: settings.advanceCount,
          hide_organisation: settings.hideOrganisation,
          disagreement_threshold: settings.disagreementThreshold,
          rank_by: settings.rankBy,
          scoring_closes_at: settings.scoringClosesAt,
          version: sql`version + 1`,
        })
        .where("id", "=", round.id)
        .execute();
      await auditRound(trx, actor, round.id, "judging.round_settings_changed", { ...settings });
    });
}

/** Staff choose which score ranks the entries and the disagreement threshold, until confirmed. */
export async function setRanking(
  actor: Actor,
  challengeId: number,
  number: 1 | 2,
  rankBy: RankBy,
  threshold: number,
): Promise<void> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const round = await lockRound(trx, challengeId, number);
      if (round.status === "confirmed") throw conflict("The round is confirmed: its ranking can no longer change.");
      await trx
        .updateTable("judging_round")
        .set({ rank_by: rankBy, disagreement_threshold: threshold, version: sql`version + 1` })
        .where("id", "=", round.id)
        .execute();
      await auditRound(trx, actor, round.id, "judging.ranking_changed", { rankBy, disagreementThreshold: threshold });
    });
}

// ---- Judges on a round -------------------------------------------------------------------------

export interface JudgeChoice {
  id: number;
  name: string;
  email: string;
  onRound: boolean;
  cap: number | null;
  withdrawnAt: Date | null;
  conflicts: number;
  live: number;
}

/** Everyone with the judge role, and whether they are on this round. Staff only. */
export async function roundJudgeChoices(actor: Actor, challengeId: number, number: 1 | 2): Promise<JudgeChoice[]> {
  await assertStaff(db(), actor);
  const round = await findRound(db(), challengeId, number);
  const rows = await db()
    .selectFrom("app_user")
    .innerJoin("role_grant", (j) =>
      j.onRef("role_grant.user_id", "=", "app_user.id").on("role_grant.role", "=", "judge"),
    )
    .leftJoin("round_judge", (j) =>
      j.onRef("round_judge.judge_user_id", "=", "app_user.id").on("round_judge.round_id", "=", round.id),
    )
    .select((eb) => [
      "app_user.id",
      "app_user.name",
      "app_user.email",
      "round_judge.judge_user_id as on_round",
      "round_judge.max_entries",
      "round_judge.withdrawn_at",
      eb
        .selectFrom("judge_conflict")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("judge_conflict.judge_user_id", "=", "app_user.id")
        .where("judge_conflict.challenge_id", "=", challengeId)
        .as("conflicts"),
      eb
        .selectFrom("assignment")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("assignment.judge_user_id", "=", "app_user.id")
        .where("assignment.round_id", "=", round.id)
        .where("assignment.removed_at", "is", null)
        .as("live"),
    ])
    .orderBy("app_user.name")
    .orderBy("app_user.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    onRound: r.on_round !== null,
    cap: r.max_entries ?? null,
    withdrawnAt: r.withdrawn_at ? new Date(r.withdrawn_at) : null,
    conflicts: Number(r.conflicts ?? 0),
    live: Number(r.live ?? 0),
  }));
}

/**
 * Sets who judges the round and their caps. A judge with work on the round cannot simply be taken
 * off (their entries would have too few judges): staff withdraw them instead, which re-assigns.
 * For round 2, every panel member scores every shortlisted entry by default, so while the round is
 * being set up choosing the panel sets the number of judges per entry to the panel's size.
 */
export async function setRoundJudges(
  actor: Actor,
  challengeId: number,
  number: 1 | 2,
  chosen: { judgeId: number; cap: number | null }[],
): Promise<void> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const round = await lockRound(trx, challengeId, number);
      if (round.status === "confirmed" || round.status === "closed") {
        throw conflict("Judges cannot be changed once scoring has closed.");
      }
      const ids = [...new Set(chosen.map((c) => c.judgeId))];
      if (ids.length) {
        const judges = await trx
          .selectFrom("role_grant")
          .select("user_id")
          .where("role", "=", "judge")
          .where("user_id", "in", ids)
          .execute();
        if (judges.length !== ids.length) throw invalid("Choose judges from the list", "judges");
      }
      const current = await trx.selectFrom("round_judge").selectAll().where("round_id", "=", round.id).execute();
      const removed = current.filter((c) => !ids.includes(c.judge_user_id) && c.withdrawn_at === null);
      if (removed.length) {
        const busy = await trx
          .selectFrom("assignment")
          .innerJoin("app_user", "app_user.id", "assignment.judge_user_id")
          .select("app_user.name")
          .where("assignment.round_id", "=", round.id)
          .where("assignment.removed_at", "is", null)
          .where(
            "assignment.judge_user_id",
            "in",
            removed.map((r) => r.judge_user_id),
          )
          .groupBy("app_user.name")
          .execute();
        if (busy.length) {
          throw invalid(
            `${busy.map((b) => b.name).join(", ")} already ${busy.length === 1 ? "has" : "have"} entries to score. Withdraw a judge from the assignment page instead, so their entries are re-assigned.`,
            "judges",
          );
        }
        await trx
          .deleteFrom("round_judge")
          .where("round_id", "=", round.id)
          .where(
            "judge_user_id",
            "in",
            removed.map((r) => r.judge_user_id),
          )
          .execute();
      }
      for (const choice of chosen) {
        await trx
          .insertInto("round_judge")
          .values({ round_id: round.id, judge_user_id: choice.judgeId, max_entries: choice.cap })
          .onConflict((oc) => oc.columns(["round_id", "judge_user_id"]).doUpdateSet({ max_entries: choice.cap }))
          .execute();
      }
      if (round.number === 2 && round.status === "setup" && ids.length) {
        await trx
          .updateTable("judging_round")
          .set({ judges_per_entry: Math.min(20, ids.length), version: sql`version + 1` })
          .where("id", "=", round.id)
          .execute();
      }
      await auditRound(trx, actor, round.id, "judging.judges_chosen", {
        judges: chosen.map((c) => ({ id: c.judgeId, cap: c.cap })),
        removed: removed.map((r) => r.judge_user_id),
      });
    });
}

/** Opens scoring, only once entries are over. Locks the rubric: judges score against what they see. */
export async function openRound(actor: Actor, challengeId: number, number: 1 | 2, now = new Date()): Promise<void> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await lockChallenge(trx, challengeId);
      const round = await lockRound(trx, challengeId, number);
      if (round.status !== "setup") throw conflict("This round has already been opened.");
      // A round made before this rule existed may sit on a challenge that is still open.
      const stage = canJudge((await loadStageFacts(trx, challengeId))!, now);
      if (!stage.ok) throw conflict(`Scoring cannot open yet. ${stage.reason}.`);
      const problems = rubricProblems(await loadRubric(trx, challengeId));
      if (problems.length) throw invalid(`Scoring cannot open yet: ${problems.join("; ")}.`);
      const judges = await trx
        .selectFrom("round_judge")
        .select((e) => e.fn.countAll<string>().as("n"))
        .where("round_id", "=", round.id)
        .where("withdrawn_at", "is", null)
        .executeTakeFirstOrThrow();
      if (Number(judges.n) < round.judges_per_entry) {
        throw invalid(
          `Choose at least ${round.judges_per_entry} judges before opening: each entry needs ${round.judges_per_entry}.`,
        );
      }
      const entries = await roundEntries(trx, round);
      if (!entries.length) throw invalid("There are no entries for this round to judge.");
      await trx
        .updateTable("judging_round")
        .set({ status: "open", opened_at: new Date(), opened_by: actor.id, version: sql`version + 1` })
        .where("id", "=", round.id)
        .execute();
      if (!challenge.rubric_locked_at)
        await lockRubricIn(trx, actor, challengeId, `Round ${number} opened for scoring`);
      await notifyJudges(trx, round.id);
      await auditRound(trx, actor, round.id, "judging.round_opened", { challengeId, number });
    });
}

/** Closes scoring (judges can no longer submit), or reopens it (e.g. for a moderation judge). */
export async function setRoundOpen(actor: Actor, challengeId: number, number: 1 | 2, open: boolean): Promise<void> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const round = await lockRound(trx, challengeId, number);
      if (open ? round.status !== "closed" : round.status !== "open") {
        throw conflict(open ? "Only a closed round can be reopened." : "Only an open round can be closed.");
      }
      await trx
        .updateTable("judging_round")
        .set(
          open
            ? { status: "open", closed_at: null, version: sql`version + 1` }
            : { status: "closed", closed_at: new Date(), version: sql`version + 1` },
        )
        .where("id", "=", round.id)
        .execute();
      if (open) await notifyJudges(trx, round.id);
      await auditRound(trx, actor, round.id, open ? "judging.round_reopened" : "judging.round_closed", {
        challengeId,
        number,
      });
    });
}

// ---- Conflicts register ------------------------------------------------------------------------

export interface RegisterRow {
  judgeName: string;
  judgeEmail: string;
  organisation: string;
  source: "declared" | "automatic";
  reason: string;
  declaredAt: Date;
}

/** Every conflict declared or flagged for the challenge, by judge then organisation. Staff only. */
export async function conflictsRegister(actor: Actor, challengeId: number) {
  await assertStaff(db(), actor);
  const challenge = await challengeTitle(db(), challengeId);
  const rows = await db()
    .selectFrom("judge_conflict")
    .innerJoin("app_user", "app_user.id", "judge_conflict.judge_user_id")
    .innerJoin("organisation", "organisation.id", "judge_conflict.organisation_id")
    .select([
      "app_user.name as judge_name",
      "app_user.email as judge_email",
      "organisation.name as organisation",
      "judge_conflict.source",
      "judge_conflict.reason",
      "judge_conflict.declared_at",
    ])
    .where("judge_conflict.challenge_id", "=", challengeId)
    .orderBy("app_user.name")
    .orderBy("organisation.name")
    .orderBy("judge_conflict.id")
    .execute();
  const declarations = await db()
    .selectFrom("judge_declaration")
    .innerJoin("app_user", "app_user.id", "judge_declaration.judge_user_id")
    .select(["app_user.name", "judge_declaration.completed_at"])
    .where("judge_declaration.challenge_id", "=", challengeId)
    .orderBy("app_user.name")
    .execute();
  return {
    challengeId,
    challengeTitle: challenge.title,
    rows: rows.map((r): RegisterRow => ({
      judgeName: r.judge_name,
      judgeEmail: r.judge_email,
      organisation: r.organisation,
      source: r.source,
      reason: r.reason,
      declaredAt: new Date(r.declared_at),
    })),
    declarations: declarations.map((d) => ({ name: d.name, completedAt: new Date(d.completed_at) })),
  };
}
