import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { Table } from "../components/Table";
import { formatDateTime } from "../domain/time";
import { requestNow } from "../services/platform/clock.server";
import { previewRetention } from "../services/records/retention.server";

// /staff/retention: what the retention job's next run will remove, rule by rule, from the same
// schedule the job applies and the privacy notice shows. Read only: the job runs by itself.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Keeping and removing records", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return previewRetention(actorFrom(user, args), requestNow(args.request));
}

const THEN = { deleted: "Deleted", pseudonymised: "Name and email replaced" } as const;

export default function RetentionPreviewPage() {
  const { rules, total, lastRunAt, nextRunAt } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Keeping and removing records</h1>
          <p className="govuk-body">
            Every hour the service removes the records it no longer needs, by the schedule below. It is the same
            schedule the{" "}
            <Link className="govuk-link" to="/privacy">
              privacy notice
            </Link>{" "}
            gives the public, so what we promise is what happens. Each run is recorded in the{" "}
            <Link className="govuk-link" to="/staff/audit?action=retention.applied">
              audit log
            </Link>{" "}
            with how many records it removed.
          </p>
          <InsetText>
            <p className="govuk-body">
              {lastRunAt ? `Last run: ${formatDateTime(new Date(lastRunAt))}.` : "It has not run yet."} Next run:{" "}
              {formatDateTime(new Date(nextRunAt))} or soon after.
            </p>
            <p className="govuk-body govuk-!-margin-bottom-0">
              {total === 0
                ? "Nothing is due to be removed."
                : `${total.toLocaleString("en-GB")} ${total === 1 ? "record is" : "records are"} due to be removed.`}
            </p>
          </InsetText>
        </div>
      </div>
      <Table
        caption="What the next run will remove"
        scroll="Retention schedule"
        rows={rules}
        rowKey={(rule) => rule.key}
        columns={[
          { header: "Record", rowHeader: true, cell: (rule) => rule.what },
          { header: "Kept", cell: (rule) => rule.keep },
          { header: "Then", cell: (rule) => THEN[rule.then] },
          { header: "Due now", numeric: true, cell: (rule) => rule.due.toLocaleString("en-GB") },
        ]}
      />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
