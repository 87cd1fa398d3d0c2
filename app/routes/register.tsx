import { pageTitle } from "../components/page-title";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getCurrentUser, safeReturnTo } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, PasswordInput, TextInput, valueOf } from "../components/forms";
import { emailAddress, parseForm, requiredText, type FieldErrors } from "../domain/forms";
import { MAX_PASSWORD_LENGTH, newPasswordField, PASSWORD_HINT, passwordError } from "../domain/password-policy";
import { describeLifetime } from "../domain/tokens";
import { register } from "../services/accounts.server";
import { tooManyAttemptsMessage } from "../services/rate-limit.server";

// /register: create an entrant account. Whether or not the email address already has an account,
// the answer is the same "check your email" page, with the same status and no cookie: a new
// account gets a confirmation link (opening it signs them in), an existing one's owner gets an
// email saying someone tried. A `returnTo` (an organisation invitation, say) travels in the
// email's link, so whoever holds the address comes back to it, signed in.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Create an account", error, matches) },
];

const ORDER = ["name", "email", "password", "confirmPassword"];

const schema = z
  .object({
    name: requiredText("your full name", 200),
    email: emailAddress(),
    password: newPasswordField("Create a password"),
    confirmPassword: z
      .string({ error: "Confirm your password" })
      .min(1, "Confirm your password")
      .max(MAX_PASSWORD_LENGTH, "Enter the same password in both boxes"),
  })
  .superRefine((value, ctx) => {
    // Runs even when another field failed, so every problem is listed at once; hence the checks
    // that each value is what the schema would have made it.
    const { password, confirmPassword, email, name } = value as Record<string, unknown>;
    if (typeof password !== "string" || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return;
    const problem = passwordError(password, {
      email: typeof email === "string" ? email : null,
      name: typeof name === "string" ? name : null,
    });
    if (problem) {
      ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    } else if (typeof confirmPassword === "string" && confirmPassword.length > 0 && confirmPassword !== password) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "Enter the same password in both boxes" });
    }
  });

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
  const form = parseForm(schema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values, sentTo: null }, { status: 400 });
  const result = await register(form.data, { ip: args.context.ip, returnTo });
  switch (result.kind) {
    case "rate_limited":
      return data(
        { errors: { form: tooManyAttemptsMessage(result.retryAfterSeconds) }, values: form.values, sentTo: null },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "invalid":
      return data({ errors: result.errors, values: form.values, sentTo: null }, { status: 400 });
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
        <ErrorSummary errors={errors} order={ORDER} />
        <h1 className="govuk-heading-l">Create an account</h1>
        {signedInAs ? (
          <div className="govuk-inset-text">
            You are already signed in as {signedInAs}.{" "}
            <Link className="govuk-link" to="/account">
              Go to your account
            </Link>
          </div>
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
          <TextInput
            name="name"
            label="Full name"
            autoComplete="name"
            spellCheck={false}
            error={errors?.name}
            defaultValue={valueOf(values, "name")}
          />
          <TextInput
            name="email"
            label="Email address"
            hint="We will send you a link to confirm it"
            type="email"
            autoComplete="email"
            spellCheck={false}
            error={errors?.email}
            defaultValue={valueOf(values, "email")}
          />
          <PasswordInput
            name="password"
            label="Create a password"
            hint={PASSWORD_HINT}
            autoComplete="new-password"
            error={errors?.password}
          />
          <PasswordInput name="confirmPassword" label="Confirm password" autoComplete="new-password" error={errors?.confirmPassword} />
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
          Open the link in the email to confirm your email address. The link works for {describeLifetime("verify_email")}.
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
