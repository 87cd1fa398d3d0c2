import { sql, type Kysely } from "kysely";

// Changing one's email address (docs/decisions/053-rectification-and-consent.md). The change is
// confirmed from the new address by a single-use link, kept like the other emailed links: a
// one_time_token row holding only the link's hash, now with the purpose 'change_email' and the
// address it would move the account to. The new address is held only on these rows, so whatever
// removes a person's tokens (erasure, the end of a link's life) removes it too.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table one_time_token drop constraint one_time_token_purpose_check`.execute(db);
  await sql`alter table one_time_token add constraint one_time_token_purpose_check
    check (purpose in ('verify_email', 'reset_password', 'change_email'))`.execute(db);
  await sql`alter table one_time_token add column new_email text`.execute(db);
  // An address only for a change of address, and then always one, stored as accounts store theirs.
  await sql`alter table one_time_token add constraint one_time_token_new_email_check
    check ((purpose = 'change_email') = (new_email is not null)
      and (new_email is null or (new_email = lower(new_email) and length(new_email) <= 254)))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from one_time_token where purpose = 'change_email'`.execute(db);
  await sql`alter table one_time_token drop constraint one_time_token_new_email_check`.execute(db);
  await sql`alter table one_time_token drop column new_email`.execute(db);
  await sql`alter table one_time_token drop constraint one_time_token_purpose_check`.execute(db);
  await sql`alter table one_time_token add constraint one_time_token_purpose_check
    check (purpose in ('verify_email', 'reset_password'))`.execute(db);
}
