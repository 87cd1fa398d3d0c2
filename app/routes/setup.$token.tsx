import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { sessionCookie } from "../auth/session.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { NewAccountFields } from "../components/NewAccountFields";
import { pageTitle } from "../components/page-title";
import { parseForm, type FieldErrors } from "../domain/forms";
import { NEW_ACCOUNT_ORDER, newAccountSchema } from "../domain/new-account-form";
import { attempt } from "../security/app-error-responses.server";
import {
  checkFirstStaffLink,
  createFirstStaffAccount,
  FIRST_STAFF_LINK_HOURS,
} from "../services/accounts/first-staff.server";

// /setup/:token: the one-time link a real (non-demo) service prints in its terminal when it has no
// staff account. It creates the first staff account. A link that is unknown, replaced, used, or
// opened once a staff account exists is a page that does not exist (404); an expired one says to
// restart the service for a new link.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData?.state === "expired" ? "This set-up link has expired" : "Set up the first staff account",
      error,
      matches,
    ),
  },
];

// The address carries the token: no other site may see it in a Referer header.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin" });

export async function loader({ params }: LoaderFunctionArgs) {
  // A link that is no good is not found (the 404 page).
  const state = await checkFirstStaffLink(params.token ?? "");
  if (state === "expired") return data({ state }, { status: 410 });
  return { state };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = parseForm(newAccountSchema, await request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values, expired: false }, { status: 400 });
  const result = await attempt(
    createFirstStaffAccount(params.token ?? "", form.data, {
      ip: context.ip,
      userAgent: request.headers.get("user-agent"),
    }),
  );
  if (!result.ok) {
    // The link expired while the form was open (a conflict): the page that says to restart.
    if (result.error.kind === "conflict") return data({ errors: null, values: null, expired: true }, { status: 410 });
    const errors: FieldErrors = { [result.error.field ?? "form"]: result.error.message };
    return data({ errors, values: form.values, expired: false }, { status: 400 });
  }
  const { session } = result.value;
  return redirect("/staff", { headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt) } });
}

export default function FirstStaffSetup() {
  const { state } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (state === "expired" || actionData?.expired) return <Expired />;
  const errors: FieldErrors | undefined = actionData?.errors ?? undefined;
  const values = actionData?.values ?? undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={NEW_ACCOUNT_ORDER} />
        <h1 className="govuk-heading-l">Set up the first staff account</h1>
        <p className="govuk-body">
          This account can manage the challenge and invite the rest of the programme team. This link works once.
        </p>
        <Form method="post" noValidate>
          <NewAccountFields
            errors={errors}
            values={values}
            emailHint="Use your work email address: the service sends sign-in and password reset emails to it"
          />
          <Button>Create staff account</Button>
        </Form>
      </div>
    </div>
  );
}

function Expired() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">This set-up link has expired</h1>
        <p className="govuk-body">Set-up links work for {FIRST_STAFF_LINK_HOURS} hours.</p>
        <p className="govuk-body">
          Restart the service to get a new link: it is printed in the terminal (or the service&apos;s log) on every
          start until the first staff account exists.
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
