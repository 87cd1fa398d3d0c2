import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../app/auth/session.server";
import { loader as emailPageLoader } from "../../app/routes/account.email";
import { withAppErrorResponse } from "../../app/security/app-error-responses.server";
import { hashPassword } from "../../app/auth/password.server";
import { createSession, hashToken, validateSessionToken } from "../../app/auth/session.server";
import { changePassword, signIn } from "../../app/services/accounts/accounts.server";
import {
  changeName,
  checkEmailChangeLink,
  confirmEmailChange,
  CONFIRM_IT_IS_YOU,
  emailChangePage,
  requestEmailChange,
} from "../../app/services/accounts/rectification.server";
import { isAppError } from "../../app/services/app-error.server";
import { useTestDatabase } from "../support/database";
import { createSessionWithSecondFactor } from "../support/second-factor";

const t = useTestDatabase();

const IP = "203.0.113.9";
const PASSWORD = "lantern orchard pebble";
const T0 = new Date("2026-12-07T10:00:00.000Z");
const HOUR = 60 * 60 * 1000;
const at = (ms: number) => new Date(T0.getTime() + ms);

async function person(email = "priya@example.com", name = "Priya Chauhan") {
  const user = await t.db
    .insertInto("app_user")
    .values({ email, name, password_hash: await hashPassword(PASSWORD), email_verified_at: T0 })
    .returning(["id", "email", "name"])
    .executeTakeFirstOrThrow();
  await t.db.insertInto("role_grant").values({ user_id: user.id, role: "entrant" }).execute();
  return { ...user, ip: IP };
}

async function outbox(template?: string) {
  const rows = await t.db.selectFrom("email_outbox").selectAll().orderBy("id").execute();
  return rows.filter((r) => !template || r.template === template);
}

async function audit(action: string) {
  return t.db.selectFrom("audit_event").selectAll().where("action", "=", action).orderBy("id").execute();
}

/** The token at the end of the link in the newest confirmation email. */
async function linkToken() {
  const props = (await outbox("email-change-confirm")).at(-1)?.props as { confirmUrl?: string } | undefined;
  if (!props?.confirmUrl) throw new Error("no confirmation link was emailed");
  return props.confirmUrl.slice(props.confirmUrl.lastIndexOf("/") + 1);
}

function outcome(call: Promise<{ kind: string }>): Promise<string> {
  return call.then(
    (r) => r.kind,
    (error: unknown) => {
      if (isAppError(error)) return `${error.kind}: ${error.message}`;
      throw error;
    },
  );
}

describe("changing one's name", () => {
  it("changes the name and audits that it changed, without either name in the audit trail", async () => {
    const priya = await person();
    await changeName(priya, { name: "  Priya Shah  " }, T0);
    const row = await t.db.selectFrom("app_user").select("name").where("id", "=", priya.id).executeTakeFirstOrThrow();
    expect(row.name).toBe("Priya Shah");
    const events = await audit("account.name_changed");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_user_id: priya.id, subject_id: String(priya.id) });
    expect(JSON.stringify(events[0]!.details)).not.toMatch(/Priya|Shah|Chauhan/);
  });

  it("refuses a blank or over-long name and records nothing for the same name", async () => {
    const priya = await person();
    expect(await outcome(changeName(priya, { name: "   " }).then(() => ({ kind: "changed" })))).toBe(
      "invalid: Enter your full name",
    );
    expect(await outcome(changeName(priya, { name: "x".repeat(201) }).then(() => ({ kind: "changed" })))).toMatch(
      /^invalid: /,
    );
    await changeName(priya, { name: "Priya Chauhan" });
    expect(await audit("account.name_changed")).toHaveLength(0);
  });
});

describe("changing one's email address", () => {
  it("confirms from the new address, tells the old one twice, ends the other sessions and audits without addresses", async () => {
    const priya = await person();
    const here = await createSession(priya.id);
    const phone = await createSession(priya.id);
    const laptop = await createSession(priya.id);

    const asked = await requestEmailChange(
      priya,
      { newEmail: " Priya.New@Example.org ", password: PASSWORD },
      { sessionId: hashToken(here.token), now: T0 },
    );
    expect(asked).toEqual({ kind: "sent", newEmail: "priya.new@example.org" });

    // Nothing has changed yet: the address is the old one until the link is opened.
    let account = await t.db.selectFrom("app_user").selectAll().where("id", "=", priya.id).executeTakeFirstOrThrow();
    expect(account.email).toBe("priya@example.com");
    expect((await emailChangePage(priya, T0)).pending?.newEmail).toBe("priya.new@example.org");

    // The link goes to the new address; the old one is told a change was asked for.
    const confirm = await outbox("email-change-confirm");
    expect(confirm.map((e) => e.to_address)).toEqual(["priya.new@example.org"]);
    const requested = await outbox("email-change-requested");
    expect(requested.map((e) => e.to_address)).toEqual(["priya@example.com"]);
    expect((requested[0]!.props as { newAddress: string }).newAddress).toBe("p•••@example.org");

    // Only the link's hash is stored.
    const token = await linkToken();
    const stored = await t.db.selectFrom("one_time_token").selectAll().where("purpose", "=", "change_email").execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).toBe(hashToken(token));
    expect(stored[0]!.new_email).toBe("priya.new@example.org");

    expect(await checkEmailChangeLink(token, at(HOUR))).toEqual({ kind: "valid", newEmail: "priya.new@example.org" });
    // Opened in a browser signed in to the account: that session stays, the others end.
    const changed = await confirmEmailChange(token, { ip: IP, now: at(HOUR), keepSession: hashToken(here.token) });
    expect(changed).toEqual({
      kind: "changed",
      userId: priya.id,
      newEmail: "priya.new@example.org",
      sessionsEnded: 2,
    });
    account = await t.db.selectFrom("app_user").selectAll().where("id", "=", priya.id).executeTakeFirstOrThrow();
    expect(account.email).toBe("priya.new@example.org");
    expect(new Date(account.email_verified_at!).toISOString()).toBe(at(HOUR).toISOString());
    expect(await validateSessionToken(here.token)).not.toBeNull();
    expect(await validateSessionToken(phone.token)).toBeNull();
    expect(await validateSessionToken(laptop.token)).toBeNull();

    // The old address is told again, now that it has changed.
    expect((await outbox("email-changed")).map((e) => e.to_address)).toEqual(["priya@example.com"]);

    // Signing in works with the new address, not the old.
    expect((await signIn({ email: "PRIYA.NEW@example.org", password: PASSWORD }, { ip: IP })).kind).toBe("signed_in");
    expect(await outcome(signIn({ email: "priya@example.com", password: PASSWORD }, { ip: IP }))).toMatch(/^invalid/);

    // Audited twice, with no address in either event.
    const events = [...(await audit("account.email_change_requested")), ...(await audit("account.email_changed"))];
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event.subject_id).toBe(String(priya.id));
      expect(JSON.stringify(event.details)).not.toContain("@");
    }
  });

  it("uses each link once, ends it after 24 hours, and only the newest works", async () => {
    const priya = await person();
    const sessionId = hashToken((await createSession(priya.id)).token);
    await requestEmailChange(priya, { newEmail: "first@example.org", password: PASSWORD }, { sessionId, now: T0 });
    const first = await linkToken();
    await requestEmailChange(priya, { newEmail: "second@example.org", password: PASSWORD }, { sessionId, now: T0 });
    const second = await linkToken();

    expect(await checkEmailChangeLink(first, T0)).toEqual({ kind: "expired" });
    expect((await confirmEmailChange(first, { now: T0 })).kind).toBe("expired");
    // One moment before the 24 hours are up it works; at 24 hours it would not have.
    expect(await checkEmailChangeLink(second, at(24 * HOUR))).toEqual({ kind: "expired" });
    expect((await confirmEmailChange(second, { now: at(24 * HOUR - 1) })).kind).toBe("changed");
    expect((await confirmEmailChange(second, { now: at(24 * HOUR - 1) })).kind).toBe("used");
    expect(await checkEmailChangeLink(second, at(1))).toEqual({ kind: "used" });
    expect((await confirmEmailChange("a".repeat(32))).kind).toBe("invalid");
    expect((await confirmEmailChange("not a token")).kind).toBe("invalid");
    const account = await t.db.selectFrom("app_user").select("email").where("id", "=", priya.id).executeTakeFirst();
    expect(account?.email).toBe("second@example.org");
  });

  it("stops a link working once the password is changed after it was sent", async () => {
    const priya = await person();
    const session = await createSession(priya.id);
    await requestEmailChange(
      priya,
      { newEmail: "stranger@example.org", password: PASSWORD },
      { sessionId: hashToken(session.token), now: T0 },
    );
    const token = await linkToken();
    await changePassword(
      priya,
      { currentPassword: PASSWORD, newPassword: "harbour violet teaspoon" },
      { now: at(HOUR) },
    );
    expect((await confirmEmailChange(token, { now: at(2 * HOUR) })).kind).toBe("expired");
    const account = await t.db.selectFrom("app_user").select("email").where("id", "=", priya.id).executeTakeFirst();
    expect(account?.email).toBe("priya@example.com");
  });

  it("answers an address already in use as any other, sends it no link, and tells its holder instead", async () => {
    const priya = await person();
    const other = await person("someone@example.org", "Someone Else");
    const sessionId = hashToken((await createSession(priya.id)).token);

    const asked = await requestEmailChange(
      priya,
      { newEmail: "someone@example.org", password: PASSWORD },
      { sessionId, now: T0 },
    );
    // The same answer, and the same "waiting" on the page, as for a free address.
    expect(asked).toEqual({ kind: "sent", newEmail: "someone@example.org" });
    expect((await emailChangePage(priya, T0)).pending?.newEmail).toBe("someone@example.org");
    expect(await outbox("email-change-confirm")).toHaveLength(0);
    const note = await outbox("email-change-address-taken");
    expect(note.map((e) => [e.to_address, (e.props as { name: string }).name])).toEqual([
      ["someone@example.org", "Someone Else"],
    ]);
    expect((await outbox("email-change-requested")).map((e) => e.to_address)).toEqual(["priya@example.com"]);
    expect(
      (await t.db.selectFrom("app_user").select("email").where("id", "=", other.id).executeTakeFirst())?.email,
    ).toBe("someone@example.org");
  });

  it("refuses a link whose new address gained an account after it was sent, without saying whose", async () => {
    const priya = await person();
    const sessionId = hashToken((await createSession(priya.id)).token);
    await requestEmailChange(priya, { newEmail: "later@example.org", password: PASSWORD }, { sessionId, now: T0 });
    const token = await linkToken();
    await person("later@example.org", "Later Person");
    expect(await confirmEmailChange(token, { now: at(HOUR) })).toEqual({ kind: "address_taken" });
    const account = await t.db.selectFrom("app_user").select("email").where("id", "=", priya.id).executeTakeFirst();
    expect(account?.email).toBe("priya@example.com");
    expect((await confirmEmailChange(token, { now: at(HOUR) })).kind).toBe("used");
  });

  it("needs the password, or a fresh second factor from someone who has one", async () => {
    const priya = await person();
    const sessionId = hashToken((await createSession(priya.id)).token);
    const ask = (password: string | null, id = sessionId, who = priya) =>
      outcome(requestEmailChange(who, { newEmail: "new@example.org", password }, { sessionId: id, now: T0 }));
    expect(await ask("wrong password")).toBe("invalid: Your password is not correct");
    expect(await ask(null)).toBe("invalid: Enter your password");
    expect(
      await outcome(requestEmailChange(priya, { newEmail: "PRIYA@example.com", password: PASSWORD }, { sessionId })),
    ).toBe("invalid: That is already your email address");
    expect(await outbox()).toHaveLength(0);

    // A judge's session gave its second factor 10 minutes ago: not recent enough, password or not.
    const judge = await person("judge@example.org", "Jo Judge");
    const stale = hashToken((await createSessionWithSecondFactor(judge.id, { ageMinutes: 10, now: T0 })).token);
    expect(await ask(PASSWORD, stale, judge)).toBe(`forbidden: ${CONFIRM_IT_IS_YOU}`);
    const fresh = hashToken((await createSessionWithSecondFactor(judge.id, { ageMinutes: 1, now: T0 })).token);
    expect(await ask(null, fresh, judge)).toBe("sent");
    // Someone else's session is no proof.
    expect(await ask(null, fresh, priya)).toMatch(/^invalid: Enter your password/);
  });

  it("limits how often a person may ask", async () => {
    const priya = await person();
    const sessionId = hashToken((await createSession(priya.id)).token);
    const kinds: string[] = [];
    for (let i = 0; i < 6; i++) {
      kinds.push(
        (
          await requestEmailChange(
            priya,
            { newEmail: `new${i}@example.org`, password: PASSWORD },
            { sessionId, now: at(i * 1000) },
          )
        ).kind,
      );
    }
    expect(kinds).toEqual(["sent", "sent", "sent", "sent", "sent", "rate_limited"]);
    expect(await outbox("email-change-confirm")).toHaveLength(5);
  });
});

describe("the change-of-address page", () => {
  const pageAs = async (token: string) => {
    const request = new Request("http://localhost/account/email", {
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
    });
    const context = { nonce: "n", requestId: "r", ip: IP, setCookies: [] } as unknown as AppLoadContext;
    try {
      await withAppErrorResponse(emailPageLoader)({ request, context, params: {} });
      return "the form";
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.headers.get("location");
      throw thrown;
    }
  };

  it("asks someone with a second factor to give it again first, and brings them back", async () => {
    const judge = await person("judge@example.org", "Jo Judge");
    const stale = await createSessionWithSecondFactor(judge.id, { ageMinutes: 10 });
    expect(await pageAs(stale.token)).toBe("/account/confirm-identity?returnTo=%2Faccount%2Femail");
    const fresh = await createSessionWithSecondFactor(judge.id);
    expect(await pageAs(fresh.token)).toBe("the form");
    // Without a second factor, the password on the form is enough.
    const priya = await person();
    expect(await pageAs((await createSession(priya.id)).token)).toBe("the form");
  });
});
