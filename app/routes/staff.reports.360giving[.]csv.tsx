import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireRole } from "../auth/guards.server";
import { config } from "../config.server";
import { toCsv } from "../domain/csv";
import { londonToday } from "../domain/milestones";
import { checkedPackage, exportRefusal, GRANT_CSV_HEADER, grantCsvRow } from "../domain/three-sixty-giving";
import { invalid } from "../services/app-error.server";
import { challengeParam, loadAwardsForPublication } from "../services/reports/board-report.server";
import { requestNow } from "../services/platform/clock.server";

// GET /staff/reports/360giving.csv?challenge=<id>: the same grants as the JSON package, as a
// spreadsheet with the 360Giving standard's column titles (its spreadsheet template's form).

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenge = challengeParam(new URL(args.request.url));
  const found = await loadAwardsForPublication(actorFrom(user, args), challenge);
  const checked = checkedPackage(found.awards, config.threeSixtyGiving);
  if (!checked.ok) throw invalid(exportRefusal(checked.problems));
  const { grants } = checked.package;
  return new Response(toCsv(GRANT_CSV_HEADER, grants.map(grantCsvRow)), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="360giving-challenge-${found.challenge.id}-${londonToday(requestNow(args.request))}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
