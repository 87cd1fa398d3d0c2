import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireUser, safeReturnTo } from "../auth/guards.server";
import { NotificationBanner, Panel } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { describeLifetime } from "../domain/tokens";
import { resendVerification } from "../services/accounts/accounts.server";
import { tooManyAttemptsMessage } from "../services/accounts/rate-limit.server";

// /verify-email: for a signed-in person whose address is not confirmed yet, "check your email"
// and a button to send a new link. A confirmation link lands here once it has signed the person
// in (?confirmed=1), with the returnTo it carried, so they can carry on where they were.
// Pages that refuse an unconfirmed account (submitting an entry, inviting a colleague) link here.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  {
    title: `${
      loaderData?.verified
        ? loaderData.justConfirmed
          ? "Email address confirmed"
          : "Your email address is confirmed"
        : "Confirm your email address"
    } - Community Recovery Innovation Challenge`,
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const url = new URL(args.request.url);
  const rawReturnTo = url.searchParams.get("returnTo");
  const returnTo = rawReturnTo !== null && rawReturnTo.length <= 2000 ? safeReturnTo(rawReturnTo, "") || null : null;
  return {
    email: user.email,
    verified: user.emailVerified,
    justConfirmed: url.searchParams.get("confirmed") === "1",
    returnTo,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const result = await resendVerification(actorFrom(user, args), { ip: args.context.ip });
  switch (result.kind) {
    case "rate_limited":
      return data(
        { errors: { form: tooManyAttemptsMessage(result.retryAfterSeconds) }, sentTo: null },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "sent":
      return { errors: null, sentTo: result.email };
    case "already_verified":
      return { errors: null, sentTo: null };
  }
}

export default function ConfirmYourEmail() {
  const { email, verified, justConfirmed, returnTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();

  if (verified && justConfirmed) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Panel title="Email address confirmed">Thank you for confirming your email address</Panel>
          <p className="govuk-body">
            You are signed in as <strong>{email}</strong>.
          </p>
          <p className="govuk-body">
            <Link
              className="govuk-button"
              role="button"
              draggable={false}
              data-module="govuk-button"
              to={returnTo ?? "/account"}
            >
              {returnTo ? "Continue" : "Continue to your account"}
            </Link>
          </p>
        </div>
      </div>
    );
  }

  if (verified) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Your email address is confirmed</h1>
          <p className="govuk-body">
            You confirmed <strong>{email}</strong>. There is nothing more to do.
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/account">
              Go to your account
            </Link>
          </p>
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} />
        {actionData?.sentTo ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">We have sent a new link to {actionData.sentTo}.</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Confirm your email address</h1>
        <p className="govuk-body">
          We sent a link to <strong>{email}</strong>. Open it to confirm this is your email address. Each link works
          once, for {describeLifetime("verify_email")}.
        </p>
        <p className="govuk-body">
          Emails sometimes take a few minutes to arrive. Check your spam or junk folder. If you cannot find it, we can
          send a new link.
        </p>
        <Form method="post">
          <Button variant="secondary">Send a new link</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/account">
            Go to your account
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
