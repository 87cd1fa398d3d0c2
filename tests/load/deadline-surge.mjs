// Deadline-surge benchmark (issue 3): 300 entrants, each with a draft one section short of
// complete, save that section and submit in the last minute before the closing time, over real
// HTTP against the built app on real PostgreSQL. It prints acknowledged submissions, the rows
// found in the database, errors, 5xx responses and the latency of each kind of request.
// Targets: nothing lost (every acknowledged submission is in the database with the text that was
// saved), no 5xx, p95 under 300 ms.
//
//   node tests/load/deadline-surge.mjs            (after `npm run build`)
//
// Environment: BENCH_DATABASE_URL (a PostgreSQL server; default the development server
// postgres://postgres@127.0.0.1:54329/postgres), BENCH_ENTRANTS (300), BENCH_CONCURRENCY (50),
// BENCH_EMAIL_WORKER (on; off for a web instance whose email is sent by another process),
// BENCH_WEB_CONCURRENCY (1; the server's WEB_CONCURRENCY, processes sharing the port),
// BENCH_SPREAD_MS (0: all at once; else arrivals spread evenly over that time), BENCH_PROFILE (a
// folder for a CPU profile of the server).
// It creates a fresh database on that server, loads the demo data, starts `node build/server.mjs`
// on a spare port in production mode, and removes the database and stops the server at the end,
// whatever happens. A step that does not behave as expected stops the run with a clear message.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import {
  adminQuery,
  delay,
  fail,
  percentile,
  requireBuild,
  sparePort,
  StepFailed,
  table,
  waitUntilHealthy,
  withDatabase,
} from "./support/bench-helpers.mjs";
import {
  deliveryForm,
  entrantRequest,
  prepareEntrants,
  saveAcknowledged,
  submissionsFound,
  submitAcknowledged,
} from "./support/entrants.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const SERVER_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:54329/postgres";
const ENTRANTS = Number(process.env.BENCH_ENTRANTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
/**
 * 0 (the default): the worst case, every entrant at once, CONCURRENCY at a time (a closed loop:
 * each worker starts the next entrant as soon as one finishes). Above 0: entrants arrive evenly
 * over this many milliseconds whatever the server's pace (an open loop, as people do).
 */
const SPREAD_MS = Number(process.env.BENCH_SPREAD_MS ?? 0);
/** The surge happens in the last minute: the closing time is set this far ahead just before it. */
const LAST_MINUTE_MS = 60_000;
const TARGET_P95_MS = 300;
const START_TIMEOUT_MS = 60_000;
// The server runs on http://127.0.0.1 here, so its session cookie has no __Host- prefix (that
// needs an https APP_URL: app/config.server.ts, secureCookies).
const SESSION_COOKIE = "cric_session";

requireBuild(root);

const databaseName = `cric_bench_${randomBytes(4).toString("hex")}`;
const databaseUrl = withDatabase(SERVER_URL, databaseName);
let server;
let serverLog = "";
let pool;

async function cleanUp() {
  await pool?.end().catch(() => {});
  pool = undefined;
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await Promise.race([new Promise((resolve) => server.once("exit", resolve)), delay(15_000)]);
    if (server.exitCode === null) server.kill("SIGKILL");
  }
  await adminQuery(SERVER_URL, `drop database if exists ${databaseName} with (force)`).catch((error) =>
    console.error(`Could not drop the benchmark database ${databaseName}:`, error.message),
  );
}
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

try {
  const load = loadavg()[0];
  const how = SPREAD_MS > 0 ? `arriving evenly over ${SPREAD_MS / 1000} s` : `all at once, ${CONCURRENCY} at a time`;
  console.log(
    `Deadline surge: ${ENTRANTS} entrants ${how}; ${process.env.BENCH_WEB_CONCURRENCY ?? 1} server process(es); ${cpus().length} CPUs (load average ${load.toFixed(1)}).`,
  );
  await adminQuery(SERVER_URL, `create database ${databaseName}`);
  console.log(`Database ${databaseName} on ${new URL(SERVER_URL).host}`);

  const env = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    // BENCH_EMAIL_WORKER=off measures a web instance that leaves email to another process.
    EMAIL_WORKER: process.env.BENCH_EMAIL_WORKER === "off" ? "off" : "on",
    // BENCH_WEB_CONCURRENCY=2 runs two server processes sharing the port (WEB_CONCURRENCY).
    WEB_CONCURRENCY: process.env.BENCH_WEB_CONCURRENCY ?? "1",
    TEST_HOOKS: "off",
    // It loads the demo data (seed), whose accounts the server refuses outside demo mode.
    DEMO_MODE: "on",
  };
  delete env.RESEND_API_KEY;

  // The demo data: an open challenge with about 150 entries already in it, as on a real system.
  const seeded = spawnSync(process.execPath, ["build/cli.mjs", "seed"], { cwd: root, env, encoding: "utf-8" });
  if (seeded.status !== 0) fail(`\`node build/cli.mjs seed\` failed:\n${seeded.stdout}\n${seeded.stderr}`);

  pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const prepared = await prepareEntrants((fn) => inTransaction(pool, fn), ENTRANTS);
  console.log(
    `Prepared ${prepared.entrants.length} entrants, each with an organisation, a session and a draft (${prepared.ms} ms).`,
  );

  const port = await sparePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // BENCH_PROFILE=<folder> writes a CPU profile of the server there, to see where the time goes.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  server = spawn(process.execPath, [...profile, "build/server.mjs"], {
    cwd: root,
    env: { ...env, PORT: String(port), HOST: "127.0.0.1", APP_URL: baseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.on("data", (chunk) => (serverLog += chunk));
  server.stderr.on("data", (chunk) => (serverLog += chunk));
  await waitUntilHealthy(baseUrl, server, START_TIMEOUT_MS);

  // A server that has been up a while: its code is compiled and its pool is open.
  await warmUp(baseUrl, prepared.entrants.slice(0, Math.min(40, prepared.entrants.length)));

  // The last minute: the closing time is one minute away when the surge starts (or just after
  // the last arrival, when arrivals are spread over longer).
  const closesAt = new Date(Date.now() + Math.max(LAST_MINUTE_MS, SPREAD_MS + 15_000));
  await pool.query("update challenge set closes_at = $1 where id = $2", [closesAt, prepared.challengeId]);

  const started = performance.now();
  const results = await surge(baseUrl, prepared.entrants);
  const elapsedMs = performance.now() - started;
  const finishedBeforeClosing = Date.now() < closesAt.getTime();

  const found = await checkDatabase(pool, prepared.entrants, results);
  report({ results, found, elapsedMs, finishedBeforeClosing });
} catch (error) {
  console.error(`\nThe benchmark stopped: ${error instanceof StepFailed ? error.message : (error?.stack ?? error)}`);
  if (serverLog.trim()) console.error(`\nServer output (last 3,000 characters):\n${serverLog.slice(-3000)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}

// ---------------------------------------------------------------------------------------------

/** Runs fn(query) in one transaction on a client of the pool. */
async function inTransaction(db, fn) {
  const client = await db.connect();
  try {
    await client.query("begin");
    const result = await fn((text, params) => client.query(text, params));
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function timed(kind, samples, baseUrl, entrant, pathAndQuery, body) {
  const answer = await entrantRequest(baseUrl, entrant, pathAndQuery, body, { cookieName: SESSION_COOKIE });
  samples.push({ kind, ms: answer.ms, status: answer.status, networkError: answer.networkError });
  return answer;
}

async function warmUp(baseUrl, entrants) {
  const ignored = [];
  for (const entrant of entrants) {
    const page = await timed("warm-up", ignored, baseUrl, entrant, `/entries/${entrant.reference}`);
    if (page.status !== 200)
      fail(`Warm-up: GET /entries/${entrant.reference} answered ${page.status}, not 200 (is the entries page there?)`);
    if (!page.text.includes(entrant.reference))
      fail(`Warm-up: /entries/${entrant.reference} does not show its reference`);
  }
}

/** Each entrant saves the delivery section (marking it completed), submits, and opens the confirmation. */
async function surge(baseUrl, entrants) {
  const samples = [];
  const outcomes = new Map();
  const journey = async (entrant) => {
    const outcome = { acknowledged: false, problem: null };
    outcomes.set(entrant.id, outcome);
    const save = await timed(
      "save section",
      samples,
      baseUrl,
      entrant,
      `/entries/${entrant.reference}/delivery`,
      deliveryForm(entrant),
    );
    if (!saveAcknowledged(entrant, save)) {
      outcome.problem = `save: ${save.status} ${save.location ?? ""} ${save.networkError ?? save.text.slice(0, 200)}`;
      return;
    }
    const submit = await timed("submit", samples, baseUrl, entrant, `/entries/${entrant.reference}/check`, {
      version: String(entrant.version + 1),
    });
    if (!submitAcknowledged(entrant, submit)) {
      outcome.problem = `submit: ${submit.status} ${submit.location ?? ""} ${submit.networkError ?? submit.text.slice(0, 300)}`;
      return;
    }
    const confirmation = await timed("confirmation page", samples, baseUrl, entrant, submit.location);
    if (confirmation.status !== 200 || !confirmation.text.includes(entrant.reference)) {
      outcome.problem = `confirmation: ${confirmation.status} ${confirmation.networkError ?? ""}`;
      return;
    }
    outcome.acknowledged = true;
  };
  if (SPREAD_MS > 0) {
    const t0 = performance.now();
    await Promise.all(
      entrants.map(async (entrant, i) => {
        await delay(Math.max(0, t0 + (i * SPREAD_MS) / entrants.length - performance.now()));
        await journey(entrant);
      }),
    );
  } else {
    let next = 0;
    const worker = async () => {
      while (next < entrants.length) await journey(entrants[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, entrants.length) }, worker));
  }
  return { samples, outcomes };
}

/** What the database holds for each entrant: the entry submitted, its snapshot, the saved text. */
async function checkDatabase(db, entrants, { outcomes }) {
  const byEntry = await submissionsFound((text, params) => db.query(text, params), entrants);
  let submittedRows = 0;
  let snapshotRows = 0;
  let lost = 0;
  const lostExamples = [];
  for (const entrant of entrants) {
    const found = byEntry.get(entrant.entryId);
    const submitted = found?.status === "submitted";
    const snapshot = (found?.submissions ?? 0) > 0;
    if (submitted) submittedRows += 1;
    if (snapshot) snapshotRows += 1;
    const acknowledged = outcomes.get(entrant.id)?.acknowledged;
    if (acknowledged && !(submitted && found?.savedText)) {
      lost += 1;
      if (lostExamples.length < 5) lostExamples.push(entrant.reference);
    }
  }
  return { submittedRows, snapshotRows, lost, lostExamples };
}

function report({ results, found, elapsedMs, finishedBeforeClosing }) {
  const { samples, outcomes } = results;
  const acknowledged = [...outcomes.values()].filter((o) => o.acknowledged).length;
  const problems = [...outcomes.values()].filter((o) => o.problem).map((o) => o.problem);
  const errors = samples.filter((s) => s.networkError || s.status >= 400).length;
  const fiveHundreds = samples.filter((s) => s.status >= 500).length;
  const kinds = ["save section", "submit", "confirmation page"];
  const row = (label, list) => {
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    return [
      label,
      String(ms.length),
      fmt(percentile(ms, 50)),
      fmt(percentile(ms, 95)),
      fmt(percentile(ms, 99)),
      fmt(ms.at(-1)),
    ];
  };
  console.log("");
  console.log(
    table([
      ["requests", "count", "p50", "p95", "p99", "max"],
      ...kinds.map((k) =>
        row(
          k,
          samples.filter((s) => s.kind === k),
        ),
      ),
      row("all", samples),
    ]),
  );
  console.log("");
  console.log(
    table([
      ["", ""],
      ["entrants", String(outcomes.size)],
      ["acknowledged submissions (redirect to the confirmation, page shown)", String(acknowledged)],
      ["entries found submitted in the database", String(found.submittedRows)],
      ["entries with a submission snapshot", String(found.snapshotRows)],
      ["acknowledged but missing or without the saved text (lost)", String(found.lost)],
      ["requests that failed (4xx, 5xx or no answer)", String(errors)],
      ["5xx responses", String(fiveHundreds)],
      [
        "surge duration",
        `${(elapsedMs / 1000).toFixed(1)} s (${Math.round(samples.length / (elapsedMs / 1000))} requests/s)`,
      ],
      ["finished before the closing time", finishedBeforeClosing ? "yes" : "NO"],
    ]),
  );
  if (problems.length) {
    console.log(`\nFirst problems (${problems.length} entrants):`);
    for (const problem of problems.slice(0, 5)) console.log(`  ${problem.replace(/\s+/g, " ").slice(0, 300)}`);
  }
  if (found.lostExamples.length) console.log(`Lost, for example: ${found.lostExamples.join(", ")}`);
  const p95 = percentile(
    samples.map((s) => s.ms).sort((a, b) => a - b),
    95,
  );
  const verdicts = [
    ["every entrant acknowledged", acknowledged === outcomes.size],
    ["zero lost (every acknowledged submission is in the database)", found.lost === 0],
    ["zero 5xx", fiveHundreds === 0],
    [`p95 under ${TARGET_P95_MS} ms (all requests)`, p95 < TARGET_P95_MS],
  ];
  console.log("");
  for (const [what, ok] of verdicts) console.log(`${ok ? "met    " : "MISSED "} ${what}`);
  if (verdicts.some(([, ok]) => !ok)) process.exitCode = 1;
}

function fmt(msValue) {
  return msValue === undefined ? "-" : `${msValue.toFixed(0)} ms`;
}
