import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from "@oslojs/otp";
import QRCode from "qrcode";
import { db, type Executor } from "../../../db/client";
import { PRIVILEGED_ROLES } from "../../auth/constants";
import { replaceSession } from "../../auth/session.server";
import { config } from "../../config.server";
import { DEMO_ACCOUNTS, demoAccountHasAuthenticator, demoTotpKey } from "../../domain/demo-accounts";
import {
  acceptableSteps,
  groupKey,
  normaliseRecoveryCode,
  normaliseTotpCode,
  RECOVERY_CODE_COUNT,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  totpStep,
} from "../../domain/second-factor";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, forbidden, invalid, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import type { NewSession, RateLimited } from "./accounts.server";
import { hit, LIMITS, resetBucket } from "./rate-limit.server";

// The second factor: an authenticator app (TOTP) and ten single-use recovery codes. Passkeys are
// added elsewhere but finish the same way, through completeSecondFactor.
//
// Every function reads the person from the Actor and the database, never from what the route
// says about them. Every security event is audited in the transaction of its change, except a
// wrong code, which changes nothing and is audited on its own. Adding or removing a factor, or
// new recovery codes, signs the person out everywhere else: whoever might have had their
// password and an old session should not keep it past the change.
//
// The authenticator's key is stored readable (a hash cannot check a code); recovery codes are
// stored as SHA-256 hashes and shown once.

/** The issuer shown in the authenticator app beside the code. */
export const TOTP_ISSUER = "Community Recovery Innovation Challenge";

export type SecondFactorMethod = "totp" | "recovery_code" | "passkey";

export const WRONG_CODE = "Enter a correct code from your authenticator app";
export const WRONG_RECOVERY_CODE = "Enter a correct recovery code that has not been used";

const rateKey = (userId: number) => `second-factor:account:${userId}`;

function hashRecoveryCode(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(code)));
}

function randomRecoveryCode(): string {
  const bytes = new Uint8Array(10);
  crypto.getRandomValues(bytes);
  // 16 base32 characters from 10 random bytes; the first 10 (50 bits) make the code.
  const text = encodeBase32LowerCaseNoPadding(bytes).slice(0, 10);
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

async function isPrivileged(executor: Executor, userId: number): Promise<boolean> {
  const row = await executor
    .selectFrom("role_grant")
    .select("id")
    .where("user_id", "=", userId)
    .where("role", "in", [...PRIVILEGED_ROLES])
    .executeTakeFirst();
  return row !== undefined;
}

async function passkeyCount(executor: Executor, userId: number): Promise<number> {
  const row = await executor
    .selectFrom("passkey_credential")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Signs the person out of every session but this one. */
async function endOtherSessions(executor: Executor, userId: number, keepSessionId: string): Promise<void> {
  await executor.deleteFrom("session").where("user_id", "=", userId).where("id", "!=", keepSessionId).execute();
}

async function replaceRecoveryCodes(executor: Executor, actor: Actor, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, randomRecoveryCode);
  await executor.deleteFrom("recovery_code").where("user_id", "=", actor.id).execute();
  await executor
    .insertInto("recovery_code")
    .values(codes.map((code) => ({ user_id: actor.id, code_hash: hashRecoveryCode(code), created_at: now })))
    .execute();
  await recordAudit(executor, {
    action: "recovery_codes.generated",
    actorUserId: actor.id,
    subjectType: "user",
    subjectId: actor.id,
    ip: actor.ip,
    details: { count: codes.length },
  });
  return codes;
}

/* ------------------------------------------------------------------------- status */

export interface SecondFactorStatus {
  authenticator: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
  /** Whether the person must keep a second factor (they hold a privileged role). */
  privileged: boolean;
  /** Whether turning the authenticator off is allowed (not privileged, or a passkey remains). */
  canRemoveAuthenticator: boolean;
}

export async function getSecondFactorStatus(actor: Actor, executor: Executor = db()): Promise<SecondFactorStatus> {
  const totp = await executor
    .selectFrom("totp_credential")
    .select("confirmed_at")
    .where("user_id", "=", actor.id)
    .executeTakeFirst();
  const codes = await executor
    .selectFrom("recovery_code")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", actor.id)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  const passkeys = await passkeyCount(executor, actor.id);
  const privileged = await isPrivileged(executor, actor.id);
  const authenticator = !!totp?.confirmed_at;
  return {
    authenticator,
    passkeys,
    recoveryCodesLeft: Number(codes.n),
    privileged,
    canRemoveAuthenticator: authenticator && (!privileged || passkeys > 0),
  };
}

/* ------------------------------------------------------------ setting up the app */

export interface AuthenticatorSetup {
  /** The otpauth:// address the QR code holds. */
  uri: string;
  /** The key in base32, in groups of 4, for typing into the app. */
  keyText: string;
  /** The QR code as an SVG document. */
  qrSvg: string;
}

/**
 * Starts setting up an authenticator app, or carries on with the one being set up (so the key
 * does not change under someone who reloads the page while scanning). Conflict when one is on.
 */
export async function startAuthenticatorSetup(actor: Actor): Promise<AuthenticatorSetup> {
  const user = await db().selectFrom("app_user").select("email").where("id", "=", actor.id).executeTakeFirst();
  if (!user) throw notFound();
  const existing = await db()
    .selectFrom("totp_credential")
    .select(["key", "confirmed_at"])
    .where("user_id", "=", actor.id)
    .executeTakeFirst();
  if (existing?.confirmed_at) throw conflict("Your authenticator app is already set up");
  let key = existing ? new Uint8Array(existing.key) : null;
  if (!key) {
    key = new Uint8Array(20);
    crypto.getRandomValues(key);
    // Two tabs starting at once: the first key wins and both show it.
    await db()
      .insertInto("totp_credential")
      .values({ user_id: actor.id, key })
      .onConflict((oc) => oc.column("user_id").doNothing())
      .execute();
    const stored = await db()
      .selectFrom("totp_credential")
      .select("key")
      .where("user_id", "=", actor.id)
      .executeTakeFirstOrThrow();
    key = new Uint8Array(stored.key);
  }
  const uri = createTOTPKeyURI(TOTP_ISSUER, user.email, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return { uri, keyText: groupKey(encodeBase32UpperCaseNoPadding(key)), qrSvg };
}

export type ConfirmAuthenticatorResult =
  { kind: "confirmed"; session: NewSession; recoveryCodes: string[] } | RateLimited;

/**
 * Turns the authenticator on with a first good code. The code counts as this session's second
 * factor (the session gets a new token); ten recovery codes are made, to be shown once; every
 * other session ends. A wrong code is invalid against the code field.
 */
export async function confirmAuthenticator(
  actor: Actor,
  input: { code: string; sessionId: string },
  { now = new Date() }: { now?: Date } = {},
): Promise<ConfirmAuthenticatorResult> {
  const limited = await hit(rateKey(actor.id), LIMITS.secondFactorPerAccount, { now });
  if (!limited.allowed) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
  const result = await db()
    .transaction()
    .execute(async (trx) => {
      const credential = await trx
        .selectFrom("totp_credential")
        .select(["key", "confirmed_at", "last_used_step"])
        .where("user_id", "=", actor.id)
        .forUpdate()
        .executeTakeFirst();
      if (!credential) throw conflict("Start setting up your authenticator app again");
      if (credential.confirmed_at) throw conflict("Your authenticator app is already set up");
      const step = matchingStep(new Uint8Array(credential.key), input.code, now, credential.last_used_step);
      if (step === null) return null;
      await trx
        .updateTable("totp_credential")
        .set({ confirmed_at: now, last_used_step: step })
        .where("user_id", "=", actor.id)
        .execute();
      await recordAudit(trx, {
        action: "second_factor.totp_added",
        actorUserId: actor.id,
        subjectType: "user",
        subjectId: actor.id,
        ip: actor.ip,
      });
      const recoveryCodes = await replaceRecoveryCodes(trx, actor, now);
      await endOtherSessions(trx, actor.id, input.sessionId);
      const session = await completeSecondFactor(trx, { actor, sessionId: input.sessionId, method: "totp", now });
      return { kind: "confirmed" as const, session, recoveryCodes };
    });
  if (!result) {
    await recordFailure(actor, "totp");
    throw invalid(WRONG_CODE, "code");
  }
  await resetBucket(rateKey(actor.id));
  return result;
}

/** The step a good code belongs to, or null. Each candidate step is checked in constant time. */
function matchingStep(key: Uint8Array, typed: string, now: Date, lastUsedStep: number | null): number | null {
  const code = normaliseTotpCode(typed);
  if (!code) return null;
  for (const step of acceptableSteps(now, lastUsedStep === null ? null : Number(lastUsedStep))) {
    if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, code)) return step;
  }
  return null;
}

async function recordFailure(actor: Actor, method: SecondFactorMethod): Promise<void> {
  await recordAudit(db(), {
    action: "second_factor.failed",
    actorUserId: actor.id,
    subjectType: "user",
    subjectId: actor.id,
    ip: actor.ip,
    details: { method },
  });
}

/* ----------------------------------------------------------- giving the second factor */

export type VerifyResult = { kind: "verified"; session: NewSession } | RateLimited;

/**
 * Checks a code from the authenticator app or a recovery code, and on success records the second
 * factor for this session (completeSecondFactor: a new token). A code already used (same or
 * earlier 30-second step) and a used recovery code are refused like wrong ones. Failures count
 * against the account (5 in 15 minutes), whichever browser they come from.
 */
export async function verifySecondFactor(
  actor: Actor,
  input: { method: "totp" | "recovery_code"; code: string; sessionId: string },
  { now = new Date() }: { now?: Date } = {},
): Promise<VerifyResult> {
  const limited = await hit(rateKey(actor.id), LIMITS.secondFactorPerAccount, { now });
  if (!limited.allowed) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
  const session = await db()
    .transaction()
    .execute(async (trx) => {
      if (input.method === "totp") {
        const credential = await trx
          .selectFrom("totp_credential")
          .select(["key", "last_used_step"])
          .where("user_id", "=", actor.id)
          .where("confirmed_at", "is not", null)
          .forUpdate()
          .executeTakeFirst();
        if (!credential) return null;
        const step = matchingStep(new Uint8Array(credential.key), input.code, now, credential.last_used_step);
        if (step === null) return null;
        await trx
          .updateTable("totp_credential")
          .set({ last_used_step: step })
          .where("user_id", "=", actor.id)
          .execute();
      } else {
        const code = normaliseRecoveryCode(input.code);
        if (!code) return null;
        const used = await trx
          .updateTable("recovery_code")
          .set({ used_at: now })
          .where("user_id", "=", actor.id)
          .where("code_hash", "=", hashRecoveryCode(code))
          .where("used_at", "is", null)
          .returning("id")
          .executeTakeFirst();
        if (!used) return null;
        const left = await trx
          .selectFrom("recovery_code")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("user_id", "=", actor.id)
          .where("used_at", "is", null)
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          action: "recovery_code.used",
          actorUserId: actor.id,
          subjectType: "user",
          subjectId: actor.id,
          ip: actor.ip,
          details: { left: Number(left.n) },
        });
      }
      return completeSecondFactor(trx, { actor, sessionId: input.sessionId, method: input.method, now });
    });
  if (!session) {
    await recordFailure(actor, input.method);
    throw invalid(input.method === "totp" ? WRONG_CODE : WRONG_RECOVERY_CODE, "code");
  }
  await resetBucket(rateKey(actor.id));
  return { kind: "verified", session };
}

/**
 * Records that this session has just given its second factor (any method, passkeys included):
 * audited, and the session gets a new token, so a token seen before is useless now. The caller
 * sets the returned token as the cookie. Forbidden when the session is not the actor's.
 */
export async function completeSecondFactor(
  executor: Executor,
  {
    actor,
    sessionId,
    method,
    now = new Date(),
  }: { actor: Actor; sessionId: string; method: SecondFactorMethod; now?: Date },
): Promise<NewSession> {
  const owned = await executor
    .selectFrom("session")
    .select("id")
    .where("id", "=", sessionId)
    .where("user_id", "=", actor.id)
    .executeTakeFirst();
  if (!owned) throw forbidden("Sign in again");
  await recordAudit(executor, {
    action: "second_factor.verified",
    actorUserId: actor.id,
    subjectType: "user",
    subjectId: actor.id,
    ip: actor.ip,
    details: { method },
  });
  const session = await replaceSession(executor, sessionId, { secondFactorAt: now });
  if (!session) throw forbidden("Sign in again");
  return session;
}

/* -------------------------------------------------------- recovery codes and removing */

/**
 * Ten new recovery codes, replacing all the old ones (used or not), to be shown once. Other
 * sessions end. Conflict when the person has no second factor for them to stand in for.
 */
export async function regenerateRecoveryCodes(
  actor: Actor,
  input: { sessionId: string },
  { now = new Date() }: { now?: Date } = {},
): Promise<string[]> {
  assertRecentSecondFactor(actor);
  return db()
    .transaction()
    .execute(async (trx) => {
      const status = await getSecondFactorStatus(actor, trx);
      if (!status.authenticator && status.passkeys === 0) {
        throw conflict("Set up an authenticator app or a passkey before making recovery codes");
      }
      const codes = await replaceRecoveryCodes(trx, actor, now);
      await endOtherSessions(trx, actor.id, input.sessionId);
      return codes;
    });
}

export const KEEP_A_FACTOR = "Add a passkey before turning off your authenticator app: your role needs a second factor";

/**
 * Turns the authenticator app off. Forbidden for someone with a privileged role who would be left
 * with no second factor. With no factor left, the recovery codes go too. Other sessions end.
 */
export async function removeAuthenticator(actor: Actor, input: { sessionId: string }): Promise<void> {
  assertRecentSecondFactor(actor);
  await db()
    .transaction()
    .execute(async (trx) => {
      const status = await getSecondFactorStatus(actor, trx);
      if (!status.authenticator) throw conflict("Your authenticator app is not set up");
      if (!status.canRemoveAuthenticator) throw forbidden(KEEP_A_FACTOR);
      await trx.deleteFrom("totp_credential").where("user_id", "=", actor.id).execute();
      if (status.passkeys === 0) await trx.deleteFrom("recovery_code").where("user_id", "=", actor.id).execute();
      await recordAudit(trx, {
        action: "second_factor.totp_removed",
        actorUserId: actor.id,
        subjectType: "user",
        subjectId: actor.id,
        ip: actor.ip,
      });
      await endOtherSessions(trx, actor.id, input.sessionId);
    });
}

/** Whether the person has a second factor (for the sign-in page, before there is a full session). */
export async function hasSecondFactor(userId: number, executor: Executor = db()): Promise<boolean> {
  const totp = await executor
    .selectFrom("totp_credential")
    .select("user_id")
    .where("user_id", "=", userId)
    .where("confirmed_at", "is not", null)
    .executeTakeFirst();
  return totp !== undefined || (await passkeyCount(executor, userId)) > 0;
}

/* ---------------------------------------------------------------------------- demo */

/**
 * Demo mode only: the current code of each demo account with an authenticator, by email, for the
 * sign-in pages to show. Empty outside demo mode.
 */
export function demoCurrentCodes(now = new Date()): Map<string, string> {
  const codes = new Map<string, string>();
  if (!config.demoMode) return codes;
  for (const account of DEMO_ACCOUNTS) {
    if (!demoAccountHasAuthenticator(account)) continue;
    codes.set(account.email, generateHOTP(demoTotpKey(account.email), BigInt(totpStep(now)), TOTP_DIGITS));
  }
  return codes;
}
