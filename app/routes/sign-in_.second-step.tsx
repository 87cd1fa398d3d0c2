import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getCurrentUser, safeReturnTo, signInRedirect } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { PasskeyButton } from "../components/PasskeyButton";

// PLACEHOLDER, FOR THE MERGE: delete this file when the authenticator-app branch's second sign-in
// step (/sign-in/second-step, with codes and recovery codes) lands; that page renders the same
// <PasskeyButton returnTo={returnTo} /> in the place it keeps for it. Until then this is the
// smallest second step there can be, so that a passkey can be used after the password.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Confirm it is you to finish signing in", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await getCurrentUser(args);
  if (!user) throw signInRedirect(args.request);
  return { returnTo: safeReturnTo(new URL(args.request.url).searchParams.get("returnTo"), "/account") };
}

export default function SecondStep() {
  const { returnTo } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Confirm it is you to finish signing in</h1>
        <p className="govuk-body">Use the passkey you added to your account.</p>
        <PasskeyButton returnTo={returnTo} />
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
