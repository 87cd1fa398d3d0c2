// Demo dates are written as people read them, in Europe/London wall-clock time; this turns one
// into the instant it names, whether British Summer Time applies or not.

const PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function londonOffsetMinutes(instant: Date): number {
  const parts = Object.fromEntries(PARTS.formatToParts(instant).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

/**
 * The instant at which London clocks show the given date and time (month 1-12). London is at
 * UTC or UTC+1, so the instant is the wall time read as UTC or an hour before it. A time that
 * happens twice (when the clocks go back) gives the first; one that never happens (the hour
 * skipped when they go forward) gives the instant an hour later on the clock.
 */
export function londonTime(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  for (const candidate of [wall - 3_600_000, wall]) {
    if (candidate + londonOffsetMinutes(new Date(candidate)) * 60_000 === wall) return new Date(candidate);
  }
  return new Date(wall);
}
