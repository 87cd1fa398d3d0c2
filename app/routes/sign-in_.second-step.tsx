import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getCurrentUser, safeReturnTo, signInRedirect } from "../auth/guards.server";
import { secondFactorAction, secondFactorPage } from "../auth/second-factor-step.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { SecondFactorForm } from "../components/SecondFactorForm";
import type { FieldErrors } from "../domain/forms";

// /sign-in/second-step?returnTo=/somewhere: after the password, a code from the authenticator app
// (or a recovery code, or a passkey). Until then the session opens no signed-in page. The "_" in
// the file name keeps it out of the sign-in page's layout (that page has no outlet).

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Enter a code to finish signing in", error, matches) },
];

const DEFAULT_RETURN = "/account";

function returnToFrom(request: Request): string {
  return safeReturnTo(new URL(request.url).searchParams.get("returnTo"), DEFAULT_RETURN);
}

/** The person between their password and their second factor; anyone else is sent on. */
async function pendingUser(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await getCurrentUser(args);
  if (!user) throw signInRedirect(args.request);
  if (!user.hasSecondFactor || user.secondFactorAt !== null) throw redirect(returnToFrom(args.request));
  return user;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await pendingUser(args);
  return secondFactorPage(args, user, returnToFrom(args.request));
}

export async function action(args: ActionFunctionArgs) {
  const user = await pendingUser(args);
  return secondFactorAction(args, user, returnToFrom(args.request));
}

export default function SecondStep() {
  const { returnTo, method, hasAuthenticator, hasPasskey, demoCode } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["code"]} />
        <h1 className="govuk-heading-l">Enter a code to finish signing in</h1>
        <p className="govuk-body">
          Your account is protected by two-step verification. You have entered your password; now show it is you.
        </p>
        <SecondFactorForm
          method={method}
          hasAuthenticator={hasAuthenticator}
          returnTo={returnTo}
          errors={errors}
          demoCode={demoCode}
          hasPasskey={hasPasskey}
        />
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
