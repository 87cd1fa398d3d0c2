import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { TableScroll } from "../components/TableScroll";
import { formatDate } from "../domain/time";
import { listAwardChallenges } from "../services/awards/awards.server";

// /staff/awards: each challenge with how far its awards have got; pick one to propose, approve,
// publish, pay and run its masterclasses.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Awards", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "staff");
  return { challenges: await listAwardChallenges() };
}

export default function StaffAwards() {
  const { challenges } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <h1 className="govuk-heading-l">Awards</h1>
      {challenges.length ? (
        <TableScroll label="Challenges">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Challenges</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Challenge
                </th>
                <th scope="col" className="govuk-table__header">
                  Closed
                </th>
                <th scope="col" className="govuk-table__header">
                  Awards
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {challenges.map((c) => (
                <tr className="govuk-table__row" key={c.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/staff/awards/${c.id}`}>
                      {c.title}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{formatDate(new Date(c.closesAt))}</td>
                  <td className="govuk-table__cell">{c.awardsStatus}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="govuk-body">No challenge has opened yet, so there is nothing to award.</p>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
