import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { idParam } from "../domain/awards";
import { toCsv } from "../domain/csv";
import { londonDate, londonWallTime } from "../domain/deadline";
import { notFound } from "../services/app-error.server";
import { exportPayments, parsePaymentFilters } from "../services/awards/prize-payments.server";
import { requestNow } from "../services/platform/clock.server";

// GET /staff/awards/:challengeId/payments.csv?<the list's filters>: the payments for finance, in
// a file that opens correctly in Excel (app/domain/csv.ts). Amounts in pounds with pence, and in
// pence, so nobody has to trust a spreadsheet's rounding. A resource route: no ErrorBoundary.

const HEADER = [
  "Payment",
  "Reference",
  "Idea",
  "Organisation",
  "Priority area",
  "Council",
  "Status",
  "Amount (£)",
  "Amount (pence)",
  "Waiting (days)",
  "Supplier reference",
  "Finance reference",
  "Paid (UK time)",
] as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  // A bulk export of personal data: only with a second factor given in the last few minutes.
  requireRecentSecondFactor(args, user);
  const challengeId = idParam(args.params.challengeId);
  if (!challengeId) throw notFound();
  const now = requestNow(args.request);
  const page = await exportPayments(
    actorFrom(user, args),
    challengeId,
    parsePaymentFilters(new URL(args.request.url).searchParams),
    now,
  );
  const csv = toCsv(
    HEADER,
    page.rows.map((r) => [
      r.id,
      r.reference,
      r.title,
      r.organisationName,
      r.priorityArea ?? "",
      r.councilName,
      r.statusLabel,
      `${Math.floor(r.amountPence / 100)}.${String(r.amountPence % 100).padStart(2, "0")}`,
      r.amountPence,
      r.ageDays ?? "",
      r.supplierReference ?? "",
      r.financeReference ?? "",
      r.paidAt ? londonWallTime(new Date(r.paidAt)) : "",
    ]),
  );
  return new Response(csv, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="prize-payments-${page.challenge.slug}-${londonDate(now)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
