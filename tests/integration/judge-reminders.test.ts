import { describe, expect, it } from "vitest";
import { confirmDeclaration } from "../../app/services/judging/conflicts.server";
import { saveReview } from "../../app/services/judging/reviews.server";
import { sendJudgingReminders } from "../../app/services/judging/reminders.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { openRoundForJudges } from "../../app/dev-tools/test-judging.server";
import { useTestDatabase } from "../support/database";
import { makeUser } from "../support/staff-entries-fixtures";

const t = useTestDatabase();

// Scoring closes at 5pm on Friday 11 December 2026, UK time (GMT: 17:00 UTC). With reminders 3
// London calendar days before: from 8 December on, and never once scoring has closed.
const CLOSES = new Date("2026-12-11T17:00:00Z");
const FOUR_DAYS_BEFORE = new Date("2026-12-07T12:00:00Z");
const THREE_DAYS_BEFORE = new Date("2026-12-08T00:30:00Z");
const LAST_MORNING = new Date("2026-12-11T09:00:00Z");
const AFTER = new Date("2026-12-11T17:01:00Z");

async function world() {
  const scenario = await createScenario({ entries: 3, label: "Remind" });
  const busy = await makeUser(t.db, "Judge Busy", ["judge"]);
  const done = await makeUser(t.db, "Judge Done", ["judge"]);
  const round = await openRoundForJudges({
    challengeId: scenario.challengeId,
    judgeUserIds: [busy.id, done.id],
    scoringClosesAt: CLOSES,
  });
  for (const judge of [busy, done]) {
    await confirmDeclaration({ id: judge.id }, { challengeId: scenario.challengeId, conflicts: [], confirmed: true });
  }
  const scores = Object.fromEntries(scenario.criterionIds.map((id) => [`score-${id}`, "3"]));
  // Busy submits one of three; Done submits all three.
  const mine = (judge: { id: number }) => round.assignments.filter((a) => a.judgeUserId === judge.id);
  await saveReview(
    { id: busy.id },
    { assignmentId: mine(busy)[0]!.assignmentId, version: 0, intent: "submit", values: scores },
  );
  await saveReview(
    { id: busy.id },
    { assignmentId: mine(busy)[1]!.assignmentId, version: 0, intent: "save", values: {} },
  );
  for (const a of mine(done)) {
    await saveReview({ id: done.id }, { assignmentId: a.assignmentId, version: 0, intent: "submit", values: scores });
  }
  return { scenario, busy, done, round };
}

async function outbox() {
  return t.db
    .selectFrom("email_outbox")
    .select(["to_address", "template", "props", "idempotency_key"])
    .orderBy("id")
    .execute();
}

describe("judging reminders", () => {
  it("emails only the judges with entries not yet submitted, once the deadline is 3 days away", async () => {
    const { scenario, busy, round } = await world();
    expect(await sendJudgingReminders(FOUR_DAYS_BEFORE, t.db, 3)).toEqual({
      roundsDue: 0,
      queued: 0,
      alreadyQueued: 0,
    });
    expect(await outbox()).toEqual([]);

    expect(await sendJudgingReminders(THREE_DAYS_BEFORE, t.db, 3)).toEqual({
      roundsDue: 1,
      queued: 1,
      alreadyQueued: 0,
    });
    const [email, ...others] = await outbox();
    expect(others).toEqual([]);
    expect(email).toMatchObject({
      to_address: busy.email,
      template: "judge-reminder",
      idempotency_key: `judge-reminder:${round.roundId}:${busy.id}:3d`,
      props: {
        name: "Judge Busy",
        challengeTitle: `Scenario challenge ${scenario.label}`,
        roundNumber: 1,
        outstanding: 2,
        total: 3,
        deadline: "5pm on 11 December 2026",
        daysLeft: 3,
      },
    });
  });

  it("sends each reminder once however often it runs, and none after scoring closes", async () => {
    await world();
    await sendJudgingReminders(THREE_DAYS_BEFORE, t.db, 3);
    expect(await sendJudgingReminders(LAST_MORNING, t.db, 3)).toMatchObject({ queued: 0, alreadyQueued: 1 });
    expect(await sendJudgingReminders(AFTER, t.db, 3)).toEqual({ roundsDue: 0, queued: 0, alreadyQueued: 0 });
    expect(await outbox()).toHaveLength(1);
  });

  it("does not remind a judge whose only outstanding work was ended, or a round that is not open", async () => {
    const { busy, round } = await world();
    await t.db
      .updateTable("assignment")
      .set({ removed_at: new Date(), removed_reason: "Conflict declared" })
      .where("judge_user_id", "=", busy.id)
      .execute();
    expect(await sendJudgingReminders(THREE_DAYS_BEFORE, t.db, 3)).toMatchObject({ roundsDue: 1, queued: 0 });
    await t.db
      .updateTable("assignment")
      .set({ removed_at: null, removed_reason: null })
      .where("judge_user_id", "=", busy.id)
      .execute();
    await t.db.updateTable("judging_round").set({ status: "closed" }).where("id", "=", round.roundId).execute();
    expect(await sendJudgingReminders(THREE_DAYS_BEFORE, t.db, 3)).toEqual({
      roundsDue: 0,
      queued: 0,
      alreadyQueued: 0,
    });
  });
});
