import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { londonDate } from "../domain/deadline";
import { jsonDownload } from "../domain/json-download";
import { notFound } from "../services/app-error.server";
import { produceRequestedData } from "../services/records/data-requests.server";

// GET /staff/data-requests/:id/data.json: the person's data for their access request, as the file
// they would download themselves. Staff only, with a recent second factor; audited each time.
// A resource route: no component, so no ErrorBoundary.

const ID = z.coerce.number().int().min(1).max(2_147_483_647);

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  requireRecentSecondFactor(args, user);
  const id = ID.safeParse(args.params.id);
  if (!id.success) throw notFound();
  const { request, data } = await produceRequestedData(actorFrom(user, args), id.data, "json");
  return jsonDownload(data, `data-request-${request.id}-${londonDate(new Date())}.json`);
}
