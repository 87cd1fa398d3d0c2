import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireUser, safeReturnTo } from "../auth/guards.server";
import { TWO_FACTOR_PATH } from "../auth/constants";
import { InsetText, NotificationBanner, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { RecoveryCodes } from "../components/RecoveryCodes";
import { parseForm, type FieldErrors } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import {
  getSecondFactorStatus,
  regenerateRecoveryCodes,
  removeAuthenticator,
} from "../services/accounts/second-factor.server";

// /account/two-factor: two-step verification. Which factors the person has (authenticator app,
// passkeys), how many recovery codes are left, new codes, turning the app off. Someone whose role
// needs a second factor and who has none is sent here before any other page.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Two-step verification", error, matches) },
];

const NOTICES = {
  removed: "Your authenticator app has been turned off. You have been signed out everywhere else.",
} as const;

const schema = z.object({ intent: z.enum(["regenerate", "remove-authenticator"]) });

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const status = await getSecondFactorStatus(actorFrom(user, args));
  const url = new URL(args.request.url);
  const updated = url.searchParams.get("updated");
  const returnTo = url.searchParams.get("returnTo");
  return {
    status,
    // Where to go once set up (the page the gate turned the person away from).
    returnTo: returnTo ? safeReturnTo(returnTo, TWO_FACTOR_PATH) : null,
    notice: updated && Object.hasOwn(NOTICES, updated) ? NOTICES[updated as keyof typeof NOTICES] : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  // New codes or one factor fewer: only with a second factor given in the last few minutes.
  requireRecentSecondFactor(args, user);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) throw new Response("Bad request", { status: 400 });
  const actor = actorFrom(user, args);
  if (form.data.intent === "regenerate") {
    const attempted = await attempt(regenerateRecoveryCodes(actor, { sessionId: user.sessionId }));
    if (!attempted.ok) return formError(attempted.error, {});
    return { codes: attempted.value, errors: undefined };
  }
  const attempted = await attempt(removeAuthenticator(actor, { sessionId: user.sessionId }));
  if (!attempted.ok) return formError(attempted.error, {});
  return redirect(`${TWO_FACTOR_PATH}?updated=removed`);
}

export default function TwoFactor() {
  const { status, returnTo, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  if (actionData && "codes" in actionData && actionData.codes) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <RecoveryCodes codes={actionData.codes} continueTo={TWO_FACTOR_PATH} />
        </div>
      </div>
    );
  }
  const hasFactor = status.authenticator || status.passkeys > 0;
  const setUpLink = `${TWO_FACTOR_PATH}/authenticator${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {notice ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">{notice}</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Two-step verification</h1>
        {status.privileged && !hasFactor ? (
          <InsetText>
            Your role lets you see people&apos;s details, decide awards or move money, so your account needs a second
            step when you sign in. Set up an authenticator app or a passkey to continue.
          </InsetText>
        ) : (
          <p className="govuk-body">
            As well as your password, you show it is you with your phone: a code from an authenticator app, or a
            passkey.
          </p>
        )}
        <SummaryList
          rows={[
            {
              key: "Authenticator app",
              value: status.authenticator ? "On" : "Off",
              action: status.authenticator
                ? undefined
                : { href: setUpLink, text: "Set up", visuallyHidden: "an authenticator app" },
            },
            {
              key: "Passkeys",
              value: status.passkeys === 0 ? "None" : `${status.passkeys}`,
              action: { href: "/account/passkeys", text: "Manage", visuallyHidden: "passkeys" },
            },
            hasFactor && {
              key: "Recovery codes",
              value: `${status.recoveryCodesLeft} of 10 left`,
            },
          ]}
        />
        {hasFactor && returnTo ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={returnTo}>
              Continue to the page you asked for
            </Link>
          </p>
        ) : null}
        {hasFactor ? (
          <>
            <h2 className="govuk-heading-m">Recovery codes</h2>
            <p className="govuk-body">
              Making new codes replaces all your old ones, used or not. You will be signed out everywhere else.
            </p>
            <Form method="post">
              <Button variant="secondary" name="intent" value="regenerate">
                Make new recovery codes
              </Button>
            </Form>
          </>
        ) : null}
        {status.authenticator ? (
          <>
            <h2 className="govuk-heading-m">Turn off your authenticator app</h2>
            {status.canRemoveAuthenticator ? (
              <Form method="post">
                <Button variant="warning" name="intent" value="remove-authenticator">
                  Turn off authenticator app
                </Button>
              </Form>
            ) : (
              <p className="govuk-body">
                Your role needs a second factor: add a passkey before you can turn off your authenticator app.
              </p>
            )}
          </>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
