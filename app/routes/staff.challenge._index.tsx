import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { ChallengeStatusTag } from "../components/StatusTag";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { formatDateTime } from "../domain/time";
import { listChallenges } from "../services/challenges/setup.server";
import { Table } from "../components/Table";

// /staff/challenge: every challenge, the current one and earlier ones, with their status.

export const meta: MetaFunction = ({ error }) => [{ title: pageTitle("Challenges", error) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenges = await listChallenges(actorFrom(user, args));
  return {
    challenges: challenges.map((c) => ({
      ...c,
      opensAtText: formatDateTime(c.opensAt),
      closesAtText: formatDateTime(c.closesAt),
    })),
  };
}

export default function Challenges() {
  const { challenges } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-full">
          <h1 className="govuk-heading-l">Challenges</h1>
          <p className="govuk-body">
            Set up a challenge, preview its page and open it for entries. Only one challenge can be open at a time;
            earlier challenges stay here.
          </p>
          <Link
            to="/staff/challenge/new"
            role="button"
            draggable={false}
            className="govuk-button"
            data-module="govuk-button"
          >
            Create a new challenge
          </Link>
          {challenges.length === 0 ? (
            <p className="govuk-body">There are no challenges yet.</p>
          ) : (
            <Table
              caption="All challenges, newest first"
              scroll="All challenges"
              rows={challenges}
              rowKey={(c) => c.id}
              columns={[
                {
                  header: "Challenge",
                  rowHeader: true,
                  cell: (c) => (
                    <Link className="govuk-link" to={`/staff/challenge/${c.id}`}>
                      {c.title}
                    </Link>
                  ),
                },
                { header: "Status", cell: (c) => <ChallengeStatusTag status={c.status} /> },
                { header: "Opens", cell: (c) => c.opensAtText },
                { header: "Closes", cell: (c) => c.closesAtText },
                { header: "Entries", numeric: true, cell: (c) => c.entries },
              ]}
            />
          )}
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
