// Small helpers shared by the load scripts in tests/load.
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";

/** A TCP port nothing listens on right now. */
export function sparePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function delay(msToWait) {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

/** The p-th percentile (nearest rank) of numbers already sorted ascending; undefined when empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The same PostgreSQL URL with another database name. */
export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Rows of cells as a plain-text table, the first row as the header. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) =>
    r
      .map((cell, i) => String(cell).padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** A step of a benchmark that did not behave as expected: the run stops with this message. */
export class StepFailed extends Error {}
export function fail(message) {
  throw new StepFailed(message);
}

/** Stops with a clear message unless `npm run build` has been run. */
export function requireBuild(root) {
  for (const file of ["build/index.js", "build/server.mjs", "build/cli.mjs"]) {
    if (!existsSync(path.join(root, file))) {
      console.error(`The app is not built (${file} is missing). Run \`npm run build\` first.`);
      process.exit(2);
    }
  }
}

/** Runs one statement (create or drop a database) on the server's `postgres` database. */
export async function adminQuery(serverUrl, text) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Waits for 200 from the app's /healthz; fails if the server process exits or time runs out. */
export async function waitUntilHealthy(baseUrl, server, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) fail(`The server exited with ${server.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await delay(100);
  }
  fail(`No 200 from /healthz within ${timeoutMs / 1000} s`);
}

/** A session token in the app's format: 32 characters of lower-case base32. */
export function sessionToken() {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return [...randomBytes(32)].map((b) => alphabet[b % 32]).join("");
}

export function sha256(text) {
  return createHash("sha256").update(text).digest("hex");
}
