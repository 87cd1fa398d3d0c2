import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireRole } from "../auth/guards.server";
import { config } from "../config.server";
import { londonToday } from "../domain/milestones";
import { checkedPackage, exportRefusal } from "../domain/three-sixty-giving";
import { invalid } from "../services/app-error.server";
import { challengeParam, loadAwardsForPublication } from "../services/reports/board-report.server";
import { requestNow } from "../services/platform/clock.server";

// GET /staff/reports/360giving.json?challenge=<id>: the challenge's published awards as a
// 360Giving Data Standard JSON package ({"grants": [...]}), for the authority to publish as open
// data. The publisher prefix and funder come from configuration (docs/configuration.md).

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenge = challengeParam(new URL(args.request.url));
  const found = await loadAwardsForPublication(actorFrom(user, args), challenge);
  const checked = checkedPackage(found.awards, config.threeSixtyGiving);
  // Open data that breaks the standard's rules is never handed out: the page says what to fix.
  if (!checked.ok) throw invalid(exportRefusal(checked.problems));
  const body = JSON.stringify(checked.package, null, 2);
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="360giving-challenge-${found.challenge.id}-${londonToday(requestNow(args.request))}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
