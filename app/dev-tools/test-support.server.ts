import { randomBytes } from "node:crypto";
import { db } from "../../db/client";
import type { Role } from "../../db/schema";
import { hashPassword } from "../auth/password.server";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { PRIVILEGED_ROLES } from "../auth/constants";
import { createSession, hashToken, SESSION_COOKIE, type SessionPlace } from "../auth/session.server";
import { grantStaffDirectly } from "../../db/seed/staff-grants";

// Test support for the end-to-end tests: creates the people a journey needs directly, so only
// the journeys about registering and signing in go through those pages. Reached only through
// the test-hooks route, which answers 404 unless TEST_HOOKS=on outside production.

export interface TestUserInput {
  /** The role granted; null for an account with no role yet. */
  role: Role | null;
  name?: string;
  email?: string;
  /** Sets a password (argon2id), for journeys that sign in through the form. */
  password?: string;
  /** A council officer's local authority, or an entrant organisation's area (default: the first by code). */
  localAuthorityCode?: string;
  /** Makes the user a member of a new organisation. */
  organisation?: boolean;
  /** Makes the user a member of this existing organisation instead (a colleague). */
  organisationId?: number;
  /** Whether the email address is verified (default true). */
  verified?: boolean;
  /** Whether to open a session for the user (default true). */
  session?: boolean;
  /**
   * Whether the user has a confirmed authenticator app (default: yes for the privileged roles,
   * which need one; no for entrants). Its key comes back in the answer so journeys can make codes.
   */
  secondFactor?: boolean;
  /** How many minutes ago the session gave its second factor (default 0: just now). */
  secondFactorAgeMinutes?: number;
}

export interface TestUserResult {
  user: {
    id: number;
    email: string;
    name: string;
    password?: string;
    role: Role | null;
    localAuthorityCode: string | null;
    organisationId: number | null;
    /** The authenticator app's key in base32, when the user has one. */
    totpKey?: string;
  };
  session: { cookieName: string; token: string; expiresAt: string } | null;
}

export class TestSupportError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const ROLE_NAMES: Record<Role, string> = {
  entrant: "Test Entrant",
  judge: "Test Judge",
  staff: "Test Staff",
  council_officer: "Test Council Officer",
};

/** `place`: the test's own address and browser, recorded on the session as a sign-in would. */
export async function createTestUser(input: TestUserInput, place: SessionPlace = {}): Promise<TestUserResult> {
  const suffix = randomBytes(4).toString("hex");
  const email = (input.email ?? `${input.role ?? "user"}-${suffix}@example.com`).toLowerCase();
  const name = input.name ?? `${input.role ? ROLE_NAMES[input.role] : "Test User"} ${suffix}`;
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const needsArea = input.role === "council_officer" || input.organisation === true;

  return db()
    .transaction()
    .execute(async (trx) => {
      const taken = await trx.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirst();
      if (taken) throw new TestSupportError(`A user with the email ${email} already exists`, 409);

      let areaCode: string | null = null;
      if (needsArea) {
        const area = await trx
          .selectFrom("local_authority")
          .select("code")
          .$if(input.localAuthorityCode !== undefined, (q) => q.where("code", "=", input.localAuthorityCode!))
          .orderBy("code")
          .executeTakeFirst();
        if (!area) {
          throw new TestSupportError(
            input.localAuthorityCode
              ? `No local authority has the code ${input.localAuthorityCode}`
              : "There are no local authorities: load the reference data first",
            422,
          );
        }
        areaCode = area.code;
      }

      const now = new Date();
      const user = await trx
        .insertInto("app_user")
        .values({
          email,
          name,
          password_hash: passwordHash,
          email_verified_at: input.verified === false ? null : now,
          password_changed_at: passwordHash ? now : null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();

      if (input.role === "staff") {
        await grantStaffDirectly(trx, user.id);
      } else if (input.role) {
        await trx
          .insertInto("role_grant")
          .values({
            user_id: user.id,
            role: input.role,
            local_authority_code: input.role === "council_officer" ? areaCode : null,
            granted_by: null,
          })
          .execute();
      }

      let organisationId: number | null = null;
      if (input.organisationId !== undefined) {
        const existing = await trx
          .selectFrom("organisation")
          .select("id")
          .where("id", "=", input.organisationId)
          .executeTakeFirst();
        if (!existing) throw new TestSupportError(`No organisation has the id ${input.organisationId}`, 422);
        organisationId = existing.id;
        await trx
          .insertInto("organisation_member")
          .values({ organisation_id: organisationId, user_id: user.id })
          .execute();
      } else if (input.organisation) {
        const organisation = await trx
          .insertInto("organisation")
          .values({
            name: `Test Community Group ${suffix}`,
            type: "community_group",
            registration_number: null,
            local_authority_code: areaCode!,
            postcode: "B1 1AA",
            website: null,
            contact_name: name,
            contact_email: email,
            contact_phone: null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        organisationId = organisation.id;
        await trx
          .insertInto("organisation_member")
          .values({ organisation_id: organisationId, user_id: user.id })
          .execute();
      }

      const withFactor =
        input.secondFactor ?? (input.role !== null && (PRIVILEGED_ROLES as readonly Role[]).includes(input.role));
      let totpKey: string | undefined;
      if (withFactor) {
        const key = new Uint8Array(randomBytes(20));
        await trx.insertInto("totp_credential").values({ user_id: user.id, key, confirmed_at: now }).execute();
        totpKey = encodeBase32UpperCaseNoPadding(key);
      }

      const session = input.session === false ? null : await createSession(user.id, trx, place);
      if (session && withFactor) {
        const givenAt = new Date(now.getTime() - (input.secondFactorAgeMinutes ?? 0) * 60_000);
        await trx
          .updateTable("session")
          .set({ second_factor_at: givenAt })
          .where("id", "=", hashToken(session.token))
          .execute();
      }
      return {
        user: {
          id: user.id,
          email,
          name,
          ...(input.password === undefined ? {} : { password: input.password }),
          role: input.role,
          localAuthorityCode: input.role === "council_officer" ? areaCode : null,
          organisationId,
          ...(totpKey === undefined ? {} : { totpKey }),
        },
        session: session
          ? { cookieName: SESSION_COOKIE, token: session.token, expiresAt: session.expiresAt.toISOString() }
          : null,
      };
    });
}
