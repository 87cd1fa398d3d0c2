import { pageTitle } from "../components/page-title";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getCurrentUser, safeReturnTo, SECOND_STEP_PATH } from "../auth/guards.server";
import { sessionCookie, sessionPlace } from "../auth/session.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, PasswordInput, TextInput, valueOf } from "../components/forms";
import { config } from "../config.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../domain/demo-accounts";
import { emailAddress, parseForm, type FieldErrors } from "../domain/forms";
import { MAX_PASSWORD_LENGTH } from "../domain/password-policy";
import { attempt, formError } from "../security/app-error-responses.server";
import { SIGN_IN_REFUSED, signIn } from "../services/accounts/accounts.server";
import { tooManyAttemptsMessage } from "../services/accounts/rate-limit.server";
import { demoCurrentCodes, hasSecondFactor } from "../services/accounts/second-factor.server";
import { Table } from "../components/Table";
import { InsetText } from "../components/content";

// /sign-in?returnTo=/somewhere: email address and password. One message for every wrong
// combination, so the page never says whether an address has an account.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Sign in", error, matches) }];

const WRONG = SIGN_IN_REFUSED;
const DEFAULT_RETURN = "/account";

const schema = z.object({
  email: emailAddress(),
  // An over-long password is nobody's: it becomes "", answered as a wrong password, unhashed.
  password: z
    .string({ error: "Enter your password" })
    .min(1, "Enter your password")
    .transform((p) => (p.length > MAX_PASSWORD_LENGTH ? "" : p)),
  returnTo: z.string().max(2000).optional(),
});

function returnToFrom(request: Request, posted?: string): string {
  const fromUrl = new URL(request.url).searchParams.get("returnTo");
  return safeReturnTo(posted ?? fromUrl, DEFAULT_RETURN);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  const returnTo = returnToFrom(args.request);
  return {
    returnTo,
    signedInAs: user ? user.email : null,
    demo: config.demoMode
      ? {
          password: DEMO_PASSWORD,
          // The current authenticator code, worked out now, for the accounts that need one.
          accounts: (() => {
            const codes = demoCurrentCodes();
            return DEMO_ACCOUNTS.map((a) => ({ email: a.email, label: a.label, code: codes.get(a.email) ?? null }));
          })(),
        }
      : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const values = { email: form.data.email };
  if (form.data.password === "") return data({ errors: { email: WRONG }, values }, { status: 400 });

  const current = await getCurrentUser(args);
  const attempted = await attempt(
    signIn(form.data, { ...sessionPlace(args), ip: args.context.ip, replacingSessionId: current?.sessionId }),
  );
  // A wrong address or password: one message, against the email field.
  if (!attempted.ok) return formError(attempted.error, values);
  const result = attempted.value;
  switch (result.kind) {
    case "rate_limited":
      return data(
        { errors: { form: tooManyAttemptsMessage(result.retryAfterSeconds) }, values },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "signed_in": {
      // With a second factor, the password is only the first step: the session counts for nothing
      // (the gate turns every signed-in page away) until the second step.
      const returnTo = returnToFrom(args.request, form.data.returnTo);
      const next = (await hasSecondFactor(result.userId))
        ? `${SECOND_STEP_PATH}?returnTo=${encodeURIComponent(returnTo)}`
        : returnTo;
      return redirect(next, {
        headers: { "Set-Cookie": sessionCookie(result.session.token, result.session.expiresAt) },
      });
    }
  }
}

export default function SignIn() {
  const { returnTo, signedInAs, demo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  const values = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["email", "password"]} />
        <h1 className="govuk-heading-l">Sign in</h1>
        {/restore=/.test(returnTo) ? (
          <InsetText>
            You were signed out before your changes were saved. We have kept them: sign in again and they will be saved.
          </InsetText>
        ) : null}
        {signedInAs ? <InsetText>You are signed in as {signedInAs}. Signing in again replaces that.</InsetText> : null}
        <Form method="post" noValidate>
          <input type="hidden" name="returnTo" value={returnTo} />
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            error={errors?.email}
            defaultValue={valueOf(values, "email")}
          />
          <PasswordInput name="password" label="Password" autoComplete="current-password" error={errors?.password} />
          <Button>Sign in</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/forgot-password">
            I have forgotten my password
          </Link>
        </p>
        <h2 className="govuk-heading-m">If you do not have an account</h2>
        <p className="govuk-body">
          <Link className="govuk-link" to="/register">
            Create an account
          </Link>{" "}
          to enter the challenge.
        </p>
        {demo ? (
          <InsetText>
            <h2 className="govuk-heading-s">Demo accounts</h2>
            <p className="govuk-body">
              This is a demonstration with made-up data. Sign in as any of these, with the password{" "}
              <strong>{demo.password}</strong>. Accounts with a role also ask for the code from their authenticator app:
              it is shown here (and on the next page) instead.
            </p>
            <Table
              caption="Demo accounts"
              hideCaption
              rows={demo.accounts}
              rowKey={(account) => account.email}
              columns={[
                { header: "Email address", cell: (account) => account.email },
                { header: "Account", cell: (account) => account.label },
                {
                  header: "Authenticator code",
                  cell: (account) => (account.code ? <code>{account.code}</code> : "Not needed"),
                },
              ]}
            />
          </InsetText>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
