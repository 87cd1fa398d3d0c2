import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { DateInput } from "../components/DateInput";
import { Button, ErrorSummary, Radios, TextInput, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { SupportSummary } from "../components/SupportSummary";
import { optionalText, parseForm, type FieldErrors } from "../domain/forms";
import { readDateParts } from "../domain/london-date-input";
import { formatPence, parsePounds, poundsProblem } from "../domain/money";
import { MAX_ITEM_PENCE, SUPPORT_KIND_LABELS, SUPPORT_KINDS, type SupportKind } from "../domain/support-cap";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { addSupportItem, loadSupportAward } from "../services/awards/support-plans.server";

// /staff/support/:awardId/items/new: record coaching, an investment or grant payment, or in-kind
// support on a winner's ledger. An item that would take the total over the cap comes back
// refused, with what was typed kept, unless an authorised override with its reason is recorded.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData ? `Add support for ${loaderData.award.organisationName}` : "Add support",
      error,
      matches,
    ),
  },
];

function awardIdParam(value: string | undefined): number {
  if (!value || !/^[1-9][0-9]{0,8}$/.test(value)) throw notFound();
  return Number(value);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return loadSupportAward(actorFrom(user, args), awardIdParam(args.params.awardId));
}

const text = (max: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim().slice(0, max));

const schema = z
  .object({
    // Checked below with the rest, so that every problem is listed at once.
    kind: text(50),
    happenedOnDay: text(20),
    happenedOnMonth: text(20),
    happenedOnYear: text(20),
    description: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim())
      .pipe(
        z.string().min(1, "Enter what the support was").max(2000, "The description must be 2000 characters or fewer"),
      ),
    coachName: optionalText("the coach's name", 200),
    hours: text(50),
    amount: text(50),
    overrideReason: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim())
      .pipe(z.string().max(2000, "The reason must be 2000 characters or fewer")),
  })
  .superRefine((value, ctx) => {
    if (!isKind(value.kind)) ctx.addIssue({ code: "custom", path: ["kind"], message: "Select the kind of support" });
    const date = readDateParts(
      { day: value.happenedOnDay, month: value.happenedOnMonth, year: value.happenedOnYear },
      "Date",
    );
    if (!date.ok) ctx.addIssue({ code: "custom", path: ["happenedOn"], message: date.message });
    if (value.kind === "coaching") {
      if (!value.coachName) ctx.addIssue({ code: "custom", path: ["coachName"], message: "Enter the coach's name" });
      if (!value.hours) ctx.addIssue({ code: "custom", path: ["hours"], message: "Enter the hours of coaching" });
    }
    if (value.hours && !readHours(value.hours)) {
      ctx.addIssue({
        code: "custom",
        path: ["hours"],
        message: "Enter the hours as a number, like 1.5, up to 2 decimal places",
      });
    }
    const problem = poundsProblem(value.amount, {
      noun: "amount",
      whenEmpty: "Enter the cost or value",
      maxPence: MAX_ITEM_PENCE,
    });
    if (problem) ctx.addIssue({ code: "custom", path: ["amount"], message: problem });
  })
  .transform((value) => {
    const date = readDateParts(
      { day: value.happenedOnDay, month: value.happenedOnMonth, year: value.happenedOnYear },
      "Date",
    );
    return {
      kind: isKind(value.kind) ? value.kind : "coaching",
      happenedOn: date.ok ? date.date : "",
      description: value.description,
      coachName: value.kind === "coaching" ? value.coachName : null,
      hours: value.kind === "coaching" ? readHours(value.hours) : null,
      amountPence: parsePounds(value.amount) ?? 0,
      overrideReason: value.overrideReason || null,
    };
  });

function isKind(value: string): value is SupportKind {
  return (SUPPORT_KINDS as readonly string[]).includes(value);
}

/** Hours as the database keeps them (numeric(6,2)): more than 0, at most 9999.99. */
function readHours(input: string): string | null {
  const match = /^([0-9]{1,4})(?:\.([0-9]{1,2}))?$/.exec(input.trim());
  if (!match) return null;
  const hours = `${Number(match[1])}${match[2] ? `.${match[2]}` : ""}`;
  return Number(hours) > 0 ? hours : null;
}

const ORDER = ["kind", "happenedOn", "description", "coachName", "hours", "amount", "overrideReason"];

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const awardId = awardIdParam(args.params.awardId);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(addSupportItem(actorFrom(user, args), awardId, form.data));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/support/${awardId}?notice=${result.value.overridden ? "item-added-override" : "item-added"}`);
}

export default function AddSupportItem() {
  const { award, position } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/support/${award.awardId}`} className="govuk-back-link">
          Back to the support plan
        </Link>
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="govuk-caption-l">{award.organisationName}</span>
        <h1 className="govuk-heading-l">Add support</h1>
        <SupportSummary
          summary={{ awardId: award.awardId, position, milestones: { total: 0, done: 0, onTrack: 0, late: 0 } }}
          heading="Running total"
          hideMilestones
        />
        <Form method="post" noValidate>
          <Radios
            name="kind"
            legend="Kind of support"
            legendSize="s"
            error={errors?.kind}
            defaultValue={valueOf(values, "kind")}
            options={SUPPORT_KINDS.map((kind) => ({ value: kind, text: SUPPORT_KIND_LABELS[kind] }))}
          />
          <DateInput
            name="happenedOn"
            legend="Date"
            hint="For example, 27 3 2026"
            error={errors?.happenedOn}
            values={values}
          />
          <Textarea
            name="description"
            label="What the support was"
            labelSize="s"
            rows={3}
            error={errors?.description}
            defaultValue={valueOf(values, "description")}
          />
          <TextInput
            name="coachName"
            label="Coach (coaching sessions only)"
            labelSize="s"
            error={errors?.coachName}
            defaultValue={valueOf(values, "coachName")}
          />
          <TextInput
            name="hours"
            label="Hours (coaching sessions only)"
            labelSize="s"
            hint="For example, 1.5"
            width="5"
            inputMode="decimal"
            error={errors?.hours}
            defaultValue={valueOf(values, "hours")}
          />
          <TextInput
            name="amount"
            label="Cost or value"
            labelSize="s"
            hint="In pounds and pence. For in-kind support, what it would have cost."
            prefix="£"
            width="10"
            inputMode="decimal"
            spellCheck={false}
            error={errors?.amount}
            defaultValue={valueOf(values, "amount")}
          />
          <h2 className="govuk-heading-s">Going over the cap</h2>
          <p className="govuk-body">
            Support that would take the total over {formatPence(award.capPence)} is refused unless someone authorised to
            agree it has done so. Leave this blank otherwise.
          </p>
          <Textarea
            name="overrideReason"
            label="Reason for the authorised override"
            labelSize="s"
            hint="Who authorised it and why. Recorded in the audit trail with your name."
            rows={3}
            error={errors?.overrideReason}
            defaultValue={valueOf(values, "overrideReason")}
          />
          <Button>Add to the ledger</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
