import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, Select, TextInput, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { idParam } from "../domain/awards";
import { parseForm, type FieldErrors } from "../domain/forms";
import { parsePounds, poundsProblem } from "../domain/money";
import { MAX_ITEM_PENCE } from "../domain/support-cap";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { RECOVERY_REASON_LABELS, RECOVERY_REASONS } from "../domain/recoveries";
import { recordRecovery, recoveryFormPage } from "../services/awards/recoveries.server";

// /staff/awards/:challengeId/recoveries/new: record money that must come back to the programme
// from one of the challenge's awards (conditions broken, support not spent). It is a money step,
// so it needs a recent second factor. ?award= chooses the award (from the support plan's link).

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Record a recovery", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  if (!challengeId) throw notFound();
  const page = await recoveryFormPage(actorFrom(user, args), challengeId);
  const chosen = new URL(args.request.url).searchParams.get("award") ?? "";
  return { ...page, chosen: page.awards.some((a) => String(a.id) === chosen) ? chosen : "" };
}

type Reason = (typeof RECOVERY_REASONS)[number];
const isReason = (value: string): value is Reason => (RECOVERY_REASONS as readonly string[]).includes(value);

const schema = z
  .object({
    award: z
      .string()
      .optional()
      .transform((s) => s ?? ""),
    reason: z
      .string()
      .optional()
      .transform((s) => s ?? ""),
    description: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim())
      .pipe(z.string().min(1, "Enter what happened").max(5000, "This must be 5000 characters or fewer")),
    amount: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim()),
  })
  .superRefine((value, ctx) => {
    if (!/^[1-9][0-9]{0,8}$/.test(value.award))
      ctx.addIssue({ code: "custom", path: ["award"], message: "Select the award the money is due from" });
    if (!isReason(value.reason)) ctx.addIssue({ code: "custom", path: ["reason"], message: "Select the reason" });
    const problem = poundsProblem(value.amount, {
      noun: "amount",
      whenEmpty: "Enter the amount due back",
      maxPence: MAX_ITEM_PENCE,
    });
    if (problem) ctx.addIssue({ code: "custom", path: ["amount"], message: problem });
  })
  .transform((value) => ({
    awardId: Number(value.award),
    reason: (isReason(value.reason) ? value.reason : "other") as Reason,
    description: value.description,
    amountPence: parsePounds(value.amount) ?? 0,
  }));

const ORDER = ["award", "reason", "description", "amount"];

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  if (!challengeId) throw notFound();
  requireRecentSecondFactor(args, user);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const { awardId, ...input } = form.data;
  const result = await attempt(recordRecovery(actorFrom(user, args), challengeId, awardId, input));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/awards/${challengeId}/recoveries/${result.value.recoveryId}?notice=recorded`);
}

export default function RecordRecovery() {
  const { challenge, awards, chosen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/awards/${challenge.id}/payments`} className="govuk-back-link">
          Back to prize payments
        </Link>
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="govuk-caption-l">{challenge.title}</span>
        <h1 className="govuk-heading-l">Record a recovery</h1>
        <p className="govuk-body">
          Money that must come back to the programme from an award. It counts in every total of what the awards cost
          until it is received or written off. Another member of staff must write it off, if it comes to that.
        </p>
        <Form method="post" noValidate>
          <Select
            name="award"
            label="Award"
            labelSize="s"
            error={errors?.award}
            defaultValue={valueOf(values, "award", chosen)}
            placeholder="Select an award"
            options={awards.map((a) => ({ value: String(a.id), text: a.label }))}
          />
          <Radios
            name="reason"
            legend="Why the money must come back"
            legendSize="s"
            error={errors?.reason}
            defaultValue={valueOf(values, "reason")}
            options={RECOVERY_REASONS.map((r) => ({ value: r, text: RECOVERY_REASON_LABELS[r] }))}
          />
          <Textarea
            name="description"
            label="What happened"
            labelSize="s"
            rows={4}
            error={errors?.description}
            defaultValue={valueOf(values, "description")}
          />
          <TextInput
            name="amount"
            label="Amount due back"
            labelSize="s"
            hint="In pounds and pence."
            prefix="£"
            width="10"
            inputMode="decimal"
            spellCheck={false}
            error={errors?.amount}
            defaultValue={valueOf(values, "amount")}
          />
          <Button>Record the recovery</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
