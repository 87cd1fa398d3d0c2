import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import {
  loadAwardsForPublication,
  loadBoardReport,
  loadReportTable,
  type ReportTable,
} from "../../app/services/reports/board-report.server";
import { addMilestone, addSupportItem } from "../../app/services/awards/support-plans.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { createTestAwards } from "../../app/dev-tools/test-support-plans.server";
import { toPackage } from "../../app/domain/three-sixty-giving";
import { useTestDatabase } from "../support/database";
import { threeSixtyGivingProblems } from "../../app/domain/three-sixty-giving-schema";

const t = useTestDatabase();
const TODAY = "2026-06-15";
const SETTINGS = {
  prefix: "360G-CRIC",
  fundingOrganisation: { id: "GB-LAE-WMCA", name: "West Midlands Combined Authority" },
};

let userCount = 0;
async function makeUser(roles: Role[]) {
  userCount += 1;
  const user = await t.db
    .insertInto("app_user")
    .values({ email: `report${userCount}@example.org`, name: `Person ${userCount}`, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const role of roles) {
    await t.db
      .insertInto("role_grant")
      .values({ user_id: user.id, role, local_authority_code: null, granted_by: null })
      .execute();
  }
  return { id: user.id, ip: "203.0.113.9" };
}

/**
 * Eight submitted entries (and a draft): entry i is in priority area i mod 6, so areas 1 and 2
 * hold two entries each. Prize payments in every status, a support plan, milestones, judging and
 * council interest; and a second challenge with a paid prize that must not leak into the first.
 */
async function seeded() {
  const staff = await makeUser(["staff"]);
  const scenario = await createScenario({ entries: 8, otherEntries: ["draft"] });
  const e = scenario.entries;
  const awards = await createTestAwards({
    challengeId: scenario.challengeId,
    awards: [
      { entryId: e[0]!.id, tier: "top20", paymentStatus: "paid" }, // area 1: paid £500
      { entryId: e[0]!.id, tier: "top3" }, // area 1: support, no payment record
      { entryId: e[1]!.id, tier: "top20", paymentStatus: "accepted" }, // area 2: outstanding £500
      { entryId: e[2]!.id, tier: "top20", paymentStatus: "cancelled" }, // area 3: neither
      { entryId: e[3]!.id, tier: "top20", paymentStatus: "approved" }, // area 4: outstanding £500
      { entryId: e[4]!.id, tier: "top20", paymentStatus: "paid", amountPence: 45_000 }, // area 5: paid £450
      { entryId: e[6]!.id, tier: "top20", paymentStatus: "paid" }, // area 1: paid £500
      { entryId: e[7]!.id, tier: "top20", paymentStatus: "details_received" }, // area 2: outstanding £500
    ],
  });
  const other = await createScenario({ entries: 1 });
  await createTestAwards({
    challengeId: other.challengeId,
    awards: [{ entryId: other.entries[0]!.id, tier: "top20", paymentStatus: "paid" }],
  });

  const supportAwardId = awards[1]!.awardId;
  await addSupportItem(staff, supportAwardId, {
    kind: "coaching",
    happenedOn: "2026-05-01",
    description: "Coaching",
    coachName: "Priya",
    hours: "2",
    amountPence: 250_000,
    overrideReason: null,
  });
  await addMilestone(staff, supportAwardId, {
    title: "Plan",
    dueOn: "2026-06-01",
    status: "in_progress",
    completedOn: null,
  });
  await addMilestone(staff, supportAwardId, {
    title: "Pilot",
    dueOn: "2026-05-01",
    status: "done",
    completedOn: "2026-04-28",
  });
  await addMilestone(staff, supportAwardId, {
    title: "Launch",
    dueOn: "2026-09-01",
    status: "not_started",
    completedOn: null,
  });

  const judge = await makeUser(["judge"]);
  const round = await t.db
    .insertInto("judging_round")
    .values({ challenge_id: scenario.challengeId, number: 1, status: "open", advance_count: 3 })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [i, entry] of e.slice(0, 3).entries()) {
    const assignment = await t.db
      .insertInto("assignment")
      .values({ round_id: round.id, entry_id: entry.id, judge_user_id: judge.id, source: "manual" })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (i < 2) {
      await t.db
        .insertInto("review")
        .values({
          assignment_id: assignment.id,
          status: i === 0 ? "submitted" : "in_progress",
          submitted_at: i === 0 ? new Date() : null,
        })
        .execute();
    }
  }

  const interest = (entryId: number, code: string, status: "interested" | "taken_forward") =>
    t.db.insertInto("council_interest").values({ entry_id: entryId, local_authority_code: code, status }).execute();
  await interest(e[0]!.id, "E08000025", "interested");
  await interest(e[0]!.id, "E08000026", "taken_forward");
  await interest(e[1]!.id, "E08000025", "taken_forward");

  return { staff, scenario, supportAwardId };
}

function table(tables: ReportTable[], key: string): ReportTable {
  const found = tables.find((x) => x.key === key);
  if (!found) throw new Error(`no table ${key}`);
  return found;
}

describe("the board report", () => {
  it("gives paid and outstanding prizes by area equal to the payment records, to the penny", async () => {
    const { staff, scenario } = await seeded();
    const report = await loadBoardReport(staff, scenario.challengeId, TODAY);
    const payments = table(report!.tables, "payments-by-area");
    // [area, paid count, paid pence, outstanding count, outstanding pence], worked out by hand above.
    expect(payments.rows.map((r) => r.slice(1))).toEqual([
      [2, 100_000, 0, 0],
      [0, 0, 2, 100_000],
      [0, 0, 0, 0],
      [0, 0, 1, 50_000],
      [1, 45_000, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(payments.totals!.slice(1)).toEqual([3, 145_000, 3, 150_000]);

    // And against the payment records summed independently.
    const { rows } = await sql<{ paid: string; owed: string }>`
      select coalesce(sum(p.amount_pence) filter (where p.status = 'paid'), 0)::text as paid,
             coalesce(sum(p.amount_pence) filter (where p.status not in ('paid', 'cancelled')), 0)::text as owed
      from prize_payment p join award a on a.id = p.award_id where a.challenge_id = ${scenario.challengeId}`.execute(
      t.db,
    );
    expect(payments.totals![2]).toBe(Number(rows[0]!.paid));
    expect(payments.totals![4]).toBe(Number(rows[0]!.owed));
    const rowSums = payments.rows.reduce<[number, number]>(
      (acc, r) => [acc[0] + Number(r[2]), acc[1] + Number(r[4])],
      [0, 0],
    );
    expect(rowSums).toEqual([145_000, 150_000]);
  });

  it("counts entries, judging, awards, support, milestones and council interest", async () => {
    const { staff, scenario } = await seeded();
    const report = await loadBoardReport(staff, scenario.challengeId, TODAY);
    const tables = report!.tables;
    expect(table(tables, "entries-by-area").rows.map((r) => r[1])).toEqual([2, 2, 1, 1, 1, 1]);
    expect(table(tables, "entries-by-area").totals).toEqual(["All priority areas", 8]);
    const councils = Object.fromEntries(table(tables, "entries-by-council").rows.map((r) => [r[0], r[1]]));
    // Organisations cycle through Birmingham, Coventry and Dudley: 3, 3 and 2 of the 8.
    expect(councils).toEqual({ Birmingham: 3, Coventry: 3, Dudley: 2 });
    const types = Object.fromEntries(table(tables, "entries-by-organisation-type").rows.map((r) => [r[0], r[1]]));
    expect(types["Community group"]).toBe(6);
    expect(types["Community interest company (CIC)"]).toBe(2);
    expect(table(tables, "judging").rows).toEqual([["Round 1 (shortlist)", "Open for scoring", 3, 3, 1, 2]]);
    const awards = table(tables, "awards-by-area");
    expect(awards.rows.map((r) => r.slice(1))).toEqual([
      [2, 1, 100_000],
      [2, 0, 100_000],
      [1, 0, 50_000],
      [1, 0, 50_000],
      [1, 0, 50_000],
      [0, 0, 0],
    ]);
    expect(awards.totals).toEqual(["All priority areas", 7, 1, 350_000]);
    expect(table(tables, "support").rows).toEqual([
      [scenario.entries[0]!.organisationName, scenario.entries[0]!.reference, 1_500_000, 250_000, 1_250_000],
    ]);
    expect(table(tables, "milestones").rows).toEqual([[scenario.entries[0]!.organisationName, 3, 1, 1, 1]]);
    expect(table(tables, "council-interest").rows).toEqual([
      ["Interested", 1, 1, 1],
      ["In discussion", 0, 0, 0],
      ["Taken forward", 2, 2, 2],
      ["Not pursued", 0, 0, 0],
    ]);
  });

  it("defaults to the most recent challenge with entries, and finds one table for its CSV", async () => {
    const { staff } = await seeded();
    const empty = await t.db
      .insertInto("challenge")
      .values({
        slug: "empty-later",
        title: "Later, empty",
        summary: "s",
        opens_at: new Date("2030-01-01"),
        closes_at: new Date("2030-03-01"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const report = await loadBoardReport(staff, null, TODAY);
    expect(report!.challenge.id).not.toBe(empty.id);
    expect(table(report!.tables, "entries-by-area").totals).toEqual(["All priority areas", expect.any(Number)]);
    await expect(loadReportTable(staff, "no-such-table", null, TODAY)).rejects.toMatchObject({ kind: "not_found" });
    expect((await loadReportTable(staff, "payments-by-area", report!.challenge.id, TODAY)).table.key).toBe(
      "payments-by-area",
    );
    await expect(loadBoardReport(staff, 999_999, TODAY)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("shows the programme's money against the budget, each figure to the penny", async () => {
    const { staff, scenario } = await seeded();
    await t.db
      .updateTable("challenge")
      .set({ budget_pence: 2_000_000 })
      .where("id", "=", scenario.challengeId)
      .execute();
    const [first, second] = await t.db
      .selectFrom("award")
      .select("id")
      .where("challenge_id", "=", scenario.challengeId)
      .orderBy("id")
      .limit(2)
      .execute();
    const recovery = (awardId: number, amount: number, status: "due" | "received" | "written_off") =>
      t.db
        .insertInto("recovery")
        .values({
          award_id: awardId,
          reason: "support_unspent",
          description: "Support not spent",
          amount_pence: amount,
          status,
          ...(status === "due" ? {} : { resolved_by: staff.id, resolved_at: new Date() }),
        })
        .execute();
    await recovery(first!.id, 20_001, "received");
    await recovery(second!.id, 10_000, "due");
    await recovery(second!.id, 5_000, "written_off");

    const money = table((await loadBoardReport(staff, scenario.challengeId, TODAY))!.tables, "programme-money");
    // Committed: six £500 prizes not cancelled (the cancelled one is out) and one £15,000 support
    // cap. Paid: £500 + £450 + £500. Support spent: the £2,500 of coaching. Remaining: £20,000 -
    // £18,000 + £200.01 received back; the recovery still due and the one written off are not in it.
    expect(money.rows).toEqual([
      ["Budget", 2_000_000],
      ["Committed", 1_800_000],
      ["Prizes paid", 145_000],
      ["Support spent", 250_000],
      ["Recovered", 20_001],
      ["Recoveries still due", 10_000],
      ["Remaining", 220_001],
    ]);
    expect(money.chart).toEqual({ series: [{ name: "Amount", column: 1 }], unit: "money" });
    const csv = await loadReportTable(staff, "programme-money", scenario.challengeId, TODAY);
    expect(csv.table.rows).toEqual(money.rows);
  });

  it("says so when no budget is set, and leaves out the budget and what remains of it", async () => {
    const { staff, scenario } = await seeded();
    const money = table((await loadBoardReport(staff, scenario.challengeId, TODAY))!.tables, "programme-money");
    expect(money.rows.map((r) => r[0])).toEqual([
      "Committed",
      "Prizes paid",
      "Support spent",
      "Recovered",
      "Recoveries still due",
    ]);
    expect(money.description).toMatch(/^No budget is set for this challenge\./);
  });

  it("is for staff only", async () => {
    const { scenario } = await seeded();
    const entrant = await makeUser(["entrant"]);
    await expect(loadBoardReport(entrant, scenario.challengeId, TODAY)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(loadAwardsForPublication(entrant, scenario.challengeId)).rejects.toMatchObject({ kind: "forbidden" });
  });
});

describe("the 360Giving export", () => {
  it("has every required field, in the right form, for every published award", async () => {
    const { staff, scenario } = await seeded();
    const found = await loadAwardsForPublication(staff, scenario.challengeId);
    const data = JSON.parse(JSON.stringify(toPackage(found.awards, SETTINGS)));
    expect(data.grants).toHaveLength(8);
    expect(threeSixtyGivingProblems(data)).toEqual([]);
    const supported = data.grants.find((g: { title: string }) => g.title.startsWith("Top 3"));
    expect(supported.amountAwarded).toBe(15000);
    expect(data.grants.filter((g: { amountAwarded: number }) => g.amountAwarded === 500)).toHaveLength(7);
    const first = data.grants[0];
    expect(first.plannedDates[0].startDate).toBe(first.awardDate);
    expect(first.beneficiaryLocation.length).toBeGreaterThan(0);
    expect(first.beneficiaryLocation[0]).toMatchObject({ countryCode: "GB", geoCodeType: "MD" });
    expect(supported.recipientOrganization[0]).toEqual({
      id: `360G-CRIC-ORG-${scenario.entries[0]!.organisationId}`,
      name: scenario.entries[0]!.organisationName,
    });
  });

  it("leaves out awards whose list is not yet published", async () => {
    const staff = await makeUser(["staff"]);
    const scenario = await createScenario({ entries: 1 });
    await createTestAwards({
      challengeId: scenario.challengeId,
      publish: false,
      awards: [{ entryId: scenario.entries[0]!.id, tier: "top20" }],
    });
    expect((await loadAwardsForPublication(staff, scenario.challengeId)).awards).toEqual([]);
  });
});
