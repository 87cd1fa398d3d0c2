import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireRole } from "../auth/guards.server";
import { config } from "../config.server";
import { londonToday } from "../domain/milestones";
import { toPackage } from "../domain/three-sixty-giving";
import { challengeParam, loadAwardsForPublication } from "../services/reports/board-report.server";
import { requestNow } from "../services/platform/clock.server";

// GET /staff/reports/360giving.json?challenge=<id>: the challenge's published awards as a
// 360Giving Data Standard JSON package ({"grants": [...]}), for the authority to publish as open
// data. The publisher prefix and funder come from configuration (docs/configuration.md).

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenge = challengeParam(new URL(args.request.url));
  const found = await loadAwardsForPublication(actorFrom(user, args), challenge);
  const body = JSON.stringify(toPackage(found.awards, config.threeSixtyGiving), null, 2);
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="360giving-challenge-${found.challenge.id}-${londonToday(requestNow(args.request))}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
