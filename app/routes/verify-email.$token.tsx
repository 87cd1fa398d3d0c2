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
import { getCurrentUser, safeReturnTo } from "../auth/guards.server";
import { sessionCookie, sessionPlace } from "../auth/session.server";
import { NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { describeLifetime } from "../domain/tokens";
import {
  checkVerifyLink,
  resendVerification,
  type ResendResult,
  verifyEmail,
  type VerifyLinkState,
} from "../services/accounts/accounts.server";
import { tooManyAttemptsMessage } from "../services/accounts/rate-limit.server";
import { isAppError } from "../services/app-error.server";

// /verify-email/:token, the link in a confirmation email. Opening it shows one button; pressing
// it (a POST) confirms the address (the link is the proof, and it works once) and signs the
// person in, in a fresh session that replaces any this browser had: registering does not sign
// anyone in, so that it looks the same for a new address and a known one. Only the POST uses the
// link: mail scanners that fetch every link in a message cannot use it up, and a link someone
// else sends cannot sign a person in to that someone's account unawares (a GET could, from an
// image tag). They are then sent on, with the token out of the address bar, to /verify-email and
// from there to the `returnTo` the link carries (an organisation invitation, say). A link that
// has expired or been used says so plainly and, while the address is still unconfirmed, offers
// to send a new one (carrying the same returnTo).

type State = "valid" | "expired" | "used" | "invalid";

const TITLES: Record<State, string> = {
  valid: "Confirm your email address",
  expired: "This link has expired",
  used: "This link has already been used",
  invalid: "This link is not valid",
};

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  { title: pageTitle(TITLES[loaderData?.state ?? "invalid"], error, matches) },
];

// The address carries the token: no other site may see it in a Referer header. Not "no-referrer":
// that makes browsers send "Origin: null" with this page's forms, which the cross-site check refuses.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers({ "Referrer-Policy": "same-origin" });
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

// A path on this site, or nothing; the register page checked it too, but the link can be edited.
function returnToFrom(request: Request): string | null {
  const value = new URL(request.url).searchParams.get("returnTo");
  return value !== null && value.length <= 2000 ? safeReturnTo(value, "") || null : null;
}

export async function loader(args: LoaderFunctionArgs) {
  const returnTo = returnToFrom(args.request);
  const [user, link] = await Promise.all([getCurrentUser(args), checkVerifyLink(args.params.token ?? "")]);
  return linkStateData(link, user !== null, returnTo);
}

function linkStateData(link: VerifyLinkState, signedIn: boolean, returnTo: string | null) {
  switch (link.kind) {
    case "valid":
      return data({ state: "valid" as State, signedIn, canResend: false, alreadyVerified: false, returnTo });
    case "expired":
    case "used":
      return data(
        {
          state: link.kind as State,
          signedIn,
          canResend: !link.alreadyVerified,
          alreadyVerified: link.alreadyVerified,
          returnTo,
        },
        { status: 410 },
      );
    case "invalid":
      return data(
        { state: "invalid" as State, signedIn, canResend: false, alreadyVerified: false, returnTo: null },
        { status: 404 },
      );
  }
}

export async function action(args: ActionFunctionArgs) {
  const form = await args.request.formData();
  if (form.get("intent") === "confirm") {
    const returnTo = returnToFrom(args.request);
    // Looked up first: the session this browser already has is the one a confirmation replaces.
    const user = await getCurrentUser(args);
    const result = await verifyEmail(args.params.token ?? "", {
      ...sessionPlace(args),
      ip: args.context.ip,
      replacingSessionId: user?.sessionId,
    });
    if (result.kind === "verified") {
      throw redirect(`/verify-email?confirmed=1${returnTo ? `&returnTo=${encodeURIComponent(returnTo)}` : ""}`, {
        headers: { "Set-Cookie": sessionCookie(result.session.token, result.session.expiresAt) },
      });
    }
    // Used or expired between opening the page and pressing the button: the page says which.
    const url = new URL(args.request.url);
    throw redirect(url.pathname + url.search);
  }
  let result: ResendResult;
  try {
    result = await resendVerification(
      { token: args.params.token ?? "" },
      { ip: args.context.ip, returnTo: returnToFrom(args.request) },
    );
  } catch (error) {
    // No such link: said on this page, as a 404.
    if (!isAppError(error, "not_found")) throw error;
    return data({ errors: { form: error.message }, sentTo: null, alreadyVerified: false }, { status: 404 });
  }
  switch (result.kind) {
    case "rate_limited":
      return data(
        { errors: { form: tooManyAttemptsMessage(result.retryAfterSeconds) }, sentTo: null, alreadyVerified: false },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "already_verified":
      return { errors: null, sentTo: null, alreadyVerified: true };
    case "sent":
      return { errors: null, sentTo: result.email, alreadyVerified: false };
  }
}

export default function VerifyEmailLink() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { state, signedIn, returnTo } = loaderData;
  const alreadyVerified =
    actionData?.alreadyVerified || ("alreadyVerified" in loaderData && loaderData.alreadyVerified);
  // A used link (perhaps opened by a mail scanner first) signs nobody in: sign in with the
  // password instead, and still come back to where the link would have gone.
  const next = signedIn ? (
    <Link
      className="govuk-button"
      role="button"
      draggable={false}
      data-module="govuk-button"
      to={returnTo ?? "/account"}
    >
      {returnTo ? "Continue" : "Continue to your account"}
    </Link>
  ) : (
    <Link
      className="govuk-button"
      role="button"
      draggable={false}
      data-module="govuk-button"
      to={returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : "/sign-in"}
    >
      Sign in
    </Link>
  );

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} />
        {actionData?.sentTo ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">
              We have sent a new link to {actionData.sentTo}. It works for {describeLifetime("verify_email")}.
            </p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">{TITLES[state]}</h1>
        {state === "valid" ? (
          <>
            <p className="govuk-body">
              Confirm that this is your email address to finish setting up your account. This also signs you in on this
              device.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="confirm" />
              <Button>Confirm and sign in</Button>
            </Form>
          </>
        ) : state === "invalid" ? (
          <p className="govuk-body">
            The link may be incomplete. If you copied it from the email, check you copied all of it.
          </p>
        ) : alreadyVerified ? (
          <>
            <p className="govuk-body">Your email address is already confirmed, so there is nothing more to do.</p>
            <p className="govuk-body">{next}</p>
          </>
        ) : state === "expired" ? (
          <p className="govuk-body">Links to confirm an email address work for {describeLifetime("verify_email")}.</p>
        ) : (
          <p className="govuk-body">Each link to confirm an email address works once.</p>
        )}
        {loaderData.canResend && !alreadyVerified && !actionData?.sentTo ? (
          <Form method="post">
            <input type="hidden" name="intent" value="resend" />
            <Button>Send a new link</Button>
          </Form>
        ) : null}
        {state === "invalid" ? (
          <p className="govuk-body">
            You can ask for a new link from{" "}
            <Link className="govuk-link" to="/account">
              your account
            </Link>
            .
          </p>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
