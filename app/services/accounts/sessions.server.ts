import { db } from "../../../db/client";
import { describeDevice } from "../../domain/device";
import { describePlace } from "../../domain/network-place";
import type { Actor } from "../actor.server";
import { notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";

// A person's own sessions (/account/sessions): where and on what they are signed in, and ending
// any of them. Only ever the actor's own: another person's session is "not found", exactly like
// one that does not exist, so the page cannot be used to learn whether a session id is live.
//
// The page names a session by its id: the SHA-256 of its token, which is no use as a cookie (the
// token cannot be worked back from it) and is shown only to the session's owner.

export interface SessionView {
  id: string;
  /** "Chrome on Windows" or "Unknown device". */
  device: string;
  /** "This computer", "A private network", "81.2.69.x". */
  place: string;
  signedInAt: Date;
  lastUsedAt: Date;
  /** The session of the request asking: "This device". */
  current: boolean;
}

/** The actor's sessions, this device's first, then the most recently used. */
export async function listSessions(actor: Actor, currentSessionId: string): Promise<SessionView[]> {
  const rows = await db()
    .selectFrom("session")
    .select(["id", "created_at", "last_used_at", "ip", "user_agent"])
    .where("user_id", "=", actor.id)
    .orderBy("last_used_at", "desc")
    .orderBy("created_at", "desc")
    .execute();
  const sessions = rows.map((row) => ({
    id: row.id,
    device: describeDevice(row.user_agent),
    place: describePlace(row.ip),
    signedInAt: new Date(row.created_at),
    lastUsedAt: new Date(row.last_used_at),
    current: row.id === currentSessionId,
  }));
  return [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)];
}

/** What the audit trail keeps of an ended session: enough to tell which one, not a usable id. */
function audited(row: { id: string; ip: string | null; user_agent: string | null; created_at: Date }) {
  return {
    session: row.id.slice(0, 12),
    device: describeDevice(row.user_agent),
    place: describePlace(row.ip),
    signedInAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Ends one of the actor's sessions: that device is signed out at its next request. Not found when
 * it is not the actor's, or has already ended. Returns whether it was the asking session's own.
 */
export async function endSession(
  actor: Actor,
  sessionId: string,
  currentSessionId: string,
): Promise<{ wasCurrent: boolean }> {
  return db()
    .transaction()
    .execute(async (trx) => {
      const ended = await trx
        .deleteFrom("session")
        .where("id", "=", sessionId)
        .where("user_id", "=", actor.id)
        .returning(["id", "ip", "user_agent", "created_at"])
        .executeTakeFirst();
      if (!ended) throw notFound("That session has already ended");
      await recordAudit(trx, {
        action: "session.ended",
        actorUserId: actor.id,
        subjectType: "user",
        subjectId: actor.id,
        ip: actor.ip,
        details: { ...audited(ended), scope: "one session" },
      });
      return { wasCurrent: ended.id === currentSessionId };
    });
}

/** Ends every session of the actor's but the asking one. Returns how many ended. */
export async function endOtherSessions(actor: Actor, currentSessionId: string): Promise<{ ended: number }> {
  return db()
    .transaction()
    .execute(async (trx) => {
      const ended = await trx
        .deleteFrom("session")
        .where("user_id", "=", actor.id)
        .where("id", "!=", currentSessionId)
        .returning(["id", "ip", "user_agent", "created_at"])
        .execute();
      for (const row of ended) {
        await recordAudit(trx, {
          action: "session.ended",
          actorUserId: actor.id,
          subjectType: "user",
          subjectId: actor.id,
          ip: actor.ip,
          details: { ...audited(row), scope: "all other sessions" },
        });
      }
      return { ended: ended.length };
    });
}
