import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { hashToken } from "../../app/auth/session.server";
import { verifyPassword } from "../../app/auth/password.server";
import { deriveConfig } from "../../app/config.server";
import { DEMO_PASSWORD } from "../../app/domain/demo-accounts";
import {
  checkFirstStaffLink,
  createFirstStaffAccount,
  issueFirstStaffLink,
} from "../../app/services/accounts/first-staff.server";
import { checkStart } from "../../app/services/platform/start-checks.server";
import * as mailboxJson from "../../app/dev-tools/routes/dev.mail[.]json";
import * as setupModule from "../../app/routes/setup.$token";
import { withAppErrorResponse, withAppErrorResponses } from "../../app/security/app-error-responses.server";
import { withDevToolRoutesGated } from "../../app/security/dev-tool-routes.server";
import { useTestDatabase } from "../support/database";

// The set-up page's loader and action as the request handler runs them: a thrown AppError answered
// as its status.
const setupRoute = {
  loader: withAppErrorResponse(setupModule.loader),
  action: withAppErrorResponse(setupModule.action),
};

// Issue 11: a real start (demo mode off) loads no demo data, refuses to run with demo accounts,
// and makes its first staff account from a one-time link printed in the terminal; in demo mode the
// local mailbox answers only connections from this machine.

const t = useTestDatabase();

const REAL = deriveConfig({ DEMO_MODE: "off", APP_URL: "https://challenge.example.org" });
const DEMO = deriveConfig({ DEMO_MODE: "on" });
const T0 = new Date("2026-12-05T09:00:00.000Z");
const HOUR = 60 * 60 * 1000;
const PERSON = {
  name: "Sam Okoye",
  email: "Sam.Okoye@combined-authority.example",
  password: "kettle-meadow-quartz-61",
};

async function staffAccounts() {
  return t.db
    .selectFrom("role_grant")
    .innerJoin("app_user", "app_user.id", "role_grant.user_id")
    .select(["app_user.id", "app_user.email", "app_user.name", "app_user.email_verified_at", "app_user.password_hash"])
    .where("role_grant.role", "=", "staff")
    .execute();
}

async function addUser(email: string, role: "staff" | "entrant" | null = null) {
  const user = await t.db
    .insertInto("app_user")
    .values({ email, name: "Someone", email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (role) await t.db.insertInto("role_grant").values({ user_id: user.id, role }).execute();
  return user.id;
}

function linkFrom(lines: string[]): string {
  const match =
    /Set up the first staff account: https:\/\/challenge\.example\.org\/setup\/([a-z2-7]{32}) \(works once, for 24 hours\)/.exec(
      lines.join("\n"),
    );
  if (!match) throw new Error(`no set-up link in:\n${lines.join("\n")}`);
  return match[1]!;
}

describe("a real start (demo mode off)", () => {
  it("prints a one-time link to set up the first staff account when there is none", async () => {
    const start = await checkStart(REAL, t.db, T0);
    expect(start.ok).toBe(true);
    const token = linkFrom(start.ok ? start.lines : []);
    // Only the hash is stored: the database alone does not give the link away.
    const stored = await t.db.selectFrom("first_staff_setup").select("token_hash").execute();
    expect(stored).toEqual([{ token_hash: hashToken(token) }]);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("makes a new link on every start, and the earlier one stops working", async () => {
    const first = await issueFirstStaffLink({ now: T0 });
    const second = await issueFirstStaffLink({ now: T0 });
    await expect(checkFirstStaffLink(first!.token, T0)).rejects.toMatchObject({ kind: "not_found" });
    expect(await checkFirstStaffLink(second!.token, T0)).toBe("valid");
    await expect(createFirstStaffAccount(first!.token, PERSON, { ip: "127.0.0.1", now: T0 })).rejects.toMatchObject({
      kind: "not_found",
    });
    expect(await staffAccounts()).toHaveLength(0);
  });

  it("prints nothing about set-up once a staff account exists, and an old link is dead", async () => {
    const link = await issueFirstStaffLink({ now: T0 });
    await addUser("lead@combined-authority.example", "staff");
    const start = await checkStart(REAL, t.db, T0);
    expect(start).toEqual({ ok: true, lines: [] });
    await expect(checkFirstStaffLink(link!.token, T0)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("refuses to start while the demo accounts are in the database, and says what to do", async () => {
    await addUser("staff@demo.test", "staff");
    await addUser("someone@ladywood-lantern-kitchen.demo.test", "entrant");
    const start = await checkStart(REAL, t.db, T0);
    expect(start.ok).toBe(false);
    const message = start.ok ? "" : start.message;
    expect(message).toContain("2 demo account(s)");
    expect(message).toContain("DEMO_MODE=on");
    expect(message).toMatch(/fresh database.*DATA_DIR.*DATABASE_URL/s);
    // And no set-up link was made for a service that is not starting.
    expect(await t.db.selectFrom("first_staff_setup").selectAll().execute()).toEqual([]);
  });

  it("does not mistake an address that merely mentions demo.test for a demo account", async () => {
    await addUser("demo.test@example.org", "entrant");
    expect((await checkStart(REAL, t.db, T0)).ok).toBe(true);
  });

  it("starts in demo mode with the demo accounts, listing them and the mailbox", async () => {
    await addUser("staff@demo.test", "staff");
    const start = await checkStart(DEMO, t.db, T0);
    expect(start.ok).toBe(true);
    const text = start.ok ? start.lines.join("\n") : "";
    expect(text).toContain("staff@demo.test");
    expect(text).toContain(DEMO_PASSWORD);
    expect(text).toContain("/dev/mail");
    expect(text).not.toContain("/setup/");
  });
});

describe("following the set-up link", () => {
  it("creates a verified staff account with the person's own password, signs them in and records it", async () => {
    const link = await issueFirstStaffLink({ now: T0 });
    const result = await createFirstStaffAccount(link!.token, PERSON, {
      ip: "127.0.0.1",
      now: new Date(T0.getTime() + HOUR),
    });
    const [staff, ...others] = await staffAccounts();
    expect(others).toEqual([]);
    expect(staff).toMatchObject({ email: "sam.okoye@combined-authority.example", name: "Sam Okoye" });
    expect(staff!.email_verified_at).not.toBeNull();
    expect(await verifyPassword(staff!.password_hash, PERSON.password)).toBe(true);
    const session = await t.db
      .selectFrom("session")
      .select("user_id")
      .where("id", "=", hashToken(result.session.token))
      .executeTakeFirst();
    expect(session?.user_id).toBe(staff!.id);
    const audit = await t.db.selectFrom("audit_event").select(["action", "actor_user_id", "ip"]).execute();
    expect(audit).toEqual([{ action: "first_staff_account_created", actor_user_id: staff!.id, ip: "127.0.0.1" }]);
  });

  it("works once", async () => {
    const link = await issueFirstStaffLink({ now: T0 });
    expect((await createFirstStaffAccount(link!.token, PERSON, { ip: "127.0.0.1", now: T0 })).userId).toBeGreaterThan(
      0,
    );
    await expect(
      createFirstStaffAccount(
        link!.token,
        { ...PERSON, email: "other@combined-authority.example" },
        { ip: "127.0.0.1", now: T0 },
      ),
    ).rejects.toMatchObject({ kind: "not_found" });
    await expect(checkFirstStaffLink(link!.token, T0)).rejects.toMatchObject({ kind: "not_found" });
    expect(await staffAccounts()).toHaveLength(1);
  });

  it("has expired 24 hours after the start that printed it", async () => {
    const link = await issueFirstStaffLink({ now: T0 });
    const justBefore = new Date(T0.getTime() + 24 * HOUR - 1);
    const at = new Date(T0.getTime() + 24 * HOUR);
    expect(await checkFirstStaffLink(link!.token, justBefore)).toBe("valid");
    expect(await checkFirstStaffLink(link!.token, at)).toBe("expired");
    await expect(createFirstStaffAccount(link!.token, PERSON, { ip: "127.0.0.1", now: at })).rejects.toMatchObject({
      kind: "conflict",
      message: "This set-up link has expired",
    });
    expect(await staffAccounts()).toHaveLength(0);
  });

  it("is refused once a staff account exists some other way, even if the link is still live", async () => {
    const link = await issueFirstStaffLink({ now: T0 });
    await addUser("lead@combined-authority.example", "staff");
    await expect(createFirstStaffAccount(link!.token, PERSON, { ip: "127.0.0.1", now: T0 })).rejects.toMatchObject({
      kind: "not_found",
    });
    expect((await staffAccounts()).map((s) => s.email)).toEqual(["lead@combined-authority.example"]);
  });

  it("makes one account when two tabs send the form at the same moment", async () => {
    // On PostgreSQL the two run on separate connections and the second waits on the link's row
    // lock; on the embedded engine they queue on its one connection. Either way: one account.
    const link = await issueFirstStaffLink({ now: T0 });
    const results = await Promise.allSettled([
      createFirstStaffAccount(link!.token, PERSON, { ip: "127.0.0.1", now: T0 }),
      createFirstStaffAccount(
        link!.token,
        { ...PERSON, email: "second.tab@combined-authority.example" },
        { ip: "127.0.0.1", now: T0 },
      ),
    ]);
    expect(results.map((r) => (r.status === "fulfilled" ? "created" : r.reason.kind)).sort()).toEqual([
      "created",
      "not_found",
    ]);
    expect(await staffAccounts()).toHaveLength(1);
    expect(await t.db.selectFrom("app_user").select("email").execute()).toHaveLength(1);
  });

  it("keeps the link when the password is too weak, and says why", async () => {
    const link = await issueFirstStaffLink({ now: T0 });
    await expect(
      createFirstStaffAccount(link!.token, { ...PERSON, password: "password1234" }, { ip: "127.0.0.1", now: T0 }),
    ).rejects.toMatchObject({ kind: "invalid", field: "password" });
    expect(await checkFirstStaffLink(link!.token, T0)).toBe("valid");
  });

  it("will not hand staff rights to an account someone registered before set-up", async () => {
    await addUser("sam.okoye@combined-authority.example", "entrant");
    const link = await issueFirstStaffLink({ now: T0 });
    await expect(createFirstStaffAccount(link!.token, PERSON, { ip: "127.0.0.1", now: T0 })).rejects.toMatchObject({
      kind: "invalid",
      field: "email",
      message: expect.stringMatching(/already exists/),
    });
    expect(await staffAccounts()).toHaveLength(0);
    expect(await checkFirstStaffLink(link!.token, T0)).toBe("valid");
  });
});

function routeArgs(
  url: string,
  init: {
    method?: string;
    body?: URLSearchParams;
    params?: Record<string, string>;
    peerIsLoopback?: boolean;
    headers?: Record<string, string>;
  } = {},
) {
  const request = new Request(`http://127.0.0.1:3000${url}`, {
    method: init.method ?? "GET",
    body: init.body,
    headers: init.headers,
  });
  return {
    request,
    params: init.params ?? {},
    context: {
      ip: "127.0.0.1",
      nonce: "n",
      requestId: "r",
      setCookies: [] as string[],
      peerIsLoopback: init.peerIsLoopback ?? true,
    },
  } as unknown as LoaderFunctionArgs & ActionFunctionArgs;
}

async function statusOf(call: () => Promise<unknown>): Promise<number> {
  try {
    const value = await call();
    if (value instanceof Response) return value.status;
    const init = (value as { init?: { status?: number } } | null)?.init;
    return init?.status ?? 200;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

describe("the /setup page", () => {
  it("answers 404 for a made-up link, and for the real one once it has been used", async () => {
    const link = await issueFirstStaffLink({ now: new Date() });
    expect(await statusOf(() => setupRoute.loader(routeArgs("/setup/x", { params: { token: "a".repeat(32) } })))).toBe(
      404,
    );
    expect(await statusOf(() => setupRoute.loader(routeArgs("/setup/x", { params: { token: link!.token } })))).toBe(
      200,
    );
    const body = new URLSearchParams({ ...PERSON, confirmPassword: PERSON.password });
    const created = await setupRoute.action(
      routeArgs(`/setup/${link!.token}`, { method: "POST", body, params: { token: link!.token } }),
    );
    expect(created).toBeInstanceOf(Response);
    expect((created as Response).headers.get("Location")).toBe("/staff");
    expect((created as Response).headers.get("Set-Cookie")).toMatch(/cric_session=[a-z2-7]{32}/);
    expect(await statusOf(() => setupRoute.loader(routeArgs("/setup/x", { params: { token: link!.token } })))).toBe(
      404,
    );
  });
});

/** The mailbox's JSON loader as the request handler has it: gated (dev-tool-routes.server.ts). */
function servedMailboxJson(config: typeof DEMO) {
  const id = "dev-tools/routes/dev.mail[.]json";
  const route = { id, parentId: "root", path: "dev/mail.json", module: mailboxJson };
  const build = { routes: { [id]: route }, assets: { routes: { [id]: { id } } } } as unknown as ServerBuild;
  // As the request handler serves it: gated, then with AppErrors answered as their pages.
  return withAppErrorResponses(withDevToolRoutesGated(build, config)).routes[id]?.module.loader;
}

describe("the local mailbox in demo mode", () => {
  it("answers a connection from this machine", async () => {
    const loader = servedMailboxJson(DEMO)!;
    expect(await statusOf(async () => loader(routeArgs("/dev/mail.json", { peerIsLoopback: true })))).toBe(200);
  });

  it("is not there for a connection from elsewhere, whatever X-Forwarded-For claims", async () => {
    const loader = servedMailboxJson(DEMO)!;
    const forged = routeArgs("/dev/mail.json", { peerIsLoopback: false, headers: { "X-Forwarded-For": "127.0.0.1" } });
    expect(await statusOf(async () => loader(forged))).toBe(404);
  });

  it("is not in a real start's server build at all", () => {
    expect(servedMailboxJson(REAL)).toBeUndefined();
  });
});
