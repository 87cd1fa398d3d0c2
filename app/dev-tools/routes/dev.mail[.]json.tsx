import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { cleanText, optionalText, parseValues } from "../../domain/forms";
import { mailboxMessages } from "../mailbox.server";

// The local mailbox for programs: end-to-end tests poll it to read the mail a journey caused
// (a verification link, say) instead of waiting a fixed time.
//   GET /dev/mail.json?to=<email>
//   { messages: [{ id, to, subject, text, html, links, deliveredAt }] }   newest first

const querySchema = z.object({ to: optionalText("the email address", 254) });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseValues(querySchema, { to: cleanText(url.searchParams.get("to") ?? "") });
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors }, { status: 400, headers: { "Cache-Control": "no-store" } });
  const messages = await mailboxMessages({ to: parsed.data.to });
  return Response.json(
    {
      messages: messages.map((m) => ({
        id: m.id,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        links: m.links,
        deliveredAt: m.deliveredAt.toISOString(),
      })),
    },
    // A poll must see new mail at once.
    { headers: { "Cache-Control": "no-store" } },
  );
}

// No ErrorBoundary here, unlike page routes: Remix treats a route that exports one as a page,
// and would answer with the HTML document instead of this loader's response.
