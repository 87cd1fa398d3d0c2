import { sql, type Kysely } from "kysely";

// Requests people make about their personal data (UK GDPR articles 15 to 21) that reach the
// programme staff by email, letter or phone: who asked, for what, when it arrived, when the answer
// is due (one calendar month later, app/domain/data-requests.ts) and how it ended. The register is
// the authority's evidence that each request was answered in time (decision 052).

export async function up(db: Kysely<any>): Promise<void> {
  // The person is an existing account, found by email address when the request is recorded. If
  // their account is later deleted outright the request stays (what was asked and when is itself a
  // record the authority keeps), with the account left empty.
  await sql`create table data_request (
    id serial primary key,
    user_id integer references app_user(id) on delete set null,
    kind text not null check (kind in ('access', 'rectification', 'erasure', 'objection')),
    received_on date not null,
    due_on date not null check (due_on > received_on),
    how_received text not null check (length(how_received) between 1 and 500),
    notes text not null default '' check (length(notes) <= 5000),
    status text not null default 'open' check (status in ('open', 'completed', 'refused')),
    refusal_reason text check (refusal_reason is null or length(refusal_reason) between 1 and 5000),
    completed_at timestamptz,
    completed_by integer references app_user(id) on delete set null,
    created_by integer references app_user(id) on delete set null,
    created_at timestamptz not null default now(),
    -- An open request has no outcome yet; an answered one says when; only a refusal has a reason.
    constraint data_request_outcome check ((status = 'open') = (completed_at is null)),
    constraint data_request_refusal check ((status = 'refused') = (refusal_reason is not null))
  )`.execute(db);
  // The list shows open requests first, soonest due; a person's own requests are in their export.
  await sql`create index data_request_status_due_idx on data_request (status, due_on)`.execute(db);
  await sql`create index data_request_user_idx on data_request (user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("data_request").ifExists().execute();
}
