import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireUser } from "../auth/guards.server";
import { InsetText, NotificationBanner, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button } from "../components/forms";
import { roleLabel } from "../domain/roles";
import { formatDate } from "../domain/time";
import { getAccount } from "../services/accounts/accounts.server";

// /account: who the signed-in person is, whether their email address is confirmed, what they can
// do in the service, and the way to change their name, email address or password, see where they
// are signed in or sign out.

export const meta: MetaFunction = () => [{ title: "Your account - Community Recovery Innovation Challenge" }];

const NOTICES = {
  password: "Your password has been changed. You have been signed out everywhere else.",
  "password-reset": "Your password has been reset and you are signed in. You have been signed out everywhere else.",
  name: "Your name has been changed.",
  email: "Your email address has been changed. You have been signed out everywhere else.",
} as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const account = await getAccount(actorFrom(user, args));
  const updated = new URL(args.request.url).searchParams.get("updated");
  return {
    name: account.name,
    email: account.email,
    verifiedOn: account.emailVerifiedAt ? formatDate(account.emailVerifiedAt) : null,
    passwordChangedOn: account.passwordChangedAt ? formatDate(account.passwordChangedAt) : null,
    roles: user.roles.map((role) => roleLabel(role)),
    twoStep: user.hasSecondFactor,
    notice: updated && Object.hasOwn(NOTICES, updated) ? NOTICES[updated as keyof typeof NOTICES] : null,
  };
}

export default function Account() {
  const { name, email, verifiedOn, passwordChangedOn, roles, twoStep, notice } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">{notice}</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Your account</h1>
        {verifiedOn ? null : (
          <InsetText>
            Confirm your email address, so that we know emails about your entry will reach you.{" "}
            <Link className="govuk-link" to="/verify-email">
              Send a new confirmation link
            </Link>
          </InsetText>
        )}
        <SummaryList
          rows={[
            {
              key: "Name",
              value: name,
              action: { href: "/account/name", text: "Change", visuallyHidden: "your name" },
            },
            {
              key: "Email address",
              value: email,
              action: { href: "/account/email", text: "Change", visuallyHidden: "your email address" },
            },
            {
              key: "Email address confirmed",
              value: verifiedOn ? `Yes, on ${verifiedOn}` : "No",
              action: verifiedOn
                ? undefined
                : { href: "/verify-email", text: "Confirm", visuallyHidden: "your email address" },
            },
            { key: roles.length === 1 ? "Role" : "Roles", value: roles.length ? roles.join(", ") : "None yet" },
            {
              key: "Two-step verification",
              value: twoStep ? "On" : "Off",
            },
            {
              key: "Password",
              value: passwordChangedOn ? `Last changed on ${passwordChangedOn}` : "Not recorded",
              action: { href: "/account/password", text: "Change", visuallyHidden: "your password" },
            },
          ]}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to="/account/two-factor">
            Two-step verification
          </Link>
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/account/sessions">
            See where you are signed in
          </Link>{" "}
          and sign out of other devices.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/account/your-data">
            See and download your data
          </Link>
          : everything this service holds about you.
        </p>
        <Form method="post" action="/sign-out">
          <Button variant="secondary">Sign out</Button>
        </Form>
        <h2 className="govuk-heading-m">Delete your account</h2>
        <p className="govuk-body">
          <Link className="govuk-link" to="/account/erase">
            Delete your account
          </Link>{" "}
          and the personal information we hold about you.
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
