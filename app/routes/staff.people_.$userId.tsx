import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { NotificationBanner, SummaryList, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { getPerson, resetSecondFactor, type SecondFactorSummary } from "../services/accounts/people.server";

// /staff/people/:userId: one person's account, roles and two-step verification, for staff. A
// lost second factor is reset from here: ?confirm=reset asks first, and only a POST from that
// page resets it.

const ID = z.coerce.number().int().min(1).max(2_147_483_647);

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData?.confirm ? "Reset two-step verification" : (loaderData?.person.name ?? "Person"),
      error,
      matches,
    ),
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const userId = ID.safeParse(args.params.userId);
  if (!userId.success) throw notFound();
  const person = await getPerson(actorFrom(user, args), userId.data);
  const params = new URL(args.request.url).searchParams;
  return {
    person,
    confirm: params.get("confirm") === "reset" && person.hasAnythingToReset && !person.isSelf,
    notice: params.get("notice") === "reset",
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const userId = ID.safeParse(args.params.userId);
  if (!userId.success) throw notFound();
  // Resetting someone's second factor opens their account to whoever holds their password next: a
  // sensitive action, so a recent second factor.
  requireRecentSecondFactor(args, user);
  // Refusals (their own account; nothing left to reset) stay on the confirmation page.
  const result = await attempt(resetSecondFactor(actorFrom(user, args), userId.data));
  if (!result.ok) return formError(result.error, {});
  return redirect(`/staff/people/${userId.data}?notice=reset`);
}

function describeSecondFactor(factor: SecondFactorSummary): string {
  const parts: string[] = [];
  if (factor.authenticatorApp) parts.push("Authenticator app");
  if (factor.authenticatorAppPending) parts.push("Authenticator app (set-up not finished)");
  if (factor.passkeys > 0) parts.push(factor.passkeys === 1 ? "1 passkey" : `${factor.passkeys} passkeys`);
  if (factor.authenticatorApp || factor.passkeys > 0) {
    parts.push(
      factor.recoveryCodesLeft === 1 ? "1 recovery code left" : `${factor.recoveryCodesLeft} recovery codes left`,
    );
  }
  return parts.length ? parts.join(", ") : "Not set up";
}

export default function Person() {
  const { person, confirm, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  if (confirm || errors) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Link to={`/staff/people/${person.id}`} className="govuk-back-link">
            Back to {person.name}
          </Link>
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">
            {person.name} ({person.email})
          </span>
          <h1 className="govuk-heading-l">Reset two-step verification for {person.name}?</h1>
          <p className="govuk-body">
            Their authenticator app, passkeys and recovery codes will stop working, and they will be signed out
            everywhere. The next time they sign in with their password they will be asked to set up two-step
            verification again. We will email them to say so.
          </p>
          <WarningText>
            Only do this once you are sure the request comes from {person.name}: for example, call them on a number you
            already have for them, or see them on a video call. Never do it because of an email alone.
          </WarningText>
          <Form method="post">
            <div className="govuk-button-group">
              <Button variant="warning">Reset two-step verification</Button>
              <Link className="govuk-link" to={`/staff/people/${person.id}`}>
                Cancel
              </Link>
            </div>
          </Form>
        </div>
      </div>
    );
  }
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/people", text: "People and roles" },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {notice ? (
            <NotificationBanner success>
              <h3 className="govuk-notification-banner__heading">Two-step verification reset</h3>
              <p className="govuk-body">
                {person.name} has been signed out everywhere and emailed. They will set up two-step verification again
                when they next sign in.
              </p>
            </NotificationBanner>
          ) : null}
          <h1 className="govuk-heading-l">
            {person.name}
            {person.isSelf ? " (you)" : ""}
          </h1>
          <SummaryList
            rows={[
              { key: "Email address", value: person.email },
              {
                key: person.roles.length === 1 ? "Role" : "Roles",
                value: person.roles.length ? person.roles.join(", ") : "None",
              },
              { key: "Two-step verification", value: describeSecondFactor(person.secondFactor) },
            ]}
          />
          <h2 className="govuk-heading-m">If they have lost their phone or security key</h2>
          {person.isSelf ? (
            <p className="govuk-body">
              You cannot reset your own two-step verification. Ask another member of the programme staff to do it.
            </p>
          ) : person.hasAnythingToReset ? (
            <>
              <p className="govuk-body">
                Resetting removes their authenticator app, passkeys and recovery codes and signs them out, so that they
                can set up two-step verification again with their password.
              </p>
              <p className="govuk-body">
                <Link className="govuk-link" to={`/staff/people/${person.id}?confirm=reset`}>
                  Reset two-step verification
                  <span className="govuk-visually-hidden"> for {person.name}</span>
                </Link>
              </p>
            </>
          ) : (
            <p className="govuk-body">They have not set up two-step verification, so there is nothing to reset.</p>
          )}
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
