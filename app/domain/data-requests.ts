import type { DataRequestKind, DataRequestStatus } from "../../db/schema";

// Requests about people's personal data (decision 052). The law gives one calendar month to
// answer: the ICO counts it from the day the request arrives (working day or not) to the same
// date in the next month, and where the next month has no such date (31 January, 30 January in a
// common year) to the last day of that month. The ICO also allows the next working day when the
// date falls on a weekend or bank holiday; the register shows the stricter date, so nothing it
// calls on time is late.

export const DATA_REQUEST_KINDS = [
  "access",
  "rectification",
  "erasure",
  "objection",
] as const satisfies readonly DataRequestKind[];

export const DATA_REQUEST_KIND_LABELS: Record<DataRequestKind, string> = {
  access: "A copy of their data (access)",
  rectification: "Correct their data (rectification)",
  erasure: "Delete their data (erasure)",
  objection: "Stop using their data (objection)",
};

/** The kind in a table's cell. */
export const DATA_REQUEST_KIND_SHORT: Record<DataRequestKind, string> = {
  access: "Access",
  rectification: "Rectification",
  erasure: "Erasure",
  objection: "Objection",
};

export const DATA_REQUEST_STATUS_LABELS: Record<DataRequestStatus, string> = {
  open: "Open",
  completed: "Completed",
  refused: "Refused",
};

function parseDate(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`Not a YYYY-MM-DD date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The date an answer is due: one calendar month after `receivedOn` (both YYYY-MM-DD calendar dates). */
export function dataRequestDueOn(receivedOn: string): string {
  const { year, month, day } = parseDate(receivedOn);
  const dueYear = month === 12 ? year + 1 : year;
  const dueMonth = month === 12 ? 1 : month + 1;
  const dueDay = Math.min(day, daysInMonth(dueYear, dueMonth));
  return `${dueYear}-${pad(dueMonth)}-${pad(dueDay)}`;
}

/** Overdue: still open after its due date has passed (`today` is the London calendar date). */
export function isDataRequestOverdue(request: { status: DataRequestStatus; dueOn: string }, today: string): boolean {
  return request.status === "open" && today > request.dueOn;
}

/** Whole days from `today` to the due date: negative once it has passed. */
export function daysUntilDue(dueOn: string, today: string): number {
  return Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
