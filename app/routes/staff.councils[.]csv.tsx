import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { toCsv } from "../domain/csv";
import { londonDate, londonWallTime } from "../domain/deadline";
import { exportTakeUp, parseTakeUpQuery } from "../services/councils/take-up.server";

// GET /staff/councils.csv?<the take-up filters>: every matching council-interest record as a
// spreadsheet (formula-safe, UTF-8 with BOM). A resource route: no component.

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  // A bulk export of personal data: only with a second factor given in the last few minutes.
  requireRecentSecondFactor(args, user);
  const { page: _page, ...filters } = parseTakeUpQuery(new URL(args.request.url).searchParams);
  const result = await exportTakeUp(actorFrom(user, args), filters);
  const csv = toCsv(
    [
      "Reference",
      "Title",
      "Organisation",
      "Council",
      "Status",
      "Local initiative",
      "Initiative link",
      "Note",
      "Updated (UK time)",
    ],
    result.rows.map((r) => [
      r.reference,
      r.title,
      r.organisationName,
      r.council,
      r.statusLabel,
      r.initiativeName ?? "",
      r.initiativeUrl ?? "",
      r.note,
      londonWallTime(r.updatedAt),
    ]),
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="council-take-up-${result.challenge.slug}-${londonDate(new Date())}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
