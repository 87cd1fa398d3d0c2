import { verify } from "@node-rs/argon2";
import { afterEach, describe, expect, it, vi } from "vitest";
import { validateSessionToken } from "../../app/auth/session.server";
import { createTestUser, TestSupportError } from "../../app/dev-tools/test-support.server";
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
      localAuthorityCode: "E08000026",
      emailVerified: true,
    });
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
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function post(body: unknown) {
    const { action } = await import("../../app/routes/test-hooks.users");
    const request = new Request("http://localhost/test-hooks/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    try {
      return await action({ request, params: {}, context: {} as never });
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }

  it("does not exist in production, even with TEST_HOOKS=on", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("TEST_HOOKS", "on");
    vi.resetModules();
    const response = await post({ role: "staff" });
    expect(response.status).toBe(404);
    expect(await t.db.selectFrom("app_user").select("id").execute()).toEqual([]);
  });

  it("does not exist when TEST_HOOKS is off", async () => {
    vi.stubEnv("NODE_ENV", "test");
    vi.stubEnv("TEST_HOOKS", "off");
    vi.resetModules();
    expect((await post({ role: "staff" })).status).toBe(404);
  });

  it("creates the user when test hooks are on, and answers 400 to a malformed request", async () => {
    vi.stubEnv("NODE_ENV", "test");
    vi.stubEnv("TEST_HOOKS", "on");
    vi.resetModules();
    const created = await post({ role: "staff", name: "Pat Lee" });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { user: { name: string }; session: { cookieName: string } };
    expect(body.user.name).toBe("Pat Lee");
    expect(body.session.cookieName).toBe("cric_session");
    expect((await post({ role: "emperor" })).status).toBe(400);
    expect((await post({ role: "staff", extra: 1 })).status).toBe(400);
  });
});
