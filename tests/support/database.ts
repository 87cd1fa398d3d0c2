import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { openDatabase, setDatabase, type DatabaseHandle, type DB } from "../../db/client";
import { testServerUrl, withDatabase, withRole } from "./test-database-url";

export interface TestDatabase {
  /**
   * The Kysely instance, also installed as the process database that services use. On PostgreSQL
   * it connects as the app's restricted role, as the service does: it may only read and add to
   * the audit trail.
   */
  readonly db: DB;
  readonly handle: DatabaseHandle;
  /**
   * The same database as its owner, for what the app itself may not do: emptying tables, seeding
   * the demo data, triggers, tampering with the audit trail. On PGlite, the same as `db`.
   */
  readonly owner: DB;
  readonly engine: "postgres" | "pglite";
  /** A connection string for a second, independent pool as the app's role (PostgreSQL only). */
  readonly url: string | undefined;
  /** The same as the owner (PostgreSQL only). */
  readonly ownerUrl: string | undefined;
}

// Tables holding reference data loaded by migrations; every other table is emptied between tests.
// shared_ideas_version only ever counts up (a TRUNCATE of the tables it covers counts as a change).
const KEEP = new Set(["kysely_migration", "kysely_migration_lock", "local_authority", "shared_ideas_version"]);

/**
 * Gives the current test file its own clean, migrated database, installed as the process's
 * database so services use it. Tables are emptied after each test, unless the file only reads
 * what it loaded once (`{ keepBetweenTests: true }`, e.g. the demo data seeded in beforeAll).
 */
export function useTestDatabase(options: { keepBetweenTests?: boolean } = {}): TestDatabase {
  let handle: DatabaseHandle | undefined;
  let ownerHandle: DatabaseHandle | undefined;
  let serverUrl: string | undefined;
  let ownerUrl: string | undefined;
  let databaseName: string | undefined;

  beforeAll(async () => {
    const server = testServerUrl();
    if (server) {
      const template = inject("templateDatabase");
      if (!template) throw new Error("The integration global setup did not prepare a template database");
      databaseName = `cric_test_${process.pid}_${randomBytes(4).toString("hex")}`;
      const appRole = inject("appRole");
      if (!appRole) throw new Error("The integration global setup did not create the app's role");
      await adminQuery(server, `create database ${databaseName} template ${template}`);
      ownerUrl = withDatabase(server, databaseName);
      serverUrl = withRole(ownerUrl, appRole);
      ownerHandle = await openDatabase({ databaseUrl: ownerUrl, poolSize: 2 });
      handle = await openDatabase({ databaseUrl: serverUrl, poolSize: 5 });
    } else {
      // A copy of the database the global setup migrated once.
      const snapshot = inject("pgliteSnapshot");
      if (!snapshot) throw new Error("The integration global setup did not prepare a migrated embedded database");
      handle = await openDatabase({ dataDir: "memory://", loadDataDir: new Blob([readFileSync(snapshot)]) });
    }
    setDatabase(handle);
  });

  afterEach(async () => {
    if (handle && !options.keepBetweenTests) await truncateAll((ownerHandle ?? handle).db);
  });

  afterAll(async () => {
    setDatabase(undefined);
    await handle?.close();
    await ownerHandle?.close();
    const server = testServerUrl();
    if (server && databaseName) await dropWhenClosed(server, databaseName);
  });

  return {
    get db() {
      if (!handle) throw new Error("useTestDatabase: the database is not open yet (use it inside a test)");
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error("useTestDatabase: the database is not open yet (use it inside a test)");
      return handle;
    },
    get owner() {
      if (!handle) throw new Error("useTestDatabase: the database is not open yet (use it inside a test)");
      return (ownerHandle ?? handle).db;
    },
    get ownerUrl() {
      return ownerUrl;
    },
    get engine() {
      return testServerUrl() ? "postgres" : "pglite";
    },
    get url() {
      return serverUrl;
    },
  } as TestDatabase;
}

/** Empties every table but the reference data. On PostgreSQL, as the owner: the app's role may not. */
export async function truncateAll(db: DB): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public'`.execute(db);
  const tables = rows.map((r) => r.tablename).filter((t) => !KEEP.has(t));
  if (tables.length === 0) return;
  // TRUNCATE bypasses the append-only triggers on purpose: each test starts from nothing.
  await sql.raw(`truncate ${tables.map((t) => `"${t}"`).join(", ")} restart identity cascade`).execute(db);
}

/**
 * Drops the file's database once its connections have closed. `pool.end()` can resolve while a
 * connection is still saying goodbye; forcing the drop then kills that connection, and its error
 * surfaces as an uncaught exception in whichever test file runs next. So wait (bounded) instead.
 */
async function dropWhenClosed(serverUrl: string, database: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await adminQuery(serverUrl, `drop database if exists ${database}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "55006") throw error; // object_in_use
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await adminQuery(serverUrl, `drop database if exists ${database} with (force)`);
}

async function adminQuery(serverUrl: string, text: string) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
