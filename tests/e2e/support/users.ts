import { expect, type APIRequestContext, type BrowserContext } from "@playwright/test";

export type TestRole = "entrant" | "judge" | "staff" | "council_officer";

export interface TestUserOptions {
  name?: string;
  email?: string;
  /** A password to set, for journeys that sign in through the form. */
  password?: string;
  /** A council officer's local authority (ONS code); default: the first authority by code. */
  localAuthorityCode?: string;
  /** Makes the user a member of a new organisation (what an entrant needs to start an entry). */
  organisation?: boolean;
  /** Makes the user a member of this existing organisation instead: a colleague of its members. */
  organisationId?: number;
  /** Whether the email address counts as verified (default true). */
  verified?: boolean;
  /** Whether the user has an authenticator app (default: yes for staff, judges and council officers). */
  secondFactor?: boolean;
  /** How many minutes ago the session gave its second factor (default 0), for journeys about fresh codes. */
  secondFactorAgeMinutes?: number;
}

export interface TestUser {
  id: number;
  email: string;
  name: string;
  /** Present when a password was asked for. */
  password?: string;
  role: TestRole | null;
  localAuthorityCode: string | null;
  organisationId: number | null;
  /** The authenticator app's key (base32), when the user has one: `totpCode(user.totpKey)` makes a code. */
  totpKey?: string;
}

interface HookResponse {
  user: TestUser;
  session: { cookieName: string; token: string; expiresAt: string } | null;
}

async function callHook(
  request: APIRequestContext,
  role: TestRole | null,
  options: TestUserOptions & { session: boolean },
): Promise<HookResponse> {
  const response = await request.post("/test-hooks/users", { data: { role, ...options } });
  if (response.status() !== 201) {
    throw new Error(
      `The test hook could not create the user (${response.status()}): ${await response.text()}` +
        (response.status() === 404 ? " (is the app running with TEST_HOOKS=on and NODE_ENV not production?)" : ""),
    );
  }
  return (await response.json()) as HookResponse;
}

/** Creates a user without signing in (for registering and signing-in journeys). */
export async function createUser(
  request: APIRequestContext,
  role: TestRole | null,
  options: TestUserOptions = {},
): Promise<TestUser> {
  const { user } = await callHook(request, role, { ...options, session: false });
  return user;
}

/** Creates a user with a session and puts the session cookie in the browser context. */
export async function signInAs(
  request: APIRequestContext,
  context: BrowserContext,
  baseURL: string,
  role: TestRole,
  options: TestUserOptions = {},
): Promise<TestUser> {
  const { user, session } = await callHook(request, role, { ...options, session: true });
  expect(session, "the test hook should have opened a session").not.toBeNull();
  await context.addCookies([
    {
      name: session!.cookieName,
      value: session!.token,
      url: baseURL,
      httpOnly: true,
      sameSite: "Lax",
      expires: Math.floor(new Date(session!.expiresAt).getTime() / 1000),
    },
  ]);
  return user;
}
