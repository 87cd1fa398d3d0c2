import { secondFactorIsRecent } from "../auth/session-limits";
import { forbidden } from "./app-error.server";

// Who is asking: the one shape every service takes for the person on whose behalf it acts. Routes
// build it from the signed-in user (`actorFrom` in app/auth/guards.server.ts); services never trust
// anything else about the person from the route: roles, councils and ownership are read from the
// database, inside the transaction of the change, because they can change between two requests.

export interface Actor {
  /** The person's user id. */
  id: number;
  /** The address the request came from, for the audit trail. */
  ip?: string | null;
  /**
   * When the person last gave their second factor in the session the request came with (null:
   * not in this session). `actorFrom` always sets it, so sensitive services can check it again
   * after the route (assertRecentSecondFactor). Left out only by callers that are not a person's
   * request: scheduled jobs, and tests of other rules.
   */
  secondFactorAt?: Date | null;
}

/**
 * For sensitive actions and exports of personal data, checked in the service as well as by the
 * route's guard (requireRecentSecondFactor): a request whose session has not given the second
 * factor in the last few minutes is refused.
 */
export function assertRecentSecondFactor(actor: Actor, now: Date = new Date()): void {
  if (actor.secondFactorAt === undefined) return;
  if (!secondFactorIsRecent(actor.secondFactorAt, now)) {
    throw forbidden("Confirm it is you with your second factor, then try again.");
  }
}
