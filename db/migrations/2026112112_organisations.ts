import type { Kysely } from "kysely";

// A person belongs to at most one organisation: "your entries" has to mean one list, and an
// entrant in two organisations could see both's drafts. The service checks this before adding a
// member; the unique index makes it hold when two invitations are accepted at the same moment.
// It replaces the plain index on user_id, which it covers.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("organisation_member_one_per_user_key")
    .on("organisation_member")
    .column("user_id")
    .unique()
    .execute();
  await db.schema.dropIndex("organisation_member_user_idx").ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("organisation_member_user_idx").on("organisation_member").column("user_id").execute();
  await db.schema.dropIndex("organisation_member_one_per_user_key").ifExists().execute();
}
