// How long the service keeps each kind of record, why, and what happens to it after: the one
// table that both the retention job (app/services/records/retention.server.ts) and the privacy
// notice (app/routes/privacy.tsx) read, so what the notice promises is what the job does.
// Pure data and pure arithmetic; the queries that find the records due live in the service.
// Why each period is what it is: docs/decisions/055-retention-schedule.md.

export type RetentionRuleKey =
  | "sessions"
  | "sign_in_links"
  | "passkey_challenges"
  | "first_staff_link"
  | "role_invitations"
  | "organisation_invitations"
  | "sent_emails"
  | "failed_emails"
  | "local_mailbox"
  | "kept_saves"
  | "rate_limits"
  | "unsubmitted_drafts"
  | "entrant_accounts"
  | "award_people";

/** Every rule, in the order the job runs them and the pages list them. */
// A rule whose records may take others with them (a session its passkey checks, a sent email its
// mailbox copy) runs after the rule for those others, so each record is counted by its own rule.
export const RETENTION_RULE_KEYS: readonly RetentionRuleKey[] = [
  "passkey_challenges",
  "sessions",
  "sign_in_links",
  "first_staff_link",
  "role_invitations",
  "organisation_invitations",
  "local_mailbox",
  "sent_emails",
  "failed_emails",
  "kept_saves",
  "rate_limits",
  "unsubmitted_drafts",
  "entrant_accounts",
  "award_people",
];

export interface RetentionPeriod {
  amount: number;
  unit: "day" | "month" | "year";
}

export interface RetentionRule {
  key: RetentionRuleKey;
  /** The record, in plain words ("Emails we sent you"). */
  what: string;
  /** How long it is kept after `countedFrom`; 0: it goes as soon as that has happened. */
  keep: RetentionPeriod;
  /** The moment the period starts, as a clause: "the email was sent". */
  countedFrom: string;
  /** Why we keep it that long: the purpose and its legal basis. */
  why: string;
  /** What happens once the period is over. */
  then: "deleted" | "pseudonymised";
}

/** The settings a period depends on: sent emails outlive the judging reminders' window. */
export interface RetentionSettings {
  judgingReminderDays: number;
}

/** Sent emails are kept at least this long (see sentEmailKeepDays). */
export const SENT_EMAIL_KEEP_DAYS = 30;
export const FAILED_EMAIL_KEEP_DAYS = 90;
export const MAILBOX_KEEP_DAYS = 7;

/**
 * How long a sent email's outbox row is kept. Its idempotency key is what stops a job that
 * queues the same email again from sending it twice: judging reminders look back over the last
 * JUDGING_REMINDER_DAYS (3 by default, at most 60) before a round's deadline, so sent rows must
 * outlive that window; draft reminders look at one day, and council digests keep their own table.
 */
export function sentEmailKeepDays(judgingReminderDays: number): number {
  return Math.max(SENT_EMAIL_KEEP_DAYS, judgingReminderDays + 1);
}

const CHALLENGE_RECORDS_YEARS = 7;

/** The schedule, for the settings the service runs with. */
export function retentionSchedule(settings: RetentionSettings): RetentionRule[] {
  const rules: Record<RetentionRuleKey, Omit<RetentionRule, "key">> = {
    sessions: {
      what: "Signed-in sessions, with the internet address and browser each one was opened from",
      keep: { amount: 0, unit: "day" },
      countedFrom: "the session ends (you sign out, leave it unused, or reach its time limit)",
      why:
        "A session is only needed while you can use it. Sign-ins themselves are kept in the audit log, " +
        "which is how we look into misuse.",
      then: "deleted",
    },
    sign_in_links: {
      what: "Links to confirm or change your email address, or reset your password (only a scrambled copy is stored, with the new address for a change)",
      keep: { amount: 30, unit: "day" },
      countedFrom: "the link is used or expires",
      why: "So that an old link says it has been used or has expired, rather than that it never existed.",
      then: "deleted",
    },
    passkey_challenges: {
      what: "One-off checks made while you add or use a passkey",
      keep: { amount: 0, unit: "day" },
      countedFrom: "the check expires (after a few minutes)",
      why: "They are only needed for the few minutes a passkey takes.",
      then: "deleted",
    },
    first_staff_link: {
      what: "The link that sets up the service's first staff account",
      keep: { amount: 0, unit: "day" },
      countedFrom: "the link expires",
      why: "Once it has expired it can do nothing.",
      then: "deleted",
    },
    role_invitations: {
      what: "Invitations to judges, council officers and staff that were never accepted, with the email address",
      keep: { amount: 90, unit: "day" },
      countedFrom: "the invitation expires or is withdrawn",
      why:
        "So that staff can answer questions about an invitation for a few months. Accepted invitations are kept " +
        "with the account, as the record of who invited whom; staff invitations that needed a second member " +
        "of staff's approval are kept as the record of that decision.",
      then: "deleted",
    },
    organisation_invitations: {
      what: "Invitations to join an organisation that were never accepted, with the email address",
      keep: { amount: 90, unit: "day" },
      countedFrom: "the invitation expires or is withdrawn",
      why: "So that the organisation can ask about an invitation for a few months.",
      then: "deleted",
    },
    sent_emails: {
      what: "Copies of the emails we sent you",
      keep: { amount: sentEmailKeepDays(settings.judgingReminderDays), unit: "day" },
      countedFrom: "the email was sent",
      why:
        'To answer "did you send me that?" and to make sure a reminder is never sent twice. ' +
        "Links that sign you in or reset a password are removed from the copy as soon as it is sent.",
      then: "deleted",
    },
    failed_emails: {
      what: "Emails we could not deliver",
      keep: { amount: FAILED_EMAIL_KEEP_DAYS, unit: "day" },
      countedFrom: "the email was first queued",
      why: "So that we have time to find out why and reach you another way.",
      then: "deleted",
    },
    local_mailbox: {
      what: "The demonstration mailbox (only on demonstration copies of the service, which send no real email)",
      keep: { amount: MAILBOX_KEEP_DAYS, unit: "day" },
      countedFrom: "the email was delivered to it",
      why: "A demonstration reads its email within minutes; a week covers one that runs over a few days.",
      then: "deleted",
    },
    kept_saves: {
      what: "Part of an entry you saved after being signed out, kept until you sign in again",
      keep: { amount: 0, unit: "day" },
      countedFrom: "the saved part expires (a day after you saved it)",
      why: "It exists only to be saved into your entry when you sign in again in the same browser.",
      then: "deleted",
    },
    rate_limits: {
      what: "Counts of attempts to sign in, register or reset a password, by account or internet address",
      keep: { amount: 2, unit: "day" },
      countedFrom: "the count started",
      why: "They protect accounts from guessing; no count lasts longer than a day, so two days is plenty.",
      then: "deleted",
    },
    unsubmitted_drafts: {
      what: "Entries that were started but never submitted",
      keep: { amount: 6, unit: "month" },
      countedFrom: "the challenge closed (or the organisation's extended deadline, if later)",
      why:
        "So that an organisation can still read what it wrote, or copy it for another challenge. A draft that " +
        "was never submitted was never judged, so nothing needs it after that.",
      then: "deleted",
    },
    entrant_accounts: {
      what: "Your account's name and email address, if you took part without winning an award",
      keep: { amount: 2, unit: "year" },
      countedFrom:
        "the later of: the last challenge your organisation entered closing, you last using the service, " +
        "or your account being opened",
      why:
        "So that you can take part in the next round with the same account, and we can answer questions about " +
        "the last one. Your organisation's entries are the organisation's and stay with it, without your name.",
      then: "pseudonymised",
    },
    award_people: {
      what: "The name and email address of people whose organisation won an award, and the award and payment records",
      keep: { amount: CHALLENGE_RECORDS_YEARS, unit: "year" },
      countedFrom: "the challenge the award was made in closed (or later, if you take part again)",
      why:
        "Public bodies must keep records of money they spend for 7 years, so that auditors can check each prize. " +
        "After that your name and email address are replaced; the records of the award stay, without them.",
      then: "pseudonymised",
    },
  };
  return RETENTION_RULE_KEYS.map((key) => ({ key, ...rules[key] }));
}

/** "30 days", "6 months", "1 year". */
export function formatPeriod(period: RetentionPeriod): string {
  return `${period.amount} ${period.unit}${period.amount === 1 ? "" : "s"}`;
}

/** The period and its start as one phrase: "30 days after the email was sent", "as soon as the session ends". */
export function describeKeep(rule: RetentionRule): string {
  return rule.keep.amount === 0 ? `until ${rule.countedFrom}` : `${formatPeriod(rule.keep)} after ${rule.countedFrom}`;
}

/**
 * The instant a record's period must have started before for it to be due now: `now` less the
 * period. Months and years are calendar months and years in UTC (a day either way of a clock
 * change makes no difference to a period counted in months).
 */
export function retentionCutoff(period: RetentionPeriod, now: Date): Date {
  const cutoff = new Date(now.getTime());
  if (period.unit === "day") cutoff.setTime(cutoff.getTime() - period.amount * 24 * 60 * 60 * 1000);
  if (period.unit === "month") cutoff.setUTCMonth(cutoff.getUTCMonth() - period.amount);
  if (period.unit === "year") cutoff.setUTCFullYear(cutoff.getUTCFullYear() - period.amount);
  return cutoff;
}

/** Whether a record whose period started at `startedAt` is due to go at `now`. */
export function isDue(period: RetentionPeriod, startedAt: Date, now: Date): boolean {
  return startedAt.getTime() <= retentionCutoff(period, now).getTime();
}
