import { db, type Executor } from "../../../db/client";
import { absoluteUrl } from "../../../emails/components/url";
import { FRESH_SECOND_FACTOR_MINUTES } from "../../auth/constants";
import { burnTime, verifyPassword } from "../../auth/password.server";
import { hashToken } from "../../auth/session.server";
import { issueOneTimeToken } from "./one-time-tokens.server";
import { maskEmailAddress } from "../../domain/email-address";
import { formatDateTime } from "../../domain/time";
import { describeLifetime, isWellFormedToken, tokenState } from "../../domain/tokens";
import type { Actor } from "../actor.server";
import { forbidden, invalid, notFound } from "../app-error.server";
import { queueEmail } from "../email/outbox.server";
import { recordAudit } from "../platform/audit.server";
import type { RateLimited } from "./accounts.server";
import { hit, LIMITS } from "./rate-limit.server";
import { hasSecondFactor } from "./second-factor.server";

// Putting right what the service holds about a person (UK GDPR article 16): their name, and their
// email address (docs/decisions/053-rectification-and-consent.md).
//
// A new address is used only once a link sent to it has been opened: an address typed wrongly, or
// someone else's, must never receive the account's email or its password reset links. The old
// address is told when the change is asked for and again when it is made, so that an owner whose
// password is known to someone else hears about it while they can still stop it: changing the
// password makes every link issued before it useless.
//
// Neither the audit trail nor its details hold the names or addresses: the trail is hash-chained
// and can never be edited, so personal data written into it could never be erased.
//
// The answer to a request does not say whether the new address already has an account (as
// registering does not): the holder of that address is told instead, and nothing changes.

export const NAME_MAX = 200;

async function accountOf(executor: Executor, userId: number) {
  const row = await executor
    .selectFrom("app_user")
    .select(["id", "email", "name", "password_hash"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/* ------------------------------------------------------------------------------ name */

/** Changes the caller's own name. Invalid (against `name`) when blank or too long. */
export async function changeName(actor: Actor, input: { name: string }, now = new Date()): Promise<void> {
  const name = input.name.trim();
  if (name.length === 0) throw invalid("Enter your full name", "name");
  if (name.length > NAME_MAX) throw invalid(`Your name must be ${NAME_MAX} characters or fewer`, "name");
  await db()
    .transaction()
    .execute(async (trx) => {
      const account = await accountOf(trx, actor.id);
      if (account.name === name) return;
      await trx.updateTable("app_user").set({ name, updated_at: now }).where("id", "=", actor.id).execute();
      // No old or new name: the trail records that it changed, the account says what to.
      await recordAudit(trx, {
        action: "account.name_changed",
        actorUserId: actor.id,
        subjectType: "user",
        subjectId: actor.id,
        ip: actor.ip,
      });
    });
}

/* --------------------------------------------------------------------- email address */

export interface EmailChangePage {
  email: string;
  /** The change waiting for its link to be opened, if any. */
  pending: { newEmail: string; expiresAt: Date } | null;
  /** People with a second factor confirm it is them with it; others with their password. */
  confirmWith: "password" | "second_factor";
}

/** The caller's address, any change waiting to be confirmed, and how they will confirm it is them. */
export async function emailChangePage(actor: Actor, now = new Date()): Promise<EmailChangePage> {
  const account = await accountOf(db(), actor.id);
  const pending = await db()
    .selectFrom("one_time_token")
    .select(["new_email", "expires_at"])
    .where("user_id", "=", actor.id)
    .where("purpose", "=", "change_email")
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  return {
    email: account.email,
    pending: pending?.new_email ? { newEmail: pending.new_email, expiresAt: new Date(pending.expires_at) } : null,
    confirmWith: (await hasSecondFactor(actor.id)) ? "second_factor" : "password",
  };
}

export type EmailChangeRequestResult = { kind: "sent"; newEmail: string } | RateLimited;

/** Said when a person with a second factor has not given it in the last few minutes. */
export const CONFIRM_IT_IS_YOU = "Confirm it is you with your second factor, then change your email address";

/**
 * Asks to move the caller's account to `newEmail`: a link to confirm it goes to the new address,
 * and the old address is told. Nothing changes until the link is opened. The caller proves it is
 * them: with a second factor given in this session in the last few minutes if they have one (the
 * page asks for it first), else with their password. A newer request replaces any earlier one.
 *
 * Answers "sent" whether or not the new address already has an account; if it has, its holder is
 * emailed instead of a link. Invalid: a wrong password (`password`), the current address
 * (`newEmail`). Forbidden: a second factor not given recently enough.
 */
export async function requestEmailChange(
  actor: Actor,
  input: { newEmail: string; password?: string | null },
  { sessionId, now = new Date() }: { sessionId: string; now?: Date },
): Promise<EmailChangeRequestResult> {
  const newEmail = input.newEmail.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(newEmail) || newEmail.length > 254) {
    throw invalid("Enter an email address in the correct format, like name@example.com", "newEmail");
  }
  const account = await accountOf(db(), actor.id);
  if (newEmail === account.email) throw invalid("That is already your email address", "newEmail");

  const limited = await hit(`email-change:account:${account.id}`, LIMITS.emailChangePerAccount, { now });
  if (!limited.allowed) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };

  if (await hasSecondFactor(account.id)) {
    // Checked here as well as by the page: the session must be the caller's and fresh.
    const session = await db()
      .selectFrom("session")
      .select("second_factor_at")
      .where("id", "=", sessionId)
      .where("user_id", "=", account.id)
      .executeTakeFirst();
    const freshSince = now.getTime() - FRESH_SECOND_FACTOR_MINUTES * 60_000;
    if (!session?.second_factor_at || new Date(session.second_factor_at).getTime() < freshSince) {
      throw forbidden(CONFIRM_IT_IS_YOU, "form");
    }
  } else {
    // The password box is as good a place to guess a password as the sign-in page: same limit.
    const guesses = await hit(`sign-in:account:${account.email}`, LIMITS.signInPerAccount, { now });
    if (!guesses.allowed) return { kind: "rate_limited", retryAfterSeconds: guesses.retryAfterSeconds };
    const password = input.password ?? "";
    if (!password) {
      await burnTime("");
      throw invalid("Enter your password", "password");
    }
    if (!(await verifyPassword(account.password_hash, password))) {
      throw invalid("Your password is not correct", "password");
    }
  }

  return db()
    .transaction()
    .execute(async (trx): Promise<EmailChangeRequestResult> => {
      // One change at a time per person: two requests at once queue here.
      await trx.selectFrom("app_user").select("id").where("id", "=", account.id).forUpdate().executeTakeFirst();
      // Only the newest link works. A request is recorded the same way whether or not the address
      // is free, so that neither the answer nor the pages after it say which; only a free address
      // is sent the link.
      const { token, id } = await issueOneTimeToken(trx, {
        purpose: "change_email",
        userId: account.id,
        now,
        onlyNewest: true,
        newEmail,
      });
      const holder = await trx
        .selectFrom("app_user")
        .select(["id", "name"])
        .where("email", "=", newEmail)
        .executeTakeFirst();
      if (holder) {
        // Quietly limited, like the "you already have an account" emails registering sends.
        const notes = await hit(`account-exists-email:user:${holder.id}`, LIMITS.accountExistsEmailsPerAccount, {
          now,
          executor: trx,
        });
        if (notes.allowed) {
          await queueEmail(trx, {
            to: newEmail,
            template: "email-change-address-taken",
            props: { name: holder.name, signInUrl: absoluteUrl("/sign-in") },
          });
        }
      } else {
        await queueEmail(trx, {
          to: newEmail,
          template: "email-change-confirm",
          props: {
            name: account.name,
            confirmUrl: absoluteUrl(`/account/email/confirm/${token}`),
            expiresIn: describeLifetime("change_email"),
          },
          idempotencyKey: `email-change-confirm:${id}`,
        });
      }
      // The old address hears of every request, whichever way it went.
      await queueEmail(trx, {
        to: account.email,
        template: "email-change-requested",
        props: {
          name: account.name,
          newAddress: maskEmailAddress(newEmail),
          requestedAt: formatDateTime(now),
          forgotPasswordUrl: absoluteUrl("/forgot-password"),
        },
      });
      await recordAudit(trx, {
        action: "account.email_change_requested",
        actorUserId: account.id,
        subjectType: "user",
        subjectId: account.id,
        ip: actor.ip,
      });
      return { kind: "sent", newEmail };
    });
}

export type EmailChangeLinkState = { kind: "valid"; newEmail: string } | { kind: "expired" | "used" | "invalid" };

interface LinkRow {
  user_id: number;
  new_email: string | null;
  expires_at: Date;
  used_at: Date | null;
  created_at: Date;
  password_changed_at: Date | null;
}

/** What a link is good for: a link issued before the password last changed has expired. */
function linkState(row: LinkRow, now: Date): "valid" | "expired" | "used" {
  const state = tokenState({ expiresAt: new Date(row.expires_at), usedAt: row.used_at }, now);
  if (state !== "valid") return state;
  // Whoever asked may have known a password the owner has since changed.
  if (row.password_changed_at && new Date(row.password_changed_at) > new Date(row.created_at)) return "expired";
  return "valid";
}

function linkQuery(executor: Executor, token: string) {
  return executor
    .selectFrom("one_time_token")
    .innerJoin("app_user", "app_user.id", "one_time_token.user_id")
    .select([
      "one_time_token.user_id",
      "one_time_token.new_email",
      "one_time_token.expires_at",
      "one_time_token.used_at",
      "one_time_token.created_at",
      "app_user.password_changed_at",
      "app_user.email",
      "app_user.name",
    ])
    .where("one_time_token.id", "=", hashToken(token))
    .where("one_time_token.purpose", "=", "change_email");
}

/**
 * What a change-of-address link is good for now, without using it: opening the link shows a
 * button and only pressing it changes anything, so a mail scanner fetching the link cannot.
 */
export async function checkEmailChangeLink(token: string, now = new Date()): Promise<EmailChangeLinkState> {
  if (!isWellFormedToken(token)) return { kind: "invalid" };
  const row = await linkQuery(db(), token).executeTakeFirst();
  if (!row?.new_email) return { kind: "invalid" };
  const state = linkState(row, now);
  return state === "valid" ? { kind: "valid", newEmail: row.new_email } : { kind: state };
}

export type EmailChangeResult =
  | { kind: "changed"; userId: number; newEmail: string; sessionsEnded: number }
  /** The new address got an account of its own after the link was sent. */
  | { kind: "address_taken" }
  | { kind: "expired" | "used" | "invalid" };

/**
 * Uses a change-of-address link: the account's address becomes the new one (confirmed, since the
 * link reached it), every other link sent to the old address stops working, the old address is
 * told, and the person is signed out everywhere except in `keepSession` (this browser's session,
 * when it is the same person's). Signs nobody in. Works once.
 */
export async function confirmEmailChange(
  token: string,
  { ip, now = new Date(), keepSession = null }: { ip?: string | null; now?: Date; keepSession?: string | null } = {},
): Promise<EmailChangeResult> {
  if (!isWellFormedToken(token)) return { kind: "invalid" };
  return db()
    .transaction()
    .execute(async (trx): Promise<EmailChangeResult> => {
      const row = await linkQuery(trx, token).forUpdate("one_time_token").executeTakeFirst();
      if (!row?.new_email) return { kind: "invalid" };
      const state = linkState(row, now);
      if (state !== "valid") return { kind: state };
      const newEmail = row.new_email;

      // Every link of the person's not yet used is done with: those sent to the old address
      // (a password reset, say) must not outlive its being the account's address.
      await trx
        .updateTable("one_time_token")
        .set({ expires_at: now })
        .where("user_id", "=", row.user_id)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .execute();
      await trx.updateTable("one_time_token").set({ used_at: now }).where("id", "=", hashToken(token)).execute();

      const taken = await trx.selectFrom("app_user").select("id").where("email", "=", newEmail).executeTakeFirst();
      if (taken) return { kind: "address_taken" };

      await trx
        .updateTable("app_user")
        .set({ email: newEmail, email_verified_at: now, updated_at: now })
        .where("id", "=", row.user_id)
        .execute();
      const ended = await trx
        .deleteFrom("session")
        .where("user_id", "=", row.user_id)
        .$if(keepSession !== null, (qb) => qb.where("id", "!=", keepSession!))
        .executeTakeFirst();
      const sessionsEnded = Number(ended.numDeletedRows);
      await queueEmail(trx, {
        to: row.email,
        template: "email-changed",
        props: { name: row.name, newAddress: maskEmailAddress(newEmail), changedAt: formatDateTime(now) },
      });
      await recordAudit(trx, {
        action: "account.email_changed",
        actorUserId: row.user_id,
        subjectType: "user",
        subjectId: row.user_id,
        ip,
        details: { sessionsEnded },
      });
      return { kind: "changed", userId: row.user_id, newEmail, sessionsEnded };
    });
}
