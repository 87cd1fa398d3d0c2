import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { keepSentence, RetentionSchedule } from "../../app/components/RetentionSchedule";
import {
  describeKeep,
  isDue,
  RETENTION_RULE_KEYS,
  retentionCutoff,
  retentionSchedule,
  sentEmailKeepDays,
} from "../../app/domain/retention";

// The privacy notice's "How long we keep it" is the schedule the retention job applies: every
// rule appears there, with its period and its reason, so the promise cannot leave one out.

const schedule = retentionSchedule({ judgingReminderDays: 3 });

/** The text a reader sees: tags gone, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

describe("the privacy notice's retention table", () => {
  const text = visibleText(renderToStaticMarkup(<RetentionSchedule rules={schedule} />));

  it.each(schedule.map((rule) => [rule.key, rule] as const))("lists %s: what, how long and why", (_key, rule) => {
    expect(text).toContain(rule.what);
    expect(text).toContain(keepSentence(rule));
    expect(text).toContain(rule.why);
  });

  it("lists every rule of the schedule, once each", () => {
    expect(schedule.map((r) => r.key)).toEqual(RETENTION_RULE_KEYS);
    expect(text.match(/How long we keep each kind of record/g)).toHaveLength(1);
    const rows = renderToStaticMarkup(<RetentionSchedule rules={schedule} />).match(/<th scope="row"/g);
    expect(rows).toHaveLength(RETENTION_RULE_KEYS.length);
  });

  it("says the periods the programme promises in words a reader understands", () => {
    const byKey = new Map(schedule.map((r) => [r.key, r]));
    expect(keepSentence(byKey.get("award_people")!)).toMatch(
      /^7 years after the challenge the award was made in closed/,
    );
    expect(keepSentence(byKey.get("sent_emails")!)).toBe("30 days after the email was sent, then deleted.");
    expect(describeKeep(byKey.get("sessions")!)).toMatch(/^until the session ends/);
    expect(keepSentence(byKey.get("entrant_accounts")!)).toMatch(
      /^2 years after .*, then your name and email address are replaced/,
    );
  });
});

describe("the schedule's arithmetic", () => {
  const now = new Date("2027-03-31T12:00:00Z");

  it("counts days, calendar months and calendar years back from now", () => {
    expect(retentionCutoff({ amount: 30, unit: "day" }, now).toISOString()).toBe("2027-03-01T12:00:00.000Z");
    expect(retentionCutoff({ amount: 6, unit: "month" }, now).toISOString()).toBe("2026-10-01T12:00:00.000Z");
    expect(retentionCutoff({ amount: 7, unit: "year" }, now).toISOString()).toBe("2020-03-31T12:00:00.000Z");
  });

  it("is due a day past its period, not a day inside it", () => {
    const period = { amount: 7, unit: "year" } as const;
    const DAY = 24 * 60 * 60 * 1000;
    expect(isDue(period, new Date(Date.parse("2020-03-31T12:00:00Z") - DAY), now)).toBe(true);
    expect(isDue(period, new Date(Date.parse("2020-03-31T12:00:00Z") + DAY), now)).toBe(false);
  });

  it("keeps sent emails longer than any judging reminder window", () => {
    expect(sentEmailKeepDays(3)).toBe(30);
    expect(sentEmailKeepDays(45)).toBe(46);
    expect(retentionSchedule({ judgingReminderDays: 45 }).find((r) => r.key === "sent_emails")!.keep.amount).toBe(46);
  });
});
