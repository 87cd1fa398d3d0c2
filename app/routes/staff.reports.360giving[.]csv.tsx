import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireRole } from "../auth/guards.server";
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
  const found = await loadAwardsForPublication(actorFrom(user, args), challenge);
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
