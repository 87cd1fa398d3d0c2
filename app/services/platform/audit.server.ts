import { sql, type Transaction } from "kysely";
import { db, type DB } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { eventHash, GENESIS_HASH } from "../../domain/audit-chain";

export interface AuditInput {
  action: string;
  actorUserId?: number | null;
  subjectType?: string;
  subjectId?: string | number;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/**
 * The advisory lock that makes writers of the audit trail take turns: each event's hash covers
 * the hash of the event before it, so the next writer must wait until the last one has committed
 * (or rolled back) to know what came before. Held until the end of the writer's transaction.
 */
export const AUDIT_CHAIN_LOCK = 4_852_310_147;

/**
 * A time as the chain hashes it: UTC to the microsecond as stored, "2026-12-05T19:27:14.123456Z".
 * Read in SQL, because a JavaScript Date would drop the microseconds.
 */
export function utcMicroseconds(expression: "occurred_at" | "now()") {
  return sql<string>`to_char(${sql.raw(expression)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Appends to the audit trail. Pass the transaction of the change being recorded so that the
 * record and the change stand or fall together. Given the database rather than a transaction,
 * the event is written in a transaction of its own.
 *
 * Writers take turns (AUDIT_CHAIN_LOCK) from here until their transaction ends, so record the
 * event as the last step of a change where you can: a change that locks more rows after recording
 * can deadlock with another that holds those rows and waits to record.
 */
export async function recordAudit(executor: DB | Transaction<Database>, input: AuditInput): Promise<void> {
  if (!executor.isTransaction) {
    await executor.transaction().execute((trx) => appendEvent(trx, input));
    return;
  }
  await appendEvent(executor as Transaction<Database>, input);
}

async function appendEvent(trx: Transaction<Database>, input: AuditInput): Promise<void> {
  // The event's reference to its actor makes PostgreSQL take a KEY SHARE lock on the person's row
  // when it is inserted. Taken here, before the writers' turn, not inside it: otherwise a writer
  // holding the turn could wait for a change that has locked that person's row (FOR UPDATE) and is
  // itself waiting for the turn, a deadlock (seen in the hostile-input run).
  if (input.actorUserId != null) {
    await sql`select 1 from app_user where id = ${input.actorUserId} for key share`.execute(trx);
  }
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  // A statement of its own after the lock: it must see the last event as committed by the writer
  // before, which a statement that started before the lock was granted would not.
  const { rows } = await sql<{ id: string; occurred_at: string; prev_hash: string | null }>`
    select nextval(pg_get_serial_sequence('audit_event', 'id'))::text as id,
      ${utcMicroseconds("now()")} as occurred_at,
      (select hash from audit_event order by id desc limit 1) as prev_hash`.execute(trx);
  const next = rows[0]!;
  const details = input.details ?? {};
  const event = {
    prevHash: next.prev_hash ?? GENESIS_HASH,
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
      prev_hash: event.prevHash,
      hash: eventHash(event),
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
