import { describe, expect, it } from "vitest";
import { countMilestones, formatCalendarDate, isLate, londonToday, milestoneState } from "../../app/domain/milestones";

describe("late milestones", () => {
  it("is late when not done and the due date has passed", () => {
    expect(isLate({ status: "in_progress", dueOn: "2026-06-29" }, "2026-06-30")).toBe(true);
    expect(isLate({ status: "not_started", dueOn: "2025-12-31" }, "2026-01-01")).toBe(true);
  });

  it("is on time on the due date itself", () => {
    expect(isLate({ status: "not_started", dueOn: "2026-06-30" }, "2026-06-30")).toBe(false);
  });

  it("is never late once done, however overdue", () => {
    expect(isLate({ status: "done", dueOn: "2020-01-01" }, "2026-06-30")).toBe(false);
    expect(milestoneState({ status: "done", dueOn: "2020-01-01" }, "2026-06-30")).toBe("done");
  });

  it("judges today by the London calendar, not UTC", () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (British Summer Time).
    expect(londonToday(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    // In winter London is on UTC.
    expect(londonToday(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
    const dueJune30 = { status: "in_progress" as const, dueOn: "2026-06-30" };
    expect(isLate(dueJune30, londonToday(new Date("2026-06-30T22:59:00Z")))).toBe(false);
    expect(isLate(dueJune30, londonToday(new Date("2026-06-30T23:00:00Z")))).toBe(true);
  });

  it("counts milestones done, on track and late", () => {
    const today = "2026-05-01";
    expect(
      countMilestones(
        [
          { status: "done", dueOn: "2026-03-01" },
          { status: "in_progress", dueOn: "2026-04-30" },
          { status: "not_started", dueOn: "2026-05-01" },
          { status: "not_started", dueOn: "2026-09-01" },
        ],
        today,
      ),
    ).toEqual({ total: 4, done: 1, onTrack: 2, late: 1 });
  });

  it("shows a calendar date in words", () => {
    expect(formatCalendarDate("2026-03-21")).toBe("21 March 2026");
  });
});
