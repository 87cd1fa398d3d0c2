import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/auth/password.server";
import { DEMO_PASSWORD } from "../../app/domain/demo-accounts";
import { PERSONAL_COLUMNS, keptBecause } from "../../app/services/records/personal-columns";
import { pseudonymFor, pseudonymiseAccount } from "../../app/services/records/erasure.server";
import { seedDemoData } from "../../db/seed/demo";
import { useTestDatabase } from "../support/database";

// Erasure must reach every column that holds personal data. The first test holds the registry in
// app/services/records/personal-columns.ts to the migrated schema, so a new column cannot land
// until someone decides what erasure does with it. The second erases four people of the demo
// data who between them did everything the service offers (an entrant whose organisation won and
// was paid, a judge, a council officer, a member of staff), then reads every text column of every
// table for their old names and addresses.

const t = useTestDatabase({ keepBetweenTests: true });

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
}

async function schemaColumns(): Promise<Column[]> {
  const { rows } = await sql<Column>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = 'public' order by table_name, ordinal_position`.execute(t.db);
  return rows;
}

describe("the personal-columns registry", () => {
  it("classifies every column of the schema, and nothing that is not in it", async () => {
    const columns = await schemaColumns();
    const missing = columns
      .filter((c) => PERSONAL_COLUMNS[c.table_name]?.[c.column_name] === undefined)
      .map((c) => `${c.table_name}.${c.column_name}`);
    expect(
      missing,
      "Each new column must be classified in app/services/records/personal-columns.ts: is it personal, and does erasure remove, replace or keep it (and why)?",
    ).toEqual([]);
    const present = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
    const stale = Object.entries(PERSONAL_COLUMNS).flatMap(([table, cols]) =>
      Object.keys(cols)
        .map((column) => `${table}.${column}`)
        .filter((name) => !present.has(name)),
    );
    expect(stale, "columns in the registry that the schema no longer has").toEqual([]);
  });

  it("gives a reason for everything kept", () => {
    const unexplained = Object.entries(PERSONAL_COLUMNS).flatMap(([table, cols]) =>
      Object.entries(cols)
        .filter(([, rule]) => rule.startsWith("keep") && (keptBecause(rule) ?? "").trim().length < 20)
        .map(([column]) => `${table}.${column}`),
    );
    expect(unexplained).toEqual([]);
  });
});

interface Person {
  id: number;
  name: string;
  email: string;
  label: string;
}

describe("erasing people who did everything", () => {
  let people: Person[] = [];

  beforeAll(async () => {
    await seedDemoData(t.owner, { passwordHash: await hashPassword(DEMO_PASSWORD) });
    const pick = async (label: string, query: ReturnType<typeof sql<{ id: number }>>) => {
      const { rows } = await query.execute(t.db);
      const id = rows[0]?.id;
      if (id === undefined) throw new Error(`the demo data has no ${label}`);
      const user = await t.db
        .selectFrom("app_user")
        .select(["id", "name", "email"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      return { ...user, label };
    };
    people = [
      await pick(
        "entrant whose organisation was paid its prize",
        sql<{ id: number }>`select m.user_id as id from organisation_member m
          join entry e on e.organisation_id = m.organisation_id
          join award a on a.entry_id = e.id
          join prize_payment p on p.award_id = a.id
          join organisation o on o.id = m.organisation_id
          join app_user u on u.id = m.user_id
          where p.status = 'paid' and lower(o.contact_email) = u.email
          order by m.user_id limit 1`,
      ),
      await pick(
        "judge with submitted scores",
        sql<{ id: number }>`select a.judge_user_id as id from assignment a
          join review r on r.assignment_id = a.id where r.status = 'submitted'
          order by a.judge_user_id limit 1`,
      ),
      await pick(
        "council officer who recorded interest",
        sql<{ id: number }>`select recorded_by as id from council_interest where recorded_by is not null
          order by recorded_by limit 1`,
      ),
      await pick(
        "member of staff",
        sql<{ id: number }>`select user_id as id from role_grant where role = 'staff' order by user_id limit 1`,
      ),
    ];

    // What the demo data does not hold: the traces signing in and being emailed leave.
    for (const [i, person] of people.entries()) {
      await t.db
        .insertInto("session")
        .values({
          id: `erasure-session-${i}`,
          user_id: person.id,
          expires_at: new Date(Date.now() + 86_400_000),
          ip: `198.51.100.${i + 10}`,
          user_agent: "Test browser",
        })
        .execute();
      await t.db
        .insertInto("one_time_token")
        .values({ id: `erasure-token-${i}`, purpose: "reset_password", user_id: person.id, expires_at: new Date() })
        .execute();
      await t.db
        .insertInto("rate_limit_bucket")
        .values([
          { key: `sign-in:account:${person.email}`, window_start: new Date(), hits: 1 },
          { key: `verify-resend:user:${person.id}`, window_start: new Date(), hits: 1 },
          { key: `sign-in:address:198.51.100.${i + 10}`, window_start: new Date(), hits: 1 },
        ])
        .execute();
      const [sent, pending] = await t.db
        .insertInto("email_outbox")
        .values([
          {
            idempotency_key: `erasure-sent:${person.email}`,
            to_address: person.email,
            template: "verify-email",
            props: JSON.stringify({ name: person.name }),
            status: "sent",
            sent_at: new Date(),
          },
          {
            idempotency_key: `erasure-pending:${person.email}`,
            to_address: person.email,
            template: "verify-email",
            props: JSON.stringify({ name: person.name }),
            last_error: `550 ${person.email} unknown`,
          },
          {
            idempotency_key: `erasure-other:${person.id}`,
            to_address: "someone.else@example.org",
            template: "second-factor-reset",
            props: JSON.stringify({ name: "Someone Else", resetBy: person.name }),
          },
        ])
        .returning("id")
        .execute();
      await t.db
        .insertInto("mailbox_message")
        .values({
          outbox_id: sent!.id,
          to_address: person.email,
          subject: `Hello ${person.name}`,
          html: `<p>Hello ${person.name}</p>`,
          text: `Hello ${person.name}`,
        })
        .execute();
      expect(pending).toBeDefined();
      await t.db
        .insertInto("organisation_invitation")
        .values({
          organisation_id: (await t.db.selectFrom("organisation").select("id").limit(1).executeTakeFirstOrThrow()).id,
          email: person.email,
          token_hash: `erasure-invitation-${i}`,
          expires_at: new Date(Date.now() + 86_400_000),
        })
        .execute();
    }
    const [judge, , , staff] = people;
    const entry = await t.db
      .selectFrom("entry")
      .select(["id", "challenge_id", "organisation_id"])
      .limit(1)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("judge_affiliation")
      .values({
        user_id: judge!.id,
        kind: "organisation",
        organisation_name: `${judge!.name}'s own charity`,
        role_description: "Trustee",
      })
      .execute();
    await t.db
      .insertInto("judge_conflict")
      .values({
        challenge_id: entry.challenge_id,
        judge_user_id: judge!.id,
        organisation_id: entry.organisation_id,
        source: "declared",
        reason: `${judge!.name} is a trustee`,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await t.db
      .insertInto("staff_conflict")
      .values({ user_id: staff!.id, entry_id: entry.id, reason: `${staff!.name} knows the founder` })
      .execute();

    await t.db.transaction().execute(async (trx) => {
      for (const person of people) {
        expect(await pseudonymiseAccount(trx, person.id, { reason: "request", actorId: null })).toBe(true);
      }
    });
  });

  it("leaves no old name or address anywhere but where the registry says it is kept, and why", async () => {
    const searched = (await schemaColumns()).filter(
      (c) =>
        ["text", "jsonb", "ARRAY", "character varying"].includes(c.data_type) &&
        keptBecause(PERSONAL_COLUMNS[c.table_name]![c.column_name]!) === null,
    );
    expect(searched.length).toBeGreaterThan(40);
    const found: string[] = [];
    for (const person of people) {
      for (const needle of [person.name, person.email]) {
        for (const { table_name: table, column_name: column } of searched) {
          const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from ${sql.table(table)}
            where strpos(lower(${sql.ref(column)}::text), lower(${needle})) > 0`.execute(t.db);
          if (rows[0]!.n > 0) found.push(`${person.label}: "${needle}" in ${table}.${column} (${rows[0]!.n} rows)`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it("keeps the accounts, under their pseudonyms, so the audit trail and the awards still lead somewhere", async () => {
    const rows = await t.db
      .selectFrom("app_user")
      .select(["id", "name", "email", "password_hash", "erased_at"])
      .where(
        "id",
        "in",
        people.map((p) => p.id),
      )
      .orderBy("id")
      .execute();
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.name).toBe(pseudonymFor(row.id));
      expect(row.email).toMatch(/^erased-[0-9a-f]{16}@erased\.invalid$/);
      expect(row.password_hash).toBeNull();
      expect(row.erased_at).not.toBeNull();
    }
    const entrant = people[0]!;
    const paid = await t.db
      .selectFrom("prize_payment")
      .innerJoin("award", "award.id", "prize_payment.award_id")
      .innerJoin("entry", "entry.id", "award.entry_id")
      .innerJoin("organisation", "organisation.id", "entry.organisation_id")
      .select(["prize_payment.status", "organisation.contact_name"])
      .where("organisation.contact_name", "=", pseudonymFor(entrant.id))
      .execute();
    expect(paid.map((p) => p.status)).toContain("paid");
    const erased = await t.db
      .selectFrom("audit_event")
      .select(["subject_id", "details"])
      .where("action", "=", "account.erased")
      .orderBy("id")
      .execute();
    expect(erased.map((e) => Number(e.subject_id))).toEqual(people.map((p) => p.id));
    expect(erased[0]!.details).toEqual({ reason: "request", byStaff: false });
  });

  it("ends their sessions and removes their tokens, second factors and rate-limit counters", async () => {
    const ids = people.map((p) => p.id);
    for (const table of [
      "session",
      "one_time_token",
      "totp_credential",
      "recovery_code",
      "passkey_credential",
    ] as const) {
      const left = await t.db.selectFrom(table).select("user_id").where("user_id", "in", ids).execute();
      expect(left, table).toEqual([]);
    }
    const buckets = await t.db.selectFrom("rate_limit_bucket").select("key").execute();
    expect(
      buckets.filter((b) => ids.some((id) => b.key.endsWith(`:user:${id}`)) || b.key.includes(":address:198.51.100.")),
    ).toEqual([]);
    const roles = await t.db.selectFrom("role_grant").select("user_id").where("user_id", "in", ids).execute();
    expect(roles).toEqual([]);
  });

  it("never erases an account twice", async () => {
    const again = await t.db
      .transaction()
      .execute((trx) => pseudonymiseAccount(trx, people[0]!.id, { reason: "retention", actorId: null }));
    expect(again).toBe(false);
  });
});
