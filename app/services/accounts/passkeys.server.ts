import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { db, type Executor } from "../../../db/client";
import type { PasskeyDeviceType, WebauthnChallengePurpose } from "../../../db/schema";
import { PRIVILEGED_ROLES } from "../../auth/constants";
import { config } from "../../config.server";
import { defaultPasskeyName, type AuthenticationResponse, type RegistrationResponse } from "../../domain/passkeys";
import type { Actor } from "../actor.server";
import { conflict, forbidden, invalid, isAppError, notFound, type AppError } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { completeSecondFactor } from "./second-factor.server";

// Passkeys (WebAuthn) as a second factor: after the password, or to confirm it is still the same
// person before a sensitive action. Not a way to sign in without a password (yet).
//
// The WebAuthn checks themselves (signatures, the challenge, the origin, the relying party) are
// SimpleWebAuthn's. What is ours: the relying party is the service's own address (APP_URL), so a
// passkey made for it works nowhere else; each challenge is kept on the server, tied to the session
// that asked for it, answered once (right or wrong) and within a few minutes; a passkey belongs to
// one person, and everyone else is told it does not exist; a privileged person (PRIVILEGED_ROLES)
// cannot remove their last second factor. Adding or removing a passkey signs the person out
// everywhere else, as any change to how they sign in does, and is audited; so is every failed use.

/** The name a person's device shows beside the passkey. */
export const RP_NAME = "Community Recovery Innovation Challenge";

/** How long the browser has to answer a challenge. */
export const CHALLENGE_MINUTES = 5;

/** What the person is told when a challenge was used, replaced or ran out. */
export const CHALLENGE_GONE = "The passkey request has expired. Try again.";
/** What the person is told when their passkey's answer does not check out. */
export const PASSKEY_NOT_ACCEPTED =
  "Your passkey could not be checked. Try again, or use another way to confirm it is you.";
/** What the person is told when the passkey is not one of theirs (or no longer is). */
export const PASSKEY_UNKNOWN =
  "That passkey is not set up for your account. Use a passkey you added to this account, or another way to confirm it is you.";
/** A privileged person's last second factor. */
export const LAST_FACTOR =
  "You cannot remove your only way to confirm it is you. Set up an authenticator app or add another passkey first.";
/** A session that has not given the second factor the person has. */
export const CONFIRM_FIRST = "Confirm it is you with your passkey or authenticator app first.";

/** Which session is asking, besides who: challenges belong to a session, and it is kept when others end. */
export interface PasskeyCaller {
  actor: Actor;
  /** The id of the session (CurrentUser.sessionId). */
  sessionId: string;
  /** The current time; tests pass one instead of waiting. */
  now?: Date;
}

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Synced between the person's devices by their password manager or platform. */
  synced: boolean;
}

/** The relying party: the service's own address, from APP_URL. */
export function relyingParty(): { rpID: string; origin: string } {
  const url = new URL(config.appUrl);
  return { rpID: url.hostname, origin: url.origin };
}

/* --------------------------------------------------------------------------- helpers */

async function storeChallenge(
  executor: Executor,
  caller: PasskeyCaller,
  purpose: WebauthnChallengePurpose,
  challenge: string,
): Promise<void> {
  const now = caller.now ?? new Date();
  const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);
  await executor
    .insertInto("webauthn_challenge")
    .values({
      session_id: caller.sessionId,
      user_id: caller.actor.id,
      purpose,
      challenge,
      expires_at: expiresAt,
      created_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["session_id", "purpose"]).doUpdateSet({ challenge, expires_at: expiresAt, user_id: caller.actor.id }),
    )
    .execute();
}

/**
 * Takes the session's pending challenge for this purpose, so that it can never be answered twice:
 * the challenge, or null when there is none (never asked, already answered, replaced by a newer
 * request, or its session gone) or it has run out.
 */
async function takeChallenge(
  executor: Executor,
  caller: PasskeyCaller,
  purpose: WebauthnChallengePurpose,
): Promise<string | null> {
  const row = await executor
    .deleteFrom("webauthn_challenge")
    .where("session_id", "=", caller.sessionId)
    .where("user_id", "=", caller.actor.id)
    .where("purpose", "=", purpose)
    .returning(["challenge", "expires_at"])
    .executeTakeFirst();
  if (!row) return null;
  return new Date(row.expires_at).getTime() > (caller.now ?? new Date()).getTime() ? row.challenge : null;
}

/** The session, which must be the actor's; the 403 page otherwise (signed out in another tab). */
async function sessionOf(executor: Executor, caller: PasskeyCaller) {
  const session = await executor
    .selectFrom("session")
    .select(["id", "second_factor_at"])
    .where("id", "=", caller.sessionId)
    .where("user_id", "=", caller.actor.id)
    .executeTakeFirst();
  if (!session) throw forbidden("Sign in again");
  return session;
}

async function hasConfirmedAuthenticator(executor: Executor, userId: number): Promise<boolean> {
  const row = await executor
    .selectFrom("totp_credential")
    .select("user_id")
    .where("user_id", "=", userId)
    .where("confirmed_at", "is not", null)
    .executeTakeFirst();
  return row !== undefined;
}

async function passkeysOf(executor: Executor, userId: number) {
  return executor
    .selectFrom("passkey_credential")
    .select(["id", "transports"])
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .execute();
}

/**
 * A change to how the person confirms who they are may only come from a session that has given
 * the second factor they already have: the password alone must not be enough to add a passkey
 * of one's own to someone else's account, or to take theirs away. Someone with no second factor
 * yet is setting up their first.
 */
async function assertSessionMayChangeFactors(executor: Executor, caller: PasskeyCaller): Promise<void> {
  const session = await sessionOf(executor, caller);
  if (session.second_factor_at !== null) return;
  const hasFactor =
    (await hasConfirmedAuthenticator(executor, caller.actor.id)) ||
    (await passkeysOf(executor, caller.actor.id)).length > 0;
  if (hasFactor) throw forbidden(CONFIRM_FIRST, "form");
}

/** One change to a person's factors at a time: two removals at once could each leave the other last. */
async function lockPerson(executor: Executor, userId: number): Promise<void> {
  await executor.selectFrom("app_user").select("id").where("id", "=", userId).forUpdate().executeTakeFirstOrThrow();
}

async function endOtherSessions(executor: Executor, userId: number, keepSessionId: string): Promise<void> {
  await executor.deleteFrom("session").where("user_id", "=", userId).where("id", "<>", keepSessionId).execute();
}

async function auditFailure(executor: Executor, actor: Actor, reason: string, credentialId?: string): Promise<void> {
  await recordAudit(executor, {
    action: "second_factor.failed",
    actorUserId: actor.id,
    subjectType: "user",
    subjectId: actor.id,
    ip: actor.ip,
    details: { method: "passkey", reason, ...(credentialId ? { credentialId } : {}) },
  });
}

/* ----------------------------------------------------------------------- registering */

/**
 * What the browser needs to make a new passkey (navigator.credentials.create): the service as
 * relying party, the person, their existing passkeys (so a device cannot be added twice) and a
 * fresh challenge, which replaces any earlier one of this session.
 */
export async function passkeyRegistrationOptions(
  caller: PasskeyCaller,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertSessionMayChangeFactors(trx, caller);
      const person = await trx
        .selectFrom("app_user")
        .select(["email", "name"])
        .where("id", "=", caller.actor.id)
        .executeTakeFirstOrThrow();
      const existing = await passkeysOf(trx, caller.actor.id);
      // No userID: the library makes a random one. Nobody is looked up by it, as passkeys are
      // a second factor here, after the password.
      const options = await generateRegistrationOptions({
        rpName: RP_NAME,
        rpID: relyingParty().rpID,
        userName: person.email,
        userDisplayName: person.name,
        attestationType: "none",
        excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
        authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
        timeout: CHALLENGE_MINUTES * 60_000,
      });
      await storeChallenge(trx, caller, "registration", options.challenge);
      return options;
    });
}

/**
 * Checks the browser's answer to the registration challenge and keeps the new passkey under the
 * name the person gave (or one from the device). Making it is proof of holding it, so the session
 * counts as having given its second factor (a new token: set the returned one as the cookie).
 * Other sessions end. Invalid (for the form) when the answer does not check out or came too late.
 */
export async function addPasskey(
  input: PasskeyCaller & { response: RegistrationResponse; name?: string; userAgent?: string | null },
): Promise<{ passkey: { id: string; name: string }; session: { token: string; expiresAt: Date } }> {
  const { actor } = input;
  const outcome = await db()
    .transaction()
    .execute(async (trx): Promise<{ refused: AppError } | Awaited<ReturnType<typeof addPasskey>>> => {
      await lockPerson(trx, actor.id);
      const challenge = await takeChallenge(trx, input, "registration");
      // The challenge is used up whatever happens next; refusals must not roll that back.
      if (!challenge) return { refused: invalid(CHALLENGE_GONE, "form") };
      try {
        await assertSessionMayChangeFactors(trx, input);
      } catch (error) {
        if (isAppError(error)) return { refused: error };
        throw error;
      }
      const { rpID, origin } = relyingParty();
      let verified;
      try {
        verified = await verifyRegistrationResponse({
          response: input.response as RegistrationResponseJSON,
          expectedChallenge: challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: false,
        });
      } catch {
        verified = { verified: false as const };
      }
      if (!verified.verified) return { refused: invalid(PASSKEY_NOT_ACCEPTED, "form") };
      const info = verified.registrationInfo;
      const name = input.name?.trim() || defaultPasskeyName(input.userAgent, input.response.authenticatorAttachment);
      const inserted = await trx
        .insertInto("passkey_credential")
        .values({
          id: info.credential.id,
          user_id: actor.id,
          public_key: info.credential.publicKey,
          counter: info.credential.counter,
          transports: input.response.response.transports ?? info.credential.transports ?? [],
          device_type: info.credentialDeviceType satisfies PasskeyDeviceType,
          backed_up: info.credentialBackedUp,
          name,
        })
        .onConflict((oc) => oc.column("id").doNothing())
        .returning("id")
        .executeTakeFirst();
      // The same credential again (a second press, or it was added before).
      if (!inserted) return { refused: conflict("That passkey has already been added.", "form") };
      await recordAudit(trx, {
        action: "second_factor.passkey_added",
        actorUserId: actor.id,
        subjectType: "user",
        subjectId: actor.id,
        ip: actor.ip,
        details: { credentialId: info.credential.id, synced: info.credentialBackedUp },
      });
      await endOtherSessions(trx, actor.id, input.sessionId);
      const session = await completeSecondFactor(trx, {
        actor,
        sessionId: input.sessionId,
        method: "passkey",
        now: input.now,
      });
      return { passkey: { id: info.credential.id, name }, session };
    });
  if ("refused" in outcome) throw outcome.refused;
  return outcome;
}

/* -------------------------------------------------------------------------- using */

/**
 * What the browser needs to use one of the person's passkeys (navigator.credentials.get): their
 * passkeys and a fresh challenge for this session. Invalid when they have none.
 */
export async function passkeyAuthenticationOptions(
  caller: PasskeyCaller,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await sessionOf(trx, caller);
      const passkeys = await passkeysOf(trx, caller.actor.id);
      if (!passkeys.length)
        throw invalid("You have not added a passkey to your account. Confirm it is you another way.");
      const options = await generateAuthenticationOptions({
        rpID: relyingParty().rpID,
        allowCredentials: passkeys.map((p) => ({ id: p.id, transports: p.transports })),
        userVerification: "preferred",
        timeout: CHALLENGE_MINUTES * 60_000,
      });
      await storeChallenge(trx, caller, "authentication", options.challenge);
      return options;
    });
}

/**
 * Checks the browser's answer with one of the person's passkeys: on success the passkey's counter
 * and last use are kept and the session has given its second factor (completeSecondFactor: a new
 * token, to set as the cookie). A failure is audited (second_factor.failed) and refused as
 * invalid, with words for the person; the challenge is used up either way.
 */
export async function verifyPasskey(
  input: PasskeyCaller & { response: AuthenticationResponse },
): Promise<{ token: string; expiresAt: Date }> {
  const { actor, response } = input;
  const outcome = await db()
    .transaction()
    .execute(async (trx): Promise<{ refused: AppError } | { session: { token: string; expiresAt: Date } }> => {
      await sessionOf(trx, input);
      const challenge = await takeChallenge(trx, input, "authentication");
      if (!challenge) {
        await auditFailure(trx, actor, "challenge_gone", response.id);
        return { refused: invalid(CHALLENGE_GONE) };
      }
      // Someone else's passkey is no different from one that does not exist.
      const passkey = await trx
        .selectFrom("passkey_credential")
        .select(["id", "public_key", "counter", "transports"])
        .where("id", "=", response.id)
        .where("user_id", "=", actor.id)
        .forUpdate()
        .executeTakeFirst();
      if (!passkey) {
        await auditFailure(trx, actor, "unknown_passkey", response.id);
        return { refused: invalid(PASSKEY_UNKNOWN) };
      }
      const { rpID, origin } = relyingParty();
      let verified;
      try {
        verified = await verifyAuthenticationResponse({
          response: response as AuthenticationResponseJSON,
          expectedChallenge: challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          credential: {
            id: passkey.id,
            publicKey: new Uint8Array(passkey.public_key),
            counter: Number(passkey.counter),
            transports: passkey.transports,
          },
          // The password was the first factor; holding the passkey is the second. Asking the
          // device for a PIN or fingerprint as well is preferred, not required.
          requireUserVerification: false,
        });
      } catch {
        // A wrong challenge, origin or signature, or a counter gone backwards (a cloned key).
        verified = null;
      }
      if (!verified?.verified) {
        await auditFailure(trx, actor, "not_verified", passkey.id);
        return { refused: invalid(PASSKEY_NOT_ACCEPTED) };
      }
      await trx
        .updateTable("passkey_credential")
        .set({
          counter: verified.authenticationInfo.newCounter,
          backed_up: verified.authenticationInfo.credentialBackedUp,
          last_used_at: input.now ?? new Date(),
        })
        .where("id", "=", passkey.id)
        .execute();
      const session = await completeSecondFactor(trx, {
        actor,
        sessionId: input.sessionId,
        method: "passkey",
        now: input.now,
      });
      return { session };
    });
  if ("refused" in outcome) throw outcome.refused;
  return outcome.session;
}

/* ------------------------------------------------------------------- list and remove */

/** The person's passkeys, oldest first. */
export async function listPasskeys(actor: Actor, executor: Executor = db()): Promise<PasskeySummary[]> {
  const rows = await executor
    .selectFrom("passkey_credential")
    .select(["id", "name", "created_at", "last_used_at", "backed_up"])
    .where("user_id", "=", actor.id)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
    synced: row.backed_up,
  }));
}

/**
 * Removes one of the person's passkeys (not found when it is not theirs). A privileged person
 * must keep a second factor: an authenticator app or another passkey. Other sessions end.
 */
export async function removePasskey(input: PasskeyCaller & { id: string }): Promise<{ name: string }> {
  const { actor } = input;
  return db()
    .transaction()
    .execute(async (trx) => {
      await lockPerson(trx, actor.id);
      const passkey = await trx
        .selectFrom("passkey_credential")
        .select(["id", "name"])
        .where("id", "=", input.id)
        .where("user_id", "=", actor.id)
        .executeTakeFirst();
      if (!passkey) throw notFound();
      await assertSessionMayChangeFactors(trx, input);
      const privileged = await trx
        .selectFrom("role_grant")
        .select("role")
        .where("user_id", "=", actor.id)
        .where("role", "in", [...PRIVILEGED_ROLES])
        .executeTakeFirst();
      if (privileged) {
        const others = (await passkeysOf(trx, actor.id)).filter((p) => p.id !== passkey.id);
        if (!others.length && !(await hasConfirmedAuthenticator(trx, actor.id))) throw forbidden(LAST_FACTOR, "form");
      }
      await trx.deleteFrom("passkey_credential").where("id", "=", passkey.id).execute();
      await recordAudit(trx, {
        action: "second_factor.passkey_removed",
        actorUserId: actor.id,
        subjectType: "user",
        subjectId: actor.id,
        ip: actor.ip,
        details: { credentialId: passkey.id },
      });
      await endOtherSessions(trx, actor.id, input.sessionId);
      return { name: passkey.name };
    });
}
