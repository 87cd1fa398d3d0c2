// Times are stored as instants (timestamptz) and shown in Europe/London, whatever the server's
// own time zone. These are the only formatters pages use.

export const LONDON = "Europe/London";

const DATE = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, day: "numeric", month: "long", year: "numeric" });
const TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h12",
});

/** "21 March 2021" */
export function formatDate(instant: Date): string {
  return DATE.format(instant);
}

/** "11:59pm on 21 March 2021", or "midday"/"midnight" as GOV.UK style asks. */
export function formatDateTime(instant: Date): string {
  return `${formatTime(instant)} on ${formatDate(instant)}`;
}

export function formatTime(instant: Date): string {
  const parts = TIME.formatToParts(instant);
  const hour = parts.find((p) => p.type === "hour")?.value;
  const minute = parts.find((p) => p.type === "minute")?.value;
  const period = parts
    .find((p) => p.type === "dayPeriod")
    ?.value.toLowerCase()
    .replace(/\./g, "");
  if (minute === "00" && hour === "12") return period === "am" ? "midnight" : "midday";
  return `${hour}${minute === "00" ? "" : `:${minute}`}${period}`;
}
