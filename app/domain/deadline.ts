import { LONDON } from "./time";

// The closing time of a challenge is an instant. It is entered and shown in Europe/London, and
// enforced on the server at that exact instant: a submission at closes_at or later is late.

export interface Deadline {
  closesAt: Date;
  /** A later closing time granted to one organisation by staff, if any. */
  extendedTo?: Date | null;
}

/** The instant after which this organisation can no longer submit. */
export function effectiveClosingTime({ closesAt, extendedTo }: Deadline): Date {
  return extendedTo && extendedTo.getTime() > closesAt.getTime() ? extendedTo : closesAt;
}

/** True while submissions (and changes to submitted entries) are accepted. */
export function isBeforeDeadline(deadline: Deadline, now: Date): boolean {
  return now.getTime() < effectiveClosingTime(deadline).getTime();
}

/** The calendar date in London, as YYYY-MM-DD, of an instant. */
export function londonDate(instant: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: LONDON,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/**
 * Whole London calendar days from `now` until the closing day: 0 on the closing day itself.
 * Counted on calendar dates, so a clock change in between does not shift the answer.
 */
export function daysUntil(closesAt: Date, now: Date): number {
  const a = Date.parse(`${londonDate(now)}T00:00:00Z`);
  const b = Date.parse(`${londonDate(closesAt)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/** "Closes today", "Closes tomorrow", "Closes in 12 days", or "Closed". */
export function closingPhrase(closesAt: Date, now: Date): string {
  if (!isBeforeDeadline({ closesAt }, now)) return "Closed";
  const days = daysUntil(closesAt, now);
  if (days <= 0) return "Closes today";
  if (days === 1) return "Closes tomorrow";
  return `Closes in ${days} days`;
}

/**
 * The instant of a wall-clock time in London ("2027-03-21", "23:59"). During the autumn hour that
 * happens twice the earlier instant is taken; a spring-forward time that never happens in London
 * is read as the same wall time an hour later (what the clock shows), matching how people think.
 */
export function londonWallTimeToInstant(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [y, mo, da] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [h, mi] = [Number(t[1]), Number(t[2])];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return null;
  const asUtc = Date.UTC(y, mo - 1, da, h, mi);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da) return null;
  // London is UTC+0 or UTC+1. Try both offsets and keep the one whose London wall time matches.
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000);
    if (londonWallTime(candidate) === `${date} ${pad(h)}:${pad(mi)}`) return candidate;
  }
  // The wall time does not exist (the spring gap): the clocks read an hour later.
  return new Date(asUtc);
}

export function londonWallTime(instant: Date): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: LONDON,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
