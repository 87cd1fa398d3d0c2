import type { AppLoadContext } from "@remix-run/node";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { requireRecentSecondFactor, requireUser } from "../../app/auth/guards.server";
import { createSession, SESSION_COOKIE, validateSessionToken } from "../../app/auth/session.server";
import { totpStep } from "../../app/domain/second-factor";
import { action as secondStepAction } from "../../app/routes/sign-in_.second-step";
import {
  completeSecondFactor,
  confirmAuthenticator,
  regenerateRecoveryCodes,
  removeAuthenticator,
  startAuthenticatorSetup,
  verifySecondFactor,
} from "../../app/services/accounts/second-factor.server";
import { withAppErrorResponse } from "../../app/security/app-error-responses.server";
import { isAppError } from "../../app/services/app-error.server";
import type { Role } from "../../db/schema";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";

const t = useTestDatabase();

const IP = "203.0.113.40";
const T0 = new Date("2026-12-01T10:00:00.000Z");
const SECOND = 1000;

async function makeUser(roles: Role[], name = "Sam Person") {
  const user = await t.db
    .insertInto("app_user")
    .values({ email: `${name.replace(/\W/g, ".").toLowerCase()}.${Math.random()}@example.com`, name })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  for (const role of roles) {
    const area =
      role === "council_officer"
        ? (await t.db.selectFrom("local_authority").select("code").orderBy("code").executeTakeFirstOrThrow()).code
        : null;
    await t.db.insertInto("role_grant").values({ user_id: user.id, role, local_authority_code: area }).execute();
  }
  return { ...user, actor: { id: user.id, ip: IP } };
}

function sessionIdOf(token: string) {
  return validateSessionToken(token).then((u) => {
    if (!u) throw new Error("the session is not live");
    return u.sessionId;
  });
}

/** The code an authenticator app with this key shows at `when` (plus `steps` steps). */
function codeAt(key: Uint8Array, when: Date, steps = 0) {
  return generateHOTP(key, BigInt(totpStep(when) + steps), 6);
}

/** Sets up and confirms an authenticator for the person; gives back its key and their session. */
async function withAuthenticator(person: Awaited<ReturnType<typeof makeUser>>, when = T0) {
  const setup = await startAuthenticatorSetup(person.actor);
  const key = decodeBase32IgnorePadding(setup.keyText.replace(/ /g, ""));
  const session = await createSession(person.id);
  const confirmed = await confirmAuthenticator(
    person.actor,
    { code: codeAt(key, when), sessionId: await sessionIdOf(session.token) },
    { now: when },
  );
  if (confirmed.kind !== "confirmed") throw new Error("not confirmed");
  return { key, token: confirmed.session.token, recoveryCodes: confirmed.recoveryCodes };
}

async function auditActions(userId: number) {
  const rows = await t.db
    .selectFrom("audit_event")
    .select(["action", "details"])
    .where("actor_user_id", "=", userId)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.action);
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

function context(): AppLoadContext {
  return { nonce: "n", requestId: "r", ip: IP, setCookies: [] } as unknown as AppLoadContext;
}

function requestAs(token: string, path: string, init: RequestInit = {}) {
  return new Request(`http://localhost${path}`, {
    ...init,
    headers: { cookie: `${SESSION_COOKIE}=${token}`, ...(init.headers ?? {}) },
  });
}

describe("setting up an authenticator app", () => {
  it("gives a key to scan or type, and turns on with a first good code, showing ten recovery codes once", async () => {
    const judge = await makeUser(["judge"], "Jo Judge");
    const setup = await startAuthenticatorSetup(judge.actor);
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Community%20Recovery%20Innovation%20Challenge:/);
    expect(setup.uri).toContain("issuer=Community+Recovery+Innovation+Challenge");
    expect(setup.keyText).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    expect(setup.qrSvg).toContain("<svg");
    // Reloading the page keeps the key the person may be scanning.
    expect((await startAuthenticatorSetup(judge.actor)).keyText).toBe(setup.keyText);

    const key = decodeBase32IgnorePadding(setup.keyText.replace(/ /g, ""));
    const session = await createSession(judge.id);
    const sessionId = await sessionIdOf(session.token);
    expect(await outcome(confirmAuthenticator(judge.actor, { code: "000000", sessionId }, { now: T0 }))).toBe(
      "invalid: Enter a correct code from your authenticator app",
    );
    const confirmed = await confirmAuthenticator(judge.actor, { code: codeAt(key, T0), sessionId }, { now: T0 });
    if (confirmed.kind !== "confirmed") throw new Error("not confirmed");
    expect(confirmed.recoveryCodes).toHaveLength(10);
    for (const code of confirmed.recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    const stored = await t.db.selectFrom("recovery_code").select("code_hash").where("user_id", "=", judge.id).execute();
    expect(stored.map((r) => r.code_hash)).not.toContain(confirmed.recoveryCodes[0]);

    // The code counted as this session's second factor: a new token, the old one dead.
    expect(await validateSessionToken(session.token)).toBeNull();
    const current = await validateSessionToken(confirmed.session.token);
    expect(current?.hasSecondFactor).toBe(true);
    expect(current?.secondFactorAt).toEqual(T0);
    expect(await auditActions(judge.id)).toEqual([
      "second_factor.failed",
      "second_factor.totp_added",
      "recovery_codes.generated",
      "second_factor.verified",
    ]);
    // Once on, there is nothing to set up.
    expect(await refusalOf(startAuthenticatorSetup(judge.actor))).toHaveProperty("status", 409);
  });

  it("signs the person out of their other sessions", async () => {
    const staff = await makeUser(["staff"]);
    const elsewhere = await createSession(staff.id);
    const { token } = await withAuthenticator(staff);
    expect(await validateSessionToken(elsewhere.token)).toBeNull();
    expect(await validateSessionToken(token)).not.toBeNull();
  });
});

describe("giving the second factor", () => {
  it("accepts the current code and one either side, but never a code from the same window twice", async () => {
    const officer = await makeUser(["council_officer"]);
    const { key } = await withAuthenticator(officer, T0);
    const later = new Date(T0.getTime() + 10 * 60 * SECOND);
    const verify = async (code: string, now = later) => {
      const session = await createSession(officer.id);
      return outcome(
        verifySecondFactor(
          officer.actor,
          { method: "totp", code, sessionId: await sessionIdOf(session.token) },
          { now },
        ),
      );
    };
    expect(await verify(codeAt(key, later, -2))).toBe("invalid: Enter a correct code from your authenticator app");
    expect(await verify(codeAt(key, later, -1))).toBe("verified");
    // Seen over a shoulder and typed again: refused, and so is the one before it.
    expect(await verify(codeAt(key, later, -1))).toBe("invalid: Enter a correct code from your authenticator app");
    expect(await verify(codeAt(key, later))).toBe("verified");
    expect(await verify(codeAt(key, later))).toBe("invalid: Enter a correct code from your authenticator app");
    expect(await verify(codeAt(key, later, 1))).toBe("verified");
    expect(await verify(codeAt(key, later, 2))).toBe("invalid: Enter a correct code from your authenticator app");
  });

  it("allows 5 wrong codes in 15 minutes per account, then refuses even the right one", async () => {
    const judge = await makeUser(["judge"]);
    const { key } = await withAuthenticator(judge, T0);
    const now = new Date(T0.getTime() + 60 * SECOND);
    const session = await createSession(judge.id);
    const sessionId = await sessionIdOf(session.token);
    for (let i = 0; i < 5; i++) {
      expect(
        await outcome(verifySecondFactor(judge.actor, { method: "totp", code: "123456", sessionId }, { now })),
      ).toMatch(/^invalid/);
    }
    const blocked = await verifySecondFactor(
      judge.actor,
      { method: "totp", code: codeAt(key, now), sessionId },
      { now },
    );
    expect(blocked).toEqual({ kind: "rate_limited", retryAfterSeconds: 15 * 60 });
    // From another browser too: the count is the account's.
    const other = await createSession(judge.id);
    expect(
      await outcome(
        verifySecondFactor(
          judge.actor,
          { method: "recovery_code", code: "abcde-fghij", sessionId: await sessionIdOf(other.token) },
          { now },
        ),
      ),
    ).toBe("rate_limited");
    const failures = (await auditActions(judge.id)).filter((a) => a === "second_factor.failed");
    expect(failures).toHaveLength(5);
    // After the window, the right code works.
    const after = new Date(now.getTime() + 15 * 60 * SECOND);
    expect(
      await outcome(
        verifySecondFactor(judge.actor, { method: "totp", code: codeAt(key, after), sessionId }, { now: after }),
      ),
    ).toBe("verified");
  });

  it("takes each recovery code once, in any case and spacing; new codes replace all the old ones", async () => {
    const staff = await makeUser(["staff"]);
    const { recoveryCodes, token } = await withAuthenticator(staff);
    const useCode = async (code: string) => {
      const session = await createSession(staff.id);
      return outcome(
        verifySecondFactor(staff.actor, {
          method: "recovery_code",
          code,
          sessionId: await sessionIdOf(session.token),
        }),
      );
    };
    expect(await useCode(` ${recoveryCodes[0]!.toUpperCase().replace("-", " ")} `)).toBe("verified");
    expect(await useCode(recoveryCodes[0]!)).toBe("invalid: Enter a correct recovery code that has not been used");
    const used = await t.db
      .selectFrom("audit_event")
      .select("details")
      .where("action", "=", "recovery_code.used")
      .executeTakeFirstOrThrow();
    expect(used.details).toEqual({ left: 9 });

    const fresh = await regenerateRecoveryCodes(staff.actor, { sessionId: await sessionIdOf(token) });
    expect(fresh).toHaveLength(10);
    expect(await useCode(recoveryCodes[1]!)).toMatch(/^invalid/);
    expect(await useCode(fresh[0]!)).toBe("verified");
  });

  it("completeSecondFactor gives the session a new token and records the method; never for someone else's session", async () => {
    const judge = await makeUser(["judge"]);
    const other = await makeUser(["judge"], "Other Judge");
    const session = await createSession(judge.id);
    const sessionId = await sessionIdOf(session.token);
    expect(
      await refusalOf(completeSecondFactor(t.db, { actor: other.actor, sessionId, method: "passkey" })),
    ).toHaveProperty("status", 403);
    const renewed = await completeSecondFactor(t.db, { actor: judge.actor, sessionId, method: "passkey", now: T0 });
    expect(renewed.token).not.toBe(session.token);
    expect(await validateSessionToken(session.token)).toBeNull();
    expect((await validateSessionToken(renewed.token))?.secondFactorAt).toEqual(T0);
    const verified = await t.db
      .selectFrom("audit_event")
      .select(["details", "ip"])
      .where("action", "=", "second_factor.verified")
      .executeTakeFirstOrThrow();
    expect(verified).toEqual({ details: { method: "passkey" }, ip: IP });
  });
});

describe("turning the authenticator off", () => {
  it("is refused to someone whose role needs a second factor and who has no passkey", async () => {
    const staff = await makeUser(["staff"]);
    const { token } = await withAuthenticator(staff);
    const refusal = await refusalOf(removeAuthenticator(staff.actor, { sessionId: await sessionIdOf(token) }));
    expect(refusal.status).toBe(403);
    expect(await t.db.selectFrom("totp_credential").select("user_id").execute()).toHaveLength(1);
  });

  it("is allowed to an entrant, whose other sessions end and whose recovery codes go", async () => {
    const entrant = await makeUser(["entrant"]);
    const { token } = await withAuthenticator(entrant);
    const elsewhere = await createSession(entrant.id);
    await removeAuthenticator(entrant.actor, { sessionId: await sessionIdOf(token) });
    expect(await validateSessionToken(elsewhere.token)).toBeNull();
    const current = await validateSessionToken(token);
    expect(current?.hasSecondFactor).toBe(false);
    expect(await t.db.selectFrom("recovery_code").select("id").execute()).toEqual([]);
    expect((await auditActions(entrant.id)).at(-1)).toBe("second_factor.totp_removed");
  });
});

describe("the gate", () => {
  async function gate(token: string, path: string, init?: RequestInit) {
    try {
      await requireUser({ request: requestAs(token, path, init), context: context() });
      return "allowed";
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.headers.get("location");
      throw thrown;
    }
  }

  it("sends someone with a privileged role and no second factor to set one up, from every page but that", async () => {
    const officer = await makeUser(["council_officer"]);
    const { token } = await createSession(officer.id);
    expect(await gate(token, "/councils/ideas?page=2")).toBe(
      "/account/two-factor?returnTo=%2Fcouncils%2Fideas%3Fpage%3D2",
    );
    expect(await gate(token, "/account")).toBe("/account/two-factor?returnTo=%2Faccount");
    expect(await gate(token, "/account/two-factor")).toBe("allowed");
    expect(await gate(token, "/account/two-factor/authenticator")).toBe("allowed");
    // An entrant without one is not asked.
    const entrant = await makeUser(["entrant"]);
    expect(await gate((await createSession(entrant.id)).token, "/account")).toBe("allowed");
  });

  it("sends someone with a second factor to the second step until this session has given it", async () => {
    const judge = await makeUser(["judge"]);
    const { key } = await withAuthenticator(judge, T0);
    const { token } = await createSession(judge.id);
    expect(await gate(token, "/judging")).toBe("/sign-in/second-step?returnTo=%2Fjudging");
    expect(await gate(token, "/account/two-factor")).toBe("/sign-in/second-step?returnTo=%2Faccount%2Ftwo-factor");

    // The second step's form: a wrong code stays on the page; the right one goes on with a new cookie.
    const post = (code: string, cookieToken = token) =>
      withAppErrorResponse(secondStepAction)({
        request: requestAs(cookieToken, "/sign-in/second-step?returnTo=%2Fjudging", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ method: "totp", code }).toString(),
        }),
        context: context(),
        params: {},
      });
    const wrong = (await post("000000")) as { init: { status: number }; data: { errors: Record<string, string> } };
    expect(wrong.init.status).toBe(400);
    expect(wrong.data.errors).toEqual({ code: "Enter a correct code from your authenticator app" });
    const right = (await post(codeAt(key, new Date()))) as Response;
    expect(right.status).toBe(302);
    expect(right.headers.get("location")).toBe("/judging");
    const cookie = right.headers.get("set-cookie")!;
    const newToken = cookie.slice(cookie.indexOf("=") + 1, cookie.indexOf(";"));
    expect(await validateSessionToken(token)).toBeNull();
    expect(await gate(newToken, "/judging")).toBe("allowed");
  });

  it("asks for a fresh second factor before a sensitive action, and brings the person back", async () => {
    const staff = await makeUser(["staff"]);
    const { token } = await withAuthenticator(staff, T0);
    const user = (await validateSessionToken(token))!;
    const fresh = (request: Request, now: Date) => {
      try {
        requireRecentSecondFactor({ request, context: context() }, user, now);
        return "allowed";
      } catch (thrown) {
        if (thrown instanceof Response) return thrown.headers.get("location");
        throw thrown;
      }
    };
    const exportRequest = requestAs(token, "/staff/entries.csv?status=submitted");
    expect(fresh(exportRequest, new Date(T0.getTime() + 5 * 60 * SECOND))).toBe("allowed");
    expect(fresh(exportRequest, new Date(T0.getTime() + 5 * 60 * SECOND + 1))).toBe(
      "/account/confirm-identity?returnTo=%2Fstaff%2Fentries.csv%3Fstatus%3Dsubmitted",
    );
    const formPost = requestAs(token, "/staff/awards/3?index", { method: "POST" });
    expect(fresh(formPost, new Date(T0.getTime() + 30 * 60 * SECOND))).toBe(
      "/account/confirm-identity?returnTo=%2Fstaff%2Fawards%2F3",
    );
  });
});
