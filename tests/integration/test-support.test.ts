import { verify } from "@node-rs/argon2";
import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { validateSessionToken } from "../../app/auth/session.server";
import { deriveConfig } from "../../app/config.server";
import * as usersHook from "../../app/dev-tools/routes/test-hooks.users";
import { createTestUser, TestSupportError } from "../../app/dev-tools/test-support.server";
import { withDevToolRoutesGated } from "../../app/security/dev-tool-routes.server";
import { useTestDatabase } from "../support/database";

// The end-to-end tests create their people through this service; if it hands out a session
// that does not work, or a role the guards do not see, every journey would fail for the wrong
// reason. And the endpoint in front of it must never answer in production.

const t = useTestDatabase();

describe("test support: creating people for end-to-end tests", () => {
  it("creates a council officer with a working session that carries the role and authority", async () => {
    const result = await createTestUser({ role: "council_officer", localAuthorityCode: "E08000026" });
    expect(result.session).not.toBeNull();
    const current = await validateSessionToken(result.session!.token);
    expect(current).toMatchObject({
      id: result.user.id,
      email: result.user.email,
      roles: ["council_officer"],
      emailVerified: true,
    });
    // The officer's council is on the role itself (services read it from there, not the session).
    const grant = await t.db
      .selectFrom("role_grant")
      .select("local_authority_code")
      .where("user_id", "=", result.user.id)
      .where("role", "=", "council_officer")
      .executeTakeFirst();
    expect(grant?.local_authority_code).toBe("E08000026");
  });

  it("makes an entrant a member of a new organisation when asked", async () => {
    const result = await createTestUser({ role: "entrant", organisation: true, name: "Asha Patel" });
    const membership = await t.db
      .selectFrom("organisation_member")
      .innerJoin("organisation", "organisation.id", "organisation_member.organisation_id")
      .select(["organisation.id", "organisation.contact_name"])
      .where("organisation_member.user_id", "=", result.user.id)
      .execute();
    expect(membership).toEqual([{ id: result.user.organisationId, contact_name: "Asha Patel" }]);
  });

  it("stores a given password as an argon2id hash that verifies, and opens no session when told not to", async () => {
    const result = await createTestUser({
      role: null,
      email: "Sam@Example.com",
      password: "correct horse battery",
      session: false,
      verified: false,
    });
    expect(result.session).toBeNull();
    expect(result.user.email).toBe("sam@example.com");
    const row = await t.db
      .selectFrom("app_user")
      .selectAll()
      .where("id", "=", result.user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verify(row.password_hash!, "correct horse battery")).toBe(true);
    expect(row.email_verified_at).toBeNull();
    const grants = await t.db.selectFrom("role_grant").select("role").where("user_id", "=", result.user.id).execute();
    expect(grants).toEqual([]);
  });

  it("refuses an email address that is already taken, and an unknown local authority", async () => {
    await createTestUser({ role: "judge", email: "judge@example.com" });
    await expect(createTestUser({ role: "staff", email: "judge@example.com" })).rejects.toMatchObject({ status: 409 });
    await expect(createTestUser({ role: "council_officer", localAuthorityCode: "E99999999" })).rejects.toBeInstanceOf(
      TestSupportError,
    );
  });
});

describe("the test hook endpoint", () => {
  // As the request handler has it: in the server build only when the configuration allows it
  // (app/security/dev-tool-routes.server.ts); an address not in the build is the ordinary 404.
  function served(environment: Record<string, string>) {
    const id = "dev-tools/routes/test-hooks.users";
    const route = { id, parentId: "root", path: "test-hooks/users", module: usersHook };
    const build = { routes: { [id]: route }, assets: { routes: { [id]: { id } } } } as unknown as ServerBuild;
    return withDevToolRoutesGated(build, deriveConfig(environment)).routes[id]?.module.action;
  }

  async function post(body: unknown) {
    const action = served({ NODE_ENV: "test", TEST_HOOKS: "on" })!;
    const request = new Request("http://localhost/test-hooks/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return (await action({ request, params: {}, context: {} as never })) as Response;
  }

  it("does not exist in production, even with TEST_HOOKS=on", () => {
    expect(served({ NODE_ENV: "production", TEST_HOOKS: "on" })).toBeUndefined();
  });

  it("does not exist when TEST_HOOKS is off", () => {
    expect(served({ NODE_ENV: "test", TEST_HOOKS: "off" })).toBeUndefined();
    expect(served({ NODE_ENV: "test" })).toBeUndefined();
  });

  it("creates the user when test hooks are on, and answers 400 to a malformed request", async () => {
    const created = await post({ role: "staff", name: "Pat Lee" });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { user: { name: string }; session: { cookieName: string } };
    expect(body.user.name).toBe("Pat Lee");
    expect(body.session.cookieName).toBe("cric_session");
    expect((await post({ role: "emperor" })).status).toBe(400);
    expect((await post({ role: "staff", extra: 1 })).status).toBe(400);
  });
});
