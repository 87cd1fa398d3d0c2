import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { sql, type Transaction } from "kysely";
import { db, type DB } from "../../db/client";
import type { Database, Role } from "../../db/schema";
import { config } from "../config.server";
import { checkSession, newSessionTimes } from "../domain/session-limits";
import { sessionLimitsFor } from "./session-limits";

// Sessions follow Lucia's design (lucia-auth.com/sessions): the browser holds a random token; the
// database holds only its SHA-256, so a leaked table cannot be replayed. A session ends after a
// while without use, and at the latest a fixed time after sign-in; both limits are shorter for
// privileged roles (app/auth/session-limits.ts, docs/decisions/046-sessions-that-end.md).
export { SESSION_DAYS } from "./constants";

export const SESSION_COOKIE = config.secureCookies ? "__Host-cric_session" : "cric_session";

/** Where and on what a session was opened, shown to the person on /account/sessions. */
export interface SessionPlace {
  ip?: string | null;
  userAgent?: string | null;
}

/** The place and device of the request, for createSession. */
export function sessionPlace({ request, context }: { request: Request; context: { ip?: string } }): SessionPlace {
  return { ip: context.ip ?? null, userAgent: request.headers.get("user-agent") };
}

export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  emailVerified: boolean;
  roles: Role[];
  sessionId: string;
  sessionExpiresAt: Date;
  /** When this session last gave the second factor; null while only the password has been given. */
  secondFactorAt: Date | null;
  /** Whether the person has a second factor set up (a confirmed authenticator app or a passkey). */
  hasSecondFactor: boolean;
  /** True when this request moved the session's expiry (or gave it a new token), so the cookie needs setting. */
  sessionRefreshed: boolean;
  /**
   * The session's new token when this request replaced it (the person's roles had changed): the
   * cookie must carry it from now on. Only ever goes into the Set-Cookie header.
   */
  replacementToken: string | null;
}

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Opens a session for the person, with the limits of the roles they hold now (read in `executor`,
 * so pass the transaction that granted them). `place` records where and on what it was opened.
 */
export async function createSession(
  userId: number,
  executor: DB | Transaction<Database> = db(),
  { ip = null, userAgent = null, now = new Date() }: SessionPlace & { now?: Date } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const grants = await executor.selectFrom("role_grant").select("role").where("user_id", "=", userId).execute();
  const times = newSessionTimes(sessionLimitsFor(grants.map((g) => g.role)), now);
  await executor
    .insertInto("session")
    .values({
      id: hashToken(token),
      user_id: userId,
      expires_at: times.expiresAt,
      absolute_expires_at: times.absoluteExpiresAt,
      created_at: now,
      last_used_at: now,
      // The columns' own limits: an address is short; a user agent is cut rather than refused.
      ip: ip ? ip.slice(0, 64) : null,
      user_agent: userAgent ? userAgent.slice(0, 500) : null,
    })
    .execute();
  return { token, expiresAt: times.expiresAt };
}

/**
 * Gives the session a new token (a new row, the old one deleted), keeping its expiry, place and
 * device. Used when the person gives their second factor (so a token seen before that is useless
 * after it) and when their roles change. `secondFactorAt` records a second factor just given.
 * Null when the session no longer exists.
 */
export async function replaceSession(
  executor: DB | Transaction<Database>,
  sessionId: string,
  changes: { secondFactorAt?: Date } = {},
): Promise<{ token: string; expiresAt: Date } | null> {
  const old = await executor.deleteFrom("session").where("id", "=", sessionId).returningAll().executeTakeFirst();
  if (!old) return null;
  const token = generateSessionToken();
  const { id: _oldId, ...kept } = old;
  await executor
    .insertInto("session")
    .values({
      ...kept,
      id: hashToken(token),
      second_factor_at: changes.secondFactorAt ?? old.second_factor_at,
      // A new token is what a role change asks for, so the mark is done with.
      rotate_required: false,
    })
    .execute();
  return { token, expiresAt: new Date(old.expires_at) };
}

/**
 * Marks every session of the person for a new token at its next request: their roles have
 * changed. Pass the transaction of the change.
 */
export async function requireNewSessionTokens(executor: DB | Transaction<Database>, userId: number): Promise<void> {
  await executor.updateTable("session").set({ rotate_required: true }).where("user_id", "=", userId).execute();
}

/**
 * Looks up a session token. A session past its idle or absolute limit (for the roles the person
 * holds now) is deleted and gives null. Otherwise its use is recorded (at most once a minute) and
 * its expiry moved on; a session marked after a role change gets a new token
 * (`replacementToken`).
 */
export async function validateSessionToken(token: string, now = new Date()): Promise<CurrentUser | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  let sessionId = hashToken(token);
  const row = await db()
    .selectFrom("session")
    .innerJoin("app_user", "app_user.id", "session.user_id")
    .select([
      "session.id as sessionId",
      "session.created_at as createdAt",
      "session.last_used_at as lastUsedAt",
      "session.absolute_expires_at as absoluteExpiresAt",
      "session.rotate_required as rotateRequired",
      "session.second_factor_at as secondFactorAt",
      "app_user.id",
      "app_user.email",
      "app_user.name",
      "app_user.email_verified_at",
      // The person's roles come with the session in the same round trip: every page asks.
      (eb) =>
        eb
          .selectFrom("role_grant")
          .select(
            sql<{ role: Role }[]>`coalesce(json_agg(json_build_object('role', role) order by role), '[]'::json)`.as(
              "grants",
            ),
          )
          .whereRef("role_grant.user_id", "=", "app_user.id")
          .as("grants"),
      (eb) =>
        eb
          .or([
            eb.exists(
              eb
                .selectFrom("totp_credential")
                .select("totp_credential.user_id")
                .whereRef("totp_credential.user_id", "=", "app_user.id")
                .where("totp_credential.confirmed_at", "is not", null),
            ),
            eb.exists(
              eb
                .selectFrom("passkey_credential")
                .select("passkey_credential.id")
                .whereRef("passkey_credential.user_id", "=", "app_user.id"),
            ),
          ])
          .as("hasSecondFactor"),
    ])
    .where("session.id", "=", sessionId)
    .executeTakeFirst();
  if (!row) return null;
  const roles = (row.grants ?? []).map((g) => g.role);
  const check = checkSession(
    {
      createdAt: new Date(row.createdAt),
      lastUsedAt: new Date(row.lastUsedAt),
      absoluteExpiresAt: row.absoluteExpiresAt === null ? null : new Date(row.absoluteExpiresAt),
    },
    sessionLimitsFor(roles),
    now,
  );
  if (!check.live) {
    await db().deleteFrom("session").where("id", "=", sessionId).execute();
    return null;
  }
  let replacementToken: string | null = null;
  if (row.rotateRequired) {
    // Deleting the old row and writing the new one stand or fall together.
    const replaced = await db()
      .transaction()
      .execute((trx) => replaceSession(trx, sessionId));
    // Another request with the same old token got there first: this one holds a dead token.
    if (!replaced) return null;
    replacementToken = replaced.token;
    sessionId = hashToken(replaced.token);
  }
  if (check.touch) {
    await db()
      .updateTable("session")
      .set({ last_used_at: now, expires_at: check.expiresAt })
      .where("id", "=", sessionId)
      .execute();
  } else if (replacementToken) {
    // The roles changed, and with them the limits: the stored expiry follows.
    await db().updateTable("session").set({ expires_at: check.expiresAt }).where("id", "=", sessionId).execute();
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: row.email_verified_at !== null,
    roles,
    sessionId,
    sessionExpiresAt: check.expiresAt,
    sessionRefreshed: check.touch || replacementToken !== null,
    replacementToken,
    secondFactorAt: row.secondFactorAt === null ? null : new Date(row.secondFactorAt),
    hasSecondFactor: Boolean(row.hasSecondFactor),
  };
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await db().deleteFrom("session").where("id", "=", sessionId).execute();
}

export async function invalidateAllSessions(
  userId: number,
  executor: DB | Transaction<Database> = db(),
): Promise<void> {
  await executor.deleteFrom("session").where("user_id", "=", userId).execute();
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (config.secureCookies) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(): string {
  const parts = [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (config.secureCookies) parts.push("Secure");
  return parts.join("; ");
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index === -1) continue;
    if (part.slice(0, index).trim() === SESSION_COOKIE) return part.slice(index + 1).trim() || null;
  }
  return null;
}
