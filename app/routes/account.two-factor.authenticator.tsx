import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireUser, safeReturnTo } from "../auth/guards.server";
import { TWO_FACTOR_PATH } from "../auth/constants";
import { sessionCookie } from "../auth/session.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, TextInput } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { RecoveryCodes } from "../components/RecoveryCodes";
import { parseForm, type FieldErrors } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { tooManyAttemptsMessage } from "../services/accounts/rate-limit.server";
import {
  confirmAuthenticator,
  getSecondFactorStatus,
  startAuthenticatorSetup,
} from "../services/accounts/second-factor.server";

// /account/two-factor/authenticator: set up an authenticator app. Scan the QR code (or type the
// key), enter the first code; then the ten recovery codes, shown once.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Set up an authenticator app", error, matches) },
];

const schema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code from your authenticator app" })
    .trim()
    .min(1, { error: "Enter the 6-digit code from your authenticator app" }),
});

function returnToFrom(request: Request): string {
  return safeReturnTo(new URL(request.url).searchParams.get("returnTo"), TWO_FACTOR_PATH);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const actor = actorFrom(user, args);
  const returnTo = returnToFrom(args.request);
  // Already on (just now, with the codes in the action's answer, or earlier): nothing to set up.
  if ((await getSecondFactorStatus(actor)).authenticator) return { returnTo, setup: null };
  const setup = await startAuthenticatorSetup(actor);
  return {
    returnTo,
    setup: {
      keyText: setup.keyText,
      qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(setup.qrSvg).toString("base64")}`,
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  // Someone who already has a passkey adds a factor only with a second factor given just now.
  if (user.hasSecondFactor) requireRecentSecondFactor(args, user);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, codes: null }, { status: 400 });
  const attempted = await attempt(
    confirmAuthenticator(actorFrom(user, args), { code: form.data.code, sessionId: user.sessionId }),
  );
  if (!attempted.ok) {
    const refused = formError(attempted.error, {});
    return data({ errors: refused.data.errors, codes: null }, refused.init ?? undefined);
  }
  const result = attempted.value;
  if (result.kind === "rate_limited") {
    return data(
      { errors: { form: tooManyAttemptsMessage(result.retryAfterSeconds) } as FieldErrors, codes: null },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  // The codes are in this answer only: they are stored hashed.
  return data(
    { errors: undefined, codes: result.recoveryCodes },
    { headers: { "Set-Cookie": sessionCookie(result.session.token, result.session.expiresAt) } },
  );
}

export default function SetUpAuthenticator() {
  const { returnTo, setup } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  if (actionData?.codes) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <RecoveryCodes codes={actionData.codes} continueTo={returnTo} />
        </div>
      </div>
    );
  }
  if (!setup) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Your authenticator app is set up</h1>
          <p className="govuk-body">
            <Link className="govuk-link" to={TWO_FACTOR_PATH}>
              Back to two-step verification
            </Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["code"]} />
        <h1 className="govuk-heading-l">Set up an authenticator app</h1>
        <p className="govuk-body">
          An authenticator app on your phone shows a new 6-digit code every 30 seconds. You will enter one when you sign
          in, as well as your password. Any authenticator app works, for example Google Authenticator, Microsoft
          Authenticator or the one built into your password manager.
        </p>
        <h2 className="govuk-heading-m">1. Scan the QR code</h2>
        <p className="govuk-body">In the app, choose to add an account, then point your phone at this code.</p>
        <img src={setup.qrDataUrl} alt="QR code to scan with your authenticator app" width={200} height={200} />
        <p className="govuk-body">If you cannot scan it, choose to enter a key instead, and type this key:</p>
        <p className="govuk-body govuk-!-font-weight-bold">
          <code id="authenticator-key">{setup.keyText}</code>
        </p>
        <h2 className="govuk-heading-m">2. Enter the code the app shows</h2>
        <Form method="post" noValidate>
          <TextInput
            name="code"
            label="Code from your authenticator app"
            labelSize="s"
            hint="The 6-digit code, for example 123456"
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            width="5"
            error={errors?.code}
          />
          <Button>Continue</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
