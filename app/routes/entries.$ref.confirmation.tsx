import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireUser } from "../auth/guards.server";
import { Panel } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { parseEntryReference } from "../domain/entry-reference";
import { notFound } from "../services/app-error.server";
import { requestNow } from "../services/platform/clock.server";
import { confirmationPage } from "../services/entries/entries.server";

// /entries/:ref/confirmation: the GOV.UK confirmation page after submitting, with the reference.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, data: loaderData, matches }) => [
  { title: pageTitle(loaderData?.resubmission ? "Changes submitted" : "Entry submitted", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const reference = parseEntryReference(args.params.ref);
  if (!reference) throw notFound();
  return confirmationPage(actorFrom(user, args), reference, requestNow(args.request));
}

export default function Confirmation() {
  const { reference, title, submittedAtText, receiptTo, resubmission, closesAtText } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Panel title={resubmission ? "Changes submitted" : "Entry submitted"}>
          Your reference number
          <br />
          <strong>{reference}</strong>
        </Panel>
        <p className="govuk-body">
          We received ‘{title}’ at {submittedAtText}.
          {receiptTo ? ` We have sent a copy of what was submitted to ${receiptTo}.` : null}
        </p>
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          The programme team will check that the entry is eligible and tell you if it is not. After the closing time,
          judges will score the entries. The results will be announced on the challenge page.
        </p>
        <p className="govuk-body">
          You can change or withdraw the entry until {closesAtText}. If you change it, submit it again for the judges to
          see your changes.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/entries/${reference}`}>
            Go to your entry
          </Link>
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/entries">
            Go to your entries
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
