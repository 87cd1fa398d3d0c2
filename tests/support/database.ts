import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { openDatabase, setDatabase, type DatabaseHandle, type DB } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { testServerUrl, withDatabase } from "./test-database-url";

export interface TestDatabase {
  /** The Kysely instance, also installed as the process database that services use. */
  readonly db: DB;
  readonly handle: DatabaseHandle;
  readonly engine: "postgres" | "pglite";
  /** A connection string for a second, independent pool (PostgreSQL only). */
  readonly url: string | undefined;
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
  let serverUrl: string | undefined;
  let databaseName: string | undefined;

  beforeAll(async () => {
    const server = testServerUrl();
    if (server) {
      const template = inject("templateDatabase");
      if (!template) throw new Error("The integration global setup did not prepare a template database");
      databaseName = `cric_test_${process.pid}_${randomBytes(4).toString("hex")}`;
      await adminQuery(server, `create database ${databaseName} template ${template}`);
      serverUrl = withDatabase(server, databaseName);
      handle = await openDatabase({ databaseUrl: serverUrl, poolSize: 5 });
    } else {
      handle = await openDatabase({ dataDir: "memory://" });
      await migrateToLatest(handle.db);
    }
    setDatabase(handle);
  });

  afterEach(async () => {
    if (handle && !options.keepBetweenTests) await truncateAll(handle.db);
  });

  afterAll(async () => {
    setDatabase(undefined);
    await handle?.close();
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
    get engine() {
      return testServerUrl() ? "postgres" : "pglite";
    },
    get url() {
      return serverUrl;
    },
  } as TestDatabase;
}

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
