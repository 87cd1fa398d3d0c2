import { Form } from "@remix-run/react";
import type { FieldErrors, FormValues } from "../domain/forms";
import { ORGANISATION_TYPES } from "../domain/organisation-types";
import { Button, ErrorSummary, Radios, Select, TextInput, valueOf } from "./forms";

// The organisation's details, as one form for creating and for changing them. Everything fits
// on one page: it is short, and the registration number's rules depend on the type chosen above
// it, which a person can see without JavaScript.

export interface OrganisationFormProps {
  errors?: FieldErrors | null;
  /** What the person typed (after a failed post) or what is stored (when changing). */
  values: FormValues;
  localAuthorities: { code: string; name: string }[];
  submitText: string;
}

// The order of the error summary: the order of the fields on the page.
const FIELD_ORDER = [
  "name",
  "type",
  "registrationNumber",
  "localAuthorityCode",
  "postcode",
  "website",
  "contactName",
  "contactEmail",
  "contactPhone",
];

const REGISTRATION_HINT = (
  <>
    <span className="govuk-!-display-block">Charities: your charity number, like 1234567.</span>
    <span className="govuk-!-display-block">
      Community interest companies and other companies: your company number, like 01234567 or SC123456.
    </span>
    <span className="govuk-!-display-block">
      Co-operatives and mutuals: your Mutuals Register number, like 12345R, or your company number.
    </span>
    <span className="govuk-!-display-block">
      Leave this blank if your organisation is not registered. Community interest companies must give one.
    </span>
  </>
);

export function OrganisationForm({ errors, values, localAuthorities, submitText }: OrganisationFormProps) {
  const e = errors ?? undefined;
  return (
    <>
      <ErrorSummary errors={e} order={FIELD_ORDER} />
      <Form method="post" noValidate>
        <TextInput
          name="name"
          label="Name of your organisation"
          error={e?.name}
          defaultValue={valueOf(values, "name")}
          autoComplete="organization"
        />
        <Radios
          name="type"
          legend="Type of organisation"
          legendSize="m"
          error={e?.type}
          defaultValue={valueOf(values, "type")}
          options={ORGANISATION_TYPES.map((t) => ({ value: t.value, text: t.label, hint: t.hint }))}
        />
        <TextInput
          name="registrationNumber"
          label="Registration number (if you have one)"
          labelSize="m"
          hint={REGISTRATION_HINT}
          error={e?.registrationNumber}
          defaultValue={valueOf(values, "registrationNumber")}
          width="10"
          spellCheck={false}
        />
        <Select
          name="localAuthorityCode"
          label="Local authority area"
          labelSize="m"
          hint="The council area where your organisation is based"
          error={e?.localAuthorityCode}
          defaultValue={valueOf(values, "localAuthorityCode")}
          placeholder="Select an area"
          options={localAuthorities.map((la) => ({ value: la.code, text: la.name }))}
        />
        <TextInput
          name="postcode"
          label="Postcode"
          labelSize="m"
          hint="Of your organisation's address"
          error={e?.postcode}
          defaultValue={valueOf(values, "postcode")}
          width="10"
          autoComplete="postal-code"
          spellCheck={false}
        />
        <TextInput
          name="website"
          label="Website (optional)"
          labelSize="m"
          hint="For example https://www.example.org"
          error={e?.website}
          defaultValue={valueOf(values, "website")}
          type="url"
          autoComplete="url"
          spellCheck={false}
        />
        <fieldset className="govuk-fieldset" aria-describedby="contact-hint">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Main contact</legend>
          <div id="contact-hint" className="govuk-hint">
            The person the programme team should contact about your organisation's entries
          </div>
          <TextInput
            name="contactName"
            label="Full name"
            error={e?.contactName}
            defaultValue={valueOf(values, "contactName")}
            autoComplete="name"
            spellCheck={false}
          />
          <TextInput
            name="contactEmail"
            label="Email address"
            error={e?.contactEmail}
            defaultValue={valueOf(values, "contactEmail")}
            type="email"
            autoComplete="email"
            spellCheck={false}
          />
          <TextInput
            name="contactPhone"
            label="Telephone number (optional)"
            hint="For example 0121 496 0000 or 07700 900 982"
            error={e?.contactPhone}
            defaultValue={valueOf(values, "contactPhone")}
            type="tel"
            autoComplete="tel"
            width="20"
          />
        </fieldset>
        <Button>{submitText}</Button>
      </Form>
    </>
  );
}
