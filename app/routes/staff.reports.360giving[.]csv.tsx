import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "../auth/guards.server";
import { config } from "../config.server";
import { toCsv } from "../domain/csv";
import { londonToday } from "../domain/milestones";
import { GRANT_CSV_HEADER, grantCsvRow, toPackage } from "../domain/three-sixty-giving";
import { challengeParam, loadAwardsForPublication } from "../services/reports/board-report.server";
import { requestNow } from "../services/platform/clock.server";

// GET /staff/reports/360giving.csv?challenge=<id>: the same grants as the JSON package, as a
// spreadsheet with the 360Giving standard's column titles (its spreadsheet template's form).

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenge = challengeParam(new URL(args.request.url));
  if (challenge === "invalid") throw new Response("Not found", { status: 404 });
  const found = await loadAwardsForPublication({ id: user.id, ip: args.context.ip }, challenge);
  if (!found) throw new Response("Not found", { status: 404 });
  const { grants } = toPackage(found.awards, config.threeSixtyGiving);
  return new Response(toCsv(GRANT_CSV_HEADER, grants.map(grantCsvRow)), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="360giving-challenge-${found.challenge.id}-${londonToday(requestNow(args.request))}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
