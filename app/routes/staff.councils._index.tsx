import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { CouncilFilter } from "../components/FilterSelects";
import { Button, Select } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { pageHref, Pagination } from "../components/Pagination";
import { INTEREST_LABELS, INTEREST_STATUSES } from "../domain/council-search";
import { formatDate } from "../domain/time";
import { listTakeUp, parseTakeUpQuery, type TakeUpFilters } from "../services/councils/take-up.server";
import { Table } from "../components/Table";

// /staff/councils: councils' take-up of the shared ideas across the region: which ideas, which
// councils, at what status, with counts by status and by council and a CSV of the same selection.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Council take-up", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { page, ...filters } = parseTakeUpQuery(new URL(args.request.url).searchParams);
  return listTakeUp(actorFrom(user, args), filters, page);
}

function searchOf(filters: Partial<TakeUpFilters>): string {
  const params = new URLSearchParams();
  if (filters.challenge) params.set("challenge", filters.challenge);
  if (filters.status) params.set("status", filters.status);
  if (filters.council) params.set("council", filters.council);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export default function StaffCouncils() {
  const list = useLoaderData<typeof loader>();
  const location = useLocation();
  if (!list) {
    return (
      <>
        <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
        <h1 className="govuk-heading-l">Council take-up</h1>
        <p className="govuk-body">
          No challenge has published its results yet. Councils see the shared ideas once results are published.
        </p>
      </>
    );
  }
  const { challenge, challenges, councilOptions, filters, summary, rows, total, page, pageCount } = list;
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l">Council take-up</h1>
      <p className="govuk-body">
        {summary.ideas === 1 ? "1 idea has" : `${summary.ideas} ideas have`} interest from at least one council;{" "}
        {summary.ideasTakenForward === 1 ? "1 has" : `${summary.ideasTakenForward} have`} been taken forward.{" "}
        {summary.councils === 1 ? "1 council has" : `${summary.councils} councils have`} recorded interest.
      </p>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Table
            caption="By status"
            captionSize="s"
            rows={summary.byStatus}
            rowKey={(s) => s.status}
            columns={[
              { header: "Status", rowHeader: true, cell: (s) => s.label },
              { header: "Records", numeric: true, cell: (s) => s.count },
            ]}
          />
        </div>
        <div className="govuk-grid-column-two-thirds">
          {summary.byCouncil.length === 0 ? (
            <p className="govuk-body">No council has recorded interest yet.</p>
          ) : (
            <Table
              caption="By council"
              captionSize="s"
              rows={summary.byCouncil}
              rowKey={(c) => c.code}
              columns={[
                { header: "Council", rowHeader: true, cell: (c) => c.name },
                ...INTEREST_STATUSES.map((s) => ({
                  header: INTEREST_LABELS[s],
                  numeric: true,
                  cell: (c: (typeof summary.byCouncil)[number]) => c.byStatus[s],
                })),
              ]}
            />
          )}
        </div>
      </div>

      <Form method="get" aria-label="Filter council take-up">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="challenge"
              label="Challenge"
              defaultValue={challenge.slug}
              options={challenges.map((c) => ({
                value: c.slug,
                text: c.title,
              }))}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="status"
              label="Status"
              placeholder="Any status"
              defaultValue={filters.status ?? ""}
              options={INTEREST_STATUSES.map((s) => ({
                value: s,
                text: INTEREST_LABELS[s],
              }))}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <CouncilFilter councils={councilOptions} value={filters.council} />
          </div>
        </div>
        <Button variant="secondary" preventDoubleClick={false}>
          Show take-up
        </Button>
      </Form>

      <p className="govuk-body">
        {total === 1 ? "1 record" : `${total} records`}.{" "}
        {total > 0 ? (
          <a
            className="govuk-link"
            href={`/staff/councils.csv${searchOf({ ...filters, challenge: challenge.slug })}`}
            download
          >
            Download as a spreadsheet (CSV)
          </a>
        ) : null}
      </p>
      {rows.length ? (
        <Table
          caption="Which councils are taking which ideas forward"
          scroll
          rows={rows}
          rowKey={(r) => `${r.reference}-${r.council}`}
          columns={[
            {
              header: "Idea",
              cell: (r) => (
                <>
                  <Link className="govuk-link" to={`/staff/entries/${r.reference}`}>
                    {r.reference}
                  </Link>{" "}
                  {r.title}
                  <br />
                  <span className="govuk-body-s">{r.organisationName}</span>
                </>
              ),
            },
            { header: "Council", cell: (r) => r.council },
            { header: "Status", cell: (r) => r.statusLabel },
            { header: "Local initiative", cell: (r) => r.initiativeName ?? "None named" },
            { header: "Updated", cell: (r) => formatDate(new Date(r.updatedAt)) },
          ]}
        />
      ) : null}
      <Pagination
        page={page}
        count={pageCount}
        hrefFor={(p) => pageHref(location.pathname, location.search, p)}
        label="Pages of take-up"
      />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
