import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { SummaryList, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { challengeForStaff, challengeIdParam, openChallenge, openingCheck } from "../services/challenges/setup.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/challenge/:id/open: publishes a draft challenge. What stops it (another challenge is
// open, the closing time has passed, no priority areas or prizes) is listed before anyone presses
// the button, and checked again when they do.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Open the challenge", error, matches) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const id = challengeIdParam(args.params.id);
  const [challenge, check] = await Promise.all([
    challengeForStaff(actor, id),
    openingCheck(actor, id, requestNow(args.request)),
  ]);
  return {
    id: challenge.id,
    title: challenge.title,
    opensAtText: formatDateTime(challenge.opensAt),
    closesAtText: formatDateTime(challenge.closesAt),
    areas: challenge.items.areas.length,
    prizes: challenge.items.prizes.length,
    criteria: challenge.criteria.length,
    faqs: challenge.items.faq.length,
    problems: check.problems,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const id = challengeIdParam(args.params.id);
  const result = await attempt(openChallenge(actorFrom(user, args), id, requestNow(args.request)));
  if (!result.ok) return formError(result.error, {});
  return redirect(`/staff/challenge/${id}?notice=opened`);
}

export default function OpenChallenge() {
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
        <h1 className="govuk-heading-l">Open the challenge</h1>
        {page.problems.length ? (
          <>
            <p className="govuk-body">You cannot open this challenge yet:</p>
            <ul className="govuk-list govuk-list--bullet">
              {page.problems.map((problem) => (
                <li key={problem}>{problem}.</li>
              ))}
            </ul>
            <p className="govuk-body">
              <Link className="govuk-link" to={base}>
                Go back to the challenge set-up
              </Link>
            </p>
          </>
        ) : (
          <>
            <p className="govuk-body">
              Opening the challenge publishes it: the challenge page will show it to everyone, and organisations can
              enter between the opening and closing times.
            </p>
            <SummaryList
              rows={[
                { key: "Entries open", value: page.opensAtText },
                { key: "Entries close", value: page.closesAtText },
                { key: "Priority areas", value: String(page.areas) },
                { key: "Prize tiers", value: String(page.prizes) },
                {
                  key: "Judging criteria",
                  value: page.criteria ? String(page.criteria) : "None yet: add them before judging starts",
                },
                { key: "Questions and answers", value: String(page.faqs) },
              ]}
            />
            <p className="govuk-body">
              <Link className="govuk-link" to={`${base}/preview`}>
                Preview the challenge page
              </Link>{" "}
              before you open it.
            </p>
            <WarningText>After opening, every change to the challenge is recorded in the audit log.</WarningText>
            <Form method="post">
              <Button>Open the challenge</Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
