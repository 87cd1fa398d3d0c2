import type { NextFunction, Request, Response } from "express";
import { config } from "../config.server";

/**
 * HSTS whenever the service's public address is https (APP_URL), not only when Express sees TLS
 * itself: behind a proxy that terminates TLS, req.secure is false unless TRUST_PROXY is set just
 * so, and a missing header there is silent.
 */
export function wantsHsts(appUrl: string, secureRequest: boolean): boolean {
  return secureRequest || /^https:/i.test(appUrl);
}

// A strict Content-Security-Policy: scripts only from this origin or carrying this response's
// nonce (Remix's hydration data and GOV.UK Frontend's body-class snippet are inline), no plugins,
// no framing, forms only to this origin.
export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = res.locals.nonce as string;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  if (wantsHsts(config.appUrl, req.secure))
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
}
