import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { formatDate } from "../domain/time";
import { listAwardChallenges } from "../services/awards/awards.server";
import { Table } from "../components/Table";

// /staff/awards: each challenge with how far its awards have got; pick one to propose, approve,
// publish, pay and run its masterclasses.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Awards", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return { challenges: await listAwardChallenges(actorFrom(user, args)) };
}

export default function StaffAwards() {
  const { challenges } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <h1 className="govuk-heading-l">Awards</h1>
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
                <Link className="govuk-link" to={`/staff/awards/${c.id}`}>
                  {c.title}
                </Link>
              ),
            },
            { header: "Closed", cell: (c) => formatDate(new Date(c.closesAt)) },
            { header: "Awards", cell: (c) => c.awardsStatus },
          ]}
        />
      ) : (
        <p className="govuk-body">No challenge has opened yet, so there is nothing to award.</p>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
