import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { CriterionLevel, ReviewStatus, RoundStatus } from "../../../db/schema";
import { summariseEntry, type SummarySection } from "../../domain/entry-snapshot";
import { parseValues, type FormValues } from "../../domain/forms";
import {
  commentField,
  reviewSchema,
  scoreField,
  type ReviewIntent,
  type RubricCriterion,
} from "../../domain/judge-review-form";
import { organisationTypeLabel } from "../../domain/organisation-types";
import type { Actor } from "../actor.server";
import { assertJudge } from "../accounts/roles.server";
import { AppError, conflict, invalidFields, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { challengesOfJudge } from "./conflicts.server";
import { latestSubmission } from "../entries/entries.server";
import { loadRubric } from "./rubric.server";

// A judge's side of scoring: their queue, an entry as submitted, and their review of it.
//
// THE access rule, in one query (liveAssignments) that every judge page and action goes
// through: a judge reaches an entry only through a live assignment of their own, in a round
// that is open (or closed, to read), of a challenge whose declaration they have confirmed, and
// never when they have a conflict (declared or automatic) with the entry's organisation in that
// challenge. Anything else is "not found", never "forbidden": a 404 reveals nothing. Before the
// query, the person must hold the judge role now (forbidden otherwise): a judge whose role was
// removed keeps their assignments on record but reaches none of them. Reviews
// are only ever read through an assignment that passed this query, so no function here can
// return another judge's review.

/** The assignments a judge may see: live, in an open or closed round, declared, unconflicted. */
export function liveAssignments(executor: Executor, judgeUserId: number) {
  return executor
    .selectFrom("assignment")
    .innerJoin("judging_round", "judging_round.id", "assignment.round_id")
    .innerJoin("entry", (join) =>
      join.onRef("entry.id", "=", "assignment.entry_id").onRef("entry.challenge_id", "=", "judging_round.challenge_id"),
    )
    .innerJoin("challenge", "challenge.id", "judging_round.challenge_id")
    .where("assignment.judge_user_id", "=", judgeUserId)
    .where("assignment.removed_at", "is", null)
    .where("judging_round.status", "in", ["open", "closed"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("judge_declaration")
          .select(sql`1`.as("one"))
          .whereRef("judge_declaration.challenge_id", "=", "judging_round.challenge_id")
          .where("judge_declaration.judge_user_id", "=", judgeUserId),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("judge_conflict")
            .select(sql`1`.as("one"))
            .whereRef("judge_conflict.challenge_id", "=", "judging_round.challenge_id")
            .whereRef("judge_conflict.organisation_id", "=", "entry.organisation_id")
            .where("judge_conflict.judge_user_id", "=", judgeUserId),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("round_judge")
            .select(sql`1`.as("one"))
            .whereRef("round_judge.round_id", "=", "judging_round.id")
            .where("round_judge.judge_user_id", "=", judgeUserId)
            .where("round_judge.withdrawn_at", "is not", null),
        ),
      ),
    );
}

export interface JudgeAssignment {
  assignmentId: number;
  roundId: number;
  roundNumber: number;
  roundStatus: RoundStatus;
  hideOrganisation: boolean;
  scoringClosesAt: Date | null;
  challengeId: number;
  challengeTitle: string;
  entryId: number;
  reference: string;
  organisationId: number;
}

/**
 * The one gate: the judge's assignment if they may see it, else not found (a 404).
 * `forUpdate` locks the assignment row, so a conflict declared at the same moment (which ends
 * the assignment in its own transaction) and a save queue one behind the other.
 */
export async function judgeAssignmentFor(
  actor: Actor,
  assignmentId: number,
  executor: Executor = db(),
  forUpdate = false,
): Promise<JudgeAssignment> {
  await assertJudge(executor, actor);
  let query = liveAssignments(executor, actor.id)
    .select([
      "assignment.id as assignment_id",
      "judging_round.id as round_id",
      "judging_round.number as round_number",
      "judging_round.status as round_status",
      "judging_round.hide_organisation",
      "judging_round.scoring_closes_at",
      "challenge.id as challenge_id",
      "challenge.title as challenge_title",
      "entry.id as entry_id",
      "entry.reference",
      "entry.organisation_id",
    ])
    .where("assignment.id", "=", assignmentId);
  if (forUpdate) query = query.forUpdate("assignment");
  const row = await query.executeTakeFirst();
  if (!row) throw notFound();
  return {
    assignmentId: row.assignment_id,
    roundId: row.round_id,
    roundNumber: row.round_number,
    roundStatus: row.round_status,
    hideOrganisation: row.hide_organisation,
    scoringClosesAt: row.scoring_closes_at ? new Date(row.scoring_closes_at) : null,
    challengeId: row.challenge_id,
    challengeTitle: row.challenge_title,
    entryId: row.entry_id,
    reference: row.reference,
    organisationId: row.organisation_id,
  };
}

// ---------------------------------------------------------------------------------------------
// The queue.

export type QueueStatus = "not_started" | "in_progress" | "submitted";

export interface QueueRound {
  roundId: number;
  roundNumber: number;
  status: RoundStatus;
  challengeId: number;
  challengeTitle: string;
  scoringClosesAt: string | null;
  total: number;
  submitted: number;
  entries: { assignmentId: number; reference: string; title: string; status: QueueStatus }[];
}

export interface QueuePage {
  /** Challenges the judge must declare conflicts for before seeing any of their entries. */
  declarationsDue: { challengeId: number; title: string }[];
  /** Challenges whose declaration is done (the judge may add to it). */
  declarationsDone: { challengeId: number; title: string; completedAt: string }[];
  rounds: QueueRound[];
}

export async function judgeQueue(actor: Actor): Promise<QueuePage> {
  const judgeUserId = actor.id;
  const executor = db();
  await assertJudge(executor, actor);
  const [challenges, declarations, rows] = await Promise.all([
    challengesOfJudge(executor, judgeUserId),
    executor
      .selectFrom("judge_declaration")
      .select(["challenge_id", "completed_at"])
      .where("judge_user_id", "=", judgeUserId)
      .execute(),
    liveAssignments(executor, judgeUserId)
      .leftJoin("review", "review.assignment_id", "assignment.id")
      .select([
        "assignment.id as assignment_id",
        "judging_round.id as round_id",
        "judging_round.number as round_number",
        "judging_round.status as round_status",
        "judging_round.scoring_closes_at",
        "challenge.id as challenge_id",
        "challenge.title as challenge_title",
        "entry.reference",
        "review.status as review_status",
        // The title as submitted: what the judge reads, not later edits to the live entry.
        sql<
          string | null
        >`(select s.snapshot->>'title' from entry_submission s where s.entry_id = entry.id order by s.entry_version desc limit 1)`.as(
          "title",
        ),
      ])
      .orderBy("challenge.id")
      .orderBy("judging_round.number")
      .orderBy("entry.reference")
      .execute(),
  ]);
  const declared = new Map(declarations.map((d) => [d.challenge_id, new Date(d.completed_at).toISOString()]));
  const rounds = new Map<number, QueueRound>();
  for (const row of rows) {
    let round = rounds.get(row.round_id);
    if (!round) {
      round = {
        roundId: row.round_id,
        roundNumber: row.round_number,
        status: row.round_status,
        challengeId: row.challenge_id,
        challengeTitle: row.challenge_title,
        scoringClosesAt: row.scoring_closes_at ? new Date(row.scoring_closes_at).toISOString() : null,
        total: 0,
        submitted: 0,
        entries: [],
      };
      rounds.set(row.round_id, round);
    }
    const status: QueueStatus =
      row.review_status === "submitted" ? "submitted" : row.review_status ? "in_progress" : "not_started";
    round.total += 1;
    if (status === "submitted") round.submitted += 1;
    round.entries.push({ assignmentId: row.assignment_id, reference: row.reference, title: row.title ?? "", status });
  }
  return {
    declarationsDue: challenges.filter((c) => !declared.has(c.id)).map((c) => ({ challengeId: c.id, title: c.title })),
    declarationsDone: challenges
      .filter((c) => declared.has(c.id))
      .map((c) => ({ challengeId: c.id, title: c.title, completedAt: declared.get(c.id)! })),
    rounds: [...rounds.values()],
  };
}

// ---------------------------------------------------------------------------------------------
// One entry and the judge's review of it.

export interface ScoringCriterion extends RubricCriterion {
  guidance: string;
  weight: number;
  levels: CriterionLevel[];
}

export interface SavedReview {
  status: ReviewStatus;
  version: number;
  submittedAt: string | null;
  updatedAt: string;
  overallComment: string;
  scores: Record<number, { score: number | null; comment: string }>;
}

export interface ScoringPage {
  assignment: Omit<JudgeAssignment, "organisationId" | "scoringClosesAt"> & { scoringClosesAt: string | null };
  /** Null when the round hides who entered. */
  organisation: { name: string; type: string } | null;
  title: string;
  sections: SummarySection[];
  criteria: ScoringCriterion[];
  review: SavedReview | null;
  /** Scores can be saved and (re)submitted only while the round is open. */
  editable: boolean;
}

/** The review of an assignment that has already passed judgeAssignmentFor. */
async function reviewOf(
  executor: Executor,
  assignmentId: number,
  forUpdate = false,
): Promise<(SavedReview & { id: number }) | null> {
  let query = executor
    .selectFrom("review")
    .select(["id", "status", "version", "submitted_at", "updated_at", "overall_comment"])
    .where("assignment_id", "=", assignmentId);
  if (forUpdate) query = query.forUpdate();
  const review = await query.executeTakeFirst();
  if (!review) return null;
  const scores = await executor
    .selectFrom("score")
    .select(["criterion_id", "score", "comment"])
    .where("review_id", "=", review.id)
    .execute();
  return {
    id: review.id,
    status: review.status,
    version: review.version,
    submittedAt: review.submitted_at ? new Date(review.submitted_at).toISOString() : null,
    updatedAt: new Date(review.updated_at).toISOString(),
    overallComment: review.overall_comment,
    scores: Object.fromEntries(scores.map((s) => [s.criterion_id, { score: s.score, comment: s.comment }])),
  };
}

function withoutId({ id: _id, ...review }: SavedReview & { id: number }): SavedReview {
  return review;
}

// The judge reads the idea, not the paperwork: consents and the declaration are left out.
const SECTIONS_FOR_JUDGES = new Set(["idea", "need", "priority", "where", "delivery"]);

export async function scoringPage(actor: Actor, assignmentId: number): Promise<ScoringPage> {
  const executor = db();
  const assignment = await judgeAssignmentFor(actor, assignmentId, executor);
  const [submission, criteria, review] = await Promise.all([
    latestSubmission(assignment.entryId, executor),
    loadRubric(executor, assignment.challengeId),
    reviewOf(executor, assignment.assignmentId),
  ]);
  if (!submission) throw notFound();
  const { snapshot } = submission;
  const hidden = assignment.hideOrganisation && assignment.roundNumber === 1;
  const { organisationId: _organisationId, scoringClosesAt, ...visible } = assignment;
  return {
    assignment: { ...visible, scoringClosesAt: scoringClosesAt?.toISOString() ?? null },
    organisation: hidden
      ? null
      : { name: snapshot.organisation.name, type: organisationTypeLabel(snapshot.organisation.type) },
    title: snapshot.title,
    sections: summariseEntry(snapshot).filter((s) => SECTIONS_FOR_JUDGES.has(s.key)),
    criteria,
    review: review ? withoutId(review) : null,
    editable: assignment.roundStatus === "open",
  };
}

// ---------------------------------------------------------------------------------------------
// Saving and submitting.

export interface SaveReviewInput {
  assignmentId: number;
  /** The review version the form was read at: 0 when there was no review yet. */
  version: number;
  intent: ReviewIntent;
  values: FormValues;
}

export interface SavedOutcome {
  status: ReviewStatus;
  resubmitted: boolean;
  reference: string;
}

export const ROUND_CLOSED_MESSAGE = "Scoring has closed for this round, so your scores cannot be changed";
export const REVIEW_CHANGED_MESSAGE =
  "Your scores for this entry were changed in another window since you opened this page. The saved scores are shown below; your changes are kept in the form. Check them and save again";

/**
 * The conflict of a form read before another window saved. It carries the review as saved now,
 * so the page can show it next to what the judge typed and take the new version.
 */
export class ReviewChangedError extends AppError {
  constructor(readonly saved: SavedReview) {
    super("conflict", REVIEW_CHANGED_MESSAGE, { field: "form" });
  }
}

/**
 * Saves the judge's review: "save" keeps whatever is scored so far (in progress); "submit"
 * needs every criterion and records the submission in the audit trail. A submitted review may
 * be changed and submitted again while the round is open; saving it for later is then the same
 * as submitting (a submitted review never goes back to in progress). A form read before another
 * window saved is refused with ReviewChangedError; a closed round with a conflict.
 */
export async function saveReview(actor: Actor, input: SaveReviewInput, now = new Date()): Promise<SavedOutcome> {
  return db()
    .transaction()
    .execute(async (trx): Promise<SavedOutcome> => {
      const assignment = await judgeAssignmentFor(actor, input.assignmentId, trx, true);
      if (assignment.roundStatus !== "open") throw conflict(ROUND_CLOSED_MESSAGE);
      const existing = await reviewOf(trx, assignment.assignmentId, true);
      const currentVersion = existing?.version ?? 0;
      if (existing && input.version !== existing.version) throw new ReviewChangedError(withoutId(existing));
      const intent: ReviewIntent = existing?.status === "submitted" ? "submit" : input.intent;
      const criteria = await loadRubric(trx, assignment.challengeId);
      const parsed = parseValues(reviewSchema(criteria, intent), input.values);
      if (!parsed.ok) throw invalidFields(parsed.errors);
      const answers = parsed.data;
      const status: ReviewStatus = intent === "submit" ? "submitted" : "in_progress";

      let reviewId: number;
      if (existing) {
        const updated = await trx
          .updateTable("review")
          .set({
            status,
            overall_comment: answers.overallComment,
            version: sql<number>`version + 1`,
            updated_at: now,
            submitted_at: status === "submitted" ? now : null,
          })
          .where("id", "=", existing.id)
          .where("version", "=", currentVersion)
          .returning("id")
          .executeTakeFirst();
        // The row is locked, so this cannot happen; if it ever did, nothing is overwritten.
        if (!updated) throw new Error(`review ${existing.id} changed while locked`);
        reviewId = updated.id;
      } else {
        // The assignment row is locked, so two first saves from two windows queue here; the
        // second finds the review and is refused above on its version.
        const inserted = await trx
          .insertInto("review")
          .values({
            assignment_id: assignment.assignmentId,
            status,
            overall_comment: answers.overallComment,
            started_at: now,
            updated_at: now,
            submitted_at: status === "submitted" ? now : null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        reviewId = inserted.id;
      }
      await trx.deleteFrom("score").where("review_id", "=", reviewId).execute();
      await trx
        .insertInto("score")
        .values(
          answers.scores.map((s) => ({
            review_id: reviewId,
            criterion_id: s.criterionId,
            score: s.score,
            comment: s.comment,
          })),
        )
        .execute();

      const resubmitted = existing?.status === "submitted";
      if (status === "submitted") {
        await recordAudit(trx, {
          action: resubmitted ? "judging.review_resubmitted" : "judging.review_submitted",
          actorUserId: actor.id,
          subjectType: "review",
          subjectId: reviewId,
          ip: actor.ip ?? null,
          details: {
            assignmentId: assignment.assignmentId,
            roundId: assignment.roundId,
            reference: assignment.reference,
            scores: Object.fromEntries(answers.scores.map((s) => [s.criterionId, s.score])),
          },
        });
      }
      return { status, resubmitted, reference: assignment.reference };
    });
}

/** The form's values for a saved review, to fill the form in. */
export function reviewFormValues(review: SavedReview | null, criteria: readonly RubricCriterion[]): FormValues {
  const values: FormValues = { overallComment: review?.overallComment ?? "" };
  for (const criterion of criteria) {
    const saved = review?.scores[criterion.id];
    values[scoreField(criterion.id)] = saved?.score === null || saved?.score === undefined ? "" : String(saved.score);
    values[commentField(criterion.id)] = saved?.comment ?? "";
  }
  return values;
}
