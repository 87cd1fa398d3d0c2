import { sql, type Kysely } from "kysely";

// Supporting documents on entries (issue 15, decision 058): the challenge decides whether entrants
// may attach files to an entry, how many and how large each may be. None by default, so a challenge
// set up before this asks for no files until staff say otherwise. The service never takes a file
// above 25 MB, whatever a challenge says (the check below says the same).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table challenge
    add column entry_max_files integer not null default 0 check (entry_max_files between 0 and 10),
    add column entry_max_file_mb integer not null default 10 check (entry_max_file_mb between 1 and 25)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table challenge drop column if exists entry_max_files, drop column if exists entry_max_file_mb`.execute(
    db,
  );
}
