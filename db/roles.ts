import { sql, type Kysely } from "kysely";

// On PostgreSQL the service can use two roles (docs/decisions/048-audit-trail-hash-chain-and-restricted-role.md):
// the owner, which runs the migrations and owns every table, and the app's role, which the
// running service connects as. The app's role may read and write every table except the audit
// trail, where it may only read and add: no UPDATE, DELETE or TRUNCATE, and, not being the owner,
// it cannot switch off the trail's append-only or seal triggers either; the chain's links it may
// only read. The embedded database has one user
// and none of this.

/** Tables the app's role may only read and add to. */
export const APPEND_ONLY_TABLES = ["audit_event"] as const;

/**
 * Tables the app's role may only read: the migrations' own, and the audit trail's chain, which
 * only the database's seal trigger writes (it runs with the owner's rights).
 */
const READ_ONLY_TABLES = ["audit_chain", "kysely_migration", "kysely_migration_lock"] as const;

const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/**
 * Gives `role` the app's rights on the database `owner` is connected to, as its owner, after the
 * migrations. Safe to run again. Default privileges give the same rights on tables and sequences
 * the owner creates later, so a new migration needs no new grants (a new append-only table is
 * added to APPEND_ONLY_TABLES and this is run again).
 */
export async function grantAppRole(owner: Kysely<any>, role: string): Promise<void> {
  if (!ROLE_NAME.test(role)) throw new Error(`"${role}" is not a role name this command accepts`);
  await owner.transaction().execute(async (trx) => {
    const { rows } = await sql<{ is_self: boolean; is_super: boolean; is_member: boolean }>`
      select r.rolname = current_user as is_self, r.rolsuper as is_super,
        pg_has_role(r.rolname, current_user, 'MEMBER') as is_member
      from pg_roles r where r.rolname = ${role}`.execute(trx);
    const found = rows[0];
    if (!found) throw new Error(`There is no role ${role}: create it first (createuser ${role}, or CREATE ROLE)`);
    if (found.is_self || found.is_member) {
      throw new Error(`${role} is (or acts as) the owner running this command: the app needs a role of its own`);
    }
    if (found.is_super) throw new Error(`${role} is a superuser, which no grant can restrict`);
    const app = sql.id(role);
    await sql`grant usage on schema public to ${app}`.execute(trx);
    await sql`grant select, insert, update, delete on all tables in schema public to ${app}`.execute(trx);
    await sql`grant usage, select on all sequences in schema public to ${app}`.execute(trx);
    await sql`alter default privileges in schema public grant select, insert, update, delete on tables to ${app}`.execute(
      trx,
    );
    await sql`alter default privileges in schema public grant usage, select on sequences to ${app}`.execute(trx);
    for (const table of [...APPEND_ONLY_TABLES, ...READ_ONLY_TABLES]) {
      const exists = await sql<{ found: boolean }>`select to_regclass(${table}) is not null as found`.execute(trx);
      if (!exists.rows[0]?.found) continue;
      await sql`revoke all on ${sql.table(table)} from ${app}`.execute(trx);
      await sql`grant select on ${sql.table(table)} to ${app}`.execute(trx);
    }
    for (const table of APPEND_ONLY_TABLES) {
      await sql`grant insert on ${sql.table(table)} to ${app}`.execute(trx);
    }
  });
}

/**
 * What the connected role could do to the audit trail that it should not (PostgreSQL): empty when
 * it can only read and add. The server warns at start when it runs with more.
 */
export async function auditTrailExposure(database: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ owner: boolean; update: boolean; delete: boolean; truncate: boolean }>`
    select pg_has_role(current_user, c.relowner, 'USAGE') as owner,
      has_table_privilege('audit_event', 'UPDATE') as update,
      has_table_privilege('audit_event', 'DELETE') as delete,
      has_table_privilege('audit_event', 'TRUNCATE') as truncate
    from pg_class c where c.oid = 'audit_event'::regclass`.execute(database);
  const row = rows[0];
  if (!row) return [];
  if (row.owner) return ["owns the audit trail (so it can switch off its append-only trigger)"];
  return (["update", "delete", "truncate"] as const).filter((right) => row[right]).map((right) => `may ${right} it`);
}
