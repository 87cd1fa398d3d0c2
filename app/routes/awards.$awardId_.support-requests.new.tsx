import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireUser } from "../auth/guards.server";
import { FileUpload } from "../components/Attachments";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, TextInput, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { SupportSummary } from "../components/SupportSummary";
import { parseForm, type FieldErrors } from "../domain/forms";
import { DEFAULT_MAX_FILE_BYTES } from "../domain/attachments";
import { formatPence, parsePounds, poundsProblem } from "../domain/money";
import { MAX_ITEM_PENCE, SUPPORT_KIND_LABELS, SUPPORT_KINDS, type SupportKind } from "../domain/support-cap";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { uploadsFrom } from "../services/attachments/attachments.server";
import { requestSupport, winnerSupportRequests } from "../services/awards/support-requests.server";

// /awards/:awardId/support-requests/new: a winner asks the programme team for an item of support
// on their plan (what, from whom, what it costs, why). Staff approve it into the ledger or refuse
// it with a reason; the winner sees the outcome on their support plan page and by email. Only
// members of the winning organisation, once results are published; anyone else gets a 404. A quote
// may come with it (a plain file input; a refused file brings the form back with the rest as typed).

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Ask for support", error, matches) },
];

function awardIdParam(value: string | undefined): number {
  if (!value || !/^[1-9][0-9]{0,8}$/.test(value)) throw notFound();
  return Number(value);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const { award, position } = await winnerSupportRequests(actorFrom(user, args), awardIdParam(args.params.awardId));
  return { award, position };
}

const paragraphs = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(z.string().min(1, `Enter ${label}`).max(max, `This must be ${max} characters or fewer`));

const schema = z
  .object({
    kind: z
      .string()
      .optional()
      .transform((s) => s ?? ""),
    description: paragraphs("what you need", 2000),
    supplier: paragraphs("who would provide it", 200),
    cost: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim()),
    reason: paragraphs("why you need it", 5000),
  })
  .superRefine((value, ctx) => {
    if (!isKind(value.kind)) ctx.addIssue({ code: "custom", path: ["kind"], message: "Select the kind of support" });
    const problem = poundsProblem(value.cost, {
      noun: "cost",
      whenEmpty: "Enter what it costs",
      maxPence: MAX_ITEM_PENCE,
    });
    if (problem) ctx.addIssue({ code: "custom", path: ["cost"], message: problem });
  })
  .transform((value) => ({
    kind: (isKind(value.kind) ? value.kind : "coaching") as SupportKind,
    description: value.description,
    supplier: value.supplier,
    costPence: parsePounds(value.cost) ?? 0,
    reason: value.reason,
  }));

function isKind(value: string): value is SupportKind {
  return (SUPPORT_KINDS as readonly string[]).includes(value);
}

const ORDER = ["kind", "description", "supplier", "cost", "reason", "quote"];

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const awardId = awardIdParam(args.params.awardId);
  const formData = await args.request.formData();
  const form = parseForm(schema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const quotes = await uploadsFrom(formData, "quote");
  const result = await attempt(requestSupport(actorFrom(user, args), awardId, form.data, quotes));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/awards/${result.value.awardId}/progress?requested=1#support-requests`);
}

export default function AskForSupport() {
  const { award, position } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/awards/${award.awardId}/progress`} className="govuk-back-link">
          Back to your support plan
        </Link>
        <ErrorSummary errors={errors} order={ORDER} />
        <span className="govuk-caption-l">{award.organisationName}</span>
        <h1 className="govuk-heading-l">Ask for support</h1>
        <p className="govuk-body">
          Tell the programme team what support you need. If they approve it, it goes on your support plan and counts
          towards your cap of {formatPence(position.capPence)}: you have {formatPence(position.remainingPence)} left.
        </p>
        <SupportSummary
          summary={{ awardId: award.awardId, position, milestones: { total: 0, done: 0, onTrack: 0, late: 0 } }}
          hideMilestones
        />
        <Form method="post" encType="multipart/form-data" noValidate>
          <Radios
            name="kind"
            legend="Kind of support"
            legendSize="s"
            error={errors?.kind}
            defaultValue={valueOf(values, "kind")}
            options={SUPPORT_KINDS.map((kind) => ({ value: kind, text: SUPPORT_KIND_LABELS[kind] }))}
          />
          <Textarea
            name="description"
            label="What you need"
            labelSize="s"
            hint="For example, 3 sessions with a fundraising coach, or a laptop for your volunteers."
            rows={3}
            error={errors?.description}
            defaultValue={valueOf(values, "description")}
          />
          <TextInput
            name="supplier"
            label="Who would provide it"
            labelSize="s"
            hint="The coach, supplier or organisation."
            error={errors?.supplier}
            defaultValue={valueOf(values, "supplier")}
          />
          <TextInput
            name="cost"
            label="What it costs"
            labelSize="s"
            hint="In pounds and pence, including VAT."
            prefix="£"
            width="10"
            inputMode="decimal"
            spellCheck={false}
            error={errors?.cost}
            defaultValue={valueOf(values, "cost")}
          />
          <Textarea
            name="reason"
            label="Why you need it"
            labelSize="s"
            hint="How it helps your idea grow, and how it fits your plan."
            rows={5}
            error={errors?.reason}
            defaultValue={valueOf(values, "reason")}
          />
          <FileUpload
            name="quote"
            label="A quote (optional)"
            labelSize="s"
            hint="Up to 3 files, for example the supplier's quote or price list."
            multiple
            maxBytes={DEFAULT_MAX_FILE_BYTES}
            error={errors?.quote ? `${errors.quote}. Choose the files again` : undefined}
          />
          <Button>Send request</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
