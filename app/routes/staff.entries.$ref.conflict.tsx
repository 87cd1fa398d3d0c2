import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { parseEntryReference } from "../domain/entry-reference";
import { parseForm } from "../domain/forms";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import {
  declareStaffConflict,
  staffConflictPage,
  withdrawStaffConflict,
} from "../services/awards/staff-conflicts.server";

// /staff/entries/:ref/conflict: a member of staff declares a conflict of interest with an entry
// (with their reason), or withdraws their own declaration. While they have a conflict they cannot
// approve or publish awards that include the entry, nor change its prize payment (decision 050).

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData ? `Conflict of interest with ${loaderData.page.entry.reference}` : "Conflict of interest",
      error,
      matches,
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
  return { page: await staffConflictPage(actorFrom(user, args), reference) };
}

// The service's limit too. Spelt out here because this schema is module code, which also runs in
// the browser, where .server modules' values are absent.
const MAX_REASON = 2000;

const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("declare"),
      reason: z
        .string()
        .optional()
        .transform((s) => (s ?? "").trim())
        .pipe(
          z
            .string()
            .min(1, "Enter why you have a conflict of interest with this entry")
            .max(MAX_REASON, `The reason must be ${MAX_REASON} characters or fewer`),
        ),
    }),
    z.object({ intent: z.literal("withdraw") }),
  ],
  { error: "Choose what to do" },
);

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const reference = referenceParam(args.params.ref);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok)
    return data(
      { errors: form.errors.intent ? { form: form.errors.intent } : form.errors, values: form.values },
      { status: 400 },
    );
  const actor = actorFrom(user, args);
  const input = form.data;
  const result = await attempt(
    input.intent === "declare"
      ? declareStaffConflict(actor, { reference, reason: input.reason })
      : withdrawStaffConflict(actor, { reference }),
  );
  if (!result.ok) return formError(result.error, form.values);
  return redirect(
    `/staff/entries/${reference}?notice=${input.intent === "declare" ? "conflict-declared" : "conflict-withdrawn"}`,
  );
}

export default function StaffEntryConflict() {
  const { page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const { entry, warning, declared } = page;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: `/staff/entries/${entry.reference}`, text: entry.reference },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} order={["form", "reason"]} />
          <span className="govuk-caption-l">
            {entry.reference} · {entry.organisationName}
          </span>
          <h1 className="govuk-heading-l">Conflict of interest</h1>
          {warning ? <WarningText>{warning}</WarningText> : null}
          <p className="govuk-body">
            While you have a conflict of interest with an entry, another member of staff must approve and publish any
            awards that include it and make every change to its prize payment.
          </p>
          {declared ? (
            <>
              <InsetText>
                You declared a conflict of interest with this entry at {formatDateTime(new Date(declared.declaredAt))}.
                Your reason: {declared.reason}
              </InsetText>
              <p className="govuk-body">
                Withdraw your declaration only if you made it by mistake or the conflict has ended. Both are kept in the
                entry&apos;s history.
              </p>
              <Form method="post">
                <Button name="intent" value="withdraw" variant="warning">
                  Withdraw your declaration
                </Button>
              </Form>
            </>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="declare" />
              <Textarea
                name="reason"
                label={`Why do you have a conflict of interest with ${entry.reference}?`}
                hint="For example, a friend or relative works for the organisation. It is kept in the entry's history."
                rows={4}
                error={errors?.reason}
                defaultValue={valueOf(actionData?.values, "reason")}
              />
              <Button>Declare a conflict of interest</Button>
            </Form>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/staff/entries/${entry.reference}`}>
              Back to the entry
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
