import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { publishAwardList } from "../../app/services/awards/publication.server";
import { approveAwardList, proposeAwardList } from "../../app/services/awards/awards.server";
import { closeChallenge, updateChallengeDates } from "../../app/services/challenges/setup.server";
import { setExtension } from "../../app/services/entries/extensions.server";
import { runAssignment } from "../../app/services/judging/assignment.server";
import { confirmationView, confirmRound } from "../../app/services/judging/moderation.server";
import { challengeJudging, createRound, openRound, setRoundJudges } from "../../app/services/judging/rounds.server";
import { confirmRounds } from "../../app/dev-tools/test-awards.server";
import { decideEligibility, getStaffEntry } from "../../app/services/entries/staff-entries.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { fillScores, prepareRound } from "../../app/dev-tools/test-staff-judging.server";
import { makeStaff } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";
import { makeUser } from "../support/staff-entries-fixtures";

// The challenge's stages in order, against a real database: no judging round while entries are
// open (or any extension is), no confirming or publishing on a challenge that is still open, no
// extension or later closing time once judging started, and no entry silently left out of a
// round. The scenario challenge closes at midday on 1 March 2026 (London is on GMT then).

const t = useTestDatabase();

const SETTINGS = {
  judgesPerEntry: 2,
  advanceCount: 2,
  hideOrganisation: true,
  disagreementThreshold: 25,
  rankBy: "normalised" as const,
  scoringClosesAt: null,
};
const BEFORE_CLOSING = new Date("2026-02-20T10:00:00Z");
const AFTER_CLOSING = new Date("2026-03-02T10:00:00Z");

/** Puts the scenario's challenge back to open, as the demo's 2027 challenge is while entries run. */
async function markOpen(challengeId: number) {
  await t.db.updateTable("challenge").set({ status: "open" }).where("id", "=", challengeId).execute();
}

async function people(judges = 2) {
  const staff = await makeStaff(t.db, `staff${Math.random().toString(36).slice(2, 8)}`);
  const judgeIds: number[] = [];
  for (let i = 0; i < judges; i++)
    judgeIds.push((await makeUser(t.db, `Judge ${i} ${Math.random().toString(36).slice(2, 6)}`, ["judge"])).id);
  return { staff, judgeIds };
}

async function rounds(challengeId: number) {
  return t.db
    .selectFrom("judging_round")
    .select(["number", "status"])
    .where("challenge_id", "=", challengeId)
    .execute();
}

describe("creating a judging round", () => {
  it("is refused while entries are open, and after the closing time until staff close the challenge; then it works", async () => {
    const scenario = await createScenario({ entries: 3 });
    await markOpen(scenario.challengeId);
    const { staff } = await people();

    await expect(createRound(staff, scenario.challengeId, 1, SETTINGS, BEFORE_CLOSING)).rejects.toMatchObject({
      kind: "conflict",
      message: "Entries are open until midday on 1 March 2026. Judging can start once the challenge has closed.",
    });
    await expect(createRound(staff, scenario.challengeId, 1, SETTINGS, AFTER_CLOSING)).rejects.toMatchObject({
      kind: "conflict",
      message:
        "The closing time has passed but the challenge is still open. Close the challenge first, then judging can start.",
    });
    // Staff see the same reason where the Create link would be, and no link.
    const page = await challengeJudging(staff, scenario.challengeId, BEFORE_CLOSING);
    expect(page.canCreateRound1).toBe(false);
    expect(page.notYet[1]).toBe(
      "Entries are open until midday on 1 March 2026. Judging can start once the challenge has closed",
    );
    expect(await rounds(scenario.challengeId)).toEqual([]);

    await expect(closeChallenge(staff, scenario.challengeId, AFTER_CLOSING)).resolves.toBeUndefined();
    await expect(createRound(staff, scenario.challengeId, 1, SETTINGS, AFTER_CLOSING)).resolves.toBeUndefined();
    expect(await rounds(scenario.challengeId)).toEqual([{ number: 1, status: "setup" }]);
  });

  it("is refused by the database too while the challenge is not closed", async () => {
    const scenario = await createScenario({ entries: 1 });
    await markOpen(scenario.challengeId);
    await expect(
      sql`insert into judging_round (challenge_id, number, advance_count) values (${scenario.challengeId}, 1, 3)`.execute(
        t.db,
      ),
    ).rejects.toMatchObject({ code: "23514" });
    expect(await rounds(scenario.challengeId)).toEqual([]);
  });

  it("waits for every extension to pass, and afterwards no extension or later closing time can be given", async () => {
    const scenario = await createScenario({ entries: 3 });
    const { staff } = await people();
    const extendedTo = new Date("2026-03-10T17:00:00Z");
    expect(
      await setExtension(
        staff,
        {
          challengeId: scenario.challengeId,
          organisationId: scenario.entries[0]!.organisationId,
          closesAt: extendedTo,
          reason: "Flooded office",
        },
        AFTER_CLOSING,
      ),
    ).toMatchObject({ outcome: "granted" });

    await expect(
      createRound(staff, scenario.challengeId, 1, SETTINGS, new Date("2026-03-05T10:00:00Z")),
    ).rejects.toMatchObject({
      kind: "conflict",
      message:
        "An organisation has an extension until 5pm on 10 March 2026. Judging can start once it has passed and the challenge has closed.",
    });
    const afterExtension = new Date("2026-03-11T09:00:00Z");
    await expect(createRound(staff, scenario.challengeId, 1, SETTINGS, afterExtension)).resolves.toBeUndefined();

    // Judging has started: a late entry could not be judged, so nobody may enter late now.
    await expect(
      setExtension(
        staff,
        {
          challengeId: scenario.challengeId,
          organisationId: scenario.entries[1]!.organisationId,
          closesAt: new Date("2026-03-20T17:00:00Z"),
          reason: "Asked late",
        },
        afterExtension,
      ),
    ).rejects.toMatchObject({
      kind: "conflict",
      message:
        "Judging has started, so no extension can be granted or changed: an entry submitted now would not be judged",
    });
    await expect(
      updateChallengeDates(
        staff,
        scenario.challengeId,
        { opensAt: new Date("2026-01-05T09:00:00Z"), closesAt: new Date("2026-03-25T12:00:00Z") },
        afterExtension,
      ),
    ).rejects.toMatchObject({
      kind: "conflict",
      field: "closes",
      message:
        "Judging has started, so the closing time can no longer change: an entry submitted now would not be judged",
    });
    const challenge = await t.db
      .selectFrom("challenge")
      .select("closes_at")
      .where("id", "=", scenario.challengeId)
      .executeTakeFirstOrThrow();
    expect(new Date(challenge.closes_at).toISOString()).toBe("2026-03-01T12:00:00.000Z");
  });
});

describe("an entry and a round that has started", () => {
  it("the database refuses a submission once its challenge has a judging round", async () => {
    const scenario = await createScenario({ entries: 2 });
    const { staff } = await people();
    await expect(createRound(staff, scenario.challengeId, 1, SETTINGS, AFTER_CLOSING)).resolves.toBeUndefined();
    const entry = scenario.entries[0]!;
    await expect(
      t.db
        .insertInto("entry_submission")
        .values({
          entry_id: entry.id,
          entry_version: 2,
          snapshot: JSON.stringify({ title: "Changed" }),
          submitted_by: entry.entrantUserId,
        })
        .execute(),
    ).rejects.toMatchObject({ code: "23514" });
  });

  it("confirming is refused, naming the entry, while an entry the round must judge has no judges", async () => {
    const scenario = await createScenario({ entries: 4, otherEntries: ["ineligible"] });
    const { staff, judgeIds } = await people(2);
    await prepareRound({
      challengeId: scenario.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judgeIds,
      judgesPerEntry: 2,
      advanceCount: 2,
      scores: true,
    });
    // Staff find the ineligible entry eligible after all, once the assignment has run.
    const late = scenario.entries[4]!;
    await t.db
      .updateTable("entry")
      .set({ status: "submitted", eligibility_reason: null })
      .where("id", "=", late.id)
      .execute();

    const view = await confirmationView(staff, scenario.challengeId, 1, AFTER_CLOSING);
    expect(view.unjudged).toEqual([late.reference]);
    await expect(
      confirmRound(staff, scenario.challengeId, 1, { selected: view.proposed, reason: "" }, AFTER_CLOSING),
    ).rejects.toMatchObject({
      kind: "invalid",
      message: `${late.reference} has no judges in this round. Run the assignment again, or record that it is not eligible, before confirming.`,
    });

    await expect(runAssignment(staff, scenario.challengeId, 1)).resolves.toMatchObject({ added: expect.any(Number) });
    expect((await confirmationView(staff, scenario.challengeId, 1, AFTER_CLOSING)).unjudged).toEqual([]);
    const result = await confirmRound(
      staff,
      scenario.challengeId,
      1,
      { selected: view.proposed, reason: "" },
      AFTER_CLOSING,
    );
    expect(result).toEqual({ selected: 2 });
    const ranked = await t.db.selectFrom("round_result").select("entry_id").where("entry_id", "=", late.id).execute();
    expect(ranked).toHaveLength(1);
  });
});

describe("an entry found eligible late", () => {
  it("can go back into judging until round 1 is confirmed, and is refused after", async () => {
    const scenario = await createScenario({ entries: 3, otherEntries: ["ineligible", "ineligible"] });
    const { staff, judgeIds } = await people(2);
    await prepareRound({
      challengeId: scenario.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judgeIds,
      judgesPerEntry: 2,
      advanceCount: 2,
      confirm: true,
    });
    const [, , , first] = scenario.entries.slice(0, 4);
    const entry = (await getStaffEntry(staff, first!.reference))!;
    await expect(
      decideEligibility(staff, { reference: entry.reference, token: entry.screeningToken, decision: "eligible" }),
    ).rejects.toMatchObject({
      kind: "conflict",
      message: "Round 1's shortlist is confirmed, so this entry can no longer be judged: it stays not eligible",
    });
    const row = await t.db.selectFrom("entry").select("status").where("id", "=", first!.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("ineligible");
  });

  it("before round 1 is confirmed, marking it eligible is allowed (confirming then waits for its judges)", async () => {
    const scenario = await createScenario({ entries: 3, otherEntries: ["ineligible"] });
    const { staff, judgeIds } = await people(2);
    await prepareRound({
      challengeId: scenario.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judgeIds,
      judgesPerEntry: 2,
      advanceCount: 2,
    });
    const late = scenario.entries[3]!;
    const entry = (await getStaffEntry(staff, late.reference))!;
    expect(
      await decideEligibility(staff, { reference: entry.reference, token: entry.screeningToken, decision: "eligible" }),
    ).toMatchObject({ status: "submitted" });
    expect((await confirmationView(staff, scenario.challengeId, 1, AFTER_CLOSING)).unjudged).toEqual([late.reference]);
  });
});

describe("a challenge still open with a round made before the rule (as the demo was)", () => {
  it("refuses opening scoring and confirming until the challenge is closed", async () => {
    const scenario = await createScenario({ entries: 3 });
    const { staff, judgeIds } = await people(2);
    await expect(createRound(staff, scenario.challengeId, 1, SETTINGS, AFTER_CLOSING)).resolves.toBeUndefined();
    await expect(
      setRoundJudges(
        staff,
        scenario.challengeId,
        1,
        judgeIds.map((judgeId) => ({ judgeId, cap: null })),
      ),
    ).resolves.toBeUndefined();
    await markOpen(scenario.challengeId);

    await expect(openRound(staff, scenario.challengeId, 1, BEFORE_CLOSING)).rejects.toMatchObject({
      kind: "conflict",
      message:
        "Scoring cannot open yet. Entries are open until midday on 1 March 2026. Judging can start once the challenge has closed.",
    });
    await t.db.updateTable("challenge").set({ status: "closed" }).where("id", "=", scenario.challengeId).execute();
    await expect(openRound(staff, scenario.challengeId, 1, AFTER_CLOSING)).resolves.toBeUndefined();
    await expect(runAssignment(staff, scenario.challengeId, 1)).resolves.toMatchObject({ added: expect.any(Number) });
    await fillScores({ challengeId: scenario.challengeId, number: 1 });

    await markOpen(scenario.challengeId);
    const view = await confirmationView(staff, scenario.challengeId, 1, BEFORE_CLOSING);
    expect(view.notYet).toBe(
      "Entries are open until midday on 1 March 2026. Judging can start once the challenge has closed",
    );
    await expect(
      confirmRound(staff, scenario.challengeId, 1, { selected: view.proposed, reason: "" }, BEFORE_CLOSING),
    ).rejects.toMatchObject({
      kind: "conflict",
      message:
        "The result cannot be confirmed yet. Entries are open until midday on 1 March 2026. Judging can start once the challenge has closed.",
    });
    expect(await rounds(scenario.challengeId)).toEqual([{ number: 1, status: "open" }]);

    await expect(closeChallenge(staff, scenario.challengeId, AFTER_CLOSING)).resolves.toBeUndefined();
    expect(
      await confirmRound(staff, scenario.challengeId, 1, { selected: view.proposed, reason: "" }, AFTER_CLOSING),
    ).toEqual({ selected: 2 });
  });

  it("refuses publishing the results, in the service and the database, until the challenge is closed", async () => {
    const scenario = await createScenario({ entries: 4 });
    const [a, b, c] = scenario.entries;
    await confirmRounds({ challengeId: scenario.challengeId, shortlist: [a!.id, b!.id, c!.id], winners: [a!.id] });
    const sam = await makeStaff(t.db, "sam");
    const kim = await makeStaff(t.db, "kim");
    expect(await proposeAwardList(sam, scenario.challengeId, AFTER_CLOSING)).toMatchObject({ message: /proposed/ });
    expect(await approveAwardList(kim, scenario.challengeId, AFTER_CLOSING)).toMatchObject({ message: /approved/ });
    await markOpen(scenario.challengeId);

    await expect(publishAwardList(sam, scenario.challengeId, BEFORE_CLOSING)).rejects.toMatchObject({
      kind: "invalid",
      message: "Entries are open until midday on 1 March 2026. Judging can start once the challenge has closed",
    });
    await expect(
      t.db
        .updateTable("award_list")
        .set({ status: "published", published_at: new Date() })
        .where("challenge_id", "=", scenario.challengeId)
        .execute(),
    ).rejects.toMatchObject({ code: "23514" });
    const emails = async () =>
      Number(
        (
          await t.db
            .selectFrom("email_outbox")
            .select((e) => e.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await emails()).toBe(0);
    const before = await t.db
      .selectFrom("challenge")
      .select("results_published_at")
      .where("id", "=", scenario.challengeId)
      .executeTakeFirstOrThrow();
    expect(before.results_published_at).toBeNull();

    await expect(closeChallenge(sam, scenario.challengeId, AFTER_CLOSING)).resolves.toBeUndefined();
    expect(await publishAwardList(sam, scenario.challengeId, AFTER_CLOSING)).toMatchObject({ outcome: "published" });
    expect(await emails()).toBeGreaterThan(0);
  });

  it("refuses proposing the awards before both rounds are confirmed", async () => {
    const scenario = await createScenario({ entries: 3 });
    const { staff, judgeIds } = await people(2);
    await prepareRound({
      challengeId: scenario.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judgeIds,
      judgesPerEntry: 2,
      advanceCount: 2,
      confirm: true,
    });
    await expect(proposeAwardList(staff, scenario.challengeId, AFTER_CLOSING)).rejects.toMatchObject({
      kind: "invalid",
      message:
        "The awards can only be proposed once both judging rounds are confirmed: confirm round 1 (the shortlist) and round 2 (the winners) first",
    });
  });
});
