import { sql, type Kysely } from "kysely";

// Entry references past CRI-9999. The core migration padded the sequence number with lpad(n, 4),
// which also CUTS longer numbers to four characters: the 10,000th entry would have been given
// CRI-1000 again and been refused by the unique index. A function pads to at least four digits
// and never truncates (a column default cannot call nextval twice, so it takes one value).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function next_entry_reference() returns text language sql volatile as $$
    select 'CRI-' || lpad(n::text, greatest(4, length(n::text)), '0') from nextval('entry_reference_seq') as n
  $$`.execute(db);
  await sql`alter table entry alter column reference set default next_entry_reference()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table entry alter column reference set default ('CRI-' || lpad(nextval('entry_reference_seq')::text, 4, '0'))`.execute(
    db,
  );
  await sql`drop function if exists next_entry_reference()`.execute(db);
}
