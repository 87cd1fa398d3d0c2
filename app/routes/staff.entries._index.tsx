import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, Select, TextInput } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { pageHref, Pagination } from "../components/Pagination";
import { EntryStatusTag, Tag } from "../components/StatusTag";
import { formatDateTime } from "../domain/time";
import { listStaffEntries, parseStaffEntryQuery, type StaffEntryQuery } from "../services/entries/staff-entries.server";
import { Table } from "../components/Table";
import { InsetText } from "../components/content";

// /staff/entries: every entry of the current challenge (or ?challenge=<slug>), filtered by status,
// priority area, council area and organisation type, searched by title or reference, with counts
// and a CSV download of the same selection. The filters are a GET form, so every view of the list
// has an address that can be bookmarked and shared, and it works without JavaScript.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaderData, error }) => {
  const page = loaderData && "page" in loaderData && loaderData.page > 1 ? ` (page ${loaderData.page})` : "";
  return [{ title: pageTitle(`Entries${page}`, error) }];
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const query = parseStaffEntryQuery(new URL(args.request.url).searchParams);
  const list = await listStaffEntries(actorFrom(user, args), query);
  // No challenge set up yet: the page says so.
  return list ? { found: true as const, ...list } : { found: false as const };
}

/**
 * The query string for a set of filters, in a fixed order, leaving out the empty ones. Here, not
 * in the service: the page's links are built in the browser too, where .server modules are absent.
 */
function filtersToSearch(filters: Partial<StaffEntryQuery>): string {
  const params = new URLSearchParams();
  if (filters.challenge) params.set("challenge", filters.challenge);
  if (filters.status) params.set("status", filters.status);
  if (filters.area) params.set("area", String(filters.area));
  if (filters.council) params.set("council", filters.council);
  if (filters.type) params.set("type", filters.type);
  if (filters.q) params.set("q", filters.q);
  if (filters.page && filters.page > 1) params.set("page", String(filters.page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

export default function StaffEntries() {
  const list = useLoaderData<typeof loader>();
  const location = useLocation();
  if (!list.found) {
    return (
      <>
        <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
        <h1 className="govuk-heading-l">Entries</h1>
        <p className="govuk-body">No challenge has been set up yet, so there are no entries.</p>
      </>
    );
  }
  const { challenge, filters, options, rows, counts, page, pageCount, elsewhere } = list;
  const filtered = !!(filters.status || filters.area || filters.council || filters.type || filters.q);
  const exportHref = `/staff/entries.csv${filtersToSearch({ ...filters, challenge: challenge.slug })}`;
  const listHref = (extra: Partial<typeof filters>) =>
    `/staff/entries${filtersToSearch({ ...filters, challenge: filters.challenge, ...extra })}`;

  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l">Entries</h1>

      <Form method="get" className="govuk-!-margin-bottom-6" aria-label="Filter entries">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput
              name="q"
              type="search"
              label="Search by title or reference"
              hint="For example CRI-0042, or words from the title"
              spellCheck={false}
              defaultValue={filters.q}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select
              name="challenge"
              label="Challenge"
              defaultValue={challenge.slug}
              options={options.challenges.map((c) => ({ value: c.slug, text: c.title }))}
            />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="status"
              label="Status"
              placeholder="Any status"
              defaultValue={filters.status ?? ""}
              options={options.statuses.map((s) => ({ value: s.value, text: s.label }))}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="area"
              label="Priority area"
              placeholder="Any priority area"
              defaultValue={filters.area ? String(filters.area) : ""}
              options={options.priorityAreas.map((a) => ({ value: String(a.id), text: a.name }))}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="council"
              label="Council area"
              placeholder="Any council"
              defaultValue={filters.council ?? ""}
              options={options.councils.map((c) => ({ value: c.code, text: c.name }))}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="type"
              label="Organisation type"
              placeholder="Any type"
              defaultValue={filters.type ?? ""}
              options={options.organisationTypes.map((t) => ({ value: t.value, text: t.label }))}
            />
          </div>
        </div>
        <div className="govuk-button-group">
          <Button variant="secondary" preventDoubleClick={false}>
            Show entries
          </Button>
          {filtered ? (
            <Link className="govuk-link" to={listHref({ status: null, area: null, council: null, type: null, q: "" })}>
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>

      {elsewhere ? (
        <InsetText>
          <Link className="govuk-link" to={`/staff/entries/${elsewhere.reference}`}>
            {elsewhere.reference}
          </Link>{" "}
          is an entry to the {elsewhere.challengeTitle}.
        </InsetText>
      ) : null}
      <p className="govuk-body">
        {counts.total === 1 ? "1 entry" : `${counts.total} entries`}
        {filtered ? " match these filters" : ""}.{" "}
        {counts.total > 0 ? (
          <a className="govuk-link" href={exportHref} download>
            Download {filtered ? "these entries" : "all entries"} as a spreadsheet (CSV)
          </a>
        ) : null}
      </p>

      {rows.length === 0 ? (
        <p className="govuk-body">
          {counts.total === 0 ? "No entries match these filters." : "There are no entries on this page."}
        </p>
      ) : (
        <Table
          caption={
            <>
              {filtered ? "Matching entries" : "All entries"}
              {pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}
            </>
          }
          scroll="Entries"
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              header: "Reference",
              cell: (row) => (
                <Link className="govuk-link" to={`/staff/entries/${row.reference}`}>
                  {row.reference}
                </Link>
              ),
            },
            {
              header: "Title",
              cell: (row) => (
                <>
                  {row.title || "No title yet"}
                  {row.duplicateOf.length ? (
                    <>
                      <br />
                      <Tag colour="govuk-tag--orange">Possible duplicate</Tag>
                      <span className="govuk-body-s"> of {row.duplicateOf.join(", ")}</span>
                    </>
                  ) : null}
                </>
              ),
            },
            { header: "Organisation", cell: (row) => row.organisationName },
            { header: "Priority area", cell: (row) => row.priorityArea ?? "Not chosen yet" },
            {
              header: "Status",
              cell: (row) => (
                <EntryStatusTag status={row.status}>
                  {options.statuses.find((s) => s.value === row.status)?.label ?? row.status}
                </EntryStatusTag>
              ),
            },
            {
              header: "Submitted",
              cell: (row) => (row.submittedAt ? formatDateTime(new Date(row.submittedAt)) : "Not submitted"),
            },
          ]}
        />
      )}
      <Pagination
        page={page}
        count={pageCount}
        hrefFor={(p) => pageHref(location.pathname, location.search, p)}
        label="Pages of entries"
      />

      <h2 className="govuk-heading-m govuk-!-margin-top-6">Counts</h2>
      <p className="govuk-body">
        Of the {counts.total === 1 ? "1 entry" : `${counts.total} entries`}
        {filtered ? " matching these filters" : ""}. An entry working in several council areas counts once in each.
      </p>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <CountTable
            caption="By status"
            heading="Status"
            rows={counts.byStatus.map((s) => ({
              key: s.status,
              label: s.label,
              count: s.count,
              href: listHref({ status: s.status }),
            }))}
          />
          <CountTable
            caption="By priority area"
            heading="Priority area"
            rows={counts.byPriorityArea.map((a) => ({
              key: String(a.id),
              label: a.name,
              count: a.count,
              href: a.id ? listHref({ area: a.id }) : null,
            }))}
          />
        </div>
        <div className="govuk-grid-column-one-half">
          <CountTable
            caption="By council area"
            heading="Council"
            empty="No entry has named a council area yet."
            rows={counts.byCouncil.map((c) => ({
              key: c.code,
              label: c.name,
              count: c.count,
              href: listHref({ council: c.code }),
            }))}
          />
        </div>
      </div>
    </>
  );
}

function CountTable({
  caption,
  heading,
  rows,
  empty,
}: {
  caption: string;
  heading: string;
  rows: { key: string; label: string; count: number; href: string | null }[];
  empty?: string;
}) {
  if (rows.length === 0) {
    return (
      <>
        <h3 className="govuk-heading-s">{caption}</h3>
        <p className="govuk-body">{empty ?? "None."}</p>
      </>
    );
  }
  return (
    <Table
      caption={caption}
      captionSize="s"
      smallText
      rows={rows}
      rowKey={(row) => row.key}
      columns={[
        {
          header: heading,
          rowHeader: true,
          cell: (row) =>
            row.href && row.count > 0 ? (
              <Link className="govuk-link" to={row.href}>
                {row.label}
              </Link>
            ) : (
              row.label
            ),
        },
        { header: "Entries", numeric: true, cell: (row) => row.count },
      ]}
    />
  );
}

export const ErrorBoundary = RouteErrorBoundary;
