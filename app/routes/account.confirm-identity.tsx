import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser, safeReturnTo, TWO_FACTOR_PATH } from "../auth/guards.server";
import { FRESH_SECOND_FACTOR_MINUTES } from "../auth/constants";
import { secondFactorAction, secondFactorPage } from "../auth/second-factor-step.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { SecondFactorForm } from "../components/SecondFactorForm";
import type { FieldErrors } from "../domain/forms";

// /account/confirm-identity?returnTo=/somewhere: before a sensitive action (money, award lists,
// roles, exports of personal data), the second factor must have been given in the last few
// minutes. The person gives it again here and goes back to where they were.

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Confirm it is you", error, matches) }];

function returnToFrom(request: Request): string {
  return safeReturnTo(new URL(request.url).searchParams.get("returnTo"), "/account");
}

/** Someone with no second factor has nothing to confirm with: they are sent to set one up. */
async function personWithSecondFactor(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await requireUser(args);
  if (!user.hasSecondFactor) {
    throw redirect(`${TWO_FACTOR_PATH}?returnTo=${encodeURIComponent(returnToFrom(args.request))}`);
  }
  return user;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await personWithSecondFactor(args);
  return {
    ...(await secondFactorPage(args, user, returnToFrom(args.request))),
    minutes: FRESH_SECOND_FACTOR_MINUTES,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await personWithSecondFactor(args);
  return secondFactorAction(args, user, returnToFrom(args.request));
}

export default function ConfirmIdentity() {
  const { returnTo, method, hasAuthenticator, hasPasskey, demoCode, minutes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors | undefined = actionData?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["code"]} />
        <h1 className="govuk-heading-l">Confirm it is you</h1>
        <p className="govuk-body">
          What you are doing needs a code given in the last {minutes} minutes. After you enter it you will go back to
          the page you were on: check what you were doing and do it again.
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
