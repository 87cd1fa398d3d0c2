import { db, type DB } from "../../db/client";
import { readLevels } from "../domain/rubric";
import type { Actor } from "../services/actor.server";
import { runAssignment } from "../services/judging/assignment.server";
import { confirmationView, confirmRound } from "../services/judging/moderation.server";
import { createRound, openRound, setRoundJudges } from "../services/judging/rounds.server";

// Test-only set-up for the staff side of judging. `fillScores` gives every live assignment of a
// round a submitted review with deterministic scores, so a journey reaches the leaderboard without
// judges scoring by hand; `prepareRound` takes a scenario's round through the staff services
// (create, judges, open, assign, and optionally scores and confirmation) so a journey can start
// at a later stage. Integration tests call these directly; end-to-end tests through
// POST /test-hooks/staff-judging (TEST_HOOKS=on only).
//
// The scores: entries in id order get a quality from best (first) to worst (last), which sets
// every criterion's score on its scale; judges in id order are alternately fair, harsh (one point
// less on the first criterion) and lenient (one more), so the judge chart shows a spread without
// tripping the disagreement flag. For each entry in `disagreeOn`, the lowest-id judge gives the
// lowest score on every criterion and the others the highest: a spread of 100 points.

export interface FillScoresInput {
  challengeId: number;
  number: 1 | 2;
  disagreeOn?: number[];
}

export async function fillScores(input: FillScoresInput, executor: DB = db()): Promise<{ reviews: number }> {
  return executor.transaction().execute(async (trx) => {
    const round = await trx
      .selectFrom("judging_round")
      .select(["id"])
      .where("challenge_id", "=", input.challengeId)
      .where("number", "=", input.number)
      .executeTakeFirstOrThrow();
    const criteria = await trx
      .selectFrom("criterion")
      .select(["id", "scale_min", "scale_max", "levels"])
      .where("challenge_id", "=", input.challengeId)
      .orderBy("position")
      .orderBy("id")
      .execute();
    const live = await trx
      .selectFrom("assignment")
      .leftJoin("review", "review.assignment_id", "assignment.id")
      .select([
        "assignment.id",
        "assignment.entry_id",
        "assignment.judge_user_id",
        "review.id as review_id",
        "review.status",
      ])
      .where("assignment.round_id", "=", round.id)
      .where("assignment.removed_at", "is", null)
      .execute();
    const entryIds = [...new Set(live.map((a) => a.entry_id))].sort((a, b) => a - b);
    const judgeIds = [...new Set(live.map((a) => a.judge_user_id))].sort((a, b) => a - b);
    const disagree = new Set(input.disagreeOn ?? []);
    let reviews = 0;
    for (const a of live) {
      if (a.status === "submitted") continue;
      const quality = entryIds.length > 1 ? 1 - entryIds.indexOf(a.entry_id) / entryIds.length : 1;
      const judgeIndex = judgeIds.indexOf(a.judge_user_id);
      const bias = judgeIndex % 3 === 1 ? -1 : judgeIndex % 3 === 2 ? 1 : 0;
      const firstJudge = Math.min(...live.filter((x) => x.entry_id === a.entry_id).map((x) => x.judge_user_id));
      const now = new Date();
      let reviewId = a.review_id;
      if (reviewId === null) {
        const row = await trx
          .insertInto("review")
          .values({
            assignment_id: a.id,
            status: "submitted",
            overall_comment: `Overall view ${a.entry_id}-${a.judge_user_id}.`,
            submitted_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        reviewId = row.id;
      } else {
        await trx
          .updateTable("review")
          .set({ status: "submitted", submitted_at: now, updated_at: now })
          .where("id", "=", reviewId)
          .execute();
        await trx.deleteFrom("score").where("review_id", "=", reviewId).execute();
      }
      const scores = criteria.map((c, i) => {
        const span = c.scale_max - c.scale_min;
        let score = c.scale_min + Math.round(quality * span) + (i === 0 ? bias : 0);
        if (disagree.has(a.entry_id)) score = a.judge_user_id === firstJudge ? c.scale_min : c.scale_max;
        score = Math.max(c.scale_min, Math.min(c.scale_max, score));
        const label = readLevels(c.levels).find((l) => l.score === score)?.label ?? "";
        return { review_id: reviewId!, criterion_id: c.id, score, comment: `Scored ${score}: ${label}`.slice(0, 200) };
      });
      if (scores.length) await trx.insertInto("score").values(scores).execute();
      reviews += 1;
    }
    return { reviews };
  });
}

export interface PrepareRoundInput {
  challengeId: number;
  number: 1 | 2;
  staffUserId: number;
  judgeUserIds: number[];
  judgesPerEntry?: number;
  advanceCount?: number;
  /** Fill in every review (see fillScores). */
  scores?: boolean;
  disagreeOn?: number[];
  /** Confirm the round with the proposed list (implies scores). */
  confirm?: boolean;
}

export async function prepareRound(input: PrepareRoundInput): Promise<{ roundId: number }> {
  const actor: Actor = { id: input.staffUserId, ip: null };
  // Each step names itself when a service refuses it, so a broken set-up says where it broke.
  const step = async (what: string, call: Promise<unknown>) => {
    try {
      await call;
    } catch (error) {
      throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  await step(
    "create the round",
    createRound(actor, input.challengeId, input.number, {
      judgesPerEntry: input.judgesPerEntry ?? Math.min(3, input.judgeUserIds.length),
      advanceCount: input.advanceCount ?? (input.number === 1 ? 3 : 1),
      hideOrganisation: true,
      disagreementThreshold: 25,
      rankBy: "normalised",
      scoringClosesAt: null,
    }),
  );
  await step(
    "choose the judges",
    setRoundJudges(
      actor,
      input.challengeId,
      input.number,
      input.judgeUserIds.map((judgeId) => ({ judgeId, cap: null })),
    ),
  );
  await step("open the round", openRound(actor, input.challengeId, input.number));
  await step("run the assignment", runAssignment(actor, input.challengeId, input.number));
  if (input.scores || input.confirm)
    await fillScores({ challengeId: input.challengeId, number: input.number, disagreeOn: input.disagreeOn });
  if (input.confirm) {
    const view = await confirmationView(actor, input.challengeId, input.number);
    await step(
      "confirm the round",
      confirmRound(actor, input.challengeId, input.number, { selected: view.proposed, reason: "" }),
    );
  }
  const round = await db()
    .selectFrom("judging_round")
    .select("id")
    .where("challenge_id", "=", input.challengeId)
    .where("number", "=", input.number)
    .executeTakeFirstOrThrow();
  return { roundId: round.id };
}
