import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { staffOverview } from "../services/accounts/roles.server";

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Programme staff", error, matches) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return staffOverview(actorFrom(user, args));
}

export default function StaffDashboard() {
  const { pendingInvitations, awaitingApproval, roleCounts } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">Programme staff</span>
        <h1 className="govuk-heading-l">Run the challenge</h1>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/challenge">
            Challenges
          </Link>
        </h2>
        <p className="govuk-body">
          Set up a challenge and its page, preview it and open it for entries. Earlier challenges are kept here.
        </p>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/entries">
            Entries
          </Link>
        </h2>
        <p className="govuk-body">
          Find, screen and export the entries: decide eligibility, spot possible duplicates and extend an
          organisation&apos;s deadline.
        </p>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/judging">
            Judging
          </Link>
        </h2>
        <p className="govuk-body">
          Set the rubric, choose the judges and run the assignment, follow the scoring, moderate where judges disagree
          and confirm the shortlist and the winners. The register of conflicts of interest is here too.
        </p>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/awards">
            Awards
          </Link>
        </h2>
        <p className="govuk-body">
          Propose the awards from the confirmed judging, approve them (a second member of staff), publish the results,
          track prize payments and run the masterclasses.
        </p>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/support">
            Support for winners
          </Link>
        </h2>
        <p className="govuk-body">
          Each winner&apos;s support plan: coaching, investment and in-kind support against their cap, milestones and
          progress updates.
        </p>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/councils">
            Council take-up
          </Link>
        </h2>
        <p className="govuk-body">
          Which councils are taking which shared ideas forward, and the local initiatives they link them to.
        </p>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/reports">
            Board report
          </Link>
        </h2>
        <p className="govuk-body">
          The programme at a glance for a board paper, ready to print, with each table as a spreadsheet and the awards
          as 360Giving open data.
        </p>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/invitations">
            Invitations
          </Link>
        </h2>
        <p className="govuk-body">
          Invite judges, council officers and other programme staff by email, and see who has accepted.{" "}
          {pendingInvitations === 1
            ? "1 invitation is waiting to be accepted."
            : `${pendingInvitations} invitations are waiting to be accepted.`}
        </p>
        {awaitingApproval > 0 ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/staff/invitations?status=awaiting_approval">
              {awaitingApproval === 1
                ? "1 staff invitation is waiting for a second member of staff to approve it"
                : `${awaitingApproval} staff invitations are waiting for a second member of staff to approve them`}
            </Link>
          </p>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/staff/invitations/new">
            Invite someone
          </Link>
        </p>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/people">
            People and roles
          </Link>
        </h2>
        <p className="govuk-body">Everyone who holds a role in the service, and the roles they hold.</p>
        <ul className="govuk-list govuk-list--bullet">
          {roleCounts.map(({ role, label, count }) => (
            <li key={role}>
              <Link className="govuk-link" to={`/staff/people?role=${role}`}>
                {label}
              </Link>
              : {count}
            </li>
          ))}
        </ul>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/email">
            Email waiting to be sent
          </Link>
        </h2>
        <p className="govuk-body">
          Emails the provider has not accepted yet, and any that failed, with the reason. Send failed ones again.
        </p>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/data-requests">
            Data-rights requests
          </Link>
        </h2>
        <p className="govuk-body">
          Requests about people&apos;s personal data received by email, letter or phone, each with the date it must be
          answered by. Produce a copy of someone&apos;s data from here.
        </p>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/audit">
            Audit log
          </Link>
        </h2>
        <p className="govuk-body">
          A record of sign-ins, invitations and changes to roles, newest first. It cannot be changed.
        </p>

        <h2 className="govuk-heading-m">
          <Link className="govuk-link" to="/staff/retention">
            Keeping and removing records
          </Link>
        </h2>
        <p className="govuk-body">
          How long each kind of record is kept, and what the hourly retention job will remove next.
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
