import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Kysely, PGliteDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "../../app/auth/password.server";
import { DEMO_PASSWORD } from "../../app/domain/demo-accounts";
import { verifyAuditChain } from "../../app/services/platform/audit-chain.server";
import { recordAudit } from "../../app/services/platform/audit.server";
import {
  backupDatabase,
  manifestPath,
  restoreBackup,
  sha256,
  type BackupManifest,
  type DatabaseTarget,
} from "../../db/backup/backup";
import { compareFigures, databaseFigures, totalRows, type DatabaseFigures } from "../../db/backup/checksums";
import { closePGlite, openDatabase, openPGlite, type DB } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seedDemoData } from "../../db/seed/demo";
import { useTestDatabase } from "../support/database";
import { testServerUrl, withDatabase, withRole } from "../support/test-database-url";

// The restore drill (docs/operations.md#backups): seed the demo data, back it up with the command's
// own code, destroy the database, restore it, and compare every table's row count and checksum.
// The integration suite runs in CI on PostgreSQL and again on the embedded database, so the drill
// covers both engines: PostgreSQL restores into a new, empty database; the embedded database is
// restored into the folder that was deleted.

const server = testServerUrl();
const engine = server ? "postgres" : "pglite";
const AUDIT_EVENTS = 120;
// Seeding, a PGlite folder's dump and its load each take several seconds on a busy machine.
const SLOW = 240_000;

const work = mkdtempSync(path.join(tmpdir(), "cric-restore-drill-"));
const file = path.join(work, engine === "postgres" ? "drill.dump" : "drill.tar.gz");
const quiet = () => {};

interface Engine {
  /** Creates the source database and opens it as its owner. */
  openSource(): Promise<DB>;
  source(): DatabaseTarget;
  /** Lets go of the source before the backup (the embedded database's folder is locked to one user). */
  closeSource(): Promise<void>;
  /** Deletes the source database's contents. */
  destroySource(owner: DB): Promise<void>;
  /** Where to restore: where the deleted database was (embedded), or else somewhere new and empty. */
  restoreTarget(where: "original" | "new"): Promise<DatabaseTarget>;
  /** The restored database as the service would connect to it. */
  openRestored(target: DatabaseTarget): Promise<{ db: DB; close(): Promise<void> }>;
  appRole?: string;
  cleanUp(): Promise<void>;
}

const drill: Engine = engine === "postgres" ? postgresDrill() : pgliteDrill();

let before: DatabaseFigures;
let tablesInSchema: string[];
let backupSeconds: number;
let manifest: BackupManifest;
let restoredTarget: DatabaseTarget | undefined;

beforeAll(async () => {
  const owner = await drill.openSource();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await seedDemoData(owner, { passwordHash });
  // The demo data has no audit trail; the drill needs one, chained, to check after restoring.
  const staff = await owner.selectFrom("app_user").select("id").orderBy("id").limit(5).execute();
  for (let i = 0; i < AUDIT_EVENTS; i++) {
    await recordAudit(owner, {
      action: "drill.event",
      actorUserId: staff[i % staff.length]!.id,
      subjectType: "app_user",
      subjectId: i,
      ip: "203.0.113.7",
      details: { step: i, note: "Ffion’s “quoted” note, £50 — ünïcode" },
    });
  }
  before = await databaseFigures(owner);
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = 'public' order by tablename collate "C"`.execute(owner);
  tablesInSchema = rows.map((row) => row.name);
  await drill.closeSource();

  const outcome = await backupDatabase(drill.source(), file, quiet);
  backupSeconds = outcome.seconds;
  manifest = outcome.manifest;
  await drill.destroySource(owner);
}, SLOW);

afterAll(async () => {
  await drill.cleanUp();
  rmSync(work, { recursive: true, force: true });
}, SLOW);

describe(`the restore drill (${engine})`, () => {
  it(
    "restores every table with the same rows, and the audit trail's chain still holds",
    async () => {
      const target = await drill.restoreTarget("original");
      restoredTarget = target;
      const outcome = await restoreBackup(file, target, { appRole: drill.appRole, log: quiet });
      const restored = await drill.openRestored(target);
      try {
        const after = await databaseFigures(restored.db);
        // Every table the schema had, each with the same row count and checksum, and every sequence
        // where it was (so the next id is not one already used).
        expect(Object.keys(after.tables)).toEqual(tablesInSchema);
        expect(after).toEqual(before);
        expect(manifest.figures).toEqual(before);
        expect(after.tables.audit_event?.rows).toBe(AUDIT_EVENTS);
        expect(after.tables.app_user?.rows).toBeGreaterThan(100);

        const chain = await verifyAuditChain(restored.db);
        expect(chain).toMatchObject({ ok: true, events: AUDIT_EVENTS });

        // The service carries on: it can add to the audit trail (as its own role on PostgreSQL,
        // whose rights the restore gave back), and the chain goes on from the restored head.
        await recordAudit(restored.db, { action: "drill.after_restore" });
        expect(await verifyAuditChain(restored.db)).toMatchObject({ ok: true, events: AUDIT_EVENTS + 1 });

        // The comparison would notice one changed letter in one row: the checksums are worth trusting.
        const someone = await restored.db
          .selectFrom("app_user")
          .select(["id", "name"])
          .orderBy("id")
          .executeTakeFirstOrThrow();
        await restored.db
          .updateTable("app_user")
          .set({ name: `${someone.name}.` })
          .where("id", "=", someone.id)
          .execute();
        const changed = await databaseFigures(restored.db);
        expect(compareFigures(before, changed)).toEqual(
          expect.arrayContaining([
            "table app_user has the same number of rows as in the backup, but different contents",
            `table audit_event has ${AUDIT_EVENTS + 1} rows; the backup had ${AUDIT_EVENTS}`,
          ]),
        );

        console.log(
          `Restore drill (${engine}): ${tablesInSchema.length} tables, ${totalRows(before)} rows; ` +
            `backup ${backupSeconds.toFixed(1)} s, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB; ` +
            `restore and verify ${outcome.seconds.toFixed(1)} s; every row count and checksum matched.`,
        );
      } finally {
        await restored.close();
      }
    },
    SLOW,
  );

  it(
    "restores over a database only when told to (--force), and the backup then replaces what was there",
    async () => {
      // The database restored above, changed since (an audit event and a name).
      const target = restoredTarget!;
      await expect(restoreBackup(file, target, { appRole: drill.appRole, log: quiet })).rejects.toThrow(
        /already holds .*--force/,
      );
      const outcome = await restoreBackup(file, target, { force: true, appRole: drill.appRole, log: quiet });
      const restored = await drill.openRestored(target);
      try {
        expect(await databaseFigures(restored.db)).toEqual(before);
      } finally {
        await restored.close();
      }
      if (target.engine === "pglite") {
        // The embedded database's previous folder is kept, not deleted.
        expect(outcome.keptFolder).toBeDefined();
        expect(existsSync(path.join(outcome.keptFolder!, "PG_VERSION"))).toBe(true);
      }
    },
    SLOW,
  );

  it(
    "refuses a truncated file, saying it does not match its manifest, and restores nothing",
    async () => {
      const damaged = path.join(work, `truncated-${path.basename(file)}`);
      copyFileSync(file, damaged);
      copyFileSync(manifestPath(file), manifestPath(damaged));
      truncateSync(damaged, Math.floor(statSync(file).size / 2));
      const target = await drill.restoreTarget("new");
      await expect(restoreBackup(damaged, target, { log: quiet })).rejects.toThrow(
        /does not match its manifest, so it was not restored: it is \d+ bytes/,
      );
      expect(await isEmpty(target)).toBe(true);
    },
    SLOW,
  );

  it(
    "refuses a damaged file even when its manifest was rewritten to match it",
    async () => {
      const damaged = path.join(work, `damaged-${path.basename(file)}`);
      const bytes = readFileSync(file);
      writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
      writeFileSync(
        manifestPath(damaged),
        JSON.stringify({ ...manifest, bytes: statSync(damaged).size, sha256: sha256(readFileSync(damaged)) }),
      );
      const target = await drill.restoreTarget("new");
      await expect(restoreBackup(damaged, target, { log: quiet })).rejects.toThrow(
        engine === "postgres" ? /is damaged|is not a complete pg_dump archive/ : /is not a complete backup/,
      );
      expect(await isEmpty(target)).toBe(true);
    },
    SLOW,
  );

  it("refuses a file without its manifest", async () => {
    const alone = path.join(work, `alone-${path.basename(file)}`);
    copyFileSync(file, alone);
    await expect(restoreBackup(alone, await drill.restoreTarget("new"), { log: quiet })).rejects.toThrow(
      /There is no manifest beside/,
    );
  });
});

/** The target's URL or folder. */
function locationOf(target: DatabaseTarget): string {
  return target.engine === "postgres" ? target.url : target.dataDir;
}

/** Nothing was restored into the target. */
async function isEmpty(target: DatabaseTarget): Promise<boolean> {
  if (target.engine === "pglite") return !existsSync(path.join(target.dataDir, "PG_VERSION"));
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where schemaname = 'public'",
    );
    return rows[0]!.n === 0;
  } finally {
    await client.end();
  }
}

// --- PostgreSQL: the file's own database (tests/support/database.ts), restored into new ones ---

function postgresDrill(): Engine {
  const t = useTestDatabase({ keepBetweenTests: true });
  const created: string[] = [];
  const opened: { close(): Promise<void> }[] = [];
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: withDatabase(server!, "postgres") });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  return {
    async openSource() {
      return t.owner;
    },
    source: () => ({ engine: "postgres", url: t.ownerUrl! }),
    async closeSource() {},
    async destroySource(owner) {
      await sql`drop schema public cascade`.execute(owner);
      await sql`create schema public`.execute(owner);
    },
    async restoreTarget() {
      const name = `cric_restored_${process.pid}_${randomBytes(4).toString("hex")}`;
      await admin(`create database ${name}`);
      created.push(name);
      return { engine: "postgres", url: withDatabase(server!, name) };
    },
    async openRestored(target) {
      // As the service connects: the restricted role, whose rights the restore gave back.
      const handle = await openDatabase({ databaseUrl: withRole(locationOf(target), inject("appRole")!), poolSize: 2 });
      opened.push(handle);
      return handle;
    },
    get appRole() {
      return inject("appRole")?.name;
    },
    async cleanUp() {
      for (const handle of opened) await handle.close();
      for (const name of created) await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

// --- The embedded database: a folder on disk, deleted and restored in place -------------------

function pgliteDrill(): Engine {
  const dataDir = path.join(work, "data", "pglite");
  let sourceClose: (() => Promise<void>) | undefined;
  let newTargets = 0;
  return {
    async openSource() {
      const pglite = await openPGlite(dataDir);
      const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) }) as DB;
      sourceClose = async () => {
        await db.destroy();
        await closePGlite(pglite);
      };
      await migrateToLatest(db);
      return db;
    },
    source: () => ({ engine: "pglite", dataDir }),
    async closeSource() {
      await sourceClose?.();
      sourceClose = undefined;
    },
    async destroySource() {
      rmSync(dataDir, { recursive: true, force: true });
      expect(existsSync(dataDir)).toBe(false);
    },
    async restoreTarget(where) {
      if (where === "original") return { engine: "pglite", dataDir };
      return { engine: "pglite", dataDir: path.join(work, `data-${++newTargets}`, "pglite") };
    },
    async openRestored(target) {
      const pglite = await openPGlite(locationOf(target));
      const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) }) as DB;
      return {
        db,
        async close() {
          await db.destroy();
          await closePGlite(pglite);
        },
      };
    },
    async cleanUp() {
      await sourceClose?.();
    },
  };
}
