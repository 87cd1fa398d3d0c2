import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { Tag } from "../components/StatusTag";
import { Table } from "../components/Table";
import { londonToday } from "../domain/milestones";
import { formatPence } from "../domain/money";
import { listSupportPlans } from "../services/awards/support-plans.server";
import { waitingSupportRequests } from "../services/awards/support-requests.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/support: every winner with a support cap (the top 3 of each challenge), with what has
// been spent against the cap, what remains, and whether their milestones are on track.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Support for winners", error, matches) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  return {
    plans: await listSupportPlans(actor, londonToday(requestNow(args.request))),
    waiting: await waitingSupportRequests(actor),
  };
}

export default function SupportPlans() {
  const { plans, waiting } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ href: "/staff", text: "Programme staff" }]} />
      <h1 className="govuk-heading-l">Support for winners</h1>
      <p className="govuk-body">
        The top 3 ideas get support, investment and coaching up to their cap. Open a winner&apos;s plan to record
        support, milestones and notes.
      </p>
      <h2 className="govuk-heading-m">Requests waiting for a decision</h2>
      {waiting.length === 0 ? (
        <p className="govuk-body">No winner is waiting for a decision on a request for support.</p>
      ) : (
        <Table
          caption="Requests waiting for a decision"
          captionSize="s"
          hideCaption
          scroll
          rows={waiting}
          rowKey={({ request }) => request.id}
          columns={[
            {
              header: "Winner",
              rowHeader: true,
              cell: ({ award, request }) => (
                <Link className="govuk-link" to={`/staff/support/${award.awardId}/requests/${request.id}`}>
                  {award.organisationName}
                  <span className="govuk-visually-hidden">: decide on their request</span>
                </Link>
              ),
            },
            { header: "Support", cell: ({ request }) => `${request.kindLabel}: ${request.description}` },
            { header: "Cost", numeric: true, cell: ({ request }) => formatPence(request.costPence) },
          ]}
        />
      )}
      <h2 className="govuk-heading-m">Support plans</h2>
      {plans.length === 0 ? (
        <p className="govuk-body">No winner has a support cap yet. Plans appear here once awards are made.</p>
      ) : (
        <Table
          caption="Winners with a support plan"
          scroll
          rows={plans}
          rowKey={(plan) => plan.award.awardId}
          columns={[
            {
              header: "Winner",
              rowHeader: true,
              cell: ({ award }) => (
                <>
                  <Link className="govuk-link" to={`/staff/support/${award.awardId}`}>
                    {award.organisationName}
                  </Link>
                  <br />
                  <span className="govuk-body-s">
                    {award.entryReference}: {award.entryTitle}. {award.challengeTitle}
                  </span>
                </>
              ),
            },
            { header: "Cap", numeric: true, cell: ({ position }) => formatPence(position.capPence) },
            { header: "Spent", numeric: true, cell: ({ position }) => formatPence(position.spentPence) },
            { header: "Remaining", numeric: true, cell: ({ position }) => formatPence(position.remainingPence) },
            {
              header: "Milestones",
              cell: ({ milestoneCounts }) =>
                milestoneCounts.total === 0 ? (
                  "None yet"
                ) : (
                  <>
                    {milestoneCounts.onTrack} on track, {milestoneCounts.done} done
                    {milestoneCounts.late > 0 ? (
                      <>
                        {", "}
                        <Tag colour="govuk-tag--red">{milestoneCounts.late} late</Tag>
                      </>
                    ) : (
                      ", none late"
                    )}
                  </>
                ),
            },
            {
              header: "Late or missing reports",
              numeric: true,
              cell: ({ lateReports }) =>
                lateReports > 0 ? <Tag colour="govuk-tag--red">{lateReports} late or missing</Tag> : "None",
            },
          ]}
        />
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
