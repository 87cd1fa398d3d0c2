import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { AttachmentList, FileUpload } from "../components/Attachments";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, SummaryList, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, TextInput, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { Table } from "../components/Table";
import { DEFAULT_MAX_FILE_BYTES } from "../domain/attachments";
import { idParam } from "../domain/awards";
import {
  CHECK_KINDS,
  CHECK_LABELS,
  financialYearLabel,
  REGISTER_LABELS,
  REGISTERS,
  RISK_RATINGS,
  type CheckKind,
} from "../domain/due-diligence";
import { parseForm } from "../domain/forms";
import { formatPence } from "../domain/money";
import { formatDate, formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { uploadsFrom } from "../services/attachments/attachments.server";
import { dueDiligencePage, recordCheck } from "../services/awards/due-diligence.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/awards/:challengeId/due-diligence/:awardId/:check: records one check's outcome (what was
// found and how, with evidence files where they help). A plain form with a file input: it works
// without JavaScript, and a refused file comes back with its error and everything else as typed.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData ? `${CHECK_LABELS[loaderData.kind]}: ${loaderData.page.award.reference}` : "Due-diligence check",
      error,
      matches,
    ),
  },
];

function ids(params: Record<string, string | undefined>) {
  const challengeId = idParam(params.challengeId);
  const awardId = idParam(params.awardId);
  const kind = CHECK_KINDS.find((k) => k === params.check);
  if (!challengeId || !awardId || !kind) throw notFound();
  return { challengeId, awardId, kind };
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { challengeId, awardId, kind } = ids(args.params);
  const page = await dueDiligencePage(actorFrom(user, args), challengeId, awardId, requestNow(args.request));
  if (!page.checks.some((c) => c.kind === kind)) throw notFound();
  return { page, kind };
}

const CONCLUSION_MAX = 5000;
const schema = z.object({
  conclusion: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(z.string().max(CONCLUSION_MAX, `Your notes must be ${CONCLUSION_MAX} characters or fewer`)),
  register: z.enum(REGISTERS).optional().catch(undefined),
  registrationNumber: z.string().max(60, "Enter the registration number as the register shows it").optional(),
  worksWithVulnerable: z.enum(["yes", "no"]).optional().catch(undefined),
  riskRating: z.enum(RISK_RATINGS).optional().catch(undefined),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const { challengeId, awardId, kind } = ids(args.params);
  await dueDiligencePage(actor, challengeId, awardId);
  const formData = await args.request.formData();
  const form = parseForm(schema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(
    recordCheck(
      actor,
      awardId,
      {
        kind,
        conclusion: form.data.conclusion,
        register: form.data.register ?? null,
        registrationNumber: form.data.registrationNumber ?? null,
        worksWithVulnerable: form.data.worksWithVulnerable ? form.data.worksWithVulnerable === "yes" : null,
        riskRating: form.data.riskRating ?? null,
      },
      await uploadsFrom(formData, "evidence"),
      requestNow(args.request),
    ),
  );
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/awards/${challengeId}/due-diligence/${awardId}?notice=recorded`);
}

const CONCLUSION_LABELS: Record<CheckKind, { label: string; hint: string }> = {
  registration: {
    label: "How you verified it",
    hint: "For example: Checked on the Charity Commission register on 3 June: registered, accounts up to date",
  },
  bank_details: {
    label: "Who in finance verified the bank details, and how",
    hint: "For example: Verified by J. Patel (finance) by a call-back to the number on the register",
  },
  duplicate_funding: {
    label: "Your conclusion",
    hint: "Say whether any earlier award funds the same work",
  },
  conflicts: { label: "Your conclusion", hint: "Say how any conflict of interest is handled" },
  safeguarding: {
    label: "What you saw",
    hint: "If the idea works with children or vulnerable adults: the safeguarding policy you saw, its date and who owns it",
  },
  subsidy_control: {
    label: "Your review of the declaration",
    hint: "Say whether the prize can be given as Minimal Financial Assistance",
  },
  risk_rating: { label: "Reason for the rating", hint: "What makes this award low, medium or high risk" },
};

export default function StaffDueDiligenceCheck() {
  const { page, kind } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  const { award } = page;
  const check = page.checks.find((c) => c.kind === kind)!;
  const done = check.done;
  // A person with a conflict of interest sees the check but cannot record it (the service refuses them too).
  const conflicted = page.conflicts.yours !== null;
  const base = `/staff/awards/${award.challengeId}`;
  const back = `${base}/due-diligence/${award.id}`;
  const withFiles =
    kind === "registration" || kind === "safeguarding" || kind === "bank_details" || kind === "subsidy_control";
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/awards", text: "Awards" },
          { href: base, text: award.challengeTitle },
          { href: back, text: `Due diligence for ${award.reference}` },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary
            errors={errors}
            order={[
              "form",
              "register",
              "registrationNumber",
              "worksWithVulnerable",
              "riskRating",
              "conclusion",
              "evidence",
            ]}
          />
          <span className="govuk-caption-l">
            {award.reference} · {award.organisationName}
          </span>
          <h1 className="govuk-heading-l">{CHECK_LABELS[kind]}</h1>
          {conflicted ? (
            <>
              <WarningText>{page.conflicts.yours}</WarningText>
              <InsetText>
                Because of your conflict of interest, another member of staff must record, complete and sign off these
                checks.
              </InsetText>
            </>
          ) : null}

          {kind === "bank_details" ? (
            <InsetText>
              Finance verify the bank details outside this service. Never type bank details here: this records only that
              the check was done, by whom and when.
            </InsetText>
          ) : null}

          {kind === "duplicate_funding" ? (
            page.duplicates.length ? (
              <Table
                caption="Other awards that may fund the same organisation"
                rows={page.duplicates}
                rowKey={(d) => d.awardId}
                columns={[
                  { header: "Entry", cell: (d) => `${d.reference} ${d.organisationName}` },
                  { header: "Challenge", cell: (d) => `${d.challengeTitle} (${d.tierName})` },
                  { header: "Why it is listed", cell: (d) => d.because },
                  { header: "Prize", numeric: true, cell: (d) => formatPence(d.cashPence) },
                ]}
              />
            ) : (
              <p className="govuk-body" data-testid="no-duplicates">
                The service found no other award to the same registration number or a similar organisation name.
              </p>
            )
          ) : null}

          {kind === "conflicts" ? (
            <>
              {page.conflicts.declared.length ? (
                <Table
                  caption="Conflicts of interest declared by staff for this entry"
                  rows={page.conflicts.declared}
                  rowKey={(c) => `${c.name}-${String(c.declaredAt)}`}
                  columns={[
                    { header: "Who", cell: (c) => c.name },
                    { header: "Reason", cell: (c) => c.reason },
                    { header: "Declared", cell: (c) => formatDate(new Date(c.declaredAt)) },
                  ]}
                />
              ) : (
                <p className="govuk-body">No member of staff has declared a conflict of interest with this entry.</p>
              )}
            </>
          ) : null}

          {kind === "subsidy_control" ? (
            <>
              {page.subsidy.declaredAt ? (
                <p className="govuk-body">
                  Declared by {page.subsidy.declaredBy ?? "a former member"} on{" "}
                  {formatDateTime(new Date(page.subsidy.declaredAt))}.
                </p>
              ) : (
                <InsetText>The winner has not made their declaration yet (they make it on their award page).</InsetText>
              )}
              {page.subsidy.lines.length ? (
                <Table
                  caption="Other public support declared"
                  rows={page.subsidy.lines}
                  rowKey={(l) => l.id}
                  columns={[
                    { header: "Financial year", cell: (l) => financialYearLabel(l.year) },
                    { header: "From", cell: (l) => l.provider },
                    { header: "Amount", numeric: true, cell: (l) => formatPence(l.amountPence) },
                  ]}
                />
              ) : null}
              <SummaryList
                rows={[
                  { key: "Total in the three years", value: formatPence(page.subsidy.totalPence) },
                  { key: "Minimal Financial Assistance threshold", value: formatPence(page.subsidy.thresholdPence) },
                ]}
              />
              {page.subsidy.overThreshold ? (
                <WarningText>The declared support is over the Minimal Financial Assistance threshold.</WarningText>
              ) : null}
            </>
          ) : null}

          {conflicted ? null : (
            <Form method="post" encType="multipart/form-data">
              {kind === "registration" ? (
                <>
                  <Radios
                    name="register"
                    legend="Register you checked"
                    legendSize="s"
                    options={REGISTERS.map((r) => ({ value: r, text: REGISTER_LABELS[r] }))}
                    error={errors?.register}
                    defaultValue={valueOf(values, "register", done?.register ?? award.likelyRegister)}
                  />
                  <TextInput
                    name="registrationNumber"
                    label="Registration number"
                    hint="As the register shows it"
                    width="10"
                    error={errors?.registrationNumber}
                    defaultValue={valueOf(
                      values,
                      "registrationNumber",
                      done?.registrationNumber ?? award.registrationNumber ?? "",
                    )}
                  />
                </>
              ) : null}
              {kind === "safeguarding" ? (
                <Radios
                  name="worksWithVulnerable"
                  legend="Does the idea work with children or vulnerable adults?"
                  legendSize="s"
                  inline
                  options={[
                    { value: "yes", text: "Yes" },
                    { value: "no", text: "No" },
                  ]}
                  error={errors?.worksWithVulnerable}
                  defaultValue={valueOf(
                    values,
                    "worksWithVulnerable",
                    done?.worksWithVulnerable === true ? "yes" : done?.worksWithVulnerable === false ? "no" : "",
                  )}
                />
              ) : null}
              {kind === "risk_rating" ? (
                <Radios
                  name="riskRating"
                  legend="Risk rating"
                  legendSize="s"
                  inline
                  options={RISK_RATINGS.map((r) => ({ value: r, text: r[0]!.toUpperCase() + r.slice(1) }))}
                  error={errors?.riskRating}
                  defaultValue={valueOf(values, "riskRating", done?.riskRating ?? "")}
                />
              ) : null}
              <Textarea
                name="conclusion"
                label={CONCLUSION_LABELS[kind].label}
                hint={CONCLUSION_LABELS[kind].hint}
                rows={4}
                error={errors?.conclusion}
                defaultValue={valueOf(values, "conclusion", done?.conclusion ?? "")}
              />
              {withFiles ? (
                <>
                  <FileUpload
                    name="evidence"
                    label="Evidence (optional)"
                    hint="For example a screenshot of the register entry or the policy document."
                    multiple
                    maxBytes={DEFAULT_MAX_FILE_BYTES}
                    error={errors?.evidence}
                  />
                  {page.evidence.length ? (
                    <>
                      <h2 className="govuk-heading-s">Evidence already attached</h2>
                      <AttachmentList attachments={page.evidence} />
                    </>
                  ) : null}
                </>
              ) : null}
              <Button>Save the check</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
