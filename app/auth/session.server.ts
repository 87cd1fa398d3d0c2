import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { sql, type Transaction } from "kysely";
import { db, type DB } from "../../db/client";
import type { Database, Role } from "../../db/schema";
import { config } from "../config.server";

// Sessions follow Lucia's design (lucia-auth.com/sessions): the browser holds a random token; the
// database holds only its SHA-256, so a leaked table cannot be replayed. Expiry slides: a session
// used in its second half is extended to the full length again.
export { SESSION_DAYS } from "./constants";
import { SESSION_DAYS } from "./constants";
const DAY_MS = 24 * 60 * 60 * 1000;
const SESSION_MS = SESSION_DAYS * DAY_MS;

export const SESSION_COOKIE = config.secureCookies ? "__Host-cric_session" : "cric_session";

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
  /** True when this request slid the session's expiry forward, so the cookie needs refreshing. */
  sessionRefreshed: boolean;
}

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
  userId: number,
  executor: DB | Transaction<Database> = db(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_MS);
  await executor
    .insertInto("session")
    .values({ id: hashToken(token), user_id: userId, expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
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
    .values({ ...kept, id: hashToken(token), second_factor_at: changes.secondFactorAt ?? old.second_factor_at })
    .execute();
  return { token, expiresAt: new Date(old.expires_at) };
}

/** Looks up a session token; extends it when past half its life; deletes it when expired. */
export async function validateSessionToken(token: string): Promise<CurrentUser | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const sessionId = hashToken(token);
  const row = await db()
    .selectFrom("session")
    .innerJoin("app_user", "app_user.id", "session.user_id")
    .select([
      "session.id as sessionId",
      "session.expires_at as expiresAt",
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
  const now = Date.now();
  let expiresAt = new Date(row.expiresAt);
  let refreshed = false;
  if (now >= expiresAt.getTime()) {
    await db().deleteFrom("session").where("id", "=", sessionId).execute();
    return null;
  }
  if (now >= expiresAt.getTime() - SESSION_MS / 2) {
    expiresAt = new Date(now + SESSION_MS);
    refreshed = true;
    await db().updateTable("session").set({ expires_at: expiresAt }).where("id", "=", sessionId).execute();
  }
  const grants = row.grants ?? [];
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: row.email_verified_at !== null,
    roles: grants.map((g) => g.role),
    sessionId,
    sessionExpiresAt: expiresAt,
    sessionRefreshed: refreshed,
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
