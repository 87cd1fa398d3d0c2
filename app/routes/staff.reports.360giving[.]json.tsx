import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "../auth/guards.server";
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
  if (challenge === "invalid") throw new Response("Not found", { status: 404 });
  const found = await loadAwardsForPublication({ id: user.id, ip: args.context.ip }, challenge);
  if (!found) throw new Response("Not found", { status: 404 });
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
