import type { MilestoneProgress, MonitoringReportStatus } from "../../db/schema-parts/monitoring";

// Monitoring reports (decision 061): the schedule a prize tier sets, when a report is late, and when
// its reminders go. Dates are London calendar dates as YYYY-MM-DD, which compare in date order.

/** The schedule of a tier that has none of its own: quarterly for a year with support, else once at six months. */
export function defaultScheduleMonths(tier: { supportCapPence: number }): number[] {
  return tier.supportCapPence > 0 ? [3, 6, 9, 12] : [6];
}

/** Days before the due date the first reminder goes, and days after it the second. */
export const REMINDER_DAYS_BEFORE = 14;
export const REMINDER_DAYS_AFTER = 7;
/**
 * A late reminder is only worth sending near the date: a report found more than this many days late
 * (a schedule given to awards long published) is shown as missing on the staff pages, not emailed.
 */
export const LATE_REMINDER_WINDOW_DAYS = 28;
/** Past due and not sent for this many days: missing rather than late. */
export const MISSING_AFTER_DAYS = 28;

export const MAX_SCHEDULE_REPORTS = 12;

/**
 * "3, 6, 9, 12" as months after the results, each once, in order; the last is the closing report.
 * An error message for anything else.
 */
export function parseScheduleMonths(text: string): { ok: true; months: number[] } | { ok: false; message: string } {
  const parts = text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length === 0) return { ok: false, message: "Enter when reports are due, in months after the results" };
  const months: number[] = [];
  for (const part of parts) {
    if (!/^[0-9]{1,2}$/.test(part) || Number(part) < 1 || Number(part) > 60) {
      return { ok: false, message: "Enter each month as a whole number from 1 to 60, separated by commas" };
    }
    months.push(Number(part));
  }
  const unique = [...new Set(months)].sort((a, b) => a - b);
  if (unique.length !== months.length) return { ok: false, message: "Enter each month once" };
  if (unique.length > MAX_SCHEDULE_REPORTS) {
    return { ok: false, message: `Enter ${MAX_SCHEDULE_REPORTS} reports or fewer` };
  }
  return { ok: true, months: unique };
}

/** "6 months", "3, 6, 9 and 12 months". */
export function describeSchedule(months: readonly number[]): string {
  if (months.length === 0) return "no reports";
  const list = months.length === 1 ? String(months[0]) : `${months.slice(0, -1).join(", ")} and ${months.at(-1)}`;
  return `${list} ${months.length === 1 && months[0] === 1 ? "month" : "months"} after the results`;
}

/** YYYY-MM-DD plus whole months, kept to the month's last day (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** YYYY-MM-DD plus (or minus) days. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** Where a report stands, as the pages show it. */
export type ReportState =
  "upcoming" | "due_soon" | "in_draft" | "late" | "missing" | "submitted" | "more_asked" | "accepted";

export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  upcoming: "Not due yet",
  due_soon: "Due soon",
  in_draft: "In draft",
  late: "Late",
  missing: "Missing",
  submitted: "Sent, waiting for review",
  more_asked: "More information asked for",
  accepted: "Accepted",
};

/** The GOV.UK tag colour of each state: red for late or missing, so they stand out in a list. */
export const REPORT_STATE_TAGS: Record<ReportState, string> = {
  upcoming: "govuk-tag--grey",
  due_soon: "govuk-tag--blue",
  in_draft: "govuk-tag--light-blue",
  late: "govuk-tag--orange",
  missing: "govuk-tag--red",
  submitted: "govuk-tag--purple",
  more_asked: "govuk-tag--yellow",
  accepted: "govuk-tag--green",
};

/** Not yet sent: a report that is past its due date in this state is late (or missing). */
export function isOutstanding(status: MonitoringReportStatus): boolean {
  return status === "not_started" || status === "draft";
}

export function reportState(report: { status: MonitoringReportStatus; dueOn: string }, today: string): ReportState {
  if (report.status === "accepted") return "accepted";
  if (report.status === "submitted") return "submitted";
  if (report.status === "more_asked") return "more_asked";
  // A report due today is still on time today.
  if (report.dueOn < today) return addDays(report.dueOn, MISSING_AFTER_DAYS) < today ? "missing" : "late";
  if (report.status === "draft") return "in_draft";
  return addDays(report.dueOn, -REMINDER_DAYS_BEFORE) <= today ? "due_soon" : "upcoming";
}

export function isLateOrMissing(state: ReportState): boolean {
  return state === "late" || state === "missing";
}

/** Which reminder, if any, a report is owed today. Each is sent once (the report's sent-at columns). */
export function reminderDue(
  report: {
    status: MonitoringReportStatus;
    dueOn: string;
    beforeSent: boolean;
    afterSent: boolean;
  },
  today: string,
): "before" | "after" | null {
  if (!isOutstanding(report.status)) return null;
  if (today < report.dueOn) {
    return !report.beforeSent && addDays(report.dueOn, -REMINDER_DAYS_BEFORE) <= today ? "before" : null;
  }
  const lateFrom = addDays(report.dueOn, REMINDER_DAYS_AFTER);
  if (report.afterSent || today < lateFrom) return null;
  return today <= addDays(lateFrom, LATE_REMINDER_WINDOW_DAYS) ? "after" : null;
}

export const MILESTONE_PROGRESS_LABELS: Record<MilestoneProgress["status"], string> = {
  on_track: "On track",
  done: "Done",
  delayed: "Delayed",
  dropped: "Dropped",
};

export const MILESTONE_PROGRESS_STATUSES = ["on_track", "done", "delayed", "dropped"] as const;

export const MAX_REPORT_TEXT = 10000;
export const MAX_STORY = 20000;
export const MAX_MILESTONE_COMMENT = 2000;
export const MAX_REVIEW_MESSAGE = 5000;
/** A report's attachments: how many, and how large each. */
export const MAX_REPORT_FILES = 5;
export const MAX_REPORT_FILE_BYTES = 10 * 1024 * 1024;

/** "6-month report", "Closing report (12 months)". */
export function reportName(monthsAfter: number, isClosing: boolean): string {
  return isClosing ? `Closing report (${monthsAfter} months)` : `${monthsAfter}-month report`;
}

/** What the report form sends, read from its fields (milestone fields are named by the milestone's id). */
export interface ReportFormInput {
  milestones: { milestoneId: number; status: string; comment: string }[];
  supportBought: string;
  peopleReached: number | null;
  volunteers: number | null;
  jobsCreated: number | null;
  moneyRaisedPence: number | null;
  story: string;
}

function wholeNumber(text: string): number | null | "bad" {
  const plain = text.trim().replace(/,(?=\d{3}(\D|$))/g, "");
  if (plain === "") return null;
  return /^[0-9]{1,9}$/.test(plain) ? Number(plain) : "bad";
}

/** Reads the report form's values; the errors are per field, as the page shows them. */
export function readReportForm(
  values: Record<string, string | string[] | undefined>,
): { ok: true; input: ReportFormInput } | { ok: false; errors: Record<string, string> } {
  const text = (name: string) => {
    const v = values[name];
    return typeof v === "string" ? v : "";
  };
  const errors: Record<string, string> = {};
  const numbers: Record<"peopleReached" | "volunteers" | "jobsCreated", number | null> = {
    peopleReached: null,
    volunteers: null,
    jobsCreated: null,
  };
  for (const field of ["peopleReached", "volunteers", "jobsCreated"] as const) {
    const n = wholeNumber(text(field));
    if (n === "bad") errors[field] = "Enter a whole number, like 120, or leave it blank";
    else numbers[field] = n;
  }
  let moneyRaisedPence: number | null = null;
  const money = text("moneyRaised")
    .trim()
    .replace(/^£/, "")
    .replace(/,(?=\d{3}(\D|$))/g, "");
  if (money) {
    const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(money);
    if (!match) errors.moneyRaised = "Enter an amount in pounds, like 1500 or 1500.50, or leave it blank";
    else moneyRaisedPence = Number(match[1]) * 100 + (match[2] ? Number(match[2].padEnd(2, "0")) : 0);
  }
  const milestones: ReportFormInput["milestones"] = [];
  for (const key of Object.keys(values)) {
    const m = /^milestone-([1-9][0-9]{0,9})-status$/.exec(key);
    if (!m) continue;
    const id = Number(m[1]);
    milestones.push({ milestoneId: id, status: text(key), comment: text(`milestone-${id}-comment`) });
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      milestones,
      supportBought: text("supportBought"),
      story: text("story"),
      ...numbers,
      moneyRaisedPence,
    },
  };
}
