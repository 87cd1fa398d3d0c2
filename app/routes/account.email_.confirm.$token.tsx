import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { describeLifetime } from "../domain/tokens";
import { checkEmailChangeLink, confirmEmailChange } from "../services/accounts/rectification.server";

// /account/email/confirm/:token, the link sent to a new address. Opening it shows the address and
// one button; pressing it (a POST) makes it the account's address, so a mail scanner fetching the
// link changes nothing. It works whether or not this browser is signed in, and signs nobody in:
// the link proves the address, not the password. The person is signed out everywhere else; a
// browser signed in to the same account stays signed in and goes back to the account page.

type State = "valid" | "expired" | "used" | "invalid" | "taken";

const TITLES: Record<State, string> = {
  valid: "Confirm your new email address",
  expired: "This link has expired",
  used: "This link has already been used",
  invalid: "This link is not valid",
  taken: "That email address cannot be used",
};

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  { title: pageTitle(TITLES[loaderData?.state ?? "invalid"], error, matches) },
];

// The address carries the token: no other site may see it in a Referer header.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin" });

export async function loader(args: LoaderFunctionArgs) {
  const link = await checkEmailChangeLink(args.params.token ?? "");
  switch (link.kind) {
    case "valid":
      return data({ state: "valid" as State, newEmail: link.newEmail });
    case "expired":
    case "used":
      return data({ state: link.kind as State, newEmail: null }, { status: 410 });
    case "invalid":
      return data({ state: "invalid" as State, newEmail: null }, { status: 404 });
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = await getCurrentUser(args);
  const result = await confirmEmailChange(args.params.token ?? "", {
    ip: args.context.ip,
    keepSession: user?.sessionId ?? null,
  });
  if (result.kind === "changed") {
    if (user?.id === result.userId) throw redirect("/account?updated=email");
    return { changed: true, state: null, newEmail: result.newEmail };
  }
  if (result.kind === "address_taken") {
    return data({ changed: false, state: "taken" as State, newEmail: null }, { status: 409 });
  }
  if (result.kind === "invalid")
    return data({ changed: false, state: "invalid" as State, newEmail: null }, { status: 404 });
  // Used or expired between opening the page and pressing the button: the page says which.
  const url = new URL(args.request.url);
  throw redirect(url.pathname);
}

export default function ConfirmEmailChange() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();

  if (actionData?.changed) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Your email address has been changed</h1>
            <div className="govuk-panel__body">
              Your email address is now <strong>{actionData.newEmail}</strong>
            </div>
          </div>
          <p className="govuk-body">
            We have emailed your old address to say so, and signed you out on your other devices. Sign in with your new
            email address and your password.
          </p>
          <p className="govuk-body">
            <Link className="govuk-button" role="button" draggable={false} data-module="govuk-button" to="/sign-in">
              Sign in
            </Link>
          </p>
        </div>
      </div>
    );
  }

  const state = actionData?.state ?? loaderData.state;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{TITLES[state]}</h1>
        {state === "valid" ? (
          <>
            <p className="govuk-body">
              Confirm that you want to use <strong>{loaderData.newEmail}</strong> as the email address for your account.
              You will be signed out on your other devices.
            </p>
            <Form method="post">
              <Button>Confirm new email address</Button>
            </Form>
          </>
        ) : state === "taken" ? (
          <p className="govuk-body">
            Your email address has not been changed. Sign in with your current address and choose a different one.
          </p>
        ) : state === "invalid" ? (
          <p className="govuk-body">
            The link may be incomplete. If you copied it from the email, check you copied all of it.
          </p>
        ) : state === "expired" ? (
          <p className="govuk-body">
            Links to confirm a new email address work for {describeLifetime("change_email")}, and only the newest link
            we sent you works. A link also stops working if your password is changed after it was sent.
          </p>
        ) : (
          <p className="govuk-body">Each link to confirm a new email address works once.</p>
        )}
        {state !== "valid" ? (
          <p className="govuk-body">
            You can ask for a new link from{" "}
            <Link className="govuk-link" to="/account/email">
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
