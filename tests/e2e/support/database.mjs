// A throwaway database for one end-to-end run, on whichever engine the run uses: with
// DATABASE_URL, a fresh database on that PostgreSQL server, and a restricted role of its own for
// the app (the server's user owns the database and prepares it, as an operator would: README,
// "Running on PostgreSQL"); without, a fresh folder for the embedded database. Used by `npm test` (scripts/test.mjs) and by the e2e server wrapper when
// Playwright is run on its own, so that no run ever sees another run's data.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * Creates the database and returns the environment the app needs to use it, a description for
 * the log, and `drop()` to remove it (safe to call more than once).
 * @param {string | undefined} serverUrl a PostgreSQL URL, or undefined for the embedded engine
 */
export async function createE2EDatabase(serverUrl) {
  if (serverUrl) {
    const name = `cric_e2e_${randomBytes(4).toString("hex")}`;
    const role = { name: `${name}_app`, password: randomBytes(12).toString("hex") };
    await adminQuery(serverUrl, `create database ${name}`);
    await adminQuery(serverUrl, `create role ${role.name} login password '${role.password}'`);
    const ownerUrl = withDatabase(serverUrl, name);
    const appUrl = new URL(ownerUrl);
    appUrl.username = role.name;
    appUrl.password = role.password;
    let dropped = false;
    return {
      engine: "postgres",
      env: { E2E_DATABASE_URL: appUrl.toString(), E2E_DATABASE_OWNER_URL: ownerUrl },
      describe: `PostgreSQL database ${name} on ${new URL(serverUrl).host}`,
      async drop() {
        if (dropped) return;
        dropped = true;
        // `with (force)` ends the connections of a server that did not stop cleanly.
        await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
        await adminQuery(serverUrl, `drop role if exists ${role.name}`);
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "cric-e2e-"));
  return {
    engine: "pglite",
    env: { E2E_DATA_DIR: dir },
    describe: `embedded database in ${dir}`,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** @param {string} url @param {string} database */
export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** @param {string} serverUrl @param {string} text */
async function adminQuery(serverUrl, text) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
