import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Kysely, PGliteDialect } from "kysely";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase, openPGlite } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { grantAppRole } from "../../db/roles";
import { testServerUrl, withDatabase } from "./test-database-url";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string | undefined;
    /** The restricted role the tests' app connects as (PostgreSQL), as the service does in production. */
    appRole: { name: string; password: string } | undefined;
    /** A file holding a migrated embedded database (PGlite's dumpDataDir), which each file starts from. */
    pgliteSnapshot: string | undefined;
  }
}

// On PostgreSQL: build one migrated template database per run; each test file then clones it
// (fast). The name is unique per run so that two runs on one server do not collide. The app's
// code runs as a restricted role of the run's own (db/roles.ts), granted on the template so every
// copy has it; the test set-up (truncating, tampering) connects as the server's user, the owner.
// On PGlite, likewise: one database is created and migrated here and its files saved; each test
// file starts its own in-memory instance, with one user, from those files. Creating and migrating
// a fresh one cost each file about 6.5 s of CPU time, starting from the saved files about 1 s
// (most of the embedded pass's time, on two cores).
export default async function setup(project: TestProject) {
  const url = testServerUrl();
  if (!url) {
    console.log("Integration tests: embedded PostgreSQL (PGlite), one in-memory database per file");
    project.provide("templateDatabase", undefined);
    project.provide("appRole", undefined);
    const dir = mkdtempSync(path.join(tmpdir(), "cric-test-pglite-"));
    const snapshot = path.join(dir, "migrated.tar");
    const pglite = await openPGlite("memory://");
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    try {
      await migrateToLatest(db);
      const files = await pglite.dumpDataDir("none");
      writeFileSync(snapshot, Buffer.from(await files.arrayBuffer()));
    } finally {
      // Kysely's PGlite driver closes the instance with it.
      await db.destroy();
    }
    project.provide("pgliteSnapshot", snapshot);
    return () => rmSync(dir, { recursive: true, force: true });
  }
  project.provide("pgliteSnapshot", undefined);
  const run = randomBytes(4).toString("hex");
  const template = `cric_test_template_${run}`;
  const appRole = { name: `cric_test_app_${run}`, password: randomBytes(12).toString("hex") };
  console.log(`Integration tests: PostgreSQL server (${new URL(url).host}), one database per file`);
  await adminQuery(url, `create database ${template}`);
  await adminQuery(url, `create role ${appRole.name} login password '${appRole.password}'`);
  const handle = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 1 });
  try {
    await migrateToLatest(handle.db);
    await grantAppRole(handle.db, appRole.name);
  } finally {
    await handle.close();
  }
  project.provide("templateDatabase", template);
  project.provide("appRole", appRole);
  return async () => {
    await adminQuery(url, `drop database if exists ${template} with (force)`);
    // Every database it had rights in is gone by now; a straggler only leaves the role behind.
    await adminQuery(url, `drop role if exists ${appRole.name}`).catch((error: Error) =>
      console.warn(`Could not drop the test role ${appRole.name}: ${error.message}`),
    );
  };
}

async function adminQuery(url: string, text: string) {
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
