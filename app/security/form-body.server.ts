import type { NextFunction, Request, Response } from "express";
import { bodyLimitFor } from "./body-limit.server";

// Every action in this service reads an HTML form (`request.formData()`), and undici throws
// when the body is not one: JSON, text, no content type, a multipart body cut short or with the
// wrong boundary. Left to the actions, each of those is a 500. So the body is read once, here,
// before Remix sees the request: a body that is not declared as a form is refused with 415, one
// that says it is a form but cannot be read as one with 400, and Remix is handed the checked
// bytes (see remix-handler.server.ts), so an action's own `formData()` cannot fail.

/** Methods whose body Remix hands to an action. */
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const SAFE_METHODS = new Set(["GET", "HEAD"]);

export type FormKind = "urlencoded" | "multipart";

/** Which kind of form a Content-Type header declares, or null when it declares none. */
export function formKind(contentType: string | undefined): FormKind | null {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  if (mediaType === "application/x-www-form-urlencoded") return "urlencoded";
  if (mediaType === "multipart/form-data") return "multipart";
  return null;
}

/** True when the body can be read as the form its Content-Type declares. */
export async function readableAsForm(body: Uint8Array, contentType: string): Promise<boolean> {
  // Any byte string is a valid urlencoded form (bad percent-escapes are kept as typed), so only
  // multipart, whose structure can be broken, needs parsing. The parser is the one the actions
  // use (undici's), so "parses here" means "parses there".
  if (formKind(contentType) !== "multipart") return true;
  try {
    await new Response(body as BodyInit, { headers: { "content-type": contentType } }).formData();
    return true;
  } catch {
    return false;
  }
}

type BodyRead = { kind: "read"; body: Buffer } | { kind: "too_large" } | { kind: "aborted" };

/** Reads the whole body, up to the limit. A client that goes away mid-body is "aborted". */
function readBody(req: Request, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        settle({ kind: "too_large" });
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => settle({ kind: "read", body: Buffer.concat(chunks, size) }));
    // Node reports a client that hangs up mid-body as an error ("aborted") and then a close;
    // either way there is nobody left to answer.
    req.on("error", () => settle({ kind: "aborted" }));
    req.on("close", () =>
      settle(req.complete ? { kind: "read", body: Buffer.concat(chunks, size) } : { kind: "aborted" }),
    );
  });
}

function refuse(res: Response, status: number, message: string) {
  res.status(status).set("Cache-Control", "no-store").type("text/plain").send(message);
}

export const UNSUPPORTED_MESSAGE =
  "This service only accepts what its own forms send. Go back to the page and use the form there.";
export const UNREADABLE_MESSAGE =
  "What you sent could not be read: it may have been cut short. Go back to the page and send the form again.";

export interface FormBodyOptions {
  /**
   * Paths (prefixes) whose bodies are passed on unchecked: the test hooks take JSON, and exist
   * only when config.testHooks is on.
   */
  uncheckedPaths?: string[];
}

/**
 * Buffers the body of every request that has one (already capped by limitBodySize) into
 * `res.locals.body`, and refuses writes whose body is not a readable form. Must run after
 * limitBodySize and before the Remix handler from remix-handler.server.ts.
 */
export function readFormBody({ uncheckedPaths = [] }: FormBodyOptions = {}) {
  return async function readFormBodyMiddleware(req: Request, res: Response, next: NextFunction) {
    if (SAFE_METHODS.has(req.method)) return next();

    const read = await readBody(req, bodyLimitFor(req.get("content-type")));
    if (read.kind === "aborted") {
      // Nobody to answer; make sure the socket is gone rather than left half-open.
      if (!res.headersSent) res.destroy();
      return;
    }
    if (read.kind === "too_large") {
      res.set("Connection", "close");
      refuse(res, 413, "What you sent is too large. Go back and send less at a time.");
      return;
    }
    res.locals.body = read.body;

    if (!WRITE_METHODS.has(req.method) || uncheckedPaths.some((prefix) => req.path.startsWith(prefix))) return next();

    const contentType = req.get("content-type");
    if (!contentType || !formKind(contentType)) {
      refuse(res, 415, UNSUPPORTED_MESSAGE);
      return;
    }
    if (!(await readableAsForm(read.body, contentType))) {
      refuse(res, 400, UNREADABLE_MESSAGE);
      return;
    }
    next();
  };
}
