// When a session ends. Two limits: idle (no use for a while) and absolute (however much it is
// used). Which limits apply to whom is decided in app/auth/session-limits.ts (short ones for
// privileged roles, following the roles held now, not those held at sign-in). This is the rule
// itself, pure, so it can be tested without a database or a clock.

export interface SessionLimits {
  /** How long the session lasts without use. */
  idleMs: number;
  /** The longest it lasts after sign-in, however much it is used. */
  absoluteMs: number;
  /** A use is recorded at most this often, so a busy person does not cost a write per request. */
  touchMs: number;
}

/** The times a new session starts with: when it ends unused, and when it ends regardless. */
export function newSessionTimes(limits: SessionLimits, now: Date): { expiresAt: Date; absoluteExpiresAt: Date } {
  return {
    expiresAt: new Date(now.getTime() + Math.min(limits.idleMs, limits.absoluteMs)),
    absoluteExpiresAt: new Date(now.getTime() + limits.absoluteMs),
  };
}

export interface SessionTimes {
  createdAt: Date;
  /** The last use recorded (at most `touchMs` before the actual last use). */
  lastUsedAt: Date;
  /** Set when the session was opened, for the roles held then (null for sessions older than the limits). */
  absoluteExpiresAt: Date | null;
}

export type SessionCheck =
  | { live: false; reason: "idle" | "absolute" }
  | {
      live: true;
      /** Record this use: the last one recorded is at least `touchMs` old. */
      touch: boolean;
      /** When the session ends if it is not used again: the cookie's expiry. */
      expiresAt: Date;
    };

/**
 * Whether a session may be used at `now` under `limits`, and if so whether to record the use.
 * The absolute end is the earlier of the one set at sign-in and the one these limits allow since
 * sign-in, so limits that became shorter (a new privileged role) apply to a session already open.
 */
export function checkSession(times: SessionTimes, limits: SessionLimits, now: Date): SessionCheck {
  const end = Math.min(
    times.absoluteExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY,
    times.createdAt.getTime() + limits.absoluteMs,
  );
  const at = now.getTime();
  if (at >= end) return { live: false, reason: "absolute" };
  const lastUsed = times.lastUsedAt.getTime();
  if (at - lastUsed >= limits.idleMs) return { live: false, reason: "idle" };
  const touch = at - lastUsed >= limits.touchMs;
  return { live: true, touch, expiresAt: new Date(Math.min((touch ? at : lastUsed) + limits.idleMs, end)) };
}
