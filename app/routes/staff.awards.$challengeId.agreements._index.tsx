import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { Table } from "../components/Table";
import { idParam } from "../domain/awards";
import { formatDateTime } from "../domain/time";
import { notFound } from "../services/app-error.server";
import { staffAgreementsPage } from "../services/awards/grant-agreements.server";

// /staff/awards/:challengeId/agreements: each award's grant agreement, and where it stands (none
// issued, waiting for the organisation, accepted), with a link to its versions.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Grant agreements", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  if (!challengeId) throw notFound();
  return { page: await staffAgreementsPage(actorFrom(user, args), challengeId) };
}

export default function StaffAgreements() {
  const { page } = useLoaderData<typeof loader>();
  const { challenge, rows, counts } = page;
  const base = `/staff/awards/${challenge.id}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/awards", text: "Awards" },
          { href: base, text: challenge.title },
        ]}
      />
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l">Grant agreements</h1>
      <p className="govuk-body">
        {counts.accepted} accepted, {counts.waiting} waiting for the organisation
        {counts.none ? `, ${counts.none} not issued` : ""}. A payment cannot be approved until the latest version of its
        award&apos;s agreement is accepted.
      </p>
      <p className="govuk-body">
        Each prize tier&apos;s terms are set with the challenge:{" "}
        <Link className="govuk-link" to={`/staff/challenge/${challenge.id}`}>
          change the terms of a tier
        </Link>
        .
      </p>
      <Table
        caption="Awards and their agreements"
        hideCaption
        scroll
        rows={rows}
        rowKey={(r) => r.awardId}
        empty="No awards yet."
        columns={[
          {
            header: "Award",
            rowHeader: true,
            cell: (r) => (
              <Link className="govuk-link" to={`${base}/agreements/${r.awardId}`}>
                {r.reference}: {r.title}
              </Link>
            ),
          },
          { header: "Organisation", cell: (r) => r.organisationName },
          { header: "Prize", cell: (r) => r.tierName },
          {
            header: "Agreement",
            cell: (r) =>
              r.version === null
                ? "Not issued"
                : r.acceptedAt
                  ? `Version ${r.version} accepted by ${r.signatoryName}, ${formatDateTime(new Date(r.acceptedAt))}`
                  : `Version ${r.version} waiting since ${formatDateTime(new Date(r.issuedAt!))}`,
          },
        ]}
      />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
