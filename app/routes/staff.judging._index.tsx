import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { Table } from "../components/Table";
import { judgingChallenges } from "../services/judging/rounds.server";

// /staff/judging: every published challenge with the state of its rounds of judging.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Judging", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return { challenges: await judgingChallenges(actorFrom(user, args)) };
}

export default function JudgingIndex() {
  const { challenges } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <h1 className="govuk-heading-l">Judging</h1>
      <p className="govuk-body">
        Set the rubric, run the rounds of judging, moderate the scores and confirm the shortlist and the winners.
      </p>
      {challenges.length ? (
        <Table
          caption="Challenges"
          scroll
          rows={challenges}
          rowKey={(c) => c.id}
          columns={[
            {
              header: "Challenge",
              cell: (c) => (
                <Link className="govuk-link" to={`/staff/judging/${c.id}`}>
                  {c.title}
                </Link>
              ),
            },
            { header: "Submitted entries", numeric: true, cell: (c) => c.submitted },
            ...[1, 2].map((n) => ({
              header: `Round ${n}`,
              cell: (c: (typeof challenges)[number]) => {
                const r = c.rounds.find((round) => round.number === n);
                return r ? `${r.statusLabel} (${r.submitted} of ${r.assigned} reviews submitted)` : "Not created";
              },
            })),
          ]}
        />
      ) : (
        <p className="govuk-body">No challenge has been published yet.</p>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
