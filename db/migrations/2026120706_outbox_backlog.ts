import { sql, type Kysely } from "kysely";

// When the current run of delivery attempts of an email began: when it was queued, or when a
// member of staff last sent a failed email again from the email backlog page (/staff/email). The
// outbox gives up on an email that has been retried for 3 days counted from here, so an email sent
// again by hand gets a fresh 3 days rather than failing at its next refusal. created_at stays the
// time it was queued, for the backlog's "waiting since" and for retention.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table email_outbox add column tries_started_at timestamptz not null default now()`.execute(db);
  await sql`update email_outbox set tries_started_at = created_at`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table email_outbox drop column tries_started_at`.execute(db);
}
