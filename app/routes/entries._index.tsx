import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireUser } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { TableScroll } from "../components/TableScroll";
import { ENTRY_STATUS_LABELS, UNSUBMITTED_CHANGES } from "../domain/entry-sections";
import { requestNow } from "../services/platform/clock.server";
import { listEntries } from "../services/entries/entries.server";

// /entries: the organisation's entries with their status, and the way to start a new one.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, matches }) => [
  { title: pageTitle("Your entries", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  return listEntries(actorFrom(user, args), requestNow(args.request));
}

export default function Entries() {
  const { organisationName, entries, startRefusal, hasOrganisation } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {organisationName ? <span className="govuk-caption-l">{organisationName}</span> : null}
        <h1 className="govuk-heading-l">Your entries</h1>
        {!hasOrganisation ? (
          <>
            <p className="govuk-body">
              Entries belong to an organisation, so that colleagues can work on them together. Before you start an
              entry, create your organisation, or ask a colleague to invite you to theirs.
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/organisation">
                Set up your organisation
              </Link>
            </p>
          </>
        ) : startRefusal ? (
          <div className="govuk-inset-text">{startRefusal}</div>
        ) : (
          <Link to="/entries/new" className="govuk-button" data-module="govuk-button" role="button" draggable="false">
            Start a new entry
          </Link>
        )}
        {entries.length ? (
          <TableScroll label="Your organisation's entries">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">
                {entries.length === 1 ? "1 entry" : `${entries.length} entries`}
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Entry
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Reference
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Status
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Last changed
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {entries.map((entry) => (
                  <tr className="govuk-table__row" key={entry.reference}>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={`/entries/${entry.reference}`}>
                        {entry.title || "Untitled entry"}
                      </Link>
                      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                        {entry.challengeTitle}
                      </span>
                    </td>
                    <td className="govuk-table__cell">{entry.reference}</td>
                    <td className="govuk-table__cell">
                      <strong className={`govuk-tag ${ENTRY_STATUS_LABELS[entry.status].tag}`}>
                        {ENTRY_STATUS_LABELS[entry.status].text}
                      </strong>
                      {entry.unsubmittedChanges ? (
                        <strong className="govuk-tag govuk-tag--yellow govuk-!-margin-top-1">
                          {UNSUBMITTED_CHANGES}
                        </strong>
                      ) : null}
                    </td>
                    <td className="govuk-table__cell">{entry.updatedAtText}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : hasOrganisation ? (
          <p className="govuk-body">Your organisation has not started any entries yet.</p>
        ) : null}
        {entries.length ? (
          <p className="govuk-body">
            Once results are published, any prize your organisation wins is in{" "}
            <Link className="govuk-link" to="/awards">
              your awards
            </Link>
            .
          </p>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
