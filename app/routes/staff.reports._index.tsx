import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { BarChart } from "../components/BarChart";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, Select } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { Table, type TableColumn } from "../components/Table";
import { formatCalendarDate, londonToday } from "../domain/milestones";
import { formatPence } from "../domain/money";
import { formatDate } from "../domain/time";
import { challengeParam, loadBoardReport, type ReportTable } from "../services/reports/board-report.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/reports: the programme at a glance for a board paper. Each part is a chart drawn on the
// server (SVG, so it shows without JavaScript and prints) with its figures in a table beside it,
// and a CSV download of that table. The print stylesheet (app/styles/_report.scss) leaves out
// the header, navigation, footer and the controls, so the page prints as a clean report.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Board report", error, matches) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenge = challengeParam(new URL(args.request.url));
  const report = await loadBoardReport(actorFrom(user, args), challenge, londonToday(requestNow(args.request)));
  return { report };
}

function cell(value: string | number, kind: ReportTable["columns"][number]["kind"]): string {
  if (kind === "money") return formatPence(Number(value));
  if (kind === "count") return Number(value).toLocaleString("en-GB");
  return String(value);
}

function ReportSection({ table, challengeId }: { table: ReportTable; challengeId: number }) {
  const headingId = `report-${table.key}`;
  return (
    <section className="app-report-section" aria-labelledby={headingId}>
      <h2 className="govuk-heading-m" id={headingId}>
        {table.title}
      </h2>
      <p className="govuk-body">{table.description}</p>
      {table.rows.length === 0 ? (
        <p className="govuk-body">{table.empty}</p>
      ) : (
        <>
          {table.chart ? (
            <BarChart
              id={`chart-${table.key}`}
              title={`Chart: ${table.title}`}
              description={`${table.description} The same figures are in the table that follows.`}
              series={table.chart.series.map((s) => ({ name: s.name }))}
              rows={table.rows.map((row) => ({
                label: String(row[0]),
                values: table.chart!.series.map((s) => Number(row[s.column] ?? 0)),
              }))}
              unit={table.chart.unit}
            />
          ) : null}
          <Table
            caption={`Table: ${table.title}`}
            hideCaption
            smallText
            scroll={table.title}
            rows={table.rows.map((values) => ({ values, total: false }))}
            footRows={table.totals ? [{ values: table.totals, total: true }] : []}
            rowKey={(_, r) => r}
            columns={table.columns.map((column, c): TableColumn<{ values: (string | number)[]; total: boolean }> => ({
              header: column.heading,
              numeric: column.kind !== "text",
              rowHeader: c === 0,
              // The totals row's figures are bold.
              cell: (row) =>
                row.total && c > 0 ? (
                  <strong>{cell(row.values[c]!, column.kind)}</strong>
                ) : (
                  cell(row.values[c]!, column.kind)
                ),
            }))}
          />
        </>
      )}
      <p className="govuk-body app-no-print">
        <a className="govuk-link" href={`/staff/reports/${table.key}.csv?challenge=${challengeId}`} download>
          Download this table as a spreadsheet (CSV)<span className="govuk-visually-hidden"> for {table.title}</span>
        </a>
      </p>
    </section>
  );
}

export default function BoardReportPage() {
  const { report } = useLoaderData<typeof loader>();
  if (!report) {
    return (
      <>
        <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
        <h1 className="govuk-heading-l">Board report</h1>
        <p className="govuk-body">No challenge has been set up yet, so there is nothing to report.</p>
      </>
    );
  }
  const { challenge, challenges, today, tables } = report;
  const status = challenge.resultsPublishedAt
    ? `Results published on ${formatDate(new Date(challenge.resultsPublishedAt))}.`
    : challenge.awardListStatus
      ? `Awards ${challenge.awardListStatus === "approved" ? "approved, not yet published" : "proposed, not yet approved"}.`
      : "No awards have been proposed yet.";
  return (
    <div className="app-report">
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l">Board report</h1>
      <p className="govuk-body">
        The programme at a glance, as at {formatCalendarDate(today)}. {status}
      </p>

      <Form method="get" className="app-no-print govuk-!-margin-bottom-6" aria-label="Choose a challenge">
        <Select
          name="challenge"
          label="Challenge"
          defaultValue={String(challenge.id)}
          options={challenges.map((c) => ({ value: String(c.id), text: c.title }))}
        />
        <Button variant="secondary" preventDoubleClick={false}>
          Show report
        </Button>
      </Form>

      <div className="app-no-print">
        <h2 className="govuk-heading-s">Open data</h2>
        <p className="govuk-body">
          The published awards in the 360Giving Data Standard, for the authority to publish as open data:{" "}
          <a className="govuk-link" href={`/staff/reports/360giving.json?challenge=${challenge.id}`} download>
            JSON
          </a>{" "}
          or{" "}
          <a className="govuk-link" href={`/staff/reports/360giving.csv?challenge=${challenge.id}`} download>
            spreadsheet (CSV)
          </a>
          .
        </p>
      </div>

      {tables.map((table) => (
        <ReportSection key={table.key} table={table} challengeId={challenge.id} />
      ))}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
