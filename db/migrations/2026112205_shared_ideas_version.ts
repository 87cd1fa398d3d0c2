import { sql, type Kysely } from "kysely";

// A version number for everything council officers' lists of shared ideas are made of, so that a
// ranked page can be kept and reused until something it depends on changes
// (app/services/councils/ideas.server.ts). The database moves it on in the same transaction as the
// change, so a reader that sees the new version also sees the new data: a page read in the same
// statement as the version is exactly as current as that version.
//
// Rarely written tables move it on with any change. Entries, their areas and their submitted
// versions are written all through the entry period (and hardest at the deadline), so they move it
// on only for an entry of a challenge whose results are published: before publication officers
// see nothing, and the entrants' saves never wait on this one row. Organisations move it on when
// what the lists filter by changes. TRUNCATE counts as a change too.

const ANY_CHANGE = [
  "challenge",
  "priority_area",
  "local_authority",
  "prize_tier",
  "award",
  "judging_round",
  "round_result",
  "council_interest",
] as const;
const ENTRY_TABLES = ["entry", "entry_area", "entry_submission"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table shared_ideas_version (
    id boolean primary key default true check (id),
    version bigint not null default 1
  )`.execute(db);
  await sql`insert into shared_ideas_version (id, version) values (true, 1)`.execute(db);

  await sql`create function shared_ideas_changed() returns trigger language plpgsql as $$
    begin
      update shared_ideas_version set version = version + 1;
      return null;
    end
  $$`.execute(db);

  // For entry, entry_area and entry_submission rows: only when the entry's challenge is published.
  await sql`create function shared_idea_changed() returns trigger language plpgsql as $$
    declare
      changed_entry integer;
    begin
      if tg_table_name = 'entry' then
        if exists (select 1 from challenge c
                   where c.results_published_at is not null
                     and c.id in (new.challenge_id, old.challenge_id)) then
          update shared_ideas_version set version = version + 1;
        end if;
        return null;
      end if;
      changed_entry := coalesce(new.entry_id, old.entry_id);
      if exists (select 1 from entry e join challenge c on c.id = e.challenge_id
                 where e.id = changed_entry and c.results_published_at is not null) then
        update shared_ideas_version set version = version + 1;
      end if;
      return null;
    end
  $$`.execute(db);

  for (const table of ANY_CHANGE) {
    await sql`create trigger ${sql.raw(`${table}_shared_ideas_changed`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function shared_ideas_changed()`.execute(db);
  }
  for (const table of ENTRY_TABLES) {
    await sql`create trigger ${sql.raw(`${table}_shared_idea_changed`)}
      after insert or update or delete on ${sql.table(table)}
      for each row execute function shared_idea_changed()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_truncated`)}
      after truncate on ${sql.table(table)}
      for each statement execute function shared_ideas_changed()`.execute(db);
  }
  await sql`create trigger organisation_shared_ideas_changed
    after update on organisation for each row
    when ((old.type, old.local_authority_code, old.name) is distinct from (new.type, new.local_authority_code, new.name))
    execute function shared_ideas_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ENTRY_TABLES) {
    await sql`drop trigger if exists ${sql.raw(`${table}_shared_idea_changed`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger if exists ${sql.raw(`${table}_truncated`)} on ${sql.table(table)}`.execute(db);
  }
  for (const table of ANY_CHANGE)
    await sql`drop trigger if exists ${sql.raw(`${table}_shared_ideas_changed`)} on ${sql.table(table)}`.execute(db);
  await sql`drop trigger if exists organisation_shared_ideas_changed on organisation`.execute(db);
  await sql`drop function if exists shared_idea_changed()`.execute(db);
  await sql`drop function if exists shared_ideas_changed()`.execute(db);
  await sql`drop table if exists shared_ideas_version`.execute(db);
}
