import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { formError } from "../security/app-error-responses.server";
import { isAppError } from "../services/app-error.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { OrganisationForm } from "../components/OrganisationForm";
import { pageTitle } from "../components/page-title";
import { parseForm } from "../domain/forms";
import { organisationSchema } from "../domain/organisation-schema";
import {
  organisationForUser,
  organisationFormOptions,
  updateOrganisation,
} from "../services/entries/organisations.server";

// /organisation/edit: any member changes their own organisation's details. There is no id in the
// address: the organisation is always the signed-in person's own.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, matches }) => [
  { title: pageTitle("Change your organisation's details", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "entrant");
  const organisation = await organisationForUser(actorFrom(user, args));
  if (!organisation) throw redirect("/organisation");
  const { localAuthorities } = await organisationFormOptions();
  return {
    localAuthorities,
    stored: {
      name: organisation.name,
      type: organisation.type,
      registrationNumber: organisation.registration_number ?? "",
      localAuthorityCode: organisation.local_authority_code,
      postcode: organisation.postcode,
      website: organisation.website ?? "",
      contactName: organisation.contact_name,
      contactEmail: organisation.contact_email,
      contactPhone: organisation.contact_phone ?? "",
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "entrant");
  const form = parseForm(organisationSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const { changed } = await updateOrganisation(actorFrom(user, args), form.data);
    return redirect(changed.length ? "/organisation?notice=updated" : "/organisation");
  } catch (error) {
    // In no organisation (left it meanwhile): the organisation page offers to create or join one.
    if (isAppError(error, "not_found")) return redirect("/organisation");
    if (isAppError(error, "invalid")) return formError(error, form.values);
    throw error;
  }
}

export default function EditOrganisation() {
  const { localAuthorities, stored } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/organisation" className="govuk-back-link">
          Back
        </Link>
        <h1 className="govuk-heading-l">Change your organisation&rsquo;s details</h1>
        <p className="govuk-body">Every member of your organisation sees these details and can change them.</p>
        <OrganisationForm
          errors={actionData?.errors}
          values={actionData?.values ?? stored}
          localAuthorities={localAuthorities}
          submitText="Save changes"
        />
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
