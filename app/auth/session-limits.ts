import type { SessionLimits } from "../domain/session-limits";
import {
  FRESH_SECOND_FACTOR_MINUTES,
  PRIVILEGED_IDLE_HOURS,
  PRIVILEGED_MAX_HOURS,
  PRIVILEGED_ROLES,
  SESSION_DAYS,
  SESSION_MAX_DAYS,
  SESSION_TOUCH_SECONDS,
} from "./constants";

// Whose sessions end when: people holding a privileged role get short limits, everyone else a
// long sliding session with a ceiling (the numbers are in ./constants.ts; the rule that applies
// them is app/domain/session-limits.ts). Pure: the account pages use it to say the limits too.

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export function isPrivileged(roles: readonly string[]): boolean {
  return roles.some((role) => (PRIVILEGED_ROLES as readonly string[]).includes(role));
}

/** The limits for a person holding `roles` now. */
export function sessionLimitsFor(roles: readonly string[]): SessionLimits {
  const touchMs = SESSION_TOUCH_SECONDS * 1000;
  return isPrivileged(roles)
    ? { idleMs: PRIVILEGED_IDLE_HOURS * HOUR_MS, absoluteMs: PRIVILEGED_MAX_HOURS * HOUR_MS, touchMs }
    : { idleMs: SESSION_DAYS * DAY_MS, absoluteMs: SESSION_MAX_DAYS * DAY_MS, touchMs };
}

/**
 * Whether a second factor given at `givenAt` is recent enough for a sensitive action (the last
 * FRESH_SECOND_FACTOR_MINUTES). The route guard and the services both ask this.
 */
export function secondFactorIsRecent(givenAt: Date | null | undefined, now: Date = new Date()): boolean {
  return !!givenAt && givenAt.getTime() >= now.getTime() - FRESH_SECOND_FACTOR_MINUTES * 60_000;
}
