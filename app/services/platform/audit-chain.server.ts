import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";
import { eventHash, GENESIS_HASH } from "../../domain/audit-chain";
import { utcMicroseconds } from "./audit.server";

// Checking the audit trail's hash chain (docs/decisions/048-audit-trail-hash-chain-and-restricted-role.md).
// Events are read in id order a batch at a time, so a trail of millions is checked in constant
// memory; each event's hash is worked out again from what is stored and compared with the stored
// hash, and each event must name the hash of the one before it.

/** What is wrong where the chain breaks. */
export type ChainProblem = "changed" | "missing" | "reordered";

export type ChainVerification =
  | {
      ok: true;
      /** Events in the trail, all found intact. */
      events: number;
      /** The last event and its hash (the chain's head), or null and the genesis hash when there are none. */
      headEventId: number | null;
      headHash: string;
    }
  | {
      ok: false;
      /** Events found intact before the break. */
      events: number;
      /** The first event where the chain does not hold. */
      eventId: number;
      problem: ChainProblem;
      /** What is wrong, in plain words. */
      reason: string;
    };

/** Where a check starts: the genesis, or an event found intact by an earlier check. */
export interface ChainPoint {
  eventId: number;
  hash: string;
  events: number;
}

const GENESIS: ChainPoint = { eventId: 0, hash: GENESIS_HASH, events: 0 };

const DEFAULT_BATCH = 2_000;

interface StoredEvent {
  id: string;
  occurred_at: string;
  actor_user_id: number | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

const STORED_COLUMNS = sql`audit_event.id::text as id, ${utcMicroseconds("occurred_at")} as occurred_at,
  actor_user_id, action, subject_type, subject_id, ip, details, prev_hash, hash`;

/** The hash the event should have, worked out from what is stored. */
function rowHash(row: StoredEvent): string {
  return eventHash({
    prevHash: row.prev_hash,
    id: row.id,
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    ip: row.ip,
    details: row.details,
  });
}

/**
 * Checks the chain from its first event (or from `from`, a point an earlier check found intact)
 * to its last, and says either how many events it holds, all intact, or where it first breaks and
 * why: an event changed since it was recorded, one missing (deleted) before it, or events moved.
 */
export async function verifyAuditChain(
  executor: Executor = db(),
  options: { from?: ChainPoint; batchSize?: number } = {},
): Promise<ChainVerification> {
  const from = options.from ?? GENESIS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (from.eventId !== 0) {
    // The point itself must still be there, unchanged: worked out again, not just compared.
    const { rows } = await sql<StoredEvent>`select ${STORED_COLUMNS} from audit_event
      where audit_event.id = ${String(from.eventId)}::bigint`.execute(executor);
    const start = rows[0];
    if (!start || start.hash !== from.hash || rowHash(start) !== start.hash) {
      return {
        ok: false,
        events: from.events,
        eventId: from.eventId,
        problem: start ? "changed" : "missing",
        reason: start
          ? `Event ${from.eventId} has been changed since the trail was last checked.`
          : `Event ${from.eventId}, found intact when the trail was last checked, has been deleted.`,
      };
    }
  }

  let previousId = from.eventId;
  let previousHash = from.hash;
  let events = from.events;
  for (;;) {
    // audit_event.id, not the text column named id, which would sort "10" before "2".
    const { rows } = await sql<StoredEvent>`select ${STORED_COLUMNS} from audit_event
      where audit_event.id > ${String(previousId)}::bigint order by audit_event.id limit ${batchSize}`.execute(
      executor,
    );
    for (const row of rows) {
      const id = Number(row.id);
      const intact = rowHash(row) === row.hash;
      if (row.prev_hash !== previousHash) {
        return {
          ok: false,
          events,
          eventId: id,
          ...(await brokenLink(executor, row, intact, previousId, previousHash)),
        };
      }
      if (!intact) {
        return {
          ok: false,
          events,
          eventId: id,
          problem: "changed",
          reason: `Event ${id} has been changed since it was recorded.`,
        };
      }
      previousId = id;
      previousHash = row.hash;
      events += 1;
    }
    if (rows.length < batchSize) break;
  }
  return { ok: true, events, headEventId: previousId === 0 ? null : previousId, headHash: previousHash };
}

/** Why an event does not follow the one before it. */
async function brokenLink(
  executor: Executor,
  row: StoredEvent,
  intact: boolean,
  previousId: number,
  previousHash: string,
): Promise<{ problem: ChainProblem; reason: string }> {
  const after = previousId === 0 ? "the start of the trail" : `event ${previousId}`;
  // The event that really followed the previous one names its hash; if it is still in the trail,
  // it has been moved (the unique index on prev_hash finds it at once).
  const successor = await executor
    .selectFrom("audit_event")
    .select(sql<string>`id::text`.as("id"))
    .where("prev_hash", "=", previousHash)
    .where("id", "<>", row.id)
    .executeTakeFirst();
  if (successor) {
    return {
      problem: "reordered",
      reason: `Events have been moved: the event recorded after ${after} is now event ${successor.id}, and event ${row.id} is in its place.`,
    };
  }
  if (!intact) return { problem: "changed", reason: `Event ${row.id} has been changed since it was recorded.` };
  return {
    problem: "missing",
    reason: `An event recorded between ${after} and event ${row.id} has been deleted.`,
  };
}

/**
 * The chain's state for the staff audit page, checked incrementally: from the point the last check
 * found intact (audit_chain_checkpoint) to the newest event, which then becomes that point. A page
 * view costs only the events recorded since the last one. Events before the point are checked
 * again only by a full check (`npm run audit:verify`), which the operators run on a schedule.
 */
export async function checkAuditChainSinceLastCheck(executor: Executor = db()): Promise<ChainVerification> {
  const checkpoint = await executor
    .selectFrom("audit_chain_checkpoint")
    .select(["event_id", "hash", "events"])
    .executeTakeFirst();
  const from = checkpoint
    ? { eventId: Number(checkpoint.event_id), hash: checkpoint.hash, events: Number(checkpoint.events) }
    : undefined;
  const result = await verifyAuditChain(executor, { from });
  if (result.ok) await saveCheckpoint(executor, result);
  return result;
}

/** Remembers how far the chain is intact, unless a check that got further has done so already. */
export async function saveCheckpoint(
  executor: Executor,
  result: Extract<ChainVerification, { ok: true }>,
): Promise<void> {
  if (result.headEventId === null) return;
  await executor
    .insertInto("audit_chain_checkpoint")
    .values({ id: 1, event_id: result.headEventId, hash: result.headHash, events: result.events })
    .onConflict((oc) =>
      oc
        .column("id")
        .doUpdateSet((eb) => ({
          event_id: eb.ref("excluded.event_id"),
          hash: eb.ref("excluded.hash"),
          events: eb.ref("excluded.events"),
          verified_at: sql<Date>`now()`,
        }))
        .where("audit_chain_checkpoint.event_id", "<=", (eb) => eb.ref("excluded.event_id")),
    )
    .execute();
}
