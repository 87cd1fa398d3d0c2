import {
  createRequestHandler as createRemixRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { withAppErrorResponses } from "./app-error-responses.server";
import { withDevToolRoutesGated, type DevToolSwitches } from "./dev-tool-routes.server";

// The Express-to-Remix bridge. It is @remix-run/express's createRequestHandler (2.17.5) with one
// change: the request body is the buffer that readFormBody (form-body.server.ts) has already read
// and checked, not the Node stream, which by then has been consumed and cannot be read twice. The
// build's loaders and actions are wrapped first, so a service's AppError becomes its page
// (app-error-responses.server.ts).

export interface RemixHandlerOptions {
  build: ServerBuild;
  mode: string;
  /** Which dev-tool routes exist (config.testHooks, config.benchRoutes, config.localMailbox). */
  devTools: DevToolSwitches;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}

export function createRemixHandler({ build, mode, devTools, getLoadContext }: RemixHandlerOptions) {
  const handleRequest = createRemixRequestHandler(withAppErrorResponses(withDevToolRoutesGated(build, devTools)), mode);
  return async function remixHandler(req: Request, res: Response, next: NextFunction) {
    let request: globalThis.Request;
    try {
      request = fetchRequestFrom(req, res);
    } catch {
      // A Host header that is not a host name: nothing to route.
      res
        .status(400)
        .set("Cache-Control", "no-store")
        .type("text/plain")
        .send("The address this request was sent to could not be read.");
      return;
    }
    try {
      const response = await handleRequest(request, getLoadContext(req, res));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

function headersFrom(req: Request): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(key, value);
  }
  return headers;
}

function fetchRequestFrom(req: Request, res: Response): globalThis.Request {
  // req.hostname has no port and respects "trust proxy"; take the port from the forwarded host or
  // the Host header, as the Remix adapter does.
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(":")[1] ?? "", 10);
  const forwardedPort = portOf(req.get("x-forwarded-host"));
  const hostPort = portOf(req.get("host"));
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);

  // Stop the loaders and actions if the client goes away before the response is finished.
  const controller = new AbortController();
  let finished = false;
  res.on("finish", () => (finished = true));
  res.on("close", () => {
    if (!finished) controller.abort();
  });

  const init: RequestInit = { method: req.method, headers: headersFrom(req), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD")
    init.body = ((res.locals.body as Buffer | undefined) ?? new Uint8Array(0)) as BodyInit;
  return new Request(url.href, init);
}

async function sendResponse(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.headers.get("content-type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
