import { sql, type Kysely } from "kysely";

// What the entrant journey and challenge set-up add to the core: FAQ entries on the challenge
// page, colleagues invited to an organisation, per-organisation deadline extensions, the
// eligibility decision's who and when, and saves kept while someone signs in again.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("challenge_faq")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("challenge_id", "integer", (c) => c.notNull().references("challenge.id").onDelete("cascade"))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("answer", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex("challenge_faq_challenge_idx")
    .on("challenge_faq")
    .columns(["challenge_id", "position"])
    .execute();

  await db.schema
    .createTable("organisation_invitation")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull().check(sql`email = lower(email)`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("invited_by", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("accepted_at", "timestamptz")
    .addColumn("accepted_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("revoked_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("organisation_invitation_org_idx")
    .on("organisation_invitation")
    .column("organisation_id")
    .execute();

  await db.schema
    .createTable("deadline_extension")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("challenge_id", "integer", (c) => c.notNull().references("challenge.id").onDelete("cascade"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("closes_at", "timestamptz", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().check(sql`length(reason) between 1 and 2000`))
    .addColumn("granted_by", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("granted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("deadline_extension_challenge_org_key", ["challenge_id", "organisation_id"])
    .execute();

  await db.schema
    .alterTable("entry")
    .addColumn("eligibility_decided_by", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("eligibility_decided_at", "timestamptz")
    .execute();

  // A section posted after the session expired: kept, hashed-token addressed, until the person
  // signs in again and it is applied (or it expires a day later).
  await db.schema
    .createTable("pending_save")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("form", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pending_save").ifExists().execute();
  await db.schema
    .alterTable("entry")
    .dropColumn("eligibility_decided_at")
    .dropColumn("eligibility_decided_by")
    .execute();
  await db.schema.dropTable("deadline_extension").ifExists().execute();
  await db.schema.dropTable("organisation_invitation").ifExists().execute();
  await db.schema.dropTable("challenge_faq").ifExists().execute();
}
