import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { DateTimeFields } from "../components/DateTimeFields";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Select, Textarea, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { NEW_CHALLENGE_ORDER, parseNewChallenge, SUMMARY_MAX, TITLE_MAX } from "../domain/challenge-setup";
import { formValues } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { createChallenge, listChallenges } from "../services/challenges/setup.server";

// /staff/challenge/new: a new draft challenge, optionally starting from a copy of an earlier one.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Create a new challenge", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenges = await listChallenges(actorFrom(user, args));
  return { earlier: challenges.map((c) => ({ id: c.id, title: c.title })) };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const form = parseNewChallenge(formValues(await args.request.formData()));
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(createChallenge(actorFrom(user, args), form.data));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/challenge/${result.value}?notice=created`);
}

export default function NewChallenge() {
  const { earlier } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/staff/challenge" className="govuk-back-link">
          Back to challenges
        </Link>
        <ErrorSummary errors={errors} order={NEW_CHALLENGE_ORDER} />
        <span className="govuk-caption-l">Challenges</span>
        <h1 className="govuk-heading-l">Create a new challenge</h1>
        <p className="govuk-body">
          The challenge starts as a draft that only staff can see. You can add everything else, preview the page and
          then open it.
        </p>
        <Form method="post" noValidate>
          <TextInput
            name="title"
            label="Title"
            hint={`For example, Community Recovery Innovation Challenge 2028. Up to ${TITLE_MAX} characters`}
            error={errors?.title}
            defaultValue={valueOf(values, "title")}
          />
          <Textarea
            name="summary"
            label="Summary"
            hint={`One or two sentences at the top of the challenge page. Up to ${SUMMARY_MAX} characters`}
            rows={3}
            error={errors?.summary}
            defaultValue={valueOf(values, "summary")}
          />
          <DateTimeFields prefix="opens" label="Opening" values={values} errors={errors} />
          <DateTimeFields prefix="closes" label="Closing" values={values} errors={errors} />
          {earlier.length ? (
            <Select
              name="copyFrom"
              label="Start from a copy of an earlier challenge (optional)"
              hint="Copies its page texts, priority areas, principles, judging criteria, prize tiers and questions. You can change them all afterwards"
              placeholder="Do not copy: start empty"
              error={errors?.copyFrom}
              defaultValue={valueOf(values, "copyFrom")}
              options={earlier.map((c) => ({ value: String(c.id), text: c.title }))}
            />
          ) : null}
          <Button>Create challenge</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
