import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { TableScroll } from "../components/TableScroll";
import { londonToday } from "../domain/milestones";
import { formatPence } from "../domain/money";
import { listSupportPlans } from "../services/awards/support-plans.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/support: every winner with a support cap (the top 3 of each challenge), with what has
// been spent against the cap, what remains, and whether their milestones are on track.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Support for winners", error, matches) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return { plans: await listSupportPlans(actorFrom(user, args), londonToday(requestNow(args.request))) };
}

export default function SupportPlans() {
  const { plans } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <h1 className="govuk-heading-l">Support for winners</h1>
      <p className="govuk-body">
        The top 3 ideas get support, investment and coaching up to their cap. Open a winner&apos;s plan to record
        support, milestones and notes.
      </p>
      {plans.length === 0 ? (
        <p className="govuk-body">No winner has a support cap yet. Plans appear here once awards are made.</p>
      ) : (
        <TableScroll label="Winners with a support plan">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Winners with a support plan</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Winner
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Cap
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Spent
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Remaining
                </th>
                <th scope="col" className="govuk-table__header">
                  Milestones
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {plans.map(({ award, position, milestoneCounts }) => (
                <tr className="govuk-table__row" key={award.awardId}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/staff/support/${award.awardId}`}>
                      {award.organisationName}
                    </Link>
                    <br />
                    <span className="govuk-body-s">
                      {award.entryReference}: {award.entryTitle}. {award.challengeTitle}
                    </span>
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(position.capPence)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(position.spentPence)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">
                    {formatPence(position.remainingPence)}
                  </td>
                  <td className="govuk-table__cell">
                    {milestoneCounts.total === 0 ? (
                      "None yet"
                    ) : (
                      <>
                        {milestoneCounts.onTrack} on track, {milestoneCounts.done} done
                        {milestoneCounts.late > 0 ? (
                          <>
                            {", "}
                            <strong className="govuk-tag govuk-tag--red">{milestoneCounts.late} late</strong>
                          </>
                        ) : (
                          ", none late"
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
