import { sql } from "kysely";
import { expect } from "vitest";
import type { DB } from "../../db/client";
import { AUDIT_CHAIN_LOCK } from "../../app/domain/audit-chain";

/**
 * Runs changes so that they certainly overlap (PostgreSQL only): `blocker`, a second pool, holds
 * the audit trail's lock (every change records an event, and the trail's links are sealed one at a
 * time as each change commits) while the changes start, and lets them go once each is either
 * waiting for a lock (a row another change holds, or the trail's lock at its commit) or has
 * finished. Each change then races the others for
 * real, through its own connection from the app's pool.
 */
export async function overlapping<T>(
  blocker: DB,
  start: () => Promise<T>[],
  options: { poolSize?: number; timeoutMs?: number } = {},
): Promise<PromiseSettledResult<T>[]> {
  let running: Promise<T>[] = [];
  await blocker.transaction().execute(async (trx) => {
    // The lock, not the table: the app's role, which the blocker may connect as, may not lock it.
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
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
          const done = settled.filter(Boolean).length;
          // With more changes than the pool has connections, only a pool's worth can be waiting.
          const canWait = Math.min(options.poolSize ?? Infinity, running.length - done);
          return rows[0]!.n >= canWait || done === running.length;
        },
        { timeout: options.timeoutMs ?? 10_000, interval: 20 },
      )
      .toBe(true);
  });
  return Promise.allSettled(running);
}
