import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireUser } from "../auth/guards.server";
import { idParam } from "../domain/awards";
import { notFound } from "../services/app-error.server";
import { requestNow } from "../services/platform/clock.server";
import { placeCalendar } from "../services/awards/masterclasses.server";

// GET /awards/:awardId/sessions/:sessionId.ics: the calendar file (RFC 5545) for a masterclass
// place the winner has booked. A resource route: a miss is a plain 404 (the AppError wrapper).

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const awardId = idParam(args.params.awardId);
  const sessionId = idParam(args.params.sessionId);
  if (!awardId || !sessionId) throw notFound();
  const calendar = await placeCalendar(actorFrom(user, args), awardId, sessionId, requestNow(args.request));
  return new Response(calendar.body, {
    status: 200,
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${calendar.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
