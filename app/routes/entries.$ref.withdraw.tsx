import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { actorFrom, requireUser } from "../auth/guards.server";
import { InsetText, Panel, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { parseEntryReference } from "../domain/entry-reference";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { requestNow } from "../services/platform/clock.server";
import { entryOverview, withdrawEntry } from "../services/entries/entries.server";

// /entries/:ref/withdraw: confirm withdrawing the entry; once withdrawn, the same address is the
// confirmation page, so reloading or coming back shows where things stand.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, data: loaderData, matches }) => [
  {
    title: pageTitle(
      loaderData?.header.status === "withdrawn" ? "Entry withdrawn" : "Are you sure you want to withdraw this entry?",
      error,
      matches,
    ),
  },
];

// A refused withdrawal (a 4xx) must still show the entry as it is now.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" || defaultShouldRevalidate;

function referenceFrom(params: { ref?: string }): string {
  const reference = parseEntryReference(params.ref);
  if (!reference) throw notFound();
  return reference;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const overview = await entryOverview(actorFrom(user, args), referenceFrom(args.params), requestNow(args.request));
  return { header: overview.header };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const reference = referenceFrom(args.params);
  const result = await attempt(withdrawEntry(actorFrom(user, args), { reference }, requestNow(args.request)));
  if (!result.ok) return formError(result.error, {});
  // Withdrawn now or already: this address is the confirmation page.
  return redirect(`/entries/${reference}/withdraw`);
}

export default function Withdraw() {
  const { header } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/entries/${header.reference}`;
  if (header.status === "withdrawn") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Panel title="Entry withdrawn">
            Reference
            <br />
            <strong>{header.reference}</strong>
          </Panel>
          <p className="govuk-body">
            ‘{header.title}’ was withdrawn on {header.withdrawnAtText}. It will not be judged, and it will not be shared
            with councils.
          </p>
          {header.open ? (
            <p className="govuk-body">If you change your mind, you can submit it again before {header.closesAtText}.</p>
          ) : null}
          <p className="govuk-body">
            <Link className="govuk-link" to="/entries">
              Go to your entries
            </Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={base} className="govuk-back-link">
          Back to your entry
        </Link>
        <ErrorSummary errors={actionData?.errors} />
        <span className="govuk-caption-l">
          {header.reference} · {header.title || "Your entry"}
        </span>
        <h1 className="govuk-heading-l">Are you sure you want to withdraw this entry?</h1>
        {header.canWithdraw ? (
          <>
            <p className="govuk-body">
              A withdrawn entry is not judged and is not shared with councils. Its answers are kept, and you can submit
              it again before {header.closesAtText}.
            </p>
            <WarningText>After the closing time, a withdrawn entry cannot be submitted again.</WarningText>
            <Form method="post" noValidate>
              <div className="govuk-button-group">
                <Button variant="warning">Withdraw entry</Button>
                <Link className="govuk-link" to={base}>
                  Cancel
                </Link>
              </div>
            </Form>
          </>
        ) : (
          <InsetText>
            {header.lockMessage ??
              `This entry can no longer be withdrawn here. Contact the programme team if you need to withdraw it.`}
          </InsetText>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
