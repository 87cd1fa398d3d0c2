import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { attempt, formError } from "../security/app-error-responses.server";
import { InsetText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { OrganisationForm } from "../components/OrganisationForm";
import { pageTitle } from "../components/page-title";
import { parseForm } from "../domain/forms";
import { organisationSchema } from "../domain/organisation-schema";
import {
  createOrganisation,
  organisationForUser,
  organisationFormOptions,
} from "../services/entries/organisations.server";

// /organisation/new: an entrant sets up the organisation they enter for, and becomes its first
// member. Someone who already belongs to one is sent to it: a person has one organisation.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, matches }) => [
  { title: pageTitle("Set up your organisation", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "entrant");
  if (await organisationForUser(actorFrom(user, args))) throw redirect("/organisation");
  const { localAuthorities } = await organisationFormOptions();
  // The person setting it up is usually its main contact.
  return { localAuthorities, suggested: { contactName: user.name, contactEmail: user.email } };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "entrant");
  const form = parseForm(organisationSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(createOrganisation(actorFrom(user, args), form.data));
  if (result.ok) return redirect("/organisation?notice=created");
  // Already in an organisation (one tab created it, or an invitation was accepted): show it.
  if (result.error.kind === "conflict") return redirect("/organisation");
  return formError(result.error, form.values);
}

export default function NewOrganisation() {
  const { localAuthorities, suggested } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/organisation" className="govuk-back-link">
          Back
        </Link>
        <h1 className="govuk-heading-l">Set up your organisation</h1>
        <p className="govuk-body">
          Entries to the challenge are made by organisations. Tell us about yours. You can change these details later.
        </p>
        <InsetText>
          You can belong to one organisation. If a colleague has already set up your organisation, ask them to invite
          you instead: they can do it from their &lsquo;Your organisation&rsquo; page.
        </InsetText>
        <OrganisationForm
          errors={actionData?.errors}
          values={actionData?.values ?? suggested}
          localAuthorities={localAuthorities}
          submitText="Save and continue"
        />
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
