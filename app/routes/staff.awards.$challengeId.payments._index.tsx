import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { CouncilFilter, PriorityAreaFilter } from "../components/FilterSelects";
import { Button, Select } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { TableScroll } from "../components/TableScroll";
import { idParam } from "../domain/awards";
import { formatPence } from "../domain/money";
import { notFound } from "../services/app-error.server";
import { parsePaymentFilters, paymentsPage } from "../services/awards/prize-payments.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/awards/:challengeId/payments: the prize payments, outstanding first by default, with how
// long each has waited, filters by priority area and council, totals summed by the database and
// a CSV of the same selection for finance. The filters are a GET form: bookmarkable, no JavaScript.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Prize payments", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  if (!challengeId) throw notFound();
  const url = new URL(args.request.url);
  const page = await paymentsPage(challengeId, parsePaymentFilters(url.searchParams), requestNow(args.request));
  return { page, search: url.search };
}

function PaymentTotal({
  label,
  testId,
  pence,
  count,
}: {
  label: string;
  testId: string;
  pence: number;
  count: number;
}) {
  return (
    <div className="govuk-grid-column-one-half">
      <p className="govuk-body govuk-!-margin-bottom-1">{label}</p>
      <p className="govuk-heading-l" data-testid={testId}>
        {formatPence(pence)}
        <span className="govuk-body govuk-!-display-block">
          {count} {count === 1 ? "payment" : "payments"}
        </span>
      </p>
    </div>
  );
}

export default function StaffPayments() {
  const { page, search } = useLoaderData<typeof loader>();
  const { challenge, filters, options, rows, totals } = page;
  const base = `/staff/awards/${challenge.id}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/awards", text: "Awards" },
          { href: base, text: challenge.title },
        ]}
      />
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l">Prize payments</h1>

      <div className="govuk-grid-row">
        <PaymentTotal
          label="Outstanding"
          testId="outstanding-total"
          pence={totals.outstandingPence}
          count={totals.outstandingCount}
        />
        <PaymentTotal label="Paid" testId="paid-total" pence={totals.paidPence} count={totals.paidCount} />
      </div>

      <Form method="get" aria-label="Filter payments">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select name="status" label="Status" defaultValue={filters.status} options={options.statuses} />
          </div>
          <div className="govuk-grid-column-one-third">
            <PriorityAreaFilter areas={options.areas} value={filters.area} />
          </div>
          <div className="govuk-grid-column-one-third">
            <CouncilFilter councils={options.councils} value={filters.council} />
          </div>
        </div>
        <div className="govuk-button-group">
          <Button variant="secondary" preventDoubleClick={false}>
            Show payments
          </Button>
          <a className="govuk-link" href={`${base}/payments.csv${search}`} download>
            Download these payments (CSV)
          </a>
        </div>
      </Form>

      <TableScroll label="Prize payments">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {rows.length} {rows.length === 1 ? "payment" : "payments"}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Entry
              </th>
              <th scope="col" className="govuk-table__header">
                Priority area
              </th>
              <th scope="col" className="govuk-table__header">
                Council
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Waiting (days)
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Amount
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`${base}/payments/${r.id}`}>
                    {r.reference}
                    <span className="govuk-visually-hidden"> payment</span>
                  </Link>{" "}
                  {r.organisationName}
                </td>
                <td className="govuk-table__cell">{r.priorityArea ?? "None"}</td>
                <td className="govuk-table__cell">{r.councilName}</td>
                <td className="govuk-table__cell">{r.statusLabel}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {r.ageDays ?? (r.published ? "" : "Not published")}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(r.amountPence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
