import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireUser } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { parseForm, requiredText, type FieldErrors } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { getAccount } from "../services/accounts/accounts.server";
import { changeName, NAME_MAX } from "../services/accounts/rectification.server";

// /account/name: a person puts their name right. The audit trail records that it changed, never
// the names themselves (it can never be erased).

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Change your name", error, matches) }];

const schema = z.object({ name: requiredText("your full name", NAME_MAX) });

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const account = await getAccount(actorFrom(user, args));
  return { name: account.name };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const attempted = await attempt(changeName(actorFrom(user, args), form.data));
  if (!attempted.ok) return formError(attempted.error, form.values);
  return redirect("/account?updated=name");
}

export default function ChangeName() {
  const { name } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/account" className="govuk-back-link">
          Back to your account
        </Link>
        <ErrorSummary errors={errors} order={["name"]} />
        <Form method="post" noValidate>
          <TextInput
            name="name"
            label="Change your name"
            isPageHeading
            labelSize="l"
            hint="Your full name, as you would like us to use it in emails and on your entries."
            autoComplete="name"
            spellCheck={false}
            defaultValue={valueOf(actionData?.values, "name", name)}
            error={errors?.name}
          />
          <Button>Save name</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
