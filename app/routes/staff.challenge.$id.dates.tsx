import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { DateTimeFields } from "../components/DateTimeFields";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { DATES_ORDER, datesSchema } from "../domain/challenge-setup";
import { parseForm } from "../domain/forms";
import { instantToParts } from "../domain/london-date-input";
import { attempt, formError } from "../security/app-error-responses.server";
import { challengeForStaff, challengeIdParam, updateChallengeDates } from "../services/challenges/setup.server";

// /staff/challenge/:id/dates: when entries open and close, entered and shown in UK time.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Opening and closing times", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenge = await challengeForStaff(actorFrom(user, args), challengeIdParam(args.params.id));
  const opens = instantToParts(challenge.opensAt);
  const closes = instantToParts(challenge.closesAt);
  return {
    id: challenge.id,
    title: challenge.title,
    status: challenge.status,
    values: {
      opensDay: opens.day,
      opensMonth: opens.month,
      opensYear: opens.year,
      opensTime: opens.time,
      closesDay: closes.day,
      closesMonth: closes.month,
      closesYear: closes.year,
      closesTime: closes.time,
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const id = challengeIdParam(args.params.id);
  const form = parseForm(datesSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(updateChallengeDates(actorFrom(user, args), id, form.data));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/challenge/${id}?notice=saved`);
}

export default function ChallengeDates() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values ?? loaded.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/challenge/${loaded.id}`} className="govuk-back-link">
          Back to the challenge
        </Link>
        <ErrorSummary errors={errors} order={DATES_ORDER} />
        <span className="govuk-caption-l">{loaded.title}</span>
        <h1 className="govuk-heading-l">Opening and closing times</h1>
        <p className="govuk-body">
          Enter times in UK time. Entries are accepted until the exact closing time; for the end of a day, use 11:59pm.
        </p>
        {loaded.status === "open" ? (
          <p className="govuk-body">
            The challenge is open: the closing time must stay in the future, and entrants see any change at once.
          </p>
        ) : null}
        <Form method="post" noValidate>
          <DateTimeFields prefix="opens" label="Opening" values={values} errors={errors} />
          <DateTimeFields prefix="closes" label="Closing" values={values} errors={errors} />
          <Button>Save changes</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
