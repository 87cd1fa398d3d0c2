import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";
import { contentHash, GENESIS_HASH, linkHash } from "../../domain/audit-chain";
import { utcMicroseconds } from "./audit.server";

// Checking the audit trail's hash chain (docs/decisions/048-audit-trail-hash-chain-and-restricted-role.md, 057).
// Links are read in chain order with their events, a batch at a time, so a trail of millions is
// checked in constant memory; each event's content hash and each link's hash are worked out again
// from what is stored and compared, and each link must name the hash of the one before it.

/** What is wrong where the chain breaks. */
export type ChainProblem = "changed" | "missing" | "reordered" | "unchained";

export type ChainVerification =
  | {
      ok: true;
      /** Events in the trail, all found intact. */
      events: number;
      /** The last event and its hash (the chain's head), or null and the genesis hash when there are none. */
      headEventId: number | null;
      headHash: string;
      /** The head's place in the chain (0 when there are no events). */
      headSeq: number;
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

/** Where a check starts: the genesis, or a link found intact by an earlier check. */
export interface ChainPoint {
  seq: number;
  eventId: number;
  hash: string;
  events: number;
}

const GENESIS: ChainPoint = { seq: 0, eventId: 0, hash: GENESIS_HASH, events: 0 };

const DEFAULT_BATCH = 2_000;

/** A link and its event as stored; the event's columns are null if the event has been deleted. */
interface StoredLink {
  seq: string;
  event_id: string;
  prev_hash: string;
  hash: string;
  found: boolean;
  occurred_at: string | null;
  actor_user_id: number | null;
  action: string | null;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  details: unknown;
  content_hash: string | null;
}

const LINK_COLUMNS = sql`c.seq::text as seq, c.event_id::text as event_id, c.prev_hash, c.hash,
  e.id is not null as found, ${utcMicroseconds("e.occurred_at")} as occurred_at,
  e.actor_user_id, e.action, e.subject_type, e.subject_id, e.ip, e.details, e.content_hash`;

/** Whether the event is as it was when recorded, and the link as it was when sealed. */
function linkIntact(row: StoredLink): boolean {
  if (!row.found || row.content_hash === null || row.occurred_at === null || row.action === null) return false;
  const content = contentHash({
    id: row.event_id,
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    ip: row.ip,
    details: row.details,
  });
  return content === row.content_hash && linkHash(row.prev_hash, row.content_hash) === row.hash;
}

/**
 * Checks the chain from its first link (or from `from`, a point an earlier check found intact)
 * to its last, and says either how many events it holds, all intact, or where it first breaks and
 * why: an event changed since it was recorded, one missing (deleted) before it, events moved, or
 * an event that is not in the chain at all.
 */
export async function verifyAuditChain(
  executor: Executor = db(),
  options: { from?: ChainPoint; batchSize?: number } = {},
): Promise<ChainVerification> {
  const from = options.from ?? GENESIS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let previousEventId = 0;
  if (from.seq !== 0) {
    // The point itself must still be there, unchanged: worked out again, not just compared.
    const { rows } = await sql<StoredLink>`select ${LINK_COLUMNS}
      from audit_chain c left join audit_event e on e.id = c.event_id where c.seq = ${String(from.seq)}::bigint`.execute(
      executor,
    );
    const start = rows[0];
    if (!start || start.hash !== from.hash || String(from.eventId) !== start.event_id || !linkIntact(start)) {
      const changed = start?.found === true;
      return {
        ok: false,
        events: from.events,
        eventId: from.eventId,
        problem: changed ? "changed" : "missing",
        reason: changed
          ? `Event ${from.eventId} has been changed since the trail was last checked.`
          : `Event ${from.eventId}, found intact when the trail was last checked, has been deleted.`,
      };
    }
    previousEventId = from.eventId;
  }

  let previousSeq = from.seq;
  let previousHash = from.hash;
  let events = from.events;
  for (;;) {
    const { rows } = await sql<StoredLink>`select ${LINK_COLUMNS}
      from audit_chain c left join audit_event e on e.id = c.event_id
      where c.seq > ${String(previousSeq)}::bigint order by c.seq limit ${batchSize}`.execute(executor);
    for (const row of rows) {
      const eventId = Number(row.event_id);
      const intact = linkIntact(row);
      if (row.prev_hash !== previousHash) {
        return {
          ok: false,
          events,
          eventId,
          ...(await brokenLink(executor, row, intact, previousEventId, previousHash)),
        };
      }
      if (!intact) {
        return {
          ok: false,
          events,
          eventId,
          problem: row.found ? "changed" : "missing",
          reason: row.found
            ? `Event ${eventId} has been changed since it was recorded.`
            : `Event ${eventId} has been deleted.`,
        };
      }
      previousSeq = Number(row.seq);
      previousEventId = eventId;
      previousHash = row.hash;
      events += 1;
    }
    if (rows.length < batchSize) break;
  }

  // Every committed event is sealed in the same commit, so an event without a link was put in
  // some other way. Counted first (cheap), looked for only when the counts differ. One statement,
  // so one snapshot: an event and its link become visible together.
  const { rows: counts } = await sql<{ unchained: number }>`
    select (select count(*) from audit_event)::int - (select count(*) from audit_chain)::int as unchained`.execute(
    executor,
  );
  if ((counts[0]?.unchained ?? 0) !== 0) {
    const stray = await sql<{ id: string }>`select e.id::text as id from audit_event e
      where not exists (select 1 from audit_chain c where c.event_id = e.id) order by e.id limit 1`.execute(executor);
    const id = stray.rows[0]?.id;
    if (id !== undefined) {
      return {
        ok: false,
        events,
        eventId: Number(id),
        problem: "unchained",
        reason: `Event ${id} is not in the chain: it was added to the trail some other way than by the service.`,
      };
    }
  }
  return {
    ok: true,
    events,
    headEventId: previousEventId === 0 ? null : previousEventId,
    headHash: previousHash,
    headSeq: previousSeq,
  };
}

/** Why a link does not follow the one before it. */
async function brokenLink(
  executor: Executor,
  row: StoredLink,
  intact: boolean,
  previousEventId: number,
  previousHash: string,
): Promise<{ problem: ChainProblem; reason: string }> {
  const after = previousEventId === 0 ? "the start of the trail" : `event ${previousEventId}`;
  // The link that really followed the previous one names its hash; if it is still in the chain,
  // it has been moved (the unique index on prev_hash finds it at once).
  const successor = await executor
    .selectFrom("audit_chain")
    .select(sql<string>`event_id::text`.as("event_id"))
    .where("prev_hash", "=", previousHash)
    .where("seq", "<>", row.seq)
    .executeTakeFirst();
  if (successor) {
    return {
      problem: "reordered",
      reason: `Events have been moved: event ${successor.event_id} was recorded after ${after}, but event ${row.event_id} is in its place.`,
    };
  }
  if (!intact && row.found) {
    return { problem: "changed", reason: `Event ${row.event_id} has been changed since it was recorded.` };
  }
  return {
    problem: "missing",
    reason: `An event recorded between ${after} and event ${row.event_id} has been deleted.`,
  };
}

/**
 * The chain's state for the staff audit page, checked incrementally: from the link the last check
 * found intact (audit_chain_checkpoint) to the newest event, which then becomes that point. A page
 * view costs only the events recorded since the last one. Events before the point are checked
 * again only by a full check (`npm run audit:verify`), which the operators run on a schedule.
 */
export async function checkAuditChainSinceLastCheck(executor: Executor = db()): Promise<ChainVerification> {
  const checkpoint = await executor
    .selectFrom("audit_chain_checkpoint")
    .select(["seq", "event_id", "hash", "events"])
    .executeTakeFirst();
  const from = checkpoint
    ? {
        seq: Number(checkpoint.seq),
        eventId: Number(checkpoint.event_id),
        hash: checkpoint.hash,
        events: Number(checkpoint.events),
      }
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
    .values({ id: 1, seq: result.headSeq, event_id: result.headEventId, hash: result.headHash, events: result.events })
    .onConflict((oc) =>
      oc
        .column("id")
        .doUpdateSet((eb) => ({
          seq: eb.ref("excluded.seq"),
          event_id: eb.ref("excluded.event_id"),
          hash: eb.ref("excluded.hash"),
          events: eb.ref("excluded.events"),
          verified_at: sql<Date>`now()`,
        }))
        .where("audit_chain_checkpoint.seq", "<=", (eb) => eb.ref("excluded.seq")),
    )
    .execute();
}
