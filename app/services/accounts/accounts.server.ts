import type { Transaction } from "kysely";
import { db } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { absoluteUrl } from "../../../emails/components/url";
import { burnTime, hashPassword, verifyPassword } from "../../auth/password.server";
import { createSession, hashToken, invalidateAllSessions } from "../../auth/session.server";
import { passwordError } from "../../domain/password-policy";
import { formatDateTime } from "../../domain/time";
import { describeLifetime, isWellFormedToken, tokenState, type TokenState } from "../../domain/tokens";
import type { Actor } from "../actor.server";
import { invalid, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { queueEmail } from "../email/outbox.server";
import { issueOneTimeToken } from "./one-time-tokens.server";
import { hit, hitAll, LIMITS } from "./rate-limit.server";

// People's accounts: registering, confirming an email address, signing in and out, resetting a
// forgotten password and changing a known one. Every change is one transaction carrying its
// audit event and its email, so neither can be lost or invented.
//
// Nothing here tells a stranger whether an email address has an account: registering a known
// address answers as for a new one (the owner gets an email instead), a failed sign-in gives one
// message whether the address or the password was wrong, and a reset request always "sent" a
// link. The slow password hash runs on both paths so that timing doesn't tell either.
//
// Registering opens no session, on either path: a session cookie only for a new address would
// answer the question the page is careful not to. The person is signed in when they open the
// confirmation link, which proves they hold the address.
//
// Rate limits are counted before any work, in their own statements (they must count even when
// the attempt fails), and a limited request changes nothing else. Being limited is an answer of
// its own (`RateLimited`, which the pages give as 429 with Retry-After), not an AppError: it is
// none of not found, forbidden, conflict or invalid. What a confirmation or reset link is good
// for (valid, expired, used, invalid) is likewise a state its page shows, each with its own words.

type Trx = Transaction<Database>;

export interface RequestInfo {
  /** Where the request came from, for the per-address limits and the audit trail. */
  ip: string;
  /** The browser's User-Agent header: a session opened by the request records it. */
  userAgent?: string | null;
  /** The current time; tests pass one instead of waiting. */
  now?: Date;
}

export interface NewSession {
  token: string;
  expiresAt: Date;
}

export interface RateLimited {
  kind: "rate_limited";
  retryAfterSeconds: number;
}

interface AccountRow {
  id: number;
  email: string;
  name: string;
  password_hash: string | null;
  email_verified_at: Date | null;
}

const FORGOT_PASSWORD_PATH = "/forgot-password";

function findByEmail(email: string, executor: Trx | ReturnType<typeof db> = db()): Promise<AccountRow | undefined> {
  return (
    executor
      .selectFrom("app_user")
      .select(["id", "email", "name", "password_hash", "email_verified_at"])
      .where("email", "=", email.toLowerCase())
      // An erased account no longer exists: signing in to it is refused as for an unknown address.
      .where("erased_at", "is", null)
      .executeTakeFirst()
  );
}

function findById(id: number, executor: Trx | ReturnType<typeof db> = db()): Promise<AccountRow | undefined> {
  return executor
    .selectFrom("app_user")
    .select(["id", "email", "name", "password_hash", "email_verified_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/**
 * The emailed confirmation link. `returnTo` (a path on this site, already checked with
 * safeReturnTo) rides along in the query so that opening the link brings the person back to
 * where they were, e.g. an organisation invitation; the page checks it again.
 */
function verifyEmailUrl(token: string, returnTo: string | null | undefined): string {
  return absoluteUrl(`/verify-email/${token}${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`);
}

async function queueVerificationEmail(
  trx: Trx,
  user: { id: number; email: string; name: string },
  now: Date,
  returnTo: string | null | undefined,
) {
  const { token, id } = await issueOneTimeToken(trx, { purpose: "verify_email", userId: user.id, now });
  await queueEmail(trx, {
    to: user.email,
    template: "verify-email",
    props: { name: user.name, verifyUrl: verifyEmailUrl(token, returnTo), expiresIn: describeLifetime("verify_email") },
    idempotencyKey: `verify-email:${id}`,
  });
}

async function queuePasswordChangedEmail(trx: Trx, user: { email: string; name: string }, now: Date) {
  await queueEmail(trx, {
    to: user.email,
    template: "password-changed",
    props: { name: user.name, changedAt: formatDateTime(now), forgotPasswordUrl: absoluteUrl(FORGOT_PASSWORD_PATH) },
  });
}

/* ---------------------------------------------------------------- registering */

/**
 * How long after the password hash starts registering answers, whichever path it took. Both paths
 * take ~20-40 ms on an idle machine; the hold keeps them alike, at a cost a person won't notice.
 */
export const REGISTER_ANSWER_MS = 250;

function holdUntil(moment: number): Promise<void> {
  const wait = moment - performance.now();
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}

export type RegisterResult =
  /** The same answer whether the address was new or already had an account. */
  { kind: "check_email"; email: string } | RateLimited;

/**
 * Creates an unverified entrant account and emails a link to confirm the address (opening it
 * signs the person in). If the address already has an account, nothing is created: its owner is
 * emailed instead. The answer is identical either way, and neither opens a session.
 *
 * Timing: both paths hash the password (argon2id, tens of milliseconds, which dwarfs the rest),
 * then run one transaction of about five small statements (new: insert account, role, token,
 * outbox row, audit; existing: the insert that finds the conflict, look-up, audit, rate-limit
 * count, outbox row). Email is rendered and sent later by the worker on both paths, never in the
 * request. tests/integration/accounts.test.ts measures the two against each other.
 *
 * `returnTo`: a safe path on this site to come back to once the address is confirmed. A password
 * that breaks the policy is invalid (against the password field).
 */
export async function register(
  input: { name: string; email: string; password: string },
  { ip, now = new Date(), returnTo = null }: RequestInfo & { returnTo?: string | null },
): Promise<RegisterResult> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  const limited = await hit(`register:address:${ip}`, LIMITS.registerPerAddress, { now });
  if (!limited.allowed) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
  const problem = passwordError(input.password, { email, name });
  if (problem) throw invalid(problem, "password");
  // Hashed whether or not the address is taken, so both answers take as long.
  const started = performance.now();
  const passwordHash = await hashPassword(input.password);

  const result = await db()
    .transaction()
    .execute(async (trx): Promise<RegisterResult> => {
      // ON CONFLICT rather than look-then-insert: two registrations racing for one address get
      // one account and one "already exists" email, never an error page.
      const created = await trx
        .insertInto("app_user")
        .values({
          email,
          name,
          password_hash: passwordHash,
          password_changed_at: now,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column("email").doNothing())
        .returning(["id", "email", "name"])
        .executeTakeFirst();

      if (!created) {
        const owner = await findByEmail(email, trx);
        if (!owner) throw new Error("register: the address is taken but no account holds it");
        await recordAudit(trx, {
          action: "register_existing_email",
          actorUserId: null,
          subjectType: "user",
          subjectId: owner.id,
          ip,
        });
        // Someone could register the same address over and over to flood its owner's inbox;
        // a few a day is plenty to let them know. Quietly, so the answer still gives nothing away.
        const emails = await hit(`account-exists-email:user:${owner.id}`, LIMITS.accountExistsEmailsPerAccount, {
          now,
          executor: trx,
        });
        if (emails.allowed) {
          await queueEmail(trx, {
            to: owner.email,
            template: "account-exists",
            props: {
              name: owner.name,
              // Like the confirmation link on the other path, signing in brings them back.
              signInUrl: absoluteUrl(returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : "/sign-in"),
              forgotPasswordUrl: absoluteUrl(FORGOT_PASSWORD_PATH),
            },
          });
        }
        return { kind: "check_email", email };
      }

      await trx.insertInto("role_grant").values({ user_id: created.id, role: "entrant", granted_at: now }).execute();
      await queueVerificationEmail(trx, created, now, returnTo);
      await recordAudit(trx, {
        action: "registered",
        actorUserId: created.id,
        subjectType: "user",
        subjectId: created.id,
        ip,
      });
      return { kind: "check_email", email };
    });
  // A new account writes three rows more than a known address (the account, its role, the link),
  // ~10 ms on the embedded database: enough, over many tries, to tell the two apart. Both answers
  // are held until the same moment after the hash began, longer than either path takes.
  await holdUntil(started + REGISTER_ANSWER_MS);
  return result;
}

/* ------------------------------------------------------- confirming an address */

export type VerifyResult =
  | { kind: "verified"; userId: number; session: NewSession }
  | { kind: "expired" | "used"; userId: number; alreadyVerified: boolean }
  | { kind: "invalid" };

export type VerifyLinkState =
  { kind: "valid" } | { kind: "expired" | "used"; alreadyVerified: boolean } | { kind: "invalid" };

/**
 * What a confirmation link is good for now, without using it: opening the link shows a button,
 * and only pressing it (a POST, which `verifyEmail` answers) confirms and signs in. A mail
 * scanner that fetches every link in a message therefore cannot use the link up, and a link
 * someone else sends you cannot sign you in to their account without your pressing the button.
 */
export async function checkVerifyLink(token: string, now = new Date()): Promise<VerifyLinkState> {
  if (!isWellFormedToken(token)) return { kind: "invalid" };
  const row = await db()
    .selectFrom("one_time_token")
    .innerJoin("app_user", "app_user.id", "one_time_token.user_id")
    .select(["one_time_token.expires_at", "one_time_token.used_at", "app_user.email_verified_at"])
    .where("one_time_token.id", "=", hashToken(token))
    .where("one_time_token.purpose", "=", "verify_email")
    .executeTakeFirst();
  if (!row) return { kind: "invalid" };
  const state = tokenState({ expiresAt: new Date(row.expires_at), usedAt: row.used_at }, now);
  return state === "valid" ? { kind: "valid" } : { kind: state, alreadyVerified: row.email_verified_at !== null };
}

/**
 * Confirms the address an emailed link was sent to, and signs the person in: the link is the
 * proof they hold the address, and registering deliberately did not sign them in. Each link works
 * once. `replacingSessionId` is the session this browser already had, if any: it is closed, so
 * the browser holds one session, the link's account's.
 */
export async function verifyEmail(
  token: string,
  { ip, userAgent, now = new Date(), replacingSessionId }: RequestInfo & { replacingSessionId?: string | null },
): Promise<VerifyResult> {
  if (!isWellFormedToken(token)) return { kind: "invalid" };
  const id = hashToken(token);
  return db()
    .transaction()
    .execute(async (trx): Promise<VerifyResult> => {
      const row = await trx
        .selectFrom("one_time_token")
        .innerJoin("app_user", "app_user.id", "one_time_token.user_id")
        .select([
          "one_time_token.user_id",
          "one_time_token.expires_at",
          "one_time_token.used_at",
          "app_user.email_verified_at",
        ])
        .where("one_time_token.id", "=", id)
        .where("one_time_token.purpose", "=", "verify_email")
        // Two clicks at once: the second waits, then sees the link as used.
        .forUpdate("one_time_token")
        .executeTakeFirst();
      if (!row) return { kind: "invalid" };
      const state = tokenState({ expiresAt: new Date(row.expires_at), usedAt: row.used_at }, now);
      if (state !== "valid")
        return { kind: state, userId: row.user_id, alreadyVerified: row.email_verified_at !== null };

      // Every link sent so far has done its job once the address is confirmed.
      await trx
        .updateTable("one_time_token")
        .set({ used_at: now })
        .where("user_id", "=", row.user_id)
        .where("purpose", "=", "verify_email")
        .where("used_at", "is", null)
        .execute();
      if (row.email_verified_at === null) {
        await trx
          .updateTable("app_user")
          .set({ email_verified_at: now, updated_at: now })
          .where("id", "=", row.user_id)
          .execute();
      }
      await recordAudit(trx, {
        action: "email_verified",
        actorUserId: row.user_id,
        subjectType: "user",
        subjectId: row.user_id,
        ip,
      });
      if (replacingSessionId) await trx.deleteFrom("session").where("id", "=", replacingSessionId).execute();
      const session = await createSession(row.user_id, trx, { ip, userAgent });
      await recordAudit(trx, {
        action: "sign_in",
        actorUserId: row.user_id,
        subjectType: "user",
        subjectId: row.user_id,
        ip,
        details: { method: "email_confirmation_link" },
      });
      return { kind: "verified", userId: row.user_id, session };
    });
}

export type ResendResult = { kind: "sent"; email: string } | { kind: "already_verified" } | RateLimited;

/**
 * Sends a new confirmation link. `who` is the signed-in person, or the token of a link that has
 * expired or been used (the page for such a link offers a new one); either way the link goes only
 * to the account's own address. A token that is no link (or an account that has gone) is not found.
 */
export async function resendVerification(
  who: Actor | { token: string },
  { ip, now = new Date(), returnTo = null }: RequestInfo & { returnTo?: string | null },
): Promise<ResendResult> {
  let userId: number;
  if ("id" in who) {
    userId = who.id;
  } else {
    if (!isWellFormedToken(who.token)) throw notFound("This link is not valid");
    const row = await db()
      .selectFrom("one_time_token")
      .select("user_id")
      .where("id", "=", hashToken(who.token))
      .where("purpose", "=", "verify_email")
      .executeTakeFirst();
    if (!row) throw notFound("This link is not valid");
    userId = row.user_id;
  }
  const limited = await hitAll(
    [
      { key: `verify-resend:user:${userId}`, limit: LIMITS.verifyResendPerAccount },
      { key: `verify-resend:address:${ip}`, limit: LIMITS.verifyResendPerAddress },
    ],
    { now },
  );
  if (!limited.allowed) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
  return db()
    .transaction()
    .execute(async (trx): Promise<ResendResult> => {
      const user = await findById(userId, trx);
      if (!user) throw notFound("This link is not valid");
      if (user.email_verified_at) return { kind: "already_verified" };
      await queueVerificationEmail(trx, user, now, returnTo);
      await recordAudit(trx, {
        action: "verification_email_sent",
        actorUserId: "id" in who ? userId : null,
        subjectType: "user",
        subjectId: userId,
        ip,
      });
      return { kind: "sent", email: user.email };
    });
}

/* ------------------------------------------------------------ signing in and out */

export type SignInResult = { kind: "signed_in"; userId: number; session: NewSession } | RateLimited;

/** One message whether the address or the password was wrong, so it tells a stranger nothing. */
export const SIGN_IN_REFUSED = "Enter a correct email address and password";

/**
 * Checks an email address and password and opens a session. `replacingSessionId` is the session
 * the browser already had, if any: it is closed, so one browser holds one session. A wrong address
 * or password is invalid (SIGN_IN_REFUSED, against the email field).
 */
export async function signIn(
  input: { email: string; password: string },
  { ip, userAgent, now = new Date(), replacingSessionId }: RequestInfo & { replacingSessionId?: string | null },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const limited = await hitAll(
    [
      { key: `sign-in:account:${email}`, limit: LIMITS.signInPerAccount },
      { key: `sign-in:address:${ip}`, limit: LIMITS.signInPerAddress },
    ],
    { now },
  );
  // Refused attempts are not audited: they are unbounded, and the audit trail is append-only.
  if (!limited.allowed) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };

  const user = await findByEmail(email);
  const ok = user ? await verifyPassword(user.password_hash, input.password) : (await burnTime(input.password), false);
  if (!user || !ok) {
    await recordAudit(db(), {
      action: "sign_in_failed",
      actorUserId: null,
      subjectType: user ? "user" : undefined,
      subjectId: user?.id,
      ip,
      details: { reason: user ? "wrong_password" : "no_account" },
    });
    throw invalid(SIGN_IN_REFUSED, "email");
  }

  return db()
    .transaction()
    .execute(async (trx): Promise<SignInResult> => {
      if (replacingSessionId) await trx.deleteFrom("session").where("id", "=", replacingSessionId).execute();
      const session = await createSession(user.id, trx, { ip, userAgent });
      await recordAudit(trx, { action: "sign_in", actorUserId: user.id, subjectType: "user", subjectId: user.id, ip });
      return { kind: "signed_in", userId: user.id, session };
    });
}

/** Ends one session (this browser's). */
export async function signOut(user: { id: number; sessionId: string }, { ip }: RequestInfo): Promise<void> {
  await db()
    .transaction()
    .execute(async (trx) => {
      // Only the person's own session: a session id of someone else's ends nothing.
      await trx.deleteFrom("session").where("id", "=", user.sessionId).where("user_id", "=", user.id).execute();
      await recordAudit(trx, { action: "sign_out", actorUserId: user.id, subjectType: "user", subjectId: user.id, ip });
    });
}

/* ------------------------------------------------------------- forgotten password */

export type ResetRequestResult = { kind: "sent"; email: string } | RateLimited;

/**
 * Emails a single-use link to choose a new password, if the address has an account; the answer
 * is the same either way. A new link replaces any earlier one.
 */
export async function requestPasswordReset(
  emailInput: string,
  { ip, now = new Date() }: RequestInfo,
): Promise<ResetRequestResult> {
  const email = emailInput.trim().toLowerCase();
  const limited = await hitAll(
    [
      { key: `reset:account:${email}`, limit: LIMITS.resetPerAccount },
      { key: `reset:address:${ip}`, limit: LIMITS.resetPerAddress },
    ],
    { now },
  );
  if (!limited.allowed) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };

  await db()
    .transaction()
    .execute(async (trx) => {
      const user = await findByEmail(email, trx);
      if (!user) {
        await recordAudit(trx, { action: "password_reset_requested", ip, details: { accountExists: false } });
        return;
      }
      // Only the newest link works.
      const { token, id } = await issueOneTimeToken(trx, {
        purpose: "reset_password",
        userId: user.id,
        now,
        onlyNewest: true,
      });
      await queueEmail(trx, {
        to: user.email,
        template: "reset-password",
        props: {
          name: user.name,
          resetUrl: absoluteUrl(`/reset-password/${token}`),
          expiresIn: describeLifetime("reset_password"),
          forgotPasswordUrl: absoluteUrl(FORGOT_PASSWORD_PATH),
        },
        idempotencyKey: `reset-password:${id}`,
      });
      await recordAudit(trx, {
        action: "password_reset_requested",
        subjectType: "user",
        subjectId: user.id,
        ip,
        details: { accountExists: true },
      });
    });
  return { kind: "sent", email };
}

export type ResetLinkState = TokenState | "invalid";

/** What a reset link is good for now, to decide what its page shows. */
export async function checkResetLink(token: string, now = new Date()): Promise<ResetLinkState> {
  if (!isWellFormedToken(token)) return "invalid";
  const row = await db()
    .selectFrom("one_time_token")
    .select(["expires_at", "used_at"])
    .where("id", "=", hashToken(token))
    .where("purpose", "=", "reset_password")
    .executeTakeFirst();
  if (!row) return "invalid";
  return tokenState({ expiresAt: new Date(row.expires_at), usedAt: row.used_at }, now);
}

export type ResetPasswordResult =
  | { kind: "reset"; userId: number; session: NewSession }
  /** The link is no good (any more): its page says which. */
  | { kind: "expired" | "used" | "invalid" };

/**
 * Sets a new password through a reset link: the link is used up, every session of the account
 * is closed (whoever else was signed in is signed out) and a fresh one opened for this browser.
 */
export async function resetPassword(
  token: string,
  newPassword: string,
  { ip, userAgent, now = new Date() }: RequestInfo,
): Promise<ResetPasswordResult> {
  // The link is checked before the deliberately slow hash, so made-up links cost us nothing.
  if (!isWellFormedToken(token)) return { kind: "invalid" };
  const id = hashToken(token);
  const found = await db()
    .selectFrom("one_time_token")
    .innerJoin("app_user", "app_user.id", "one_time_token.user_id")
    .select(["one_time_token.expires_at", "one_time_token.used_at", "app_user.id", "app_user.email", "app_user.name"])
    .where("one_time_token.id", "=", id)
    .where("one_time_token.purpose", "=", "reset_password")
    .executeTakeFirst();
  if (!found) return { kind: "invalid" };
  const state = tokenState({ expiresAt: new Date(found.expires_at), usedAt: found.used_at }, now);
  if (state !== "valid") return { kind: state };
  const problem = passwordError(newPassword, { email: found.email, name: found.name });
  if (problem) throw invalid(problem, "password");
  const passwordHash = await hashPassword(newPassword);

  return db()
    .transaction()
    .execute(async (trx): Promise<ResetPasswordResult> => {
      // Claiming the link and checking it is still good are one statement, so two submissions
      // racing with the same link can't both succeed.
      const claimed = await trx
        .updateTable("one_time_token")
        .set({ used_at: now })
        .where("id", "=", id)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returning("user_id")
        .executeTakeFirst();
      if (!claimed) {
        const after = await trx
          .selectFrom("one_time_token")
          .select(["used_at"])
          .where("id", "=", id)
          .executeTakeFirst();
        return { kind: after?.used_at ? "used" : "expired" };
      }
      await trx
        .updateTable("app_user")
        .set((eb) => ({
          password_hash: passwordHash,
          password_changed_at: now,
          updated_at: now,
          // The link arrived by email, which confirms the address as well as a verification link does.
          email_verified_at: eb.fn.coalesce("email_verified_at", eb.val(now)),
        }))
        .where("id", "=", found.id)
        .execute();
      await trx
        .updateTable("one_time_token")
        .set({ expires_at: now })
        .where("user_id", "=", found.id)
        .where("purpose", "=", "reset_password")
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .execute();
      await invalidateAllSessions(found.id, trx);
      const session = await createSession(found.id, trx, { ip, userAgent });
      await recordAudit(trx, {
        action: "password_reset",
        actorUserId: found.id,
        subjectType: "user",
        subjectId: found.id,
        ip,
      });
      await queuePasswordChangedEmail(trx, found, now);
      return { kind: "reset", userId: found.id, session };
    });
}

/* ------------------------------------------------------------ changing a password */

export type ChangePasswordResult = { kind: "changed"; session: NewSession } | RateLimited;

/**
 * Changes the password of a signed-in person who knows the current one. Every session is closed,
 * this one included, and a fresh one opened for this browser. A wrong current password, or a new
 * one that is the same or breaks the policy, is invalid against its field.
 */
export async function changePassword(
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  { now = new Date(), userAgent = null }: { now?: Date; userAgent?: string | null } = {},
): Promise<ChangePasswordResult> {
  const ip = actor.ip;
  const user = await findById(actor.id);
  if (!user) throw invalid("Enter your current password", "currentPassword");
  // The current-password box is as good a place to guess a password as the sign-in page, so it
  // shares the account's sign-in limit.
  const limited = await hit(`sign-in:account:${user.email}`, LIMITS.signInPerAccount, { now });
  if (!limited.allowed) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw invalid("Your current password is not correct", "currentPassword");
  }
  if (input.newPassword === input.currentPassword) {
    throw invalid("Your new password must be different from your current password", "newPassword");
  }
  const problem = passwordError(input.newPassword, { email: user.email, name: user.name });
  if (problem) throw invalid(problem, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);

  return db()
    .transaction()
    .execute(async (trx): Promise<ChangePasswordResult> => {
      await trx
        .updateTable("app_user")
        .set({ password_hash: passwordHash, password_changed_at: now, updated_at: now })
        .where("id", "=", user.id)
        .execute();
      await invalidateAllSessions(user.id, trx);
      const session = await createSession(user.id, trx, { ip, userAgent });
      await recordAudit(trx, {
        action: "password_changed",
        actorUserId: user.id,
        subjectType: "user",
        subjectId: user.id,
        ip,
      });
      await queuePasswordChangedEmail(trx, user, now);
      return { kind: "changed", session };
    });
}

/* -------------------------------------------------------------------- the account */

export interface AccountSummary {
  name: string;
  email: string;
  emailVerifiedAt: Date | null;
  passwordChangedAt: Date | null;
  createdAt: Date;
}

/** What the account page shows about the signed-in person. */
export async function getAccount(actor: Actor): Promise<AccountSummary> {
  const row = await db()
    .selectFrom("app_user")
    .select(["name", "email", "email_verified_at", "password_changed_at", "created_at"])
    .where("id", "=", actor.id)
    .executeTakeFirst();
  if (!row) throw notFound();
  return {
    name: row.name,
    email: row.email,
    emailVerifiedAt: row.email_verified_at ? new Date(row.email_verified_at) : null,
    passwordChangedAt: row.password_changed_at ? new Date(row.password_changed_at) : null,
    createdAt: new Date(row.created_at),
  };
}
