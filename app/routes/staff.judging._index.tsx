import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { TableScroll } from "../components/TableScroll";
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
        <TableScroll label="Challenges">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Challenges</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Challenge
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Submitted entries
                </th>
                <th scope="col" className="govuk-table__header">
                  Round 1
                </th>
                <th scope="col" className="govuk-table__header">
                  Round 2
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {challenges.map((c) => {
                const round = (n: number) => c.rounds.find((r) => r.number === n);
                return (
                  <tr className="govuk-table__row" key={c.id}>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={`/staff/judging/${c.id}`}>
                        {c.title}
                      </Link>
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{c.submitted}</td>
                    {[1, 2].map((n) => {
                      const r = round(n);
                      return (
                        <td className="govuk-table__cell" key={n}>
                          {r ? `${r.statusLabel} (${r.submitted} of ${r.assigned} reviews submitted)` : "Not created"}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="govuk-body">No challenge has been published yet.</p>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
