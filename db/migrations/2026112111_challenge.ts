import { sql, type Kysely } from "kysely";

// What staff set up on the challenge page besides the core columns: the "how judging works" text,
// the short text partners paste when they share the page, and key dates beyond opening and
// closing (shortlist, winners announced...). Only one challenge may be open at a time: the page
// at / shows one, and entrants enter one; a partial unique index makes two staff opening two
// challenges at the same moment impossible, not just unlikely.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("challenge")
    .addColumn("how_judging_works", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("share_text", "text", (c) => c.notNull().defaultTo(""))
    .execute();

  await db.schema
    .createTable("challenge_key_date")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("challenge_id", "integer", (c) => c.notNull().references("challenge.id").onDelete("cascade"))
    .addColumn("label", "text", (c) => c.notNull().check(sql`length(label) between 1 and 200`))
    // A calendar day in London, not an instant: "winners announced on 20 May".
    .addColumn("happens_on", "date", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("challenge_key_date_challenge_idx")
    .on("challenge_key_date")
    .columns(["challenge_id", "happens_on"])
    .execute();

  await db.schema
    .createIndex("challenge_single_open")
    .on("challenge")
    .column("status")
    .unique()
    .where(sql.ref("status"), "=", "open")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("challenge_single_open").ifExists().execute();
  await db.schema.dropTable("challenge_key_date").ifExists().execute();
  await db.schema.alterTable("challenge").dropColumn("share_text").dropColumn("how_judging_works").execute();
}
