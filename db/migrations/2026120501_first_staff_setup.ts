import { sql, type Kysely } from "kysely";

// The one-time link that creates the first staff account of a real (non-demo) service. At most one
// link is live (a single-row table): every start of a service with no staff account replaces it,
// so a link printed by an earlier start stops working. Only its SHA-256 is stored, as for sessions.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("first_staff_setup")
    .addColumn("id", "boolean", (c) =>
      c
        .primaryKey()
        .defaultTo(true)
        .check(sql`id`),
    )
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("first_staff_setup").ifExists().execute();
}
