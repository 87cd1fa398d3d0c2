import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import { verifyPassword, hashPassword } from "../../app/auth/password.server";
import { hashToken, validateSessionToken } from "../../app/auth/session.server";
import {
  acceptInvitationAsUser,
  acceptInvitationWithNewAccount,
  createInvitation,
  findInvitation,
  INVITATION_DAYS,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from "../../app/services/accounts/invitations.server";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();

const BIRMINGHAM = "E08000025";
const COVENTRY = "E08000026";
const GOOD_PASSWORD = "lantern orchard pebble";

async function makeUser(
  email: string,
  roles: Role[] = [],
  options: { password?: string; verified?: boolean; localAuthorityCode?: string } = {},
) {
  const user = await t.db
    .insertInto("app_user")
    .values({
      email,
      name: `Person ${email.split("@")[0]}`,
      password_hash: options.password ? await hashPassword(options.password) : null,
      email_verified_at: options.verified === false ? null : new Date(),
    })
    .returning(["id", "email", "password_hash"])
    .executeTakeFirstOrThrow();
  for (const role of roles) {
    await t.db
      .insertInto("role_grant")
      .values({
        user_id: user.id,
        role,
        local_authority_code: role === "council_officer" ? (options.localAuthorityCode ?? BIRMINGHAM) : null,
        granted_by: null,
      })
      .execute();
  }
  return user;
}

async function staffActor() {
  const staff = await makeUser("programme.lead@example.org", ["staff"]);
  return { id: staff.id, ip: "203.0.113.9" };
}

async function invite(
  actor: { id: number },
  email: string,
  role: "judge" | "staff" | "council_officer" = "judge",
  la?: string,
) {
  const created = await createInvitation(actor, { email, role, localAuthorityCode: la });
  // Every invitation here is sent at once: judges, council officers, and the first staff
  // invitation of the only member of staff (two-people.test.ts covers those that wait).
  if (!created.token) throw new Error(`The invitation to ${email} was not sent: it waits for approval`);
  return { ...created, token: created.token };
}

async function rolesOf(userId: number) {
  const rows = await t.db
    .selectFrom("role_grant")
    .select(["role", "local_authority_code", "granted_by"])
    .where("user_id", "=", userId)
    .orderBy("role")
    .execute();
  return rows;
}

async function auditActions() {
  return t.db.selectFrom("audit_event").selectAll().orderBy("id").execute();
}

describe("inviting someone", () => {
  it("stores only the hash of the link's token and queues the email with the link", async () => {
    const staff = await staffActor();
    const { invitationId, token, expiresAt } = await invite(staff, "Judge.One@Example.org");

    const row = await t.db
      .selectFrom("invitation")
      .selectAll()
      .where("id", "=", invitationId)
      .executeTakeFirstOrThrow();
    expect(row.email).toBe("judge.one@example.org");
    expect(row.role).toBe("judge");
    expect(row.token_hash).toBe(hashToken(token));
    expect(row.token_hash).not.toContain(token);
    // Seven days, to the second.
    const days = (new Date(row.expires_at).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(INVITATION_DAYS - 0.01);
    expect(days).toBeLessThanOrEqual(INVITATION_DAYS);
    expect(new Date(row.expires_at).getTime()).toBe(expiresAt.getTime());

    const outbox = await t.db.selectFrom("email_outbox").selectAll().execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.to_address).toBe("judge.one@example.org");
    expect(outbox[0]!.template).toBe("invitation");
    const props = outbox[0]!.props as unknown as Record<string, string>;
    expect(props.acceptUrl).toMatch(new RegExp(`/invitations/${token}$`));
    expect(props.roleDescription).toBe("a judge");
    expect(props.inviterName).toBe("Person programme.lead");
  });

  it("writes nothing and sends nothing when any part of the change fails", async () => {
    const staff = await staffActor();
    // Make the audit write, the last step of the transaction, fail.
    await sql`create function refuse_invitation_audit() returns trigger language plpgsql as $$
      begin
        if new.action = 'invitation_sent' then raise exception 'audit refused for the test'; end if;
        return new;
      end $$`.execute(t.owner);
    await sql`create trigger refuse_invitation_audit before insert on audit_event
      for each row execute function refuse_invitation_audit()`.execute(t.owner);
    try {
      await expect(createInvitation(staff, { email: "judge@example.org", role: "judge" })).rejects.toThrow(
        /audit refused/,
      );
    } finally {
      await sql`drop trigger refuse_invitation_audit on audit_event`.execute(t.owner);
      await sql`drop function refuse_invitation_audit()`.execute(t.owner);
    }
    expect(await t.db.selectFrom("invitation").selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom("email_outbox").selectAll().execute()).toEqual([]);
  });

  it("records who sent the invitation, to whom, and for which role and council", async () => {
    const staff = await staffActor();
    const { invitationId } = await invite(staff, "officer@coventry.gov.uk", "council_officer", COVENTRY);
    const events = await auditActions();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "invitation_sent",
      actor_user_id: staff.id,
      subject_type: "invitation",
      subject_id: String(invitationId),
      ip: "203.0.113.9",
      details: { role: "council_officer", localAuthorityCode: COVENTRY },
    });
  });

  it("requires a council for a council officer, and one that exists", async () => {
    const staff = await staffActor();
    await expect(
      createInvitation(staff, { email: "officer@example.org", role: "council_officer" }),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "localAuthorityCode",
      message: "Select the council the officer works for",
    });
    await expect(
      createInvitation(staff, {
        email: "officer@example.org",
        role: "council_officer",
        localAuthorityCode: "E99999999",
      }),
    ).rejects.toMatchObject({ kind: "invalid", field: "localAuthorityCode" });
    expect(await t.db.selectFrom("invitation").selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom("email_outbox").selectAll().execute()).toEqual([]);

    await invite(staff, "officer@example.org", "council_officer", BIRMINGHAM);
    const props = (await t.db.selectFrom("email_outbox").select("props").executeTakeFirstOrThrow())
      .props as unknown as Record<string, string>;
    expect(props.roleDescription).toBe("a council officer for Birmingham");
  });

  it("does not tie a judge or staff invitation to a council", async () => {
    const staff = await staffActor();
    const { invitationId } = await invite(staff, "judge@example.org", "judge", BIRMINGHAM);
    const row = await t.db
      .selectFrom("invitation")
      .select("local_authority_code")
      .where("id", "=", invitationId)
      .executeTakeFirstOrThrow();
    expect(row.local_authority_code).toBeNull();
  });

  it("says so when the address already holds that role", async () => {
    const staff = await staffActor();
    await makeUser("already.judge@example.org", ["judge"]);
    await expect(createInvitation(staff, { email: "Already.Judge@example.org", role: "judge" })).rejects.toMatchObject({
      kind: "invalid",
      field: "email",
      message: "already.judge@example.org is already a judge",
    });
    expect(await t.db.selectFrom("email_outbox").selectAll().execute()).toEqual([]);

    // A different role for the same person is fine.
    const asStaff = await createInvitation(staff, { email: "already.judge@example.org", role: "staff" });
    expect(asStaff.invitationId).toBeGreaterThan(0);
  });

  it("points to the existing invitation instead of sending a second one", async () => {
    const staff = await staffActor();
    await invite(staff, "judge@example.org");
    await expect(createInvitation(staff, { email: "judge@example.org", role: "judge" })).rejects.toMatchObject({
      kind: "invalid",
      field: "email",
      message: expect.stringMatching(/already been invited.*Send that invitation again/),
    });
  });
});

describe("accepting an invitation with no account yet", () => {
  it("creates a verified account with the role and a working session", async () => {
    const staff = await staffActor();
    const { token, invitationId } = await invite(staff, "new.judge@example.org");

    const result = await acceptInvitationWithNewAccount(
      token,
      { name: "  Ada Judge ", password: GOOD_PASSWORD },
      "198.51.100.7",
    );

    const user = await t.db
      .selectFrom("app_user")
      .selectAll()
      .where("id", "=", result.userId)
      .executeTakeFirstOrThrow();
    expect(user.email).toBe("new.judge@example.org");
    expect(user.name).toBe("Ada Judge");
    expect(user.email_verified_at).not.toBeNull();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.password_hash, GOOD_PASSWORD)).toBe(true);
    expect(await rolesOf(user.id)).toEqual([{ role: "judge", local_authority_code: null, granted_by: staff.id }]);

    const session = await validateSessionToken(result.session.token);
    expect(session?.id).toBe(user.id);
    expect(session?.roles).toEqual(["judge"]);

    const invitation = await t.db
      .selectFrom("invitation")
      .selectAll()
      .where("id", "=", invitationId)
      .executeTakeFirstOrThrow();
    expect(invitation.accepted_user_id).toBe(user.id);
    expect(invitation.accepted_at).not.toBeNull();
    expect((await findInvitation(token))?.status).toBe("accepted");
  });

  it("gives a council officer their council", async () => {
    const staff = await staffActor();
    const { token } = await invite(staff, "officer@coventry.gov.uk", "council_officer", COVENTRY);
    const result = await acceptInvitationWithNewAccount(token, { name: "Cal Officer", password: GOOD_PASSWORD });
    expect(await rolesOf(result.userId)).toEqual([
      { role: "council_officer", local_authority_code: COVENTRY, granted_by: staff.id },
    ]);
  });

  it("records the acceptance and the role given, with who and what", async () => {
    const staff = await staffActor();
    const { token, invitationId } = await invite(staff, "new.staff@example.org", "staff");
    const result = await acceptInvitationWithNewAccount(
      token,
      { name: "Sam Staff", password: GOOD_PASSWORD },
      "198.51.100.7",
    );
    const events = await auditActions();
    // The only member of staff approves their own first staff invitation (decision 049).
    expect(events.map((e) => e.action)).toEqual([
      "staff_invitation_approved",
      "invitation_sent",
      "account_created",
      "role_granted",
      "invitation_accepted",
    ]);
    expect(events.find((e) => e.action === "role_granted")).toMatchObject({
      actor_user_id: staff.id,
      subject_type: "user",
      subject_id: String(result.userId),
      ip: "198.51.100.7",
      details: { role: "staff", localAuthorityCode: null, invitationId },
    });
    expect(events.find((e) => e.action === "invitation_accepted")).toMatchObject({
      actor_user_id: result.userId,
      subject_type: "invitation",
      subject_id: String(invitationId),
      details: { role: "staff" },
    });
  });

  it("refuses a password that breaks the policy and creates nothing", async () => {
    const staff = await staffActor();
    const { token } = await invite(staff, "new.judge@example.org");
    await expect(acceptInvitationWithNewAccount(token, { name: "Ada", password: "short" })).rejects.toMatchObject({
      kind: "invalid",
      field: "password",
      message: "Password must be 12 characters or more",
    });
    await expect(
      acceptInvitationWithNewAccount(token, { name: "Ada", password: "new.judge at home 2026" }),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "password",
      message: "Password must not include your email address",
    });
    expect(
      await t.db.selectFrom("app_user").select("id").where("email", "=", "new.judge@example.org").execute(),
    ).toEqual([]);
    expect((await findInvitation(token))?.status).toBe("pending");
  });

  it("works only once", async () => {
    const staff = await staffActor();
    const { token } = await invite(staff, "new.judge@example.org");
    const first = await acceptInvitationWithNewAccount(token, { name: "Ada", password: GOOD_PASSWORD });
    expect(first.role).toBe("judge");
    await expect(
      acceptInvitationWithNewAccount(token, {
        name: "Mallory",
        password: "another long passphrase",
      }),
    ).rejects.toMatchObject({ kind: "conflict", message: "This invitation has already been used" });
    const users = await t.db
      .selectFrom("app_user")
      .select("name")
      .where("email", "=", "new.judge@example.org")
      .execute();
    expect(users).toEqual([{ name: "Ada" }]);
  });

  it("lets only one of two simultaneous acceptances through", async () => {
    const staff = await staffActor();
    const { token } = await invite(staff, "new.judge@example.org");
    const results = await Promise.allSettled([
      acceptInvitationWithNewAccount(token, { name: "First", password: GOOD_PASSWORD }),
      acceptInvitationWithNewAccount(token, { name: "Second", password: "another long passphrase" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    // The second finds the invitation used, or (if it checked first) the account just made.
    expect(results.filter((r) => r.status === "rejected").map((r) => r.reason)).toEqual([
      expect.objectContaining({
        kind: "conflict",
        message: expect.stringMatching(/^(This invitation has already been used|An account already exists)/),
      }),
    ]);
    expect(
      await t.db.selectFrom("app_user").select("id").where("email", "=", "new.judge@example.org").execute(),
    ).toHaveLength(1);
    expect(await t.db.selectFrom("role_grant").select("id").where("role", "=", "judge").execute()).toHaveLength(1);
  });

  it("refuses an expired link", async () => {
    const staff = await staffActor();
    const { token, invitationId } = await invite(staff, "late.judge@example.org");
    await t.db
      .updateTable("invitation")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", invitationId)
      .execute();
    expect(await findInvitation(token)).toEqual({ status: "expired" });
    await expect(
      acceptInvitationWithNewAccount(token, { name: "Late", password: GOOD_PASSWORD }),
    ).rejects.toMatchObject({ kind: "conflict", message: "This invitation has expired" });
    expect(
      await t.db.selectFrom("app_user").select("id").where("email", "=", "late.judge@example.org").execute(),
    ).toEqual([]);
  });

  it("refuses a revoked link", async () => {
    const staff = await staffActor();
    const { token, invitationId } = await invite(staff, "judge@example.org");
    expect(await revokeInvitation(staff, invitationId)).toEqual({ email: "judge@example.org" });
    expect(await findInvitation(token)).toEqual({ status: "revoked" });
    await expect(acceptInvitationWithNewAccount(token, { name: "Jo", password: GOOD_PASSWORD })).rejects.toMatchObject({
      kind: "conflict",
      message: "This invitation has been withdrawn",
    });
    const revoked = (await auditActions()).find((e) => e.action === "invitation_revoked");
    expect(revoked).toMatchObject({
      actor_user_id: staff.id,
      subject_id: String(invitationId),
      details: { role: "judge" },
    });
  });

  it("treats made-up and malformed tokens as links that do not exist", async () => {
    for (const token of [
      "",
      "abc",
      "a".repeat(32),
      "A".repeat(32),
      "../../etc/passwd",
      "x".repeat(100_000),
      "aaaa\u0000",
    ]) {
      expect(await findInvitation(token)).toBeNull();
      await expect(acceptInvitationWithNewAccount(token, { name: "X", password: GOOD_PASSWORD })).rejects.toMatchObject(
        { kind: "not_found" },
      );
    }
  });
});

describe("sending an invitation again", () => {
  it("gives it a new link and stops the old one working", async () => {
    const staff = await staffActor();
    const { token: oldToken, invitationId } = await invite(staff, "judge@example.org");
    const resent = await resendInvitation(staff, invitationId);
    const newToken = resent.token!;
    expect(newToken).not.toBe(oldToken);

    expect(await findInvitation(oldToken)).toBeNull();
    await expect(
      acceptInvitationWithNewAccount(oldToken, { name: "Jo", password: GOOD_PASSWORD }),
    ).rejects.toMatchObject({ kind: "not_found" });

    const emails = await t.db.selectFrom("email_outbox").select("props").orderBy("id").execute();
    expect(emails).toHaveLength(2);
    expect((emails[1]!.props as unknown as Record<string, string>).acceptUrl).toMatch(
      new RegExp(`/invitations/${newToken}$`),
    );
    expect(await acceptInvitationWithNewAccount(newToken, { name: "Jo", password: GOOD_PASSWORD })).toMatchObject({
      role: "judge",
    });
  });

  it("revives an expired invitation for another 7 days", async () => {
    const staff = await staffActor();
    const { invitationId } = await invite(staff, "judge@example.org");
    await t.db
      .updateTable("invitation")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", invitationId)
      .execute();
    const resent = await resendInvitation(staff, invitationId);
    expect((await findInvitation(resent.token!))?.status).toBe("pending");
  });

  it("cannot send or revoke an invitation that was accepted or revoked", async () => {
    const staff = await staffActor();
    const accepted = await invite(staff, "one@example.org");
    await acceptInvitationWithNewAccount(accepted.token, { name: "One", password: GOOD_PASSWORD });
    const refused = (message: string) => ({ kind: "conflict", field: "form", message });
    await expect(resendInvitation(staff, accepted.invitationId)).rejects.toMatchObject(
      refused("That invitation has already been accepted"),
    );
    await expect(revokeInvitation(staff, accepted.invitationId)).rejects.toMatchObject(
      refused("That invitation has already been accepted"),
    );

    const revoked = await invite(staff, "two@example.org");
    await revokeInvitation(staff, revoked.invitationId);
    await expect(resendInvitation(staff, revoked.invitationId)).rejects.toMatchObject(
      refused("That invitation has been revoked. Invite the person again instead"),
    );
    await expect(revokeInvitation(staff, 999_999)).rejects.toMatchObject(
      refused("That invitation could not be found. It may have been removed"),
    );
  });
});

describe("accepting an invitation with an existing account", () => {
  it("gives the role and leaves the password as it was", async () => {
    const staff = await staffActor();
    const entrant = await makeUser("entrant@example.org", ["entrant"], { password: "my own passphrase here" });
    const { token } = await invite(staff, "entrant@example.org", "judge");

    const lookup = await findInvitation(token);
    expect(lookup).toMatchObject({ status: "pending", accountExists: true });
    // Signed out, the new-account path refuses: they must sign in.
    await expect(
      acceptInvitationWithNewAccount(token, { name: "Hijack", password: GOOD_PASSWORD }),
    ).rejects.toMatchObject({ kind: "conflict", message: expect.stringMatching(/^An account already exists/) });

    const result = await acceptInvitationAsUser(token, { id: entrant.id });
    expect(result).toEqual({ role: "judge", alreadyHeld: false });
    const after = await t.db.selectFrom("app_user").selectAll().where("id", "=", entrant.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(entrant.password_hash);
    expect(after.name).toBe("Person entrant");
    expect((await rolesOf(entrant.id)).map((r) => r.role)).toEqual(["entrant", "judge"]);
  });

  it("verifies the address of an account that had not confirmed it", async () => {
    const staff = await staffActor();
    const person = await makeUser("unverified@example.org", [], {
      password: "my own passphrase here",
      verified: false,
    });
    const { token } = await invite(staff, "unverified@example.org", "judge");
    await acceptInvitationAsUser(token, person);
    const after = await t.db
      .selectFrom("app_user")
      .select("email_verified_at")
      .where("id", "=", person.id)
      .executeTakeFirstOrThrow();
    expect(after.email_verified_at).not.toBeNull();
  });

  it("refuses someone signed in as a different account", async () => {
    const staff = await staffActor();
    await makeUser("invitee@example.org", []);
    const other = await makeUser("someone.else@example.org", ["entrant"]);
    const { token } = await invite(staff, "invitee@example.org", "staff");
    await expect(acceptInvitationAsUser(token, other)).rejects.toMatchObject({
      kind: "forbidden",
      message: "This invitation is for a different account",
    });
    expect((await rolesOf(other.id)).map((r) => r.role)).toEqual(["entrant"]);
    expect((await findInvitation(token))?.status).toBe("pending");
  });

  it("refuses to move a council officer to a second council", async () => {
    const staff = await staffActor();
    const officer = await makeUser("officer@example.org");
    const { token } = await invite(staff, "officer@example.org", "council_officer", COVENTRY);
    // Made an officer for Birmingham another way after the Coventry invitation went out.
    await t.db
      .insertInto("role_grant")
      .values({ user_id: officer.id, role: "council_officer", local_authority_code: BIRMINGHAM, granted_by: null })
      .execute();
    await expect(acceptInvitationAsUser(token, officer)).rejects.toMatchObject({
      kind: "conflict",
      field: "form",
      message:
        "You are already a council officer for a different council. Ask the programme team to change your council",
    });
    expect(await rolesOf(officer.id)).toEqual([
      { role: "council_officer", local_authority_code: BIRMINGHAM, granted_by: null },
    ]);
    expect((await findInvitation(token))?.status).toBe("pending");
  });
});

describe("the list of invitations", () => {
  it("shows each invitation's status, newest first, and filters by status", async () => {
    const staff = await staffActor();
    const pending = await invite(staff, "pending@example.org");
    const accepted = await invite(staff, "accepted@example.org");
    await acceptInvitationWithNewAccount(accepted.token, { name: "Acc", password: GOOD_PASSWORD });
    const expired = await invite(staff, "expired@example.org");
    await t.db
      .updateTable("invitation")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", expired.invitationId)
      .execute();
    const revoked = await invite(staff, "revoked@example.org");
    await revokeInvitation(staff, revoked.invitationId);

    const all = await listInvitations(staff, { page: 1 });
    expect(all.total).toBe(4);
    expect(all.invitations.map((i) => [i.email, i.status])).toEqual([
      ["revoked@example.org", "revoked"],
      ["expired@example.org", "expired"],
      ["accepted@example.org", "accepted"],
      ["pending@example.org", "pending"],
    ]);
    expect(all.invitations[0]!.invitedBy).toBe("Person programme.lead");

    for (const status of ["pending", "accepted", "expired", "revoked"] as const) {
      const only = await listInvitations(staff, { page: 1, status });
      expect(only.invitations.map((i) => i.email)).toEqual([`${status}@example.org`]);
    }
    const focused = await listInvitations(staff, { page: 1, focusId: pending.invitationId });
    expect(focused.focus).toEqual({ id: pending.invitationId, email: "pending@example.org" });
  });
});
