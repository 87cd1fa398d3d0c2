import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { parseCouncilIdeaQuery, withoutHighlight } from "../domain/council-search";
import { toCsv } from "../domain/csv";
import { londonDate, londonWallTime } from "../domain/deadline";
import { exportSharedIdeas } from "../services/councils/ideas.server";

// GET /councils/ideas.csv?<the list's filters>: the same selection as /councils/ideas, every
// page of it, for council colleagues (toCsv: UTF-8 with a byte-order mark, CRLF, formula-looking
// cells neutralised). Contact details appear only for organisations that agreed to be contacted.
// A resource route: no component, so no ErrorBoundary.

const HEADER = [
  "Reference",
  "Title",
  "Summary",
  "Organisation",
  "Organisation type",
  "Priority area",
  "Council areas",
  "Award",
  "Councils interested",
  "Submitted (UK time)",
  "Contact name",
  "Contact email",
  "Contact phone",
  "Link",
] as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "council_officer");
  // A bulk export of personal data: only with a second factor given in the last few minutes.
  requireRecentSecondFactor(args, user);
  const url = new URL(args.request.url);
  const { page: _page, ...filters } = parseCouncilIdeaQuery(url.searchParams);
  const result = await exportSharedIdeas(actorFrom(user, args), filters);
  const csv = toCsv(
    HEADER,
    result.rows.map((row) => [
      row.reference,
      withoutHighlight(row.title),
      withoutHighlight(row.summary),
      row.organisationName,
      row.organisationTypeLabel,
      row.priorityArea ?? "",
      row.councils.join("; "),
      row.awardNames.length ? row.awardNames.join("; ") : row.awardLabel,
      row.interests.map((i) => `${i.council}: ${i.statusLabel}`).join("; "),
      row.submittedAt ? londonWallTime(new Date(row.submittedAt)) : "",
      row.contact?.name ?? "",
      row.contact?.email ?? "",
      row.contact?.phone ?? "",
      `${url.origin}/councils/ideas/${row.reference}`,
    ]),
  );
  return new Response(csv, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="shared-ideas-${londonDate(new Date())}.csv"`,
      // Contact details: never kept by a shared cache or the browser's.
      "Cache-Control": "no-store",
    },
  });
}
