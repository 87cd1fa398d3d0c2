import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, sql } from "kysely";
import { closePGlite, embeddedDatabaseExists, lockDataDir, openDatabase, openPGlite, type Engine } from "../client";
import { migrations } from "../migrations/index";
import { grantAppRole } from "../roles";
import { compareFigures, databaseFigures, totalRows, type DatabaseFigures } from "./checksums";
import { BackupError } from "./errors";
import {
  archiveTables,
  findPostgresTools,
  firstLine,
  readArchiveThrough,
  runTool,
  toolConnection,
} from "./postgres-tools";

// `npm run db:backup` and `npm run db:restore` (docs/decisions/056-backups.md).
//
// A backup is one file and a manifest beside it (<file>.manifest.json): the engine, when it was
// made, the migrations applied, the file's SHA-256, and every table's row count and checksum
// (db/backup/checksums.ts), taken from the same snapshot as the file. Each file is checked right
// after it is written; a restore refuses a file whose SHA-256 differs from its manifest, and
// afterwards compares every table with the manifest.
//
// PostgreSQL: pg_dump's custom format, taken from the snapshot the checksums were read in, and
// pg_restore as the owner, without the dump's owners and grants (the app's role is given its
// rights again, as db:grant-app-role does). The embedded database: PGlite's own copy of its
// folder (a .tar.gz), restored into a new folder that replaces the old one only once it matches.

export type DatabaseTarget = { engine: "postgres"; url: string } | { engine: "pglite"; dataDir: string };

export interface BackupManifest {
  format: 1;
  engine: Engine;
  createdAt: string;
  /** The backup file's name (the manifest sits beside it). */
  file: string;
  bytes: number;
  sha256: string;
  /** PostgreSQL's version, e.g. "15.18" (PGlite's own PostgreSQL for the embedded database). */
  serverVersion: string;
  /** What wrote the file: pg_dump's version, or PGlite's. */
  tool: string;
  migrations: { applied: number; latest: string | null };
  figures: DatabaseFigures;
}

export interface BackupOutcome {
  file: string;
  manifestFile: string;
  manifest: BackupManifest;
  seconds: number;
}

export interface RestoreOutcome {
  manifest: BackupManifest;
  /** The restored database's figures, found equal to the manifest's. */
  figures: DatabaseFigures;
  seconds: number;
  /** The embedded database's previous folder, kept when a restore replaced it. */
  keptFolder?: string;
}

type Log = (line: string) => void;

/** <file>.manifest.json */
export function manifestPath(file: string): string {
  return `${file}.manifest.json`;
}

/** backups/cric-postgres-20261205-230000Z.dump, or ...-pglite-....tar.gz, under `folder`. */
export function defaultBackupFile(engine: Engine, folder = "backups", now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:]/g, "")
    .replace("T", "-");
  return path.join(folder, `cric-${engine}-${stamp}${engine === "postgres" ? ".dump" : ".tar.gz"}`);
}

/**
 * Backs the database up to `file` and writes its manifest. The file is written under a temporary
 * name, checked (PostgreSQL: pg_restore can read it and lists every table; embedded: it opens as
 * a database whose every table matches), and only then given its name.
 */
export async function backupDatabase(
  source: DatabaseTarget,
  file: string,
  log: Log = console.log,
): Promise<BackupOutcome> {
  const started = Date.now();
  if (existsSync(file))
    throw new BackupError(`${file} already exists: choose another name (a backup is never overwritten).`);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    const made =
      source.engine === "postgres"
        ? await dumpPostgres(source.url, partial)
        : await dumpPGlite(source.dataDir, partial);
    const check =
      source.engine === "postgres"
        ? await checkPostgresArchive(partial, made.figures)
        : await checkPGliteArchive(partial, made.figures);
    const bytes = readFileSync(partial);
    const manifest: BackupManifest = {
      format: 1,
      engine: source.engine,
      createdAt: made.createdAt,
      file: path.basename(file),
      bytes: bytes.length,
      sha256: sha256(bytes),
      serverVersion: made.serverVersion,
      tool: made.tool,
      migrations: made.migrations,
      figures: made.figures,
    };
    renameSync(partial, file);
    const manifestFile = manifestPath(file);
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const seconds = (Date.now() - started) / 1000;
    const tables = Object.keys(made.figures.tables).length;
    log(`Backed up ${made.location} to ${file} in ${seconds.toFixed(1)} s.`);
    log(
      `  ${tables} tables, ${totalRows(made.figures).toLocaleString("en-GB")} rows, ${formatBytes(manifest.bytes)}; migrations: ${describeMigrations(manifest.migrations)}.`,
    );
    log(`  Checked: ${check}.`);
    log(`  SHA-256 ${manifest.sha256}`);
    log(`  Manifest: ${manifestFile} (keep it with the file: restoring checks the file against it).`);
    return { file, manifestFile, manifest, seconds };
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Restores `file` into `target` and checks that every table matches the manifest. A target that
 * already holds a database is refused unless `force` (PostgreSQL: the backup's tables replace
 * theirs; embedded: the old folder is kept beside the new one). `appRole`: the PostgreSQL role
 * the service connects as, given its rights again afterwards.
 */
export async function restoreBackup(
  file: string,
  target: DatabaseTarget,
  options: { force?: boolean; appRole?: string; log?: Log } = {},
): Promise<RestoreOutcome> {
  const log = options.log ?? console.log;
  const started = Date.now();
  const manifest = readManifest(file);
  const bytes = readFileSync(file);
  const actual = sha256(bytes);
  if (actual !== manifest.sha256 || bytes.length !== manifest.bytes) {
    throw new BackupError(
      `${file} does not match its manifest, so it was not restored: it is ${bytes.length} bytes with SHA-256 ${actual}; ` +
        `the backup written on ${manifest.createdAt} was ${manifest.bytes} bytes with SHA-256 ${manifest.sha256}. ` +
        "The file is damaged or incomplete (or is not the file the manifest describes): use another backup.",
    );
  }
  if (manifest.engine !== target.engine) {
    throw new BackupError(
      `${file} is a backup of the ${engineName(manifest.engine)}, and cannot be restored into the ${engineName(target.engine)}.`,
    );
  }
  log(
    `Restoring ${file} (made ${manifest.createdAt}, PostgreSQL ${manifest.serverVersion}, migrations: ${describeMigrations(manifest.migrations)}).`,
  );
  log(`  SHA-256 matches the manifest.`);
  const restored =
    target.engine === "postgres"
      ? await restorePostgres(file, manifest, target.url, options.force === true, options.appRole, log)
      : await restorePGlite(bytes, manifest, target.dataDir, options.force === true);
  const differences = compareFigures(manifest.figures, restored.figures);
  if (differences.length > 0) {
    throw new BackupError(
      `The restored database does not match the backup${target.engine === "pglite" ? " (the embedded database was left as it was)" : ""}:\n  ` +
        differences.join("\n  "),
    );
  }
  const seconds = (Date.now() - started) / 1000;
  const tables = Object.keys(restored.figures.tables).length;
  log(`Restored into ${restored.location} in ${seconds.toFixed(1)} s.`);
  log(
    `  Verified: ${tables} tables, ${totalRows(restored.figures).toLocaleString("en-GB")} rows; every table's row count ` +
      "and checksum, and every sequence, match the backup.",
  );
  if (restored.keptFolder)
    log(`  The folder it replaced is kept as ${restored.keptFolder}: delete it once you are sure.`);
  log(`  ${migrationAdvice(manifest.migrations)}`);
  return { manifest, figures: restored.figures, seconds, keptFolder: restored.keptFolder };
}

/** The manifest beside `file`; a clear refusal when it is missing or unreadable. */
export function readManifest(file: string): BackupManifest {
  if (!existsSync(file)) throw new BackupError(`There is no file ${file}.`);
  const manifestFile = manifestPath(file);
  if (!existsSync(manifestFile)) {
    throw new BackupError(
      `There is no manifest beside ${file} (${path.basename(manifestFile)}), so the file cannot be checked before ` +
        "it is restored. Restore only backups made by npm run db:backup, with their manifest.",
    );
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as BackupManifest;
  } catch (error) {
    throw new BackupError(`${manifestFile} is not readable JSON: ${(error as Error).message}`);
  }
  if (manifest.format !== 1 || !manifest.sha256 || !manifest.figures?.tables) {
    throw new BackupError(`${manifestFile} is not a manifest this version understands.`);
  }
  return manifest;
}

// --- PostgreSQL --------------------------------------------------------------------------------

interface Made {
  location: string;
  createdAt: string;
  serverVersion: string;
  tool: string;
  migrations: BackupManifest["migrations"];
  figures: DatabaseFigures;
}

async function dumpPostgres(url: string, file: string): Promise<Made> {
  const handle = await openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    const server = await serverVersion(handle.db);
    const tools = await findPostgresTools(server.major);
    // The checksums and pg_dump read one snapshot: the transaction exports it, pg_dump imports it,
    // and the transaction stays open until pg_dump is done. Writes meanwhile go to neither.
    return await handle.db
      .transaction()
      .setIsolationLevel("repeatable read")
      .setAccessMode("read only")
      .execute(async (trx) => {
        const { rows } = await sql<{ snapshot: string; now: string }>`
          select pg_export_snapshot() as snapshot, to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as now`.execute(
          trx,
        );
        const { snapshot, now } = rows[0]!;
        const figures = await databaseFigures(trx);
        const migrationsApplied = await migrationState(trx);
        const { dbname, env } = toolConnection(url);
        const result = await runTool(
          tools.pgDump,
          ["--format=custom", "--no-password", `--snapshot=${snapshot}`, `--file=${file}`, `--dbname=${dbname}`],
          env,
        );
        if (result.code !== 0)
          throw new BackupError(`pg_dump failed: ${firstLine(result.stderr) || `exit ${result.code}`}`);
        return {
          location: handle.location,
          createdAt: now,
          serverVersion: server.text,
          tool: tools.version,
          migrations: migrationsApplied,
          figures,
        };
      });
  } finally {
    await handle.close();
  }
}

async function checkPostgresArchive(file: string, figures: DatabaseFigures): Promise<string> {
  const tools = await findPostgresTools();
  const listed = new Set(await archiveTables(tools, file));
  await readArchiveThrough(tools, file);
  const missing = Object.keys(figures.tables).filter((table) => !listed.has(table));
  if (missing.length > 0) {
    throw new BackupError(
      `${file} was written, but pg_restore does not list these tables in it: ${missing.join(", ")}.`,
    );
  }
  return `pg_restore reads the whole file and lists all ${listed.size} tables`;
}

async function restorePostgres(
  file: string,
  manifest: BackupManifest,
  url: string,
  force: boolean,
  appRole: string | undefined,
  log: Log,
): Promise<{ location: string; figures: DatabaseFigures; keptFolder?: undefined }> {
  const handle = await openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    const server = await serverVersion(handle.db);
    const tools = await findPostgresTools(server.major);
    // Read through before the target is touched: a file pg_restore cannot list is refused here.
    const listed = new Set(await archiveTables(tools, file));
    await readArchiveThrough(tools, file);
    const missing = Object.keys(manifest.figures.tables).filter((table) => !listed.has(table));
    if (missing.length > 0) throw new BackupError(`${file} lacks tables its manifest lists: ${missing.join(", ")}.`);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_tables where schemaname = 'public'`.execute(handle.db);
    const existing = rows[0]?.n ?? 0;
    if (existing > 0 && !force) {
      throw new BackupError(
        `${handle.location} already holds ${existing} tables. Restore into an empty database (createdb, then point ` +
          "DATABASE_URL at it), or add --force to replace its tables with the backup's.",
      );
    }
    const { dbname, env } = toolConnection(url);
    const result = await runTool(
      tools.pgRestore,
      [
        // Objects belong to whoever restores (the owner); the app's role is given its rights below.
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        // All or nothing: a restore that fails half-way leaves the database as it was.
        "--single-transaction",
        ...(force ? ["--clean", "--if-exists"] : []),
        "--no-password",
        `--dbname=${dbname}`,
        file,
      ],
      env,
    );
    if (result.code !== 0) {
      throw new BackupError(
        `pg_restore failed, and changed nothing (it runs in one transaction): ${firstLine(result.stderr) || `exit ${result.code}`}`,
      );
    }
    if (appRole) {
      try {
        await grantAppRole(handle.db, appRole);
      } catch (error) {
        throw new BackupError(
          `The backup was restored, but ${appRole} could not be given the service's rights: ${(error as Error).message}. ` +
            "Fix that, then run npm run db:grant-app-role -- <role> as the owner.",
        );
      }
      log(
        `  ${appRole} (the service's role) has its rights again: read and write, but only read and add to the audit trail.`,
      );
    } else {
      // The restored tables carry no grants; a service connecting as a role of its own needs them.
      log(
        "  No app role given: if the service connects as a role of its own, run npm run db:grant-app-role -- <role>.",
      );
    }
    return { location: handle.location, figures: await databaseFigures(handle.db) };
  } finally {
    await handle.close();
  }
}

// --- The embedded database (PGlite) ------------------------------------------------------------

async function dumpPGlite(dataDir: string, file: string): Promise<Made> {
  if (!embeddedDatabaseExists(dataDir)) {
    throw new BackupError(`There is no embedded database in ${dataDir} (set DATA_DIR to the folder that holds it).`);
  }
  const pglite = await openLocked(dataDir);
  const database = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) });
  try {
    const createdAt = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const server = await serverVersion(database);
    const figures = await databaseFigures(database);
    const migrationsApplied = await migrationState(database);
    // This process holds the folder's lock, so nothing writes between the figures and the copy.
    // A checkpoint first puts every change in the data files, so the copy needs no recovery.
    await pglite.exec("checkpoint");
    const dump = await pglite.dumpDataDir("gzip");
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return {
      location: dataDir,
      createdAt,
      serverVersion: server.text,
      tool: "PGlite (dumpDataDir)",
      migrations: migrationsApplied,
      figures,
    };
  } finally {
    await database.destroy();
    await closePGlite(pglite);
  }
}

async function checkPGliteArchive(file: string, figures: DatabaseFigures): Promise<string> {
  const bytes = readFileSync(file);
  const copy = await openArchiveInMemory(bytes, file);
  const database = new Kysely<any>({ dialect: new PGliteDialect({ pglite: copy }) });
  try {
    const differences = compareFigures(figures, await databaseFigures(database));
    if (differences.length > 0) {
      throw new BackupError(
        `${file} was written, but the copy it holds differs from the database:\n  ${differences.join("\n  ")}`,
      );
    }
  } finally {
    await database.destroy();
    await closePGlite(copy);
  }
  return `the file opens as a database whose ${Object.keys(figures.tables).length} tables match row for row`;
}

async function restorePGlite(
  bytes: Buffer,
  manifest: BackupManifest,
  dataDir: string,
  force: boolean,
): Promise<{ location: string; figures: DatabaseFigures; keptFolder?: string }> {
  checkTarball(bytes, manifest.file);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  let unlock: () => void;
  try {
    unlock = lockDataDir(dataDir);
  } catch (error) {
    throw new BackupError((error as Error).message);
  }
  try {
    const occupied = existsSync(dataDir) && readdirSync(dataDir).length > 0;
    if (occupied && !force) {
      throw new BackupError(
        `${dataDir} already holds a database. Add --force to restore over it (its folder is kept beside the ` +
          "restored one until you delete it), or set DATA_DIR to restore somewhere new.",
      );
    }
    // Restored into a folder of its own first: the current one is replaced only once the restored
    // copy has opened and matched, so a failure leaves the embedded database as it was.
    const stamp = new Date().toISOString().replace(/[-:.]/g, "");
    const staging = `${dataDir}.restoring-${stamp}`;
    rmSync(staging, { recursive: true, force: true });
    let figures: DatabaseFigures;
    try {
      const pglite = await openPGlite(staging, { loadDataDir: new Blob([new Uint8Array(bytes)]) });
      const database = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) });
      try {
        figures = await databaseFigures(database);
      } finally {
        await database.destroy();
        await closePGlite(pglite);
      }
      if (compareFigures(manifest.figures, figures).length > 0) {
        rmSync(staging, { recursive: true, force: true });
        return { location: dataDir, figures };
      }
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    const keptFolder = occupied ? `${dataDir}.before-restore-${stamp}` : undefined;
    if (keptFolder) renameSync(dataDir, keptFolder);
    else rmSync(dataDir, { recursive: true, force: true });
    renameSync(staging, dataDir);
    return { location: dataDir, figures, keptFolder };
  } finally {
    unlock();
  }
}

/** Opens the embedded database, turning "in use by another process" into a plain refusal. */
async function openLocked(dataDir: string): Promise<PGlite> {
  try {
    return await openPGlite(dataDir);
  } catch (error) {
    if ((error as Error).message.includes("is in use by process")) throw new BackupError((error as Error).message);
    throw error;
  }
}

/** A throwaway in-memory database loaded from a backup's bytes. */
async function openArchiveInMemory(bytes: Buffer, name: string): Promise<PGlite> {
  checkTarball(bytes, name);
  // Made here rather than by openPGlite: PGlite reads its options only when given a folder
  // or the options alone, and openPGlite gives an in-memory database neither.
  const pglite = new PGlite({ loadDataDir: new Blob([new Uint8Array(bytes)]) });
  await pglite.waitReady;
  return pglite;
}

/**
 * Checks that `bytes` is a whole gzip'd tarball of a database folder before PGlite sees it: PGlite
 * unpacks in the background, and a truncated file would fail there with no way to catch it.
 */
function checkTarball(bytes: Buffer, name: string): void {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes);
  } catch (error) {
    throw new BackupError(`${name} is not a complete backup of the embedded database (${(error as Error).message}).`);
  }
  const names = tarEntryNames(tar);
  if (!names.some((entry) => entry === "PG_VERSION" || entry.endsWith("/PG_VERSION"))) {
    throw new BackupError(`${name} is not a backup of the embedded database: it holds no database folder.`);
  }
}

/** The entries' names of a ustar archive (header blocks of 512 bytes, each followed by its data). */
function tarEntryNames(tar: Buffer): string[] {
  const names: string[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const prefix = field(345, 155);
    const entry = field(0, 100);
    names.push(prefix ? `${prefix}/${entry}` : entry);
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

// --- Shared ------------------------------------------------------------------------------------

async function serverVersion(database: Kysely<any>): Promise<{ text: string; major: number }> {
  const { rows } = await sql<{ text: string; num: string }>`
    select current_setting('server_version') as text, current_setting('server_version_num') as num`.execute(database);
  const row = rows[0]!;
  return { text: row.text.split(" ")[0]!, major: Math.floor(Number(row.num) / 10_000) };
}

async function migrationState(database: Kysely<any>): Promise<BackupManifest["migrations"]> {
  const { rows: found } = await sql<{ found: boolean }>`
    select to_regclass('public.kysely_migration') is not null as found`.execute(database);
  if (!found[0]?.found) return { applied: 0, latest: null };
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name collate "C"`.execute(
    database,
  );
  return { applied: rows.length, latest: rows.at(-1)?.name ?? null };
}

function describeMigrations(state: BackupManifest["migrations"]): string {
  return state.latest ? `${state.applied}, the latest ${state.latest}` : "none";
}

/** What the person restoring should know about the backup's migrations against this code's. */
function migrationAdvice(state: BackupManifest["migrations"]): string {
  const known = Object.keys(migrations);
  if (state.latest && !known.includes(state.latest)) {
    return `The backup has migrations this code does not know (the latest ${state.latest}): run the release that made it.`;
  }
  const pending = known.length - state.applied;
  return pending > 0
    ? `${pending} migration(s) newer than the backup will be applied when the service starts (or by npm run db:migrate).`
    : "The backup is at this code's latest migration.";
}

function engineName(engine: Engine): string {
  return engine === "postgres" ? "PostgreSQL database" : "embedded database";
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
