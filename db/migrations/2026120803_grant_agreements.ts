import { sql, type Kysely } from "kysely";

// Grant agreements (issue 15, decision 060). Each prize tier has a template of terms that staff
// edit, in the page texts' formatting language, with placeholders for the award's figures; an
// award's agreement is that template filled in when it is issued, kept word for word with its
// hash (grant_agreement, from 2026120801). A tier with no template row uses the default terms
// for its size (app/domain/grant-agreement.ts), so a new challenge always has some.
//
// A variation is a new version of an award's agreement, issued by staff with the reason for it;
// the first version has none.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table grant_agreement_template (
    prize_tier_id integer primary key references prize_tier(id) on delete cascade,
    body text not null check (length(body) between 1 and 50000),
    updated_by integer references app_user(id) on delete set null,
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`alter table grant_agreement add column variation_reason text
    check (variation_reason is null or length(variation_reason) between 1 and 2000)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table grant_agreement drop column if exists variation_reason`.execute(db);
  await db.schema.dropTable("grant_agreement_template").ifExists().execute();
}
