import { sql, type Kysely } from "kysely";

// Erasure (docs/decisions/054-erasure-and-pseudonyms.md). An erased account keeps its app_user
// row, so that the ids in the audit trail and in award and payment records still resolve, but its
// personal data is replaced by a pseudonym; erased_at marks it, so sign-in refuses it and it is
// never erased twice.
//
// The audit trail's reference to the person who acted was ON DELETE SET NULL: deleting a person
// with audit events made the database update those events, which the append-only trigger refuses
// with an error that names neither the person nor the reason. Nothing deletes people (erasure keeps
// the row), so the reference becomes plain: a delete now fails with a foreign key error that says
// which event still points at the person.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table app_user add column erased_at timestamptz`.execute(db);
  // An erased account can never be signed in to: no password, no confirmed address.
  await sql`alter table app_user add constraint app_user_erased_has_no_password
    check (erased_at is null or (password_hash is null and email_verified_at is null))`.execute(db);

  // The constraint was named by the database when the table was made: find it rather than guess.
  await sql`do $$
    declare found text;
    begin
      select c.conname into found
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
        where c.conrelid = 'audit_event'::regclass and c.contype = 'f' and a.attname = 'actor_user_id';
      if found is not null then
        execute format('alter table audit_event drop constraint %I', found);
      end if;
    end $$`.execute(db);
  await sql`alter table audit_event add constraint audit_event_actor_user_id_fkey
    foreign key (actor_user_id) references app_user(id) on delete restrict`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_event drop constraint audit_event_actor_user_id_fkey`.execute(db);
  await sql`alter table audit_event add constraint audit_event_actor_user_id_fkey
    foreign key (actor_user_id) references app_user(id) on delete set null`.execute(db);
  await sql`alter table app_user drop constraint app_user_erased_has_no_password`.execute(db);
  await sql`alter table app_user drop column erased_at`.execute(db);
}
