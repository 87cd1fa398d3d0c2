import { Kysely, PGliteDialect, sql, type Transaction } from "kysely";
import { Migrator } from "kysely/migration";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, openPGlite, type DB } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import type { Database } from "../../db/schema";
import { GENESIS_HASH } from "../../app/domain/audit-chain";
import { checkAuditChainSinceLastCheck, verifyAuditChain } from "../../app/services/platform/audit-chain.server";
import { recordAudit } from "../../app/services/platform/audit.server";
import { auditTrail } from "../../app/services/reports/audit-trail.server";
import { createTestUser } from "../../app/dev-tools/test-support.server";
import { overlapping } from "../support/concurrency";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();
const onPostgres = t.engine === "postgres";

async function recordEvents(count: number) {
  for (let i = 1; i <= count; i++) {
    await recordAudit(t.db, {
      action: "role_granted",
      actorUserId: null,
      subjectType: "user",
      subjectId: i,
      ip: "203.0.113.7",
      details: { role: "judge", number: i },
    });
  }
}

/** As the owner, with the append-only triggers off for the moment: what only a tamperer could do. */
async function tamper(change: (trx: Transaction<Database>) => Promise<unknown>) {
  await t.owner.transaction().execute(async (trx) => {
    await sql`alter table audit_event disable trigger audit_event_append_only`.execute(trx);
    await sql`alter table audit_chain disable trigger audit_chain_append_only`.execute(trx);
    await change(trx);
    await sql`alter table audit_event enable trigger audit_event_append_only`.execute(trx);
    await sql`alter table audit_chain enable trigger audit_chain_append_only`.execute(trx);
  });
}

/** Deletes events and their links, as a tamperer covering their tracks would. */
function deleteEvents(trx: Transaction<Database>, ids: string[]) {
  return (async () => {
    await trx.deleteFrom("audit_chain").where("event_id", "in", ids).execute();
    await trx.deleteFrom("audit_event").where("id", "in", ids).execute();
  })();
}

/** The chain's links in order. */
function links() {
  return t.db.selectFrom("audit_chain").select(["event_id", "prev_hash", "hash"]).orderBy("seq").execute();
}

describe("the audit trail's hash chain", () => {
  it("holds for events written by many transactions at once", async () => {
    const change = (n: number) =>
      t.db.transaction().execute(async (trx) => {
        for (const action of ["sign_in", "role_granted", "role_revoked", "sign_out"]) {
          await recordAudit(trx, { action, subjectType: "user", subjectId: n, details: { n } });
        }
      });
    // As many as the app's pool has connections, so that all of them are in the database at once.
    const changes = () => Array.from({ length: 5 }, (_, n) => change(n));
    if (onPostgres) {
      const blocker = await openDatabase({ databaseUrl: t.url, poolSize: 2 });
      try {
        const outcomes = await overlapping(blocker.db, changes);
        expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill("fulfilled"));
      } finally {
        await blocker.close();
      }
    } else {
      await Promise.all(changes());
    }
    const result = await verifyAuditChain();
    expect(result).toMatchObject({ ok: true, events: 20 });
    // Checked a few events at a time, as a long trail is, the answer is the same.
    expect(await verifyAuditChain(t.db, { batchSize: 5 })).toEqual(result);
  });

  it.skipIf(!onPostgres)(
    "does not deadlock with a change that has locked its actor's row and records an event next",
    async () => {
      const person = await t.db
        .insertInto("app_user")
        .values({ email: "locked-row@example.org", name: "Locked Row" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const other = await openDatabase({ databaseUrl: t.url, poolSize: 2 });
      let waiting: Promise<void> | undefined;
      try {
        await other.db.transaction().execute(async (holder) => {
          // A change that locks the person's row first (as declaring an affiliation does)...
          await holder.selectFrom("app_user").select("id").where("id", "=", person.id).forUpdate().execute();
          // ...while another change records an event by that person: it must wait for the row
          // without holding the writers' turn...
          let settled = false;
          waiting = recordAudit(t.db, { action: "first", actorUserId: person.id }).finally(() => (settled = true));
          await expect
            .poll(
              async () => {
                const { rows } = await sql<{ n: number }>`
                  select count(*)::int as n from pg_stat_activity
                  where datname = current_database() and wait_event_type = 'Lock'`.execute(other.db);
                return settled || rows[0]!.n > 0;
              },
              { timeout: 10_000, interval: 20 },
            )
            .toBe(true);
          // ...so that the first change can take its turn and record its own event.
          await recordAudit(holder, { action: "second", actorUserId: person.id });
        });
        await waiting;
      } finally {
        await waiting?.catch(() => undefined);
        await other.close();
      }
      // Chained in the order the changes committed.
      const actions = await t.db
        .selectFrom("audit_chain")
        .innerJoin("audit_event", "audit_event.id", "audit_chain.event_id")
        .select("audit_event.action")
        .orderBy("audit_chain.seq")
        .execute();
      expect(actions.map((a) => a.action)).toEqual(["second", "first"]);
      expect(await verifyAuditChain()).toMatchObject({ ok: true, events: 2 });
    },
  );

  it.skipIf(!onPostgres)(
    "does not deadlock when a change writes after recording its event, against one that holds that row",
    async () => {
      const challenge = await t.db
        .insertInto("app_user")
        .values({ email: "touched-row@example.org", name: "Touched Row" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const touch = (executor: Transaction<Database>) =>
        executor.updateTable("app_user").set({ name: "Touched" }).where("id", "=", challenge.id).execute();
      const other = await openDatabase({ databaseUrl: t.url, poolSize: 2 });
      let recordsThenTouches: Promise<void> | undefined;
      try {
        await other.db.transaction().execute(async (holder) => {
          // One change holds the row...
          await touch(holder);
          // ...while another records its event and then wants the same row (as a change that
          // touches a parent's updated_at after recording does)...
          let settled = false;
          recordsThenTouches = t.db
            .transaction()
            .execute(async (trx) => {
              await recordAudit(trx, { action: "recorded_first" });
              await touch(trx);
            })
            .finally(() => (settled = true));
          await expect
            .poll(
              async () => {
                const { rows } = await sql<{ n: number }>`
                  select count(*)::int as n from pg_stat_activity
                  where datname = current_database() and wait_event_type = 'Lock'`.execute(other.db);
                return settled || rows[0]!.n > 0;
              },
              { timeout: 10_000, interval: 20 },
            )
            .toBe(true);
          // ...and the first records its own event and commits: neither waits for the other's turn.
          await recordAudit(holder, { action: "held_the_row" });
        });
        await recordsThenTouches;
      } finally {
        await recordsThenTouches?.catch(() => undefined);
        await other.close();
      }
      const chained = await t.db
        .selectFrom("audit_chain")
        .innerJoin("audit_event", "audit_event.id", "audit_chain.event_id")
        .select("audit_event.action")
        .orderBy("audit_chain.seq")
        .execute();
      // Chained in the order the changes committed.
      expect(chained.map((e) => e.action)).toEqual(["held_the_row", "recorded_first"]);
      expect(await verifyAuditChain()).toMatchObject({ ok: true, events: 2 });
    },
  );

  it("holds for details in any key order, odd characters and times to the microsecond", async () => {
    await recordAudit(t.db, {
      action: "details_test",
      details: { zeta: [3, { y: 1, x: 2 }], alpha: "Zoë “quoted” \\ / \n", nested: { b: null, a: 1.5 } },
    });
    await t.db.transaction().execute(async (trx) => {
      await recordAudit(trx, { action: "first" });
      await recordAudit(trx, { action: "second" });
    });
    const rows = await links();
    expect(rows).toHaveLength(3);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[2]!.prev_hash).toBe(rows[1]!.hash);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, events: 3, headHash: rows[2]!.hash });
  });

  it("finds an event changed after it was recorded", async () => {
    await recordEvents(5);
    await tamper((trx) =>
      trx
        .updateTable("audit_event")
        .set({ details: JSON.stringify({ role: "staff", number: 3 }) })
        .where("id", "=", "3")
        .execute(),
    );
    expect(await verifyAuditChain()).toMatchObject({ ok: false, eventId: 3, problem: "changed", events: 2 });
  });

  it("finds an event deleted from the middle or the start of the trail", async () => {
    await recordEvents(5);
    await tamper((trx) => deleteEvents(trx, ["3"]));
    expect(await verifyAuditChain()).toMatchObject({
      ok: false,
      eventId: 4,
      problem: "missing",
      reason: "An event recorded between event 2 and event 4 has been deleted.",
    });
    await tamper((trx) => deleteEvents(trx, ["1"]));
    expect(await verifyAuditChain()).toMatchObject({ ok: false, eventId: 2, problem: "missing", events: 0 });
  });

  it("finds events swapped round", async () => {
    await recordEvents(5);
    await tamper(async (trx) => {
      await sql`update audit_chain set seq = 1000 where seq = 2`.execute(trx);
      await sql`update audit_chain set seq = 2 where seq = 3`.execute(trx);
      await sql`update audit_chain set seq = 3 where seq = 1000`.execute(trx);
    });
    expect(await verifyAuditChain()).toMatchObject({
      ok: false,
      eventId: 3,
      problem: "reordered",
      events: 1,
      reason: "Events have been moved: event 2 was recorded after event 1, but event 3 is in its place.",
    });
  });

  it("finds an event put into the trail without being chained", async () => {
    await recordEvents(2);
    await t.owner.transaction().execute(async (trx) => {
      await sql`alter table audit_event disable trigger audit_event_seal`.execute(trx);
      await sql`insert into audit_event (action, content_hash) values ('slipped_in', repeat('a', 64))`.execute(trx);
      await sql`alter table audit_event enable trigger audit_event_seal`.execute(trx);
    });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, eventId: 3, problem: "unchained", events: 2 });
  });

  it("is in the chain only once its change commits, and not at all if the change rolls back", async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await recordAudit(trx, { action: "rolled_back" });
        // Not chained yet: links are made at commit.
        expect(await trx.selectFrom("audit_chain").select("seq").execute()).toEqual([]);
        throw new Error("the change fails");
      }),
    ).rejects.toThrow("the change fails");
    await recordEvents(1);
    expect((await links()).map((l) => l.prev_hash)).toEqual([GENESIS_HASH]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, events: 1 });
  });

  it("is checked from where the last check ended, and a changed or deleted checkpoint is noticed", async () => {
    await recordEvents(3);
    expect(await checkAuditChainSinceLastCheck()).toMatchObject({ ok: true, events: 3, headEventId: 3 });
    await recordEvents(2);
    expect(await checkAuditChainSinceLastCheck()).toMatchObject({ ok: true, events: 5, headEventId: 5 });
    expect(await t.db.selectFrom("audit_chain_checkpoint").select(["seq", "event_id", "events"]).execute()).toEqual([
      { seq: 5, event_id: 5, events: 5 },
    ]);
    await tamper((trx) => trx.updateTable("audit_event").set({ action: "nothing" }).where("id", "=", "5").execute());
    expect(await checkAuditChainSinceLastCheck()).toMatchObject({ ok: false, eventId: 5, problem: "changed" });
    await tamper((trx) => deleteEvents(trx, ["4", "5"]));
    expect(await checkAuditChainSinceLastCheck()).toMatchObject({ ok: false, eventId: 5, problem: "missing" });
  });
});

// On the embedded engine whichever engine the rest runs on: a database of its own, migrated in two steps.
describe("the staff audit page", () => {
  it("says the chain is intact, or names what is wrong", async () => {
    const staff = await createTestUser({ role: "staff" });
    await recordEvents(3);
    const intact = await auditTrail({ id: staff.user.id }, { page: 1 });
    expect(intact.chain).toEqual({ intact: true, events: 3 });

    // After the point the last view found intact (event 3), which this view starts from.
    await recordEvents(2);
    await tamper((trx) => deleteEvents(trx, ["4"]));
    const broken = await auditTrail({ id: staff.user.id }, { page: 1 });
    expect(broken.chain).toEqual({
      intact: false,
      reason: "An event recorded between event 3 and event 5 has been deleted.",
    });
  });
});

describe("the migrations that introduced the chain and then sealed it at commit", () => {
  let fresh: { db: DB } | undefined;
  beforeAll(async () => {
    fresh = { db: new Kysely<Database>({ dialect: new PGliteDialect({ pglite: await openPGlite("memory://") }) }) };
  });
  afterAll(async () => {
    await fresh?.db.destroy();
  });

  it("chains the events recorded before it, in order", async () => {
    const names = Object.keys(migrations);
    const before = names[names.indexOf("2026120605_audit_chain") - 1]!;
    const { error } = await new Migrator({
      db: fresh!.db,
      provider: { getMigrations: async () => migrations },
    }).migrateTo(before);
    expect(error).toBeUndefined();
    // More than one batch of the migration's, with ids that sort differently as text.
    await sql`insert into audit_event (action, subject_type, subject_id, details)
      select 'sign_in', 'user', i::text, jsonb_build_object('b', i, 'a', 'x') from generate_series(1, 1205) i`.execute(
      fresh!.db,
    );
    await migrateToLatest(fresh!.db);
    expect(await verifyAuditChain(fresh!.db)).toMatchObject({ ok: true, events: 1_205 });
    // The staff page starts from there, rather than checking them all on its first view.
    expect(
      await fresh!.db.selectFrom("audit_chain_checkpoint").select(["seq", "event_id", "events"]).execute(),
    ).toEqual([{ seq: 1_205, event_id: 1_205, events: 1_205 }]);
    // Events recorded afterwards are chained after them.
    await recordAudit(fresh!.db, { action: "after_the_migrations" });
    expect(await verifyAuditChain(fresh!.db)).toMatchObject({ ok: true, events: 1_206, headEventId: 1_206 });
    // The trail stays append-only afterwards.
    await expect(sql`update audit_event set action = 'x' where id = 1`.execute(fresh!.db)).rejects.toThrow(
      /append-only/,
    );
  });
});

describe.skipIf(!onPostgres)("the app's database role (PostgreSQL)", () => {
  it("may read and add to the audit trail, and nothing else", async () => {
    await recordEvents(1);
    expect(await t.db.selectFrom("audit_event").select("id").execute()).toHaveLength(1);
    const refusals = [
      sql`truncate audit_event`,
      sql`delete from audit_event`,
      sql`update audit_event set action = 'nothing'`,
      sql`alter table audit_event disable trigger audit_event_append_only`,
      sql`drop trigger audit_event_append_only on audit_event`,
      sql`lock table audit_event in exclusive mode`,
      // Nor may it make, change or remove the chain's links, or stop events being chained.
      sql`insert into audit_chain (event_id, prev_hash, hash) values (1, repeat('0', 64), repeat('1', 64))`,
      sql`update audit_chain set hash = repeat('1', 64)`,
      sql`delete from audit_chain`,
      sql`truncate audit_chain`,
      sql`alter table audit_event disable trigger audit_event_seal`,
    ];
    for (const statement of refusals) {
      await expect(t.db.transaction().execute((trx) => statement.execute(trx))).rejects.toThrow(
        /permission denied|must be owner/,
      );
    }
    // The other tables are the app's to change.
    await expect(sql`delete from email_outbox`.execute(t.db)).resolves.toBeDefined();
    expect(await verifyAuditChain()).toMatchObject({ ok: true, events: 1 });
  });
});
