import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { parseCriterion } from "../../app/domain/rubric";
import { runAssignment, swapJudge, withdrawJudge } from "../../app/services/judging/assignment.server";
import {
  addModerationJudge,
  confirmationView,
  confirmRound,
  setFeedbackApproval,
} from "../../app/services/judging/moderation.server";
import { conflictsRegister, createRound, openRound, setRoundJudges } from "../../app/services/judging/rounds.server";
import {
  LOCKED_MESSAGE,
  lockRubric,
  removeCriterion,
  saveCriterion,
  unlockRubric,
} from "../../app/services/judging/rubric.server";
import { createScenario, type Scenario } from "../../app/dev-tools/test-scenarios.server";
import { fillScores, prepareRound } from "../../app/dev-tools/test-staff-judging.server";
import { overlapping } from "../support/concurrency";
import { useTestDatabase } from "../support/database";
import { makeUser } from "../support/staff-entries-fixtures";

// The staff side of judging against a real database: the rubric lock, the assignment as stored
// (conflicts, k, re-runs), a judge dropping out, swaps, confirmation and round 2.

const t = useTestDatabase();

const SETTINGS = {
  judgesPerEntry: 3,
  advanceCount: 3,
  hideOrganisation: true,
  disagreementThreshold: 25,
  rankBy: "normalised" as const,
  scoringClosesAt: null,
};

async function setUp(options: { entries?: number; judges?: number } = {}) {
  const scenario = await createScenario({ entries: options.entries ?? 6 });
  const staffUser = await makeUser(t.db, "Staff Person", ["staff"]);
  const judges = [];
  for (let i = 0; i < (options.judges ?? 4); i++)
    judges.push(await makeUser(t.db, `Judge ${String.fromCharCode(65 + i)}`, ["judge"]));
  return { scenario, staff: { id: staffUser.id, ip: "127.0.0.1" }, judges };
}

async function live(roundId: number) {
  return t.db
    .selectFrom("assignment")
    .select(["id", "entry_id", "judge_user_id", "source"])
    .where("round_id", "=", roundId)
    .where("removed_at", "is", null)
    .orderBy("id")
    .execute();
}

async function roundId(scenario: Scenario, number: 1 | 2) {
  const r = await t.db
    .selectFrom("judging_round")
    .select("id")
    .where("challenge_id", "=", scenario.challengeId)
    .where("number", "=", number)
    .executeTakeFirstOrThrow();
  return r.id;
}

function criterion(name: string, weight: number) {
  const parsed = parseCriterion({
    name,
    guidance: "",
    weight: String(weight),
    scaleMin: "0",
    scaleMax: "2",
    level0: "None",
    level1: "Some",
    level2: "Lots",
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.data;
}

describe("the rubric lock", () => {
  it("refuses every rubric change once round 1 opens, and records an unlock with its reason", async () => {
    const { scenario, staff, judges } = await setUp();
    const [first] = scenario.criterionIds;
    await expect(saveCriterion(staff, scenario.challengeId, null, criterion("Extra", 5))).resolves.toEqual(
      expect.any(Number),
    );
    await expect(
      removeCriterion(
        staff,
        scenario.challengeId,
        (await t.db.selectFrom("criterion").select("id").where("name", "=", "Extra").executeTakeFirstOrThrow()).id,
      ),
    ).resolves.toBeUndefined();

    await createRound(staff, scenario.challengeId, 1, SETTINGS);
    await setRoundJudges(
      staff,
      scenario.challengeId,
      1,
      judges.map((j) => ({ judgeId: j.id, cap: null })),
    );
    await expect(openRound(staff, scenario.challengeId, 1)).resolves.toBeUndefined();
    const challenge = await t.db
      .selectFrom("challenge")
      .select(["rubric_locked_at", "rubric_locked_by"])
      .where("id", "=", scenario.challengeId)
      .executeTakeFirstOrThrow();
    expect(challenge.rubric_locked_at).not.toBeNull();
    expect(challenge.rubric_locked_by).toBe(staff.id);

    const before = await t.db.selectFrom("criterion").selectAll().where("id", "=", first!).executeTakeFirstOrThrow();
    await expect(saveCriterion(staff, scenario.challengeId, first!, criterion("Changed", 30))).rejects.toMatchObject({
      kind: "conflict",
      message: LOCKED_MESSAGE,
    });
    await expect(saveCriterion(staff, scenario.challengeId, null, criterion("New", 10))).rejects.toMatchObject({
      kind: "conflict",
      message: LOCKED_MESSAGE,
    });
    await expect(removeCriterion(staff, scenario.challengeId, first!)).rejects.toMatchObject({
      kind: "conflict",
      message: LOCKED_MESSAGE,
    });
    expect(await t.db.selectFrom("criterion").selectAll().where("id", "=", first!).executeTakeFirstOrThrow()).toEqual(
      before,
    );

    await expect(unlockRubric(staff, scenario.challengeId, "A typo in the guidance")).resolves.toBeUndefined();
    const audit = await t.db
      .selectFrom("audit_event")
      .selectAll()
      .where("action", "=", "rubric.unlocked")
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(staff.id);
    expect(audit.subject_id).toBe(String(scenario.challengeId));
    expect((audit.details as Record<string, unknown>).reason).toBe("A typo in the guidance");
    await expect(
      saveCriterion(staff, scenario.challengeId, first!, {
        ...criterion("Impact", 30),
        levels: criterion("x", 1).levels,
      }),
    ).resolves.toBe(first);

    await expect(lockRubric(staff, scenario.challengeId)).resolves.toBeUndefined();
    await expect(saveCriterion(staff, scenario.challengeId, first!, criterion("Again", 30))).rejects.toMatchObject({
      kind: "conflict",
      message: LOCKED_MESSAGE,
    });
  });

  it("will not open scoring while the weights do not add up to 100", async () => {
    const { scenario, staff, judges } = await setUp();
    await saveCriterion(staff, scenario.challengeId, null, criterion("Extra", 5));
    await createRound(staff, scenario.challengeId, 1, SETTINGS);
    await setRoundJudges(
      staff,
      scenario.challengeId,
      1,
      judges.map((j) => ({ judgeId: j.id, cap: null })),
    );
    const refusal = await openRound(staff, scenario.challengeId, 1).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ kind: "invalid" });
    expect((refusal as Error).message).toContain("add up to 105");
  });
});

describe("the assignment", () => {
  it("gives every entry k judges, never a conflicted one (declared or automatic), and a second run changes nothing", async () => {
    const { scenario, staff, judges } = await setUp({ entries: 6, judges: 4 });
    const [a, b] = judges;
    const [e0, e1] = scenario.entries;
    await t.db
      .insertInto("judge_conflict")
      .values({
        challenge_id: scenario.challengeId,
        judge_user_id: a!.id,
        organisation_id: e0!.organisationId,
        source: "declared",
        reason: "My sister runs it",
      })
      .execute();
    // B works for entry 1's organisation: found automatically when the assignment runs.
    await t.db
      .insertInto("judge_affiliation")
      .values({ user_id: b!.id, kind: "organisation", organisation_id: e1!.organisationId })
      .execute();
    await createRound(staff, scenario.challengeId, 1, SETTINGS);
    await setRoundJudges(
      staff,
      scenario.challengeId,
      1,
      judges.map((j) => ({ judgeId: j.id, cap: null })),
    );
    await openRound(staff, scenario.challengeId, 1);

    const first = await runAssignment(staff, scenario.challengeId, 1);
    expect(first).toEqual({ added: 18, ended: 0 });
    const id = await roundId(scenario, 1);
    const pairs = await live(id);
    expect(pairs).toHaveLength(18);
    for (const entry of scenario.entries)
      expect(new Set(pairs.filter((p) => p.entry_id === entry.id).map((p) => p.judge_user_id)).size).toBe(3);
    expect(pairs.some((p) => p.judge_user_id === a!.id && p.entry_id === e0!.id)).toBe(false);
    expect(pairs.some((p) => p.judge_user_id === b!.id && p.entry_id === e1!.id)).toBe(false);
    const automatic = await t.db
      .selectFrom("judge_conflict")
      .select("source")
      .where("judge_user_id", "=", b!.id)
      .execute();
    expect(automatic).toEqual([{ source: "automatic" }]);
    const loads = judges.map((j) => pairs.filter((p) => p.judge_user_id === j.id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    const emails = await t.db.selectFrom("email_outbox").select(["to_address", "template"]).execute();
    expect(emails).toHaveLength(4);
    expect(emails.every((e) => e.template === "judge-work-assigned")).toBe(true);

    expect(await runAssignment(staff, scenario.challengeId, 1)).toEqual({ added: 0, ended: 0 });
    expect(await live(id)).toEqual(pairs);
    expect(await t.db.selectFrom("assignment").select("id").where("round_id", "=", id).execute()).toHaveLength(18);
    expect(await t.db.selectFrom("email_outbox").select("id").execute()).toHaveLength(4);
  });

  it("says why when there are too few unconflicted judges, and stores nothing", async () => {
    const { scenario, staff, judges } = await setUp({ entries: 3, judges: 3 });
    await t.db
      .insertInto("judge_conflict")
      .values({
        challenge_id: scenario.challengeId,
        judge_user_id: judges[0]!.id,
        organisation_id: scenario.entries[0]!.organisationId,
        source: "declared",
        reason: "Trustee",
      })
      .execute();
    await createRound(staff, scenario.challengeId, 1, SETTINGS);
    await setRoundJudges(
      staff,
      scenario.challengeId,
      1,
      judges.map((j) => ({ judgeId: j.id, cap: null })),
    );
    const refusal = await runAssignment(staff, scenario.challengeId, 1).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ kind: "invalid", message: expect.stringMatching(/\S/) });
    expect(await live(await roundId(scenario, 1))).toHaveLength(0);
  });

  it("re-assigns a withdrawn judge's unscored entries and keeps their submitted scores untouched", async () => {
    const { scenario, staff, judges } = await setUp({ entries: 6, judges: 4 });
    await prepareRound({
      challengeId: scenario.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judges.map((j) => j.id),
    });
    const id = await roundId(scenario, 1);
    const leaving = judges[0]!;
    const mine = (await live(id)).filter((p) => p.judge_user_id === leaving.id);
    expect(mine.length).toBeGreaterThan(1);
    // The leaving judge has submitted one review; a colleague has submitted everything.
    const kept = mine[0]!;
    const review = await t.db
      .insertInto("review")
      .values({ assignment_id: kept.id, status: "submitted", submitted_at: new Date(), overall_comment: "Good" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("score")
      .values(scenario.criterionIds.map((c) => ({ review_id: review.id, criterion_id: c, score: 4, comment: "ok" })))
      .execute();
    const reviewBefore = await t.db
      .selectFrom("review")
      .selectAll()
      .where("id", "=", review.id)
      .executeTakeFirstOrThrow();
    const scoresBefore = await t.db
      .selectFrom("score")
      .selectAll()
      .where("review_id", "=", review.id)
      .orderBy("criterion_id")
      .execute();

    const result = await withdrawJudge(staff, scenario.challengeId, 1, leaving.id, "Unwell");
    expect(result).toEqual({ reassigned: mine.length - 1 });

    const after = await live(id);
    expect(after.filter((p) => p.judge_user_id === leaving.id).map((p) => p.id)).toEqual([kept.id]);
    for (const entry of scenario.entries) expect(after.filter((p) => p.entry_id === entry.id)).toHaveLength(3);
    expect(after.filter((p) => p.source === "reassignment")).toHaveLength(mine.length - 1);
    expect(await t.db.selectFrom("review").selectAll().where("id", "=", review.id).executeTakeFirstOrThrow()).toEqual(
      reviewBefore,
    );
    expect(
      await t.db.selectFrom("score").selectAll().where("review_id", "=", review.id).orderBy("criterion_id").execute(),
    ).toEqual(scoresBefore);
    const ended = await t.db
      .selectFrom("assignment")
      .select("removed_reason")
      .where("judge_user_id", "=", leaving.id)
      .where("removed_at", "is not", null)
      .execute();
    expect(ended).toHaveLength(mine.length - 1);
    expect(ended.every((e) => e.removed_reason === "The judge withdrew: Unwell")).toBe(true);
    const withdrawn = await t.db
      .selectFrom("round_judge")
      .select("withdrawn_at")
      .where("judge_user_id", "=", leaving.id)
      .executeTakeFirstOrThrow();
    expect(withdrawn.withdrawn_at).not.toBeNull();
  });

  it("refuses to swap in a conflicted judge, one already on the entry, or to move submitted scores", async () => {
    const { scenario, staff, judges } = await setUp({ entries: 6, judges: 4 });
    await prepareRound({
      challengeId: scenario.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judges.map((j) => j.id),
    });
    const id = await roundId(scenario, 1);
    const pairs = await live(id);
    const entry = scenario.entries[0]!;
    const onEntry = pairs.filter((p) => p.entry_id === entry.id).map((p) => p.judge_user_id);
    const outsider = judges.find((j) => !onEntry.includes(j.id))!;
    await t.db
      .insertInto("judge_conflict")
      .values({
        challenge_id: scenario.challengeId,
        judge_user_id: outsider.id,
        organisation_id: entry.organisationId,
        source: "declared",
        reason: "Former employee",
      })
      .execute();

    const conflicted = swapJudge(staff, scenario.challengeId, 1, {
      entryId: entry.id,
      fromJudgeId: onEntry[0]!,
      toJudgeId: outsider.id,
    });
    await expect(conflicted).rejects.toMatchObject({
      kind: "invalid",
      field: "toJudge",
      message: `${outsider.name} has a conflict of interest with this entry`,
    });
    const twice = swapJudge(staff, scenario.challengeId, 1, {
      entryId: entry.id,
      fromJudgeId: onEntry[0]!,
      toJudgeId: onEntry[1]!,
    });
    await expect(twice).rejects.toMatchObject({ kind: "invalid", field: "toJudge" });

    await t.db.deleteFrom("judge_conflict").where("judge_user_id", "=", outsider.id).execute();
    const submittedPair = pairs.find((p) => p.entry_id === entry.id && p.judge_user_id === onEntry[0])!;
    await t.db
      .insertInto("review")
      .values({ assignment_id: submittedPair.id, status: "submitted", submitted_at: new Date() })
      .execute();
    const moved = swapJudge(staff, scenario.challengeId, 1, {
      entryId: entry.id,
      fromJudgeId: onEntry[0]!,
      toJudgeId: outsider.id,
    });
    await expect(moved).rejects.toMatchObject({ kind: "invalid", field: "fromJudge" });
    expect(await live(id)).toEqual(pairs);

    await expect(
      swapJudge(staff, scenario.challengeId, 1, {
        entryId: entry.id,
        fromJudgeId: onEntry[1]!,
        toJudgeId: outsider.id,
      }),
    ).resolves.toBeUndefined();
    const after = (await live(id))
      .filter((p) => p.entry_id === entry.id)
      .map((p) => p.judge_user_id)
      .sort();
    expect(after).toEqual([onEntry[0]!, onEntry[2]!, outsider.id].sort());
    // Running the assignment again keeps the swap made by hand.
    const swapped = await live(id);
    await expect(runAssignment(staff, scenario.challengeId, 1)).resolves.toMatchObject({ added: expect.any(Number) });
    expect((await live(id)).filter((p) => p.entry_id === entry.id)).toEqual(
      swapped.filter((p) => p.entry_id === entry.id),
    );
  });

  it("adds a moderation judge only when they have no conflict with the entry", async () => {
    const { scenario, staff, judges } = await setUp({ entries: 4, judges: 4 });
    const extra = await makeUser(t.db, "Judge Extra", ["judge"]);
    await prepareRound({
      challengeId: scenario.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judges.slice(0, 3).map((j) => j.id),
    });
    const entry = scenario.entries[0]!;
    await t.db
      .insertInto("judge_affiliation")
      .values({ user_id: extra.id, kind: "organisation", organisation_id: entry.organisationId })
      .execute();
    const refused = addModerationJudge(staff, scenario.challengeId, 1, {
      entryId: entry.id,
      judgeId: extra.id,
      reason: "Disputed",
    });
    await expect(refused).rejects.toMatchObject({
      kind: "invalid",
      field: "judge",
      message: `${extra.name} has a conflict of interest with this entry`,
    });
    const added = await addModerationJudge(staff, scenario.challengeId, 1, {
      entryId: entry.id,
      judgeId: judges[3]!.id,
      reason: "Disputed",
    });
    expect(added).toBeUndefined();
    const pair = (await live(await roundId(scenario, 1))).find((p) => p.judge_user_id === judges[3]!.id)!;
    expect(pair).toMatchObject({ entry_id: entry.id, source: "moderation" });
    const decision = await t.db
      .selectFrom("moderation_decision")
      .select(["decision", "reason"])
      .executeTakeFirstOrThrow();
    expect(decision.decision).toBe("judge_added");
    // The added judge is extra to the k judges: running the assignment again leaves them there.
    await expect(runAssignment(staff, scenario.challengeId, 1)).resolves.toMatchObject({ added: expect.any(Number) });
    const onEntry = (await live(await roundId(scenario, 1))).filter((p) => p.entry_id === entry.id);
    expect(onEntry).toHaveLength(4);
    expect(onEntry.some((p) => p.judge_user_id === judges[3]!.id && p.source === "moderation")).toBe(true);
  });
});

describe("confirming a round", () => {
  it("writes a result for every ranked entry once, needs a reason to override, and refuses a second confirmation", async () => {
    const { scenario, staff, judges } = await setUp({ entries: 6, judges: 4 });
    await prepareRound({
      challengeId: scenario.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judges.map((j) => j.id),
      scores: true,
      advanceCount: 3,
    });
    const id = await roundId(scenario, 1);
    const view = await confirmationView(staff, scenario.challengeId, 1);
    expect(view.proposed).toHaveLength(3);
    // The fill gives the entries in id order falling quality: the first entry is proposed, the last is not.
    const [best] = scenario.entries;
    const worst = scenario.entries[5]!;
    expect(view.proposed).toContain(best!.id);
    expect(view.proposed).not.toContain(worst.id);
    const swapped = [...view.proposed.filter((e) => e !== best!.id), worst.id];

    await expect(
      confirmRound(staff, scenario.challengeId, 1, { selected: swapped, reason: "  " }),
    ).rejects.toMatchObject({
      kind: "invalid",
      message: "Give the reason for changing the proposed list: it is recorded with the result",
      field: "reason",
    });
    expect(await t.db.selectFrom("round_result").select("entry_id").execute()).toHaveLength(0);

    expect(
      await confirmRound(staff, scenario.challengeId, 1, { selected: swapped, reason: "Panel judged the pitch" }),
    ).toEqual({ selected: 3 });
    const results = await t.db
      .selectFrom("round_result")
      .selectAll()
      .where("round_id", "=", id)
      .orderBy("rank")
      .execute();
    expect(results).toHaveLength(6);
    expect(results.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(
      results
        .filter((r) => r.selected)
        .map((r) => r.entry_id)
        .sort(),
    ).toEqual([...swapped].sort());
    expect(
      results
        .filter((r) => r.override_reason !== null)
        .map((r) => r.entry_id)
        .sort(),
    ).toEqual([best!.id, worst.id].sort());
    expect(results.every((r) => r.judge_count === 3 && r.raw_score !== null && r.normalised_score !== null)).toBe(true);
    const round = await t.db.selectFrom("judging_round").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(round.status).toBe("confirmed");
    expect(round.confirmed_by).toBe(staff.id);

    await expect(
      confirmRound(staff, scenario.challengeId, 1, { selected: view.proposed, reason: "" }),
    ).rejects.toMatchObject({ kind: "conflict", message: "This round has already been confirmed." });
    expect(await t.db.selectFrom("round_result").select("entry_id").where("round_id", "=", id).execute()).toHaveLength(
      6,
    );
    expect(
      await t.db.selectFrom("audit_event").select("id").where("action", "=", "judging.round_confirmed").execute(),
    ).toHaveLength(1);
  });

  it("approves a submitted review's comments as feedback", async () => {
    const { scenario, staff, judges } = await setUp({ entries: 3, judges: 3 });
    await prepareRound({
      challengeId: scenario.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judges.map((j) => j.id),
      scores: true,
    });
    const review = await t.db.selectFrom("review").select("id").executeTakeFirstOrThrow();
    await expect(setFeedbackApproval(staff, scenario.challengeId, 1, review.id, true)).resolves.toBeUndefined();
    const row = await t.db
      .selectFrom("review")
      .select(["feedback_approved_at", "feedback_approved_by"])
      .where("id", "=", review.id)
      .executeTakeFirstOrThrow();
    expect(row.feedback_approved_by).toBe(staff.id);
    expect(row.feedback_approved_at).not.toBeNull();
  });
});

describe("round 2", () => {
  it("exists only after round 1 is confirmed, judges only the shortlist, and every panel member scores every entry", async () => {
    const { scenario, staff, judges } = await setUp({ entries: 6, judges: 4 });
    await prepareRound({
      challengeId: scenario.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judges.map((j) => j.id),
      scores: true,
      advanceCount: 3,
    });
    await expect(createRound(staff, scenario.challengeId, 2, { ...SETTINGS, advanceCount: 1 })).rejects.toMatchObject({
      kind: "conflict",
      message: "Round 2 can only be created once round 1's shortlist is confirmed.",
    });
    const view = await confirmationView(staff, scenario.challengeId, 1);
    await confirmRound(staff, scenario.challengeId, 1, { selected: view.proposed, reason: "" });

    const panel = [await makeUser(t.db, "Panel One", ["judge"]), await makeUser(t.db, "Panel Two", ["judge"])];
    await expect(
      createRound(staff, scenario.challengeId, 2, { ...SETTINGS, advanceCount: 1 }),
    ).resolves.toBeUndefined();
    await setRoundJudges(
      staff,
      scenario.challengeId,
      2,
      panel.map((j) => ({ judgeId: j.id, cap: null })),
    );
    const round2 = await t.db
      .selectFrom("judging_round")
      .selectAll()
      .where("challenge_id", "=", scenario.challengeId)
      .where("number", "=", 2)
      .executeTakeFirstOrThrow();
    expect(round2.judges_per_entry).toBe(2);
    await openRound(staff, scenario.challengeId, 2);
    expect(await runAssignment(staff, scenario.challengeId, 2)).toEqual({ added: 6, ended: 0 });
    const pairs = await live(round2.id);
    expect([...new Set(pairs.map((p) => p.entry_id))].sort()).toEqual([...view.proposed].sort());
    await fillScores({ challengeId: scenario.challengeId, number: 2 });
    const final = await confirmationView(staff, scenario.challengeId, 2);
    expect(final.proposed).toHaveLength(1);
    expect(await confirmRound(staff, scenario.challengeId, 2, { selected: final.proposed, reason: "" })).toEqual({
      selected: 1,
    });
    const winners = await t.db
      .selectFrom("round_result")
      .select("entry_id")
      .where("round_id", "=", round2.id)
      .where("selected", "=", true)
      .execute();
    expect(winners.map((w) => w.entry_id)).toEqual(final.proposed);
  });
});

describe("access and the register", () => {
  it("refuses anyone without the staff role, whatever the page let through", async () => {
    const { scenario, judges } = await setUp({ entries: 2, judges: 1 });
    const judge = { id: judges[0]!.id, ip: null };
    const refused = async (work: Promise<unknown>) => {
      const outcome = await work.then(
        () => null,
        (error: unknown) => error,
      );
      expect(outcome).toMatchObject({ kind: "forbidden" });
    };
    await refused(saveCriterion(judge, scenario.challengeId, null, criterion("Sneaky", 10)));
    await refused(createRound(judge, scenario.challengeId, 1, SETTINGS));
    await refused(runAssignment(judge, scenario.challengeId, 1));
    await refused(confirmRound(judge, scenario.challengeId, 1, { selected: [], reason: "" }));
    await refused(conflictsRegister(judge, scenario.challengeId));
    expect(await t.db.selectFrom("criterion").select("id").where("name", "=", "Sneaky").execute()).toHaveLength(0);
  });

  it("lists declared and automatic conflicts with their reasons", async () => {
    const { scenario, staff, judges } = await setUp({ entries: 2, judges: 2 });
    await t.db
      .insertInto("judge_conflict")
      .values({
        challenge_id: scenario.challengeId,
        judge_user_id: judges[0]!.id,
        organisation_id: scenario.entries[0]!.organisationId,
        source: "declared",
        reason: "My cousin volunteers there",
      })
      .execute();
    await t.db
      .insertInto("judge_conflict")
      .values({
        challenge_id: scenario.challengeId,
        judge_user_id: judges[1]!.id,
        organisation_id: scenario.entries[1]!.organisationId,
        source: "automatic",
        reason: "Works for the organisation",
      })
      .execute();
    const register = await conflictsRegister(staff, scenario.challengeId);
    expect(register.rows.map((r) => [r.judgeName, r.organisation, r.source, r.reason])).toEqual([
      [judges[0]!.name, scenario.entries[0]!.organisationName, "declared", "My cousin volunteers there"],
      [judges[1]!.name, scenario.entries[1]!.organisationName, "automatic", "Works for the organisation"],
    ]);
  });
});

const onPostgres = t.engine === "postgres";
if (!onPostgres) {
  console.warn(
    "judging-staff.test.ts: SKIPPED 'two members of staff at the same moment': it needs several real database " +
      "connections, which the embedded database (PGlite, one connection) cannot give. Set TEST_DATABASE_URL to run it; " +
      "CI runs it on PostgreSQL.",
  );
}

describe.runIf(onPostgres)("two members of staff at the same moment (PostgreSQL)", () => {
  let blocker: DatabaseHandle | undefined;
  beforeAll(async () => {
    blocker = await openDatabase({ databaseUrl: t.url, poolSize: 2 });
  });
  afterAll(async () => {
    await blocker?.close();
  });

  it("running the assignment twice at once assigns each pair once", async () => {
    const { scenario, staff, judges } = await setUp({ entries: 4, judges: 3 });
    const other = { id: (await makeUser(t.db, "Other Staff", ["staff"])).id, ip: null };
    await createRound(staff, scenario.challengeId, 1, SETTINGS);
    await setRoundJudges(
      staff,
      scenario.challengeId,
      1,
      judges.map((j) => ({ judgeId: j.id, cap: null })),
    );
    const outcomes = await overlapping(blocker!.db, () => [
      runAssignment(staff, scenario.challengeId, 1),
      runAssignment(other, scenario.challengeId, 1),
    ]);
    const added = outcomes.map((o) => (o.status === "fulfilled" ? o.value.added : null)).sort();
    expect(added).toEqual([0, 12]);
    expect(await live(await roundId(scenario, 1))).toHaveLength(12);
  });

  it("confirming twice at once writes the result once", async () => {
    const { scenario, staff, judges } = await setUp({ entries: 4, judges: 3 });
    const other = { id: (await makeUser(t.db, "Other Staff", ["staff"])).id, ip: null };
    await prepareRound({
      challengeId: scenario.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judges.map((j) => j.id),
      scores: true,
      advanceCount: 2,
    });
    const { proposed } = await confirmationView(staff, scenario.challengeId, 1);
    const outcomes = await overlapping(blocker!.db, () => [
      confirmRound(staff, scenario.challengeId, 1, { selected: proposed, reason: "" }),
      confirmRound(other, scenario.challengeId, 1, { selected: proposed, reason: "" }),
    ]);
    const oks = outcomes.filter((o) => o.status === "fulfilled");
    expect(oks).toHaveLength(1);
    const refused = outcomes.filter((o) => o.status === "rejected").map((o) => o.reason);
    expect(refused).toMatchObject([{ kind: "conflict", message: "This round has already been confirmed." }]);
    expect(await t.db.selectFrom("round_result").select("entry_id").execute()).toHaveLength(4);
  });
});
