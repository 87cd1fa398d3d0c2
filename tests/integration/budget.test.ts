import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../app/auth/session.server";
import { config } from "../../app/config.server";
import { confirmRounds } from "../../app/dev-tools/test-awards.server";
import { createScenario, type Scenario } from "../../app/dev-tools/test-scenarios.server";
import { createTestAwards } from "../../app/dev-tools/test-support-plans.server";
import { withAppErrorResponse } from "../../app/security/app-error-responses.server";
import { approveAwardList, awardListPage, proposeAwardList } from "../../app/services/awards/awards.server";
import { challengeBudget, setChallengeBudget } from "../../app/services/budget/budget.server";
import { threeSixtyGivingProblems } from "../../app/domain/three-sixty-giving-schema";
import { makeStaff } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";
import { createSessionWithSecondFactor } from "../support/second-factor";

const t = useTestDatabase();
const NOW = new Date("2027-06-01T10:00:00Z");

/**
 * Five entries shortlisted (five £500 prizes) and two winners (two £15,000 support caps): the
 * list commits £32,500.
 */
async function judged(): Promise<Scenario> {
  const scenario = await createScenario({ entries: 6 });
  const [e0, e1, e2, e3, e4] = scenario.entries;
  await confirmRounds({
    challengeId: scenario.challengeId,
    shortlist: [e0!.id, e1!.id, e2!.id, e3!.id, e4!.id],
    winners: [e2!.id, e0!.id],
  });
  return scenario;
}

const budget = (challengeId: number, pence: number | null) =>
  t.db.updateTable("challenge").set({ budget_pence: pence }).where("id", "=", challengeId).execute();

const auditOf = (action: string) =>
  t.db.selectFrom("audit_event").select(["details"]).where("action", "=", action).orderBy("id").execute();

describe("the budget against the award list", () => {
  it("refuses a list that commits more than the budget, and writes nothing", async () => {
    const scenario = await judged();
    await budget(scenario.challengeId, 3_000_000);
    const sam = await makeStaff(t.db, "sam");
    const page = await awardListPage(sam, scenario.challengeId, NOW);
    expect(page.budget).toEqual({
      budgetPence: 3_000_000,
      committedPence: 3_250_000,
      remainingPence: -250_000,
      overPence: 250_000,
    });
    await expect(proposeAwardList(sam, scenario.challengeId, NOW)).rejects.toMatchObject({
      kind: "invalid",
      field: "overBudgetReason",
      message: expect.stringContaining(
        "These awards commit £32,500 (cash prizes and support caps), £2,500 over the budget of £30,000",
      ),
    });
    await expect(proposeAwardList(sam, scenario.challengeId, NOW, "   ")).rejects.toMatchObject({ kind: "invalid" });
    expect(await t.db.selectFrom("award_list").select("challenge_id").execute()).toEqual([]);
    expect(await t.db.selectFrom("award").select("id").execute()).toEqual([]);
  });

  it("lets it through with a reason, kept on the list and in the audit trail, and shown to the approver", async () => {
    const scenario = await judged();
    await budget(scenario.challengeId, 3_000_000);
    const sam = await makeStaff(t.db, "sam");
    const kim = await makeStaff(t.db, "kim");
    await proposeAwardList(sam, scenario.challengeId, NOW, "  The board agreed a £2,500 top-up on 1 June  ");
    const list = await t.db
      .selectFrom("award_list")
      .select(["over_budget_reason", "over_budget_pence"])
      .executeTakeFirstOrThrow();
    expect(list).toEqual({
      over_budget_reason: "The board agreed a £2,500 top-up on 1 June",
      over_budget_pence: 250_000,
    });
    expect((await auditOf("awards_proposed"))[0]!.details).toMatchObject({
      budgetPence: 3_000_000,
      committedPence: 3_250_000,
      overBudgetPence: 250_000,
      overBudgetReason: "The board agreed a £2,500 top-up on 1 June",
    });
    const page = await awardListPage(kim, scenario.challengeId, NOW);
    expect(page.list!.overBudget).toEqual({ reason: "The board agreed a £2,500 top-up on 1 June", overPence: 250_000 });
    await approveAwardList(kim, scenario.challengeId, NOW);
    expect((await auditOf("awards_approved"))[0]!.details).toMatchObject({ overBudgetPence: 250_000 });
  });

  it("needs no reason within the budget (to the penny) or without one, and keeps none given", async () => {
    const exact = await judged();
    await budget(exact.challengeId, 3_250_000);
    const sam = await makeStaff(t.db, "sam");
    await proposeAwardList(sam, exact.challengeId, NOW, "Not needed");
    const unlimited = await judged();
    await proposeAwardList(sam, unlimited.challengeId, NOW);
    const lists = await t.db
      .selectFrom("award_list")
      .select(["challenge_id", "over_budget_reason", "over_budget_pence"])
      .orderBy("challenge_id")
      .execute();
    expect(lists).toEqual([
      { challenge_id: exact.challengeId, over_budget_reason: null, over_budget_pence: null },
      { challenge_id: unlimited.challengeId, over_budget_reason: null, over_budget_pence: null },
    ]);
    expect((await awardListPage(sam, unlimited.challengeId, NOW)).budget).toEqual({
      budgetPence: null,
      committedPence: 3_250_000,
      remainingPence: null,
      overPence: 0,
    });
  });

  it("is refused by the database too: a reason without the overspend, or the reverse", async () => {
    const scenario = await createScenario({ entries: 1 });
    await expect(
      t.db
        .insertInto("award_list")
        .values({ challenge_id: scenario.challengeId, over_budget_reason: "Because", over_budget_pence: null })
        .execute(),
    ).rejects.toThrow(/award_list_over_budget/);
  });
});

describe("setting the budget", () => {
  it("is kept in pence, cleared with nothing, and every change is audited", async () => {
    const scenario = await createScenario({ entries: 1 });
    const sam = await makeStaff(t.db, "sam");
    await setChallengeBudget(sam, scenario.challengeId, 5_500_000);
    expect((await challengeBudget(sam, scenario.challengeId)).budgetPence).toBe(5_500_000);
    await setChallengeBudget(sam, scenario.challengeId, 5_500_000);
    await setChallengeBudget(sam, scenario.challengeId, null);
    expect((await challengeBudget(sam, scenario.challengeId)).budgetPence).toBeNull();
    expect((await auditOf("challenge_budget_changed")).map((e) => e.details)).toEqual([
      expect.objectContaining({ summary: "Budget changed from none to £55,000", fromPence: null, toPence: 5_500_000 }),
      expect.objectContaining({ summary: "Budget changed from £55,000 to none", fromPence: 5_500_000, toPence: null }),
    ]);
  });
});

function contextFor(): AppLoadContext {
  return { nonce: "n", requestId: "r", ip: "203.0.113.9", setCookies: [] } as unknown as AppLoadContext;
}

async function exportAs(userId: number, challengeId: number): Promise<Response> {
  const route = await import("../../app/routes/staff.reports.360giving[.]json");
  const { token } = await createSessionWithSecondFactor(userId);
  const request = new Request(`http://localhost/staff/reports/360giving.json?challenge=${challengeId}`, {
    headers: { cookie: `${SESSION_COOKIE}=${token}` },
  });
  try {
    return (await withAppErrorResponse(route.loader)({ request, context: contextFor(), params: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("the 360Giving export route", () => {
  it("hands out a package that passes every rule, with beneficiary locations and planned dates", async () => {
    const scenario = await createScenario({ entries: 2 });
    await createTestAwards({
      challengeId: scenario.challengeId,
      awards: [
        { entryId: scenario.entries[0]!.id, tier: "top20" },
        { entryId: scenario.entries[1]!.id, tier: "top3" },
      ],
    });
    const sam = await makeStaff(t.db, "sam");
    const response = await exportAs(sam.id, scenario.challengeId);
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(threeSixtyGivingProblems(data)).toEqual([]);
    expect(data.grants).toHaveLength(2);
    for (const grant of data.grants) {
      expect(grant.plannedDates[0].startDate).toBe(grant.awardDate);
      expect(grant.beneficiaryLocation[0]).toMatchObject({ countryCode: "GB", geoCode: expect.stringMatching(/^E/) });
    }
  });

  it("refuses, with a message naming the problem and never a server error, a package that breaks a rule", async () => {
    const scenario = await createScenario({ entries: 1 });
    await createTestAwards({
      challengeId: scenario.challengeId,
      awards: [{ entryId: scenario.entries[0]!.id, tier: "top20" }],
    });
    const sam = await makeStaff(t.db, "sam");
    const funder = config.threeSixtyGiving.fundingOrganisation;
    const before = funder.id;
    funder.id = "WMCA";
    try {
      const response = await exportAs(sam.id, scenario.challengeId);
      expect(response.status).toBe(400);
      const message = await response.text();
      expect(message).toMatch(/^The 360Giving export was not produced because it would break the standard's rules: /);
      expect(message).toContain(
        'fundingOrganization[0].id: the identifier "WMCA" must start with an org-id.guide list code',
      );
    } finally {
      funder.id = before;
    }
  });
});
