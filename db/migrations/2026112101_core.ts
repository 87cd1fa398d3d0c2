import { sql, type Kysely } from "kysely";

// The core of the data model (DESIGN.md): reference data, people and access, the challenge and
// its set-up, entries with immutable submission snapshots, and the cross-cutting audit trail,
// email outbox, local mailbox and rate-limit buckets. Money is integer pence; times timestamptz.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("local_authority")
    .addColumn("code", "text", (c) => c.primaryKey().check(sql`code ~ '^[EW][0-9]{8}$'`))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("constituent", "boolean", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("organisation")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 1 and 200`))
    .addColumn("type", "text", (c) =>
      c
        .notNull()
        .check(sql`type in ('community_group','charity','cic','social_enterprise','cooperative','mutual','sme')`),
    )
    .addColumn("registration_number", "text")
    .addColumn("local_authority_code", "text", (c) => c.notNull().references("local_authority.code"))
    .addColumn("postcode", "text", (c) => c.notNull())
    .addColumn("website", "text")
    .addColumn("contact_name", "text", (c) => c.notNull())
    .addColumn("contact_email", "text", (c) => c.notNull())
    .addColumn("contact_phone", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("app_user")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("email", "text", (c) => c.notNull().check(sql`email = lower(email) and length(email) <= 254`))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 1 and 200`))
    .addColumn("password_hash", "text")
    .addColumn("email_verified_at", "timestamptz")
    .addColumn("password_changed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("app_user_email_key").on("app_user").column("email").unique().execute();

  await db.schema
    .createTable("organisation_member")
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisation.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("joined_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("organisation_member_pkey", ["organisation_id", "user_id"])
    .execute();
  await db.schema.createIndex("organisation_member_user_idx").on("organisation_member").column("user_id").execute();

  await db.schema
    .createTable("role_grant")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('entrant','judge','staff','council_officer')`))
    .addColumn("local_authority_code", "text", (c) => c.references("local_authority.code"))
    .addColumn("granted_by", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("granted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("role_grant_user_role_key", ["user_id", "role"])
    .addCheckConstraint(
      "role_grant_council_officer_has_authority",
      sql`(role = 'council_officer') = (local_authority_code is not null)`,
    )
    .execute();

  await db.schema
    .createTable("session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("session_user_idx").on("session").column("user_id").execute();

  await db.schema
    .createTable("one_time_token")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('verify_email','reset_password')`))
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("one_time_token_user_idx").on("one_time_token").columns(["user_id", "purpose"]).execute();

  await db.schema
    .createTable("invitation")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("email", "text", (c) => c.notNull().check(sql`email = lower(email)`))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('judge','staff','council_officer')`))
    .addColumn("local_authority_code", "text", (c) => c.references("local_authority.code"))
    .addColumn("invited_by", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("accepted_at", "timestamptz")
    .addColumn("accepted_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("revoked_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "invitation_council_officer_has_authority",
      sql`(role = 'council_officer') = (local_authority_code is not null)`,
    )
    .execute();

  await db.schema
    .createTable("challenge")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("slug", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    )
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("who_can_enter", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("opens_at", "timestamptz", (c) => c.notNull())
    .addColumn("closes_at", "timestamptz", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft','open','closed','archived')`),
    )
    .addColumn("judges_see_organisation", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("results_published_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("challenge_closes_after_opens", sql`closes_at > opens_at`)
    .execute();

  await db.schema
    .createTable("priority_area")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("challenge_id", "integer", (c) => c.notNull().references("challenge.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("sponsor_code", "text", (c) => c.notNull().references("local_authority.code"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("priority_area_challenge_name_key", ["challenge_id", "name"])
    .execute();

  await db.schema
    .createTable("principle")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("challenge_id", "integer", (c) => c.notNull().references("challenge.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("principle_challenge_name_key", ["challenge_id", "name"])
    .execute();

  await db.schema
    .createTable("criterion")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("challenge_id", "integer", (c) => c.notNull().references("challenge.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("guidance", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("weight", "integer", (c) => c.notNull().check(sql`weight between 1 and 100`))
    .addColumn("scale_min", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("scale_max", "integer", (c) => c.notNull().defaultTo(5))
    // One described anchor per level, lowest first: [{"score":0,"label":"..."}, ...]
    .addColumn("levels", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("criterion_challenge_name_key", ["challenge_id", "name"])
    .addCheckConstraint("criterion_scale_valid", sql`scale_min >= 0 and scale_max > scale_min and scale_max <= 10`)
    .execute();

  await db.schema
    .createTable("prize_tier")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("challenge_id", "integer", (c) => c.notNull().references("challenge.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("places", "integer", (c) => c.notNull().check(sql`places between 1 and 1000`))
    .addColumn("cash_pence", "integer", (c) => c.notNull().check(sql`cash_pence >= 0`))
    .addColumn("support_cap_pence", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`support_cap_pence >= 0`),
    )
    .addColumn("masterclass", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("prize_tier_challenge_name_key", ["challenge_id", "name"])
    .execute();

  await sql`create sequence entry_reference_seq`.execute(db);
  await db.schema
    .createTable("entry")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("reference", "text", (c) =>
      c
        .notNull()
        .unique()
        .defaultTo(sql`'CRI-' || lpad(nextval('entry_reference_seq')::text, 4, '0')`)
        .check(sql`reference ~ '^CRI-[0-9]{4,}$'`),
    )
    .addColumn("challenge_id", "integer", (c) => c.notNull().references("challenge.id"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisation.id"))
    .addColumn("priority_area_id", "integer", (c) => c.references("priority_area.id"))
    .addColumn("title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("need", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("beneficiaries", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("delivery", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("costs", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("prize_use", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("consent_share", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("consent_contact", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("declaration", "boolean", (c) => c.notNull().defaultTo(false))
    // Which task-list sections the entrant has marked as completed.
    .addColumn("completed_sections", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft','submitted','withdrawn','ineligible')`),
    )
    .addColumn("eligibility_reason", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("submitted_at", "timestamptz")
    .addColumn("withdrawn_at", "timestamptz")
    .execute();
  await sql`alter sequence entry_reference_seq owned by entry.reference`.execute(db);
  await db.schema.createIndex("entry_challenge_status_idx").on("entry").columns(["challenge_id", "status"]).execute();
  await db.schema.createIndex("entry_organisation_idx").on("entry").column("organisation_id").execute();

  await db.schema
    .createTable("entry_principle")
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entry.id").onDelete("cascade"))
    .addColumn("principle_id", "integer", (c) => c.notNull().references("principle.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("entry_principle_pkey", ["entry_id", "principle_id"])
    .execute();

  await db.schema
    .createTable("entry_area")
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entry.id").onDelete("cascade"))
    .addColumn("local_authority_code", "text", (c) => c.notNull().references("local_authority.code"))
    .addPrimaryKeyConstraint("entry_area_pkey", ["entry_id", "local_authority_code"])
    .execute();
  await db.schema.createIndex("entry_area_authority_idx").on("entry_area").column("local_authority_code").execute();

  await db.schema
    .createTable("entry_submission")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("entry_id", "integer", (c) => c.notNull().references("entry.id"))
    .addColumn("entry_version", "integer", (c) => c.notNull())
    .addColumn("snapshot", "jsonb", (c) => c.notNull())
    .addColumn("submitted_by", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("submitted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("entry_submission_entry_version_key", ["entry_id", "entry_version"])
    .execute();

  await db.schema
    .createTable("audit_event")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("actor_user_id", "integer", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "text")
    .addColumn("ip", "text")
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .createIndex("audit_event_subject_idx")
    .on("audit_event")
    .columns(["subject_type", "subject_id"])
    .execute();
  await db.schema.createIndex("audit_event_action_idx").on("audit_event").columns(["action", "occurred_at"]).execute();

  // Append-only records: the audit trail and submitted snapshots can be added to, never changed.
  await sql`
    create function forbid_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'P0001';
    end $$`.execute(db);
  await sql`create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function forbid_change()`.execute(db);
  await sql`create trigger entry_submission_immutable before update or delete on entry_submission
    for each row execute function forbid_change()`.execute(db);

  await db.schema
    .createTable("email_outbox")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("template", "text", (c) => c.notNull())
    .addColumn("props", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending','sent','failed')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_error", "text")
    .addColumn("provider_message_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("email_outbox_due_idx")
    .on("email_outbox")
    .column("next_attempt_at")
    .where(sql.ref("status"), "=", "pending")
    .execute();

  // The local mailbox: where mail goes when no email provider is configured (development, tests).
  await db.schema
    .createTable("mailbox_message")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn("outbox_id", "integer", (c) => c.notNull().unique().references("email_outbox.id").onDelete("cascade"))
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("delivered_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("mailbox_message_to_idx").on("mailbox_message").columns(["to_address", "id"]).execute();

  await db.schema
    .createTable("rate_limit_bucket")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("window_start", "timestamptz", (c) => c.notNull())
    .addColumn("hits", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "rate_limit_bucket",
    "mailbox_message",
    "email_outbox",
    "audit_event",
    "entry_submission",
    "entry_area",
    "entry_principle",
    "entry",
    "prize_tier",
    "criterion",
    "principle",
    "priority_area",
    "challenge",
    "invitation",
    "one_time_token",
    "session",
    "role_grant",
    "organisation_member",
    "app_user",
    "organisation",
    "local_authority",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop sequence if exists entry_reference_seq`.execute(db);
  await sql`drop function if exists forbid_change()`.execute(db);
}
