import { sql } from "kysely";
import { db } from "../../db/client";
import { extractLinks } from "../domain/email-links";

// Reading the local mailbox: the mail the demo "sent" while no email provider is configured.
// For the person running the demo (/dev/mail) and end-to-end tests (/dev/mail.json). The writing
// side is product code of demo mode (`localMailbox` in app/services/email/mailer.server.ts). The
// pages exist in demo mode only, and answer clients on this machine only, since they show every
// sign-in link: both are decided where the request handler is made
// (app/security/dev-tool-routes.server.ts).

export const MAILBOX_PAGE_SIZE = 100;

export interface MailboxSummary {
  id: number;
  to: string;
  subject: string;
  deliveredAt: Date;
}

export interface MailboxOverview {
  /** The newest messages, at most `limit` of them. */
  messages: MailboxSummary[];
  limit: number;
  /** Emails still waiting in the outbox, and those that failed for good. */
  outbox: { pending: number; failed: number };
}

/** The newest messages, optionally only those to one address (compared case-insensitively). */
export async function mailboxOverview({ to }: { to?: string }): Promise<MailboxOverview> {
  let query = db()
    .selectFrom("mailbox_message")
    .select(["id", "to_address", "subject", "delivered_at"])
    .orderBy("id", "desc")
    .limit(MAILBOX_PAGE_SIZE);
  if (to) query = query.where(sql<string>`lower(to_address)`, "=", to.toLowerCase());
  const [rows, counts] = await Promise.all([
    query.execute(),
    db()
      .selectFrom("email_outbox")
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere("status", "=", "pending").as("pending"),
        eb.fn.countAll<number>().filterWhere("status", "=", "failed").as("failed"),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    messages: rows.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, deliveredAt: r.delivered_at })),
    limit: MAILBOX_PAGE_SIZE,
    outbox: { pending: Number(counts.pending), failed: Number(counts.failed) },
  };
}

export interface MailboxMessage extends MailboxSummary {
  text: string;
  html: string;
  links: string[];
}

/** One message, or a 404. */
export async function mailboxMessage(id: number): Promise<MailboxMessage> {
  const row = await db().selectFrom("mailbox_message").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new Response("Not found", { status: 404 });
  return toMessage(row);
}

/** Full messages, newest first, for tests reading their mail. */
export async function mailboxMessages({ to, limit = 50 }: { to?: string; limit?: number }): Promise<MailboxMessage[]> {
  let query = db().selectFrom("mailbox_message").selectAll().orderBy("id", "desc").limit(limit);
  if (to) query = query.where(sql<string>`lower(to_address)`, "=", to.toLowerCase());
  return (await query.execute()).map(toMessage);
}

function toMessage(row: {
  id: number;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  delivered_at: Date;
}): MailboxMessage {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    deliveredAt: row.delivered_at,
    text: row.text,
    html: row.html,
    links: extractLinks(row.html),
  };
}
