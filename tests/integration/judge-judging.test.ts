import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { addAffiliation, affiliationsPage, removeAffiliation } from "../../app/services/judging/affiliations.server";
import {
  confirmDeclaration,
  declarationPage,
  refreshAutomaticConflicts,
} from "../../app/services/judging/conflicts.server";
import type { AppError } from "../../app/services/app-error.server";
import {
  judgeAssignmentFor,
  judgeQueue,
  ReviewChangedError,
  ROUND_CLOSED_MESSAGE,
  saveReview,
  scoringPage,
} from "../../app/services/judging/reviews.server";
import { createScenario, type Scenario } from "../../app/dev-tools/test-scenarios.server";
import { openRoundForJudges } from "../../app/dev-tools/test-judging.server";
import { overlapping } from "../support/concurrency";
import { useTestDatabase } from "../support/database";
import { makeUser } from "../support/staff-entries-fixtures";

const t = useTestDatabase();

const BIRMINGHAM = "E08000025";

async function world(options: { hideOrganisation?: boolean } = {}) {
  // Entries 0 and 3 are based in Birmingham, 1 and 4 in Coventry, 2 and 5 in Dudley.
  const scenario = await createScenario({ entries: 6, label: "Judge" });
  const judgeA = await makeUser(t.db, "Judge Ada", ["judge"]);
  const judgeB = await makeUser(t.db, "Judge Ben", ["judge"]);
  const round = await openRoundForJudges({
    challengeId: scenario.challengeId,
    judgeUserIds: [judgeA.id, judgeB.id],
    hideOrganisation: options.hideOrganisation,
  });
  const assignment = (judge: { id: number }, index: number) =>
    round.assignments.find((a) => a.judgeUserId === judge.id && a.entryId === scenario.entries[index]!.id)!
      .assignmentId;
  return { scenario, judgeA, judgeB, round, assignment };
}

async function declareNone(scenario: Scenario, judge: { id: number }) {
  const result = await confirmDeclaration(
    { id: judge.id },
    { challengeId: scenario.challengeId, conflicts: [], confirmed: true },
  );
  expect(result).toMatchObject({ declared: 0 });
}

function fullScores(scenario: Scenario, score = "3"): Record<string, string> {
  return Object.fromEntries(scenario.criterionIds.map((id) => [`score-${id}`, score]));
}

/** Every way a judge can reach an entry: all must say not found. */
async function expectUnreachable(judgeId: number, assignmentId: number, scenario: Scenario) {
  await expect(judgeAssignmentFor({ id: judgeId }, assignmentId)).rejects.toMatchObject({ kind: "not_found" });
  await expect(scoringPage({ id: judgeId }, assignmentId)).rejects.toMatchObject({ kind: "not_found" });
  const queue = await judgeQueue({ id: judgeId });
  expect(queue.rounds.flatMap((r) => r.entries).map((e) => e.assignmentId)).not.toContain(assignmentId);
  const save = saveReview({ id: judgeId }, { assignmentId, version: 0, intent: "save", values: {} });
  await expect(save).rejects.toMatchObject({ kind: "not_found" });
  const submit = saveReview(
    { id: judgeId },
    { assignmentId, version: 0, intent: "submit", values: fullScores(scenario) },
  );
  await expect(submit).rejects.toMatchObject({ kind: "not_found" });
}

describe("the declaration of interests", () => {
  it("shows a judge on the round the entrant organisations by name, and nobody else anything", async () => {
    const { scenario, judgeA } = await world();
    const page = await declarationPage({ id: judgeA.id }, scenario.challengeId);
    expect(page?.organisations.map((o) => o.name)).toEqual(scenario.entries.map((e) => e.organisationName).sort());
    expect(page?.completedAt).toBeNull();
    const outsider = await makeUser(t.db, "Judge Elsewhere", ["judge"]);
    await expect(declarationPage({ id: outsider.id }, scenario.challengeId)).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(
      confirmDeclaration({ id: outsider.id }, { challengeId: scenario.challengeId, conflicts: [], confirmed: true }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });

  it("keeps every entry from a judge who has not confirmed the declaration", async () => {
    const { scenario, judgeA, assignment } = await world();
    const queue = await judgeQueue({ id: judgeA.id });
    expect(queue.declarationsDue).toEqual([{ challengeId: scenario.challengeId, title: expect.any(String) }]);
    expect(queue.rounds).toEqual([]);
    await expectUnreachable(judgeA.id, assignment(judgeA, 1), scenario);

    await declareNone(scenario, judgeA);
    const after = await judgeQueue({ id: judgeA.id });
    expect(after.declarationsDue).toEqual([]);
    expect(after.rounds[0]).toMatchObject({ total: 6, submitted: 0 });
    expect(await scoringPage({ id: judgeA.id }, assignment(judgeA, 1))).not.toBeNull();
  });

  it("needs a reason for each conflict declared", async () => {
    const { scenario, judgeA } = await world();
    const target = scenario.entries[1]!;
    const result = confirmDeclaration(
      { id: judgeA.id },
      {
        challengeId: scenario.challengeId,
        conflicts: [{ organisationId: target.organisationId, reason: "   " }],
        confirmed: false,
      },
    );
    await expect(result).rejects.toMatchObject({
      kind: "invalid",
      fields: {
        [`reason-${target.organisationId}`]: `Enter why you have a conflict with ${target.organisationName}`,
        confirm: "Confirm that you have declared every conflict of interest you have",
      },
    });
    expect((await judgeQueue({ id: judgeA.id })).declarationsDue).toHaveLength(1);
  });

  it("hides a conflicted entry from every query a judge can reach, and from nobody else", async () => {
    const { scenario, judgeA, judgeB, assignment } = await world();
    const target = scenario.entries[2]!;
    const result = await confirmDeclaration(
      { id: judgeA.id },
      {
        challengeId: scenario.challengeId,
        conflicts: [{ organisationId: target.organisationId, reason: "I am their treasurer" }],
        confirmed: true,
      },
    );
    expect(result).toMatchObject({ declared: 1 });
    await expectUnreachable(judgeA.id, assignment(judgeA, 2), scenario);
    const queue = await judgeQueue({ id: judgeA.id });
    expect(queue.rounds[0]).toMatchObject({ total: 5 });
    // Judge B has no conflict with it.
    await declareNone(scenario, judgeB);
    expect(await scoringPage({ id: judgeB.id }, assignment(judgeB, 2))).not.toBeNull();
  });

  it("keeps a conflicted entry hidden even when an assignment to it is made after the conflict", async () => {
    const { scenario, judgeA, round } = await world();
    const target = scenario.entries[2]!;
    await confirmDeclaration(
      { id: judgeA.id },
      {
        challengeId: scenario.challengeId,
        conflicts: [{ organisationId: target.organisationId, reason: "Former employer" }],
        confirmed: true,
      },
    );
    // Say staff swapped it back in by hand: the assignment is live, the conflict still wins.
    const late = await t.db
      .insertInto("assignment")
      .values({ round_id: round.roundId, entry_id: target.id, judge_user_id: judgeA.id, source: "manual" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expectUnreachable(judgeA.id, late.id, scenario);
  });

  it("flags the organisations in a council area a judge works for, and keeps their entries from the judge", async () => {
    const { scenario, judgeA, assignment } = await world();
    expect(
      await addAffiliation(
        { id: judgeA.id },
        { kind: "council", localAuthorityCode: BIRMINGHAM, roleDescription: "Housing officer" },
      ),
    ).toMatchObject({ ended: expect.any(Array) });
    const page = await declarationPage({ id: judgeA.id }, scenario.challengeId);
    const flagged = page!.organisations.filter((o) => o.recorded || o.automaticReason);
    expect(flagged.map((o) => o.id).sort()).toEqual(
      [scenario.entries[0]!.organisationId, scenario.entries[3]!.organisationId].sort(),
    );
    expect(flagged[0]!.recorded?.reason ?? flagged[0]!.automaticReason).toBe(
      "You work for Birmingham council, where this organisation is based",
    );
    await declareNone(scenario, judgeA);
    const conflicts = await t.db
      .selectFrom("judge_conflict")
      .select(["organisation_id", "source"])
      .where("judge_user_id", "=", judgeA.id)
      .execute();
    expect(conflicts.every((c) => c.source === "automatic")).toBe(true);
    expect(conflicts).toHaveLength(2);
    await expectUnreachable(judgeA.id, assignment(judgeA, 0), scenario);
    await expectUnreachable(judgeA.id, assignment(judgeA, 3), scenario);
    expect(await scoringPage({ id: judgeA.id }, assignment(judgeA, 1))).not.toBeNull();
  });

  it("protects a judge who never opened the declaration when staff refresh conflicts before assigning", async () => {
    const { scenario, judgeB } = await world();
    // Typed, in another case and spacing, before any round: no declaration, no page visited.
    await t.db
      .insertInto("judge_affiliation")
      .values({
        user_id: judgeB.id,
        kind: "organisation",
        organisation_name: `  ${scenario.entries[4]!.organisationName.toUpperCase()} `,
      })
      .execute();
    const result = await t.db.transaction().execute((trx) => refreshAutomaticConflicts(trx, scenario.challengeId));
    expect(result.added).toBe(1);
    expect(result.assignmentsEnded).toHaveLength(1);
    const conflict = await t.db
      .selectFrom("judge_conflict")
      .selectAll()
      .where("judge_user_id", "=", judgeB.id)
      .executeTakeFirstOrThrow();
    expect(conflict).toMatchObject({ organisation_id: scenario.entries[4]!.organisationId, source: "automatic" });
    expect(conflict.reason).toBe(`You work for ${scenario.entries[4]!.organisationName}`);
    // Running it again changes nothing.
    expect(
      await t.db.transaction().execute((trx) => refreshAutomaticConflicts(trx, scenario.challengeId)),
    ).toMatchObject({ added: 0, removed: 0 });
  });

  it("ends the assignment when a conflict is declared after it, even a submitted one, and audits it", async () => {
    const { scenario, judgeA, assignment } = await world();
    await declareNone(scenario, judgeA);
    const scored = assignment(judgeA, 1);
    expect(
      await saveReview(
        { id: judgeA.id },
        { assignmentId: scored, version: 0, intent: "submit", values: fullScores(scenario) },
      ),
    ).toMatchObject({
      status: "submitted",
    });
    const result = await confirmDeclaration(
      { id: judgeA.id },
      {
        challengeId: scenario.challengeId,
        conflicts: [
          { organisationId: scenario.entries[1]!.organisationId, reason: "My sister runs it" },
          { organisationId: scenario.entries[5]!.organisationId, reason: "I advised them on their bid" },
        ],
        confirmed: true,
      },
    );
    expect(result).toMatchObject({ declared: 2 });
    const ended = result.ended;
    expect(ended.map((e) => [e.reference, e.reviewSubmitted]).sort()).toEqual(
      [
        [scenario.entries[1]!.reference, true],
        [scenario.entries[5]!.reference, false],
      ].sort(),
    );
    const row = await t.db
      .selectFrom("assignment")
      .select(["removed_at", "removed_reason"])
      .where("id", "=", scored)
      .executeTakeFirstOrThrow();
    expect(row.removed_at).not.toBeNull();
    expect(row.removed_reason).toBe("Conflict declared");
    // The submitted review is kept as history.
    expect(
      await t.db.selectFrom("review").select("status").where("assignment_id", "=", scored).executeTakeFirst(),
    ).toEqual({ status: "submitted" });
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "subject_id"])
      .where("action", "=", "judging.assignment_ended")
      .execute();
    expect(audit.map((a) => a.subject_id)).toContain(String(scored));
    await expectUnreachable(judgeA.id, scored, scenario);
  });
});

describe("scoring", () => {
  it("keeps partial scores saved for later, and shows them when the judge comes back", async () => {
    const { scenario, judgeA, assignment } = await world();
    await declareNone(scenario, judgeA);
    const id = assignment(judgeA, 0);
    const [first, second] = scenario.criterionIds;
    const saved = await saveReview(
      { id: judgeA.id },
      {
        assignmentId: id,
        version: 0,
        intent: "save",
        values: { [`score-${first}`]: "4", [`comment-${second}`]: "Unclear plan", overallComment: "Promising" },
      },
    );
    expect(saved).toMatchObject({ status: "in_progress" });
    const page = await scoringPage({ id: judgeA.id }, id);
    expect(page?.review).toMatchObject({ status: "in_progress", version: 1, overallComment: "Promising" });
    expect(page?.review?.scores[first!]).toEqual({ score: 4, comment: "" });
    expect(page?.review?.scores[second!]).toEqual({ score: null, comment: "Unclear plan" });
    const queue = await judgeQueue({ id: judgeA.id });
    expect(queue.rounds[0]!.entries.find((e) => e.assignmentId === id)?.status).toBe("in_progress");
  });

  it("needs every criterion scored to submit, and saves nothing when one is missing", async () => {
    const { scenario, judgeA, assignment } = await world();
    await declareNone(scenario, judgeA);
    const id = assignment(judgeA, 0);
    const values = fullScores(scenario);
    const missing = scenario.criterionIds[3]!;
    delete values[`score-${missing}`];
    const result = saveReview({ id: judgeA.id }, { assignmentId: id, version: 0, intent: "submit", values });
    const refusal = await result.catch((error: unknown) => error);
    expect(refusal).toMatchObject({ kind: "invalid" });
    expect(Object.keys((refusal as AppError).fields ?? {})).toEqual([`score-${missing}`]);
    expect(await t.db.selectFrom("review").selectAll().execute()).toEqual([]);

    const ok = await saveReview(
      { id: judgeA.id },
      { assignmentId: id, version: 0, intent: "submit", values: fullScores(scenario, "5") },
    );
    expect(ok).toMatchObject({ status: "submitted", resubmitted: false });
    const queue = await judgeQueue({ id: judgeA.id });
    expect(queue.rounds[0]).toMatchObject({ total: 6, submitted: 1 });
  });

  it("refuses a save from a form read before another window saved", async () => {
    const { scenario, judgeA, assignment } = await world();
    await declareNone(scenario, judgeA);
    const id = assignment(judgeA, 0);
    const first = scenario.criterionIds[0]!;
    // Two windows open the empty form (version 0); the first saves.
    expect(
      await saveReview(
        { id: judgeA.id },
        { assignmentId: id, version: 0, intent: "save", values: { [`score-${first}`]: "2" } },
      ),
    ).toMatchObject({
      reference: expect.any(String),
    });
    const stale = saveReview(
      { id: judgeA.id },
      { assignmentId: id, version: 0, intent: "save", values: { [`score-${first}`]: "5" } },
    );
    await expect(stale).rejects.toBeInstanceOf(ReviewChangedError);
    await expect(stale).rejects.toMatchObject({
      kind: "conflict",
      saved: { version: 1, scores: { [first]: { score: 2 } } },
    });
    expect((await scoringPage({ id: judgeA.id }, id))?.review?.scores[first]?.score).toBe(2);
    // Saving again from the refreshed form (version 1) is deliberate and goes through.
    expect(
      await saveReview(
        { id: judgeA.id },
        { assignmentId: id, version: 1, intent: "save", values: { [`score-${first}`]: "5" } },
      ),
    ).toMatchObject({
      reference: expect.any(String),
    });
  });

  it("lets a judge change submitted scores while the round is open, auditing each submission, and not once it is closed", async () => {
    const { scenario, judgeA, round, assignment } = await world();
    await declareNone(scenario, judgeA);
    const id = assignment(judgeA, 0);
    await saveReview(
      { id: judgeA.id },
      { assignmentId: id, version: 0, intent: "submit", values: fullScores(scenario, "2") },
    );
    // "Save for later" on a submitted review still needs every score and keeps it submitted.
    const partial = saveReview({ id: judgeA.id }, { assignmentId: id, version: 1, intent: "save", values: {} });
    await expect(partial).rejects.toMatchObject({ kind: "invalid" });
    expect(
      await saveReview(
        { id: judgeA.id },
        { assignmentId: id, version: 1, intent: "submit", values: fullScores(scenario, "4") },
      ),
    ).toMatchObject({
      status: "submitted",
      resubmitted: true,
    });
    const audit = await t.db
      .selectFrom("audit_event")
      .select("action")
      .where("action", "like", "judging.review_%")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["judging.review_submitted", "judging.review_resubmitted"]);

    await t.db.updateTable("judging_round").set({ status: "closed" }).where("id", "=", round.roundId).execute();
    const page = await scoringPage({ id: judgeA.id }, id);
    expect(page?.editable).toBe(false);
    expect(page?.review?.scores[scenario.criterionIds[0]!]?.score).toBe(4);
    await expect(
      saveReview(
        { id: judgeA.id },
        { assignmentId: id, version: 2, intent: "submit", values: fullScores(scenario, "1") },
      ),
    ).rejects.toMatchObject({
      kind: "conflict",
      message: ROUND_CLOSED_MESSAGE,
    });
    // A confirmed round is gone from the queue and the pages.
    await t.db.updateTable("judging_round").set({ status: "confirmed" }).where("id", "=", round.roundId).execute();
    await expect(scoringPage({ id: judgeA.id }, id)).rejects.toMatchObject({ kind: "not_found" });
    expect((await judgeQueue({ id: judgeA.id })).rounds).toEqual([]);
  });

  it("never shows a judge another judge's review or scores", async () => {
    const { scenario, judgeA, judgeB, assignment } = await world();
    await declareNone(scenario, judgeA);
    await declareNone(scenario, judgeB);
    const aId = assignment(judgeA, 0);
    await saveReview(
      { id: judgeA.id },
      { assignmentId: aId, version: 0, intent: "submit", values: fullScores(scenario, "5") },
    );
    // Judge B tries Ada's assignment directly: not found, and nothing of hers changes.
    await expectUnreachable(judgeB.id, aId, scenario);
    expect((await scoringPage({ id: judgeA.id }, aId))?.review?.status).toBe("submitted");
    // B's own page for the same entry shows B's (empty) review, not A's.
    const own = await scoringPage({ id: judgeB.id }, assignment(judgeB, 0));
    expect(own?.review).toBeNull();
    const queueB = await judgeQueue({ id: judgeB.id });
    expect(queueB.rounds[0]).toMatchObject({ total: 6, submitted: 0 });
    expect(queueB.rounds[0]!.entries.map((e) => e.status)).toEqual(Array(6).fill("not_started"));
  });

  it("hides the organisation in round 1 when the round says so, and shows it otherwise", async () => {
    const hidden = await world({ hideOrganisation: true });
    await declareNone(hidden.scenario, hidden.judgeA);
    const page = await scoringPage({ id: hidden.judgeA.id }, hidden.assignment(hidden.judgeA, 0));
    expect(page?.organisation).toBeNull();
    expect(JSON.stringify(page)).not.toContain(hidden.scenario.entries[0]!.organisationName);

    const shown = await world({ hideOrganisation: false });
    await declareNone(shown.scenario, shown.judgeA);
    const visible = await scoringPage({ id: shown.judgeA.id }, shown.assignment(shown.judgeA, 0));
    expect(visible?.organisation?.name).toBe(shown.scenario.entries[0]!.organisationName);
  });
});

describe("affiliations", () => {
  it("records an organisation by name (linked when it is an entrant) and a council, and removes them", async () => {
    const { scenario, judgeA } = await world();
    const target = scenario.entries[1]!;
    await addAffiliation(
      { id: judgeA.id },
      { kind: "organisation", organisationName: target.organisationName.toLowerCase(), roleDescription: "Trustee" },
    );
    await expect(
      addAffiliation({ id: judgeA.id }, { kind: "council", localAuthorityCode: "E99999999", roleDescription: "" }),
    ).rejects.toMatchObject({ kind: "invalid", field: "council", message: "Select a council from the list" });
    const page = await affiliationsPage({ id: judgeA.id });
    expect(page.affiliations).toMatchObject([
      { kind: "organisation", name: target.organisationName.toLowerCase(), roleDescription: "Trustee" },
    ]);
    const stored = await t.db.selectFrom("judge_affiliation").select("organisation_id").executeTakeFirstOrThrow();
    expect(stored.organisation_id).toBe(target.organisationId);

    // Another judge cannot remove it.
    const other = await makeUser(t.db, "Judge Other", ["judge"]);
    await expect(removeAffiliation({ id: other.id }, page.affiliations[0]!.id)).rejects.toMatchObject({
      kind: "not_found",
    });
    // Removing it drops the automatic conflict it caused (the judge is on the round).
    expect(await t.db.selectFrom("judge_conflict").select("source").execute()).toEqual([{ source: "automatic" }]);
    expect(await removeAffiliation({ id: judgeA.id }, page.affiliations[0]!.id)).toMatchObject({
      ended: expect.any(Array),
    });
    expect((await affiliationsPage({ id: judgeA.id })).affiliations).toEqual([]);
    expect(await t.db.selectFrom("judge_conflict").select("source").execute()).toEqual([]);
  });
});

const onPostgres = t.engine === "postgres";
if (!onPostgres) {
  console.warn(
    "judge-judging.test.ts: SKIPPED 'two windows submitting the first scores at the same moment': it needs several " +
      "real database connections, which the embedded database (PGlite, one connection) cannot give. Set " +
      "TEST_DATABASE_URL to run it; CI runs it on PostgreSQL.",
  );
}

describe.runIf(onPostgres)("two windows submitting the first scores at the same moment (PostgreSQL)", () => {
  let blocker: DatabaseHandle | undefined;

  beforeAll(async () => {
    blocker = await openDatabase({ databaseUrl: t.url, poolSize: 2 });
  });

  afterAll(async () => {
    await blocker?.close();
  });

  it("keeps one submission and tells the other window, without an error", async () => {
    const { scenario, judgeA, assignment } = await world();
    await declareNone(scenario, judgeA);
    const id = assignment(judgeA, 0);
    const outcomes = await overlapping(blocker!.db, () => [
      saveReview(
        { id: judgeA.id },
        { assignmentId: id, version: 0, intent: "submit", values: fullScores(scenario, "1") },
      ),
      saveReview(
        { id: judgeA.id },
        { assignmentId: id, version: 0, intent: "submit", values: fullScores(scenario, "5") },
      ),
    ]);
    const kinds = outcomes
      .map((o) =>
        o.status === "fulfilled"
          ? "saved"
          : o.reason instanceof ReviewChangedError
            ? "conflict"
            : `rejected: ${String(o.reason)}`,
      )
      .sort();
    expect(kinds).toEqual(["conflict", "saved"]);
    const reviews = await t.db.selectFrom("review").select(["status", "version"]).execute();
    expect(reviews).toEqual([{ status: "submitted", version: 1 }]);
  });
});
