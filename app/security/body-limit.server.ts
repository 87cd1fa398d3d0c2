import type { NextFunction, Request, Response } from "express";

/** The largest request body the service accepts: far above any form, far below harm. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Refuses oversized bodies before anything reads them, with a message a person can understand.
 * Browsers always declare a form's length; a streamed body of unknown length is refused (411)
 * rather than read without a bound.
 */
export function limitBodySize(req: Request, res: Response, next: NextFunction) {
  const length = req.get("content-length");
  if (length === undefined) {
    if (req.get("transfer-encoding")) {
      res.status(411).type("text/plain").send("Send the length of the request body (Content-Length).");
      return;
    }
    return next();
  }
  if (!/^\d+$/.test(length) || Number(length) > MAX_BODY_BYTES) {
    res.status(413).type("text/plain").send("What you sent is too large. Go back and send less at a time.");
    return;
  }
  next();
}
