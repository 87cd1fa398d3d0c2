import { sql, type Kysely } from "kysely";
import { eventHash, GENESIS_HASH } from "../../app/domain/audit-chain";

// The audit trail becomes a hash chain (docs/decisions/048-audit-trail-hash-chain-and-restricted-role.md):
// each event stores the hash of the event before it and its own hash over both, so an event
// changed, removed or moved breaks the chain from there on. Events recorded before this migration
// are chained here, in id order, from the genesis hash.

const BATCH = 1_000;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_event add column prev_hash text, add column hash text`.execute(db);

  // The one time events are updated: the append-only trigger is off while they are chained. DDL
  // is transactional, so a failure leaves the trigger on.
  await sql`alter table audit_event disable trigger audit_event_append_only`.execute(db);
  let prevHash = GENESIS_HASH;
  let afterId = "0";
  let events = 0;
  for (;;) {
    // By audit_event.id: the column named id here is text, and would sort "10" before "2".
    const { rows } = await sql<{
      id: string;
      occurred_at: string;
      actor_user_id: number | null;
      action: string;
      subject_type: string | null;
      subject_id: string | null;
      ip: string | null;
      details: unknown;
    }>`
      select id::text as id,
        to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
        actor_user_id, action, subject_type, subject_id, ip, details
      from audit_event where audit_event.id > ${afterId}::bigint order by audit_event.id limit ${BATCH}`.execute(db);
    if (rows.length === 0) break;
    const chained = rows.map((row) => {
      const hash = eventHash({
        prevHash,
        id: row.id,
        occurredAt: row.occurred_at,
        actorUserId: row.actor_user_id,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        ip: row.ip,
        details: row.details,
      });
      const link = sql`(${row.id}::bigint, ${prevHash}, ${hash})`;
      prevHash = hash;
      return link;
    });
    await sql`update audit_event set prev_hash = v.prev_hash, hash = v.hash
      from (values ${sql.join(chained)}) as v(id, prev_hash, hash) where audit_event.id = v.id`.execute(db);
    afterId = rows[rows.length - 1]!.id;
    events += rows.length;
  }
  await sql`alter table audit_event enable trigger audit_event_append_only`.execute(db);

  await sql`alter table audit_event
    alter column prev_hash set not null,
    alter column hash set not null,
    add constraint audit_event_hash_format check (hash ~ '^[0-9a-f]{64}$' and prev_hash ~ '^[0-9a-f]{64}$')`.execute(
    db,
  );
  // One chain, never a fork: no two events can follow the same event, even if a writer skipped the
  // lock. The index also finds, when the chain is broken, where the event that should have come
  // next went.
  await sql`create unique index audit_event_prev_hash_key on audit_event (prev_hash)`.execute(db);

  // How far the chain was last found intact, so that the staff audit page checks only what came
  // after (one row).
  await sql`create table audit_chain_checkpoint (
    id integer primary key default 1 check (id = 1),
    event_id bigint not null,
    hash text not null,
    events bigint not null,
    verified_at timestamptz not null default now()
  )`.execute(db);
  // The events just chained are intact by construction: the first page view need not check them all.
  if (events > 0) {
    await sql`insert into audit_chain_checkpoint (event_id, hash, events)
      values (${afterId}::bigint, ${prevHash}, ${events})`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit_chain_checkpoint`.execute(db);
  await sql`drop index audit_event_prev_hash_key`.execute(db);
  await sql`alter table audit_event drop constraint audit_event_hash_format, drop column prev_hash, drop column hash`.execute(
    db,
  );
}
