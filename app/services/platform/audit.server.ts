import type { Transaction } from "kysely";
import { db, type DB } from "../../../db/client";
import type { Database } from "../../../db/schema";

export interface AuditInput {
  action: string;
  actorUserId?: number | null;
  subjectType?: string;
  subjectId?: string | number;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit trail. Pass the transaction of the change being recorded so that the
 * record and the change stand or fall together.
 */
export async function recordAudit(executor: DB | Transaction<Database>, input: AuditInput): Promise<void> {
  await executor
    .insertInto("audit_event")
    .values({
      action: input.action,
      actor_user_id: input.actorUserId ?? null,
      subject_type: input.subjectType ?? null,
      subject_id: input.subjectId === undefined ? null : String(input.subjectId),
      ip: input.ip ?? null,
      details: JSON.stringify(input.details ?? {}),
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
