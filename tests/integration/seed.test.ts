import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../app/auth/password.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../app/domain/demo-accounts";
import { migrateToLatest } from "../../db/migrate";
import { loadReferenceData } from "../../db/migrations/2026112102_reference_data";
import { seedDemoData } from "../../db/seed/demo";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();

// One real argon2id hash for the whole file: seeding with it is as the CLI does, minus the wait.
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(DEMO_PASSWORD);
});

const seed = () => seedDemoData(t.owner, { passwordHash });

const CONSTITUENT = {
  E08000025: "Birmingham",
  E08000026: "Coventry",
  E08000027: "Dudley",
  E08000028: "Sandwell",
  E08000029: "Solihull",
  E08000030: "Walsall",
  E08000031: "Wolverhampton",
};

const PRIORITY_AREAS = [
  "Living safely with coronavirus",
  "Accessing healthcare and improving physical health",
  "Mental health support and awareness",
  "Education and young people",
  "Jobs and training",
  "Local businesses and high streets",
];

async function currentChallenge() {
  return t.db.selectFrom("challenge").selectAll().where("status", "=", "open").executeTakeFirstOrThrow();
}

describe("reference data", () => {
  it("holds the seven constituent councils with their ONS codes, and the non-constituent ones", async () => {
    const rows = await t.db.selectFrom("local_authority").selectAll().orderBy("code").execute();
    const constituent = Object.fromEntries(rows.filter((r) => r.constituent).map((r) => [r.code, r.name]));
    expect(constituent).toEqual(CONSTITUENT);
    expect(rows.filter((r) => r.constituent).every((r) => r.kind === "metropolitan_borough")).toBe(true);
    const others = rows.filter((r) => !r.constituent).map((r) => `${r.code} ${r.name} ${r.kind}`);
    expect(others).toEqual(
      expect.arrayContaining([
        "E10000031 Warwickshire county",
        "E06000051 Shropshire unitary",
        "E07000236 Redditch district",
        "E07000220 Rugby district",
      ]),
    );
    expect(rows).toHaveLength(17);
  });

  it("loading it again changes nothing and puts back a council renamed by hand", async () => {
    const before = await t.db.selectFrom("local_authority").selectAll().orderBy("code").execute();
    await t.db.updateTable("local_authority").set({ name: "Brum" }).where("code", "=", "E08000025").execute();
    await loadReferenceData(t.db);
    await loadReferenceData(t.db);
    const after = await t.db.selectFrom("local_authority").selectAll().orderBy("code").execute();
    expect(after).toEqual(before);
  });

  it("refuses a council of a kind outside the list", async () => {
    await expect(
      t.db
        .insertInto("local_authority")
        .values({ code: "E07000234", name: "Bromsgrove", constituent: false, kind: "parish" as never })
        .execute(),
    ).rejects.toThrow(/local_authority_kind_valid/);
  });
});

describe("migrating at start", () => {
  it("does nothing on an up-to-date database, but still refuses one migrated by a newer release", async () => {
    expect(await migrateToLatest(t.owner)).toEqual([]);
    const newer = "2099010101_from_a_newer_release";
    await sql`insert into kysely_migration (name, timestamp) values (${newer}, ${new Date().toISOString()})`.execute(
      t.owner,
    );
    try {
      await expect(migrateToLatest(t.owner)).rejects.toThrow(/corrupted migrations/);
    } finally {
      await sql`delete from kysely_migration where name = ${newer}`.execute(t.owner);
    }
  });
});

describe("demo data", () => {
  it("has an open 2027 challenge with the six Citizens Panel priorities, each sponsored by a different council", async () => {
    const summary = await seed();
    const challenge = await currentChallenge();
    expect(challenge.slug).toBe(summary.currentChallengeSlug);
    expect(challenge.title).toBe("Community Recovery Innovation Challenge 2027");
    // 1 November is after the clocks go back (GMT); 21 March 2027 is before they go forward.
    expect(challenge.opens_at.toISOString()).toBe("2026-11-01T09:00:00.000Z");
    expect(challenge.closes_at.toISOString()).toBe("2027-03-21T23:59:00.000Z");

    const areas = await t.db
      .selectFrom("priority_area")
      .innerJoin("local_authority", "local_authority.code", "priority_area.sponsor_code")
      .select(["priority_area.name", "local_authority.constituent", "sponsor_code"])
      .where("challenge_id", "=", challenge.id)
      .orderBy("position")
      .execute();
    expect(areas.map((a) => a.name)).toEqual(PRIORITY_AREAS);
    expect(new Set(areas.map((a) => a.sponsor_code)).size).toBe(6);
    expect(areas.every((a) => a.constituent)).toBe(true);

    const tiers = await t.db
      .selectFrom("prize_tier")
      .select(["name", "places", "cash_pence", "support_cap_pence", "masterclass"])
      .where("challenge_id", "=", challenge.id)
      .orderBy("position")
      .execute();
    expect(tiers).toEqual([
      { name: "Top 20", places: 20, cash_pence: 50_000, support_cap_pence: 0, masterclass: true },
      { name: "Top 3", places: 3, cash_pence: 0, support_cap_pence: 1_500_000, masterclass: false },
    ]);

    const criteria = await t.db.selectFrom("criterion").selectAll().where("challenge_id", "=", challenge.id).execute();
    expect(criteria.reduce((sum, c) => sum + c.weight, 0)).toBe(100);
    for (const criterion of criteria) {
      expect(criterion.levels.map((l) => l.score)).toEqual([0, 1, 2, 3, 4, 5]);
    }

    expect(challenge.how_judging_works).toMatch(/conflict of interest/);
    const keyDates = await sql<{ label: string; on: string }>`
      select label, to_char(happens_on, 'YYYY-MM-DD') as on from challenge_key_date
      where challenge_id = ${challenge.id} order by happens_on`.execute(t.db);
    expect(keyDates.rows).toContainEqual({ label: "Winners announced", on: "2027-05-20" });
    const faqs = await t.db
      .selectFrom("challenge_faq")
      .select("question")
      .where("challenge_id", "=", challenge.id)
      .execute();
    expect(faqs.length).toBeGreaterThan(0);

    const previous = await t.db
      .selectFrom("challenge")
      .selectAll()
      .where("slug", "=", "community-recovery-2021")
      .executeTakeFirstOrThrow();
    expect(previous.status).toBe("archived");
    expect(previous.closes_at.toISOString()).toBe("2021-03-21T23:59:00.000Z");
  });

  it("has about 150 ideas from about 110 organisations, spread over every priority area and every council", async () => {
    await seed();
    const challenge = await currentChallenge();
    const entries = await t.db
      .selectFrom("entry")
      .innerJoin("organisation", "organisation.id", "entry.organisation_id")
      .leftJoin("priority_area", "priority_area.id", "entry.priority_area_id")
      .select([
        "entry.status",
        "priority_area.name as area",
        "organisation.local_authority_code as council",
        "entry.organisation_id",
      ])
      .where("entry.challenge_id", "=", challenge.id)
      .execute();
    expect(entries.length).toBe(150);
    expect(new Set(entries.map((e) => e.organisation_id)).size).toBeGreaterThanOrEqual(100);

    // Only a draft can still be without a priority area.
    expect(entries.filter((e) => e.area === null && e.status !== "draft")).toEqual([]);
    const perArea = new Map<string, number>();
    for (const e of entries) if (e.area !== null) perArea.set(e.area, (perArea.get(e.area) ?? 0) + 1);
    expect([...perArea.keys()].sort()).toEqual([...PRIORITY_AREAS].sort());
    for (const count of perArea.values()) expect(count).toBeGreaterThanOrEqual(20);

    const councils = await t.db.selectFrom("local_authority").select("code").execute();
    const entered = new Set(entries.map((e) => e.council));
    expect([...entered].sort()).toEqual(councils.map((c) => c.code).sort());

    const statuses = new Map<string, number>();
    for (const e of entries) statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);
    expect(statuses.get("submitted")).toBeGreaterThan(100);
    expect(statuses.get("draft")).toBeGreaterThan(5);
    expect(statuses.get("withdrawn")).toBeGreaterThan(0);
    expect(statuses.get("ineligible")).toBeGreaterThan(0);

    const ineligibleWithoutReason = await t.db
      .selectFrom("entry")
      .select("id")
      .where("status", "=", "ineligible")
      .where((eb) => eb.or([eb("eligibility_reason", "is", null), eb("eligibility_reason", "=", "")]))
      .execute();
    expect(ineligibleWithoutReason).toEqual([]);
  });

  it("gives every organisation a council from the reference data and a postcode of that area's form", async () => {
    await seed();
    const organisations = await t.db
      .selectFrom("organisation")
      .select(["name", "postcode", "local_authority_code"])
      .execute();
    expect(organisations.length).toBeGreaterThanOrEqual(100);
    const codes = new Set((await t.db.selectFrom("local_authority").select("code").execute()).map((r) => r.code));
    for (const o of organisations) {
      expect(codes.has(o.local_authority_code), o.name).toBe(true);
      expect(o.postcode, o.name).toMatch(/^(B|CV|DY|WS|WV|SY|TF)\d{1,2} \d[ABD-HJLNP-UW-Z]{2}$/);
    }
    const byBirmingham = organisations.filter((o) => o.local_authority_code === "E08000025");
    expect(byBirmingham.every((o) => /^B\d/.test(o.postcode))).toBe(true);
    const byCoventry = organisations.filter((o) => o.local_authority_code === "E08000026");
    expect(byCoventry.every((o) => o.postcode.startsWith("CV"))).toBe(true);
  });

  it("keeps a snapshot of every idea that was submitted, matching what the entrant sent", async () => {
    await seed();
    const rows = await t.db
      .selectFrom("entry")
      .leftJoin("entry_submission", "entry_submission.entry_id", "entry.id")
      .select([
        "entry.reference",
        "entry.title",
        "entry.status",
        "entry.submitted_at",
        "entry_submission.snapshot",
        "entry_submission.entry_version",
      ])
      .execute();
    for (const row of rows) {
      if (row.status === "draft") {
        expect(row.snapshot, row.reference).toBeNull();
        expect(row.submitted_at).toBeNull();
      } else {
        expect(row.snapshot, row.reference).not.toBeNull();
        expect(row.snapshot).toMatchObject({ reference: row.reference, title: row.title, version: row.entry_version });
        expect(row.submitted_at).not.toBeNull();
      }
    }
    const submitted = rows.filter((r) => r.status === "submitted");
    expect(submitted.length).toBeGreaterThan(100);
  });

  it("has the demo accounts with their roles, signing in with the printed password", async () => {
    await seed();
    for (const account of DEMO_ACCOUNTS) {
      const user = await t.db
        .selectFrom("app_user")
        .select(["id", "password_hash", "email_verified_at"])
        .where("email", "=", account.email)
        .executeTakeFirstOrThrow();
      expect(await verifyPassword(user.password_hash, account.password)).toBe(true);
      expect(user.email_verified_at).not.toBeNull();
      const roles = await t.db
        .selectFrom("role_grant")
        .select(["role", "local_authority_code"])
        .where("user_id", "=", user.id)
        .execute();
      expect(roles.map((r) => r.role)).toEqual([account.role]);
      if (account.role === "council_officer") expect(roles[0]!.local_authority_code).toBe("E08000025");
    }

    const entrant = DEMO_ACCOUNTS.find((a) => a.role === "entrant")!;
    const theirEntries = await t.db
      .selectFrom("entry")
      .innerJoin("organisation_member", "organisation_member.organisation_id", "entry.organisation_id")
      .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
      .select("entry.status")
      .where("app_user.email", "=", entrant.email)
      .execute();
    expect(theirEntries.map((e) => e.status).sort()).toEqual(["draft", "submitted"]);

    const judges = await t.db.selectFrom("role_grant").select("user_id").where("role", "=", "judge").execute();
    expect(judges.length).toBe(12);

    const mixedCase = await t.db
      .selectFrom("app_user")
      .select("email")
      .where(sql<boolean>`email <> lower(email)`)
      .execute();
    expect(mixedCase).toEqual([]);
  });

  it("gives the same rows, ids and references every time it is seeded", async () => {
    await seed();
    const first = await dumpDemoTables();
    await seed();
    const second = await dumpDemoTables();
    expect(second).toEqual(first);
    expect(first.entry[0]).toMatchObject({ id: 1, reference: "CRI-0001" });
  });

  it("replaces whatever was there before, but leaves the reference data alone", async () => {
    await seed();
    await t.db.insertInto("app_user").values({ email: "someone@example.com", name: "Someone Else" }).execute();
    await t.db.deleteFrom("entry_principle").execute();
    const councils = await t.db.selectFrom("local_authority").selectAll().orderBy("code").execute();

    await seed();
    expect(
      await t.db.selectFrom("app_user").select("id").where("email", "=", "someone@example.com").executeTakeFirst(),
    ).toBeUndefined();
    const links = await t.db
      .selectFrom("entry_principle")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(links.n)).toBeGreaterThan(0);
    expect(await t.db.selectFrom("local_authority").selectAll().orderBy("code").execute()).toEqual(councils);
  });
});

async function dumpDemoTables() {
  const tables = [
    "challenge",
    "challenge_key_date",
    "challenge_faq",
    "priority_area",
    "principle",
    "criterion",
    "prize_tier",
    "app_user",
    "role_grant",
    "organisation",
    "organisation_member",
    "entry",
    "entry_principle",
    "entry_area",
    "entry_submission",
  ] as const;
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1, 2`.execute(t.db);
    dump[table] = rows;
  }
  return dump as Record<(typeof tables)[number], Record<string, unknown>[]>;
}
