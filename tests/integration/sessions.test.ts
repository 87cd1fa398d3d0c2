import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import { getCurrentUser } from "../../app/auth/guards.server";
import { createSession, hashToken, SESSION_COOKIE, validateSessionToken } from "../../app/auth/session.server";
import * as sessionsRoute from "../../app/routes/account.sessions";
import { withAppErrorResponse } from "../../app/security/app-error-responses.server";
import { NOTHING_TO_RESET, OWN_SECOND_FACTOR, resetSecondFactor } from "../../app/services/accounts/people.server";
import { grantRole, revokeRole } from "../../app/services/accounts/roles.server";
import { endOtherSessions, endSession, listSessions } from "../../app/services/accounts/sessions.server";
import { applyRetention } from "../../app/services/records/retention.server";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";

// Sessions that end (idle and absolute limits, by role), new tokens when roles change, a person's
// own sessions page, and staff resetting a lost second factor.

const t = useTestDatabase();

const T0 = new Date("2026-12-01T09:00:00Z");
const minutes = (n: number) => n * 60 * 1000;
const hours = (n: number) => minutes(n * 60);
const days = (n: number) => hours(n * 24);
const at = (ms: number) => new Date(T0.getTime() + ms);

const CHROME_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

async function person(name: string, roles: Role[] = []) {
  const email = `${name.toLowerCase().replace(/\s+/g, ".")}@example.org`;
  const user = await t.db
    .insertInto("app_user")
    .values({ email, name, email_verified_at: new Date() })
    .returning(["id", "email", "name"])
    .executeTakeFirstOrThrow();
  const grants: Partial<Record<Role, number>> = {};
  for (const role of roles) {
    const grant = await t.db
      .insertInto("role_grant")
      .values({ user_id: user.id, role, local_authority_code: role === "council_officer" ? "E08000030" : null })
      .returning("id")
      .executeTakeFirstOrThrow();
    grants[role] = grant.id;
  }
  return { ...user, grants };
}

async function sessionRow(token: string) {
  return t.db.selectFrom("session").selectAll().where("id", "=", hashToken(token)).executeTakeFirst();
}

async function auditOf(action: string) {
  return t.db.selectFrom("audit_event").selectAll().where("action", "=", action).orderBy("id").execute();
}

describe("how long a session lasts", () => {
  it("records where and on what it was opened, and ends by the roles' limits", async () => {
    const staff = await person("Sam Staff", ["staff"]);
    const entrant = await person("Erin Entrant", ["entrant"]);
    const staffSession = await createSession(staff.id, t.db, { ip: "81.2.69.160", userAgent: CHROME_WINDOWS, now: T0 });
    const entrantSession = await createSession(entrant.id, t.db, { ip: "::1", userAgent: SAFARI_IPHONE, now: T0 });

    expect(await sessionRow(staffSession.token)).toMatchObject({
      ip: "81.2.69.160",
      user_agent: CHROME_WINDOWS,
      expires_at: at(hours(2)),
      absolute_expires_at: at(hours(12)),
    });
    expect(await sessionRow(entrantSession.token)).toMatchObject({
      expires_at: at(days(30)),
      absolute_expires_at: at(days(90)),
    });
    expect(staffSession.expiresAt).toEqual(at(hours(2)));
  });

  it("signs a member of staff out after 2 hours without use, but not an entrant", async () => {
    const staff = await person("Sam Staff", ["staff"]);
    const entrant = await person("Erin Entrant", ["entrant"]);
    const justInTime = await createSession(staff.id, t.db, { now: T0 });
    const tooLate = await createSession(staff.id, t.db, { now: T0 });
    const entrantSession = await createSession(entrant.id, t.db, { now: T0 });

    expect((await validateSessionToken(justInTime.token, at(hours(2) - 1000)))?.id).toBe(staff.id);
    expect(await validateSessionToken(tooLate.token, at(hours(2)))).toBeNull();
    // Ended for good: the row has gone, so even a clock put back does not revive it.
    expect(await sessionRow(tooLate.token)).toBeUndefined();
    expect(await validateSessionToken(tooLate.token, T0)).toBeNull();

    expect((await validateSessionToken(entrantSession.token, at(hours(2))))?.id).toBe(entrant.id);
    expect((await validateSessionToken(entrantSession.token, at(days(29))))?.id).toBe(entrant.id);
  });

  it("signs a member of staff out 12 hours after sign-in however often they use it", async () => {
    const staff = await person("Sam Staff", ["staff"]);
    const session = await createSession(staff.id, t.db, { now: T0 });
    for (let hour = 1; hour < 12; hour++) {
      expect((await validateSessionToken(session.token, at(hours(hour))))?.id, `at ${hour} hours`).toBe(staff.id);
    }
    const last = await validateSessionToken(session.token, at(hours(11) + minutes(30)));
    // The cookie never outlives the session's absolute end.
    expect(last?.sessionExpiresAt).toEqual(at(hours(12)));
    expect(await validateSessionToken(session.token, at(hours(12)))).toBeNull();
  });

  it("keeps an entrant signed in while they keep using it, but not past 90 days", async () => {
    const entrant = await person("Erin Entrant", ["entrant"]);
    const session = await createSession(entrant.id, t.db, { now: T0 });
    for (const day of [25, 50, 75, 89]) {
      expect((await validateSessionToken(session.token, at(days(day))))?.id, `on day ${day}`).toBe(entrant.id);
    }
    expect(await validateSessionToken(session.token, at(days(90)))).toBeNull();
  });

  it("ends an entrant's session after 30 days without use", async () => {
    const entrant = await person("Erin Entrant", ["entrant"]);
    const session = await createSession(entrant.id, t.db, { now: T0 });
    expect(await validateSessionToken(session.token, at(days(30)))).toBeNull();
  });

  it("gives an entrant made a judge a judge's limits in the session they already have", async () => {
    const entrant = await person("Jo Judge", ["entrant"]);
    const session = await createSession(entrant.id, t.db, { now: T0 });
    await t.db.transaction().execute((trx) => grantRole(trx, { userId: entrant.id, role: "judge", grantedBy: null }));
    expect(await validateSessionToken(session.token, at(hours(2)))).toBeNull();
  });

  it("records a use at most once a minute, and refreshes the cookie when it does", async () => {
    const entrant = await person("Erin Entrant", ["entrant"]);
    const session = await createSession(entrant.id, t.db, { now: T0 });

    const soon = await validateSessionToken(session.token, at(30_000));
    expect(soon?.sessionRefreshed).toBe(false);
    expect((await sessionRow(session.token))?.last_used_at).toEqual(T0);

    const later = await validateSessionToken(session.token, at(minutes(1)));
    expect(later?.sessionRefreshed).toBe(true);
    expect(later?.sessionExpiresAt).toEqual(at(minutes(1) + days(30)));
    expect(await sessionRow(session.token)).toMatchObject({
      last_used_at: at(minutes(1)),
      expires_at: at(minutes(1) + days(30)),
    });
  });
});

describe("a new token when roles change", () => {
  function requestWith(token: string) {
    return {
      request: new Request("http://localhost/", { headers: { cookie: `${SESSION_COOKIE}=${token}` } }),
      context: { ip: "192.0.2.1", nonce: "n", requestId: "r", setCookies: [] as string[] },
    } as unknown as LoaderFunctionArgs;
  }

  it("replaces every session's token at its next request after a role is removed; the old tokens stop working", async () => {
    const staff = await person("Sam Staff", ["staff"]);
    const judge = await person("Jo Judge", ["entrant", "judge"]);
    const laptop = await createSession(judge.id, t.db, { userAgent: CHROME_WINDOWS });
    const phone = await createSession(judge.id, t.db, { userAgent: SAFARI_IPHONE });
    await t.db.updateTable("session").set({ second_factor_at: T0 }).where("id", "=", hashToken(laptop.token)).execute();

    await revokeRole({ id: staff.id }, judge.grants.judge!);

    const args = requestWith(laptop.token);
    const current = await getCurrentUser(args);
    expect(current?.roles).toEqual(["entrant"]);
    const cookie = args.context.setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toBeDefined();
    const newToken = /=([a-z2-7]{32});/.exec(cookie!)?.[1];
    expect(newToken).toBeDefined();
    expect(newToken).not.toBe(laptop.token);

    expect(await validateSessionToken(laptop.token)).toBeNull();
    const again = await validateSessionToken(newToken!);
    expect(again?.id).toBe(judge.id);
    // Only the token changed: the session is the same one, second factor and device included.
    expect(again?.secondFactorAt).toEqual(T0);
    expect(again?.replacementToken).toBeNull();
    expect(await sessionRow(newToken!)).toMatchObject({ user_agent: CHROME_WINDOWS, rotate_required: false });
    // No longer a judge: a judge's 2 hours without use no longer apply, though the end set when
    // they signed in as a judge, 12 hours later, still does.
    const row = (await sessionRow(newToken!))!;
    expect(row.expires_at).toEqual(row.absolute_expires_at);
    expect(row.expires_at.getTime()).toBeGreaterThan(Date.now() + hours(11));

    // The other device gets its own new token at its own next request.
    const phoneNow = await validateSessionToken(phone.token);
    expect(phoneNow?.replacementToken).toMatch(/^[a-z2-7]{32}$/);
    expect(await validateSessionToken(phone.token)).toBeNull();
  });

  it("replaces the token after a role is given, but not when the role was already held", async () => {
    const person1 = await person("Cal Officer", ["entrant"]);
    const session = await createSession(person1.id);
    await t.db.transaction().execute((trx) => grantRole(trx, { userId: person1.id, role: "entrant", grantedBy: null }));
    expect((await validateSessionToken(session.token))?.replacementToken).toBeNull();

    await t.db.transaction().execute((trx) =>
      grantRole(trx, {
        userId: person1.id,
        role: "council_officer",
        localAuthorityCode: "E08000030",
        grantedBy: null,
      }),
    );
    const rotated = await validateSessionToken(session.token);
    expect(rotated?.roles).toEqual(["council_officer", "entrant"]);
    expect(rotated?.replacementToken).toMatch(/^[a-z2-7]{32}$/);
    expect(await validateSessionToken(session.token)).toBeNull();
  });

  it("leaves other people's sessions alone", async () => {
    const staff = await person("Sam Staff", ["staff"]);
    const judge = await person("Jo Judge", ["judge"]);
    const bystander = await person("Bea Bystander", ["judge"]);
    const theirs = await createSession(bystander.id);
    await revokeRole({ id: staff.id }, judge.grants.judge!);
    expect((await validateSessionToken(theirs.token))?.replacementToken).toBeNull();
  });
});

describe("a person's own sessions", () => {
  it("lists where they are signed in, this device first, and nobody else's", async () => {
    const priya = await person("Priya Chauhan", ["entrant"]);
    const other = await person("Oscar Other", ["entrant"]);
    const laptop = await createSession(priya.id, t.db, { ip: "81.2.69.160", userAgent: CHROME_WINDOWS, now: T0 });
    const phone = await createSession(priya.id, t.db, { ip: "10.0.0.7", userAgent: SAFARI_IPHONE, now: at(hours(1)) });
    await createSession(other.id, t.db, { ip: "127.0.0.1", userAgent: CHROME_WINDOWS });

    const sessions = await listSessions({ id: priya.id }, hashToken(laptop.token));
    expect(sessions).toEqual([
      {
        id: hashToken(laptop.token),
        device: "Chrome on Windows",
        place: "81.2.69.x",
        signedInAt: T0,
        lastUsedAt: T0,
        current: true,
      },
      {
        id: hashToken(phone.token),
        device: "Safari on iPhone",
        place: "A private network",
        signedInAt: at(hours(1)),
        lastUsedAt: at(hours(1)),
        current: false,
      },
    ]);
  });

  it("ends one of them: that device is signed out, and it is audited", async () => {
    const priya = await person("Priya Chauhan", ["entrant"]);
    const laptop = await createSession(priya.id, t.db, { userAgent: CHROME_WINDOWS });
    const phone = await createSession(priya.id, t.db, { ip: "81.2.69.160", userAgent: SAFARI_IPHONE });

    const result = await endSession({ id: priya.id, ip: "192.0.2.1" }, hashToken(phone.token), hashToken(laptop.token));
    expect(result).toEqual({ wasCurrent: false });
    expect(await validateSessionToken(phone.token)).toBeNull();
    expect((await validateSessionToken(laptop.token))?.id).toBe(priya.id);

    const events = await auditOf("session.ended");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_user_id: priya.id,
      subject_type: "user",
      subject_id: String(priya.id),
      ip: "192.0.2.1",
      details: { device: "Safari on iPhone", place: "81.2.69.x", scope: "one session" },
    });
    // The audit trail names the session without keeping an id that could be looked up.
    expect(JSON.stringify(events[0]!.details)).not.toContain(hashToken(phone.token));
  });

  it("ends all the others at once, keeping this one", async () => {
    const priya = await person("Priya Chauhan", ["entrant"]);
    const here = await createSession(priya.id);
    const others = [await createSession(priya.id), await createSession(priya.id)];
    expect(await endOtherSessions({ id: priya.id }, hashToken(here.token))).toEqual({ ended: 2 });
    for (const other of others) expect(await validateSessionToken(other.token)).toBeNull();
    expect((await validateSessionToken(here.token))?.id).toBe(priya.id);
    expect(await auditOf("session.ended")).toHaveLength(2);
  });

  it("cannot end another person's session: it is not found, and it goes on working", async () => {
    const priya = await person("Priya Chauhan", ["entrant"]);
    const mallory = await person("Mallory Other", ["entrant"]);
    const hers = await createSession(priya.id);
    const theirs = await createSession(mallory.id);

    const refused = await refusalOf(endSession({ id: mallory.id }, hashToken(hers.token), hashToken(theirs.token)));
    expect(refused.status).toBe(404);

    // The same through the page's form.
    const body = new URLSearchParams({ intent: "end", sessionId: hashToken(hers.token) });
    const post = {
      request: new Request("http://localhost/account/sessions", {
        method: "POST",
        headers: { cookie: `${SESSION_COOKIE}=${theirs.token}` },
        body,
      }),
      params: {},
      context: { ip: "192.0.2.1", nonce: "n", requestId: "r", setCookies: [] as string[] },
    } as unknown as ActionFunctionArgs;
    const answer = await withAppErrorResponse(sessionsRoute.action)(post).catch((error: unknown) => error);
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBe(404);

    expect((await validateSessionToken(hers.token))?.id).toBe(priya.id);
    expect(await auditOf("session.ended")).toEqual([]);
  });
});

describe("staff resetting a lost second factor", () => {
  async function withSecondFactor(name: string, roles: Role[] = ["judge"]) {
    const someone = await person(name, roles);
    await t.db
      .insertInto("totp_credential")
      .values({ user_id: someone.id, key: new Uint8Array(20).fill(7), confirmed_at: T0 })
      .execute();
    await t.db
      .insertInto("recovery_code")
      .values([
        { user_id: someone.id, code_hash: "a".repeat(64) },
        { user_id: someone.id, code_hash: "b".repeat(64) },
      ])
      .execute();
    await t.db
      .insertInto("passkey_credential")
      .values({
        id: `passkey-${someone.id}`,
        user_id: someone.id,
        public_key: new Uint8Array([1, 2, 3]),
        device_type: "multiDevice",
        name: "Phone",
      })
      .execute();
    const sessions = [await createSession(someone.id), await createSession(someone.id)];
    return { ...someone, sessions };
  }

  async function factorsOf(userId: number) {
    const [totp, codes, passkeys] = await Promise.all([
      t.db.selectFrom("totp_credential").select("user_id").where("user_id", "=", userId).execute(),
      t.db.selectFrom("recovery_code").select("id").where("user_id", "=", userId).execute(),
      t.db.selectFrom("passkey_credential").select("id").where("user_id", "=", userId).execute(),
    ]);
    return { totp: totp.length, codes: codes.length, passkeys: passkeys.length };
  }

  it("removes the person's factors and sessions, records who did it, and emails them", async () => {
    const staff = await person("Sam Staff", ["staff"]);
    const judge = await withSecondFactor("Jo Judge");
    const bystander = await withSecondFactor("Bea Bystander");

    expect(await resetSecondFactor({ id: staff.id, ip: "192.0.2.1" }, judge.id)).toEqual({
      name: "Jo Judge",
      email: judge.email,
    });

    expect(await factorsOf(judge.id)).toEqual({ totp: 0, codes: 0, passkeys: 0 });
    for (const session of judge.sessions) expect(await validateSessionToken(session.token)).toBeNull();
    // Nobody else's.
    expect(await factorsOf(bystander.id)).toEqual({ totp: 1, codes: 2, passkeys: 1 });
    expect((await validateSessionToken(bystander.sessions[0]!.token))?.id).toBe(bystander.id);

    const events = await auditOf("second_factor.reset");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_user_id: staff.id,
      subject_type: "user",
      subject_id: String(judge.id),
      ip: "192.0.2.1",
      details: { authenticatorApp: true, passkeys: 1, recoveryCodes: 2, sessionsEnded: 2 },
    });

    const emails = await t.db.selectFrom("email_outbox").selectAll().execute();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      to_address: judge.email,
      template: "second-factor-reset",
      props: { name: "Jo Judge", resetBy: "Sam Staff" },
    });
  });

  it("is refused by the service itself when the session's second factor is not recent, as a route that forgot to ask would let through", async () => {
    const staff = await person("Sam Staff", ["staff"]);
    const judge = await withSecondFactor("Jo Judge");
    const now = new Date();
    for (const secondFactorAt of [null, new Date(now.getTime() - 6 * 60_000)]) {
      await expect(resetSecondFactor({ id: staff.id, secondFactorAt }, judge.id, now)).rejects.toMatchObject({
        kind: "forbidden",
        message: "Confirm it is you with your second factor, then try again.",
      });
    }
    expect(await factorsOf(judge.id)).toEqual({ totp: 1, codes: 2, passkeys: 1 });
    expect(await auditOf("second_factor.reset")).toEqual([]);
    // Given a minute ago, it is recent enough.
    await resetSecondFactor({ id: staff.id, secondFactorAt: new Date(now.getTime() - 60_000) }, judge.id, now);
    expect(await factorsOf(judge.id)).toEqual({ totp: 0, codes: 0, passkeys: 0 });
  });

  it("refuses a member of staff resetting their own, changing nothing", async () => {
    const staff = await withSecondFactor("Sam Staff", ["staff"]);
    await expect(resetSecondFactor({ id: staff.id }, staff.id)).rejects.toMatchObject({
      kind: "forbidden",
      message: OWN_SECOND_FACTOR,
    });
    expect(await factorsOf(staff.id)).toEqual({ totp: 1, codes: 2, passkeys: 1 });
    expect(await auditOf("second_factor.reset")).toEqual([]);
    expect(await t.db.selectFrom("email_outbox").selectAll().execute()).toEqual([]);
  });

  it("refuses anyone who is not staff", async () => {
    const judge = await person("Jo Judge", ["judge", "council_officer"]);
    const target = await withSecondFactor("Bea Bystander");
    expect((await refusalOf(resetSecondFactor({ id: judge.id }, target.id))).status).toBe(403);
    expect(await factorsOf(target.id)).toEqual({ totp: 1, codes: 2, passkeys: 1 });
    expect((await validateSessionToken(target.sessions[0]!.token))?.id).toBe(target.id);
  });

  it("says when there is nothing to reset (someone else got there first), and an unknown person is not found", async () => {
    const staff = await person("Sam Staff", ["staff"]);
    const judge = await withSecondFactor("Jo Judge");
    await resetSecondFactor({ id: staff.id }, judge.id);
    await expect(resetSecondFactor({ id: staff.id }, judge.id)).rejects.toMatchObject({
      kind: "conflict",
      message: NOTHING_TO_RESET,
    });
    expect((await refusalOf(resetSecondFactor({ id: staff.id }, judge.id + 1000))).status).toBe(404);
    expect(await auditOf("second_factor.reset")).toHaveLength(1);
  });
});

/** The sessions rule's share of a run of the retention job (which runs every rule). */
async function purgeEndedSessions(now: Date): Promise<number> {
  return (await applyRetention(now)).counts.sessions;
}

describe("removing sessions nobody can use any more", () => {
  it("deletes sessions past every limit, with the address and device they recorded, and keeps live ones", async () => {
    const staff = await person("Sam Staff", ["staff"]);
    const entrant = await person("Erin Entrant", ["entrant"]);
    const staffSession = await createSession(staff.id, t.db, { ip: "81.2.69.160", now: T0 });
    const idleEntrant = await createSession(entrant.id, t.db, { ip: "81.2.69.161", now: T0 });
    const busyEntrant = await createSession(entrant.id, t.db, { now: T0 });
    await validateSessionToken(busyEntrant.token, at(days(29)));

    expect(await purgeEndedSessions(at(hours(11)))).toBe(0);
    // The staff session is past its 12 hours whatever happens.
    expect(await purgeEndedSessions(at(hours(12)))).toBe(1);
    expect(await sessionRow(staffSession.token)).toBeUndefined();
    // 30 days without use ends anyone's session; the one used on day 29 lives on.
    expect(await purgeEndedSessions(at(days(30)))).toBe(1);
    expect(await sessionRow(idleEntrant.token)).toBeUndefined();
    expect(await sessionRow(busyEntrant.token)).toBeDefined();
    expect(await t.db.selectFrom("session").select("ip").where("ip", "like", "81.2.69.%").execute()).toEqual([]);
  });
});
