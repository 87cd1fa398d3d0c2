import type { Kysely } from "kysely";

// A save kept while someone signs in again (pending_save) is applied only in the browser that
// made it: the row holds the SHA-256 of a random key kept in that browser's cookie. Without it,
// anyone could keep a "save" of their own text for someone else's entry and send its link to a
// member of that organisation, whose signed-in visit would apply it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pending_save").addColumn("browser_hash", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pending_save").dropColumn("browser_hash").execute();
}
