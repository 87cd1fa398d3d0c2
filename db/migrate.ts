import { Migrator, type MigrationProvider } from "kysely/migration";
import { sql, type Kysely } from "kysely";
import { migrations } from "./migrations/index";
import { openDatabase } from "./client";

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration. Safe to call from several instances at once (Kysely locks). */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/**
 * Applies pending migrations as the database's owner: through `ownerUrl` (DATABASE_OWNER_URL) when
 * the app connects as a restricted role of its own, else through the app's own connection.
 */
export async function migrateAsOwner(appDb: Kysely<any>, ownerUrl: string | undefined): Promise<string[]> {
  if (ownerUrl) {
    const owner = await openDatabase({ databaseUrl: ownerUrl, poolSize: 1 });
    try {
      return await migrateToLatest(owner.db);
    } finally {
      await owner.close();
    }
  }
  try {
    return await migrateToLatest(appDb);
  } catch (error) {
    // 42501: insufficient privilege. The app's restricted role cannot create tables.
    if ((error as { code?: string }).code === "42501") {
      throw new Error(
        "The database has migrations to apply, and the role in DATABASE_URL may not apply them. Run them as the " +
          "owner (DATABASE_OWNER_URL=... npm run db:migrate), or give the server DATABASE_OWNER_URL.",
        { cause: error },
      );
    }
    throw error;
  }
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
