import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Role } from "../../db/schema";
import { config } from "../config.server";
import { CONFIRM_IDENTITY_PATH, PRIVILEGED_ROLES, SECOND_STEP_PATH, TWO_FACTOR_PATH } from "./constants";
import { safeRedirectPath } from "../domain/safe-redirect";
import { secondFactorIsRecent } from "./session-limits";
import type { Actor } from "../services/actor.server";
import {
  blankSessionCookie,
  readSessionToken,
  sessionCookie,
  validateSessionToken,
  type CurrentUser,
} from "./session.server";

export interface GuardArgs {
  request: Request;
  context: AppLoadContext;
}

const CACHE = Symbol("currentUser");
type ContextWithCache = AppLoadContext & { [CACHE]?: Promise<CurrentUser | null> };

/**
 * The signed-in person, or null. Looked up once per request however many loaders ask. When the
 * session's expiry moves, or it gets a new token, the new cookie is sent with the response
 * (server.ts adds `context.setCookies` unless the route itself set the session cookie).
 */
export function getCurrentUser({ request, context }: GuardArgs): Promise<CurrentUser | null> {
  const ctx = context as ContextWithCache;
  ctx[CACHE] ??= (async () => {
    const token = readSessionToken(request);
    if (!token) return null;
    const user = await validateSessionToken(token);
    if (!user) {
      context.setCookies.push(blankSessionCookie());
      return null;
    }
    // After a role change the session has a new token (replacementToken), which the cookie must carry.
    if (user.sessionRefreshed) {
      context.setCookies.push(sessionCookie(user.replacementToken ?? token, user.sessionExpiresAt));
    }
    return user;
  })();
  return ctx[CACHE];
}

/**
 * Only a path on this site may be a place to come back to after signing in: every redirect
 * target or link taken from input goes through here (rules in app/domain/safe-redirect.ts).
 */
export function safeReturnTo(value: unknown, fallback = "/"): string {
  return safeRedirectPath(value, fallback, config.appUrl);
}

export function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const returnTo = url.pathname + url.search;
  return redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
}

export { CONFIRM_IDENTITY_PATH, SECOND_STEP_PATH, TWO_FACTOR_PATH };

// The pages someone with a privileged role but no second factor yet may reach: setting one up
// (an authenticator app here, or a passkey). Signing out needs no guard.
const SET_UP_PATHS = [TWO_FACTOR_PATH, "/account/passkeys"];

function pathOf(request: Request): string {
  const url = new URL(request.url);
  url.searchParams.delete("index");
  url.searchParams.delete("_data");
  return url.pathname + url.search;
}

function withReturnTo(path: string, returnTo: string): string {
  return `${path}?returnTo=${encodeURIComponent(returnTo)}`;
}

/**
 * The second-factor gate, for every signed-in page: someone who has a second factor but has not
 * given it in this session goes to the second step; someone with a privileged role and no second
 * factor goes to set one up, and can reach nothing else.
 */
function secondFactorGate(request: Request, user: CurrentUser): Response | null {
  const here = pathOf(request);
  if (user.hasSecondFactor && user.secondFactorAt === null) return redirect(withReturnTo(SECOND_STEP_PATH, here));
  const privileged = user.roles.some((role) => (PRIVILEGED_ROLES as readonly Role[]).includes(role));
  if (privileged && !user.hasSecondFactor) {
    const pathname = new URL(request.url).pathname;
    if (!SET_UP_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`))) {
      return redirect(withReturnTo(TWO_FACTOR_PATH, here));
    }
  }
  return null;
}

/**
 * Signed-in people only; everyone else is sent to sign in and brought back afterwards. Then the
 * second-factor gate (above).
 */
export async function requireUser(args: GuardArgs): Promise<CurrentUser> {
  const user = await getCurrentUser(args);
  if (!user) throw signInRedirect(args.request);
  const gate = secondFactorGate(args.request, user);
  if (gate) throw gate;
  return user;
}

/**
 * For sensitive actions (and exports of personal data): the second factor must have been given in
 * the last few minutes, or the person is sent to give it again and brought back: to the page
 * itself for a GET (an export's address), to the page the form is on for a POST.
 */
export function requireRecentSecondFactor(args: GuardArgs, user: CurrentUser, now = new Date()): void {
  if (!user.hasSecondFactor) throw redirect(withReturnTo(TWO_FACTOR_PATH, pathOf(args.request)));
  if (secondFactorIsRecent(user.secondFactorAt, now)) return;
  throw redirect(withReturnTo(CONFIRM_IDENTITY_PATH, pathOf(args.request)));
}

/** People holding at least one of the roles; anyone else signed in gets the 403 page. */
export async function requireRole(args: GuardArgs, ...roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser(args);
  if (!roles.some((role) => user.roles.includes(role))) {
    throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

/** The signed-in person as a service takes them: who is asking, and from where (for the audit trail). */
export function actorFrom(
  user: { id: number; secondFactorAt?: Date | null },
  args: { context: AppLoadContext },
): Actor {
  return { id: user.id, ip: args.context.ip, secondFactorAt: user.secondFactorAt ?? null };
}

export function hasRole(user: CurrentUser | null, role: Role): boolean {
  return !!user && user.roles.includes(role);
}
