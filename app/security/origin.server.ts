import type { NextFunction, Request, Response } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests sent from another site (cross-site request forgery). Browsers
 * send Origin on every cross-origin POST and Sec-Fetch-Site on all modern requests; a request
 * with neither came from a script, not from a victim's browser, and is let through.
 */
export function isCrossOriginWrite(req: Request): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  const origin = req.get("origin");
  if (origin && origin !== "null") {
    const host =
      req.get("x-forwarded-host") && req.app.get("trust proxy") ? req.get("x-forwarded-host") : req.get("host");
    try {
      return new URL(origin).host !== host;
    } catch {
      return true;
    }
  }
  if (origin === "null") return true;
  const site = req.get("sec-fetch-site");
  return site === "cross-site";
}

export function refuseCrossOriginWrites(req: Request, res: Response, next: NextFunction) {
  if (!isCrossOriginWrite(req)) return next();
  res
    .status(403)
    .type("text/plain")
    .send("This form was sent from another website, so it has been refused. Go back to the service and try again.");
}
