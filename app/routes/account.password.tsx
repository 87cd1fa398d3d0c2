import { pageTitle } from "../components/page-title";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireUser } from "../auth/guards.server";
import { sessionCookie, sessionPlace } from "../auth/session.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, PasswordInput } from "../components/forms";
import { parseForm, type FieldErrors } from "../domain/forms";
import {
  currentPasswordField,
  MAX_PASSWORD_LENGTH,
  newPasswordField,
  PASSWORD_HINT,
  passwordError,
} from "../domain/password-policy";
import { attempt, formError } from "../security/app-error-responses.server";
import { changePassword } from "../services/accounts/accounts.server";
import { tooManyAttemptsMessage } from "../services/accounts/rate-limit.server";

// /account/password: change a password you know. Every session closes, this one included, and
// this browser gets a fresh one, so anyone else signed in to the account is signed out.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Change your password", error, matches) },
];

const ORDER = ["currentPassword", "newPassword", "confirmPassword"];

function schemaFor(owner: { email: string; name: string }) {
  return z
    .object({
      currentPassword: currentPasswordField("Enter your current password", "Your current password is not correct"),
      newPassword: newPasswordField("Enter a new password"),
      confirmPassword: z
        .string({ error: "Confirm your new password" })
        .min(1, "Confirm your new password")
        .max(MAX_PASSWORD_LENGTH, "Enter the same password in both boxes"),
    })
    .superRefine((value, ctx) => {
      const { newPassword, confirmPassword } = value as Record<string, unknown>;
      if (typeof newPassword !== "string" || newPassword.length === 0 || newPassword.length > MAX_PASSWORD_LENGTH)
        return;
      const problem = passwordError(newPassword, owner);
      if (problem) ctx.addIssue({ code: "custom", path: ["newPassword"], message: problem });
      else if (typeof confirmPassword === "string" && confirmPassword.length > 0 && confirmPassword !== newPassword) {
        ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "Enter the same password in both boxes" });
      }
    });
}

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const form = parseForm(schemaFor(user), await args.request.formData());
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  const attempted = await attempt(
    changePassword(actorFrom(user, args), form.data, { userAgent: sessionPlace(args).userAgent }),
  );
  // A wrong current password, or a new one refused: against its field.
  if (!attempted.ok) return formError(attempted.error, {});
  const result = attempted.value;
  switch (result.kind) {
    case "rate_limited":
      return data(
        { errors: { form: tooManyAttemptsMessage(result.retryAfterSeconds) } },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "changed":
      return redirect("/account?updated=password", {
        headers: { "Set-Cookie": sessionCookie(result.session.token, result.session.expiresAt) },
      });
  }
}

export default function ChangePassword() {
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/account" className="govuk-back-link">
          Back to your account
        </Link>
        <ErrorSummary errors={errors} order={ORDER} />
        <h1 className="govuk-heading-l">Change your password</h1>
        <p className="govuk-body">
          When you save your new password, you will be signed out on every other device and we will email you to say it
          has changed.
        </p>
        <Form method="post" noValidate>
          <PasswordInput
            name="currentPassword"
            label="Current password"
            autoComplete="current-password"
            error={errors?.currentPassword}
          />
          <PasswordInput
            name="newPassword"
            label="New password"
            hint={PASSWORD_HINT}
            autoComplete="new-password"
            error={errors?.newPassword}
          />
          <PasswordInput
            name="confirmPassword"
            label="Confirm new password"
            autoComplete="new-password"
            error={errors?.confirmPassword}
          />
          <Button>Save password</Button>
        </Form>
        <p className="govuk-body">
          Forgotten your current password?{" "}
          <Link className="govuk-link" to="/forgot-password">
            Reset your password
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
