import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { ChallengeStatusTag } from "../components/StatusTag";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { TableScroll } from "../components/TableScroll";
import { formatDateTime } from "../domain/time";
import { listChallenges } from "../services/challenges/setup.server";

// /staff/challenge: every challenge, the current one and earlier ones, with their status.

export const meta: MetaFunction = ({ error }) => [{ title: pageTitle("Challenges", error) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenges = await listChallenges({ id: user.id, ip: args.context.ip });
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
            <TableScroll label="All challenges">
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--m">All challenges, newest first</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Challenge
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Status
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Opens
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Closes
                    </th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                      Entries
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {challenges.map((c) => (
                    <tr className="govuk-table__row" key={c.id}>
                      <th scope="row" className="govuk-table__header">
                        <Link className="govuk-link" to={`/staff/challenge/${c.id}`}>
                          {c.title}
                        </Link>
                      </th>
                      <td className="govuk-table__cell">
                        <ChallengeStatusTag status={c.status} />
                      </td>
                      <td className="govuk-table__cell">{c.opensAtText}</td>
                      <td className="govuk-table__cell">{c.closesAtText}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{c.entries}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
