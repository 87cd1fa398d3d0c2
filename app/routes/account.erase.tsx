import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireUser } from "../auth/guards.server";
import { blankSessionCookie } from "../auth/session.server";
import { InsetText, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, PasswordInput } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { parseForm, type FieldErrors } from "../domain/forms";
import { MAX_PASSWORD_LENGTH } from "../domain/password-policy";
import { attempt, formError } from "../security/app-error-responses.server";
import { describeErasure, eraseAccount } from "../services/records/erasure.server";

// /account/erase: a person deletes their own account (the right to erasure). The page says what
// goes and what the authority must keep, and why; the password confirms it is them (and, for
// anyone with two-step verification, a recent second factor). Afterwards they are signed out and
// land on /account/erased. What erasure does is decided in app/services/records/personal-columns.ts.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Delete your account", error, matches) }];

const schema = z.object({
  password: z.string().max(MAX_PASSWORD_LENGTH, "Enter your current password").optional(),
});

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  return { preview: await describeErasure(actorFrom(user, args), user.id) };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  // Deleting an account cannot be undone: whoever has a second factor gives it again first.
  if (user.hasSecondFactor) requireRecentSecondFactor(args, user);
  const formData = await args.request.formData();
  // Only the page's own button deletes: a form posted without it (from anywhere else) does nothing.
  if (formData.get("confirm") !== "yes") {
    return data({ errors: { form: "Use the Delete my account button to delete your account" } }, { status: 400 });
  }
  const form = parseForm(schema, formData);
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  const erased = await attempt(eraseAccount(actorFrom(user, args), user.id, { password: form.data.password ?? "" }));
  if (!erased.ok) return formError(erased.error, {});
  // The sessions are gone with the account; the cookie goes too.
  return redirect("/account/erased", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export default function EraseAccount() {
  const { preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/account" className="govuk-back-link">
          Back to your account
        </Link>
        <ErrorSummary errors={errors} order={["password", "form"]} />
        <h1 className="govuk-heading-l">Delete your account</h1>
        <p className="govuk-body">
          You can ask us to delete your account and the personal information we hold about you. This cannot be undone.
        </p>
        <h2 className="govuk-heading-m">What we delete</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>your name and email address</li>
          <li>your password, two-step verification and passkeys, and every place you are signed in</li>
          <li>your membership of {preview.organisations.length ? "your organisation" : "any organisation"}</li>
          <li>the emails we sent you, and any we had not sent yet</li>
          <li>anything you told us about yourself as a judge, such as your affiliations</li>
        </ul>
        <h2 className="govuk-heading-m">What we keep, and why</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            {preview.organisations.length ? (
              <>
                The entries of{" "}
                {preview.organisations.map((o, i) => (
                  <span key={o.name}>
                    {i > 0 ? ", " : ""}
                    {o.name}
                  </span>
                ))}
                . They belong to the organisation, not to you, so they stay, without your name. Other members can carry
                on with them.
              </>
            ) : (
              <>
                Entries belong to organisations, not to people, so any your organisation made stay, without your name.
              </>
            )}
          </li>
          <li>
            Awards and prize payments{preview.awards ? ` (your organisation has ${preview.awards})` : ""}. We must keep
            records of public money for seven years. Bank details are the organisation&apos;s, not yours.
          </li>
          <li>
            Scores and comments given by judges, and what councils recorded about ideas: they are the record of how
            entries were judged and taken forward.
          </li>
          <li>
            Our audit trail, which records what was done on this service and can never be changed. It will show &ldquo;
            {preview.pseudonym}&rdquo; instead of your name.
          </li>
        </ul>
        {preview.refusal ? (
          <InsetText>{preview.refusal}.</InsetText>
        ) : (
          <>
            <WarningText>
              You will be signed out, and you will not be able to sign in to this account again.
            </WarningText>
            <Form method="post" noValidate>
              {preview.asksForPassword ? (
                <PasswordInput
                  name="password"
                  label="Enter your password to confirm"
                  autoComplete="current-password"
                  error={errors?.password}
                />
              ) : null}
              <div className="govuk-button-group">
                <Button variant="warning" name="confirm" value="yes">
                  Delete my account
                </Button>
                <Link className="govuk-link" to="/account">
                  Cancel
                </Link>
              </div>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
