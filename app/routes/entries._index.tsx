import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireUser } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { ENTRY_STATUS_LABELS, UNSUBMITTED_CHANGES } from "../domain/entry-sections";
import { requestNow } from "../services/platform/clock.server";
import { listEntries } from "../services/entries/entries.server";
import { Table } from "../components/Table";
import { InsetText } from "../components/content";
import { Tag } from "../components/StatusTag";

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
          <InsetText>{startRefusal}</InsetText>
        ) : (
          <Link to="/entries/new" className="govuk-button" data-module="govuk-button" role="button" draggable="false">
            Start a new entry
          </Link>
        )}
        {entries.length ? (
          <Table
            caption={entries.length === 1 ? "1 entry" : `${entries.length} entries`}
            scroll="Your organisation's entries"
            rows={entries}
            rowKey={(entry) => entry.reference}
            columns={[
              {
                header: "Entry",
                cell: (entry) => (
                  <>
                    <Link className="govuk-link" to={`/entries/${entry.reference}`}>
                      {entry.title || "Untitled entry"}
                    </Link>
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                      {entry.challengeTitle}
                    </span>
                  </>
                ),
              },
              { header: "Reference", cell: (entry) => entry.reference },
              {
                header: "Status",
                cell: (entry) => (
                  <>
                    <Tag colour={ENTRY_STATUS_LABELS[entry.status].tag}>{ENTRY_STATUS_LABELS[entry.status].text}</Tag>
                    {entry.unsubmittedChanges ? (
                      <Tag colour="govuk-tag--yellow" className="govuk-!-margin-top-1">
                        {UNSUBMITTED_CHANGES}
                      </Tag>
                    ) : null}
                  </>
                ),
              },
              { header: "Last changed", cell: (entry) => entry.updatedAtText },
            ]}
          />
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
