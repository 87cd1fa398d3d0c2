import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  markFormErrors(remixContext);
  // The whole document is rendered before anything is sent, and sent in one piece. No page defers
  // data, so streaming would gain nothing; a document written out in React's 2 KB pieces costs a
  // socket write (and, for browsers that accept gzip, a compression flush) per piece. One buffer
  // also gives the answer a Content-Length.
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(withoutTrailingZeros(chunk));
        done();
      },
      final(done) {
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        const document = Buffer.concat(chunks);
        responseHeaders.set("Content-Length", String(document.byteLength));
        resolve(new Response(document, { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={loadContext.nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={loadContext.nonce} />
      </NonceContext.Provider>,
      {
        nonce: loadContext.nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          clearTimeout(timer);
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * React 18's Node renderer (react-dom/server writeStringChunk) encodes text into a 2 KB buffer;
 * when a multi-byte character does not fit in the space left, it sends the WHOLE buffer, unused
 * zero bytes included. So "¬…" near a 2 KB boundary went out as "¬\0…": a browser shows that
 * NUL as U+FFFD in an input's value and posts it back, corrupting names in non-Latin scripts on
 * every save. The zeros are always at the end of a chunk, and a page never legitimately holds a
 * NUL (PostgreSQL text cannot store one and every posted field loses control characters), so
 * trimming them is exact. Found by the hostile-input test (tests/e2e/hostile).
 */
function withoutTrailingZeros(chunk: Buffer): Buffer {
  let end = chunk.length;
  while (end > 0 && chunk[end - 1] === 0) end -= 1;
  return end === chunk.length ? chunk : chunk.subarray(0, end);
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests and "not found" answers are ordinary, not errors worth logging.
  if (request.signal.aborted || (isRouteErrorResponse(error) && error.status < 500)) return;
  console.error(`Error while handling ${request.method} ${new URL(request.url).pathname}:`, error);
}

/**
 * When an action answered with form errors, tell the page title (see app/components/page-title.ts):
 * Remix's meta functions see loader data only, so the root's data carries the flag.
 */
function markFormErrors(remixContext: EntryContext) {
  const { actionData, loaderData } = remixContext.staticHandlerContext;
  if (!actionData) return;
  const hasErrors = Object.values(actionData).some(
    (d) => d && typeof d === "object" && "errors" in d && d.errors && Object.keys(d.errors as object).length > 0,
  );
  const root = loaderData.root as Record<string, unknown> | undefined;
  if (hasErrors && root && typeof root === "object") loaderData.root = { ...root, formHasErrors: true };
}
