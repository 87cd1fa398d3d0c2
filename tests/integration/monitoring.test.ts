import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { createTestAwards } from "../../app/dev-tools/test-support-plans.server";
import { addDays } from "../../app/domain/monitoring";
import { downloadAttachment, checkUpload } from "../../app/services/attachments/attachments.server";
import {
  createMonitoringReports,
  lateReports,
  loadStaffReport,
  loadWinnerReport,
  reviewReport,
  saveWinnerReport,
  sendMonitoringReminders,
} from "../../app/services/awards/monitoring.server";
import { addSupportItem } from "../../app/services/awards/support-plans.server";
import { makeStaff } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";
import { AppError } from "../../app/services/app-error.server";
import { samplePdf } from "../support/sample-files";

const t = useTestDatabase();

/** The kind of refusal a call ends in, or "done". */
async function refusalOf(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => "done",
    (error: unknown) => {
      if (error instanceof AppError) return error.kind;
      throw error;
    },
  );
}

async function world() {
  const staff = await makeStaff(t.db, "monitor");
  const scenario = await createScenario({ entries: 2, label: "Monitored" }, t.db);
  const winner = scenario.entries[0]!;
  const other = scenario.entries[1]!;
  const [cash, supported] = await createTestAwards(
    {
      challengeId: scenario.challengeId,
      awards: [
        { entryId: winner.id, tier: "top20" },
        { entryId: winner.id, tier: "top3" },
      ],
    },
    t.db,
  );
  const reports = await t.db
    .selectFrom("monitoring_report")
    .select(["id", "award_id", "months_after", "is_closing", sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as("due_on")])
    .orderBy("award_id")
    .orderBy("months_after")
    .execute();
  return {
    staff,
    scenario,
    winner: { id: winner.entrantUserId },
    stranger: { id: other.entrantUserId },
    cash: cash!,
    supported: supported!,
    reports,
  };
}

const input = {
  milestones: [],
  supportBought: "A second-hand van and a cook's time",
  peopleReached: 240,
  volunteers: 12,
  jobsCreated: 1,
  moneyRaisedPence: 150_000,
  story: "We now cook for three lunch clubs.",
};

describe("monitoring schedules", () => {
  it("gives each published award its tier's reports, the last one closing, and never twice", async () => {
    const { reports, cash, supported } = await world();
    const schedule = (awardId: number) =>
      reports.filter((r) => r.award_id === awardId).map((r) => [r.months_after, r.is_closing]);
    expect(schedule(cash.awardId)).toEqual([[6, true]]);
    expect(schedule(supported.awardId)).toEqual([
      [3, false],
      [6, false],
      [9, false],
      [12, true],
    ]);
    expect(await createMonitoringReports(t.db)).toBe(0);
  });
});

describe("monitoring reminders", () => {
  it("sends the reminder before and the one after each once, however often the job runs", async () => {
    const { cash, reports } = await world();
    const report = reports.find((r) => r.award_id === cash.awardId)!;
    const at = (date: string) => new Date(`${date}T09:00:00Z`);
    const runs = [
      addDays(report.due_on, -20),
      addDays(report.due_on, -14),
      addDays(report.due_on, -14),
      addDays(report.due_on, -3),
      addDays(report.due_on, 1),
      addDays(report.due_on, 7),
      addDays(report.due_on, 8),
      addDays(report.due_on, 30),
    ];
    for (const day of runs) await sendMonitoringReminders(at(day), t.db);
    const emails = await t.db
      .selectFrom("email_outbox")
      .select(["template", "props", "idempotency_key"])
      .where("template", "=", "monitoring-reminder")
      .execute();
    const aboutThis = emails.filter((e) => e.idempotency_key?.startsWith(`monitoring-reminder:${report.id}:`));
    // One member of the winning organisation (the contact is the same person): one email each time.
    expect(aboutThis.map((e) => (e.props as { late: boolean }).late)).toEqual([false, true]);
    const row = await t.db
      .selectFrom("monitoring_report")
      .select(["reminder_before_sent_at", "reminder_after_sent_at"])
      .where("id", "=", report.id)
      .executeTakeFirstOrThrow();
    expect(row.reminder_before_sent_at).not.toBeNull();
    expect(row.reminder_after_sent_at).not.toBeNull();
  });

  it("does not remind about a report already sent", async () => {
    const { cash, reports, winner } = await world();
    const report = reports.find((r) => r.award_id === cash.awardId)!;
    await saveWinnerReport(winner, cash.awardId, report.id, input, [], { submit: true, today: report.due_on });
    await sendMonitoringReminders(new Date(`${addDays(report.due_on, -5)}T09:00:00Z`), t.db);
    await sendMonitoringReminders(new Date(`${addDays(report.due_on, 8)}T09:00:00Z`), t.db);
    const emails = await t.db
      .selectFrom("email_outbox")
      .select("idempotency_key")
      .where("idempotency_key", "like", `monitoring-reminder:${report.id}:%`)
      .execute();
    expect(emails).toEqual([]);
  });
});

describe("a monitoring report", () => {
  it("is sent with a file, asked for more, sent again and accepted; accepting the closing one completes the award", async () => {
    const { staff, winner, stranger, supported, reports } = await world();
    const closing = reports.find((r) => r.award_id === supported.awardId && r.is_closing)!;
    const today = closing.due_on;
    const file = await checkUpload({ name: "receipts.pdf", bytes: samplePdf("Receipts") });
    await saveWinnerReport(winner, supported.awardId, closing.id, input, [file], { submit: true, today });

    // The file is the winner's and staff's to see, nobody else's.
    const page = await loadWinnerReport(winner, supported.awardId, closing.id, today);
    const attachmentId = page.attachments[0]!.id;
    expect((await downloadAttachment(staff, attachmentId)).fileName).toBe("receipts.pdf");
    expect(await refusalOf(downloadAttachment(stranger, attachmentId))).toBe("not_found");
    expect(await refusalOf(loadWinnerReport(stranger, supported.awardId, closing.id, today))).toBe("not_found");
    expect(await refusalOf(loadStaffReport(winner, supported.awardId, closing.id, today))).toBe("forbidden");

    // Asking for more needs a message, and emails the winner.
    expect(
      await refusalOf(reviewReport(staff, supported.awardId, closing.id, { outcome: "more_asked", message: "" })),
    ).toBe("invalid");
    const asked = await reviewReport(staff, supported.awardId, closing.id, {
      outcome: "more_asked",
      message: "Please add the van's insurance certificate.",
    });
    expect(asked).toMatchObject({ outcome: "more_asked", completed: false, emailsQueued: 1 });

    await saveWinnerReport(
      winner,
      supported.awardId,
      closing.id,
      { ...input, story: "We now cook for four lunch clubs." },
      [],
      { submit: true, today },
    );
    // Sent and waiting: the winner cannot change it until staff have looked.
    expect(
      await refusalOf(saveWinnerReport(winner, supported.awardId, closing.id, input, [], { submit: false, today })),
    ).toBe("conflict");
    const accepted = await reviewReport(staff, supported.awardId, closing.id, { outcome: "accepted", message: "" });
    expect(accepted).toMatchObject({ outcome: "accepted", completed: true });

    const staffPage = await loadStaffReport(staff, supported.awardId, closing.id, today);
    expect(staffPage.submissions.map((s) => [s.number, s.outcome, s.content.story])).toEqual([
      [2, "accepted", "We now cook for four lunch clubs."],
      [1, "more_asked", "We now cook for three lunch clubs."],
    ]);
    expect(staffPage.submissions[1]!.attachments.map((a) => a.fileName)).toEqual(["receipts.pdf"]);
    expect(staffPage.completion).not.toBeNull();

    // A completed award has had all its support.
    const refusal = addSupportItem(staff, supported.awardId, {
      kind: "grant",
      happenedOn: today,
      description: "One more thing",
      coachName: null,
      hours: null,
      amountPence: 10_000,
      overrideReason: null,
    });
    await expect(refusal).rejects.toThrow(/completed .* no more support can be added/);
  });

  it("shows as late on the board report's table once past its due date unsent", async () => {
    const { scenario, cash, reports } = await world();
    const report = reports.find((r) => r.award_id === cash.awardId)!;
    const lateOn = async (day: string) =>
      (await lateReports(t.db, scenario.challengeId, day)).filter((r) => r.reportId === report.id);
    // The top 3's earlier reports are late by then too; this is about the cash award's one report.
    expect(await lateOn(report.due_on)).toEqual([]);
    const late = await lateOn(addDays(report.due_on, 3));
    expect(late).toMatchObject([
      { reportId: report.id, state: "late", daysLate: 3, reportName: "Closing report (6 months)" },
    ]);
    const missing = await lateOn(addDays(report.due_on, 40));
    expect(missing[0]).toMatchObject({ state: "missing", daysLate: 40 });
  });
});
