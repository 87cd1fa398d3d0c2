import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./app-server";

// A throwaway PostgreSQL cluster the fault tests own outright, so they can stop and restart it
// under load without touching anyone else's server: initdb in a temporary folder, on a free port,
// trust authentication on 127.0.0.1 only, removed afterwards. PostgreSQL refuses to run as root,
// so when the tests run as root (CI does) every server command runs as the `postgres` user.

const HOW_TO_INSTALL =
  "The PostgreSQL fault tests need the PostgreSQL 15 server programs (initdb, pg_ctl). On Debian or Ubuntu: " +
  "`sudo apt-get install -y postgresql-15` (they land in /usr/lib/postgresql/15/bin), or set PG_BIN to the " +
  "folder that holds initdb and pg_ctl.";

/** The folder holding initdb and pg_ctl, or an error saying what to install. */
export function postgresBinaries(): string {
  // PG_BIN, when set, is the only place looked at: a wrong setting is reported, not worked round.
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"];
  for (const dir of candidates) {
    if (existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  throw new Error(`No PostgreSQL server programs found (looked in ${candidates.join(", ")}). ${HOW_TO_INSTALL}`);
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs a server program, as `postgres` when we are root, without blocking this process (the load
 * a test drives keeps going meanwhile). Rejects with its output when it fails.
 */
function runServerProgram(program: string, args: string[]): Promise<string> {
  const command = [program, ...args].map(quote).join(" ");
  const child = isRoot
    ? spawn("su", ["postgres", "-s", "/bin/sh", "-c", command], { stdio: ["ignore", "pipe", "pipe"] })
    : spawn(program, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", (error) => reject(new Error(`Could not run ${program}: ${error.message}`)));
    child.once("exit", (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`\`${command}\` failed (exit ${code ?? signal}):\n${output.slice(-2000)}`));
    });
  });
}

export interface Cluster {
  /** The superuser's URL (database `postgres`). */
  url: string;
  port: number;
  /** Fast shutdown: connections are ended, the server stops; returns when it has. */
  stop(): Promise<void>;
  /** Starts the server and returns once it accepts connections. */
  start(): Promise<void>;
  /** Stops and removes the cluster's folder (safe to call more than once). */
  remove(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const bin = postgresBinaries();
  const root = mkdtempSync(path.join(tmpdir(), "cric-faults-pg-"));
  // The postgres user must be able to reach and own its data folder inside our temporary one.
  chmodSync(root, 0o777);
  const dataDir = path.join(root, "data");
  const logFile = path.join(root, "server.log");
  const port = await freePort();
  const user = isRoot ? "postgres" : (process.env.USER ?? "postgres");
  await runServerProgram(path.join(bin, "initdb"), [
    "-D",
    dataDir,
    "-U",
    user,
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  // Only this machine, on a port of its own; no sockets in a shared folder.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=on -c max_connections=200`;
  let running = false;
  let removed = false;
  const cluster: Cluster = {
    url: `postgres://${user}@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await runServerProgram(path.join(bin, "pg_ctl"), [
        "-D",
        dataDir,
        "-l",
        logFile,
        "-o",
        options,
        "-w",
        "-t",
        "60",
        "start",
      ]);
      running = true;
    },
    async stop() {
      await runServerProgram(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "-t", "60", "stop"]);
      running = false;
    },
    async remove() {
      if (removed) return;
      removed = true;
      if (running) {
        try {
          await cluster.stop();
        } catch (error) {
          console.error(`Could not stop the test PostgreSQL cluster: ${(error as Error).message}`);
        }
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await cluster.remove();
    throw error;
  }
  return cluster;
}

/**
 * A fresh database on the cluster with a restricted login role for the app (as an operator would
 * set it up: README, "Running on PostgreSQL"): the owner prepares it, the app runs as the role.
 */
export async function createAppDatabase(cluster: Cluster, name = "cric_faults") {
  await adminQuery(cluster.url, `create database ${name}`);
  await adminQuery(cluster.url, `create role ${name}_app login password 'app'`);
  const ownerUrl = withDatabase(cluster.url, name);
  const appUrl = new URL(ownerUrl);
  appUrl.username = `${name}_app`;
  appUrl.password = "app";
  return { ownerUrl, appUrl: appUrl.toString(), role: `${name}_app` };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
