import { londonWallTime, londonWallTimeToInstant } from "./deadline";

// Dates and times typed into the GOV.UK date input pattern (day, month, year as separate boxes)
// and a time box, read as a wall-clock time in Europe/London. The messages follow the GOV.UK
// Design System's date input guidance so that people see the same wording as elsewhere.

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DateResult = { ok: true; date: string } | { ok: false; message: string };
export type TimeResult = { ok: true; time: string } | { ok: false; message: string };

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** A month typed as a number (3, 03) or a name (March, mar), as GOV.UK recommends allowing. */
function monthNumber(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower.length < 3) return null;
  const index = MONTHS.findIndex((m) => m.startsWith(lower));
  return index === -1 ? null : index + 1;
}

/**
 * A calendar date as YYYY-MM-DD, from the three boxes. `label` names the date in messages,
 * e.g. "Opening date" -> "Enter the opening date", "Opening date must include a month".
 */
export function readDateParts(parts: DateParts, label: string): DateResult {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  const missing = [!day && "day", !month && "month", !year && "year"].filter(Boolean) as string[];
  if (missing.length === 3) return { ok: false, message: `Enter the ${label.toLowerCase()}` };
  if (missing.length) return { ok: false, message: `${label} must include a ${missing.join(" and ")}` };
  const monthValue = monthNumber(month);
  if (!/^\d{1,2}$/.test(day) || monthValue === null || !/^\d+$/.test(year)) {
    return { ok: false, message: `${label} must be a real date` };
  }
  if (year.length !== 4) return { ok: false, message: "Year must include 4 numbers" };
  const [d, m, y] = [Number(day), monthValue, Number(year)];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (
    m < 1 ||
    m > 12 ||
    d < 1 ||
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== m - 1 ||
    check.getUTCDate() !== d
  ) {
    return { ok: false, message: `${label} must be a real date` };
  }
  return { ok: true, date: `${year}-${pad(m)}-${pad(d)}` };
}

/**
 * A time of day as HH:MM (24-hour), from what people type: 17:30, 9:00, 9.30, 9am, 11:59pm,
 * midday. "Midnight" is refused because it is ambiguous (the start or the end of the day?).
 */
export function readClockTime(text: string, label: string): TimeResult {
  const value = text.trim().toLowerCase().replace(/\s+/g, "").replace(/\./g, ":");
  const format = `Enter the ${label.toLowerCase()} like 9:00am, 5:30pm or 17:30`;
  if (!value) return { ok: false, message: `Enter the ${label.toLowerCase()}` };
  if (value === "midnight" || value === "12midnight") {
    return {
      ok: false,
      message: `Enter the ${label.toLowerCase()} as 12:00am for the start of the day or 11:59pm for the end`,
    };
  }
  if (value === "midday" || value === "noon" || value === "12noon") return { ok: true, time: "12:00" };
  const twentyFour = /^(\d{1,2}):(\d{2})$/.exec(value);
  if (twentyFour) {
    const [h, m] = [Number(twentyFour[1]), Number(twentyFour[2])];
    if (h > 23 || m > 59) return { ok: false, message: format };
    return { ok: true, time: `${pad(h)}:${pad(m)}` };
  }
  const twelve = /^(\d{1,2})(?::(\d{2}))?(am|pm)$/.exec(value);
  if (twelve) {
    const [h, m] = [Number(twelve[1]), Number(twelve[2] ?? "0")];
    if (h < 1 || h > 12 || m > 59) return { ok: false, message: format };
    const hour = (h % 12) + (twelve[3] === "pm" ? 12 : 0);
    return { ok: true, time: `${pad(hour)}:${pad(m)}` };
  }
  return { ok: false, message: format };
}

/** The instant of a London date and time, both already read; null only for impossible input. */
export function londonInstant(date: string, time: string): Date | null {
  return londonWallTimeToInstant(date, time);
}

/** An instant as the boxes of the form, in London: for filling the form with a saved time. */
export function instantToParts(instant: Date): DateParts & { time: string } {
  const wall = londonWallTime(instant); // "2027-03-21 23:59"
  const [date, time] = wall.split(" ") as [string, string];
  const [year, month, day] = date.split("-") as [string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year, time };
}

/** A YYYY-MM-DD date as the boxes of the form. */
export function dateToParts(date: string): DateParts {
  const [year = "", month = "", day = ""] = date.split("-");
  return { day: day ? String(Number(day)) : "", month: month ? String(Number(month)) : "", year };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
