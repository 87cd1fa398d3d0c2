import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { Panel } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";

// /account/erased: where someone lands once their account is deleted (they are signed out by
// then, so the page is open to anyone and says nothing about anyone).

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Your account has been deleted", error, matches) },
];

export default function AccountErased() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Panel title="Your account has been deleted" />
        <p className="govuk-body">
          We have deleted your name, email address and sign-in details, and you have been signed out.
        </p>
        <p className="govuk-body">
          Your organisation&apos;s entries, any awards and payments, and our audit trail are kept without your name, as
          explained on our{" "}
          <Link className="govuk-link" to="/privacy">
            privacy page
          </Link>
          .
        </p>
        <p className="govuk-body">
          You can{" "}
          <Link className="govuk-link" to="/register">
            create a new account
          </Link>{" "}
          with the same email address at any time.
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
