import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { testServerUrl, withDatabase } from "./test-database-url";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string | undefined;
  }
}

// On PostgreSQL: build one migrated template database per run; each test file then clones it
// (fast). The name is unique per run so that two runs on one server do not collide. On PGlite
// there is nothing to share between workers: each file migrates its own in-memory instance.
export default async function setup(project: TestProject) {
  const url = testServerUrl();
  if (!url) {
    console.log("Integration tests: embedded PostgreSQL (PGlite), one in-memory database per file");
    project.provide("templateDatabase", undefined);
    return;
  }
  const template = `cric_test_template_${randomBytes(4).toString("hex")}`;
  console.log(`Integration tests: PostgreSQL server (${new URL(url).host}), one database per file`);
  await adminQuery(url, `create database ${template}`);
  const handle = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  project.provide("templateDatabase", template);
  return async () => {
    await adminQuery(url, `drop database if exists ${template} with (force)`);
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
