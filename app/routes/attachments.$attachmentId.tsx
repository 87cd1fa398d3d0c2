import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireUser } from "../auth/guards.server";
import { attachmentDisposition } from "../domain/attachments";
import { notFound } from "../services/app-error.server";
import { downloadAttachment } from "../services/attachments/attachments.server";

// GET /attachments/:id: a file attached to an entry, a check, a report or a request, for someone who
// may see that record (app/services/attachments/who-may-see.server.ts); "not found" for anyone else.
// Always a download, never shown in the page: the type is the one its content showed, the browser
// is told not to guess another (nosniff), and the response may run nothing (sandbox). A resource
// route: no component, so no ErrorBoundary.

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const id = Number(args.params.attachmentId);
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) throw notFound();
  const file = await downloadAttachment(actorFrom(user, args), id);
  return new Response(file.bytes as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(file.bytes.byteLength),
      "Content-Disposition": attachmentDisposition(file.fileName),
      // X-Content-Type-Options: nosniff comes with every response (app/security/headers.server.ts);
      // set here too, it would be sent twice.
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
