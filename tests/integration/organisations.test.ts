import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import type { Role } from "../../db/schema";
import { hashToken } from "../../app/auth/session.server";
import type { OrganisationInput } from "../../app/domain/organisation-schema";
import {
  createOrganisation,
  findOrganisationInvitation,
  INVITATIONS_PER_ORGANISATION,
  inviteColleague,
  joinOrganisation,
  ORGANISATION_INVITATION_DAYS,
  organisationForUser,
  organisationOverview,
  revokeOrganisationInvitation,
  updateOrganisation,
} from "../../app/services/entries/organisations.server";
import { isAppError } from "../../app/services/app-error.server";
import { useTestDatabase } from "../support/database";
import { overlapping as sharedOverlapping } from "../support/concurrency";

const t = useTestDatabase();

const BIRMINGHAM = "E08000025";
const COVENTRY = "E08000026";
const IP = "203.0.113.7";

function details(overrides: Partial<OrganisationInput> = {}): OrganisationInput {
  return {
    name: "Sparkbrook Community Pantry",
    type: "community_group",
    registrationNumber: null,
    localAuthorityCode: BIRMINGHAM,
    postcode: "B11 1AA",
    website: "https://sparkbrookpantry.example/",
    contactName: "Amina Hussain",
    contactEmail: "amina@example.org",
    contactPhone: null,
    ...overrides,
  };
}

async function makeUser(email: string, roles: Role[] = ["entrant"], options: { verified?: boolean } = {}) {
  const user = await t.db
    .insertInto("app_user")
    .values({
      email,
      name: `Person ${email.split("@")[0]}`,
      password_hash: null,
      email_verified_at: options.verified === false ? null : new Date(),
    })
    .returning(["id", "email", "name"])
    .executeTakeFirstOrThrow();
  for (const role of roles) {
    await t.db.insertInto("role_grant").values({ user_id: user.id, role, granted_by: null }).execute();
  }
  return { ...user, ip: IP };
}

/** An entrant with an organisation of their own. */
async function founder(email = "amina@example.org", overrides: Partial<OrganisationInput> = {}) {
  const user = await makeUser(email);
  const organisationId = await createOrganisation(user, details(overrides));
  return { user, organisationId };
}

async function invite(actor: { id: number }, email: string) {
  const result = await inviteColleague(actor, email);
  if (result.outcome !== "invited") throw new Error(`invitation refused: ${JSON.stringify(result)}`);
  return result;
}

async function membersOf(organisationId: number) {
  const rows = await t.db
    .selectFrom("organisation_member")
    .select("user_id")
    .where("organisation_id", "=", organisationId)
    .orderBy("user_id")
    .execute();
  return rows.map((r) => r.user_id);
}

async function rolesOf(userId: number) {
  const rows = await t.db
    .selectFrom("role_grant")
    .select("role")
    .where("user_id", "=", userId)
    .orderBy("role")
    .execute();
  return rows.map((r) => r.role);
}

async function auditActions() {
  const rows = await t.db.selectFrom("audit_event").select("action").orderBy("id").execute();
  return rows.map((r) => r.action);
}

describe("creating an organisation", () => {
  it("makes the person its first member and records it in the audit trail", async () => {
    const amina = await makeUser("amina@example.org");
    const organisationId = await createOrganisation(amina, details());
    const result = { organisationId };

    const stored = await t.db.selectFrom("organisation").selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      id: result.organisationId,
      name: "Sparkbrook Community Pantry",
      type: "community_group",
      local_authority_code: BIRMINGHAM,
      postcode: "B11 1AA",
      contact_email: "amina@example.org",
    });
    expect(await membersOf(result.organisationId)).toEqual([amina.id]);
    expect((await organisationForUser(amina))?.id).toBe(result.organisationId);

    const events = await t.db.selectFrom("audit_event").selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "organisation_created",
      actor_user_id: amina.id,
      subject_type: "organisation",
      subject_id: String(result.organisationId),
      ip: IP,
    });
  });

  it("refuses an area that is not one of ours, creating nothing", async () => {
    const amina = await makeUser("amina@example.org");
    const result = createOrganisation(amina, details({ localAuthorityCode: "E99999999" }));
    await expect(result).rejects.toMatchObject({
      kind: "invalid",
      field: "localAuthorityCode",
      message: "Select the local authority area where your organisation is based",
    });
    expect(await t.db.selectFrom("organisation").selectAll().execute()).toEqual([]);
  });

  it("is for entrants only", async () => {
    const judge = await makeUser("judge@example.org", ["judge"]);
    await expect(createOrganisation(judge, details())).rejects.toMatchObject({ kind: "forbidden" });
    expect(await t.db.selectFrom("organisation").selectAll().execute()).toEqual([]);
  });

  it("lets a person belong to one organisation only", async () => {
    const { user, organisationId } = await founder();
    const second = createOrganisation(user, details({ name: "Another Group" }));
    await expect(second).rejects.toMatchObject({
      kind: "conflict",
      message: "You already belong to Sparkbrook Community Pantry",
    });
    expect(await t.db.selectFrom("organisation").select("id").execute()).toEqual([{ id: organisationId }]);

    // The database holds the rule even for code that skips the service.
    const other = await t.db
      .insertInto("organisation")
      .values({
        name: "Elsewhere",
        type: "sme",
        local_authority_code: COVENTRY,
        postcode: "CV1 1AA",
        contact_name: "X",
        contact_email: "x@example.org",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      t.db.insertInto("organisation_member").values({ organisation_id: other.id, user_id: user.id }).execute(),
    ).rejects.toThrow(/organisation_member_one_per_user_key|unique/);
  });
});

describe("changing an organisation's details", () => {
  it("lets any member change them and records which fields changed", async () => {
    const { user, organisationId } = await founder();
    const result = await updateOrganisation(user, details({ name: "Sparkbrook Pantry", postcode: "B12 9AA" }));
    expect(result).toEqual({ changed: ["name", "postcode"] });
    const stored = await t.db.selectFrom("organisation").selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: "Sparkbrook Pantry", postcode: "B12 9AA" });
    const event = await t.db
      .selectFrom("audit_event")
      .selectAll()
      .where("action", "=", "organisation_updated")
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_user_id: user.id, subject_id: String(organisationId) });
    expect(event.details).toEqual({ changed: ["name", "postcode"] });
  });

  it("gives someone without an organisation nothing to change", async () => {
    await founder();
    const outsider = await makeUser("outsider@example.org");
    await expect(updateOrganisation(outsider, details({ name: "Taken over" }))).rejects.toMatchObject({
      kind: "not_found",
    });
    const stored = await t.db.selectFrom("organisation").select("name").executeTakeFirstOrThrow();
    expect(stored.name).toBe("Sparkbrook Community Pantry");
  });
});

describe("inviting a colleague", () => {
  it("stores only the hash of the link's token, for 14 days, and queues the email with the link", async () => {
    const { user, organisationId } = await founder();
    const { invitationId, token, expiresAt } = await invite(user, "Sam.Lee@Example.org");

    const row = await t.db
      .selectFrom("organisation_invitation")
      .selectAll()
      .where("id", "=", invitationId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ organisation_id: organisationId, email: "sam.lee@example.org", invited_by: user.id });
    expect(row.token_hash).toBe(hashToken(token));
    expect(row.token_hash).not.toContain(token);
    const days = (new Date(row.expires_at).getTime() - Date.now()) / 86_400_000;
    expect(ORGANISATION_INVITATION_DAYS).toBe(14);
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThanOrEqual(14);
    expect(new Date(row.expires_at).getTime()).toBe(expiresAt.getTime());

    const outbox = await t.db.selectFrom("email_outbox").selectAll().execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ to_address: "sam.lee@example.org", template: "organisation-invitation" });
    const props = outbox[0]!.props as unknown as Record<string, string>;
    expect(props.joinUrl).toMatch(new RegExp(`/organisation/join/${token}$`));
    expect(props.organisationName).toBe("Sparkbrook Community Pantry");
    expect(props.inviterName).toBe("Person amina");
    expect(await auditActions()).toEqual(["organisation_created", "organisation_invitation_sent"]);
  });

  it("queues the email in the same transaction: if the change fails, no invitation and no email", async () => {
    const { user } = await founder();
    // The audit write is the last step of the transaction: make it fail after the email is queued.
    await sql`create function refuse_org_invitation_audit() returns trigger language plpgsql as $$
      begin
        if new.action = 'organisation_invitation_sent' then raise exception 'audit refused for the test'; end if;
        return new;
      end $$`.execute(t.owner);
    await sql`create trigger refuse_org_invitation_audit before insert on audit_event
      for each row execute function refuse_org_invitation_audit()`.execute(t.owner);
    try {
      await expect(inviteColleague(user, "sam@example.org")).rejects.toThrow(/audit refused/);
    } finally {
      await sql`drop trigger refuse_org_invitation_audit on audit_event`.execute(t.owner);
      await sql`drop function refuse_org_invitation_audit()`.execute(t.owner);
    }
    expect(await t.db.selectFrom("organisation_invitation").selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom("email_outbox").selectAll().execute()).toEqual([]);
  });

  it("sends a new link when the same address is invited again, and the old link stops working", async () => {
    const { user } = await founder();
    const first = await invite(user, "sam@example.org");
    const second = await invite(user, "sam@example.org");
    expect(second.invitationId).toBe(first.invitationId);
    expect(second.resent).toBe(true);
    expect(await findOrganisationInvitation(first.token)).toEqual({ status: "not_found" });
    expect((await findOrganisationInvitation(second.token)).status).toBe("pending");
    expect(await t.db.selectFrom("email_outbox").select("id").execute()).toHaveLength(2);
  });

  it("refuses to invite a member, the inviter included", async () => {
    const { user } = await founder();
    await expect(inviteColleague(user, "AMINA@example.org")).rejects.toMatchObject({
      kind: "invalid",
      field: "email",
      message: "You are already a member of Sparkbrook Community Pantry",
    });
    expect(await t.db.selectFrom("organisation_invitation").selectAll().execute()).toEqual([]);
  });

  it("limits how many invitations an organisation can send in a day", async () => {
    const { user } = await founder();
    for (let i = 0; i < INVITATIONS_PER_ORGANISATION.limit; i++) await invite(user, `colleague${i}@example.org`);
    const refused = await inviteColleague(user, "one.too.many@example.org");
    expect(refused).toMatchObject({ outcome: "rate_limited" });
    expect(await t.db.selectFrom("email_outbox").select("id").execute()).toHaveLength(
      INVITATIONS_PER_ORGANISATION.limit,
    );
  });

  it("is for members only", async () => {
    const outsider = await makeUser("outsider@example.org");
    await expect(inviteColleague(outsider, "sam@example.org")).rejects.toMatchObject({ kind: "not_found" });
    expect(await t.db.selectFrom("organisation_invitation").selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom("email_outbox").selectAll().execute()).toEqual([]);
  });
});

describe("joining with the link", () => {
  it("makes the invited person a member and an entrant, and proves their address", async () => {
    const { user, organisationId } = await founder();
    const { token, invitationId } = await invite(user, "sam@example.org");
    // Sam has just registered (not verified yet) and holds no role at all.
    const sam = await makeUser("sam@example.org", [], { verified: false });

    const result = await joinOrganisation(token, { ...sam, ip: IP });
    expect(result).toEqual({
      ok: true,
      organisationId,
      organisationName: "Sparkbrook Community Pantry",
      entrantRoleGranted: true,
    });
    expect(await membersOf(organisationId)).toEqual([user.id, sam.id]);
    expect(await rolesOf(sam.id)).toEqual(["entrant"]);
    expect((await organisationForUser(sam))?.id).toBe(organisationId);
    const account = await t.db
      .selectFrom("app_user")
      .select("email_verified_at")
      .where("id", "=", sam.id)
      .executeTakeFirstOrThrow();
    expect(account.email_verified_at).not.toBeNull();
    const invitation = await t.db
      .selectFrom("organisation_invitation")
      .selectAll()
      .where("id", "=", invitationId)
      .executeTakeFirstOrThrow();
    expect(invitation.accepted_user_id).toBe(sam.id);
    expect(invitation.accepted_at).not.toBeNull();
    expect(await auditActions()).toEqual([
      "organisation_created",
      "organisation_invitation_sent",
      "role_granted",
      "organisation_member_joined",
    ]);
  });

  it("keeps an entrant's existing role as it was", async () => {
    const { user } = await founder();
    const { token } = await invite(user, "sam@example.org");
    const sam = await makeUser("sam@example.org", ["entrant"]);
    expect(await joinOrganisation(token, sam)).toMatchObject({ ok: true, entrantRoleGranted: false });
    expect(await rolesOf(sam.id)).toEqual(["entrant"]);
  });

  it("works once", async () => {
    const { user } = await founder();
    const { token } = await invite(user, "sam@example.org");
    const sam = await makeUser("sam@example.org", []);
    expect((await joinOrganisation(token, sam)).ok).toBe(true);
    expect(await joinOrganisation(token, sam)).toEqual({ ok: false, reason: "accepted" });
    expect(await findOrganisationInvitation(token)).toMatchObject({ status: "accepted", acceptedUserId: sam.id });
  });

  it("stops working when it expires", async () => {
    const { user, organisationId } = await founder();
    const { token, invitationId } = await invite(user, "sam@example.org");
    await t.db
      .updateTable("organisation_invitation")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", invitationId)
      .execute();
    const sam = await makeUser("sam@example.org", []);
    expect(await findOrganisationInvitation(token)).toEqual({
      status: "expired",
      organisationName: "Sparkbrook Community Pantry",
    });
    expect(await joinOrganisation(token, sam)).toEqual({ ok: false, reason: "expired" });
    expect(await membersOf(organisationId)).toEqual([user.id]);
    expect(await rolesOf(sam.id)).toEqual([]);
  });

  it("stops working when a member withdraws it", async () => {
    const { user, organisationId } = await founder();
    const { token, invitationId } = await invite(user, "sam@example.org");
    expect(await revokeOrganisationInvitation(user, invitationId)).toEqual({ email: "sam@example.org" });
    await expect(revokeOrganisationInvitation(user, invitationId)).rejects.toMatchObject({
      kind: "conflict",
      message: "That invitation has already been withdrawn",
    });
    const sam = await makeUser("sam@example.org", []);
    expect(await joinOrganisation(token, sam)).toEqual({ ok: false, reason: "revoked" });
    expect(await membersOf(organisationId)).toEqual([user.id]);
    expect(await auditActions()).toContain("organisation_invitation_revoked");
  });

  it("is only for the invited address", async () => {
    const { user, organisationId } = await founder();
    const { token } = await invite(user, "sam@example.org");
    const someoneElse = await makeUser("forwarded.to@example.org", []);
    expect(await joinOrganisation(token, someoneElse)).toEqual({
      ok: false,
      reason: "wrong_account",
      invitedEmail: "sam@example.org",
    });
    expect(await membersOf(organisationId)).toEqual([user.id]);
    expect((await findOrganisationInvitation(token)).status).toBe("pending");
  });

  it("refuses someone who already belongs to another organisation, leaving the invitation open", async () => {
    const { user, organisationId } = await founder();
    const other = await founder("sam@example.org", { name: "Coventry Makers", localAuthorityCode: COVENTRY });
    const { token } = await invite(user, "sam@example.org");
    expect(await joinOrganisation(token, other.user)).toEqual({
      ok: false,
      reason: "already_member",
      organisationName: "Coventry Makers",
      sameOrganisation: false,
    });
    expect(await membersOf(organisationId)).toEqual([user.id]);
    expect((await findOrganisationInvitation(token)).status).toBe("pending");
  });

  it("treats a made-up or malformed token as no invitation at all", async () => {
    const amina = await makeUser("amina@example.org");
    expect(await findOrganisationInvitation("a".repeat(32))).toEqual({ status: "not_found" });
    expect(await findOrganisationInvitation("../../etc/passwd")).toEqual({ status: "not_found" });
    expect(await joinOrganisation("x".repeat(100_000), amina)).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("what members see", () => {
  it("shows members and waiting invitations of their own organisation only", async () => {
    const { user } = await founder();
    const coventry = await founder("kim@example.org", { name: "Coventry Makers", localAuthorityCode: COVENTRY });
    const sam = await invite(user, "sam@example.org");
    const accepted = await invite(user, "jo@example.org");
    const jo = await makeUser("jo@example.org", []);
    await joinOrganisation(accepted.token, jo);
    const withdrawn = await invite(user, "old@example.org");
    await revokeOrganisationInvitation(user, withdrawn.invitationId);
    await invite(coventry.user, "theirs@example.org");

    const overview = await organisationOverview(jo, { focusInvitationId: sam.invitationId });
    expect(overview?.organisation).toMatchObject({
      name: "Sparkbrook Community Pantry",
      localAuthorityName: "Birmingham",
    });
    expect(overview?.members.map((m) => [m.email, m.isYou])).toEqual([
      ["amina@example.org", false],
      ["jo@example.org", true],
    ]);
    expect(overview?.pendingInvitations.map((i) => i.email)).toEqual(["sam@example.org"]);
    expect(overview?.focus).toEqual({ id: sam.invitationId, email: "sam@example.org" });

    // Another organisation's invitation is not theirs to name.
    const theirs = await t.db
      .selectFrom("organisation_invitation")
      .select("id")
      .where("email", "=", "theirs@example.org")
      .executeTakeFirstOrThrow();
    expect((await organisationOverview(jo, { focusInvitationId: theirs.id }))?.focus).toBeNull();
  });

  it("gives someone without an organisation nothing to see", async () => {
    await founder();
    const outsider = await makeUser("outsider@example.org");
    expect(await organisationOverview(outsider)).toBeNull();
    expect(await organisationForUser(outsider)).toBeNull();
  });

  it("does not let a member withdraw another organisation's invitation", async () => {
    const { user } = await founder();
    const coventry = await founder("kim@example.org", { name: "Coventry Makers", localAuthorityCode: COVENTRY });
    const theirs = await invite(coventry.user, "theirs@example.org");
    await expect(revokeOrganisationInvitation(user, theirs.invitationId)).rejects.toMatchObject({ kind: "not_found" });
    expect((await findOrganisationInvitation(theirs.token)).status).toBe("pending");
  });
});

const onPostgres = t.engine === "postgres";
if (!onPostgres) {
  console.warn(
    "organisations.test.ts: SKIPPED 'at the same moment' tests: they need several real database connections, " +
      "which the embedded database (PGlite, one connection) cannot give. Set TEST_DATABASE_URL to run them; CI " +
      "runs them on PostgreSQL.",
  );
}

describe.runIf(onPostgres)("at the same moment (PostgreSQL)", () => {
  let blocker: DatabaseHandle | undefined;

  beforeAll(async () => {
    blocker = await openDatabase({ databaseUrl: t.url, poolSize: 2 });
  });

  afterAll(async () => {
    await blocker?.close();
  });

  // Both changes start while every audit write (their last step) is held back: one waits for the
  // audit table, the other for the first's lock on the person's account, so they overlap.
  const overlapping = <T>(start: () => Promise<T>[]) => sharedOverlapping(blocker!.db, start);

  it("the same person sending the new organisation form twice gets one organisation", async () => {
    const amina = await makeUser("amina@example.org");
    const outcomes = await overlapping(() => [
      createOrganisation(amina, details()),
      createOrganisation(amina, details()),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(
      outcomes.filter((o) => o.status === "rejected" && isAppError(o.reason, "conflict")).map((o) => o.status),
    ).toHaveLength(1);
    expect(await t.db.selectFrom("organisation").select("id").execute()).toHaveLength(1);
  });

  it("two invitations accepted at once join the person to one organisation, and the other says why not", async () => {
    const birmingham = await founder();
    const coventry = await founder("kim@example.org", { name: "Coventry Makers", localAuthorityCode: COVENTRY });
    const one = await invite(birmingham.user, "sam@example.org");
    const two = await invite(coventry.user, "sam@example.org");
    const sam = await makeUser("sam@example.org", []);

    const outcomes = await overlapping(() => [joinOrganisation(one.token, sam), joinOrganisation(two.token, sam)]);
    const results = outcomes.map((o) => (o.status === "fulfilled" ? o.value : o.reason));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => r.ok === false && r.reason === "already_member")).toHaveLength(1);
    const memberships = await t.db
      .selectFrom("organisation_member")
      .select("organisation_id")
      .where("user_id", "=", sam.id)
      .execute();
    expect(memberships).toHaveLength(1);
  });
});
