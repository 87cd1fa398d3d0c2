import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Role } from "../../db/schema";
import { config } from "../config.server";
import { safeRedirectPath } from "../domain/safe-redirect";
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

/** Signed-in people only; everyone else is sent to sign in and brought back afterwards. */
export async function requireUser(args: GuardArgs): Promise<CurrentUser> {
  const user = await getCurrentUser(args);
  if (!user) throw signInRedirect(args.request);
  return user;
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
export function actorFrom(user: { id: number }, args: { context: AppLoadContext }): Actor {
  return { id: user.id, ip: args.context.ip };
}

export function hasRole(user: CurrentUser | null, role: Role): boolean {
  return !!user && user.roles.includes(role);
}
