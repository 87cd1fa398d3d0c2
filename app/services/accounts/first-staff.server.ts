import { db, type DB, type Executor } from "../../../db/client";
import { hashPassword } from "../../auth/password.server";
import { createSession, generateSessionToken, hashToken } from "../../auth/session.server";
import { passwordError } from "../../domain/password-policy";
import { isWellFormedToken } from "../../domain/tokens";
import { conflict, invalid, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import type { NewSession } from "./accounts.server";

// The first staff account of a real service. There is no default password: when a start finds
// no staff account (outside demo mode), it makes a one-time link, prints it in the terminal (only
// whoever can read the server's output can use it, as with Grafana's or GitLab's first set-up),
// and the person who opens it chooses their own name, email address and password. Once any staff
// account exists the link is gone and /setup answers "not found"; later staff are invited by staff.

export const FIRST_STAFF_LINK_HOURS = 24;
const LINK_LIFETIME_MS = FIRST_STAFF_LINK_HOURS * 60 * 60 * 1000;

export async function staffAccountExists(executor: Executor = db()): Promise<boolean> {
  const row = await executor
    .selectFrom("role_grant")
    .select("id")
    .where("role", "=", "staff")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Makes a fresh set-up link, replacing any earlier one, when the service has no staff account.
 * Returns the token to print (it is stored only as its hash), or null when staff already exist
 * (and then removes any leftover link).
 */
export async function issueFirstStaffLink({
  now = new Date(),
  database = db(),
}: { now?: Date; database?: DB } = {}): Promise<{ token: string; expiresAt: Date } | null> {
  return database.transaction().execute(async (trx) => {
    if (await staffAccountExists(trx)) {
      await trx.deleteFrom("first_staff_setup").execute();
      return null;
    }
    const token = generateSessionToken();
    const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS);
    // One row at most (its key is always true): the new link replaces the old.
    await trx.deleteFrom("first_staff_setup").execute();
    await trx
      .insertInto("first_staff_setup")
      .values({ id: true, token_hash: hashToken(token), expires_at: expiresAt, created_at: now })
      .execute();
    return { token, expiresAt };
  });
}

/**
 * What a set-up link is good for. A made-up or replaced link, one already used, and any link once
 * a staff account exists are all not found: a page that does not exist.
 */
export type FirstStaffLinkState = "valid" | "expired";

export const SETUP_LINK_EXPIRED = "This set-up link has expired";

export async function checkFirstStaffLink(token: string, now = new Date()): Promise<FirstStaffLinkState> {
  if (!isWellFormedToken(token)) throw notFound();
  const row = await db()
    .selectFrom("first_staff_setup")
    .select("expires_at")
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || (await staffAccountExists())) throw notFound();
  return now.getTime() < row.expires_at.getTime() ? "valid" : "expired";
}

export interface FirstStaffResult {
  userId: number;
  session: NewSession;
}

/**
 * Creates the first staff account from a set-up link: verified (the person proved they run the
 * server, and chose the address themselves), with the staff role, signed in. Works once: the link
 * row is locked and deleted in the same transaction, so two tabs posting at once make one account
 * and the other is told the link has been used. A link that is no good is not found, as
 * checkFirstStaffLink; an expired one is a conflict (SETUP_LINK_EXPIRED); a password that breaks
 * the policy or an address already taken is invalid, against its field.
 */
export async function createFirstStaffAccount(
  token: string,
  input: { name: string; email: string; password: string },
  { ip, userAgent = null, now = new Date() }: { ip: string; userAgent?: string | null; now?: Date },
): Promise<FirstStaffResult> {
  if (!isWellFormedToken(token)) throw notFound();
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  const problem = passwordError(input.password, { email, name });
  if (problem) throw invalid(problem, "password");
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashToken(token);

  const result = await db()
    .transaction()
    .execute(async (trx): Promise<FirstStaffResult | null> => {
      // FOR UPDATE: a second request with the same link waits here until the first commits, then
      // finds the row gone.
      const link = await trx
        .selectFrom("first_staff_setup")
        .select("expires_at")
        .where("token_hash", "=", tokenHash)
        .forUpdate()
        .executeTakeFirst();
      if (!link) throw notFound();
      if (now.getTime() >= link.expires_at.getTime()) throw conflict(SETUP_LINK_EXPIRED);
      // A leftover link once staff exist: removed (committed), then not found.
      if (await staffAccountExists(trx)) {
        await trx.deleteFrom("first_staff_setup").execute();
        return null;
      }
      const created = await trx
        .insertInto("app_user")
        .values({
          email,
          name,
          password_hash: passwordHash,
          password_changed_at: now,
          email_verified_at: now,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column("email").doNothing())
        .returning("id")
        .executeTakeFirst();
      // Someone registered this address before the service was set up: say so rather than
      // handing staff rights to an account whose password the person here may not know.
      if (!created) throw invalid("An account with this email address already exists: use a different one", "email");
      await trx.insertInto("role_grant").values({ user_id: created.id, role: "staff", granted_at: now }).execute();
      await trx.deleteFrom("first_staff_setup").execute();
      await recordAudit(trx, {
        action: "first_staff_account_created",
        actorUserId: created.id,
        subjectType: "user",
        subjectId: created.id,
        ip,
      });
      // A new account: it has no other session whose token a role change would need to replace.
      const session = await createSession(created.id, trx, { ip, userAgent });
      return { userId: created.id, session };
    });
  if (!result) throw notFound();
  return result;
}

/** Accounts of the demo data (their password is published in this repository). */
export async function demoAccountCount(executor: Executor = db()): Promise<number> {
  const row = await executor
    .selectFrom("app_user")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    // Lower-cased on the way in; the demo data uses demo.test and its subdomains.
    .where((eb) => eb.or([eb("email", "like", "%@demo.test"), eb("email", "like", "%.demo.test")]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
