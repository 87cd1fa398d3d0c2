import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import type { DataRequestKind } from "../../db/schema";
import { actorFrom, requireRole } from "../auth/guards.server";
import { DateInput } from "../components/DateInput";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, TextInput, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { DATA_REQUEST_KIND_LABELS, DATA_REQUEST_KINDS } from "../domain/data-requests";
import { londonDate } from "../domain/deadline";
import { optionalParagraphs, parseForm, requiredText, type FieldErrors } from "../domain/forms";
import { readDateParts } from "../domain/london-date-input";
import { attempt, formError } from "../security/app-error-responses.server";
import { createDataRequest } from "../services/records/data-requests.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/data-requests/new: record a request about someone's personal data that came by email,
// letter or phone. The person is found by the email address of their account; the due date is
// worked out from the day the request arrived (one calendar month).

export const meta: MetaFunction = ({ error, matches }) => [{ title: pageTitle("Record a request", error, matches) }];

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "staff");
  return null;
}

const part = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim().slice(0, 20));

const schema = z
  .object({
    email: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim().toLowerCase())
      .pipe(
        z
          .string()
          .min(1, "Enter the email address of their account")
          .max(254, "The email address must be 254 characters or fewer")
          .pipe(z.email("Enter an email address in the correct format, like name@example.com")),
      ),
    // Checked below with the date, so that every problem is listed at once.
    kind: part,
    receivedOnDay: part,
    receivedOnMonth: part,
    receivedOnYear: part,
    howReceived: requiredText("how the request was received", 500),
    notes: optionalParagraphs("the notes", 5000),
  })
  .superRefine((value, ctx) => {
    if (!isKind(value.kind))
      ctx.addIssue({ code: "custom", path: ["kind"], message: "Select what the person asked for" });
    const date = receivedOn(value);
    if (!date.ok) ctx.addIssue({ code: "custom", path: ["receivedOn"], message: date.message });
  })
  .transform((value) => {
    const date = receivedOn(value);
    return {
      email: value.email,
      kind: isKind(value.kind) ? value.kind : "access",
      receivedOn: date.ok ? date.date : "",
      howReceived: value.howReceived,
      notes: value.notes,
    };
  });

function isKind(value: string): value is DataRequestKind {
  return (DATA_REQUEST_KINDS as readonly string[]).includes(value);
}

function receivedOn(value: { receivedOnDay: string; receivedOnMonth: string; receivedOnYear: string }) {
  return readDateParts(
    { day: value.receivedOnDay, month: value.receivedOnMonth, year: value.receivedOnYear },
    "Date received",
  );
}

const ORDER = ["email", "kind", "receivedOn", "howReceived", "notes"];

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const today = londonDate(requestNow(args.request));
  const result = await attempt(createDataRequest(actorFrom(user, args), form.data, today));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/data-requests/${result.value.id}?notice=created`);
}

export default function NewDataRequest() {
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/staff/data-requests" className="govuk-back-link">
          Back to data-rights requests
        </Link>
        <ErrorSummary errors={errors} order={ORDER} />
        <h1 className="govuk-heading-l">Record a request</h1>
        <p className="govuk-body">
          For a request about someone&apos;s personal data that came by email, letter or phone. Check who is asking
          before you record it: the request must come from the person whose account it is.
        </p>
        <Form method="post" noValidate>
          <TextInput
            name="email"
            label="Email address of their account"
            labelSize="s"
            type="email"
            autoComplete="off"
            spellCheck={false}
            error={errors?.email}
            defaultValue={valueOf(values, "email")}
          />
          <Radios
            name="kind"
            legend="What they asked for"
            legendSize="s"
            error={errors?.kind}
            defaultValue={valueOf(values, "kind")}
            options={DATA_REQUEST_KINDS.map((kind) => ({ value: kind, text: DATA_REQUEST_KIND_LABELS[kind] }))}
          />
          <DateInput
            name="receivedOn"
            legend="Date received"
            hint="The day it arrived, even if that was a weekend. For example, 27 3 2027"
            error={errors?.receivedOn}
            values={values}
          />
          <TextInput
            name="howReceived"
            label="How it was received"
            labelSize="s"
            hint="For example, email to the programme inbox, letter, phone call"
            error={errors?.howReceived}
            defaultValue={valueOf(values, "howReceived")}
          />
          <Textarea
            name="notes"
            label="Notes (optional)"
            labelSize="s"
            hint="How you checked who they are, and anything else the next person to pick this up needs to know"
            rows={4}
            error={errors?.notes}
            defaultValue={valueOf(values, "notes")}
          />
          <Button>Record the request</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
