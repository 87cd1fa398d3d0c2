import type { LoaderFunctionArgs } from "@remix-run/node";
import { isPrivileged } from "../auth/session-limits";
import { actorFrom, requireRecentSecondFactor, requireUser } from "../auth/guards.server";
import { londonDate } from "../domain/deadline";
import { jsonDownload } from "../domain/json-download";
import { ownPersonalData } from "../services/records/personal-data.server";

// GET /account/your-data.json: the signed-in person's data (as on /account/your-data) as a file.
// A resource route: no component, so no ErrorBoundary.

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  // An export of personal data: for someone whose account reaches other people's data (staff,
  // judges, council officers), only with a second factor given in the last few minutes, as for
  // the other exports, so a session left open cannot be used to carry it off.
  if (isPrivileged(user.roles)) requireRecentSecondFactor(args, user);
  const data = await ownPersonalData(actorFrom(user, args));
  return jsonDownload(data, `your-data-${londonDate(new Date())}.json`);
}
