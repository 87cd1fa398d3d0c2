import type { ServerBuild } from "@remix-run/node";
import type { RequestHandler } from "express";
import { limitBodySize } from "./body-limit.server";
import { peerIsLoopback } from "./loopback.server";
import { noStoreForSignedIn } from "./cache-control.server";
import { deferredCookies } from "./deferred-cookies.server";
import { readFormBody } from "./form-body.server";
import { refuseCrossOriginWrites } from "./origin.server";
import type { DevToolSwitches } from "./dev-tool-routes.server";
import { createRemixHandler } from "./remix-handler.server";

// Everything between Express and Remix, in order, as one list: server.ts mounts it after the
// headers and static files, and the integration tests mount the very same list in-process.

export interface PipelineOptions {
  build: ServerBuild;
  mode: "production" | "development";
  /**
   * Which dev-tool routes exist (app/security/dev-tool-routes.server.ts). Test hooks take JSON
   * bodies: their paths skip the form check when they exist.
   */
  devTools: DevToolSwitches;
}

export function requestPipeline({ build, mode, devTools }: PipelineOptions): RequestHandler[] {
  return [
    // First, so that even the refusals below are never stored for a signed-in person; and
    // before deferredCookies, whose cookies (added as the headers go out) it looks at.
    noStoreForSignedIn,
    refuseCrossOriginWrites,
    limitBodySize,
    // Bodies that are not readable forms end here (415/400), never as a 500 inside an action.
    readFormBody({ uncheckedPaths: devTools.testHooks ? ["/test-hooks/"] : [] }),
    deferredCookies,
    createRemixHandler({
      build,
      mode,
      devTools,
      getLoadContext: (req, res) => ({
        nonce: res.locals.nonce as string,
        requestId: res.locals.requestId as string,
        ip: req.ip ?? "unknown",
        // The connection's own address, for the local mailbox's check (never a header).
        peerIsLoopback: peerIsLoopback(req),
        setCookies: res.locals.setCookies as string[],
      }),
    }),
  ];
}
