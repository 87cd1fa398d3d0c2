import { readdirSync } from "node:fs";
import { statusOf as statusOfAppError, withAppErrorResponse } from "../../app/security/app-error-responses.server";
import { isAppError } from "../../app/services/app-error.server";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import { SESSION_COOKIE } from "../../app/auth/session.server";
import { createSessionWithSecondFactor } from "../support/second-factor";
import { auditTrail } from "../../app/services/reports/audit-trail.server";
import {
  createInvitation,
  invitationFormOptions,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from "../../app/services/accounts/invitations.server";
import { getRoleGrant, listPeople, revokeRole, staffOverview } from "../../app/services/accounts/roles.server";
import type { Actor } from "../../app/services/actor.server";
import * as invitationRoute from "../../app/routes/invitations.$token";
import { useTestDatabase } from "../support/database";

// Who can reach the staff area. The pages check the role with requireRole; the services check it
// again against the database, so a caller that forgets the guard, or someone whose role was
// removed a moment ago, still gets nothing.

const t = useTestDatabase();

async function person(
  role: Role | null,
  email = `${role ?? "nobody"}-${Math.random().toString(36).slice(2)}@example.org`,
) {
  const user = await t.db
    .insertInto("app_user")
    .values({ email, name: `A ${role ?? "person"}`, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (role) {
    await t.db
      .insertInto("role_grant")
      .values({
        user_id: user.id,
        role,
        local_authority_code: role === "council_officer" ? "E08000029" : null,
        granted_by: null,
      })
      .execute();
  }
  return { id: user.id, email };
}

// Every staff service, called as `actor`, about invitation or role grant `id`.
function staffServices(actor: Actor, id = 1): Record<string, () => Promise<unknown>> {
  return {
    createInvitation: () => createInvitation(actor, { email: "someone@example.org", role: "judge" }),
    resendInvitation: () => resendInvitation(actor, id),
    revokeInvitation: () => revokeInvitation(actor, id),
    listInvitations: () => listInvitations(actor, { page: 1 }),
    invitationFormOptions: () => invitationFormOptions(actor),
    listPeople: () => listPeople(actor, { page: 1 }),
    getRoleGrant: () => getRoleGrant(actor, id),
    revokeRole: () => revokeRole(actor, id),
    staffOverview: () => staffOverview(actor),
    auditTrail: () => auditTrail(actor, { page: 1 }),
  };
}

async function statusOf(promise: Promise<unknown>): Promise<number | "allowed"> {
  try {
    await promise;
    return "allowed";
  } catch (error) {
    if (isAppError(error)) return statusOfAppError(error);
    throw error;
  }
}

describe("the staff services", () => {
  for (const role of ["entrant", "judge", "council_officer", null] as const) {
    const who = role === "entrant" ? "an entrant" : role ? `a ${role.replace("_", " ")}` : "someone with no role";
    it(`refuse ${who} and change nothing`, async () => {
      const caller = await person(role);
      const statuses: Record<string, number | "allowed"> = {};
      for (const [name, call] of Object.entries(staffServices({ id: caller.id })))
        statuses[name] = await statusOf(call());
      expect(
        Object.values(statuses).every((s) => s === 403),
        JSON.stringify(statuses),
      ).toBe(true);
      expect(await t.db.selectFrom("invitation").selectAll().execute()).toEqual([]);
      expect(await t.db.selectFrom("email_outbox").selectAll().execute()).toEqual([]);
      expect(await t.db.selectFrom("audit_event").selectAll().execute()).toEqual([]);
    });
  }

  it("refuse someone whose staff role has just been removed, even with a session from before", async () => {
    const staff = await person("staff");
    expect(await statusOf(listPeople({ id: staff.id }, { page: 1 }))).toBe("allowed");
    await t.db.deleteFrom("role_grant").where("user_id", "=", staff.id).execute();
    expect(await statusOf(createInvitation({ id: staff.id }, { email: "x@example.org", role: "staff" }))).toBe(403);
    expect(await statusOf(listPeople({ id: staff.id }, { page: 1 }))).toBe(403);
  });

  it("let staff in", async () => {
    const staff = await person("staff");
    const statuses: Record<string, number | "allowed"> = {};
    // Asked about an invitation and a grant that do not exist: let in, some answer that it is not
    // there (404) or has gone (409), an answer only someone let in gets.
    for (const [name, call] of Object.entries(staffServices({ id: staff.id }, 999_999)))
      statuses[name] = await statusOf(call());
    expect(
      Object.values(statuses).every((s) => s === "allowed" || s === 404 || s === 409),
      JSON.stringify(statuses),
    ).toBe(true);
  });
});

// Every route module under /staff, found on disk, so a page added later is checked too.
const routesDir = path.resolve(import.meta.dirname, "../../app/routes");
const staffRouteFiles = readdirSync(routesDir).filter((f) => /^staff[._]/.test(f) && /\.tsx?$/.test(f));

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
  action?: (args: ActionFunctionArgs) => Promise<unknown>;
};

function args(url: string, init: { cookie?: string; method?: string; body?: URLSearchParams } = {}) {
  const headers = new Headers();
  if (init.cookie) headers.set("cookie", init.cookie);
  const request = new Request(`http://localhost${url}`, { method: init.method ?? "GET", headers, body: init.body });
  return {
    request,
    params: {},
    context: { ip: "192.0.2.1", nonce: "n", requestId: "r", setCookies: [] as string[] },
  } as unknown as LoaderFunctionArgs & ActionFunctionArgs;
}

/** What the route answers, as the request handler runs it (a service's AppError becomes its page). */
async function thrownBy(call: () => Promise<unknown>): Promise<Response> {
  try {
    await withAppErrorResponse(call)();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected the route to refuse, but it answered");
}

async function cookieFor(role: Role) {
  const user = await person(role);
  const session = await createSessionWithSecondFactor(user.id);
  return `${SESSION_COOKIE}=${session.token}`;
}

describe("the staff pages", () => {
  it("include the pages this part of the service provides", () => {
    expect(staffRouteFiles).toEqual(
      expect.arrayContaining([
        "staff._index.tsx",
        "staff.audit.tsx",
        "staff.invitations.tsx",
        "staff.invitations_.new.tsx",
        "staff.people.tsx",
      ]),
    );
  });

  for (const file of staffRouteFiles) {
    it(`${file}: an entrant gets 403 from its loader and its action`, async () => {
      const route = (await import(path.join(routesDir, file))) as RouteModule;
      const cookie = await cookieFor("entrant");
      expect(route.loader, `${file} has a loader`).toBeTypeOf("function");
      expect((await thrownBy(() => route.loader!(args("/staff/x", { cookie })))).status).toBe(403);
      if (route.action) {
        const post = args("/staff/x", {
          cookie,
          method: "POST",
          body: new URLSearchParams({ intent: "revoke", id: "1" }),
        });
        expect((await thrownBy(() => route.action!(post))).status).toBe(403);
      }
      expect(await t.db.selectFrom("audit_event").selectAll().execute()).toEqual([]);
    });

    it(`${file}: a signed-out visitor is sent to sign in and brought back`, async () => {
      const route = (await import(path.join(routesDir, file))) as RouteModule;
      const response = await thrownBy(() => route.loader!(args("/staff/invitations?status=pending&page=2")));
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(
        `/sign-in?returnTo=${encodeURIComponent("/staff/invitations?status=pending&page=2")}`,
      );
    });
  }

  it("let a judge or council officer no further than an entrant", async () => {
    const route = (await import(path.join(routesDir, "staff._index.tsx"))) as RouteModule;
    for (const role of ["judge", "council_officer"] as const) {
      const cookie = await cookieFor(role);
      expect((await thrownBy(() => route.loader!(args("/staff", { cookie })))).status).toBe(403);
    }
  });
});

describe("the invitation page with a link that is not one", () => {
  const hostile = ["x", "A".repeat(32), "%00", "a".repeat(100_000), "../../staff", "' or 1=1 --", "a".repeat(31) + "é"];

  for (const token of hostile) {
    it(`answers 404, not 500, for ${JSON.stringify(token.slice(0, 20))}${token.length > 20 ? "..." : ""}`, async () => {
      const loaderArgs = { ...args("/invitations/x"), params: { token } };
      const result = (await invitationRoute.loader(loaderArgs)) as {
        init: ResponseInit | null;
        data: { state: string };
      };
      expect(result.init?.status).toBe(404);
      expect(result.data.state).toBe("invalid");

      const body = new URLSearchParams({ name: "Eve", password: "lantern orchard pebble" });
      const actionArgs = { ...args("/invitations/x", { method: "POST", body }), params: { token } };
      const answer = (await invitationRoute.action(actionArgs)) as { init: ResponseInit | null };
      expect(answer.init?.status).toBe(404);
      expect(await t.db.selectFrom("app_user").selectAll().execute()).toEqual([]);
    });
  }
});

describe("the invitation form with hostile input", () => {
  it("answers 400 with the name kept and the password never sent back, and creates nothing", async () => {
    const staff = await person("staff");
    const invited = await createInvitation({ id: staff.id }, { email: "judge@example.org", role: "judge" });
    // A judge's invitation is sent at once, so it has a link.
    const token = invited.token!;

    const attempts: [string, URLSearchParams][] = [
      ["nothing at all", new URLSearchParams()],
      ["a 100 KB name", new URLSearchParams({ name: "n".repeat(100_000), password: "lantern orchard pebble" })],
      [
        "control characters only",
        new URLSearchParams({ name: "\u0000\u0007\u001b", password: "lantern orchard pebble" }),
      ],
      ["a 100 KB password", new URLSearchParams({ name: "Jo", password: "p".repeat(100_000) })],
      ["a common password", new URLSearchParams({ name: "Jo", password: "password1234" })],
      [
        "repeated fields with an empty first value",
        new URLSearchParams([
          ["name", ""],
          ["name", "Jo"],
          ["password", "x"],
          ["password", "lantern orchard pebble"],
        ]),
      ],
    ];
    for (const [what, body] of attempts) {
      const actionArgs = { ...args(`/invitations/${token}`, { method: "POST", body }), params: { token } };
      const answer = (await invitationRoute.action(actionArgs)) as {
        init: ResponseInit | null;
        data: { errors: Record<string, string>; values: Record<string, unknown> | null };
      };
      expect(answer.init?.status, what).toBe(400);
      expect(Object.keys(answer.data.errors).length, what).toBeGreaterThan(0);
      expect(answer.data.values ?? {}, what).not.toHaveProperty("password");
    }
    expect(
      await t.db.selectFrom("app_user").select("email").where("email", "=", "judge@example.org").execute(),
    ).toEqual([]);
  });
});
