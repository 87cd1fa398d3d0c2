import type { NextFunction, Request, Response } from "express";

/** The largest request body the service accepts: far above any form, far below harm. */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * The largest body of a form that carries files (multipart): a few files at the most one may be
 * (app/domain/attachments.ts), with room for the rest of the form. Each file's own limit is checked
 * by the service, which answers with the form and its error rather than this refusal.
 */
export const MAX_UPLOAD_BODY_BYTES = 32 * 1024 * 1024;

/** The limit for a request, by what it says it carries. */
export function bodyLimitFor(contentType: string | undefined): number {
  return contentType?.split(";")[0]?.trim().toLowerCase() === "multipart/form-data"
    ? MAX_UPLOAD_BODY_BYTES
    : MAX_BODY_BYTES;
}

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
  if (!/^\d+$/.test(length) || Number(length) > bodyLimitFor(req.get("content-type"))) {
    res.status(413).type("text/plain").send("What you sent is too large. Go back and send less at a time.");
    return;
  }
  next();
}
