import { pageTitle } from "../components/page-title";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getCurrentUser, safeReturnTo } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { NewAccountFields } from "../components/NewAccountFields";
import { parseForm, type FieldErrors } from "../domain/forms";
import { NEW_ACCOUNT_ORDER, newAccountSchema } from "../domain/new-account-form";
import { describeLifetime } from "../domain/tokens";
import { attempt } from "../security/app-error-responses.server";
import { register } from "../services/accounts/accounts.server";
import { tooManyAttemptsMessage } from "../services/accounts/rate-limit.server";
import { InsetText } from "../components/content";

// /register: create an entrant account. Whether or not the email address already has an account,
// the answer is the same "check your email" page, with the same status and no cookie: a new
// account gets a confirmation link (opening it signs them in), an existing one's owner gets an
// email saying someone tried. A `returnTo` (an organisation invitation, say) travels in the
// email's link, so whoever holds the address comes back to it, signed in.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Create an account", error, matches) }];

// Where to go once the account exists (an organisation invitation's link, say): a path on this
// site only, or nowhere.
function returnToFrom(value: FormDataEntryValue | null): string | null {
  return typeof value === "string" && value.length <= 2000 ? safeReturnTo(value, "") || null : null;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  const returnTo = returnToFrom(new URL(args.request.url).searchParams.get("returnTo"));
  return { signedInAs: user ? user.email : null, returnTo };
}

export async function action(args: ActionFunctionArgs) {
  const formData = await args.request.formData();
  const returnTo = returnToFrom(formData.get("returnTo"));
  const form = parseForm(newAccountSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values, sentTo: null }, { status: 400 });
  const attempted = await attempt(register(form.data, { ip: args.context.ip, returnTo }));
  if (!attempted.ok) {
    // A password the policy refuses, against its field.
    const errors: FieldErrors = { [attempted.error.field ?? "form"]: attempted.error.message };
    return data({ errors, values: form.values, sentTo: null }, { status: 400 });
  }
  const result = attempted.value;
  switch (result.kind) {
    case "rate_limited":
      return data(
        { errors: { form: tooManyAttemptsMessage(result.retryAfterSeconds) }, values: form.values, sentTo: null },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "check_email":
      // No Set-Cookie on either path: a cookie only for a new address would give it away.
      return data({ errors: null, values: null, sentTo: result.email, returnTo });
  }
}

export default function Register() {
  const { signedInAs, returnTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();

  if (actionData?.sentTo) return <CheckYourEmail email={actionData.sentTo} returnTo={actionData.returnTo} />;

  const errors: FieldErrors | undefined = actionData?.errors ?? undefined;
  const values = actionData?.values ?? undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={NEW_ACCOUNT_ORDER} />
        <h1 className="govuk-heading-l">Create an account</h1>
        {signedInAs ? (
          <InsetText>
            You are already signed in as {signedInAs}.{" "}
            <Link className="govuk-link" to="/account">
              Go to your account
            </Link>
          </InsetText>
        ) : null}
        <p className="govuk-body">You need an account to enter the challenge for your organisation.</p>
        <p className="govuk-body">
          Already have an account?{" "}
          <Link className="govuk-link" to={returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : "/sign-in"}>
            Sign in
          </Link>
        </p>
        <Form method="post" noValidate>
          {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
          <NewAccountFields errors={errors} values={values} emailHint="We will send you a link to confirm it" />
          <Button>Create account</Button>
        </Form>
      </div>
    </div>
  );
}

function CheckYourEmail({ email, returnTo }: { email: string; returnTo: string | null }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Check your email</h1>
        <p className="govuk-body">
          We have sent an email to <strong>{email}</strong>.
        </p>
        <p className="govuk-body">
          Open the link in the email to confirm your email address. The link works for{" "}
          {describeLifetime("verify_email")}.
        </p>
        {returnTo ? (
          <p className="govuk-body">The link will sign you in and bring you back to where you were.</p>
        ) : (
          <p className="govuk-body">The link will also sign you in.</p>
        )}
        <h2 className="govuk-heading-m">If you do not get an email</h2>
        <p className="govuk-body">
          Emails sometimes take a few minutes to arrive. Check your spam or junk folder. If the address above is wrong,{" "}
          <Link className="govuk-link" to="/register">
            create your account again
          </Link>
          .
        </p>
        <p className="govuk-body">
          If you already had an account with this email address, we have sent you an email about signing in instead.
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
