import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BackupError } from "./errors";

// pg_dump and pg_restore, found and run. pg_dump refuses to dump a server newer than itself, so
// the newest one installed is used and checked against the server before anything is written.

export interface PostgresTools {
  pgDump: string;
  pgRestore: string;
  /** The tools' major version (15 for 15.18). */
  major: number;
  /** As `pg_dump --version` says it, e.g. "pg_dump (PostgreSQL) 15.18". */
  version: string;
}

const INSTALL_HINT =
  "Install the PostgreSQL client tools of the server's version or newer (Debian and Ubuntu: " +
  "apt-get install postgresql-client-<version>), or set PG_BIN to the folder holding pg_dump and pg_restore.";

/** Folders that may hold the tools, best first: PG_BIN alone when set, else Debian's versioned folders, then PATH. */
function candidateFolders(): (string | null)[] {
  if (process.env.PG_BIN) return [process.env.PG_BIN];
  const versioned: string[] = [];
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    for (const version of readdirSync(root)) {
      const bin = path.join(root, version, "bin");
      if (existsSync(path.join(bin, "pg_dump"))) versioned.push(bin);
    }
  }
  // null: the bare names, found on PATH.
  return [...versioned, null];
}

/** The newest pg_dump and pg_restore installed; `server` (a major version) when they must be able to dump it. */
export async function findPostgresTools(server?: number): Promise<PostgresTools> {
  const found: PostgresTools[] = [];
  for (const folder of candidateFolders()) {
    const pgDump = folder ? path.join(folder, "pg_dump") : "pg_dump";
    const pgRestore = folder ? path.join(folder, "pg_restore") : "pg_restore";
    const result = await runTool(pgDump, ["--version"]).catch(() => null);
    const match = result?.code === 0 ? /(\d+)(?:\.(\d+))?/.exec(result.stdout) : null;
    if (!match) continue;
    found.push({ pgDump, pgRestore, major: Number(match[1]), version: result!.stdout.trim() });
  }
  found.sort((a, b) => b.major - a.major);
  const newest = found[0];
  if (!newest) {
    throw new BackupError(
      process.env.PG_BIN
        ? `There is no working pg_dump in PG_BIN (${process.env.PG_BIN}). ${INSTALL_HINT}`
        : `pg_dump was not found. ${INSTALL_HINT}`,
    );
  }
  if (server !== undefined && newest.major < server) {
    throw new BackupError(
      `${newest.version} is older than the PostgreSQL ${server} server, and cannot back it up. ${INSTALL_HINT}`,
    );
  }
  return newest;
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a tool without a shell, collecting what it prints. Rejects only when it cannot be started. */
export function runTool(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A connection string the tools accept, with the password moved into PGPASSWORD: on the command
 * line it would be readable by anyone listing the machine's processes.
 */
export function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  // -w (never prompt): a job run from cron must fail, not wait for a password nobody types.
  const env: NodeJS.ProcessEnv = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  return { dbname: parsed.toString(), env };
}

/** The tables whose rows a custom-format archive holds, from `pg_restore --list`; throws when it is not readable. */
export async function archiveTables(tools: PostgresTools, file: string): Promise<string[]> {
  const result = await runTool(tools.pgRestore, ["--list", file]);
  if (result.code !== 0) {
    throw new BackupError(
      `${file} is not a complete pg_dump archive: pg_restore --list says ${firstLine(result.stderr) || `exit ${result.code}`}.`,
    );
  }
  // Lines such as "219; 0 16543 TABLE DATA public app_user owner".
  const tables = new Set<string>();
  for (const line of result.stdout.split("\n")) {
    const match = /^\d+; \d+ \d+ TABLE DATA public (\S+) /.exec(line);
    if (match) tables.add(match[1]!);
  }
  return [...tables].sort();
}

/**
 * Reads the whole archive through pg_restore into nothing: the listing alone reads only its table
 * of contents, this also decompresses every table's data, so damage anywhere is found.
 */
export async function readArchiveThrough(tools: PostgresTools, file: string): Promise<void> {
  const result = await runTool(tools.pgRestore, [`--file=${os.devNull}`, file]);
  if (result.code !== 0) {
    throw new BackupError(
      `${file} is damaged: pg_restore cannot read it through (${firstLine(result.stderr) || `exit ${result.code}`}).`,
    );
  }
}

export function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ""
  );
}
