import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

// The fault tests read and prepare the database directly, with plain SQL, on either engine: a
// pg pool on PostgreSQL (the owner's connection), or the embedded database opened by the test
// itself while the app is not running (it belongs to one process at a time).

export type Query = (text: string, params?: unknown[]) => Promise<{ rows: any[] }>;

/** Runs fn(query) in one transaction on a client of the pool. */
export async function inTransaction<T>(pool: pg.Pool, fn: (query: Query) => Promise<T>): Promise<T> {
  const client = await pool.connect();
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

/** The same, on an embedded database the test has opened. */
export function inPGliteTransaction<T>(pglite: PGlite, fn: (query: Query) => Promise<T>): Promise<T> {
  return pglite.transaction((tx) => fn((text, params) => tx.query(text, params)));
}
