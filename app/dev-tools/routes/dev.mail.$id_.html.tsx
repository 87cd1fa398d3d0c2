import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { mailboxMessage } from "../mailbox.server";

// The HTML of one local-mailbox message as its own document. The service's
// Content-Security-Policy still applies (no scripts, no inline styles), and `sandbox` puts the
// document in an origin of its own, so an email cannot act as a page of the service.

const idSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,8}$/)
  .transform(Number);

export async function loader({ params }: LoaderFunctionArgs) {
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const message = await mailboxMessage(id.data);
  return new Response(message.html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self' data:",
      "Cache-Control": "no-store",
    },
  });
}

// No ErrorBoundary here, unlike page routes: Remix treats a route that exports one as a page,
// and would answer with the HTML document instead of this loader's response.
