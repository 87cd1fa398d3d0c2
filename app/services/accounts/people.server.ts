import { db } from "../../../db/client";
import { absoluteUrl } from "../../../emails/components/url";
import { roleLabel } from "../../domain/roles";
import { formatDateTime } from "../../domain/time";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, forbidden, notFound } from "../app-error.server";
import { queueEmail } from "../email/outbox.server";
import { recordAudit } from "../platform/audit.server";
import { assertStaff } from "./roles.server";

// One person as the programme staff see them (/staff/people/:userId), and the one thing staff can
// do there about their sign-in: reset a second factor the person has lost (a new phone, a lost
// security key). Resetting removes every authenticator app, passkey and recovery code of theirs
// and signs them out everywhere; they set up a new one at their next sign-in with their password.
// It is done by a member of staff who has checked who is asking, never by an email alone, and
// never by staff for themselves (another member of staff must do it, as with removing roles).

export interface SecondFactorSummary {
  /** A confirmed authenticator app. */
  authenticatorApp: boolean;
  /** An authenticator app still being set up (no code typed yet). */
  authenticatorAppPending: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

export interface PersonDetail {
  id: number;
  name: string;
  email: string;
  roles: string[];
  secondFactor: SecondFactorSummary;
  /** Whether anything would be removed by a reset. */
  hasAnythingToReset: boolean;
  isSelf: boolean;
  /** When the account was erased (it shows its pseudonym from then on); null while it is live. */
  erasedAt: Date | null;
}

async function secondFactorOf(userId: number): Promise<SecondFactorSummary> {
  const [totp, passkeys, codes] = await Promise.all([
    db().selectFrom("totp_credential").select("confirmed_at").where("user_id", "=", userId).executeTakeFirst(),
    db()
      .selectFrom("passkey_credential")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("recovery_code")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", userId)
      .where("used_at", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    authenticatorApp: !!totp && totp.confirmed_at !== null,
    authenticatorAppPending: !!totp && totp.confirmed_at === null,
    passkeys: Number(passkeys.n),
    recoveryCodesLeft: Number(codes.n),
  };
}

/** A person's account, roles and second factor, for staff. Not found when there is no such account. */
export async function getPerson(actor: Actor, userId: number): Promise<PersonDetail> {
  await assertStaff(db(), actor);
  const user = await db()
    .selectFrom("app_user")
    .select(["id", "name", "email", "erased_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) throw notFound();
  const [grants, secondFactor, anyCode] = await Promise.all([
    db()
      .selectFrom("role_grant")
      .leftJoin("local_authority", "local_authority.code", "role_grant.local_authority_code")
      .select(["role_grant.role", "local_authority.name as authority"])
      .where("role_grant.user_id", "=", userId)
      .orderBy("role_grant.id")
      .execute(),
    secondFactorOf(userId),
    db().selectFrom("recovery_code").select("id").where("user_id", "=", userId).limit(1).executeTakeFirst(),
  ]);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    erasedAt: user.erased_at,
    roles: grants.map((g) => roleLabel(g.role, g.authority)),
    secondFactor,
    hasAnythingToReset:
      secondFactor.authenticatorApp || secondFactor.authenticatorAppPending || secondFactor.passkeys > 0 || !!anyCode,
    isSelf: user.id === actor.id,
  };
}

export const OWN_SECOND_FACTOR =
  "You cannot reset your own two-step verification. Ask another member of the programme staff to do it";
export const NOTHING_TO_RESET = "They have no two-step verification to reset";

/**
 * Resets another person's second factor: deletes their authenticator app, recovery codes and
 * passkeys, ends all their sessions, records it (actor and subject) and emails them, all in one
 * transaction. Staff only (forbidden otherwise); never for oneself (forbidden); a person with
 * nothing to reset (someone else reset it first) is a conflict.
 */
export async function resetSecondFactor(
  actor: Actor,
  userId: number,
  now = new Date(),
): Promise<{ name: string; email: string }> {
  assertRecentSecondFactor(actor, now);
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      if (userId === actor.id) throw forbidden(OWN_SECOND_FACTOR, "form");
      // Locked, so two members of staff resetting at once take turns and the second finds nothing.
      const person = await trx
        .selectFrom("app_user")
        .select(["id", "name", "email"])
        .where("id", "=", userId)
        .forUpdate()
        .executeTakeFirst();
      if (!person) throw notFound();
      const staff = await trx
        .selectFrom("app_user")
        .select("name")
        .where("id", "=", actor.id)
        .executeTakeFirstOrThrow();
      const totp = await trx.deleteFrom("totp_credential").where("user_id", "=", userId).returning("user_id").execute();
      const codes = await trx.deleteFrom("recovery_code").where("user_id", "=", userId).returning("id").execute();
      const passkeys = await trx
        .deleteFrom("passkey_credential")
        .where("user_id", "=", userId)
        .returning("id")
        .execute();
      if (totp.length + codes.length + passkeys.length === 0) throw conflict(NOTHING_TO_RESET, "form");
      const sessions = await trx.deleteFrom("session").where("user_id", "=", userId).returning("id").execute();
      await recordAudit(trx, {
        action: "second_factor.reset",
        actorUserId: actor.id,
        subjectType: "user",
        subjectId: userId,
        ip: actor.ip,
        details: {
          authenticatorApp: totp.length > 0,
          passkeys: passkeys.length,
          recoveryCodes: codes.length,
          sessionsEnded: sessions.length,
        },
      });
      await queueEmail(trx, {
        to: person.email,
        template: "second-factor-reset",
        props: {
          name: person.name,
          resetBy: staff.name,
          resetAt: formatDateTime(now),
          signInUrl: absoluteUrl("/sign-in"),
        },
      });
      return { name: person.name, email: person.email };
    });
}
