import { describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import {
  loadWinnerProgress,
  postProgressUpdate,
  supportSummaryForWinner,
} from "../../app/services/awards/progress-updates.server";
import {
  addMilestone,
  addSupportItem,
  addSupportNote,
  loadSupportPlan,
} from "../../app/services/awards/support-plans.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { createTestAwards } from "../../app/dev-tools/test-support-plans.server";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();
const TODAY = "2026-06-15";

let userCount = 0;
async function makeUser(roles: Role[], organisationId?: number) {
  userCount += 1;
  const user = await t.db
    .insertInto("app_user")
    .values({ email: `progress${userCount}@example.org`, name: `Person ${userCount}`, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const role of roles) {
    await t.db
      .insertInto("role_grant")
      .values({ user_id: user.id, role, local_authority_code: null, granted_by: null })
      .execute();
  }
  if (organisationId)
    await t.db
      .insertInto("organisation_member")
      .values({ organisation_id: organisationId, user_id: user.id })
      .execute();
  return { id: user.id, ip: "203.0.113.9" };
}

async function winner(publish = true) {
  const scenario = await createScenario({ entries: 2 });
  const awards = await createTestAwards({
    challengeId: scenario.challengeId,
    publish,
    awards: [
      { entryId: scenario.entries[0]!.id, tier: "top20" },
      { entryId: scenario.entries[0]!.id, tier: "top3" },
      { entryId: scenario.entries[1]!.id, tier: "top20" },
    ],
  });
  const entrant = { id: scenario.entries[0]!.entrantUserId, ip: "203.0.113.1" };
  return {
    scenario,
    entrant,
    cashAwardId: awards[0]!.awardId,
    supportAwardId: awards[1]!.awardId,
    runnerUpAwardId: awards[2]!.awardId,
  };
}

describe("a winner's progress updates", () => {
  it("are posted by a member of the winning organisation, reach the staff plan and are audited", async () => {
    const staff = await makeUser(["staff"]);
    const { scenario, entrant, supportAwardId, cashAwardId } = await winner();
    const colleague = await makeUser(["entrant"], scenario.entries[0]!.organisationId);
    expect(await postProgressUpdate(entrant, supportAwardId, "We opened the repair cafe on Saturday.")).toEqual({
      awardId: supportAwardId,
    });
    // From the page about the cash prize too: the same plan.
    expect(await postProgressUpdate(colleague, cashAwardId, "Forty people came.")).toEqual({
      awardId: supportAwardId,
    });
    await expect(postProgressUpdate(entrant, supportAwardId, " \n ")).rejects.toMatchObject({
      kind: "invalid",
      field: "update",
      message: "Enter your progress update",
    });
    const plan = await loadSupportPlan(staff, supportAwardId, TODAY);
    expect(plan.notes.map((n) => [n.kind, n.body])).toEqual([
      ["update", "Forty people came."],
      ["update", "We opened the repair cafe on Saturday."],
    ]);
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "actor_user_id"])
      .where("subject_id", "=", String(supportAwardId))
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "progress_update_posted", actor_user_id: entrant.id },
      { action: "progress_update_posted", actor_user_id: colleague.id },
    ]);
  });

  it("show the winner their plan read-only: totals and milestones, their updates, not the coaches' notes", async () => {
    const staff = await makeUser(["staff"]);
    const { entrant, supportAwardId, cashAwardId } = await winner();
    await addSupportItem(staff, supportAwardId, {
      kind: "in_kind",
      happenedOn: "2026-05-02",
      description: "Shop unit for a month",
      coachName: null,
      hours: null,
      amountPence: 120_050,
      overrideReason: null,
    });
    await addMilestone(staff, supportAwardId, {
      title: "Open",
      dueOn: "2026-06-01",
      status: "not_started",
      completedOn: null,
    });
    await addSupportNote(staff, supportAwardId, "Internal: check the lease.");
    await postProgressUpdate(entrant, supportAwardId, "Lease signed.");
    const progress = await loadWinnerProgress(entrant, cashAwardId, TODAY);
    expect(progress.summary).toEqual({
      awardId: supportAwardId,
      position: { capPence: 1_500_000, spentPence: 120_050, remainingPence: 1_379_950, overPence: 0, percentUsed: 8 },
      milestones: { total: 1, done: 0, onTrack: 0, late: 1 },
    });
    expect(progress.updates.map((u) => u.body)).toEqual(["Lease signed."]);
    expect(await supportSummaryForWinner(entrant, cashAwardId, TODAY)).toEqual(progress.summary);
  });

  it("do not exist for anyone outside the organisation, for a runner-up, or before results are published", async () => {
    const { entrant, supportAwardId, runnerUpAwardId, scenario } = await winner();
    const stranger = await makeUser(["entrant"]);
    await expect(loadWinnerProgress(stranger, supportAwardId, TODAY)).rejects.toMatchObject({ kind: "not_found" });
    await expect(postProgressUpdate(stranger, supportAwardId, "Hello")).rejects.toMatchObject({ kind: "not_found" });
    expect(await supportSummaryForWinner(stranger, supportAwardId, TODAY)).toBeNull();
    const runnerUp = { id: scenario.entries[1]!.entrantUserId, ip: null };
    await expect(loadWinnerProgress(runnerUp, runnerUpAwardId, TODAY)).rejects.toMatchObject({ kind: "not_found" });
    await expect(loadWinnerProgress(entrant, runnerUpAwardId, TODAY)).rejects.toMatchObject({ kind: "not_found" });

    const early = await winner(false);
    await expect(loadWinnerProgress(early.entrant, early.supportAwardId, TODAY)).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(postProgressUpdate(early.entrant, early.supportAwardId, "Too soon")).rejects.toMatchObject({
      kind: "not_found",
    });
    expect(await t.db.selectFrom("progress_update").select("id").execute()).toEqual([]);
  });
});
