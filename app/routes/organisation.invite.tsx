import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { formError } from "../security/app-error-responses.server";
import { isAppError } from "../services/app-error.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { ConfirmEmailFirst } from "../components/ConfirmEmailFirst";
import { Button, ErrorSummary, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { parseForm } from "../domain/forms";
import { inviteColleagueSchema } from "../domain/organisation-schema";
import { tooManyAttemptsMessage } from "../services/accounts/rate-limit.server";
import {
  inviteColleague,
  ORGANISATION_INVITATION_DAYS,
  organisationForUser,
} from "../services/entries/organisations.server";

// /organisation/invite: a member invites a colleague by email to join their organisation.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, matches }) => [
  { title: pageTitle("Invite a colleague", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "entrant");
  const organisation = await organisationForUser(actorFrom(user, args));
  if (!organisation) throw redirect("/organisation");
  return {
    organisationName: organisation.name,
    invitationDays: ORGANISATION_INVITATION_DAYS,
    // Said up front; inviteColleague refuses regardless.
    unconfirmedEmail: user.emailVerified ? null : user.email,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "entrant");
  const form = parseForm(inviteColleagueSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  let result;
  try {
    result = await inviteColleague(actorFrom(user, args), form.data.email);
  } catch (error) {
    // In no organisation: the organisation page offers to create or join one.
    if (isAppError(error, "not_found")) return redirect("/organisation");
    // A member's address (400), or (403) an unconfirmed inviter: said in the error summary.
    if (isAppError(error)) return formError(error, form.values);
    throw error;
  }
  if (result.outcome === "rate_limited") {
    return data(
      { errors: { form: tooManyAttemptsMessage(result.retryAfterSeconds) }, values: form.values },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  return redirect(`/organisation?notice=invited&id=${result.invitationId}`);
}

export default function InviteColleague() {
  const { organisationName, invitationDays, unconfirmedEmail } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/organisation" className="govuk-back-link">
          Back
        </Link>
        <ErrorSummary errors={errors} order={["email"]} />
        <span className="govuk-caption-l">{organisationName}</span>
        <h1 className="govuk-heading-l">Invite a colleague</h1>
        <p className="govuk-body">
          We will email your colleague a link to join {organisationName}. Once they join, they can see and change all of
          your organisation&rsquo;s entries, and invite others.
        </p>
        <p className="govuk-body">
          The link works once, for {invitationDays} days. They need to create an account or sign in with the email
          address you give here. A person can belong to one organisation.
        </p>
        {unconfirmedEmail ? <ConfirmEmailFirst email={unconfirmedEmail} action="invite a colleague" /> : null}
        <Form method="post" noValidate>
          <TextInput
            name="email"
            label="Your colleague's email address"
            type="email"
            autoComplete="off"
            spellCheck={false}
            error={errors?.email}
            defaultValue={valueOf(actionData?.values, "email")}
          />
          <Button>Send invitation</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
