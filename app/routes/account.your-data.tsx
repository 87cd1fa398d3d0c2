import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireUser } from "../auth/guards.server";
import { InsetText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { PersonalDataView, PrintLink } from "../components/PersonalDataView";
import { formatDateTime } from "../domain/time";
import { ownPersonalData } from "../services/records/personal-data.server";

// /account/your-data: everything the service holds about the signed-in person (the right of
// access, decision 052), as a page they can read and print, with the same as a JSON file
// (/account/your-data.json). Any signed-in person may see their own.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Your data", error, matches) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const data = await ownPersonalData(actorFrom(user, args));
  return { data };
}

export default function YourData() {
  const { data } = useLoaderData<typeof loader>();
  return (
    <div className="app-report">
      <Link to="/account" className="govuk-back-link app-no-print">
        Back to your account
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">Your data</h1>
          <p className="govuk-body">
            This is everything this service holds about you, as it stood at {formatDateTime(new Date(data.producedAt))}.
            It is yours to keep.
          </p>
          <PrintLink />
          <p className="govuk-body app-no-print">
            <a className="govuk-link" href="/account/your-data.json" download>
              Download as JSON
            </a>{" "}
            (a file a computer can read, for moving your data elsewhere).
          </p>
          <InsetText>
            To correct something, change it in your account or ask the programme staff. To have your account deleted,
            see{" "}
            <Link className="govuk-link" to="/privacy">
              the privacy notice
            </Link>{" "}
            for what we keep and why.
          </InsetText>
        </div>
      </div>
      <PersonalDataView data={data} />
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
