// `npm test`: the unit, integration and end-to-end tests, in that order, with one summary.
//
//   npm test                      all three
//   npm test -- unit integration  only the stages named (unit, integration, e2e, faults)
//
// Integration tests use TEST_DATABASE_URL or DATABASE_URL when set, else the embedded engine.
// The e2e stage finds (or on Debian as root, installs) Chromium, builds the app, makes a fresh
// database for the app on the same engine (dropped afterwards) and runs Playwright.
// The last line of output is always `<n> passed, <n> failed`: CI reads it.
// With TEST_SUMMARY_FILE set, the counts are also written there as JSON (.ci/run adds them up).
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createE2EDatabase } from "../tests/e2e/support/database.mjs";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);

const STAGES = ["unit", "integration", "e2e", "faults"];
const asked = process.argv.slice(2).filter((a) => a !== "--");
for (const stage of asked) {
  if (!STAGES.includes(stage)) {
    console.error(`Unknown stage "${stage}". Stages: ${STAGES.join(", ")}.`);
    process.exit(2);
  }
}
const stages = asked.length ? STAGES.filter((s) => asked.includes(s)) : STAGES;

const reports = mkdtempSync(path.join(tmpdir(), "cric-test-"));
const results = [];
let interrupted = false;
let cleanupE2E;

let current;
// Ctrl-C or a CI timeout: pass the signal on to the runner at work (a terminal's Ctrl-C reaches
// it anyway), let it stop its server, then remove the e2e database and stop here.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    interrupted = true;
    if (current && current.exitCode === null) current.kill(signal);
  });
}

const STAGE_RUNNERS = {
  unit: () => vitest("unit"),
  integration: () => vitest("integration"),
  e2e: endToEnd,
  faults,
};

const started = Date.now();
try {
  for (const stage of stages) {
    if (interrupted) break;
    banner(stage);
    const stageStart = Date.now();
    const result = await STAGE_RUNNERS[stage]();
    result.seconds = (Date.now() - stageStart) / 1000;
    results.push({ stage, ...result });
  }
} finally {
  await cleanupE2E?.();
  rmSync(reports, { recursive: true, force: true });
}
summarise();

// --- stages -----------------------------------------------------------------------------------

async function vitest(project) {
  const report = path.join(reports, `${project}.json`);
  const code = await run(bin("vitest"), [
    "run",
    "--project",
    project,
    "--passWithNoTests",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
  ]);
  const json = readJson(report);
  const counts = json
    ? {
        passed: json.numPassedTests ?? 0,
        failed: json.numFailedTests ?? 0,
        skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
      }
    : { passed: 0, failed: 0, skipped: 0 };
  return settle(code, counts, json ? undefined : interrupted ? "interrupted" : "vitest wrote no report");
}

async function endToEnd() {
  const chromium = findChromium();
  if (!chromium.path) return settle(1, zero(), chromium.problem);
  console.log(`Chromium: ${chromium.path}`);

  console.log("\nBuilding the app (npm run build)...");
  const built = await run("npm", ["run", "--silent", "build"]);
  if (built !== 0) return settle(built, zero(), "the build failed");

  const serverUrl = process.env.DATABASE_URL || undefined;
  let database;
  try {
    database = await createE2EDatabase(serverUrl);
  } catch (error) {
    return settle(1, zero(), `could not create the e2e database: ${error.message}`);
  }
  cleanupE2E = async () => {
    cleanupE2E = undefined;
    try {
      await database.drop();
    } catch (error) {
      console.error(`Could not remove the e2e database (${database.describe}): ${error.message}`);
    }
  };
  console.log(`Database for the app: a fresh ${database.describe}\n`);

  // A busy default port (a dev server, another run) would stop Playwright; take the next free one.
  const port = process.env.E2E_PORT ?? String(await freePort(3111));
  const report = path.join(reports, "e2e.json");
  const code = await run(bin("playwright"), ["test"], {
    ...database.env,
    CHROMIUM_PATH: chromium.path,
    E2E_PORT: port,
    E2E_JSON_REPORT: report,
  });
  await cleanupE2E?.();
  const json = readJson(report);
  const stats = json?.stats;
  const counts = stats
    ? { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: stats.unexpected ?? 0, skipped: stats.skipped ?? 0 }
    : zero();
  // Errors outside any test (the web server did not start, a spec did not load) are in `errors`.
  // eslint-disable-next-line no-control-regex
  const outside = json?.errors?.[0]?.message?.replace(/\u001b\[[0-9;]*m/g, "").split("\n")[0];
  return settle(code, counts, stats ? outside : interrupted ? "interrupted" : "Playwright wrote no report");
}

// The fault tests (tests/faults/): the service under PostgreSQL restarts, a failing email provider,
// a killed process and many writers at once. They start the built app themselves, so the build
// the e2e stage made is reused; run on their own, they build it first.
async function faults() {
  if (!stages.includes("e2e") || !results.some((r) => r.stage === "e2e")) {
    console.log("Building the app (npm run build)...");
    const built = await run("npm", ["run", "--silent", "build"]);
    if (built !== 0) return settle(built, zero(), "the build failed");
  }
  return vitest("faults");
}

// --- Chromium ---------------------------------------------------------------------------------

const HOW_TO_GET_CHROMIUM =
  "Install Debian's Chromium with `sudo apt-get update && sudo apt-get install -y chromium` " +
  "(it lands at /usr/bin/chromium), or set CHROMIUM_PATH to a Chromium or Chrome executable, " +
  "e.g. `CHROMIUM_PATH=/path/to/chrome npm test`. Playwright's own browser download is not used.";

function findChromium() {
  if (process.env.CHROMIUM_PATH) {
    if (existsSync(process.env.CHROMIUM_PATH)) return { path: process.env.CHROMIUM_PATH };
    return {
      problem: `CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but there is no file there. ${HOW_TO_GET_CHROMIUM}`,
    };
  }
  const debian = "/usr/bin/chromium";
  if (existsSync(debian)) return { path: debian };
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (existsSync("/etc/debian_version") && isRoot) {
    console.log("No Chromium found; installing Debian's chromium package:");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    for (const args of [["update"], ["install", "-y", "chromium"]]) {
      console.log(`  apt-get ${args.join(" ")}`);
      const result = spawnSync("apt-get", args, { stdio: "inherit", env });
      if (result.status !== 0) {
        return {
          problem: `\`apt-get ${args.join(" ")}\` failed (exit ${result.status ?? result.signal}). ${HOW_TO_GET_CHROMIUM}`,
        };
      }
    }
    if (existsSync(debian)) return { path: debian };
    return { problem: `apt-get installed chromium, but ${debian} is still missing. ${HOW_TO_GET_CHROMIUM}` };
  }
  return { problem: `No Chromium found at ${debian} and CHROMIUM_PATH is not set. ${HOW_TO_GET_CHROMIUM}` };
}

// --- helpers ----------------------------------------------------------------------------------

function run(command, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, ...extraEnv },
    });
    current = child;
    child.on("error", (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function freePort(from) {
  for (let port = from; port < from + 100; port++) {
    const free = await new Promise((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  return from;
}

// The runners' own executables: no npx in between, so signals reach them directly.
function bin(name) {
  return path.join(root, "node_modules", ".bin", name);
}

function readJson(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function zero() {
  return { passed: 0, failed: 0, skipped: 0 };
}

// A stage that exits non-zero always counts as at least one failure, even when the runner
// crashed before it could count anything, so the summary line can never say "0 failed" for a
// failing run.
function settle(code, counts, problem) {
  const ok = code === 0 && counts.failed === 0 && !problem;
  const failed = ok ? 0 : Math.max(counts.failed, 1);
  return {
    ok,
    ...counts,
    failed,
    problem: ok ? undefined : (problem ?? (counts.failed ? undefined : `exit code ${code}`)),
  };
}

function banner(stage) {
  const titles = {
    unit: "Unit tests",
    integration: "Integration tests",
    e2e: "End-to-end tests",
    faults: "Fault tests",
  };
  console.log(`\n=== ${titles[stage]} ${"=".repeat(Math.max(0, 70 - titles[stage].length))}\n`);
}

function summarise() {
  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log("\n=== Summary " + "=".repeat(66));
  for (const r of results) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    const skipped = r.skipped ? `, ${r.skipped} skipped` : "";
    const problem = r.problem ? `  <- ${r.problem}` : "";
    console.log(
      `${r.ok ? "ok  " : "FAIL"} ${r.stage.padEnd(12)} ${r.passed} passed, ${r.failed} failed${skipped} ` +
        `(${r.seconds.toFixed(1)} s)${problem}`,
    );
  }
  const missing = stages.filter((s) => !results.some((r) => r.stage === s));
  if (missing.length) {
    console.log(`FAIL interrupted before: ${missing.join(", ")}`);
    total.failed += missing.length;
  }
  const ok = total.failed === 0 && !interrupted;
  console.log(
    `Tests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""} ` +
      `in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  if (process.env.TEST_SUMMARY_FILE) {
    writeFileSync(process.env.TEST_SUMMARY_FILE, JSON.stringify({ ...total, ok, stages: results }, null, 2));
  }
  console.log(`${total.passed} passed, ${total.failed} failed`);
  process.exit(ok ? 0 : 1);
}
