import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { Tag } from "../components/StatusTag";
import { Table } from "../components/Table";
import { DATA_REQUEST_KIND_SHORT, DATA_REQUEST_STATUS_LABELS } from "../domain/data-requests";
import { londonDate } from "../domain/deadline";
import { formatCalendarDate } from "../domain/milestones";
import { listDataRequests } from "../services/records/data-requests.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/data-requests: the register of requests about people's personal data received by email,
// letter or phone (decision 052): open ones first, soonest due first, with those past their due
// date marked "Overdue"; then the ones answered. Dates are calendar dates in the UK.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Data-rights requests", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const requests = await listDataRequests(actorFrom(user, args), londonDate(requestNow(args.request)));
  return { requests };
}

export default function DataRequests() {
  const { requests } = useLoaderData<typeof loader>();
  const open = requests.filter((r) => r.status === "open");
  const closed = requests.filter((r) => r.status !== "open");
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Data-rights requests</h1>
          <p className="govuk-body">
            Requests people make about their personal data by email, letter or phone: for a copy of it, to correct it,
            to delete it or to stop using it. The law gives one calendar month from the day a request arrives to answer
            it. People can download their own data and change their details from their account without asking.
          </p>
          <p className="govuk-body">
            <Link className="govuk-button" to="/staff/data-requests/new">
              Record a request
            </Link>
          </p>
        </div>
      </div>
      <Table
        caption="Open requests"
        rows={open}
        rowKey={(r) => r.id}
        empty="No requests are waiting for an answer."
        columns={[
          {
            header: "Person",
            rowHeader: true,
            cell: (r) => (
              <Link className="govuk-link" to={`/staff/data-requests/${r.id}`}>
                {r.personName ?? "Account deleted"}
                <span className="govuk-visually-hidden">, {DATA_REQUEST_KIND_SHORT[r.kind].toLowerCase()} request</span>
              </Link>
            ),
          },
          { header: "Request", cell: (r) => DATA_REQUEST_KIND_SHORT[r.kind] },
          { header: "Received", cell: (r) => formatCalendarDate(r.receivedOn) },
          {
            header: "Due",
            cell: (r) => (
              <>
                {formatCalendarDate(r.dueOn)}
                {r.overdue ? (
                  <>
                    {" "}
                    <Tag colour="govuk-tag--red">Overdue</Tag>
                  </>
                ) : null}
              </>
            ),
          },
        ]}
      />
      <Table
        caption="Answered requests"
        rows={closed}
        rowKey={(r) => r.id}
        empty="None yet."
        columns={[
          {
            header: "Person",
            rowHeader: true,
            cell: (r) => (
              <Link className="govuk-link" to={`/staff/data-requests/${r.id}`}>
                {r.personName ?? "Account deleted"}
                <span className="govuk-visually-hidden">, {DATA_REQUEST_KIND_SHORT[r.kind].toLowerCase()} request</span>
              </Link>
            ),
          },
          { header: "Request", cell: (r) => DATA_REQUEST_KIND_SHORT[r.kind] },
          { header: "Received", cell: (r) => formatCalendarDate(r.receivedOn) },
          { header: "Outcome", cell: (r) => DATA_REQUEST_STATUS_LABELS[r.status] },
        ]}
      />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
