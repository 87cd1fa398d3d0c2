import type { NextFunction, Request, Response } from "express";
import { SESSION_COOKIE } from "../auth/session.server";

/**
 * Lets code deep in a request (the session guard) add a Set-Cookie header without every loader
 * having to pass it along: cookies pushed to `res.locals.setCookies` are added as the headers are
 * written. A cookie that the route set itself (signing in or out) always wins.
 */
export function deferredCookies(_req: Request, res: Response, next: NextFunction) {
  const pending: string[] = [];
  res.locals.setCookies = pending;
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (pending.length) {
      const existing = res.getHeader("set-cookie");
      const current = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
      const routeSetSession = current.some((c) => c.startsWith(`${SESSION_COOKIE}=`));
      const extra = pending.filter((c) => !(routeSetSession && c.startsWith(`${SESSION_COOKIE}=`)));
      if (extra.length) res.setHeader("Set-Cookie", [...current, ...extra]);
    }
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response["writeHead"];
  next();
}
