import { hash as argon2Hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../app/auth/password.server";
import { validateSessionToken } from "../../app/auth/session.server";
import {
  changePassword,
  checkResetLink,
  checkVerifyLink,
  register,
  REGISTER_ANSWER_MS,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  signIn,
  signOut,
  verifyEmail,
} from "../../app/services/accounts/accounts.server";
import { isAppError } from "../../app/services/app-error.server";
import { useTestDatabase } from "../support/database";

/** An account action's outcome by name: its kind, or the kind of the AppError that refused it. */
function outcome(call: Promise<{ kind: string }>): Promise<string> {
  return call.then(
    (result) => result.kind,
    (error: unknown) => {
      if (isAppError(error)) return error.kind;
      throw error;
    },
  );
}

const t = useTestDatabase();

const IP = "203.0.113.7";
const PASSWORD = "lantern orchard pebble";
const NEW_PASSWORD = "harbour violet teaspoon";
const T0 = new Date("2026-11-21T10:00:00.000Z");
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

function at(ms: number) {
  return new Date(T0.getTime() + ms);
}

async function outbox(template?: string) {
  const rows = await t.db.selectFrom("email_outbox").selectAll().orderBy("id").execute();
  return rows.filter((r) => !template || r.template === template);
}

/** The token at the end of the link in the newest queued email of this template. */
async function tokenFromEmail(template: string, prop: string) {
  const rows = await outbox(template);
  const props = rows.at(-1)?.props as Record<string, string> | undefined;
  const url = props?.[prop];
  if (!url) throw new Error(`no ${template} email queued`);
  return url.slice(url.lastIndexOf("/") + 1);
}

async function audit(action?: string) {
  const rows = await t.db.selectFrom("audit_event").selectAll().orderBy("id").execute();
  return rows.filter((r) => !action || r.action === action);
}

async function registered(email = "priya@example.com", now = T0) {
  const result = await register({ name: "Priya Chauhan", email, password: PASSWORD }, { ip: IP, now });
  if (result.kind !== "check_email") throw new Error(`registration refused: ${result.kind}`);
  const user = await t.db
    .selectFrom("app_user")
    .selectAll()
    .where("email", "=", email.toLowerCase())
    .executeTakeFirstOrThrow();
  return { result, user };
}

/** Registers and then signs in with the password (registering itself opens no session). */
async function registeredAndSignedIn(email = "priya@example.com") {
  const { user } = await registered(email);
  const signedIn = await signIn({ email, password: PASSWORD }, { ip: IP, now: T0 });
  if (signedIn.kind !== "signed_in") throw new Error(`sign-in refused: ${signedIn.kind}`);
  return { user, session: signedIn.session };
}

describe("registering", () => {
  it("creates an unverified entrant, opens no session and queues one confirmation email", async () => {
    const { result, user } = await registered();

    expect(user.name).toBe("Priya Chauhan");
    expect(user.email_verified_at).toBeNull();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.password_hash, PASSWORD)).toBe(true);
    const roles = await t.db.selectFrom("role_grant").select("role").where("user_id", "=", user.id).execute();
    expect(roles.map((r) => r.role)).toEqual(["entrant"]);

    // Signed in only by the emailed link (see "confirming an email address").
    expect(result).toEqual({ kind: "check_email", email: "priya@example.com" });
    expect(await t.db.selectFrom("session").select("id").execute()).toHaveLength(0);

    const emails = await outbox();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to_address: "priya@example.com", template: "verify-email", status: "pending" });
    expect((emails[0]!.props as { verifyUrl: string }).verifyUrl).toMatch(/\/verify-email\/[a-z2-7]{32}$/);

    const tokens = await t.db.selectFrom("one_time_token").selectAll().execute();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.purpose).toBe("verify_email");
    // Only the hash is stored, never the token in the link.
    const token = await tokenFromEmail("verify-email", "verifyUrl");
    expect(tokens[0]!.id).not.toContain(token);
    expect(new Date(tokens[0]!.expires_at).toISOString()).toBe(at(24 * HOUR).toISOString());

    expect((await audit("registered")).map((a) => a.subject_id)).toEqual([String(user.id)]);
  });

  it("does not reveal an existing address: nothing new is created and the owner is emailed instead", async () => {
    const { user } = await registered("priya@example.com");
    const before = await outbox();

    const again = await register(
      { name: "Someone Else", email: "priya@example.com", password: NEW_PASSWORD },
      { ip: IP, now: T0 },
    );

    expect(again).toEqual({ kind: "check_email", email: "priya@example.com" });
    expect(await t.db.selectFrom("app_user").select("id").execute()).toHaveLength(1);
    const owner = await t.db.selectFrom("app_user").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(owner.name).toBe("Priya Chauhan");
    expect(await verifyPassword(owner.password_hash, PASSWORD)).toBe(true);
    expect(await t.db.selectFrom("one_time_token").select("id").execute()).toHaveLength(1);

    const added = (await outbox()).slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ to_address: "priya@example.com", template: "account-exists" });
    expect(added[0]!.props).toMatchObject({ name: "Priya Chauhan" });
    expect((added[0]!.props as { signInUrl: string }).signInUrl).toMatch(/\/sign-in$/);
    expect((added[0]!.props as { forgotPasswordUrl: string }).forgotPasswordUrl).toMatch(/\/forgot-password$/);
  });

  it("treats email addresses case-insensitively", async () => {
    await registered("priya@example.com");
    const again = await register(
      { name: "Priya", email: "  Priya@EXAMPLE.com ", password: PASSWORD },
      { ip: IP, now: T0 },
    );
    expect(again.kind).toBe("check_email");
    expect(await t.db.selectFrom("app_user").select("email").execute()).toEqual([{ email: "priya@example.com" }]);
    expect((await outbox("account-exists")).map((e) => e.to_address)).toEqual(["priya@example.com"]);

    const signedIn = await signIn({ email: "PRIYA@example.COM", password: PASSWORD }, { ip: IP, now: T0 });
    expect(signedIn.kind).toBe("signed_in");
  });

  it("two registrations racing for one address make one account", async () => {
    const results = await Promise.all([
      register({ name: "First", email: "race@example.com", password: PASSWORD }, { ip: IP, now: T0 }),
      register({ name: "Second", email: "race@example.com", password: NEW_PASSWORD }, { ip: IP, now: T0 }),
    ]);
    expect(results.map((r) => r.kind)).toEqual(["check_email", "check_email"]);
    expect(await t.db.selectFrom("app_user").select("id").execute()).toHaveLength(1);
    expect((await outbox()).map((e) => e.template).sort()).toEqual(["account-exists", "verify-email"]);
  });

  it("refuses a weak password even if the form's check was skipped, creating nothing", async () => {
    await expect(
      register({ name: "Priya", email: "priya@example.com", password: "password1234" }, { ip: IP, now: T0 }),
    ).rejects.toMatchObject({ kind: "invalid", field: "password" });
    expect(await t.db.selectFrom("app_user").select("id").execute()).toHaveLength(0);
    expect(await outbox()).toHaveLength(0);
  });

  it("an owner whose address is registered over and over gets only a few emails about it", async () => {
    await registered("priya@example.com");
    for (let i = 0; i < 6; i += 1) {
      const result = await register(
        { name: "X", email: "priya@example.com", password: PASSWORD },
        { ip: `198.51.100.${i}`, now: T0 },
      );
      expect(result.kind).toBe("check_email");
    }
    expect(await outbox("account-exists")).toHaveLength(3);
  });
});

describe("registering gives nothing away", () => {
  it("a new address and one with an account get the same answer, and neither opens a session", async () => {
    await registered("owner@example.com");
    await t.db.deleteFrom("session").execute();

    const fresh = await register(
      { name: "New Person", email: "new@example.com", password: NEW_PASSWORD },
      { ip: IP, now: T0 },
    );
    const known = await register(
      { name: "New Person", email: "owner@example.com", password: NEW_PASSWORD },
      { ip: IP, now: T0 },
    );

    // What the page is built from: the same keys, each naming only the address that was typed.
    expect(fresh).toEqual({ kind: "check_email", email: "new@example.com" });
    expect(known).toEqual({ kind: "check_email", email: "owner@example.com" });
    expect(await t.db.selectFrom("session").select("id").execute()).toEqual([]);
    // Both did their work: a confirmation email for one, an "account exists" email for the other.
    expect((await outbox()).map((e) => [e.template, e.to_address])).toEqual([
      ["verify-email", "owner@example.com"],
      ["verify-email", "new@example.com"],
      ["account-exists", "owner@example.com"],
    ]);
    expect((await audit()).map((a) => a.action)).toEqual(["registered", "registered", "register_existing_email"]);
  });

  it("takes about as long for an address with an account as for a new one", async () => {
    // A new account writes three more rows than a known address does (~10 ms), so the service
    // holds both answers until REGISTER_ANSWER_MS after the hash began. Each path's fastest run is
    // compared: load from other processes (other test files, on two cores) only ever adds time,
    // so the minimum is the cost of the path itself. Without the hold the fastest runs differ by
    // 1.7x here (measured); with it, by a few per cent.
    await registered("owner@example.com");
    const RUNS = 11;
    const timings = { fresh: [] as number[], known: [] as number[] };
    for (let i = 0; i < RUNS; i += 1) {
      for (const which of i % 2 === 0 ? (["fresh", "known"] as const) : (["known", "fresh"] as const)) {
        const email = which === "fresh" ? `new-${i}@example.com` : "owner@example.com";
        // A different address each time, so the per-address limit never answers instead.
        const ip = `198.51.100.${which === "fresh" ? i : 100 + i}`;
        const started = performance.now();
        const result = await register({ name: "Someone", email, password: NEW_PASSWORD }, { ip, now: T0 });
        timings[which].push(performance.now() - started);
        expect(result.kind).toBe("check_email");
      }
    }
    const fresh = Math.min(...timings.fresh);
    const known = Math.min(...timings.known);
    const fastest = `fastest: new ${fresh.toFixed(1)} ms, known ${known.toFixed(1)} ms`;
    expect(Math.min(fresh, known), fastest).toBeGreaterThanOrEqual(REGISTER_ANSWER_MS - 1);
    expect(Math.max(fresh, known) / Math.min(fresh, known), fastest).toBeLessThan(1.2);
  });

  it("a returnTo travels in the emailed link (and the sign-in link for a known address)", async () => {
    await registered("owner@example.com");
    const returnTo = "/organisation/join/abcdefghijklmnopqrstuvwxyz234567";
    await register(
      { name: "New Person", email: "new@example.com", password: NEW_PASSWORD },
      { ip: IP, now: T0, returnTo },
    );
    await register(
      { name: "New Person", email: "owner@example.com", password: NEW_PASSWORD },
      { ip: IP, now: T0, returnTo },
    );

    const verifyUrl = ((await outbox("verify-email")).at(-1)!.props as { verifyUrl: string }).verifyUrl;
    expect(verifyUrl).toMatch(
      /\/verify-email\/[a-z2-7]{32}\?returnTo=%2Forganisation%2Fjoin%2Fabcdefghijklmnopqrstuvwxyz234567$/,
    );
    const signInUrl = ((await outbox("account-exists")).at(-1)!.props as { signInUrl: string }).signInUrl;
    expect(signInUrl).toMatch(/\/sign-in\?returnTo=%2Forganisation%2Fjoin%2Fabcdefghijklmnopqrstuvwxyz234567$/);
  });
});

describe("confirming an email address", () => {
  it("opening the link (as a mail scanner does) neither confirms nor signs in: only the button's POST does", async () => {
    const { user } = await registered();
    const token = await tokenFromEmail("verify-email", "verifyUrl");
    for (let i = 0; i < 3; i += 1) expect(await checkVerifyLink(token, at(HOUR))).toEqual({ kind: "valid" });
    const before = await t.db
      .selectFrom("app_user")
      .select("email_verified_at")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(before.email_verified_at).toBeNull();
    expect(await t.db.selectFrom("session").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
    expect((await verifyEmail(token, { ip: IP, now: at(HOUR) })).kind).toBe("verified");
    expect(await checkVerifyLink(token, at(HOUR))).toEqual({ kind: "used", alreadyVerified: true });
    expect(await checkVerifyLink(token, at(25 * HOUR))).toEqual({ kind: "used", alreadyVerified: true });
    expect(await checkVerifyLink("not-a-token")).toEqual({ kind: "invalid" });
  });

  it("the link confirms the address once; after that it says it has been used", async () => {
    const { user } = await registered();
    const token = await tokenFromEmail("verify-email", "verifyUrl");

    const verified = await verifyEmail(token, { ip: IP, now: at(HOUR) });
    expect(verified).toMatchObject({ kind: "verified", userId: user.id });
    // Opening the link signs the person in.
    if (verified.kind !== "verified") throw new Error("not verified");
    const session = await validateSessionToken(verified.session.token);
    expect(session).toMatchObject({ id: user.id, emailVerified: true });
    const after = await t.db
      .selectFrom("app_user")
      .select("email_verified_at")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(new Date(after.email_verified_at!).toISOString()).toBe(at(HOUR).toISOString());
    expect(await audit("email_verified")).toHaveLength(1);

    expect(await verifyEmail(token, { ip: IP, now: at(2 * HOUR) })).toEqual({
      kind: "used",
      userId: user.id,
      alreadyVerified: true,
    });
    expect(await audit("email_verified")).toHaveLength(1);
  });

  it("opening the link signs the person in afresh, closing the session the browser had", async () => {
    await registered("someone-else@example.com");
    const { user } = await registered();
    const other = await signIn({ email: "someone-else@example.com", password: PASSWORD }, { ip: IP, now: T0 });
    if (other.kind !== "signed_in") throw new Error("sign-in refused");
    const otherSession = await validateSessionToken(other.session.token);
    const token = await tokenFromEmail("verify-email", "verifyUrl");

    const verified = await verifyEmail(token, { ip: IP, now: at(HOUR), replacingSessionId: otherSession!.sessionId });

    if (verified.kind !== "verified") throw new Error(`not verified: ${verified.kind}`);
    expect(await validateSessionToken(other.session.token)).toBeNull();
    expect((await validateSessionToken(verified.session.token))?.id).toBe(user.id);
    expect((await audit("sign_in")).map((a) => a.details)).toContainEqual({ method: "email_confirmation_link" });
    // A used link opens nothing.
    const again = await verifyEmail(token, { ip: IP, now: at(HOUR) });
    expect(again).not.toHaveProperty("session");
    expect(await t.db.selectFrom("session").select("id").execute()).toHaveLength(1);
  });

  it("the link works until just before 24 hours and has expired at 24 hours", async () => {
    await registered("a@example.com");
    const tokenA = await tokenFromEmail("verify-email", "verifyUrl");
    await registered("b@example.com");
    const tokenB = await tokenFromEmail("verify-email", "verifyUrl");

    expect((await verifyEmail(tokenA, { ip: IP, now: at(24 * HOUR - 1) })).kind).toBe("verified");
    const expired = await verifyEmail(tokenB, { ip: IP, now: at(24 * HOUR) });
    expect(expired).toMatchObject({ kind: "expired", alreadyVerified: false });
    const b = await t.db
      .selectFrom("app_user")
      .select("email_verified_at")
      .where("email", "=", "b@example.com")
      .executeTakeFirstOrThrow();
    expect(b.email_verified_at).toBeNull();
  });

  it("an expired link can ask for a new one, which works", async () => {
    await registered();
    const old = await tokenFromEmail("verify-email", "verifyUrl");

    const resent = await resendVerification({ token: old }, { ip: IP, now: at(25 * HOUR) });
    expect(resent).toEqual({ kind: "sent", email: "priya@example.com" });
    const fresh = await tokenFromEmail("verify-email", "verifyUrl");
    expect(fresh).not.toBe(old);
    expect(await outbox("verify-email")).toHaveLength(2);
    expect((await verifyEmail(fresh, { ip: IP, now: at(26 * HOUR) })).kind).toBe("verified");
    // Confirmed: the old link has done its job too.
    expect((await verifyEmail(old, { ip: IP, now: at(26 * HOUR) })).kind).toBe("used");
    expect(await resendVerification({ token: old }, { ip: IP, now: at(26 * HOUR) })).toEqual({
      kind: "already_verified",
    });
  });

  it("a new link asked for from an expired one keeps the returnTo it carried", async () => {
    await registered();
    const old = await tokenFromEmail("verify-email", "verifyUrl");
    await resendVerification(
      { token: old },
      { ip: IP, now: at(25 * HOUR), returnTo: "/organisation/join/abcdefghijklmnopqrstuvwxyz234567" },
    );
    const url = ((await outbox("verify-email")).at(-1)!.props as { verifyUrl: string }).verifyUrl;
    expect(url).toMatch(/\?returnTo=%2Forganisation%2Fjoin%2Fabcdefghijklmnopqrstuvwxyz234567$/);
  });

  it("links that are made up or mangled are not valid", async () => {
    await registered();
    expect(await verifyEmail("abcdefghijklmnopqrstuvwxyz234567", { ip: IP })).toEqual({ kind: "invalid" });
    expect(await verifyEmail("'; drop table app_user; --", { ip: IP })).toEqual({ kind: "invalid" });
    expect(await verifyEmail("x".repeat(100_000), { ip: IP })).toEqual({ kind: "invalid" });
    await expect(resendVerification({ token: "nonsense" }, { ip: IP })).rejects.toMatchObject({ kind: "not_found" });
  });

  it("sending new links is rate limited", async () => {
    const { user } = await registered();
    const results = [];
    for (let i = 0; i < 6; i += 1) results.push((await resendVerification({ id: user.id }, { ip: IP, now: T0 })).kind);
    expect(results).toEqual(["sent", "sent", "sent", "sent", "sent", "rate_limited"]);
    expect(await outbox("verify-email")).toHaveLength(6); // one at registration, five resent
    expect((await resendVerification({ id: user.id }, { ip: IP, now: at(HOUR) })).kind).toBe("sent");
  });
});

describe("signing in and out", () => {
  it("signs in with the right password, opening a session and auditing it", async () => {
    const { user } = await registered();
    const result = await signIn({ email: "priya@example.com", password: PASSWORD }, { ip: IP, now: T0 });
    expect(result.kind).toBe("signed_in");
    if (result.kind !== "signed_in") return;
    expect((await validateSessionToken(result.session.token))?.id).toBe(user.id);
    const events = await audit("sign_in");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_user_id: user.id, subject_id: String(user.id), ip: IP });
  });

  it("a wrong password and an unknown address get the same answer, both audited without the password", async () => {
    const { user } = await registered();
    const wrong = signIn({ email: "priya@example.com", password: "not my password at all" }, { ip: IP, now: T0 });
    const refused = { kind: "invalid", field: "email", message: "Enter a correct email address and password" };
    await expect(wrong).rejects.toMatchObject(refused);
    const unknown = signIn({ email: "nobody@example.com", password: PASSWORD }, { ip: IP, now: T0 });
    await expect(unknown).rejects.toMatchObject(refused);

    const failed = await audit("sign_in_failed");
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ subject_id: String(user.id), ip: IP });
    // Ids only: the audit trail can never be erased, so it never holds an address (decision 054).
    expect(failed[0]!.details).toEqual({ reason: "wrong_password" });
    expect(failed[1]!.details).toEqual({ reason: "no_account" });
    const text = JSON.stringify(failed);
    expect(text).not.toContain("priya@example.com");
    expect(text).not.toContain("nobody@example.com");
    expect(text).not.toContain("not my password at all");
    expect(text).not.toContain(PASSWORD);
    expect(await audit("sign_in")).toHaveLength(0);
  });

  it("an over-long password is refused without being hashed", async () => {
    await registered();
    // Even the right password is refused once it is over the limit: it never reaches argon2.
    const long = "lantern ".repeat(40);
    const longHash = await argon2Hash(long);
    expect(await verifyPassword(longHash, long)).toBe(false);
    await expect(hashPassword("a".repeat(257))).rejects.toThrow();
    expect(
      await outcome(signIn({ email: "priya@example.com", password: "a".repeat(100_000) }, { ip: IP, now: T0 })),
    ).toBe("invalid");
  });

  it("signing in closes the session the browser already had", async () => {
    const { session: old } = await registeredAndSignedIn();
    const oldSession = await validateSessionToken(old.token);
    await signIn(
      { email: "priya@example.com", password: PASSWORD },
      { ip: IP, now: T0, replacingSessionId: oldSession!.sessionId },
    );
    expect(await validateSessionToken(old.token)).toBeNull();
  });

  it("signing out deletes the session and is audited", async () => {
    const { user, session: opened } = await registeredAndSignedIn();
    const session = await validateSessionToken(opened.token);
    await signOut({ id: user.id, sessionId: session!.sessionId }, { ip: IP });
    expect(await validateSessionToken(opened.token)).toBeNull();
    expect(await audit("sign_out")).toHaveLength(1);
  });

  it("signing out with someone else's session id ends nothing of theirs", async () => {
    const { session: opened } = await registeredAndSignedIn();
    const session = await validateSessionToken(opened.token);
    const stranger = await t.db
      .insertInto("app_user")
      .values({ email: "stranger@example.com", name: "A stranger" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await signOut({ id: stranger.id, sessionId: session!.sessionId }, { ip: IP });
    expect(await validateSessionToken(opened.token)).not.toBeNull();
  });
});

describe("resetting a forgotten password", () => {
  it("the emailed link sets a new password, signs out everywhere and signs in afresh", async () => {
    const { user, session: first } = await registeredAndSignedIn();
    const elsewhere = await signIn({ email: "priya@example.com", password: PASSWORD }, { ip: IP, now: T0 });
    expect(elsewhere.kind).toBe("signed_in");

    expect(await requestPasswordReset("Priya@Example.com", { ip: IP, now: T0 })).toEqual({
      kind: "sent",
      email: "priya@example.com",
    });
    const emails = await outbox("reset-password");
    expect(emails).toHaveLength(1);
    expect(emails[0]!.to_address).toBe("priya@example.com");
    const token = await tokenFromEmail("reset-password", "resetUrl");
    expect(await checkResetLink(token, at(30 * MINUTE))).toBe("valid");

    const reset = await resetPassword(token, NEW_PASSWORD, { ip: IP, now: at(30 * MINUTE) });
    expect(reset.kind).toBe("reset");
    if (reset.kind !== "reset") return;

    const after = await t.db.selectFrom("app_user").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(await verifyPassword(after.password_hash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(after.password_hash, PASSWORD)).toBe(false);
    // Following an emailed link proves the address too.
    expect(after.email_verified_at).not.toBeNull();

    expect(await validateSessionToken(first.token)).toBeNull();
    if (elsewhere.kind === "signed_in") expect(await validateSessionToken(elsewhere.session.token)).toBeNull();
    expect((await validateSessionToken(reset.session.token))?.id).toBe(user.id);
    expect(await t.db.selectFrom("session").select("id").execute()).toHaveLength(1);

    expect((await outbox("password-changed")).map((e) => e.to_address)).toEqual(["priya@example.com"]);
    expect(await audit("password_reset_requested")).toHaveLength(1);
    expect(await audit("password_reset")).toHaveLength(1);

    expect((await signIn({ email: "priya@example.com", password: NEW_PASSWORD }, { ip: IP, now: at(HOUR) })).kind).toBe(
      "signed_in",
    );
  });

  it("each link works once", async () => {
    await registered();
    await requestPasswordReset("priya@example.com", { ip: IP, now: T0 });
    const token = await tokenFromEmail("reset-password", "resetUrl");
    expect((await resetPassword(token, NEW_PASSWORD, { ip: IP, now: at(MINUTE) })).kind).toBe("reset");
    expect(await resetPassword(token, "another fine passphrase", { ip: IP, now: at(2 * MINUTE) })).toEqual({
      kind: "used",
    });
    expect(await checkResetLink(token, at(2 * MINUTE))).toBe("used");
    const user = await t.db.selectFrom("app_user").selectAll().executeTakeFirstOrThrow();
    expect(await verifyPassword(user.password_hash, NEW_PASSWORD)).toBe(true);
  });

  it("a link works for just under an hour and has expired at one hour", async () => {
    await registered();
    await requestPasswordReset("priya@example.com", { ip: IP, now: T0 });
    const token = await tokenFromEmail("reset-password", "resetUrl");
    expect(await checkResetLink(token, at(HOUR - 1))).toBe("valid");
    expect(await checkResetLink(token, at(HOUR))).toBe("expired");
    expect(await resetPassword(token, NEW_PASSWORD, { ip: IP, now: at(HOUR) })).toEqual({ kind: "expired" });
    const user = await t.db.selectFrom("app_user").selectAll().executeTakeFirstOrThrow();
    expect(await verifyPassword(user.password_hash, PASSWORD)).toBe(true);
    expect(await outbox("password-changed")).toHaveLength(0);
  });

  it("asking again makes the earlier link stop working", async () => {
    await registered();
    await requestPasswordReset("priya@example.com", { ip: IP, now: T0 });
    const first = await tokenFromEmail("reset-password", "resetUrl");
    await requestPasswordReset("priya@example.com", { ip: IP, now: at(5 * MINUTE) });
    const second = await tokenFromEmail("reset-password", "resetUrl");
    expect(second).not.toBe(first);
    expect(await checkResetLink(first, at(6 * MINUTE))).toBe("expired");
    expect((await resetPassword(second, NEW_PASSWORD, { ip: IP, now: at(6 * MINUTE) })).kind).toBe("reset");
  });

  it("an unknown address gets the same answer and no email", async () => {
    await registered();
    const before = (await outbox()).length;
    expect(await requestPasswordReset("nobody@example.com", { ip: IP, now: T0 })).toEqual({
      kind: "sent",
      email: "nobody@example.com",
    });
    expect(await outbox()).toHaveLength(before);
  });

  it("the new password must follow the rules, checked against the account's own address", async () => {
    await registered();
    await requestPasswordReset("priya@example.com", { ip: IP, now: T0 });
    const token = await tokenFromEmail("reset-password", "resetUrl");
    await expect(resetPassword(token, "priya-is-the-best", { ip: IP, now: at(MINUTE) })).rejects.toMatchObject({
      kind: "invalid",
      field: "password",
      message: "Password must not include your email address",
    });
    expect(await checkResetLink(token, at(MINUTE))).toBe("valid");
  });

  it("requests are rate limited per address asked about", async () => {
    await registered();
    const kinds = [];
    for (let i = 0; i < 6; i += 1)
      kinds.push((await requestPasswordReset("priya@example.com", { ip: `198.51.100.${i}`, now: T0 })).kind);
    expect(kinds).toEqual(["sent", "sent", "sent", "sent", "sent", "rate_limited"]);
    expect(await outbox("reset-password")).toHaveLength(5);
  });
});

describe("changing a password", () => {
  it("needs the current password, then signs out every session and opens a fresh one", async () => {
    const { user, session: first } = await registeredAndSignedIn();
    const other = await signIn({ email: "priya@example.com", password: PASSWORD }, { ip: IP, now: T0 });

    await expect(
      changePassword(
        { id: user.id, ip: IP },
        { currentPassword: "not the password", newPassword: NEW_PASSWORD },
        { now: T0 },
      ),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "currentPassword",
      message: "Your current password is not correct",
    });
    expect(await validateSessionToken(first.token)).not.toBeNull();

    const changed = await changePassword(
      { id: user.id, ip: IP },
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      { now: T0 },
    );
    expect(changed.kind).toBe("changed");
    if (changed.kind !== "changed") return;
    expect(await validateSessionToken(first.token)).toBeNull();
    if (other.kind === "signed_in") expect(await validateSessionToken(other.session.token)).toBeNull();
    expect((await validateSessionToken(changed.session.token))?.id).toBe(user.id);

    const after = await t.db.selectFrom("app_user").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(await verifyPassword(after.password_hash, NEW_PASSWORD)).toBe(true);
    expect((await outbox("password-changed")).map((e) => e.to_address)).toEqual(["priya@example.com"]);
    expect(await audit("password_changed")).toHaveLength(1);
  });

  it("refuses a new password that breaks the rules or is the same as the current one", async () => {
    const { user } = await registered();
    await expect(
      changePassword({ id: user.id, ip: IP }, { currentPassword: PASSWORD, newPassword: "qwerty123456" }, { now: T0 }),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "newPassword",
      message: expect.stringContaining("harder to guess"),
    });
    await expect(
      changePassword({ id: user.id, ip: IP }, { currentPassword: PASSWORD, newPassword: PASSWORD }, { now: T0 }),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "newPassword",
      message: "Your new password must be different from your current password",
    });
    expect(await audit("password_changed")).toHaveLength(0);
  });
});
