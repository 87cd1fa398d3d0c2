import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { RetentionSchedule } from "../components/RetentionSchedule";
import { currentRetentionSchedule } from "../services/records/retention.server";

export const meta: MetaFunction = () => [{ title: "Privacy notice - Community Recovery Innovation Challenge" }];

// "How long we keep it" is drawn from the schedule the retention job applies, so the promise
// made here is what the service does.
export function loader() {
  return { retention: currentRetentionSchedule() };
}

export default function Privacy() {
  const { retention } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Privacy notice</h1>
        <p className="govuk-body">
          The combined authority running this challenge is the data controller for the personal information you give us
          through this service.
        </p>
        <h2 className="govuk-heading-m">What we collect</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>your name and email address, to give you an account and contact you about the challenge</li>
          <li>your organisation&apos;s details, to check it is eligible and to pay any prize</li>
          <li>the ideas you submit, so that independent judges can assess them</li>
          <li>a record of sign-ins and important actions, to keep the service secure and accountable</li>
        </ul>
        <h2 className="govuk-heading-m">Who we share it with</h2>
        <p className="govuk-body">
          Judges see the ideas assigned to them. After the results are announced we share ideas with the region&apos;s
          councils only where your organisation consented to it when submitting, so that councils can take ideas
          forward. We never sell your information.
        </p>
        <h2 className="govuk-heading-m">How long we keep it</h2>
        <p className="govuk-body">
          We keep submitted entries and award records for 7 years after the challenge closes, as public bodies must for
          spending records. A submitted entry belongs to the organisation that entered it, so it stays with the
          organisation. You can delete your account at any time (see your rights, below); records we must keep, such as
          an award and its payments and the record of who did what in the service, then point to an anonymous name
          instead of yours.
        </p>
        <p className="govuk-body">
          Everything else is kept only as long as the table says. The service removes each record by itself when its
          time is up, every hour.
        </p>
        <RetentionSchedule rules={retention} />
        <h2 className="govuk-heading-m">Your rights</h2>
        <p className="govuk-body">
          You can have a copy of your information, correct it, have it deleted, change your mind about sharing your idea
          with councils, or complain to the Information Commissioner&apos;s Office (ICO). Signed in, you can do most of
          this yourself:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            correct your{" "}
            <Link className="govuk-link" to="/account/name">
              name
            </Link>{" "}
            or{" "}
            <Link className="govuk-link" to="/account/email">
              email address
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to="/account/erase">
              delete your account
            </Link>
          </li>
          <li>
            stop or restart sharing a submitted idea with councils, or letting them contact you, from the idea&apos;s
            page in{" "}
            <Link className="govuk-link" to="/entries">
              your entries
            </Link>
          </li>
        </ul>
        <p className="govuk-body">
          To get a copy of your information, sign in and go to{" "}
          <Link className="govuk-link" to="/account/your-data">
            your data
          </Link>
          , where you can read it, print it or download it as a file; or write to the programme staff, who will answer
          within one month.
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
