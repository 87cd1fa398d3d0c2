import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireUser } from "../auth/guards.server";
import { InsetText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, PasswordInput, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { emailAddress, parseForm, type FieldErrors } from "../domain/forms";
import { formatDateTime } from "../domain/time";
import { describeLifetime } from "../domain/tokens";
import { attempt, formError } from "../security/app-error-responses.server";
import { tooManyAttemptsMessage } from "../services/accounts/rate-limit.server";
import { emailChangePage, requestEmailChange } from "../services/accounts/rectification.server";

// /account/email: a person asks to use a new email address. They show it is them (their password,
// or a second factor given in the last few minutes for people who have one), a link goes to the
// new address and the old one is told. Nothing changes until the link is opened
// (/account/email/confirm/:token). The answer is the same whether or not the new address already
// has an account, so the page cannot be used to find out who has one.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Change your email address", error, matches) },
];

const ORDER = ["newEmail", "password"];

const schema = z.object({
  newEmail: emailAddress(),
  password: z.string().optional(),
});

async function person(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await requireUser(args);
  // Asked before the form, so that what is typed is not lost to the confirm-it-is-you page.
  if (user.hasSecondFactor) requireRecentSecondFactor(args, user);
  return user;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await person(args);
  const page = await emailChangePage(actorFrom(user, args));
  return {
    email: page.email,
    confirmWith: page.confirmWith,
    entrant: user.roles.includes("entrant"),
    pending: page.pending
      ? { newEmail: page.pending.newEmail, expiresAtText: formatDateTime(page.pending.expiresAt) }
      : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await person(args);
  const form = parseForm(schema, await args.request.formData());
  const values = { newEmail: form.values.newEmail ?? "" };
  if (!form.ok) return data({ errors: form.errors, values, sentTo: null }, { status: 400 });
  if (!user.hasSecondFactor && !form.data.password) {
    return data({ errors: { password: "Enter your password" }, values, sentTo: null }, { status: 400 });
  }
  const attempted = await attempt(
    requestEmailChange(
      actorFrom(user, args),
      { newEmail: form.data.newEmail, password: form.data.password ?? null },
      { sessionId: user.sessionId },
    ),
  );
  if (!attempted.ok) return formError(attempted.error, values);
  const result = attempted.value;
  if (result.kind === "rate_limited") {
    return data(
      { errors: { form: tooManyAttemptsMessage(result.retryAfterSeconds) }, values, sentTo: null },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  return { errors: null, values: null, sentTo: result.newEmail };
}

export default function ChangeEmail() {
  const { email, confirmWith, pending, entrant } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors ?? undefined;
  const sentTo = actionData && "sentTo" in actionData ? actionData.sentTo : null;

  if (sentTo) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Check your email</h1>
          <p className="govuk-body">
            We have sent an email to <strong>{sentTo}</strong>. Open the link in it to start using that address. Until
            you do, we keep using {email}.
          </p>
          <p className="govuk-body">
            The link works once, for {describeLifetime("change_email")}. We have also emailed {email} to say you asked
            for this.
          </p>
          <h2 className="govuk-heading-m">If you do not get an email</h2>
          <p className="govuk-body">
            Emails sometimes take a few minutes to arrive. Check your spam or junk folder, and check you typed the
            address correctly. You can{" "}
            <Link className="govuk-link" to="/account/email">
              ask for another link
            </Link>
            .
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/account">
              Back to your account
            </Link>
          </p>
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/account" className="govuk-back-link">
          Back to your account
        </Link>
        <ErrorSummary errors={errors} order={ORDER} />
        <h1 className="govuk-heading-l">Change your email address</h1>
        <p className="govuk-body">
          Your email address is <strong>{email}</strong>. We will send a link to your new address: the change happens
          when you open it. We will also email your current address to let you know.
        </p>
        {entrant ? (
          <p className="govuk-body">
            This does not change the contact details of an organisation you belong to: any member can change those on{" "}
            <Link className="govuk-link" to="/organisation">
              your organisation&rsquo;s page
            </Link>
            .
          </p>
        ) : null}
        {pending ? (
          <InsetText>
            You asked to change it to {pending.newEmail}. That link works until {pending.expiresAtText}. Asking again
            sends a new link, and the earlier one stops working.
          </InsetText>
        ) : null}
        <Form method="post" noValidate>
          <TextInput
            name="newEmail"
            label="New email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={valueOf(actionData?.values, "newEmail")}
            error={errors?.newEmail}
          />
          {confirmWith === "password" ? (
            <PasswordInput
              name="password"
              label="Your password"
              hint="So that we know it is you."
              autoComplete="current-password"
              error={errors?.password}
            />
          ) : null}
          <Button>Send a link to my new address</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
