import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { addAffiliation, affiliationsPage, removeAffiliation } from "../../app/services/judging/affiliations.server";
import {
  confirmDeclaration,
  declarationPage,
  refreshAutomaticConflicts,
} from "../../app/services/judging/conflicts.server";
import { judgeAssignmentFor, judgeQueue, saveReview, scoringPage } from "../../app/services/judging/reviews.server";
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
    { userId: judge.id },
    { challengeId: scenario.challengeId, conflicts: [], confirmed: true },
  );
  expect(result.kind).toBe("confirmed");
}

function fullScores(scenario: Scenario, score = "3"): Record<string, string> {
  return Object.fromEntries(scenario.criterionIds.map((id) => [`score-${id}`, score]));
}

/** Every way a judge can reach an entry: all must say not found. */
async function expectUnreachable(judgeId: number, assignmentId: number, scenario: Scenario) {
  expect(await judgeAssignmentFor(judgeId, assignmentId)).toBeNull();
  expect(await scoringPage(judgeId, assignmentId)).toBeNull();
  const queue = await judgeQueue(judgeId);
  expect(queue.rounds.flatMap((r) => r.entries).map((e) => e.assignmentId)).not.toContain(assignmentId);
  const save = await saveReview({ userId: judgeId }, { assignmentId, version: 0, intent: "save", values: {} });
  expect(save).toEqual({ kind: "not_found" });
  const submit = await saveReview(
    { userId: judgeId },
    { assignmentId, version: 0, intent: "submit", values: fullScores(scenario) },
  );
  expect(submit).toEqual({ kind: "not_found" });
}

describe("the declaration of interests", () => {
  it("shows a judge on the round the entrant organisations by name, and nobody else anything", async () => {
    const { scenario, judgeA } = await world();
    const page = await declarationPage(judgeA.id, scenario.challengeId);
    expect(page?.organisations.map((o) => o.name)).toEqual(scenario.entries.map((e) => e.organisationName).sort());
    expect(page?.completedAt).toBeNull();
    const outsider = await makeUser(t.db, "Judge Elsewhere", ["judge"]);
    expect(await declarationPage(outsider.id, scenario.challengeId)).toBeNull();
    expect(
      await confirmDeclaration(
        { userId: outsider.id },
        { challengeId: scenario.challengeId, conflicts: [], confirmed: true },
      ),
    ).toEqual({
      kind: "not_found",
    });
  });

  it("keeps every entry from a judge who has not confirmed the declaration", async () => {
    const { scenario, judgeA, assignment } = await world();
    const queue = await judgeQueue(judgeA.id);
    expect(queue.declarationsDue).toEqual([{ challengeId: scenario.challengeId, title: expect.any(String) }]);
    expect(queue.rounds).toEqual([]);
    await expectUnreachable(judgeA.id, assignment(judgeA, 1), scenario);

    await declareNone(scenario, judgeA);
    const after = await judgeQueue(judgeA.id);
    expect(after.declarationsDue).toEqual([]);
    expect(after.rounds[0]).toMatchObject({ total: 6, submitted: 0 });
    expect(await scoringPage(judgeA.id, assignment(judgeA, 1))).not.toBeNull();
  });

  it("needs a reason for each conflict declared", async () => {
    const { scenario, judgeA } = await world();
    const target = scenario.entries[1]!;
    const result = await confirmDeclaration(
      { userId: judgeA.id },
      {
        challengeId: scenario.challengeId,
        conflicts: [{ organisationId: target.organisationId, reason: "   " }],
        confirmed: false,
      },
    );
    expect(result).toEqual({
      kind: "invalid",
      errors: {
        [`reason-${target.organisationId}`]: `Enter why you have a conflict with ${target.organisationName}`,
        confirm: "Confirm that you have declared every conflict of interest you have",
      },
    });
    expect((await judgeQueue(judgeA.id)).declarationsDue).toHaveLength(1);
  });

  it("hides a conflicted entry from every query a judge can reach, and from nobody else", async () => {
    const { scenario, judgeA, judgeB, assignment } = await world();
    const target = scenario.entries[2]!;
    const result = await confirmDeclaration(
      { userId: judgeA.id },
      {
        challengeId: scenario.challengeId,
        conflicts: [{ organisationId: target.organisationId, reason: "I am their treasurer" }],
        confirmed: true,
      },
    );
    expect(result).toMatchObject({ kind: "confirmed", declared: 1 });
    await expectUnreachable(judgeA.id, assignment(judgeA, 2), scenario);
    const queue = await judgeQueue(judgeA.id);
    expect(queue.rounds[0]).toMatchObject({ total: 5 });
    // Judge B has no conflict with it.
    await declareNone(scenario, judgeB);
    expect(await scoringPage(judgeB.id, assignment(judgeB, 2))).not.toBeNull();
  });

  it("keeps a conflicted entry hidden even when an assignment to it is made after the conflict", async () => {
    const { scenario, judgeA, round } = await world();
    const target = scenario.entries[2]!;
    await confirmDeclaration(
      { userId: judgeA.id },
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
        { userId: judgeA.id },
        { kind: "council", localAuthorityCode: BIRMINGHAM, roleDescription: "Housing officer" },
      ),
    ).toMatchObject({ kind: "saved" });
    const page = await declarationPage(judgeA.id, scenario.challengeId);
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
    expect(await scoringPage(judgeA.id, assignment(judgeA, 1))).not.toBeNull();
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
        { userId: judgeA.id },
        { assignmentId: scored, version: 0, intent: "submit", values: fullScores(scenario) },
      ),
    ).toMatchObject({
      kind: "saved",
      status: "submitted",
    });
    const result = await confirmDeclaration(
      { userId: judgeA.id },
      {
        challengeId: scenario.challengeId,
        conflicts: [
          { organisationId: scenario.entries[1]!.organisationId, reason: "My sister runs it" },
          { organisationId: scenario.entries[5]!.organisationId, reason: "I advised them on their bid" },
        ],
        confirmed: true,
      },
    );
    expect(result).toMatchObject({ kind: "confirmed", declared: 2 });
    const ended = result.kind === "confirmed" ? result.ended : [];
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
      { userId: judgeA.id },
      {
        assignmentId: id,
        version: 0,
        intent: "save",
        values: { [`score-${first}`]: "4", [`comment-${second}`]: "Unclear plan", overallComment: "Promising" },
      },
    );
    expect(saved).toMatchObject({ kind: "saved", status: "in_progress" });
    const page = await scoringPage(judgeA.id, id);
    expect(page?.review).toMatchObject({ status: "in_progress", version: 1, overallComment: "Promising" });
    expect(page?.review?.scores[first!]).toEqual({ score: 4, comment: "" });
    expect(page?.review?.scores[second!]).toEqual({ score: null, comment: "Unclear plan" });
    const queue = await judgeQueue(judgeA.id);
    expect(queue.rounds[0]!.entries.find((e) => e.assignmentId === id)?.status).toBe("in_progress");
  });

  it("needs every criterion scored to submit, and saves nothing when one is missing", async () => {
    const { scenario, judgeA, assignment } = await world();
    await declareNone(scenario, judgeA);
    const id = assignment(judgeA, 0);
    const values = fullScores(scenario);
    const missing = scenario.criterionIds[3]!;
    delete values[`score-${missing}`];
    const result = await saveReview({ userId: judgeA.id }, { assignmentId: id, version: 0, intent: "submit", values });
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && Object.keys(result.errors)).toEqual([`score-${missing}`]);
    expect(await t.db.selectFrom("review").selectAll().execute()).toEqual([]);

    const ok = await saveReview(
      { userId: judgeA.id },
      { assignmentId: id, version: 0, intent: "submit", values: fullScores(scenario, "5") },
    );
    expect(ok).toMatchObject({ kind: "saved", status: "submitted", resubmitted: false });
    const queue = await judgeQueue(judgeA.id);
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
        { userId: judgeA.id },
        { assignmentId: id, version: 0, intent: "save", values: { [`score-${first}`]: "2" } },
      ),
    ).toMatchObject({
      kind: "saved",
    });
    const stale = await saveReview(
      { userId: judgeA.id },
      { assignmentId: id, version: 0, intent: "save", values: { [`score-${first}`]: "5" } },
    );
    expect(stale).toMatchObject({ kind: "conflict", version: 1, saved: { scores: { [first]: { score: 2 } } } });
    expect((await scoringPage(judgeA.id, id))?.review?.scores[first]?.score).toBe(2);
    // Saving again from the refreshed form (version 1) is deliberate and goes through.
    expect(
      await saveReview(
        { userId: judgeA.id },
        { assignmentId: id, version: 1, intent: "save", values: { [`score-${first}`]: "5" } },
      ),
    ).toMatchObject({
      kind: "saved",
    });
  });

  it("lets a judge change submitted scores while the round is open, auditing each submission, and not once it is closed", async () => {
    const { scenario, judgeA, round, assignment } = await world();
    await declareNone(scenario, judgeA);
    const id = assignment(judgeA, 0);
    await saveReview(
      { userId: judgeA.id },
      { assignmentId: id, version: 0, intent: "submit", values: fullScores(scenario, "2") },
    );
    // "Save for later" on a submitted review still needs every score and keeps it submitted.
    const partial = await saveReview(
      { userId: judgeA.id },
      { assignmentId: id, version: 1, intent: "save", values: {} },
    );
    expect(partial.kind).toBe("invalid");
    expect(
      await saveReview(
        { userId: judgeA.id },
        { assignmentId: id, version: 1, intent: "submit", values: fullScores(scenario, "4") },
      ),
    ).toMatchObject({
      kind: "saved",
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
    const page = await scoringPage(judgeA.id, id);
    expect(page?.editable).toBe(false);
    expect(page?.review?.scores[scenario.criterionIds[0]!]?.score).toBe(4);
    expect(
      await saveReview(
        { userId: judgeA.id },
        { assignmentId: id, version: 2, intent: "submit", values: fullScores(scenario, "1") },
      ),
    ).toEqual({
      kind: "closed",
    });
    // A confirmed round is gone from the queue and the pages.
    await t.db.updateTable("judging_round").set({ status: "confirmed" }).where("id", "=", round.roundId).execute();
    expect(await scoringPage(judgeA.id, id)).toBeNull();
    expect((await judgeQueue(judgeA.id)).rounds).toEqual([]);
  });

  it("never shows a judge another judge's review or scores", async () => {
    const { scenario, judgeA, judgeB, assignment } = await world();
    await declareNone(scenario, judgeA);
    await declareNone(scenario, judgeB);
    const aId = assignment(judgeA, 0);
    await saveReview(
      { userId: judgeA.id },
      { assignmentId: aId, version: 0, intent: "submit", values: fullScores(scenario, "5") },
    );
    // Judge B tries Ada's assignment directly: not found, and nothing of hers changes.
    await expectUnreachable(judgeB.id, aId, scenario);
    expect((await scoringPage(judgeA.id, aId))?.review?.status).toBe("submitted");
    // B's own page for the same entry shows B's (empty) review, not A's.
    const own = await scoringPage(judgeB.id, assignment(judgeB, 0));
    expect(own?.review).toBeNull();
    const queueB = await judgeQueue(judgeB.id);
    expect(queueB.rounds[0]).toMatchObject({ total: 6, submitted: 0 });
    expect(queueB.rounds[0]!.entries.map((e) => e.status)).toEqual(Array(6).fill("not_started"));
  });

  it("hides the organisation in round 1 when the round says so, and shows it otherwise", async () => {
    const hidden = await world({ hideOrganisation: true });
    await declareNone(hidden.scenario, hidden.judgeA);
    const page = await scoringPage(hidden.judgeA.id, hidden.assignment(hidden.judgeA, 0));
    expect(page?.organisation).toBeNull();
    expect(JSON.stringify(page)).not.toContain(hidden.scenario.entries[0]!.organisationName);

    const shown = await world({ hideOrganisation: false });
    await declareNone(shown.scenario, shown.judgeA);
    const visible = await scoringPage(shown.judgeA.id, shown.assignment(shown.judgeA, 0));
    expect(visible?.organisation?.name).toBe(shown.scenario.entries[0]!.organisationName);
  });
});

describe("affiliations", () => {
  it("records an organisation by name (linked when it is an entrant) and a council, and removes them", async () => {
    const { scenario, judgeA } = await world();
    const target = scenario.entries[1]!;
    await addAffiliation(
      { userId: judgeA.id },
      { kind: "organisation", organisationName: target.organisationName.toLowerCase(), roleDescription: "Trustee" },
    );
    const invalid = await addAffiliation(
      { userId: judgeA.id },
      { kind: "council", localAuthorityCode: "E99999999", roleDescription: "" },
    );
    expect(invalid).toEqual({ kind: "invalid", errors: { council: "Select a council from the list" } });
    const page = await affiliationsPage(judgeA.id);
    expect(page.affiliations).toMatchObject([
      { kind: "organisation", name: target.organisationName.toLowerCase(), roleDescription: "Trustee" },
    ]);
    const stored = await t.db.selectFrom("judge_affiliation").select("organisation_id").executeTakeFirstOrThrow();
    expect(stored.organisation_id).toBe(target.organisationId);

    // Another judge cannot remove it.
    const other = await makeUser(t.db, "Judge Other", ["judge"]);
    expect(await removeAffiliation({ userId: other.id }, page.affiliations[0]!.id)).toEqual({ kind: "not_found" });
    // Removing it drops the automatic conflict it caused (the judge is on the round).
    expect(await t.db.selectFrom("judge_conflict").select("source").execute()).toEqual([{ source: "automatic" }]);
    expect(await removeAffiliation({ userId: judgeA.id }, page.affiliations[0]!.id)).toMatchObject({ kind: "saved" });
    expect((await affiliationsPage(judgeA.id)).affiliations).toEqual([]);
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
        { userId: judgeA.id },
        { assignmentId: id, version: 0, intent: "submit", values: fullScores(scenario, "1") },
      ),
      saveReview(
        { userId: judgeA.id },
        { assignmentId: id, version: 0, intent: "submit", values: fullScores(scenario, "5") },
      ),
    ]);
    const kinds = outcomes
      .map((o) => (o.status === "fulfilled" ? o.value.kind : `rejected: ${String(o.reason)}`))
      .sort();
    expect(kinds).toEqual(["conflict", "saved"]);
    const reviews = await t.db.selectFrom("review").select(["status", "version"]).execute();
    expect(reviews).toEqual([{ status: "submitted", version: 1 }]);
  });
});
