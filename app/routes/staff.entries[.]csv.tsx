import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { toCsv } from "../domain/csv";
import { londonDate, londonWallTime } from "../domain/deadline";
import { exportStaffEntries, parseStaffEntryQuery, STATUS_LABELS } from "../services/entries/staff-entries.server";

// GET /staff/entries.csv?<the list's filters>: the filtered list as a spreadsheet that opens
// correctly in Excel (toCsv: UTF-8 with a byte-order mark, CRLF, formula-looking cells
// neutralised). A resource route: no component, so no ErrorBoundary (a thrown 403 or 404 is sent
// as it is). Times are UK wall-clock times, in a form Excel reads as a date and time.

const HEADER = [
  "Reference",
  "Title",
  "Organisation",
  "Organisation type",
  "Priority area",
  "Council areas",
  "Status",
  "Submitted (UK time)",
  "Reason not eligible",
  "Possible duplicate of",
  "Contact name",
  "Contact email",
] as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  // A bulk export of personal data: only with a second factor given in the last few minutes.
  requireRecentSecondFactor(args, user);
  const { page: _page, ...filters } = parseStaffEntryQuery(new URL(args.request.url).searchParams);
  const result = await exportStaffEntries(actorFrom(user, args), filters);
  const csv = toCsv(
    HEADER,
    result.rows.map((row) => [
      row.reference,
      row.title,
      row.organisationName,
      row.organisationTypeLabel,
      row.priorityArea ?? "",
      row.councils.join("; "),
      STATUS_LABELS[row.status],
      row.submittedAt ? londonWallTime(row.submittedAt) : "",
      row.eligibilityReason ?? "",
      row.duplicateOf.join("; "),
      row.contactName,
      row.contactEmail,
    ]),
  );
  const filename = `entries-${result.challenge.slug}-${londonDate(new Date())}.csv`;
  return new Response(csv, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      // Names and email addresses: never kept by a shared cache or the browser's.
      "Cache-Control": "no-store",
    },
  });
}
