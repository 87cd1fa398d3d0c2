import { sql } from "kysely";
import { db } from "../../../db/client";
import { findTemplate } from "../../../emails/registry";
import { templates } from "../../../emails/templates";
import { GIVE_UP_AFTER_MS } from "../../domain/backoff";
import type { Actor } from "../actor.server";
import { assertStaff } from "../accounts/roles.server";
import { invalid } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { nudgeOutboxWorker } from "./outbox.server";

// The email backlog, for staff: what is waiting in the outbox, since when, and what keeps failing,
// so that while the email provider is down (or the API key is wrong) someone can see it, and once
// it is fixed send failed emails again. Staff may see who an email is for and its subject; never
// its body, which can hold a single-use link.

/** The failing emails the page lists at most, failed ones first. */
export const BACKLOG_LIST_LIMIT = 50;

export interface BacklogEmail {
  id: number;
  to: string;
  subject: string;
  status: "retrying" | "failed";
  attempts: number;
  /** What went wrong last, in plain words. */
  problem: string;
  /** The provider's or the worker's own words, for whoever looks into it. */
  detail: string;
  queuedAt: Date;
  /** When the next attempt is due; null once it has failed for good. */
  nextAttemptAt: Date | null;
  /**
   * Whether staff may send it again: a failed email that carried a single-use link lost the link
   * when it failed (the outbox keeps no raw token), so the person must be sent a new one instead.
   */
  canSendAgain: boolean;
}

export interface EmailBacklog {
  /** Emails not sent yet and still being tried (including those never tried so far). */
  waiting: number;
  /** When the longest-waiting of them was queued; null when none waits. */
  oldestWaitingSince: Date | null;
  /** Of the waiting ones, those whose last attempt failed. */
  retrying: number;
  /** Emails given up on (rejected by the provider, or still failing after 3 days). */
  failed: number;
  /** Up to BACKLOG_LIST_LIMIT failing emails, failed ones first, oldest first. */
  failing: BacklogEmail[];
  /** How long the outbox keeps trying an email before giving up, in days. */
  giveUpAfterDays: number;
}

/** The backlog as staff see it on /staff/email. Staff only. */
export async function emailBacklog(actor: Actor): Promise<EmailBacklog> {
  await assertStaff(db(), actor);
  const totals = await db()
    .selectFrom("email_outbox")
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere("status", "=", "pending").as("waiting"),
      eb.fn
        .countAll<string>()
        .filterWhere((w) => w.and([w("status", "=", "pending"), w("last_error", "is not", null)]))
        .as("retrying"),
      eb.fn.countAll<string>().filterWhere("status", "=", "failed").as("failed"),
      sql<Date | null>`min(created_at) filter (where status = 'pending')`.as("oldest"),
    ])
    .where("status", "in", ["pending", "failed"])
    .executeTakeFirstOrThrow();
  const rows = await db()
    .selectFrom("email_outbox")
    .select([
      "id",
      "to_address",
      "template",
      "props",
      "status",
      "attempts",
      "last_error",
      "created_at",
      "next_attempt_at",
    ])
    .where((w) =>
      w.or([w("status", "=", "failed"), w.and([w("status", "=", "pending"), w("last_error", "is not", null)])]),
    )
    .orderBy(sql`status = 'failed'`, "desc")
    .orderBy("created_at")
    .orderBy("id")
    .limit(BACKLOG_LIST_LIMIT)
    .execute();
  return {
    waiting: Number(totals.waiting),
    oldestWaitingSince: totals.oldest ? new Date(totals.oldest) : null,
    retrying: Number(totals.retrying),
    failed: Number(totals.failed),
    failing: rows.map((row) => ({
      id: row.id,
      to: row.to_address,
      subject: subjectOf(row.template, row.props),
      status: row.status === "failed" ? "failed" : "retrying",
      attempts: row.attempts,
      problem: plainProblem(row.last_error ?? ""),
      detail: row.last_error ?? "",
      queuedAt: new Date(row.created_at),
      nextAttemptAt: row.status === "failed" ? null : new Date(row.next_attempt_at),
      canSendAgain: row.status === "failed" && !TEMPLATES_WITH_LINKS.includes(row.template),
    })),
    giveUpAfterDays: GIVE_UP_AFTER_MS / (24 * 60 * 60 * 1000),
  };
}

/** Templates whose single-use links are removed from a failed email: it cannot be sent again as it was. */
const TEMPLATES_WITH_LINKS: readonly string[] = Object.entries(
  templates as Record<string, { secretProps?: readonly string[] }>,
)
  .filter(([, template]) => (template.secretProps ?? []).length > 0)
  .map(([name]) => name);

/** The email's subject line, built from its props; the template's name when that cannot be done. */
function subjectOf(templateName: string, props: unknown): string {
  const template = findTemplate(templates, templateName);
  if (!template) return `An email of a kind this version does not know (${templateName})`;
  try {
    return template.subject(props);
  } catch {
    return `An email of the kind “${templateName}”`;
  }
}

/**
 * What the outbox recorded, said so that someone who does not know the provider's API can act on
 * it. The patterns follow the messages of mailer.server.ts and outbox.server.ts.
 */
export function plainProblem(error: string): string {
  if (/No email template named/i.test(error))
    return "This version of the service does not know this kind of email; a newer one will send it";
  if (/Could not render/i.test(error)) return "The email could not be put together from its details";
  if (/Could not store the email in the local mailbox/i.test(error)) return "The local mailbox could not store it";
  if (/aborted|timed? ?out|timeout/i.test(error)) return "The email provider did not answer in time";
  if (/HTTP 429|rate_limit/i.test(error)) return "The email provider asked us to send more slowly";
  if (/HTTP 40[13]|api_key|restricted_api_key/i.test(error))
    return "The email provider refused our API key: check RESEND_API_KEY";
  if (/invalid_from_address/i.test(error)) return "The email provider refused the sender address: check EMAIL_FROM";
  if (/invalid_idempotent_request|HTTP 409/i.test(error))
    return "The email provider refused it as a repeat of a different email";
  if (/HTTP 4(00|22)|validation_error/i.test(error))
    return "The email provider refused the message itself, for example a recipient address it cannot deliver to";
  if (/HTTP 5\d\d/i.test(error)) return "The email provider had a fault of its own";
  if (/request failed|Unable to fetch data|could not be resolved/i.test(error))
    return "The service could not reach the email provider, or it did not answer in time";
  return "Something else went wrong";
}

/**
 * Sends failed emails again now: each goes back to waiting, due at once, with a fresh 3 days of
 * attempts; its attempt count carries on. Pass the ids to send (from the page), or "all" for every
 * failed email. Emails that are no longer failed (sent again by someone else a moment ago) are
 * left alone, and so are those that carried a single-use link (removed when they failed: sending
 * them again would send a dead link; the person asks for a new one, or staff resend an
 * invitation). Staff only; audited, with how many went back and their ids.
 */
export async function retryFailedEmails(
  actor: Actor,
  which: number[] | "all",
): Promise<{ count: number; message: string }> {
  if (which !== "all" && which.length === 0) throw invalid("Choose an email to send again");
  const count = await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      let query = trx
        .updateTable("email_outbox")
        .set({ status: "pending", next_attempt_at: sql`now()`, tries_started_at: sql`now()` })
        .where("status", "=", "failed");
      if (TEMPLATES_WITH_LINKS.length) query = query.where("template", "not in", TEMPLATES_WITH_LINKS);
      if (which !== "all") query = query.where("id", "in", which);
      const rows = await query.returning("id").execute();
      if (rows.length === 0) return 0;
      await recordAudit(trx, {
        action: "email_retried",
        actorUserId: actor.id,
        subjectType: "email_outbox",
        subjectId: rows.length === 1 ? rows[0]!.id : "several",
        ip: actor.ip,
        details: { count: rows.length, emailIds: rows.map((r) => r.id).sort((a, b) => a - b) },
      });
      return rows.length;
    });
  if (count > 0) nudgeOutboxWorker();
  return {
    count,
    message:
      count === 0
        ? "Nothing was sent again: no email chosen is still failed, or each carried a single-use link"
        : `${count} ${count === 1 ? "email is" : "emails are"} being sent again`,
  };
}
