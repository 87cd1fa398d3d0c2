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

/** As the owner, with the append-only trigger off for the moment: what only a tamperer could do. */
async function tamper(change: (trx: Transaction<Database>) => Promise<unknown>) {
  await t.owner.transaction().execute(async (trx) => {
    await sql`alter table audit_event disable trigger audit_event_append_only`.execute(trx);
    await change(trx);
    await sql`alter table audit_event enable trigger audit_event_append_only`.execute(trx);
  });
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
      const actions = await t.db.selectFrom("audit_event").select("action").orderBy("id").execute();
      expect(actions.map((a) => a.action)).toEqual(["second", "first"]);
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
    const rows = await t.db.selectFrom("audit_event").select(["prev_hash", "hash"]).orderBy("id").execute();
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
    await tamper((trx) => trx.deleteFrom("audit_event").where("id", "=", "3").execute());
    expect(await verifyAuditChain()).toMatchObject({
      ok: false,
      eventId: 4,
      problem: "missing",
      reason: "An event recorded between event 2 and event 4 has been deleted.",
    });
    await tamper((trx) => trx.deleteFrom("audit_event").where("id", "=", "1").execute());
    expect(await verifyAuditChain()).toMatchObject({ ok: false, eventId: 2, problem: "missing", events: 0 });
  });

  it("finds events swapped round", async () => {
    await recordEvents(5);
    await tamper(async (trx) => {
      await sql`update audit_event set id = 1000 where id = 2`.execute(trx);
      await sql`update audit_event set id = 2 where id = 3`.execute(trx);
      await sql`update audit_event set id = 3 where id = 1000`.execute(trx);
    });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, eventId: 2, problem: "reordered", events: 1 });
  });

  it("is checked from where the last check ended, and a changed or deleted checkpoint is noticed", async () => {
    await recordEvents(3);
    expect(await checkAuditChainSinceLastCheck()).toMatchObject({ ok: true, events: 3, headEventId: 3 });
    await recordEvents(2);
    expect(await checkAuditChainSinceLastCheck()).toMatchObject({ ok: true, events: 5, headEventId: 5 });
    expect(await t.db.selectFrom("audit_chain_checkpoint").select(["event_id", "events"]).execute()).toEqual([
      { event_id: 5, events: 5 },
    ]);
    await tamper((trx) => trx.updateTable("audit_event").set({ action: "nothing" }).where("id", "=", "5").execute());
    expect(await checkAuditChainSinceLastCheck()).toMatchObject({ ok: false, eventId: 5, problem: "changed" });
    await tamper((trx) => trx.deleteFrom("audit_event").where("id", ">=", "4").execute());
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
    await tamper((trx) => trx.deleteFrom("audit_event").where("id", "=", "4").execute());
    const broken = await auditTrail({ id: staff.user.id }, { page: 1 });
    expect(broken.chain).toEqual({
      intact: false,
      reason: "An event recorded between event 3 and event 5 has been deleted.",
    });
  });
});

describe("the migration that introduced the chain", () => {
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
    expect(await fresh!.db.selectFrom("audit_chain_checkpoint").select(["event_id", "events"]).execute()).toEqual([
      { event_id: 1_205, events: 1_205 },
    ]);
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
