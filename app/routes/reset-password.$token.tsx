import { pageTitle } from "../components/page-title";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { sessionCookie } from "../auth/session.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, PasswordInput } from "../components/forms";
import { parseForm, type FieldErrors } from "../domain/forms";
import { MAX_PASSWORD_LENGTH, newPasswordField, PASSWORD_HINT, passwordError } from "../domain/password-policy";
import { describeLifetime } from "../domain/tokens";
import { attempt } from "../security/app-error-responses.server";
import { checkResetLink, resetPassword } from "../services/accounts/accounts.server";

// /reset-password/:token, the link in a password reset email: choose a new password. A link that
// has expired or been used says so plainly and offers a new one.

type LinkProblem = "expired" | "used" | "invalid";

const TITLES: Record<LinkProblem | "ok", string> = {
  ok: "Choose a new password",
  expired: "This link has expired",
  used: "This link has already been used",
  invalid: "This link is not valid",
};

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  { title: pageTitle(TITLES[loaderData?.state ?? "invalid"], error, matches) },
];

// The address carries the token: no other site may see it in a Referer header. Not "no-referrer":
// that makes browsers send "Origin: null" with this page's forms, which the cross-site check refuses.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin" });

const STATUS: Record<LinkProblem, number> = { expired: 410, used: 410, invalid: 404 };

const schema = z
  .object({
    password: newPasswordField("Enter a new password"),
    confirmPassword: z
      .string({ error: "Confirm your new password" })
      .min(1, "Confirm your new password")
      .max(MAX_PASSWORD_LENGTH, "Enter the same password in both boxes"),
  })
  .superRefine((value, ctx) => {
    const { password, confirmPassword } = value as Record<string, unknown>;
    if (typeof password !== "string" || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return;
    // The rules that need the account (its email address and name) are checked by the service.
    const problem = passwordError(password);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    else if (typeof confirmPassword === "string" && confirmPassword.length > 0 && confirmPassword !== password) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "Enter the same password in both boxes" });
    }
  });

export async function loader({ params }: LoaderFunctionArgs) {
  const state = await checkResetLink(params.token ?? "");
  if (state === "valid") return { state: "ok" as const };
  return data({ state: state as LinkProblem }, { status: STATUS[state] });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = parseForm(schema, await request.formData());
  if (!form.ok) return data({ errors: form.errors, problem: null }, { status: 400 });
  const attempted = await attempt(
    resetPassword(params.token ?? "", form.data.password, {
      ip: context.ip,
      userAgent: request.headers.get("user-agent"),
    }),
  );
  if (!attempted.ok) {
    // A new password the policy refuses, against its field.
    const errors: FieldErrors = { [attempted.error.field ?? "password"]: attempted.error.message };
    return data({ errors, problem: null }, { status: 400 });
  }
  const result = attempted.value;
  switch (result.kind) {
    case "expired":
    case "used":
    case "invalid":
      return data({ errors: null, problem: result.kind }, { status: STATUS[result.kind] });
    case "reset":
      return redirect("/account?updated=password-reset", {
        headers: { "Set-Cookie": sessionCookie(result.session.token, result.session.expiresAt) },
      });
  }
}

export default function ResetPassword() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const state = actionData?.problem ?? loaderData.state;

  if (state !== "ok") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{TITLES[state]}</h1>
          {state === "expired" ? (
            <p className="govuk-body">
              Password reset links work for {describeLifetime("reset_password")}, and only the newest link we sent you
              works.
            </p>
          ) : state === "used" ? (
            <p className="govuk-body">
              Each password reset link works once. If you reset your password with it, you can sign in with the new
              password.
            </p>
          ) : (
            <p className="govuk-body">
              The link may be incomplete. If you copied it from the email, check you copied all of it.
            </p>
          )}
          <p className="govuk-body">
            <Link
              className="govuk-button"
              role="button"
              draggable={false}
              data-module="govuk-button"
              to="/forgot-password"
            >
              Get a new link
            </Link>
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/sign-in">
              Sign in
            </Link>
          </p>
        </div>
      </div>
    );
  }

  const errors: FieldErrors | undefined = actionData?.errors ?? undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["password", "confirmPassword"]} />
        <h1 className="govuk-heading-l">{TITLES.ok}</h1>
        <p className="govuk-body">When you save it, you will be signed out everywhere else and signed in here.</p>
        <Form method="post" noValidate>
          <PasswordInput
            name="password"
            label="New password"
            hint={PASSWORD_HINT}
            autoComplete="new-password"
            error={errors?.password}
          />
          <PasswordInput
            name="confirmPassword"
            label="Confirm new password"
            autoComplete="new-password"
            error={errors?.confirmPassword}
          />
          <Button>Save password</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
