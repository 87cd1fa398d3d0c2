import { sql } from "kysely";
import { grantStaffDirectly } from "../../db/seed/staff-grants";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import type { Role } from "../../db/schema";
import {
  addMilestone,
  addSupportItem,
  addSupportNote,
  ledgerTotal,
  listSupportPlans,
  loadSupportPlan,
  updateMilestone,
  type SupportItemInput,
} from "../../app/services/awards/support-plans.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { createTestAwards } from "../../app/dev-tools/test-support-plans.server";
import { overlapping } from "../support/concurrency";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();
const TODAY = "2026-06-15";

let userCount = 0;
async function makeUser(roles: Role[]) {
  userCount += 1;
  const user = await t.db
    .insertInto("app_user")
    .values({ email: `person${userCount}@example.org`, name: `Person ${userCount}`, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const role of roles) {
    // Staff only the way the database accepts a second member of staff (decision 049).
    if (role === "staff") {
      await grantStaffDirectly(t.db, user.id);
      continue;
    }
    await t.db
      .insertInto("role_grant")
      .values({ user_id: user.id, role, local_authority_code: null, granted_by: null })
      .execute();
  }
  return { id: user.id, ip: "203.0.113.9" };
}

/** A published challenge whose first entry is a winner (top 20 and top 3) and second a runner-up. */
async function winner() {
  const scenario = await createScenario({ entries: 2 });
  const awards = await createTestAwards({
    challengeId: scenario.challengeId,
    awards: [
      { entryId: scenario.entries[0]!.id, tier: "top20", paymentStatus: "paid" },
      { entryId: scenario.entries[0]!.id, tier: "top3" },
      { entryId: scenario.entries[1]!.id, tier: "top20" },
    ],
  });
  return { scenario, supportAwardId: awards[1]!.awardId, cashAwardId: awards[0]!.awardId };
}

function item(amountPence: number, extra: Partial<SupportItemInput> = {}): SupportItemInput {
  return {
    kind: "coaching",
    happenedOn: "2026-05-01",
    description: "Business planning session",
    coachName: "Priya Shah",
    hours: "1.5",
    amountPence,
    overrideReason: null,
    ...extra,
  };
}

describe("the support ledger", () => {
  it("keeps the plan's spent total equal to the sum of its items, to the penny", async () => {
    const staff = await makeUser(["staff"]);
    const { supportAwardId } = await winner();
    const amounts = [33_333, 1, 250_050, 99_999, 12_345];
    for (const [i, amount] of amounts.entries()) {
      const kind = (["coaching", "investment", "grant", "in_kind", "coaching"] as const)[i]!;
      const result = await addSupportItem(staff, supportAwardId, item(amount, { kind }));
      expect(result).toMatchObject({ itemId: expect.any(Number), overridden: false });
    }
    const plan = await loadSupportPlan(staff, supportAwardId, TODAY);
    // 33,333 + 1 + 250,050 + 99,999 + 12,345, added up by hand.
    expect(plan.position.spentPence).toBe(395_728);
    expect(plan.position.remainingPence).toBe(1_500_000 - 395_728);
    expect(plan.items.reduce((sum, i) => sum + i.amountPence, 0)).toBe(395_728);
    const { rows } = await sql<{
      total: string;
    }>`select sum(amount_pence)::text as total from support_item where award_id = ${supportAwardId}`.execute(t.db);
    expect(Number(rows[0]!.total)).toBe(395_728);
    // Coach and hours are kept for coaching only.
    expect(plan.items.find((i) => i.kind === "investment")).toMatchObject({ coachName: null, hours: null });
    expect(plan.items.find((i) => i.amountPence === 33_333)).toMatchObject({ coachName: "Priya Shah", hours: "1.5" });
    const list = await listSupportPlans(staff, TODAY);
    expect(list.find((p) => p.award.awardId === supportAwardId)?.position.spentPence).toBe(395_728);
  });

  it("adds up to the cap exactly, then refuses a penny more with the total in the message", async () => {
    const staff = await makeUser(["staff"]);
    const { supportAwardId } = await winner();
    expect(await addSupportItem(staff, supportAwardId, item(1_400_000))).toMatchObject({ overridden: false });
    await expect(addSupportItem(staff, supportAwardId, item(125_000))).rejects.toMatchObject({
      kind: "invalid",
      field: "amount",
      message: "This would take the total to £15,250.00, £250.00 over the £15,000.00 cap",
    });
    expect(await addSupportItem(staff, supportAwardId, item(100_000))).toMatchObject({
      position: { spentPence: 1_500_000, remainingPence: 0 },
    });
    await expect(addSupportItem(staff, supportAwardId, item(1))).rejects.toMatchObject({
      kind: "invalid",
      field: "amount",
    });
    expect(await ledgerTotal(t.db, supportAwardId)).toBe(1_500_000);
    const refusedAudits = await t.db
      .selectFrom("audit_event")
      .select("id")
      .where("subject_id", "=", String(supportAwardId))
      .execute();
    expect(refusedAudits).toHaveLength(2);
  });

  it("allows an item over the cap only with an override reason, recorded with who authorised it and audited", async () => {
    const staff = await makeUser(["staff"]);
    const { supportAwardId } = await winner();
    await addSupportItem(staff, supportAwardId, item(1_400_000));
    await expect(addSupportItem(staff, supportAwardId, item(125_000, { overrideReason: "  " }))).rejects.toMatchObject({
      kind: "invalid",
      field: "amount",
    });
    const allowed = await addSupportItem(
      staff,
      supportAwardId,
      item(125_000, { overrideReason: "Director agreed on 3 June: equipment costs rose" }),
    );
    expect(allowed).toMatchObject({
      overridden: true,
      position: { spentPence: 1_525_000, remainingPence: 0, overPence: 25_000 },
    });
    const saved = await t.db
      .selectFrom("support_item")
      .select(["override_reason", "override_by", "recorded_by"])
      .where("award_id", "=", supportAwardId)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({
      override_reason: "Director agreed on 3 June: equipment costs rose",
      override_by: staff.id,
      recorded_by: staff.id,
    });
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "actor_user_id", "details"])
      .where("subject_type", "=", "award")
      .where("subject_id", "=", String(supportAwardId))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["support_item_added", "support_item_added_over_cap"]);
    expect(audit[1]!.actor_user_id).toBe(staff.id);
    const details = typeof audit[1]!.details === "string" ? JSON.parse(audit[1]!.details) : audit[1]!.details;
    expect(details).toMatchObject({
      overrideReason: "Director agreed on 3 June: equipment costs rose",
      amountPence: 125_000,
      totalPence: 1_525_000,
      capPence: 1_500_000,
      overCapPence: 25_000,
    });
  });

  it("has no plan for an award without a support cap, and only staff may add to a plan", async () => {
    const staff = await makeUser(["staff"]);
    const entrant = await makeUser(["entrant"]);
    const { supportAwardId, cashAwardId } = await winner();
    await expect(addSupportItem(staff, cashAwardId, item(100))).rejects.toMatchObject({ kind: "not_found" });
    await expect(loadSupportPlan(staff, cashAwardId, TODAY)).rejects.toMatchObject({ kind: "not_found" });
    await expect(addSupportItem(entrant, supportAwardId, item(100))).rejects.toMatchObject({ kind: "forbidden" });
    expect(await ledgerTotal(t.db, supportAwardId)).toBe(0);
  });
});

describe("milestones and notes", () => {
  it("shows milestones late, on track or done against London's today, and audits each change", async () => {
    const staff = await makeUser(["staff"]);
    const { supportAwardId } = await winner();
    const early = await addMilestone(staff, supportAwardId, {
      title: "Business plan",
      dueOn: "2026-06-14",
      status: "in_progress",
      completedOn: null,
    });
    await addMilestone(staff, supportAwardId, {
      title: "First customers",
      dueOn: "2026-06-15",
      status: "not_started",
      completedOn: null,
    });
    await expect(
      addMilestone(staff, supportAwardId, {
        title: "Launch",
        dueOn: "2026-07-01",
        status: "done",
        completedOn: null,
      }),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "completedOn",
      message: "Enter the date the milestone was completed",
    });
    let plan = await loadSupportPlan(staff, supportAwardId, TODAY);
    expect(plan.milestones.map((m) => [m.title, m.state])).toEqual([
      ["Business plan", "late"],
      ["First customers", "on_track"],
    ]);
    expect(plan.milestoneCounts).toEqual({ total: 2, done: 0, onTrack: 1, late: 1 });

    await updateMilestone(staff, supportAwardId, early.milestoneId, {
      title: "Business plan",
      dueOn: "2026-06-14",
      status: "done",
      completedOn: "2026-06-15",
    });
    plan = await loadSupportPlan(staff, supportAwardId, TODAY);
    expect(plan.milestones[0]).toMatchObject({ state: "done", completedOn: "2026-06-15" });
    // Back to in progress clears the completion date.
    await updateMilestone(staff, supportAwardId, early.milestoneId, {
      title: "Business plan",
      dueOn: "2026-06-20",
      status: "in_progress",
      completedOn: "2026-06-15",
    });
    plan = await loadSupportPlan(staff, supportAwardId, TODAY);
    expect(plan.milestones.find((m) => m.id === early.milestoneId)).toMatchObject({
      completedOn: null,
      state: "on_track",
    });
    const actions = await t.db
      .selectFrom("audit_event")
      .select("action")
      .where("subject_id", "=", String(supportAwardId))
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "milestone_added",
      "milestone_added",
      "milestone_changed",
      "milestone_changed",
    ]);
  });

  it("keeps coaches' notes on the plan", async () => {
    const staff = await makeUser(["staff"]);
    const { supportAwardId } = await winner();
    await expect(addSupportNote(staff, supportAwardId, "   ")).rejects.toMatchObject({
      kind: "invalid",
      field: "note",
      message: "Enter the note",
    });
    await addSupportNote(staff, supportAwardId, "Good first session; needs a cash-flow forecast.");
    const plan = await loadSupportPlan(staff, supportAwardId, TODAY);
    expect(plan.notes).toMatchObject([
      { kind: "note", body: "Good first session; needs a cash-flow forecast.", authorName: expect.any(String) },
    ]);
  });
});

const onPostgres = t.engine === "postgres";
if (!onPostgres) {
  console.warn(
    "support-plans.test.ts: SKIPPED 'two people adding support at the same moment': it needs several real database " +
      "connections, which the embedded database (PGlite, one connection) cannot give. Set TEST_DATABASE_URL to run it; " +
      "CI runs it on PostgreSQL.",
  );
}

describe.runIf(onPostgres)("two people adding support at the same moment (PostgreSQL)", () => {
  let blocker: DatabaseHandle | undefined;

  beforeAll(async () => {
    blocker = await openDatabase({ databaseUrl: t.url, poolSize: 2 });
  });

  afterAll(async () => {
    await blocker?.close();
  });

  it("lets only one of two additions racing for the last of the cap through", async () => {
    const sam = await makeUser(["staff"]);
    const kim = await makeUser(["staff"]);
    const { supportAwardId } = await winner();
    await addSupportItem(sam, supportAwardId, item(1_000_000));
    // £5,000 left: each of these fits alone, both together would not.
    const outcomes = await overlapping(blocker!.db, () => [
      addSupportItem(sam, supportAwardId, item(300_000)),
      addSupportItem(kim, supportAwardId, item(400_000)),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected");
    expect(refused?.reason).toMatchObject({
      kind: "invalid",
      field: "amount",
      message: expect.stringMatching(/over the £15,000\.00 cap$/),
    });
    expect(await ledgerTotal(t.db, supportAwardId)).toBeLessThanOrEqual(1_500_000);
    expect(
      await t.db.selectFrom("support_item").select("id").where("award_id", "=", supportAwardId).execute(),
    ).toHaveLength(2);
  });
});
