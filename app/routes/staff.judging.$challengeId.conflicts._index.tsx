import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { JudgingBreadcrumbs } from "../components/JudgingNav";
import { Table } from "../components/Table";
import { pageTitle } from "../components/page-title";
import { formatDate, formatDateTime } from "../domain/time";
import { conflictsRegister, idParam } from "../services/judging/rounds.server";

// /staff/judging/:challengeId/conflicts: the register of judges' conflicts of interest, declared
// by the judges or found from their affiliations — the public-body equivalent of a board's
// register of declarations of interest — and who has completed their declaration.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Register of conflicts of interest", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return conflictsRegister(actorFrom(user, args), idParam(args.params.challengeId));
}

export default function ConflictsRegister() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <JudgingBreadcrumbs challengeId={page.challengeId} challengeTitle={page.challengeTitle} />
      <span className="govuk-caption-l">{page.challengeTitle}</span>
      <h1 className="govuk-heading-l">Register of conflicts of interest</h1>
      <p className="govuk-body">
        Every conflict of interest for this challenge: declared by a judge, with their reason, or found automatically
        because a judge&apos;s affiliation matches an entrant organisation or its council. A judge is never given an
        entry from an organisation they have a conflict with.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/staff/judging/${page.challengeId}/conflicts.csv`} download>
          Download the register (CSV)
        </a>
      </p>
      {page.rows.length ? (
        <Table
          scroll
          caption={page.rows.length === 1 ? "1 conflict" : `${page.rows.length} conflicts`}
          rows={page.rows}
          rowKey={(_, i) => i}
          columns={[
            { header: "Judge", cell: (r) => r.judgeName },
            { header: "Organisation", cell: (r) => r.organisation },
            {
              header: "Source",
              cell: (r) => (r.source === "declared" ? "Declared by the judge" : "Found from affiliations"),
            },
            { header: "Reason", cell: (r) => r.reason },
            { header: "Date", cell: (r) => formatDate(new Date(r.declaredAt)) },
          ]}
        />
      ) : (
        <p className="govuk-body">No conflicts have been declared or found.</p>
      )}
      <h2 className="govuk-heading-m">Declarations completed</h2>
      {page.declarations.length ? (
        <ul className="govuk-list">
          {page.declarations.map((d, i) => (
            <li key={i}>
              {d.name}: {formatDateTime(new Date(d.completedAt))}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No judge has completed a declaration yet.</p>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
