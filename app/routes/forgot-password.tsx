import { pageTitle } from "../components/page-title";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, TextInput, valueOf } from "../components/forms";
import { emailAddress, parseForm, type FieldErrors } from "../domain/forms";
import { describeLifetime } from "../domain/tokens";
import { requestPasswordReset } from "../services/accounts/accounts.server";
import { tooManyAttemptsMessage } from "../services/accounts/rate-limit.server";

// /forgot-password: ask for a link to choose a new password. The answer never says whether the
// address has an account.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Reset your password", error, matches) }];

const schema = z.object({ email: emailAddress() });

export async function action(args: ActionFunctionArgs) {
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values, sentTo: null }, { status: 400 });
  const result = await requestPasswordReset(form.data.email, { ip: args.context.ip });
  if (result.kind === "rate_limited") {
    return data(
      { errors: { form: tooManyAttemptsMessage(result.retryAfterSeconds) }, values: form.values, sentTo: null },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  return { errors: null, values: null, sentTo: result.email };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();

  if (actionData?.sentTo) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Check your email</h1>
          <p className="govuk-body">
            If there is an account for <strong>{actionData.sentTo}</strong>, we have sent it a link to reset your
            password.
          </p>
          <p className="govuk-body">
            The link works once, for {describeLifetime("reset_password")}. Any link we sent you before no longer works.
          </p>
          <h2 className="govuk-heading-m">If you do not get an email</h2>
          <p className="govuk-body">
            Emails sometimes take a few minutes to arrive. Check your spam or junk folder, and check you entered the
            email address you registered with. You can{" "}
            <Link className="govuk-link" to="/forgot-password">
              ask for another link
            </Link>
            .
          </p>
        </div>
      </div>
    );
  }

  const errors: FieldErrors | undefined = actionData?.errors ?? undefined;
  const values = actionData?.values ?? undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Reset your password</h1>
        <p className="govuk-body">
          Enter the email address you use to sign in. We will email you a link to choose a new password.
        </p>
        <Form method="post" noValidate>
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            error={errors?.email}
            defaultValue={valueOf(values, "email")}
          />
          <Button>Send the link</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in">
            Back to sign in
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
