import type { Executor } from "../../../db/client";
import { replaceSession } from "../../auth/session.server";
import type { Actor } from "../actor.server";
import { forbidden } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";

// The passkeys branch's stand-in for the second-factor service: only the one function passkeys
// call. The authenticator-app branch brings the whole service with this same function.

/**
 * Records that this session has just given its second factor (audited) and gives the session a
 * new token, so a token seen before is useless now. The caller sets the returned token as the
 * cookie. Forbidden when the session is not the actor's.
 */
export async function completeSecondFactor(
  executor: Executor,
  {
    actor,
    sessionId,
    method,
    now = new Date(),
  }: { actor: Actor; sessionId: string; method: "totp" | "recovery_code" | "passkey"; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
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
