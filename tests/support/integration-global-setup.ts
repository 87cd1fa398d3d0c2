import pg from "pg";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { TEMPLATE_DATABASE, testServerUrl, withDatabase } from "./test-database-url";

// On PostgreSQL: build one migrated template database; each test file then clones it (fast).
// On PGlite there is nothing to share between workers: each file migrates its own instance.
export default async function setup() {
  const url = testServerUrl();
  if (!url) {
    console.log("Integration tests: embedded PostgreSQL (PGlite), one in-memory database per file");
    return;
  }
  console.log(`Integration tests: PostgreSQL server (${new URL(url).host}), one database per file`);
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ databaseUrl: withDatabase(url, TEMPLATE_DATABASE), poolSize: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}
