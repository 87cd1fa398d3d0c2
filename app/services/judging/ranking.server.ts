import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";
import {
  explainEntry,
  rankEntries,
  TIE_BREAK_RULE,
  type EntryExplanation,
  type JudgeReview,
  type Leaderboard,
  type RankCriterion,
  type RankedEntry,
  type RankingOptions,
} from "../../domain/ranking";
import type { Actor } from "../actor.server";
import { notFound } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";
import { roundEntries } from "./rounds.server";

// The leaderboard of a round and the explanation of one entry's rank, computed from the submitted
// reviews (app/domain/ranking.ts does the arithmetic). Staff-only figures: both functions check the
// staff role themselves (assertStaff) before reading anything, as well as the routes' requireRole;
// nothing here is scoped to a judge.
//
// Which scores count: reviews with status 'submitted' on live assignments (removed_at is null) of
// the round. A judge who drops out keeps their submitted assignments live (see
// judging/assignment.server.ts), so their scores still count; an ended assignment's review does not.
//
// Speed: the scores come in ONE query (score → review → assignment: 90,000 scores for 5,000
// entries × 3 judges × 6 criteria, as 15,000 rows of one review each), run in parallel with the
// criteria, the entries and the judges' names; tests/load/ranking.mjs measures this function
// against its 200 ms target.

export interface LeaderboardRow extends RankedEntry {
  title: string;
  priorityAreaId: number | null;
}

export interface RoundLeaderboard extends Omit<Leaderboard, "entries"> {
  roundId: number;
  challengeId: number;
  roundNumber: number;
  options: RankingOptions;
  criteria: RankCriterion[];
  entries: LeaderboardRow[];
  /** Names of the round's judges (including any who withdrew), by user id. */
  judgeNames: Record<number, string>;
  tieBreakRule: string;
}

export interface JudgeComments {
  judgeId: number;
  overall: string;
  /** criterionId -> comment (only non-empty comments). */
  byCriterion: Record<number, string>;
}

export interface RoundEntryExplanation {
  roundId: number;
  challengeId: number;
  roundNumber: number;
  entry: { id: number; reference: string; title: string };
  explanation: EntryExplanation;
  judgeNames: Record<number, string>;
  /** The submitted reviews' comments on this entry, by judge id ascending. */
  comments: JudgeComments[];
}

interface RoundData {
  round: { id: number; challengeId: number; number: number; options: RankingOptions };
  criteria: RankCriterion[];
  entries: { id: number; reference: string; title: string; priorityAreaId: number | null }[];
  reviews: JudgeReview[];
  judgeNames: Record<number, string>;
}

interface RoundRow {
  id: number;
  challenge_id: number;
  number: number;
  rank_by: "normalised" | "raw";
  disagreement_threshold: number;
}

/**
 * Every submitted review of a round with its scores, in ONE query: one row per review, its
 * scores as a JSON object (criterion id -> score). Scores left blank (null) are left out.
 *
 * Why one row per review and not one per score: with ~90,000 score rows, parsing rows in the pg
 * driver was most of the leaderboard's time (a CPU profile showed it above the ranking itself);
 * 15,000 rows with a small JSON object each are parsed about four times faster. The scores are
 * grouped in the database by review id over the score table's primary key, limited to the
 * round's live submitted reviews first, so the grouping is a streaming merge with no sort.
 */
export async function loadSubmittedReviews(executor: Executor, roundId: number): Promise<JudgeReview[]> {
  const { rows } = await sql<JudgeReview>`
    select a.judge_user_id as "judgeId", a.entry_id as "entryId", x.scores
    from (
      select s.review_id, json_object_agg(s.criterion_id, s.score) as scores
      from score s
      where s.score is not null
        and s.review_id in (
          select r.id from review r join assignment a on a.id = r.assignment_id
          where a.round_id = ${roundId} and r.status = 'submitted' and a.removed_at is null)
      group by s.review_id
    ) x
    join review r on r.id = x.review_id
    join assignment a on a.id = r.assignment_id`.execute(executor);
  return rows;
}

export interface ScoreRow {
  reviewId: number;
  judgeId: number;
  entryId: number;
  criterionId: number;
  score: number;
}

/**
 * The same scores one row per (review, criterion), for callers that want them flat; turn them
 * into reviews with reviewsFromScores. loadSubmittedReviews is the faster way to the same reviews.
 */
export async function loadSubmittedScores(executor: Executor, roundId: number): Promise<ScoreRow[]> {
  const { rows } = await sql<ScoreRow>`
    select s.review_id as "reviewId", a.judge_user_id as "judgeId", a.entry_id as "entryId",
           s.criterion_id as "criterionId", s.score
    from score s
    join review r on r.id = s.review_id
    join assignment a on a.id = r.assignment_id
    where a.round_id = ${roundId}
      and r.status = 'submitted'
      and a.removed_at is null
      and s.score is not null`.execute(executor);
  return rows;
}

/** Groups flat score rows into one review per (judge, entry): a review is one assignment's. */
export function reviewsFromScores(rows: ScoreRow[]): JudgeReview[] {
  const byReview = new Map<number, JudgeReview>();
  for (const row of rows) {
    let review = byReview.get(row.reviewId);
    if (!review) {
      review = { judgeId: row.judgeId, entryId: row.entryId, scores: {} };
      byReview.set(row.reviewId, review);
    }
    review.scores[row.criterionId] = row.score;
  }
  return [...byReview.values()];
}

async function loadRoundData(roundId: number, overrides: Partial<RankingOptions> | undefined): Promise<RoundData> {
  const executor = db();
  const round = (
    await sql<RoundRow>`
      select id, challenge_id, number, rank_by, disagreement_threshold
      from judging_round where id = ${roundId}`.execute(executor)
  ).rows[0];
  if (!round) throw notFound();

  const [criteria, entries, scores, judges] = await Promise.all([
    sql<{ id: number; name: string; weight: number; scale_min: number; scale_max: number }>`
      select id, name, weight, scale_min, scale_max from criterion
      where challenge_id = ${round.challenge_id} order by position, id`.execute(executor),
    roundEntries(executor, round),
    loadSubmittedReviews(executor, round.id),
    sql<{ id: number; name: string }>`
      select u.id, u.name from app_user u
      where u.id in (select judge_user_id from round_judge where round_id = ${round.id}
                     union select judge_user_id from assignment where round_id = ${round.id} and removed_at is null)`.execute(
      executor,
    ),
  ]);

  const options: RankingOptions = {
    rankBy: overrides?.rankBy ?? round.rank_by,
    disagreementThreshold: overrides?.disagreementThreshold ?? round.disagreement_threshold,
  };
  const judgeNames: Record<number, string> = {};
  for (const j of judges.rows) judgeNames[j.id] = j.name;
  return {
    round: { id: round.id, challengeId: round.challenge_id, number: round.number, options },
    criteria: criteria.rows.map((c) => ({
      id: c.id,
      name: c.name,
      weight: c.weight,
      scaleMin: c.scale_min,
      scaleMax: c.scale_max,
    })),
    entries: entries.map((e) => ({
      id: e.id,
      reference: e.reference,
      title: e.title,
      priorityAreaId: e.priority_area_id,
    })),
    reviews: scores,
    judgeNames,
  };
}

/**
 * The full leaderboard of a round: every entry of the round ranked, with raw and normalised
 * scores, spread and flag, and each judge's statistics. `options` overrides the round's own
 * settings (judging_round.rank_by and disagreement_threshold). A 404 if there is no such round.
 */
export async function loadLeaderboard(
  actor: Actor,
  roundId: number,
  options?: Partial<RankingOptions>,
): Promise<RoundLeaderboard> {
  await assertStaff(db(), actor);
  const data = await loadRoundData(roundId, options);
  const board = rankEntries(data.criteria, data.entries, data.reviews, data.round.options);
  const byId = new Map(data.entries.map((e) => [e.id, e]));
  return {
    ...board,
    roundId: data.round.id,
    challengeId: data.round.challengeId,
    roundNumber: data.round.number,
    options: data.round.options,
    criteria: data.criteria,
    entries: board.entries.map((e) => ({
      ...e,
      title: byId.get(e.entryId)!.title,
      priorityAreaId: byId.get(e.entryId)!.priorityAreaId,
    })),
    judgeNames: data.judgeNames,
    tieBreakRule: TIE_BREAK_RULE,
  };
}

/**
 * How one entry's figures and rank were reached, for the staff entry page: each judge's scores,
 * their normalisation and the arithmetic, plus the judges' comments. A 404 if the round does not
 * exist or the entry is not in it.
 */
export async function loadEntryExplanation(
  actor: Actor,
  roundId: number,
  entryId: number,
  options?: Partial<RankingOptions>,
): Promise<RoundEntryExplanation> {
  await assertStaff(db(), actor);
  const data = await loadRoundData(roundId, options);
  const entry = data.entries.find((e) => e.id === entryId);
  if (!entry) throw notFound();
  const explanation = explainEntry(data.criteria, data.entries, data.reviews, entryId, data.round.options);
  const { rows } = await sql<{ judgeId: number; overall: string; criterionId: number | null; comment: string | null }>`
    select a.judge_user_id as "judgeId", r.overall_comment as overall, s.criterion_id as "criterionId", s.comment
    from review r
    join assignment a on a.id = r.assignment_id
    left join score s on s.review_id = r.id
    where a.round_id = ${data.round.id} and a.entry_id = ${entryId}
      and r.status = 'submitted' and a.removed_at is null
    order by a.judge_user_id, s.criterion_id`.execute(db());
  const comments = new Map<number, JudgeComments>();
  for (const row of rows) {
    const c = comments.get(row.judgeId) ?? { judgeId: row.judgeId, overall: row.overall, byCriterion: {} };
    if (row.criterionId !== null && row.comment) c.byCriterion[row.criterionId] = row.comment;
    comments.set(row.judgeId, c);
  }
  return {
    roundId: data.round.id,
    challengeId: data.round.challengeId,
    roundNumber: data.round.number,
    entry: { id: entry.id, reference: entry.reference, title: entry.title },
    explanation,
    judgeNames: data.judgeNames,
    comments: [...comments.values()],
  };
}
