import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { JudgingBreadcrumbs } from "../components/JudgingNav";
import { pageTitle } from "../components/page-title";
import { formatDate, formatDateTime } from "../domain/time";
import { conflictsRegister, idParam } from "../services/judging-rounds.server";

// /staff/judging/:challengeId/conflicts: the register of judges' conflicts of interest, declared
// by the judges or found from their affiliations — the public-body equivalent of a board's
// register of declarations of interest — and who has completed their declaration.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Register of conflicts of interest", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return conflictsRegister({ id: user.id, ip: args.context.ip }, idParam(args.params.challengeId));
}

export default function ConflictsRegister() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <JudgingBreadcrumbs challengeId={page.challengeId} challengeTitle={page.challengeTitle} />
      <span className="govuk-caption-l">{page.challengeTitle}</span>
      <h1 className="govuk-heading-l">Register of conflicts of interest</h1>
      <p className="govuk-body">
        Every conflict of interest for this challenge: declared by a judge, with their reason, or found automatically because a
        judge&apos;s affiliation matches an entrant organisation or its council. A judge is never given an entry from an organisation they
        have a conflict with.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/staff/judging/${page.challengeId}/conflicts.csv`} download>
          Download the register (CSV)
        </a>
      </p>
      {page.rows.length ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {page.rows.length === 1 ? "1 conflict" : `${page.rows.length} conflicts`}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Judge
              </th>
              <th scope="col" className="govuk-table__header">
                Organisation
              </th>
              <th scope="col" className="govuk-table__header">
                Source
              </th>
              <th scope="col" className="govuk-table__header">
                Reason
              </th>
              <th scope="col" className="govuk-table__header">
                Date
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {page.rows.map((r, i) => (
              <tr className="govuk-table__row" key={i}>
                <td className="govuk-table__cell">{r.judgeName}</td>
                <td className="govuk-table__cell">{r.organisation}</td>
                <td className="govuk-table__cell">{r.source === "declared" ? "Declared by the judge" : "Found from affiliations"}</td>
                <td className="govuk-table__cell">{r.reason}</td>
                <td className="govuk-table__cell">{formatDate(new Date(r.declaredAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
