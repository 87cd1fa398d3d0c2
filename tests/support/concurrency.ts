import { sql } from "kysely";
import { expect } from "vitest";
import type { DB } from "../../db/client";

/**
 * Runs changes so that they certainly overlap (PostgreSQL only): `blocker`, a second pool, holds
 * the audit table (every change's last step writes to it) while the changes start, and lets them go
 * once each is either waiting for a lock or has finished. Each change then races the others for
 * real, through its own connection from the app's pool.
 */
export async function overlapping<T>(blocker: DB, start: () => Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  let running: Promise<T>[] = [];
  await blocker.transaction().execute(async (trx) => {
    await sql`lock table audit_event in share mode`.execute(trx);
    running = start();
    const settled = running.map(() => false);
    running.forEach(
      (p, i) =>
        void p.then(
          () => (settled[i] = true),
          () => (settled[i] = true),
        ),
    );
    await expect
      .poll(
        async () => {
          // From another connection: inside a transaction, pg_stat_activity is a snapshot.
          const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(blocker);
          return rows[0]!.n + settled.filter(Boolean).length;
        },
        { timeout: 10_000, interval: 20 },
      )
      .toBe(running.length);
  });
  return Promise.allSettled(running);
}
