import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { SummaryList, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, TextInput, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { londonWallTimeToInstant } from "../domain/deadline";
import { instantToParts, readClockTime, readDateParts } from "../domain/london-date-input";
import { parseEntryReference } from "../domain/entry-reference";
import { parseForm, type FieldErrors, type FormValues } from "../domain/forms";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { extensionContext, revokeExtensionForEntry, setExtensionForEntry } from "../services/entries/extensions.server";

// /staff/entries/:ref/extension: give the organisation behind an entry a later closing time for
// the entry's challenge, change it, or take it away. The new time is entered in UK time.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaderData, error }) => [
  {
    title: pageTitle(
      loaderData ? `Extend the deadline for ${loaderData.context.organisation.name}` : "Extend the deadline",
      error,
    ),
  },
];

function referenceParam(value: string | undefined): string {
  const reference = parseEntryReference(value);
  if (!reference) throw notFound();
  return reference;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const reference = referenceParam(args.params.ref);
  const context = await extensionContext(actorFrom(user, args), reference);
  return { context };
}

// The service's limit too. Spelt out here because this schema is module code, which also runs in
// the browser, where .server modules' values are absent.
const MAX_EXTENSION_REASON = 2000;

const part = z
  .string()
  .optional()
  .transform((s) => (s ?? "").slice(0, 20));

const grantSchema = z
  .object({
    closesOnDay: part,
    closesOnMonth: part,
    closesOnYear: part,
    closesAtTime: part,
    // Optional, then required by length: a missing field must not stop the checks below.
    reason: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim())
      .pipe(
        z
          .string()
          .min(1, "Enter the reason for the extension")
          .max(MAX_EXTENSION_REASON, `The reason must be ${MAX_EXTENSION_REASON} characters or fewer`),
      ),
  })
  // A refinement rather than the transform alone, so that date and time problems are listed
  // together with any other field's (a transform only runs once every field is valid).
  .superRefine((value, ctx) => {
    const { date, time } = readClosing(value);
    if (!date.ok) ctx.addIssue({ code: "custom", path: ["closesOn"], message: date.message });
    if (!time.ok) ctx.addIssue({ code: "custom", path: ["closesAtTime"], message: time.message });
  })
  .transform((value) => {
    const { date, time } = readClosing(value);
    return {
      closesAt: date.ok && time.ok ? londonWallTimeToInstant(date.date, time.time)! : new Date(Number.NaN),
      reason: value.reason,
    };
  });

function readClosing(value: {
  closesOnDay?: unknown;
  closesOnMonth?: unknown;
  closesOnYear?: unknown;
  closesAtTime?: unknown;
}) {
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    date: readDateParts(
      { day: text(value.closesOnDay), month: text(value.closesOnMonth), year: text(value.closesOnYear) },
      "New closing date",
    ),
    time: readClockTime(text(value.closesAtTime), "New closing time"),
  };
}

const ORDER = ["form", "closesOn", "closesAtTime", "reason"];

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const reference = referenceParam(args.params.ref);
  const actor = actorFrom(user, args);
  const formData = await args.request.formData();
  if (formData.get("intent") === "revoke") {
    await revokeExtensionForEntry(actor, reference);
    return redirect(`/staff/entries/${reference}?notice=extension-revoked`);
  }
  const form = parseForm(grantSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(setExtensionForEntry(actor, reference, form.data));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/entries/${reference}?notice=extension-${result.value.outcome}`);
}

function DateInput({
  values,
  error,
  fallback,
}: {
  values: FormValues | undefined;
  error?: string;
  fallback: { day: string; month: string; year: string };
}) {
  const input = (name: string, label: string, width: "2" | "4", id: string, value: string) => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={id}>
          {label}
        </label>
        <input
          className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}`}
          id={id}
          name={name}
          type="text"
          inputMode="numeric"
          defaultValue={valueOf(values, name, value)}
        />
      </div>
    </div>
  );
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset
        className="govuk-fieldset"
        role="group"
        aria-describedby={`closesOn-hint${error ? " closesOn-error" : ""}`}
      >
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">New closing date</legend>
        <div id="closesOn-hint" className="govuk-hint">
          For example, 28 3 2027
        </div>
        {error ? (
          <p id="closesOn-error" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div className="govuk-date-input">
          {/* The day box carries the group's id, so the error summary's link lands on it. */}
          {input("closesOnDay", "Day", "2", "closesOn", fallback.day)}
          {input("closesOnMonth", "Month", "2", "closesOn-month", fallback.month)}
          {input("closesOnYear", "Year", "4", "closesOn-year", fallback.year)}
        </div>
      </fieldset>
    </div>
  );
}

export default function Extension() {
  const { context } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values;
  const { extension, organisation, challenge } = context;
  // The current extension, as the form's starting values.
  const fallback = extension
    ? instantToParts(new Date(extension.closesAt))
    : { day: "", month: "", year: "", time: "" };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/entries/${context.reference}`} className="govuk-back-link">
          Back to {context.reference}
        </Link>
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="govuk-caption-l">{organisation.name}</span>
        <h1 className="govuk-heading-l">{extension ? "Change the extension" : "Extend the deadline"}</h1>
        <p className="govuk-body">
          The {challenge.title} closes at {formatDateTime(new Date(challenge.closesAt))}. An extension lets{" "}
          {organisation.name} submit and change all of its entries until a later time. Nobody else is affected.
        </p>
        {extension ? (
          <SummaryList
            rows={[
              { key: "Extended to", value: formatDateTime(new Date(extension.closesAt)) },
              { key: "Reason", value: extension.reason },
              {
                key: "Granted",
                value: `${formatDateTime(new Date(extension.grantedAt))}${
                  extension.grantedByName ? ` by ${extension.grantedByName}` : ""
                }`,
              },
            ]}
          />
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="grant" />
          <DateInput values={values} error={errors?.closesOn} fallback={fallback} />
          <TextInput
            name="closesAtTime"
            label="New closing time"
            hint="UK time, for example 5pm, 11:59pm or 17:30"
            width="5"
            spellCheck={false}
            error={errors?.closesAtTime}
            defaultValue={valueOf(values, "closesAtTime", fallback.time)}
          />
          <Textarea
            name="reason"
            label="Reason for the extension"
            hint="Recorded in the audit trail. For example, what happened and who asked for it."
            rows={4}
            error={errors?.reason}
            defaultValue={valueOf(values, "reason", extension?.reason ?? "")}
          />
          <Button>{extension ? "Save the new closing time" : "Grant extension"}</Button>
        </Form>
        {extension ? (
          <>
            <h2 className="govuk-heading-m">Remove the extension</h2>
            <WarningText>
              {organisation.name} will have the challenge&apos;s closing time again. If that has passed, they can no
              longer submit.
            </WarningText>
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <Button variant="warning">Remove extension</Button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
