import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { toCsv } from "../domain/csv";
import { londonToday } from "../domain/milestones";
import { signedPounds } from "../domain/budget";
import { notFound } from "../services/app-error.server";
import { challengeParam, loadReportTable } from "../services/reports/board-report.server";
import { requestNow } from "../services/platform/clock.server";

// GET /staff/reports/<table>.csv?challenge=<id>: one table of the board report as a spreadsheet
// (toCsv: opens correctly in Excel). Money is in pounds with two decimal places, as numbers Excel
// can add up. A resource route: no component, so no ErrorBoundary.

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  // A bulk export of personal data: only with a second factor given in the last few minutes.
  requireRecentSecondFactor(args, user);
  const match = /^([a-z0-9-]{1,60})\.csv$/.exec(args.params.file ?? "");
  if (!match) throw notFound();
  const challenge = challengeParam(new URL(args.request.url));
  const today = londonToday(requestNow(args.request));
  const found = await loadReportTable(actorFrom(user, args), match[1]!, challenge, today);
  const { table } = found;
  const header = table.columns.map((c) => (c.kind === "money" ? `${c.heading} (£)` : c.heading));
  const format = (row: (string | number)[]) =>
    row.map((value, i) => (table.columns[i]!.kind === "money" ? signedPounds(Number(value)) : value));
  const rows = [...table.rows.map(format), ...(table.totals ? [format(table.totals)] : [])];
  return new Response(toCsv(header, rows), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${table.key}-challenge-${found.challenge.id}-${today}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
