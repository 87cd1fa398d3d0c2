import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { ModerationDecision, RankBy } from "../../../db/schema";
import { rankEntries } from "../../domain/ranking";
import { canJudge } from "../../domain/stages";
import { refreshAutomaticConflicts } from "./conflicts.server";
import { addAssignments, hasConflict, isAssigned } from "./assignment.server";
import { loadEntryExplanation, loadLeaderboard, loadSubmittedScores, reviewsFromScores } from "./ranking.server";
import {
  auditRound,
  challengeTitle,
  findRound,
  lockRound,
  notifyJudges,
  roundEntries,
  STATUS_LABELS,
  type Trx,
} from "./rounds.server";
import type { Actor } from "../actor.server";
import { conflict, invalid, notFound } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";
import { loadStageFacts } from "../challenges/stages.server";

// Staff moderate a round and confirm its outcome here: the leaderboard and judge statistics, the
// entries whose judges disagree, adding a judge to a disputed entry, recording decisions with
// reasons, approving judges' comments as feedback, and confirming the shortlist (round 1) or the
// winners (round 2).
//
// Confirming freezes the round: a round_result row for EVERY ranked entry (rank, raw, normalised,
// number of judges, selected or not, and the reason for any override), written once under the
// round's row lock. Awards are decided from these rows, so later changes to scores cannot change
// who went through. The proposal is the top advance_count entries of the chosen ranking among
// entries with scores; staff may include or exclude entries only with a reason.
//
// A refusal is a thrown AppError: `conflict` when the round's status is in the way, `invalid` for
// a choice staff can correct.

export const DECISION_LABELS: Record<ModerationDecision, string> = {
  scores_stand: "The scores stand",
  judge_added: "A judge was added",
  excluded: "Excluded from the shortlist",
  included: "Included in the shortlist",
};

async function roundHeader(challengeId: number, number: 1 | 2) {
  const challenge = await challengeTitle(db(), challengeId);
  const round = await findRound(db(), challengeId, number);
  return {
    challengeId,
    challengeTitle: challenge.title,
    round: {
      id: round.id,
      number: round.number,
      status: round.status,
      statusLabel: STATUS_LABELS[round.status],
      rankBy: round.rank_by,
      disagreementThreshold: round.disagreement_threshold,
      advanceCount: round.advance_count,
      judgesPerEntry: round.judges_per_entry,
    },
  };
}

async function progress(roundId: number) {
  const row = await db()
    .selectFrom("assignment")
    .leftJoin("review", "review.assignment_id", "assignment.id")
    .select((eb) => [
      eb.fn.countAll<string>().as("assigned"),
      eb.fn.count<string>("review.id").filterWhere("review.status", "=", "submitted").as("submitted"),
    ])
    .where("assignment.round_id", "=", roundId)
    .where("assignment.removed_at", "is", null)
    .executeTakeFirstOrThrow();
  return { assigned: Number(row.assigned), submitted: Number(row.submitted) };
}

async function referencesOf(executor: Executor, entryIds: number[]): Promise<Map<number, string>> {
  if (!entryIds.length) return new Map();
  const rows = await executor.selectFrom("entry").select(["id", "reference"]).where("id", "in", entryIds).execute();
  return new Map(rows.map((r) => [r.id, r.reference]));
}

/** The leaderboard of a round with its judges' statistics and progress. Staff only. */
export async function leaderboardView(actor: Actor, challengeId: number, number: 1 | 2) {
  await assertStaff(db(), actor);
  const header = await roundHeader(challengeId, number);
  const board = await loadLeaderboard(actor, header.round.id);
  const decisions = await db()
    .selectFrom("moderation_decision")
    .select(["entry_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("round_id", "=", header.round.id)
    .groupBy("entry_id")
    .execute();
  return {
    ...header,
    board,
    progress: await progress(header.round.id),
    decided: Object.fromEntries(decisions.map((d) => [d.entry_id, Number(d.n)])) as Record<number, number>,
  };
}

/** The decisions recorded for a round (or one entry of it), newest first. */
async function decisionsFor(roundId: number, entryId?: number) {
  const rows = await db()
    .selectFrom("moderation_decision")
    .innerJoin("entry", "entry.id", "moderation_decision.entry_id")
    .leftJoin("app_user", "app_user.id", "moderation_decision.decided_by")
    .select([
      "moderation_decision.id",
      "moderation_decision.entry_id",
      "entry.reference",
      "moderation_decision.decision",
      "moderation_decision.reason",
      "moderation_decision.decided_at",
      "app_user.name as decided_by",
    ])
    .where("moderation_decision.round_id", "=", roundId)
    .$if(entryId !== undefined, (qb) => qb.where("moderation_decision.entry_id", "=", entryId!))
    .orderBy("moderation_decision.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    entryId: r.entry_id,
    reference: r.reference,
    decision: r.decision,
    label: DECISION_LABELS[r.decision],
    reason: r.reason,
    decidedAt: new Date(r.decided_at),
    decidedBy: r.decided_by,
  }));
}

/** Entries whose judges disagree by more than the threshold, and the decisions so far. Staff only. */
export async function moderationView(actor: Actor, challengeId: number, number: 1 | 2) {
  await assertStaff(db(), actor);
  const header = await roundHeader(challengeId, number);
  const board = await loadLeaderboard(actor, header.round.id);
  return {
    ...header,
    flagged: board.entries.filter((e) => e.flagged),
    decisions: await decisionsFor(header.round.id),
  };
}

/** One entry of a round: how its rank was reached, the judges' comments, reviews and decisions. */
export async function entryModerationView(actor: Actor, challengeId: number, number: 1 | 2, entryId: number) {
  await assertStaff(db(), actor);
  const header = await roundHeader(challengeId, number);
  const explained = await loadEntryExplanation(actor, header.round.id, entryId);
  const entry = await db()
    .selectFrom("entry")
    .select(["id", "organisation_id"])
    .where("id", "=", entryId)
    .executeTakeFirstOrThrow();
  const reviews = await db()
    .selectFrom("assignment")
    .innerJoin("app_user", "app_user.id", "assignment.judge_user_id")
    .leftJoin("review", "review.assignment_id", "assignment.id")
    .leftJoin("app_user as approver", "approver.id", "review.feedback_approved_by")
    .select([
      "assignment.judge_user_id",
      "assignment.source",
      "app_user.name",
      "review.id as review_id",
      "review.status",
      "review.feedback_approved_at",
      "approver.name as approved_by",
    ])
    .where("assignment.round_id", "=", header.round.id)
    .where("assignment.entry_id", "=", entryId)
    .where("assignment.removed_at", "is", null)
    .orderBy("app_user.name")
    .execute();
  const assigned = new Set(reviews.map((r) => r.judge_user_id));
  const candidates = await db()
    .selectFrom("app_user")
    .innerJoin("role_grant", (j) =>
      j.onRef("role_grant.user_id", "=", "app_user.id").on("role_grant.role", "=", "judge"),
    )
    .leftJoin("round_judge", (j) =>
      j.onRef("round_judge.judge_user_id", "=", "app_user.id").on("round_judge.round_id", "=", header.round.id),
    )
    .select(["app_user.id", "app_user.name", "round_judge.judge_user_id as on_round", "round_judge.withdrawn_at"])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("judge_conflict")
            .select(sql.lit(1).as("one"))
            .whereRef("judge_conflict.judge_user_id", "=", "app_user.id")
            .where("judge_conflict.challenge_id", "=", challengeId)
            .where("judge_conflict.organisation_id", "=", entry.organisation_id),
        ),
      ),
    )
    .orderBy("app_user.name")
    .orderBy("app_user.id")
    .execute();
  return {
    ...header,
    ...explained,
    reviews: reviews.map((r) => ({
      judgeId: r.judge_user_id,
      name: r.name,
      source: r.source,
      reviewId: r.review_id,
      status: r.status ?? "not started",
      approvedAt: r.feedback_approved_at ? new Date(r.feedback_approved_at) : null,
      approvedBy: r.approved_by,
    })),
    decisions: await decisionsFor(header.round.id, entryId),
    candidates: candidates
      .filter((c) => !assigned.has(c.id) && c.withdrawn_at === null)
      .map((c) => ({ id: c.id, name: c.name, onRound: c.on_round !== null })),
  };
}

async function entryInRound(
  trx: Parameters<typeof roundEntries>[0],
  round: { id: number; challenge_id: number; number: number },
  entryId: number,
) {
  const entry = (await roundEntries(trx, round)).find((e) => e.id === entryId);
  if (!entry) throw notFound();
  return entry;
}

async function insertDecision(
  trx: Trx,
  actor: Actor,
  roundId: number,
  entryId: number,
  decision: ModerationDecision,
  reason: string,
): Promise<void> {
  await trx
    .insertInto("moderation_decision")
    .values({ round_id: roundId, entry_id: entryId, decision, reason, decided_by: actor.id })
    .execute();
}

/** Adds a judge to a disputed entry (source 'moderation'), with the reason as a decision. */
export async function addModerationJudge(
  actor: Actor,
  challengeId: number,
  number: 1 | 2,
  input: { entryId: number; judgeId: number; reason: string },
): Promise<void> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const round = await lockRound(trx, challengeId, number);
      if (round.status !== "open") {
        throw conflict(
          round.status === "closed"
            ? "Reopen scoring first, so the new judge can score."
            : "Judges can only be added while scoring is open.",
        );
      }
      const entry = await entryInRound(trx, round, input.entryId);
      const judge = await trx
        .selectFrom("app_user")
        .innerJoin("role_grant", (j) =>
          j.onRef("role_grant.user_id", "=", "app_user.id").on("role_grant.role", "=", "judge"),
        )
        .select(["app_user.id", "app_user.name"])
        .where("app_user.id", "=", input.judgeId)
        .executeTakeFirst();
      if (!judge) throw invalid("Choose a judge from the list", "judge");
      await refreshAutomaticConflicts(trx, challengeId, judge.id, { actorUserId: actor.id, ip: actor.ip ?? null });
      if (await hasConflict(trx, challengeId, judge.id, entry.organisation_id))
        throw invalid(`${judge.name} has a conflict of interest with this entry`, "judge");
      const onRound = await trx
        .selectFrom("round_judge")
        .select(["withdrawn_at"])
        .where("round_id", "=", round.id)
        .where("judge_user_id", "=", judge.id)
        .executeTakeFirst();
      if (onRound?.withdrawn_at) throw invalid(`${judge.name} has withdrawn from this round`, "judge");
      if (await isAssigned(trx, round.id, entry.id, judge.id))
        throw invalid(`${judge.name} is already judging this entry`, "judge");
      if (!onRound) {
        // Kept off the automatic assignment (cap 0): they are here for this entry only.
        await trx
          .insertInto("round_judge")
          .values({ round_id: round.id, judge_user_id: judge.id, max_entries: 0 })
          .execute();
      }
      await addAssignments(trx, round.id, [{ judgeId: judge.id, entryId: entry.id }], "moderation", actor.id);
      await insertDecision(
        trx,
        actor,
        round.id,
        entry.id,
        "judge_added",
        `${judge.name} added: ${input.reason}`.slice(0, 5000),
      );
      await notifyJudges(trx, round.id);
      await auditRound(trx, actor, round.id, "judging.moderation_judge_added", {
        entryId: entry.id,
        judgeId: judge.id,
        reason: input.reason,
      });
    });
}

/** Records a moderation decision on an entry, with its reason. */
export async function recordDecision(
  actor: Actor,
  challengeId: number,
  number: 1 | 2,
  input: { entryId: number; decision: Exclude<ModerationDecision, "judge_added">; reason: string },
): Promise<void> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const round = await lockRound(trx, challengeId, number);
      if (round.status === "confirmed") throw conflict("The round is confirmed: decisions can no longer be recorded.");
      const entry = await entryInRound(trx, round, input.entryId);
      await insertDecision(trx, actor, round.id, entry.id, input.decision, input.reason);
      await auditRound(trx, actor, round.id, "judging.moderation_decision", {
        entryId: entry.id,
        decision: input.decision,
        reason: input.reason,
      });
    });
}

/** Approves (or withdraws approval of) a submitted review's comments as feedback to the entrant. */
export async function setFeedbackApproval(
  actor: Actor,
  challengeId: number,
  number: 1 | 2,
  reviewId: number,
  approved: boolean,
): Promise<void> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const round = await findRound(trx, challengeId, number);
      const review = await trx
        .selectFrom("review")
        .innerJoin("assignment", "assignment.id", "review.assignment_id")
        .select(["review.id", "review.status", "assignment.entry_id"])
        .where("review.id", "=", reviewId)
        .where("assignment.round_id", "=", round.id)
        .forUpdate()
        .executeTakeFirst();
      if (!review) throw notFound();
      if (review.status !== "submitted") throw conflict("Only submitted comments can be approved as feedback.");
      await trx
        .updateTable("review")
        .set(
          approved
            ? { feedback_approved_at: new Date(), feedback_approved_by: actor.id }
            : { feedback_approved_at: null, feedback_approved_by: null },
        )
        .where("id", "=", review.id)
        .execute();
      await auditRound(
        trx,
        actor,
        round.id,
        approved ? "judging.feedback_approved" : "judging.feedback_approval_withdrawn",
        {
          reviewId: review.id,
          entryId: review.entry_id,
        },
      );
    });
}

/** What confirming would select: the top advance_count entries with scores, in rank order. */
export async function confirmationView(actor: Actor, challengeId: number, number: 1 | 2, now = new Date()) {
  await assertStaff(db(), actor);
  const header = await roundHeader(challengeId, number);
  const facts = (await loadStageFacts(db(), challengeId))!;
  const stage = canJudge(facts, now);
  const board = await loadLeaderboard(actor, header.round.id);
  const proposed = proposal(board.entries, header.round.advanceCount);
  const results = await db()
    .selectFrom("round_result")
    .innerJoin("entry", "entry.id", "round_result.entry_id")
    .select([
      "entry.id",
      "entry.reference",
      "entry.title",
      "round_result.rank",
      "round_result.raw_score",
      "round_result.normalised_score",
      "round_result.judge_count",
      "round_result.selected",
      "round_result.override_reason",
    ])
    .where("round_result.round_id", "=", header.round.id)
    .orderBy("round_result.rank")
    .execute();
  const decisions = await decisionsFor(header.round.id);
  return {
    ...header,
    board,
    proposed: [...proposed],
    progress: await progress(header.round.id),
    decisions: decisions.filter((d) => d.decision === "excluded" || d.decision === "included"),
    /** Why confirming is not possible yet, if it is not (the same words confirmRound refuses with). */
    notYet: stage.ok ? null : stage.reason,
    unjudged:
      header.round.status === "confirmed"
        ? []
        : await unjudgedEntries(db(), { id: header.round.id, challenge_id: challengeId, number }),
    /** Whether the next round exists already: the link after round 1 goes to it, not to its creation. */
    nextRoundExists: facts.rounds.some((r) => r.number === number + 1),
    results: results.map((r) => ({
      entryId: r.id,
      reference: r.reference,
      title: r.title,
      rank: r.rank,
      raw: r.raw_score === null ? null : Number(r.raw_score),
      normalised: r.normalised_score === null ? null : Number(r.normalised_score),
      judgeCount: r.judge_count,
      selected: r.selected,
      overrideReason: r.override_reason,
    })),
  };
}

async function rankInTransaction(
  trx: Trx,
  round: { id: number; challenge_id: number; number: number; rank_by: RankBy; disagreement_threshold: number },
) {
  const [criteria, entries, scores] = await Promise.all([
    trx
      .selectFrom("criterion")
      .select(["id", "name", "weight", "scale_min", "scale_max"])
      .where("challenge_id", "=", round.challenge_id)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    roundEntries(trx, round),
    loadSubmittedScores(trx, round.id),
  ]);
  return rankEntries(
    criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight, scaleMin: c.scale_min, scaleMax: c.scale_max })),
    entries.map((e) => ({ id: e.id, reference: e.reference })),
    reviewsFromScores(scores),
    { rankBy: round.rank_by, disagreementThreshold: round.disagreement_threshold },
  );
}

/** References of the entries a round must judge that have no live assignment, in entry order. */
export async function unjudgedEntries(
  executor: Executor,
  round: { id: number; challenge_id: number; number: number },
): Promise<string[]> {
  const entries = await roundEntries(executor, round);
  if (!entries.length) return [];
  const assigned = await executor
    .selectFrom("assignment")
    .select("entry_id")
    .distinct()
    .where("round_id", "=", round.id)
    .where("removed_at", "is", null)
    .execute();
  const judged = new Set(assigned.map((a) => a.entry_id));
  return entries.filter((e) => !judged.has(e.id)).map((e) => e.reference);
}

function proposal(entries: { entryId: number; judgeCount: number }[], count: number): Set<number> {
  return new Set(
    entries
      .filter((e) => e.judgeCount > 0)
      .slice(0, count)
      .map((e) => e.entryId),
  );
}

function rounded(x: number | null): string | null {
  return x === null ? null : x.toFixed(3);
}

/**
 * Confirms the round: `selected` is the set of entry ids staff chose (by default the proposal).
 * Any difference from the proposal is an override and needs `reason`. Returns how many were selected.
 */
export async function confirmRound(
  actor: Actor,
  challengeId: number,
  number: 1 | 2,
  input: { selected: number[]; reason: string },
  now = new Date(),
): Promise<{ selected: number }> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const round = await lockRound(trx, challengeId, number);
      if (round.status === "confirmed") throw conflict("This round has already been confirmed.");
      if (round.status === "setup") throw conflict("Scoring has not started in this round.");
      // A round made before the stage rule existed may sit on a challenge that is still open.
      const stage = canJudge((await loadStageFacts(trx, challengeId))!, now);
      if (!stage.ok) throw conflict(`The result cannot be confirmed yet. ${stage.reason}.`);
      // An entry the round must judge but nobody is judging (e.g. marked eligible again after the
      // assignment ran) would otherwise drop out of the ranking without anyone deciding so.
      const unjudged = await unjudgedEntries(trx, round);
      if (unjudged.length) {
        throw invalid(
          `${unjudged.join(", ")} ${unjudged.length === 1 ? "has" : "have"} no judges in this round. Run the assignment again, or record that ${unjudged.length === 1 ? "it is" : "they are"} not eligible, before confirming.`,
        );
      }
      // Ranked from this transaction's own reads, under the round lock (the embedded database has a
      // single connection, so nothing here may wait on a second one).
      const board = await rankInTransaction(trx, round);
      const ranked = board.entries;
      const known = new Set(ranked.map((e) => e.entryId));
      const chosen = new Set(input.selected);
      if ([...chosen].some((id) => !known.has(id))) throw invalid("Choose entries from the list", "selected");
      if (!chosen.size)
        throw invalid(number === 1 ? "Choose the entries on the shortlist" : "Choose the winners", "selected");
      const proposed = proposal(ranked, round.advance_count);
      const included = [...chosen].filter((id) => !proposed.has(id));
      const excluded = [...proposed].filter((id) => !chosen.has(id));
      const overridden = included.length + excluded.length > 0;
      const reason = input.reason.trim();
      if (overridden && !reason) {
        throw invalid("Give the reason for changing the proposed list: it is recorded with the result", "reason");
      }
      const overrideSet = new Set([...included, ...excluded]);
      await trx
        .insertInto("round_result")
        .values(
          ranked.map((e) => ({
            round_id: round.id,
            entry_id: e.entryId,
            rank: e.rank,
            raw_score: rounded(e.raw),
            normalised_score: rounded(e.normalised),
            judge_count: e.judgeCount,
            selected: chosen.has(e.entryId),
            override_reason: overrideSet.has(e.entryId) ? reason.slice(0, 5000) : null,
          })),
        )
        .execute();
      await trx
        .updateTable("judging_round")
        .set({
          status: "confirmed",
          confirmed_at: now,
          confirmed_by: actor.id,
          closed_at: round.closed_at ?? now,
          version: sql`version + 1`,
        })
        .where("id", "=", round.id)
        .execute();
      const references = await referencesOf(trx, [...chosen, ...overrideSet]);
      await auditRound(trx, actor, round.id, "judging.round_confirmed", {
        challengeId,
        number,
        rankBy: round.rank_by,
        selected: [...chosen].map((id) => references.get(id)),
        included: included.map((id) => references.get(id)),
        excluded: excluded.map((id) => references.get(id)),
        reason: overridden ? reason : null,
      });
      return { selected: chosen.size };
    });
}
