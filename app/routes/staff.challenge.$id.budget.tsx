import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { budgetSchema } from "../domain/budget";
import { parseForm } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { challengeBudget, setChallengeBudget } from "../services/budget/budget.server";
import { challengeIdParam, poundsText } from "../services/challenges/setup.server";

// /staff/challenge/:id/budget: the programme's budget for the challenge. Proposing the award list
// shows what it commits against this amount and refuses to go over it without a reason.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Budget", error, matches) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challenge = await challengeBudget(actorFrom(user, args), challengeIdParam(args.params.id));
  return {
    id: challenge.id,
    title: challenge.title,
    values: { budget: challenge.budgetPence === null ? "" : poundsText(challenge.budgetPence) },
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const id = challengeIdParam(args.params.id);
  const form = parseForm(budgetSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(setChallengeBudget(actorFrom(user, args), id, form.data.budget));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/challenge/${id}?notice=saved`);
}

export default function ChallengeBudget() {
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
        <ErrorSummary errors={errors} order={["budget"]} />
        <span className="govuk-caption-l">{loaded.title}</span>
        <h1 className="govuk-heading-l">Budget</h1>
        <p className="govuk-body">
          The most the programme can commit to this challenge&apos;s awards: every cash prize plus every winner&apos;s
          support cap. Proposing the awards is refused if the list would go over it, unless the proposer gives a reason,
          which the member of staff who approves the list sees.
        </p>
        <Form method="post" noValidate>
          <TextInput
            name="budget"
            label="Budget in pounds"
            hint="For example, 55000. Leave it empty if there is no budget limit."
            prefix="£"
            width="10"
            inputMode="decimal"
            spellCheck={false}
            error={errors?.budget}
            defaultValue={valueOf(values, "budget")}
          />
          <Button>Save the budget</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
