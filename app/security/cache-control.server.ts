import type { NextFunction, Request, Response } from "express";
import { SESSION_COOKIE } from "../auth/session.server";

// A page shown to a signed-in person can hold their name, their organisation's entries or
// payment details. Left without Cache-Control, a browser (the back button on a shared library
// computer after signing out) or a proxy may keep and show it. So every response to a request
// that carries the session cookie, and every response that sets or clears a cookie (signing in,
// signing out, a refreshed session), is marked no-store. Static files are served before this
// runs and keep their long cache lifetimes.
//
// "Carries the session cookie" rather than "has a valid session" on purpose: it needs no
// database look-up, it covers the redirect and error responses that never ask who is signed in,
// and a stale cookie costs only a re-fetch.

export const NO_STORE = "no-store";

/** True when the Cookie header names a non-empty session cookie. */
export function carriesSessionCookie(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((part) => {
    const index = part.indexOf("=");
    return index !== -1 && part.slice(0, index).trim() === SESSION_COOKIE && part.slice(index + 1).trim() !== "";
  });
}

/**
 * Sets Cache-Control: no-store as the headers are written. Install it before deferredCookies,
 * so that the cookies that middleware adds at the last moment are already there when this looks.
 */
export function noStoreForSignedIn(req: Request, res: Response, next: NextFunction) {
  const signedIn = carriesSessionCookie(req.get("cookie"));
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (signedIn || res.getHeader("set-cookie") !== undefined) res.setHeader("Cache-Control", NO_STORE);
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response["writeHead"];
  next();
}
