import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../app/auth/password.server";
import { SIGN_IN_REFUSED, signIn } from "../../app/services/accounts/accounts.server";
import {
  ALREADY_ERASED,
  LAST_STAFF,
  OWN_ACCOUNT_FROM_STAFF_PAGE,
  PAYMENT_IN_FLIGHT,
  WRONG_PASSWORD,
  eraseAccount,
  pseudonymFor,
} from "../../app/services/records/erasure.server";
import { recordAudit } from "../../app/services/platform/audit.server";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";
import { makeChallenge, makeEntry, makeOrganisation, makeUser } from "../support/staff-entries-fixtures";

// Who may erase an account, and what erasure refuses to break. What it removes is
// tests/integration/erasure-coverage.test.ts.

const t = useTestDatabase();
const PASSWORD = "correct horse battery staple";
const here = { ip: "203.0.113.7", userAgent: "Test browser" };

async function withPassword(id: number) {
  await t.db
    .updateTable("app_user")
    .set({ password_hash: await hashPassword(PASSWORD), email_verified_at: new Date() })
    .where("id", "=", id)
    .execute();
}

async function message(call: Promise<unknown>) {
  const response = await refusalOf(call);
  return { status: response.status, text: await response.text() };
}

describe("erasing one's own account", () => {
  it("asks for the password, then the account can no longer be signed in to, with the message for an unknown address", async () => {
    const organisation = await makeOrganisation(t.db, { members: ["Ada Lovelace"] });
    const ada = organisation.members[0]!;
    await withPassword(ada.id);
    await makeUser(t.db, "Other staff", ["staff"]);

    const wrong = await refusalOf(eraseAccount({ id: ada.id }, ada.id, { password: "not it" }));
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(WRONG_PASSWORD);

    expect(await eraseAccount({ id: ada.id, ip: "203.0.113.7" }, ada.id, { password: PASSWORD })).toEqual({
      pseudonym: pseudonymFor(ada.id),
    });
    const signInRefusal = await message(signIn({ email: ada.email, password: PASSWORD }, here));
    expect(signInRefusal).toMatchObject({ status: 400 });
    expect(signInRefusal.text).toContain(SIGN_IN_REFUSED);

    const event = await t.db
      .selectFrom("audit_event")
      .select(["actor_user_id", "subject_id", "details"])
      .where("action", "=", "account.erased")
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      actor_user_id: ada.id,
      subject_id: String(ada.id),
      details: { reason: "request", byStaff: false },
    });

    const again = await message(eraseAccount({ id: ada.id }, ada.id, { password: PASSWORD }));
    expect(again.status).toBe(409);
    expect(again.text).toContain(ALREADY_ERASED);
  });

  it("keeps the organisation's submitted entry, which no longer names the person as its contact", async () => {
    const challenge = await makeChallenge(t.db);
    const organisation = await makeOrganisation(t.db, {
      name: "Canal Friends",
      members: ["Grace Hopper", "Alan Turing"],
    });
    const entry = await makeEntry(t.db, { challenge, organisation, title: "Towpath repairs" });
    const grace = organisation.members[0]!;
    await withPassword(grace.id);

    await eraseAccount({ id: grace.id }, grace.id, { password: PASSWORD });

    const kept = await t.db
      .selectFrom("entry")
      .innerJoin("organisation", "organisation.id", "entry.organisation_id")
      .select(["entry.title", "entry.status", "organisation.contact_name", "organisation.contact_email"])
      .where("entry.id", "=", entry.id)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ title: "Towpath repairs", status: "submitted", contact_name: pseudonymFor(grace.id) });
    expect(kept.contact_email).not.toBe(grace.email);
    const members = await t.db
      .selectFrom("organisation_member")
      .select("user_id")
      .where("organisation_id", "=", organisation.id)
      .execute();
    expect(members.map((m) => m.user_id)).toEqual([organisation.members[1]!.id]);
  });

  it("is refused while the person's organisation, of which they are the only member, has a prize payment in progress", async () => {
    const challenge = await makeChallenge(t.db, { status: "closed" });
    const organisation = await makeOrganisation(t.db, { members: ["Only Member"] });
    const entry = await makeEntry(t.db, { challenge, organisation, title: "A winning idea" });
    const member = organisation.members[0]!;
    await withPassword(member.id);
    const tier = await t.db
      .insertInto("prize_tier")
      .values({ challenge_id: challenge.id, name: "Winner", places: 1, cash_pence: 500_000 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const award = await t.db
      .insertInto("award")
      .values({ challenge_id: challenge.id, entry_id: entry.id, prize_tier_id: tier.id, cash_pence: 500_000 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("prize_payment").values({ award_id: award.id, amount_pence: 500_000 }).execute();

    const refused = await message(eraseAccount({ id: member.id }, member.id, { password: PASSWORD }));
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(PAYMENT_IN_FLIGHT);
    const still = await t.db
      .selectFrom("app_user")
      .select("erased_at")
      .where("id", "=", member.id)
      .executeTakeFirstOrThrow();
    expect(still.erased_at).toBeNull();
  });
});

describe("erasing someone else's account", () => {
  it("is not there for anyone but staff", async () => {
    const victim = await makeUser(t.db, "Victim", ["entrant"]);
    for (const roles of [["entrant"], ["judge"], ["council_officer"]] as const) {
      const other = await makeUser(t.db, "Other", [...roles]);
      expect((await refusalOf(eraseAccount({ id: other.id }, victim.id, { reference: "DR-1" }))).status).toBe(404);
      expect((await refusalOf(eraseAccount({ id: other.id }, victim.id))).status).toBe(404);
    }
    const row = await t.db
      .selectFrom("app_user")
      .select("erased_at")
      .where("id", "=", victim.id)
      .executeTakeFirstOrThrow();
    expect(row.erased_at).toBeNull();
  });

  it("is done by staff with a request reference, which the audit trail keeps with ids only", async () => {
    const staff = await makeUser(t.db, "Staff Sam", ["staff"]);
    const person = await makeUser(t.db, "Pat Person", ["entrant"]);
    expect((await refusalOf(eraseAccount({ id: staff.id }, person.id, { reference: "Pat Person" }))).status).toBe(400);
    // A session whose second factor is not recent is refused by the service itself.
    const stale = { id: staff.id, secondFactorAt: new Date(Date.now() - 10 * 60_000) };
    expect((await refusalOf(eraseAccount(stale, person.id, { reference: "DR-2026-014" }))).status).toBe(403);

    await eraseAccount({ id: staff.id, ip: "203.0.113.9", secondFactorAt: new Date() }, person.id, {
      reference: "DR-2026-014",
    });

    const event = await t.db
      .selectFrom("audit_event")
      .select(["actor_user_id", "subject_id", "details"])
      .where("action", "=", "account.erased")
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      actor_user_id: staff.id,
      subject_id: String(person.id),
      details: { reason: "request", byStaff: true, reference: "DR-2026-014" },
    });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_event
      where details::text like ${"%" + person.email + "%"} or details::text like ${"%" + person.name + "%"}`.execute(
      t.db,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("is refused for staff's own account from the staff page", async () => {
    const staff = await makeUser(t.db, "Staff Sam", ["staff"]);
    await makeUser(t.db, "Staff Kim", ["staff"]);
    const refused = await message(eraseAccount({ id: staff.id }, staff.id, { reference: "DR-1" }));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(OWN_ACCOUNT_FROM_STAFF_PAGE);
  });

  it("is refused for the last member of staff", async () => {
    const staff = await makeUser(t.db, "Staff Sam", ["staff"]);
    await withPassword(staff.id);
    const refused = await message(eraseAccount({ id: staff.id }, staff.id, { password: PASSWORD }));
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(LAST_STAFF);

    // With a second member of staff, the first can go.
    await makeUser(t.db, "Staff Kim", ["staff"]);
    await eraseAccount({ id: staff.id }, staff.id, { password: PASSWORD });
    const grants = await t.db.selectFrom("role_grant").select("id").where("user_id", "=", staff.id).execute();
    expect(grants).toEqual([]);
  });
});

describe("the audit trail's reference to people", () => {
  it("makes deleting a person with audit events fail on the reference, not on the append-only trail", async () => {
    const person = await makeUser(t.db, "Deleted", ["entrant"]);
    await recordAudit(t.db, { action: "sign_in", actorUserId: person.id, subjectType: "user", subjectId: person.id });
    const error = await t.owner
      .deleteFrom("app_user")
      .where("id", "=", person.id)
      .execute()
      .then(
        () => null,
        (e: { code?: string; constraint?: string }) => e,
      );
    // A foreign key refusal (PostgreSQL 15 says 23503, later versions 23001 for RESTRICT), not the
    // append-only trigger's P0001.
    expect(error).toMatchObject({ constraint: "audit_event_actor_user_id_fkey" });
    expect(["23001", "23503"]).toContain(error!.code);
  });
});
