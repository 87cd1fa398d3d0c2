import { sql, type Transaction } from "kysely";
import { db, type DB } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { contentHash } from "../../domain/audit-chain";

export interface AuditInput {
  action: string;
  actorUserId?: number | null;
  subjectType?: string;
  subjectId?: string | number;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/**
 * A time as the chain hashes it: UTC to the microsecond as stored, "2026-12-05T19:27:14.123456Z".
 * Read in SQL, because a JavaScript Date would drop the microseconds.
 */
export function utcMicroseconds(expression: "occurred_at" | "e.occurred_at" | "now()") {
  return sql<string>`to_char(${sql.raw(expression)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Appends to the audit trail. Pass the transaction of the change being recorded so that the
 * record and the change stand or fall together. Given the database rather than a transaction,
 * the event is written in a transaction of its own.
 *
 * Writing an event waits for no one: the writer hashes the event's content, and the database
 * chains it when the transaction commits (a deferred trigger; docs/decisions/057). So an event
 * can be recorded at any step of a change, and is in the chain exactly when the change is.
 */
export async function recordAudit(executor: DB | Transaction<Database>, input: AuditInput): Promise<void> {
  if (!executor.isTransaction) {
    await executor.transaction().execute((trx) => appendEvent(trx, input));
    return;
  }
  await appendEvent(executor as Transaction<Database>, input);
}

async function appendEvent(trx: Transaction<Database>, input: AuditInput): Promise<void> {
  // The id and time first, because the content hash covers them.
  const { rows } = await sql<{ id: string; occurred_at: string }>`
    select nextval(pg_get_serial_sequence('audit_event', 'id'))::text as id,
      ${utcMicroseconds("now()")} as occurred_at`.execute(trx);
  const next = rows[0]!;
  const details = input.details ?? {};
  const event = {
    id: next.id,
    occurredAt: next.occurred_at,
    actorUserId: input.actorUserId ?? null,
    action: input.action,
    subjectType: input.subjectType ?? null,
    subjectId: input.subjectId === undefined ? null : String(input.subjectId),
    ip: input.ip ?? null,
    details,
  };
  await trx
    .insertInto("audit_event")
    .values({
      id: event.id,
      // The time exactly as hashed (microseconds included): the transaction's start, as before.
      occurred_at: sql<Date>`${event.occurredAt}::timestamptz`,
      action: event.action,
      actor_user_id: event.actorUserId,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      ip: event.ip,
      details: JSON.stringify(details),
      content_hash: contentHash(event),
    })
    .execute();
}

export async function auditEventsFor(subjectType: string, subjectId: string | number) {
  return db()
    .selectFrom("audit_event")
    .selectAll()
    .where("subject_type", "=", subjectType)
    .where("subject_id", "=", String(subjectId))
    .orderBy("id")
    .execute();
}
