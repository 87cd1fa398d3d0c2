import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { challengeForStaff, challengeIdParam, closeChallenge } from "../services/challenges/setup.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/challenge/:id/close: marks an open challenge closed once its closing time has passed,
// so that the next one can be opened. It does not end entries early.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Close the challenge", error, matches) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenge = await challengeForStaff(actorFrom(user, args), challengeIdParam(args.params.id));
  const now = requestNow(args.request);
  return {
    id: challenge.id,
    title: challenge.title,
    status: challenge.status,
    closesAtText: formatDateTime(challenge.closesAt),
    closingTimePassed: challenge.closesAt.getTime() <= now.getTime(),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const id = challengeIdParam(args.params.id);
  const result = await attempt(closeChallenge(actorFrom(user, args), id, requestNow(args.request)));
  if (!result.ok) return formError(result.error, {});
  return redirect(`/staff/challenge/${id}?notice=closed`);
}

export default function CloseChallenge() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/staff/challenge/${page.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={base} className="govuk-back-link">
          Back to the challenge
        </Link>
        <ErrorSummary errors={actionData?.errors as Record<string, string> | undefined} />
        <span className="govuk-caption-l">{page.title}</span>
        <h1 className="govuk-heading-l">Close the challenge</h1>
        {page.status !== "open" ? (
          <p className="govuk-body">Only an open challenge can be closed.</p>
        ) : !page.closingTimePassed ? (
          <p className="govuk-body">
            Entries are open until {page.closesAtText}. You can close the challenge after that. To end entries earlier,{" "}
            <Link className="govuk-link" to={`${base}/dates`}>
              change the closing time
            </Link>
            .
          </p>
        ) : (
          <>
            <p className="govuk-body">
              Entries closed at {page.closesAtText}. Closing the challenge takes it off the challenge page, so that the
              next challenge can be opened. Its entries and judging are not affected.
            </p>
            <Form method="post">
              <Button>Close the challenge</Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
