import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type DB = Kysely<Database>;
/** What a query runs on: the database, or the transaction of the change it belongs to. */
export type Executor = DB | Transaction<Database>;
export type Engine = "postgres" | "pglite";

export interface DatabaseHandle {
  db: DB;
  engine: Engine;
  /** Where the data lives: a redacted URL for PostgreSQL, a folder or memory for PGlite. */
  location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A PostgreSQL connection string. When absent, the embedded database is used. */
  databaseUrl?: string;
  /** Folder for the embedded database, or "memory://" for a throwaway in-memory one. */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** The embedded database's files to start from (a tarball from PGlite's dumpDataDir). */
  loadDataDir?: Blob;
}

// pg returns int8 (bigint, count(*), sum of integers) as strings to avoid precision loss. Every
// bigint we read is an id or a sum of pence far below 2^53, so parse them as numbers everywhere.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export function defaultDataDir(): string {
  return path.resolve(process.env.DATA_DIR ?? ".data", "pglite");
}

/** True when the embedded database folder exists and holds an initialised cluster. */
export function embeddedDatabaseExists(dataDir = defaultDataDir()): boolean {
  return existsSync(path.join(dataDir, "PG_VERSION"));
}

// PGlite starts PostgreSQL with -F (fsync off) by default; a committed entry must survive an OS
// crash, so the on-disk database keeps every default except that one. In memory there is nothing
// to sync. Small buffers (shared_buffers below) keep the resident size of the server process low,
// about 200 MB (docs/decisions/003-embedded-database-created-in-a-child-process.md).
function pgliteStartParams(onDisk: boolean): string[] {
  const defaults = (PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams;
  return onDisk ? defaults.filter((p) => p !== "-F") : defaults;
}

/**
 * PGlite does not lock its folder, and two processes writing one database corrupt it (say
 * `npm run db:seed` while `npm start` is running). A lock file holding the owner's process id
 * refuses the second opener with a plain message; a lock left by a process that has died is
 * taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(readFileSync(lockFile, "utf8"), 10);
      if (Number.isInteger(owner) && owner !== process.pid && processIsAlive(owner)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${owner} (is \`npm start\` running?). ` +
            "Stop that process first, or set DATA_DIR to use another folder.",
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database in ${dataDir}`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const UNLOCKS = new WeakMap<PGlite, () => void>();

export async function openPGlite(dataDir: string, options: { loadDataDir?: Blob } = {}): Promise<PGlite> {
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  // "memory://" itself, not undefined, for an in-memory database: PGlite ignores the options
  // argument when the first is undefined (the settings below would silently not apply).
  const pglite = new PGlite(dataDir, {
    // A backup's tarball (db/backup), unpacked into the new folder before the database starts.
    loadDataDir: options.loadDataDir,
    startParams: pgliteStartParams(!inMemory),
    postgresqlconf: [
      "shared_buffers=16MB",
      "work_mem=2MB",
      "timezone='UTC'",
      // PGlite's WASM file layer turns fsync()/fdatasync() into no-ops (strace shows none), so
      // fsync=on alone syncs nothing. Opening the WAL with O_DSYNC (passed through to Node as
      // O_SYNC) makes each commit reach the disk before it returns.
      ...(inMemory ? [] : ["wal_sync_method=open_datasync"]),
    ],
  });
  try {
    await pglite.waitReady;
  } catch (error) {
    unlock();
    throw error;
  }
  UNLOCKS.set(pglite, unlock);
  return pglite;
}

/** Closes a PGlite opened by openPGlite and releases its folder's lock. */
export async function closePGlite(pglite: PGlite): Promise<void> {
  if (!pglite.closed) await pglite.close();
  UNLOCKS.get(pglite)?.();
  UNLOCKS.delete(pglite);
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (databaseUrl) {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // Every time is stored as timestamptz; UTC on the wire, Europe/London only when shown.
      options: "-c timezone=UTC",
      // While the database is down or unreachable a request must fail quickly (an error page the
      // person can retry) rather than wait for a connection that may never come: opening one, or
      // waiting for a free one in a busy pool, gives up after this long.
      connectionTimeoutMillis: Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 5_000),
      // A connection to a server that vanished without closing it (a network cut) is noticed.
      keepAlive: true,
    });
    // When the server restarts or ends connections, each open connection reports an error: the
    // pool's for an idle one, the connection's own for one lent to a transaction between two of
    // its queries. Unheard, either stops the whole process (it did, in tests/faults). The broken
    // connection is dropped (the transaction's next query fails, and the request with it) and a
    // new one is opened when needed, so it is only noted.
    const connectionLost = (error: Error) =>
      console.error(`Database connection lost (${error.message}); a new one is opened when needed`);
    pool.on("connect", (client) => client.on("error", connectionLost));
    // The pool repeats an idle connection's error as its own: already noted by the line above.
    pool.on("error", () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: "postgres",
      location: redactUrl(databaseUrl),
      close: () => db.destroy(),
    };
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  const pglite = await openPGlite(dataDir, { loadDataDir: options.loadDataDir });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    engine: "pglite",
    location: dataDir,
    // Kysely's PGlite driver closes the PGlite instance when the Kysely instance is destroyed.
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      UNLOCKS.get(pglite)?.();
    },
  };
}

// Connection-level failures: refused, reset, unreachable, or a PostgreSQL class 08 (connection
// exception) or 57P01-57P03 (the server shutting down, crashed, or not yet accepting connections).
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE"]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed/;

/**
 * True when an error means the database could not be reached or ended the connection (restarting,
 * down, unreachable), as opposed to a query it refused: the request may succeed if tried again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code === "string") {
    if (UNAVAILABLE_CODES.has(code) || code.startsWith("08") || /^57P0[123]$/.test(code)) return true;
  }
  return error instanceof Error && UNAVAILABLE_MESSAGES.test(error.message);
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres (unparseable URL)";
  }
}

// One handle per process. The server bundle and the Remix bundle each carry a copy of this
// module, so the handle lives on globalThis where both can find it.
const HANDLE = Symbol.for("cric.database");
type GlobalWithHandle = typeof globalThis & { [HANDLE]?: DatabaseHandle };

export function setDatabase(handle: DatabaseHandle | undefined): void {
  (globalThis as GlobalWithHandle)[HANDLE] = handle;
}

export function getDatabase(): DatabaseHandle {
  const handle = (globalThis as GlobalWithHandle)[HANDLE];
  if (!handle) throw new Error("The database has not been opened (call openDatabase and setDatabase first)");
  return handle;
}

/** The process's Kysely instance. Services call this; routes never do. */
export function db(): DB {
  return getDatabase().db;
}
