import { sql } from "kysely";
import { expect } from "vitest";
import type { DB } from "../../db/client";
import type { Role } from "../../db/schema";
import type { Actor } from "../../app/services/actor.server";
import { isAppError } from "../../app/services/app-error.server";
import { grantStaffDirectly } from "../../db/seed/staff-grants";

// The staff services check the staff role themselves, not only through their routes. These
// helpers call every staff function of a service as the people it must refuse, and check that
// each was refused as forbidden and that nothing in the database changed.

/** A verified person holding the role (or none), as the services take them. */
export async function personWith(db: DB, label: string, role: Role | null): Promise<Actor> {
  const user = await db
    .insertInto("app_user")
    .values({ email: `refused-${label}@example.org`, name: `Refused ${label}`, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (role === "staff") {
    await grantStaffDirectly(db, user.id);
  } else if (role) {
    const council = await db.selectFrom("local_authority").select("code").orderBy("code").executeTakeFirstOrThrow();
    await db
      .insertInto("role_grant")
      .values({
        user_id: user.id,
        role,
        local_authority_code: role === "council_officer" ? council.code : null,
        granted_by: null,
      })
      .execute();
  }
  return { id: user.id, ip: "192.0.2.7" };
}

/**
 * An entrant, a judge, a council officer, a member of staff whose staff role was removed a moment
 * ago (the route may have let them in on the role they held then), and someone holding no role.
 */
export async function refusedCallers(db: DB): Promise<Record<string, Actor>> {
  const formerStaff = await personWith(db, "former-staff", "staff");
  await db.deleteFrom("role_grant").where("user_id", "=", formerStaff.id).execute();
  return {
    entrant: await personWith(db, "entrant", "entrant"),
    judge: await personWith(db, "judge", "judge"),
    "council officer": await personWith(db, "council-officer", "council_officer"),
    "former staff": formerStaff,
    "no role": await personWith(db, "no-role", null),
  };
}

/** Every row of every table, so a test can tell that a refused call changed nothing at all. */
export async function everything(db: DB): Promise<Record<string, string[]>> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' order by tablename`.execute(db);
  const tables: Record<string, string[]> = {};
  for (const { tablename } of rows) {
    const { rows: content } = await sql<Record<string, unknown>>`select * from ${sql.table(tablename)}`.execute(db);
    tables[tablename] = content.map((row) => JSON.stringify(row)).sort();
  }
  return tables;
}

/**
 * Calls every function of `calls` as every refused caller: each must be refused as forbidden, and
 * the database must be exactly as it was before.
 */
export async function expectStaffOnly(
  db: DB,
  calls: (actor: Actor) => Record<string, () => Promise<unknown>>,
): Promise<void> {
  const callers = await refusedCallers(db);
  const before = await everything(db);
  const outcomes: Record<string, string> = {};
  for (const [who, actor] of Object.entries(callers)) {
    for (const [name, call] of Object.entries(calls(actor))) {
      outcomes[`${name} as ${who}`] = await call().then(
        () => "allowed",
        (error: unknown) => (isAppError(error) ? error.kind : String(error)),
      );
    }
  }
  expect(Object.entries(outcomes).filter(([, kind]) => kind !== "forbidden")).toEqual([]);
  expect(Object.keys(outcomes)).toHaveLength(Object.keys(callers).length * Object.keys(calls(callers.entrant!)).length);
  expect(await everything(db)).toEqual(before);
}
