import { Migrator, type MigrationProvider } from "kysely/migration";
import { sql, type Kysely } from "kysely";
import { migrations } from "./migrations/index";

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration. Safe to call from several instances at once (Kysely locks). */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

// Kysely's migrator introspects the catalogue and takes its lock even when there is nothing to
// do, which costs ~150 ms of every embedded-database start. When the applied migrations are
// exactly the ones this code knows, there is nothing to do and nothing to lock; anything else
// (pending, or unknown to this code) goes through the migrator and its checks.
async function upToDate(db: Kysely<any>): Promise<boolean> {
  const exists = await sql<{ found: boolean }>`select to_regclass('kysely_migration') is not null as found`.execute(db);
  if (!exists.rows[0]?.found) return false;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.map((row) => row.name));
  const known = Object.keys(migrations);
  return applied.size === known.length && known.every((name) => applied.has(name));
}
