import { sql, type RawBuilder } from "kysely";
import { db, type DB } from "../../../db/client";
import { config } from "../../config.server";
import {
  retentionCutoff,
  retentionSchedule,
  type RetentionRule,
  type RetentionRuleKey,
  describeKeep,
} from "../../domain/retention";
import { sessionLimitsFor } from "../../auth/session-limits";
import type { Actor } from "../actor.server";
import { assertStaff } from "../accounts/roles.server";
import { recordAudit } from "../platform/audit.server";
import { pseudonymiseAccount } from "./erasure.server";

// The retention job: applies every rule of the schedule in app/domain/retention.ts, and shows
// staff what its next run will remove. Every instance of the service runs it (hourly, from the
// scheduler), so each rule is safe to run in several places at once and twice in a row: a rule
// removes records in batches, each batch one short transaction; two instances racing for the
// same records each remove what the other has not (the loser finds them gone), and a record
// that has gone, or has been pseudonymised, is no longer due.

/** How often the scheduler runs the job. Periods are counted in days or more, so hourly is plenty. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
/** Records removed per transaction, so a large first run never holds locks for long. */
const DELETE_BATCH = 500;
/** Accounts pseudonymised per transaction: each is several statements. */
const PSEUDONYMISE_BATCH = 50;

/** An erased account (pseudonymiseAccount marks it): never due again. */
const ERASED = sql`u.erased_at is not null`;

/** The schedule for the settings this process runs with. */
export function currentRetentionSchedule(): RetentionRule[] {
  return retentionSchedule({ judgingReminderDays: config.judgingReminderDays });
}

interface RuleQuery {
  /** `select <key> as key from ... where <due>`: the records due at `now`. */
  due(now: Date, schedule: Map<RetentionRuleKey, RetentionRule>): RawBuilder<{ key: unknown }>;
  /** Deletes the rows of `table` whose `column` is among the keys: null for the pseudonymising rules. */
  table: string | null;
  column?: string;
}

function cutoffOf(schedule: Map<RetentionRuleKey, RetentionRule>, key: RetentionRuleKey, now: Date): Date {
  return retentionCutoff(schedule.get(key)!.keep, now);
}

const at = (instant: Date) => sql`${instant.toISOString()}::timestamptz`;

/**
 * An entry the person is linked to: they started it, belong to its organisation, or submitted a
 * version of it. `e` is the entry, `u` the person.
 */
const LINKED_ENTRY = sql`(e.created_by = u.id
  or exists (select 1 from organisation_member m where m.user_id = u.id and m.organisation_id = e.organisation_id)
  or exists (select 1 from entry_submission s where s.entry_id = e.id and s.submitted_by = u.id))`;

/** When an entry's challenge closed for its organisation: its closing time, or a later extension. */
const ENTRY_CLOSED = sql`greatest(c.closes_at, (select max(x.closes_at) from deadline_extension x
  where x.challenge_id = e.challenge_id and x.organisation_id = e.organisation_id))`;

/** The last time the person took part: account opened, last use, or a linked entry's challenge closing. */
const LAST_ACTIVITY = sql`greatest(
  u.created_at,
  (select max(s.last_used_at) from session s where s.user_id = u.id),
  (select max(${ENTRY_CLOSED}) from entry e join challenge c on c.id = e.challenge_id where ${LINKED_ENTRY}))`;

/** When the last challenge in which the person's organisation won an award closed; null: none. */
const LAST_AWARD_CLOSED = sql`(select max(c.closes_at) from award a
  join entry e on e.id = a.entry_id join challenge c on c.id = a.challenge_id where ${LINKED_ENTRY})`;

/** People the entrant rules may touch: no judge, council or staff role, and not erased already. */
const ENTRANT_ONLY = sql`not exists (select 1 from role_grant g where g.user_id = u.id and g.role <> 'entrant')
  and not (${ERASED})`;

const RULES: Record<RetentionRuleKey, RuleQuery> = {
  passkey_challenges: {
    table: "webauthn_challenge",
    due: (now, s) =>
      sql`select id as key from webauthn_challenge where expires_at <= ${at(cutoffOf(s, "passkey_challenges", now))}`,
  },
  sessions: {
    // A session past a shorter (privileged) limit is refused and deleted at its next use; here it
    // goes once past its absolute limit or past the longest limits anyone has.
    table: "session",
    due: (now, s) => {
      const ended = cutoffOf(s, "sessions", now);
      const longest = sessionLimitsFor([]);
      return sql`select id as key from session where absolute_expires_at <= ${at(ended)}
        or last_used_at <= ${at(new Date(ended.getTime() - longest.idleMs))}
        or created_at <= ${at(new Date(ended.getTime() - longest.absoluteMs))}`;
    },
  },
  sign_in_links: {
    table: "one_time_token",
    due: (now, s) => {
      const cutoff = at(cutoffOf(s, "sign_in_links", now));
      return sql`select id as key from one_time_token where expires_at <= ${cutoff} or used_at <= ${cutoff}`;
    },
  },
  first_staff_link: {
    table: "first_staff_setup",
    due: (now, s) =>
      sql`select id as key from first_staff_setup where expires_at <= ${at(cutoffOf(s, "first_staff_link", now))}`,
  },
  role_invitations: {
    table: "invitation",
    due: (now, s) => {
      const cutoff = at(cutoffOf(s, "role_invitations", now));
      // A staff invitation's proposal is the record of the two people's decision (it would go with it).
      return sql`select i.id as key from invitation i where i.accepted_at is null
        and (i.expires_at <= ${cutoff} or i.revoked_at <= ${cutoff})
        and not exists (select 1 from staff_proposal p where p.invitation_id = i.id)`;
    },
  },
  organisation_invitations: {
    table: "organisation_invitation",
    due: (now, s) => {
      const cutoff = at(cutoffOf(s, "organisation_invitations", now));
      return sql`select id as key from organisation_invitation where accepted_at is null
        and (expires_at <= ${cutoff} or revoked_at <= ${cutoff})`;
    },
  },
  local_mailbox: {
    table: "mailbox_message",
    due: (now, s) =>
      sql`select id as key from mailbox_message where delivered_at <= ${at(cutoffOf(s, "local_mailbox", now))}`,
  },
  sent_emails: {
    // Pending rows are never touched, however old: they are the only copy of an email still to go.
    table: "email_outbox",
    due: (now, s) =>
      sql`select id as key from email_outbox where status = 'sent' and sent_at <= ${at(cutoffOf(s, "sent_emails", now))}`,
  },
  failed_emails: {
    // A failed row has no sent_at; it failed within a day or so of being queued (the backoff's
    // whole span), so its age is counted from created_at.
    table: "email_outbox",
    due: (now, s) =>
      sql`select id as key from email_outbox where status = 'failed'
        and created_at <= ${at(cutoffOf(s, "failed_emails", now))}`,
  },
  kept_saves: {
    table: "pending_save",
    due: (now, s) => sql`select id as key from pending_save where expires_at <= ${at(cutoffOf(s, "kept_saves", now))}`,
  },
  rate_limits: {
    table: "rate_limit_bucket",
    column: "key",
    due: (now, s) =>
      sql`select key from rate_limit_bucket where window_start <= ${at(cutoffOf(s, "rate_limits", now))}`,
  },
  unsubmitted_drafts: {
    // Never an entry with a submitted version, even one reopened as a draft: that version was judged.
    table: "entry",
    due: (now, s) =>
      sql`select e.id as key from entry e join challenge c on c.id = e.challenge_id
        where e.status = 'draft'
        and not exists (select 1 from entry_submission s where s.entry_id = e.id)
        and ${ENTRY_CLOSED} <= ${at(cutoffOf(s, "unsubmitted_drafts", now))}`,
  },
  entrant_accounts: {
    table: null,
    due: (now, s) =>
      sql`select u.id as key from app_user u where ${ENTRANT_ONLY}
        and ${LAST_AWARD_CLOSED} is null
        and ${LAST_ACTIVITY} <= ${at(cutoffOf(s, "entrant_accounts", now))}`,
  },
  award_people: {
    // Kept until 7 years after the award's challenge closed, and never sooner than anyone else.
    table: null,
    due: (now, s) =>
      sql`select u.id as key from app_user u where ${ENTRANT_ONLY}
        and ${LAST_AWARD_CLOSED} <= ${at(cutoffOf(s, "award_people", now))}
        and ${LAST_ACTIVITY} <= ${at(cutoffOf(s, "entrant_accounts", now))}`,
  },
};

export type RetentionCounts = Record<RetentionRuleKey, number>;

export interface RetentionRun {
  counts: RetentionCounts;
  total: number;
}

async function applyRule(
  database: DB,
  query: RuleQuery,
  now: Date,
  schedule: Map<RetentionRuleKey, RetentionRule>,
): Promise<number> {
  const due = query.due(now, schedule);
  let total = 0;
  if (query.table !== null) {
    const table = sql.table(query.table);
    const column = sql.ref(query.column ?? "id");
    for (;;) {
      // One statement per batch: its own transaction, its locks held only while it runs.
      const { rows } = await sql<{ one: number }>`delete from ${table}
        where ${column} in (select key from (${due}) due limit ${DELETE_BATCH}) returning 1 as one`.execute(database);
      total += rows.length;
      if (rows.length < DELETE_BATCH) return total;
    }
  }
  for (;;) {
    const removed = await database.transaction().execute(async (trx) => {
      const { rows } = await sql<{ key: number }>`select key from (${due}) due limit ${PSEUDONYMISE_BATCH}`.execute(
        trx,
      );
      let done = 0;
      for (const { key } of rows) {
        // Another instance may be on this person already: skip them rather than wait, and skip
        // them if that instance has finished.
        const locked = await sql`select 1 from app_user u where u.id = ${key} and not (${ERASED})
          for update skip locked`.execute(trx);
        if (locked.rows.length === 0) continue;
        await pseudonymiseAccount(trx, Number(key), { reason: "retention", actorId: null });
        done += 1;
      }
      return { found: rows.length, done };
    });
    total += removed.done;
    // Stop when the batch was short, or when nothing in it could be done (another instance has it).
    if (removed.found < PSEUDONYMISE_BATCH || removed.done === 0) return total;
  }
}

/**
 * Applies every rule of the schedule as it stands at `now`, each in its own short transactions,
 * and records one audit event with how many records each rule removed (counts only, no record's
 * details). Safe to run twice and in several instances at once. Run by the scheduler hourly, and
 * by `npm run retention:run`.
 */
export async function applyRetention(now: Date, database: DB = db()): Promise<RetentionRun> {
  const schedule = new Map(currentRetentionSchedule().map((rule) => [rule.key, rule]));
  const counts = {} as RetentionCounts;
  for (const rule of schedule.values()) {
    counts[rule.key] = await applyRule(database, RULES[rule.key], now, schedule);
  }
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  // Flat, so the audit page lists each figure: the total, then each rule that removed anything.
  const removed = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  await recordAudit(database, { action: "retention.applied", details: { total, ...removed } });
  return { counts, total };
}

export interface RetentionPreviewRule {
  key: RetentionRuleKey;
  what: string;
  keep: string;
  then: RetentionRule["then"];
  due: number;
}

export interface RetentionPreview {
  rules: RetentionPreviewRule[];
  total: number;
  /** The last run anywhere (from the audit trail); null: it has not run yet. */
  lastRunAt: Date | null;
  /** When the next run is due: an interval after the last, or now if it has not run or is late. */
  nextRunAt: Date;
}

/** What the next run of the retention job would remove, rule by rule, as things stand at `now`. Staff only. */
export async function previewRetention(actor: Actor, now: Date): Promise<RetentionPreview> {
  await assertStaff(db(), actor);
  const schedule = new Map(currentRetentionSchedule().map((rule) => [rule.key, rule]));
  const rules: RetentionPreviewRule[] = [];
  for (const rule of schedule.values()) {
    const due = RULES[rule.key].due(now, schedule);
    const { rows } = await sql<{ n: string | number }>`select count(*) as n from (${due}) due`.execute(db());
    rules.push({ key: rule.key, what: rule.what, keep: describeKeep(rule), then: rule.then, due: Number(rows[0]!.n) });
  }
  const last = await db()
    .selectFrom("audit_event")
    .select("occurred_at")
    .where("action", "=", "retention.applied")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  const lastRunAt = last ? new Date(last.occurred_at) : null;
  const next = lastRunAt ? new Date(lastRunAt.getTime() + RETENTION_INTERVAL_MS) : now;
  return {
    rules,
    total: rules.reduce((sum, r) => sum + r.due, 0),
    lastRunAt,
    nextRunAt: next.getTime() < now.getTime() ? now : next,
  };
}
