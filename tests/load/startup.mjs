// Startup benchmark for the embedded mode (`npm run bench:startup`). On this machine it measures:
//   - first start: time from `npm start` to the first 200 from /healthz with a fresh data folder
//     (the database is created, migrated and loaded with the demo data), the build already done;
//   - reopen: the same with the folder from the first start;
//   - the server process's resident memory (VmRSS, and its peak VmHWM) after it has served the
//     demo pages, and the peak of the short-lived setup process that creates the database;
//   - the cost of durable commits on the embedded database (fsync on and the WAL opened O_DSYNC,
//     as db/client.ts opens it) against PGlite's default of fsync off.
// Targets (issue 2): first start under 10 s after the build, reopen under 1 s, RSS under 300 MB.
// It uses a temporary data folder and a spare port, stops every process it started, and gives up
// after a bounded time.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const root = path.resolve(import.meta.dirname, "../..");
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const PAGES = ["/", "/healthz", "/sign-in", "/register", "/eligibility"];
const TARGETS = { firstStartMs: 10_000, reopenMs: 1_000, rssMb: 300 };

for (const file of ["build/index.js", "build/server.mjs", "build/cli.mjs", "public/styles.css"]) {
  if (!existsSync(path.join(root, file))) {
    console.error(
      `The app is not built (${file} is missing). Run \`npm run build\` first: this measures start-up after the build.`,
    );
    process.exit(2);
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), "cric-startup-"));
let running;
const cleanUp = async () => {
  if (running) await stop(running).catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
};
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

try {
  const port = await sparePort();
  console.log(`Data folder ${dataDir}, port ${port}. Each start is \`npm start -- --no-build\`.\n`);

  const first = await measureStart("first start (database created, demo data loaded)", port);
  const second = await measureStart("reopen (existing database)", port);
  const third = await measureStart("reopen again", port);
  const commits = await measureCommitCost();

  const rows = [
    [
      "",
      "to first 200",
      "server says ready in",
      "server CPU to ready",
      "RSS after pages",
      "peak RSS (server)",
      "peak RSS (setup child)",
      "load avg",
    ],
    ...[first, second, third].map((r) => [
      r.label,
      ms(r.readyMs),
      r.serverReadyMs === undefined ? "-" : ms(r.serverReadyMs),
      ms(r.cpuMs),
      mb(r.rssKb),
      mb(r.hwmKb),
      r.setupPeakKb ? mb(r.setupPeakKb) : "no setup process",
      r.load.toFixed(1),
    ]),
  ];
  console.log(table(rows));
  console.log(
    `(${cpus().length} CPUs. "load avg" is the 1-minute load average just before that start: with other work running, ` +
      "wall times stretch while CPU times hardly change.)\n",
  );
  console.log(
    table([
      ["commits of one small insert, on disk", "commits/s", "ms per commit"],
      ...commits.map((c) => [c.label, String(c.perSecond), c.msPerCommit.toFixed(2)]),
    ]),
  );
  console.log("");
  const verdicts = [
    [`first start under ${TARGETS.firstStartMs / 1000} s`, first.readyMs < TARGETS.firstStartMs],
    [`reopen under ${TARGETS.reopenMs / 1000} s`, Math.min(second.readyMs, third.readyMs) < TARGETS.reopenMs],
    [`server RSS under ${TARGETS.rssMb} MB`, Math.max(first.rssKb, second.rssKb, third.rssKb) < TARGETS.rssMb * 1024],
  ];
  for (const [what, ok] of verdicts) console.log(`${ok ? "met    " : "MISSED "} ${what}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}

async function measureStart(label, port) {
  const load = loadavg()[0];
  const started = performance.now();
  const child = spawn("npm", ["start", "--silent", "--", "--no-build"], {
    cwd: root,
    env: startEnv(port),
    // Its own process group, so that npm, the shell and node can be stopped together.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running = child;
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once("exit", resolve));

  let setupPeakKb = 0;
  let readyMs;
  const deadline = started + START_TIMEOUT_MS;
  while (readyMs === undefined) {
    if (performance.now() > deadline)
      throw new Error(`${label}: no 200 from /healthz within ${START_TIMEOUT_MS / 1000} s\n${output}`);
    if (child.exitCode !== null) throw new Error(`${label}: npm start exited with ${child.exitCode}\n${output}`);
    for (const pid of descendants(child.pid)) {
      if (commandLine(pid).includes("build/cli.mjs")) setupPeakKb = Math.max(setupPeakKb, status(pid).VmHWM ?? 0);
    }
    if (await healthy(port)) readyMs = performance.now() - started;
    else await delay(25);
  }

  const serverPid = listeningPid(port);
  if (!serverPid) throw new Error(`${label}: cannot find the process listening on port ${port}`);
  const cpuMs = cpuTimeMs(serverPid);
  for (let round = 0; round < 3; round++) {
    for (const page of PAGES) {
      const response = await fetch(`http://127.0.0.1:${port}${page}`);
      await response.arrayBuffer();
    }
  }
  const { VmRSS: rssKb = 0, VmHWM: hwmKb = 0 } = status(serverPid);
  const serverReady = /ready in (\d+) ms/.exec(output);
  await stop(child, exited);
  running = undefined;
  const result = {
    label,
    readyMs,
    serverReadyMs: serverReady ? Number(serverReady[1]) : undefined,
    rssKb,
    hwmKb,
    setupPeakKb,
    cpuMs,
    load,
  };
  console.log(`${label}: ${ms(readyMs)} to the first 200, ${mb(rssKb)} resident after serving ${PAGES.join(" ")}`);
  if (!/Demo accounts/.test(output)) console.log(`  (the terminal did not show the demo accounts)`);
  return result;
}

/** A newcomer's environment: no DATABASE_URL (embedded database), NODE_ENV left unset. */
function startEnv(port) {
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: `http://127.0.0.1:${port}`,
  };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  delete env.DEMO_MODE;
  return env;
}

async function stop(child, exited = new Promise((resolve) => child.once("exit", resolve))) {
  if (child.exitCode !== null) return;
  // SIGTERM to the group: the server drains and closes the database, as on a real stop.
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = delay(STOP_TIMEOUT_MS).then(() => "timeout");
  if ((await Promise.race([exited, timer])) === "timeout") {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
    await exited;
  }
  // npm can exit before its child: wait until nothing of the group is left.
  const until = performance.now() + STOP_TIMEOUT_MS;
  while (groupAlive(child.pid) && performance.now() < until) await delay(25);
}

async function measureCommitCost() {
  const { PGlite } = await import("@electric-sql/pglite");
  const variants = [
    {
      label: "fsync off (PGlite default, -F)",
      startParams: PGlite.defaultStartParams,
      conf: [],
    },
    {
      label: "fsync on, WAL fdatasync (PGlite turns it into a no-op)",
      startParams: PGlite.defaultStartParams.filter((p) => p !== "-F"),
      conf: [],
    },
    {
      label: "fsync on, WAL open_datasync (as db/client.ts)",
      startParams: PGlite.defaultStartParams.filter((p) => p !== "-F"),
      conf: ["wal_sync_method=open_datasync"],
    },
  ];
  const commits = 300;
  const rounds = 3;
  const totals = variants.map(() => []);
  // Interleaved rounds, median kept: the machine is shared, so one slow moment should not decide.
  for (let round = 0; round < rounds; round++) {
    for (const [i, variant] of variants.entries()) {
      const dir = mkdtempSync(path.join(dataDir, "commits-"));
      const db = new PGlite(dir, {
        startParams: variant.startParams,
        postgresqlconf: ["shared_buffers=16MB", "work_mem=2MB", ...variant.conf],
      });
      await db.waitReady;
      await db.exec("create table t (id serial primary key, v text not null)");
      const t0 = performance.now();
      for (let n = 0; n < commits; n++) await db.query("insert into t (v) values ($1)", [`row ${n}`]);
      totals[i].push(performance.now() - t0);
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return variants.map((variant, i) => {
    const median = totals[i].sort((a, b) => a - b)[Math.floor(rounds / 2)];
    return { label: variant.label, perSecond: Math.round((commits * 1000) / median), msPerCommit: median / commits };
  });
}

async function healthy(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** The process that owns the listening socket on the port (node running the server in-process). */
function listeningPid(port) {
  const inodes = new Set();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = Number.parseInt(fields[1].split(":").pop(), 16);
      if (localPort === port && fields[3] === "0A") inodes.add(fields[9]);
    }
  }
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    let fds;
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match && inodes.has(match[1])) return Number(pid);
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return undefined;
}

function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(Number(entry));
    } catch {
      // Gone.
    }
  }
  const found = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

function status(pid) {
  try {
    const fields = {};
    for (const line of readFileSync(`/proc/${pid}/status`, "utf8").split("\n")) {
      const match = /^(Vm\w+):\s+(\d+) kB/.exec(line);
      if (match) fields[match[1]] = Number(match[2]);
    }
    return fields;
  } catch {
    return {};
  }
}

/** User plus system CPU time the process has used so far (clock ticks are 1/100 s on Linux). */
function cpuTimeMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function sparePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function delay(msToWait) {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

function ms(value) {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

function mb(kb) {
  return `${Math.round(kb / 1024)} MB`;
}

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows
    .map((row, i) => {
      const line = row.map((cell, column) => String(cell).padEnd(widths[column])).join("  ");
      return i === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
    })
    .join("\n");
}
