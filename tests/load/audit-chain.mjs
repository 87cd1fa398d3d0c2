// Audit trail benchmark (issue 13): how fast events are written and chained, and how long the
// hash chain takes to check, on real PostgreSQL.
//   1. Writers: BENCH_WRITERS changes at once, each recording BENCH_EVENTS_PER_WRITER events one
//      transaction at a time with recordAudit (app/services/platform/audit.server.ts), as the
//      service does; the links are sealed at each commit by the database. Events a second, and
//      the median and p95 time of one change.
//   2. The full check: BENCH_TRAIL events in the trail (written in bulk, sealed as usual), then
//      verifyAuditChain over all of them, as `npm run audit:verify` does: seconds, events a
//      second, and the heap's peak (it reads in batches, so the heap should not grow with the
//      trail).
//   3. The staff audit page's incremental check after 100 new events.
//
//   node tests/load/audit-chain.mjs
//
// Environment: BENCH_DATABASE_URL (a PostgreSQL server; default the development server
// postgres://postgres@127.0.0.1:54329/postgres), BENCH_WRITERS (8), BENCH_EVENTS_PER_WRITER (250),
// BENCH_TRAIL (200000), BENCH_KEEP_DATABASE (off).
// It needs no build: the app modules it measures are bundled with esbuild into node_modules/.cache
// at the start. It creates a scratch database on that server and drops it at the end.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { build } from "esbuild";
import { adminQuery, percentile, table, withDatabase } from "./support/bench-helpers.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const SERVER_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:54329/postgres";
const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const EVENTS_PER_WRITER = Number(process.env.BENCH_EVENTS_PER_WRITER ?? 250);
const TRAIL = Number(process.env.BENCH_TRAIL ?? 200_000);
const KEEP = process.env.BENCH_KEEP_DATABASE === "on";
const BULK_BATCH = 1_000;

const databaseName = `cric_bench_audit_${randomBytes(4).toString("hex")}`;
const databaseUrl = withDatabase(SERVER_URL, databaseName);
const bundleDir = path.join(root, "node_modules/.cache/cric-bench-audit");
const bundleFile = path.join(bundleDir, `app-${process.pid}.mjs`);
let handle;

async function cleanUp() {
  await handle?.close().catch(() => {});
  handle = undefined;
  if (KEEP) console.log(`Kept the scratch database ${databaseName} (BENCH_KEEP_DATABASE=on): drop it when done.`);
  else
    await adminQuery(SERVER_URL, `drop database if exists ${databaseName} with (force)`).catch((error) =>
      console.error(`Could not drop the scratch database ${databaseName}: ${error.message}`),
    );
  rmSync(bundleFile, { force: true });
}
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

const ms = (x) => `${x.toFixed(1)} ms`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

try {
  mkdirSync(bundleDir, { recursive: true });
  await build({
    stdin: {
      contents: [
        `export { openDatabase, setDatabase } from "./db/client";`,
        `export { migrateToLatest } from "./db/migrate";`,
        `export { recordAudit } from "./app/services/platform/audit.server";`,
        `export { verifyAuditChain, checkAuditChainSinceLastCheck } from "./app/services/platform/audit-chain.server";`,
        `export { contentHash } from "./app/domain/audit-chain";`,
        `export { sql } from "kysely";`,
      ].join("\n"),
      resolveDir: root,
      sourcefile: "bench-audit-entry.ts",
      loader: "ts",
    },
    outfile: bundleFile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  const app = await import(bundleFile);

  await adminQuery(SERVER_URL, `create database ${databaseName}`);
  handle = await app.openDatabase({ databaseUrl, poolSize: WRITERS + 2 });
  app.setDatabase(handle);
  await app.migrateToLatest(handle.db);
  console.log(
    `Scratch database ${databaseName} on ${new URL(SERVER_URL).host}; ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}.`,
  );

  // ---- 1. Writers at once ------------------------------------------------------------------------
  const changeTimes = [];
  const writersStarted = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; i < EVENTS_PER_WRITER; i++) {
        const started = performance.now();
        await handle.db.transaction().execute(async (trx) => {
          await app.recordAudit(trx, {
            action: "bench_change",
            subjectType: "writer",
            subjectId: writer,
            ip: "203.0.113.7",
            details: { writer, i, note: "a change recorded by a benchmark writer" },
          });
        });
        changeTimes.push(performance.now() - started);
      }
    }),
  );
  const writersSeconds = (performance.now() - writersStarted) / 1000;
  changeTimes.sort((a, b) => a - b);
  const written = WRITERS * EVENTS_PER_WRITER;

  // ---- 2. A long trail, checked in full ----------------------------------------------------------
  const bulkStarted = performance.now();
  const { sql } = app;
  for (let done = written; done < TRAIL; done += BULK_BATCH) {
    const count = Math.min(BULK_BATCH, TRAIL - done);
    await handle.db.transaction().execute(async (trx) => {
      const { rows } = await sql`select nextval(pg_get_serial_sequence('audit_event', 'id'))::text as id
        from generate_series(1, ${count})`.execute(trx);
      const { rows: now } =
        await sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at`.execute(trx);
      const at = now[0].at;
      const values = rows.map(({ id }, n) => {
        const event = {
          id,
          occurredAt: at,
          actorUserId: null,
          action: "bench_bulk",
          subjectType: "entry",
          subjectId: String(done + n),
          ip: null,
          details: { n: done + n, reason: "bulk" },
        };
        return sql`(${id}::bigint, ${at}::timestamptz, ${event.action}, ${event.subjectType}, ${event.subjectId},
          ${JSON.stringify(event.details)}::jsonb, ${app.contentHash(event)})`;
      });
      await sql`insert into audit_event (id, occurred_at, action, subject_type, subject_id, details, content_hash)
        values ${sql.join(values)}`.execute(trx);
    });
  }
  const bulkSeconds = (performance.now() - bulkStarted) / 1000;

  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 25);
  const heapBefore = process.memoryUsage().heapUsed;
  const verifyStarted = performance.now();
  const full = await app.verifyAuditChain(handle.db);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  clearInterval(sampler);
  if (!full.ok) throw new Error(`The chain did not verify: ${full.reason}`);

  // ---- 3. The staff page's incremental check -------------------------------------------------------
  await app.checkAuditChainSinceLastCheck(handle.db);
  for (let i = 0; i < 100; i++) await app.recordAudit(handle.db, { action: "bench_after", details: { i } });
  const incrementalStarted = performance.now();
  const incremental = await app.checkAuditChainSinceLastCheck(handle.db);
  const incrementalMs = performance.now() - incrementalStarted;
  if (!incremental.ok) throw new Error(`The incremental check failed: ${incremental.reason}`);

  console.log();
  console.log(
    table([
      ["Measure", "Figure"],
      [`Writers at once`, `${WRITERS} x ${EVENTS_PER_WRITER} events, one change each`],
      [`Events written and chained a second`, `${Math.round(written / writersSeconds)}`],
      [`One change (median / p95)`, `${ms(percentile(changeTimes, 50))} / ${ms(percentile(changeTimes, 95))}`],
      [`Trail checked in full`, `${full.events.toLocaleString("en-GB")} events`],
      [`Full check`, `${verifySeconds.toFixed(1)} s (${Math.round(full.events / verifySeconds)} events a second)`],
      [`Heap during the full check (before / peak)`, `${mb(heapBefore)} / ${mb(peakHeap)}`],
      [`Incremental check after 100 new events`, ms(incrementalMs)],
      [`(Bulk loading the trail, for information)`, `${bulkSeconds.toFixed(1)} s`],
    ]),
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
