import { londonDate } from "./deadline";

// A winner's milestones: due on a calendar date in Europe/London; late when not done and the due
// date has passed in London (a milestone due today is still on time today).

export type MilestoneStatus = "not_started" | "in_progress" | "done";
export type MilestoneState = "done" | "late" | "on_track";

export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  done: "Done",
};

export const MILESTONE_STATE_LABELS: Record<MilestoneState, string> = {
  done: "Done",
  late: "Late",
  on_track: "On track",
};

export interface MilestoneLike {
  status: MilestoneStatus;
  /** YYYY-MM-DD, a London calendar date. */
  dueOn: string;
}

/** Today's date in London as YYYY-MM-DD: what "late" is judged against. */
export function londonToday(now: Date): string {
  return londonDate(now);
}

export function isLate(milestone: MilestoneLike, today: string): boolean {
  // YYYY-MM-DD strings compare in date order.
  return milestone.status !== "done" && milestone.dueOn < today;
}

export function milestoneState(milestone: MilestoneLike, today: string): MilestoneState {
  if (milestone.status === "done") return "done";
  return isLate(milestone, today) ? "late" : "on_track";
}

export interface MilestoneCounts {
  total: number;
  done: number;
  onTrack: number;
  late: number;
}

export function countMilestones(milestones: readonly MilestoneLike[], today: string): MilestoneCounts {
  const counts: MilestoneCounts = { total: milestones.length, done: 0, onTrack: 0, late: 0 };
  for (const m of milestones) {
    const state = milestoneState(m, today);
    if (state === "done") counts.done += 1;
    else if (state === "late") counts.late += 1;
    else counts.onTrack += 1;
  }
  return counts;
}

export const MILESTONE_STATUSES = ["not_started", "in_progress", "done"] as const satisfies readonly MilestoneStatus[];

const CALENDAR = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/** "2026-03-21" as "21 March 2026": a calendar date, shown without any time zone shifting it. */
export function formatCalendarDate(date: string): string {
  const parsed = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!parsed) return date;
  return CALENDAR.format(new Date(Date.UTC(Number(parsed[1]), Number(parsed[2]) - 1, Number(parsed[3]))));
}
