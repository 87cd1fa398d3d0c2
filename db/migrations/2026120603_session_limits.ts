import { sql, type Kysely } from "kysely";

// A session whose person gains or loses a role must carry a new token from their next request on
// (a token seen before the change is useless after it). Changing the roles only marks the
// person's sessions; the next request that uses one gives it a new token and clears the mark.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table session add column rotate_required boolean not null default false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table session drop column rotate_required`.execute(db);
}
