import { AttachmentList } from "../components/Attachments";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, NotificationBanner, Paragraphs, SummaryList, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { EntryStatusTag } from "../components/StatusTag";
import { parseEntryReference } from "../domain/entry-reference";
import { parseForm } from "../domain/forms";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { decideEligibility, getStaffEntry } from "../services/entries/staff-entries.server";
import { staffConflictPage } from "../services/awards/staff-conflicts.server";
import { Table } from "../components/Table";

// /staff/entries/:ref: one entry for staff. What was submitted (the latest snapshot, or an
// earlier one with ?version=N), its history, the audit trail, the organisation's deadline and
// extension, and the eligibility decision, made on this page below the entry, so that the person
// screening reads it and decides in one place.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaderData, error }) => [
  {
    title: pageTitle(
      loaderData ? `${loaderData.entry.reference}: ${loaderData.entry.title || "Entry"}` : "Entry",
      error,
    ),
  },
];

const NOTICES = {
  decided: "Decision saved",
  "extension-granted": "Extension granted",
  "extension-changed": "Extension changed",
  "extension-revoked": "Extension removed",
  "extension-unchanged": "Extension not changed",
  "conflict-declared": "Conflict of interest declared",
  "conflict-withdrawn": "Your declaration of a conflict of interest is withdrawn",
} as const;
type Notice = keyof typeof NOTICES;

const querySchema = z.object({
  version: z.coerce.number().int().min(1).max(1_000_000).nullable().catch(null),
  notice: z
    .enum(Object.keys(NOTICES) as [Notice, ...Notice[]])
    .nullable()
    .catch(null),
});

/** The reference in the address, or a 404. Lower case is accepted: people type it. */
function referenceParam(value: string | undefined): string {
  const reference = parseEntryReference(value);
  if (!reference) throw notFound();
  return reference;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const reference = referenceParam(args.params.ref);
  const url = new URL(args.request.url);
  if (args.params.ref !== reference) throw redirect(`/staff/entries/${reference}${url.search}`);
  const params = url.searchParams;
  const query = querySchema.parse({ version: params.get("version") || null, notice: params.get("notice") });
  const actor = actorFrom(user, args);
  const entry = await getStaffEntry(actor, reference, { version: query.version });
  // The person's own conflict of interest with the entry, flagged at the top (decision 050).
  const { warning: conflictWarning, declared: conflictDeclared } = await staffConflictPage(actor, reference);
  return { entry, notice: query.notice, askedVersion: query.version, conflictWarning, conflictDeclared };
}

// The service's limit too. Spelt out here because this schema is module code, which also runs in
// the browser, where .server modules' values are absent.
const MAX_ELIGIBILITY_REASON = 2000;

const schema = z
  .object({
    token: z
      .string({ error: "Reload the page and try again" })
      .regex(/^[0-9]{1,10}\.[a-z]{1,12}\.[0-9]{1,15}$/, "Reload the page and try again"),
    decision: z.enum(["eligible", "ineligible"], { error: "Select whether the entry is eligible" }),
    reason: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim())
      .pipe(z.string().max(MAX_ELIGIBILITY_REASON, `The reason must be ${MAX_ELIGIBILITY_REASON} characters or fewer`)),
  })
  .superRefine((value, ctx) => {
    if (value.decision === "ineligible" && !value.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Enter the reason the entry is not eligible" });
    }
  });

const ORDER = ["form", "decision", "reason"];

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const reference = referenceParam(args.params.ref);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) {
    const { token: tokenError, ...fieldErrors } = form.errors;
    const errors = tokenError ? { form: tokenError, ...fieldErrors } : fieldErrors;
    return data({ errors, values: form.values }, { status: 400 });
  }
  const result = await attempt(decideEligibility(actorFrom(user, args), { reference, ...form.data }));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/entries/${reference}?notice=decided`);
}

// After a conflict the page must show the entry as it is now (and its new version) for the
// decision to be made again; Remix would otherwise keep the data from before the failed action.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

const yesNo = (value: boolean) => (value ? "Yes" : "No");
/** A consent as submitted, and as it is now when the organisation has changed it since. */
const consentText = (submitted: boolean, now: boolean) =>
  submitted === now ? yesNo(submitted) : `${yesNo(submitted)} when submitted; ${now ? "given" : "withdrawn"} since`;

export default function StaffEntry() {
  const { entry, notice, conflictWarning, conflictDeclared } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  const decided = entry.eligibility.decidedAt ? new Date(entry.eligibility.decidedAt) : null;
  const currentDecision = decided ? (entry.status === "ineligible" ? "ineligible" : "eligible") : "";
  const extension = entry.extension;
  const latestVersion = entry.submissions[0]?.entryVersion ?? null;
  const snapshot = entry.snapshot;

  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: `/staff/entries?challenge=${entry.challenge.slug}`, text: "Entries" },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} order={ORDER} />
          {notice ? (
            <NotificationBanner success>
              <h3 className="govuk-notification-banner__heading">{NOTICES[notice]}</h3>
              {notice === "decided" ? (
                <p className="govuk-body">
                  {entry.status === "ineligible"
                    ? "The entry is marked as not eligible."
                    : "The entry is marked as eligible."}{" "}
                  The organisation has been emailed the decision.
                </p>
              ) : null}
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">
            {entry.reference} · {entry.organisation.name}
          </span>
          <h1 className="govuk-heading-l">{entry.title || "Entry with no title yet"}</h1>
          <p className="govuk-body">
            <EntryStatusTag status={entry.status}>{entry.statusLabel}</EntryStatusTag>
          </p>
          {conflictWarning ? <WarningText>{conflictWarning}</WarningText> : null}
          {entry.duplicateOf.length ? (
            <WarningText>
              Possible duplicate: {entry.organisation.name} has{" "}
              {entry.duplicateOf.length === 1 ? "another entry" : "other entries"} with a near-identical title.
            </WarningText>
          ) : null}
          {entry.duplicateOf.length ? (
            <ul className="govuk-list govuk-list--bullet">
              {entry.duplicateOf.map((d) => (
                <li key={d.reference}>
                  <Link className="govuk-link" to={`/staff/entries/${d.reference}`}>
                    {d.reference}
                  </Link>
                  : {d.title}
                </li>
              ))}
            </ul>
          ) : null}

          <h2 className="govuk-heading-m">Organisation</h2>
          <SummaryList
            rows={[
              { key: "Name", value: entry.organisation.name },
              { key: "Type", value: entry.organisation.typeLabel },
              ...(entry.organisation.registrationNumber
                ? [{ key: "Registration number", value: entry.organisation.registrationNumber }]
                : []),
              { key: "Based in", value: `${entry.organisation.localAuthority}, ${entry.organisation.postcode}` },
              {
                key: "Main contact",
                value: (
                  <>
                    {entry.organisation.contactName}
                    <br />
                    {entry.organisation.contactEmail}
                  </>
                ),
              },
              {
                key: "Members",
                value: entry.organisation.members.length ? (
                  <ul className="govuk-list">
                    {entry.organisation.members.map((m) => (
                      <li key={m.email}>
                        {m.name} ({m.email})
                      </li>
                    ))}
                  </ul>
                ) : (
                  "No members"
                ),
              },
              {
                key: "Closing time",
                value: extension ? (
                  <>
                    Extended to {formatDateTime(new Date(extension.closesAt))}
                    <br />
                    <span className="govuk-body-s">
                      The challenge closes at {formatDateTime(new Date(entry.challenge.closesAt))}. Reason:{" "}
                      {extension.reason}
                    </span>
                  </>
                ) : (
                  `${formatDateTime(new Date(entry.challenge.closesAt))} (the challenge's closing time)`
                ),
                action: {
                  href: `/staff/entries/${entry.reference}/extension`,
                  text: extension ? "Change" : "Grant an extension",
                  visuallyHidden: extension ? "the extension" : `to ${entry.organisation.name}`,
                },
              },
            ]}
          />

          <h2 className="govuk-heading-m">
            {snapshot
              ? snapshot.entryVersion === latestVersion
                ? "What was submitted"
                : `What was submitted at ${formatDateTime(new Date(snapshot.submittedAt))} (an earlier version)`
              : "What was submitted"}
          </h2>
          {snapshot ? (
            <>
              <p className="govuk-body">
                Submitted at {formatDateTime(new Date(snapshot.submittedAt))}
                {snapshot.submittedByName ? ` by ${snapshot.submittedByName}` : ""}.
                {snapshot.entryVersion !== latestVersion ? (
                  <>
                    {" "}
                    <Link className="govuk-link" to={`/staff/entries/${entry.reference}`}>
                      See the latest version
                    </Link>
                  </>
                ) : null}
              </p>
              {entry.changedSinceSubmission && snapshot.entryVersion === latestVersion ? (
                <InsetText>
                  The organisation has changed this entry since it was submitted. The changes have not been submitted,
                  so they are not shown and the judges will not see them.
                </InsetText>
              ) : null}
              <SummaryList
                rows={[
                  { key: "Title", value: snapshot.title || <span className="govuk-hint">Not answered</span> },
                  { key: "Summary", value: <Paragraphs text={snapshot.summary} /> },
                  { key: "Priority area", value: snapshot.priorityArea ?? "Not chosen" },
                  { key: "Principles", value: snapshot.principles.join(", ") || "None chosen" },
                  { key: "Council areas", value: snapshot.areas.join(", ") || "None chosen" },
                  { key: "The need", value: <Paragraphs text={snapshot.need} /> },
                  { key: "Who benefits", value: <Paragraphs text={snapshot.beneficiaries} /> },
                  { key: "Delivery", value: <Paragraphs text={snapshot.delivery} /> },
                  { key: "Costs", value: <Paragraphs text={snapshot.costs} /> },
                  { key: "How the prize would be used", value: <Paragraphs text={snapshot.prizeUse} /> },
                  ...(snapshot.documents.length
                    ? [{ key: "Supporting documents", value: <AttachmentList attachments={snapshot.documents} /> }]
                    : []),
                  {
                    key: "Consent to share with councils",
                    value: consentText(snapshot.consentShare, entry.consentNow.share),
                  },
                  {
                    key: "Consent to be contacted",
                    value: consentText(snapshot.consentContact, entry.consentNow.contact),
                  },
                  { key: "Declaration made", value: yesNo(snapshot.declaration) },
                ]}
              />
            </>
          ) : (
            <InsetText>
              This entry has not been submitted yet. Drafts stay private to the organisation until they submit.
            </InsetText>
          )}

          {entry.submissions.length > 0 ? (
            <Table
              caption="Submissions"
              scroll
              rows={entry.submissions}
              rowKey={(s) => s.entryVersion}
              columns={[
                {
                  header: "Submitted",
                  cell: (s, i) => (
                    <>
                      {formatDateTime(new Date(s.submittedAt))}
                      {i === 0 ? " (latest)" : ""}
                    </>
                  ),
                },
                { header: "By", cell: (s) => s.submittedByName ?? "Unknown" },
                {
                  header: <span className="govuk-visually-hidden">Action</span>,
                  cell: (s, i) =>
                    snapshot?.entryVersion === s.entryVersion ? (
                      "Shown above"
                    ) : (
                      <Link
                        className="govuk-link"
                        to={
                          i === 0
                            ? `/staff/entries/${entry.reference}`
                            : `/staff/entries/${entry.reference}?version=${s.entryVersion}`
                        }
                      >
                        View
                        <span className="govuk-visually-hidden">
                          {" "}
                          the submission of {formatDateTime(new Date(s.submittedAt))}
                        </span>
                      </Link>
                    ),
                },
              ]}
            />
          ) : null}

          <h2 className="govuk-heading-m">Eligibility</h2>
          {decided ? (
            <p className="govuk-body">
              {entry.status === "ineligible" ? "Marked as not eligible" : "Marked as eligible"} by{" "}
              {entry.eligibility.decidedByName ?? "a former member of staff"} at {formatDateTime(decided)}.
              {entry.eligibility.reason ? ` Reason: ${entry.eligibility.reason}` : ""}
            </p>
          ) : null}
          {entry.canDecide ? (
            <Form method="post" noValidate>
              <input type="hidden" name="token" value={entry.screeningToken} />
              <Radios
                name="decision"
                legend={decided ? "Change the decision" : "Is this entry eligible?"}
                legendSize="s"
                error={errors?.decision}
                defaultValue={valueOf(values, "decision", currentDecision)}
                options={[
                  { value: "eligible", text: "Eligible", hint: "It goes forward to the judges" },
                  { value: "ineligible", text: "Not eligible", hint: "It will not be judged" },
                ]}
              />
              <Textarea
                name="reason"
                label="Reason it is not eligible"
                hint="Needed if it is not eligible. The organisation will read this in the email we send them."
                rows={4}
                error={errors?.reason}
                defaultValue={valueOf(values, "reason", entry.eligibility.reason ?? "")}
              />
              <Button>Save decision</Button>
            </Form>
          ) : (
            <InsetText>
              {entry.status === "withdrawn"
                ? "The organisation withdrew this entry, so there is no eligibility decision to make."
                : "Eligibility can be decided once the entry has been submitted."}
            </InsetText>
          )}

          <h2 className="govuk-heading-m">Conflict of interest</h2>
          <p className="govuk-body">
            {conflictDeclared
              ? "You have declared a conflict of interest with this entry."
              : conflictWarning
                ? "Another member of staff must approve and publish awards that include this entry and change its prize payment."
                : "If you have a conflict of interest with this entry, declare it: another member of staff will then approve and publish its awards and change its prize payment."}{" "}
            <Link className="govuk-link" to={`/staff/entries/${entry.reference}/conflict`}>
              {conflictDeclared ? "Withdraw your declaration" : "Declare a conflict of interest"}
            </Link>
          </p>

          <h2 className="govuk-heading-m">History</h2>
          {entry.audit.length ? (
            <Table
              caption="Changes recorded for this entry, newest first"
              hideCaption
              scroll="Changes recorded for this entry"
              rows={entry.audit}
              rowKey={(event) => event.id}
              columns={[
                { header: "When", cell: (event) => formatDateTime(new Date(event.occurredAt)) },
                { header: "Who", cell: (event) => event.actorName ?? "Not recorded" },
                {
                  header: "What",
                  cell: (event) => (
                    <>
                      {event.actionLabel}
                      <AuditDetails details={event.details} />
                    </>
                  ),
                },
              ]}
            />
          ) : (
            <p className="govuk-body">Nothing has been recorded for this entry yet.</p>
          )}
        </div>
      </div>
    </>
  );
}

const DETAIL_LABELS: Record<string, string> = {
  reason: "Reason",
  closesAt: "New closing time (UK)",
  previousClosesAt: "Previous closing time (UK)",
  previousDecision: "Previous decision",
};

function AuditDetails({ details }: { details: Record<string, string> }) {
  const lines = Object.entries(DETAIL_LABELS)
    .filter(([key]) => details[key])
    .map(([key, label]) => `${label}: ${details[key]}`);
  if (!lines.length) return null;
  return (
    <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
