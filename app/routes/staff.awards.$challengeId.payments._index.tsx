import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { ConflictFlag } from "../components/ConflictFlag";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { CouncilFilter, PriorityAreaFilter } from "../components/FilterSelects";
import { Button, Select } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { idParam } from "../domain/awards";
import { formatPence } from "../domain/money";
import { notFound } from "../services/app-error.server";
import { parsePaymentFilters, paymentsPage } from "../services/awards/prize-payments.server";
import { challengeRecoveries } from "../services/awards/recoveries.server";
import { RecoveryTable } from "../components/RecoveryTable";
import { requestNow } from "../services/platform/clock.server";
import { paymentConflicts } from "../services/awards/staff-conflicts.server";
import { Table } from "../components/Table";

// /staff/awards/:challengeId/payments: the prize payments, outstanding first by default, with how
// long each has waited, filters by priority area and council, totals summed by the database and
// a CSV of the same selection for finance. The filters are a GET form: bookmarkable, no JavaScript.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Prize payments", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  if (!challengeId) throw notFound();
  const url = new URL(args.request.url);
  const actor = actorFrom(user, args);
  const page = await paymentsPage(actor, challengeId, parsePaymentFilters(url.searchParams), requestNow(args.request));
  // The payments the person has a conflict of interest with: flagged, another member of staff pays them.
  const conflicts = await paymentConflicts(
    actor,
    page.rows.map((r) => r.id),
  );
  const recoveries = await challengeRecoveries(actor, challengeId);
  return { page, search: url.search, conflicts, recoveries };
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
  const { page, search, conflicts, recoveries } = useLoaderData<typeof loader>();
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
      {/* Money due back counts in what the awards cost: net paid is paid less what has come back. */}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <p className="govuk-body govuk-!-margin-bottom-1">Due back</p>
          <p className="govuk-heading-m" data-testid="recovery-due-total">
            {formatPence(recoveries.totals.duePence)}
          </p>
        </div>
        <div className="govuk-grid-column-one-third">
          <p className="govuk-body govuk-!-margin-bottom-1">Recovered</p>
          <p className="govuk-heading-m" data-testid="recovered-total">
            {formatPence(recoveries.totals.receivedPence)}
          </p>
        </div>
        <div className="govuk-grid-column-one-third">
          <p className="govuk-body govuk-!-margin-bottom-1">Paid, less recovered</p>
          <p className="govuk-heading-m" data-testid="net-paid-total">
            {formatPence(totals.paidPence - recoveries.totals.receivedPence)}
          </p>
        </div>
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

      <Table
        caption={
          <>
            {rows.length} {rows.length === 1 ? "payment" : "payments"}
          </>
        }
        scroll="Prize payments"
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          {
            header: "Entry",
            cell: (r) => (
              <>
                <Link className="govuk-link" to={`${base}/payments/${r.id}`}>
                  {r.reference}
                  <span className="govuk-visually-hidden"> payment</span>
                </Link>{" "}
                {r.organisationName}
                {conflicts[r.id] ? <ConflictFlag warning={conflicts[r.id]!.warning} /> : null}
              </>
            ),
          },
          { header: "Priority area", cell: (r) => r.priorityArea ?? "None" },
          { header: "Council", cell: (r) => r.councilName },
          { header: "Status", cell: (r) => r.statusLabel },
          {
            header: "Checks",
            cell: (r) => (
              <Link className="govuk-link" to={`${base}/due-diligence/${r.awardId}`}>
                {r.gate.checks.label}
                <span className="govuk-visually-hidden"> (due diligence for {r.reference})</span>
              </Link>
            ),
          },
          { header: "Agreement", cell: (r) => r.gate.agreement.label },
          { header: "Waiting (days)", numeric: true, cell: (r) => r.ageDays ?? (r.published ? "" : "Not published") },
          { header: "Amount", numeric: true, cell: (r) => formatPence(r.amountPence) },
        ]}
      />

      <h2 className="govuk-heading-m" id="recoveries">
        Money due back
      </h2>
      <p className="govuk-body">
        <Link
          className="govuk-button govuk-button--secondary"
          to={`${base}/recoveries/new`}
          role="button"
          draggable="false"
        >
          Record a recovery
        </Link>
      </p>
      {recoveries.recoveries.length === 0 ? (
        <p className="govuk-body">No money is due back from this challenge&apos;s awards.</p>
      ) : (
        <RecoveryTable
          recoveries={recoveries.recoveries}
          caption="Recoveries"
          showAward
          link={(r) => `${base}/recoveries/${r.id}`}
        />
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
