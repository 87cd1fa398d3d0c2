import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireUser } from "../auth/guards.server";
import { AttachmentList, FileUpload } from "../components/Attachments";
import { InsetText, NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Select, Textarea, TextInput, valueOf } from "../components/forms";
import { dueDate, ReportStateTag, SubmissionHistory } from "../components/MonitoringReports";
import { pageTitle } from "../components/page-title";
import { idParam } from "../domain/awards";
import { formValues, type FieldErrors } from "../domain/forms";
import { londonToday } from "../domain/milestones";
import {
  MAX_REPORT_FILES,
  MILESTONE_PROGRESS_LABELS,
  MILESTONE_PROGRESS_STATUSES,
  readReportForm,
  reportName,
} from "../domain/monitoring";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { uploadsFrom } from "../services/attachments/attachments.server";
import {
  checkReportFiles,
  loadWinnerReport,
  removeReportFile,
  saveWinnerReport,
} from "../services/awards/monitoring.server";
import { requestNow } from "../services/platform/clock.server";

// /awards/:awardId/reports/:reportId: a monitoring report as the winner writes it (decision 061):
// progress against their milestones, what the support bought, outcomes in numbers, their story and
// files. Saved as a draft as often as they like, then sent; after staff ask for more, changed and
// sent again. A plain form with a plain file input: it works without JavaScript, and a file that
// is refused loses nothing else that was typed. Only members of the winning organisation reach it.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData
        ? reportName(loaderData.page.report.monthsAfter, loaderData.page.report.isClosing)
        : "Monitoring report",
      error,
      matches,
    ),
  },
];

function ids(params: Record<string, string | undefined>) {
  const awardId = idParam(params.awardId);
  const reportId = idParam(params.reportId);
  if (!awardId || !reportId) throw notFound();
  return { awardId, reportId };
}

const NOTICES = {
  saved: "Your draft is saved. Send it when it is ready.",
  sent: "Your report has been sent to the programme team.",
  removed: "The file has been taken off your report.",
} as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const { awardId, reportId } = ids(args.params);
  const page = await loadWinnerReport(actorFrom(user, args), awardId, reportId, londonToday(requestNow(args.request)));
  const notice = new URL(args.request.url).searchParams.get("notice");
  return { page, notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const { awardId, reportId } = ids(args.params);
  const form = await args.request.formData();
  const values = formValues(form);
  const read = readReportForm(values);
  if (!read.ok) return data({ errors: read.errors as FieldErrors, values }, { status: 400 });
  const actor = actorFrom(user, args);
  if (values.intent === "remove") {
    const attachmentId = typeof values.attachment === "string" ? idParam(values.attachment) : null;
    if (!attachmentId) throw notFound();
    const removed = await attempt(removeReportFile(actor, awardId, reportId, attachmentId));
    if (!removed.ok) return formError(removed.error, {});
    return redirect(`/awards/${awardId}/reports/${reportId}?notice=removed#report-files`);
  }
  const submit = values.intent === "submit";
  // The files are checked before anything is saved, so a refused file leaves the rest as typed.
  const files = await attempt(checkReportFiles(await uploadsFrom(form, "files")));
  if (!files.ok) return formError(files.error, values);
  const result = await attempt(
    saveWinnerReport(actor, awardId, reportId, read.input, files.value, {
      submit,
      today: londonToday(requestNow(args.request)),
    }),
  );
  if (!result.ok) return formError(result.error, values);
  return redirect(`/awards/${awardId}/reports/${reportId}?notice=${result.value.submitted ? "sent" : "saved"}`);
}

export default function WinnerReport() {
  const { page, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values;
  const { award, report, draft, milestones, attachments, submissions, editable, completion } = page;
  const lastAsk = submissions.find((s) => s.outcome === "more_asked");
  const value = (name: string, fallback: string) => (values ? valueOf(values, name) : fallback);
  const figure = (n: number | null) => (n === null ? "" : String(n));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/awards/${award.awardId}`} className="govuk-back-link">
          Back to your award
        </Link>
        <ErrorSummary errors={errors} />
        {notice && !errors ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">{notice}</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">
          {award.organisationName} · {award.tierName}
        </span>
        <h1 className="govuk-heading-l">{reportName(report.monthsAfter, report.isClosing)}</h1>
        <p className="govuk-body">
          Due on {dueDate(report.dueOn)}. <ReportStateTag state={report.state} />
        </p>
        {report.isClosing ? (
          <p className="govuk-body">
            This is your closing report: once the programme team accepts it, your award is complete and your support
            ends.
          </p>
        ) : null}
        {completion ? (
          <InsetText>
            Your award was completed on {formatDateTime(new Date(completion.completedAt))}. Thank you for reporting.
          </InsetText>
        ) : null}
        {report.status === "more_asked" && lastAsk?.reviewMessage ? (
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              The programme team asked for more: <span className="app-pre-wrap">{lastAsk.reviewMessage}</span>
            </strong>
          </div>
        ) : null}

        {editable ? (
          <Form method="post" encType="multipart/form-data" noValidate>
            <h2 className="govuk-heading-m">Progress against your milestones</h2>
            {milestones.length === 0 ? (
              <p className="govuk-body">Your award has no milestones, so there is nothing to report here.</p>
            ) : (
              milestones.map((m) => (
                <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={m.id}>
                  <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
                    {m.title} (due {dueDate(m.dueOn)})
                  </legend>
                  <Select
                    name={`milestone-${m.id}-status`}
                    label="Where it stands"
                    error={errors?.[`milestone-${m.id}-status`]}
                    placeholder="Choose"
                    options={MILESTONE_PROGRESS_STATUSES.map((s) => ({ value: s, text: MILESTONE_PROGRESS_LABELS[s] }))}
                    defaultValue={value(`milestone-${m.id}-status`, m.progress?.status ?? "")}
                  />
                  <Textarea
                    name={`milestone-${m.id}-comment`}
                    label="Comment (optional)"
                    rows={2}
                    error={errors?.[`milestone-${m.id}-comment`]}
                    defaultValue={value(`milestone-${m.id}-comment`, m.progress?.comment ?? "")}
                  />
                </fieldset>
              ))
            )}

            <h2 className="govuk-heading-m">What the prize and support paid for</h2>
            <Textarea
              name="supportBought"
              label="What the prize money and support bought"
              labelSize="s"
              hint="For example: equipment, staff time, coaching, training, premises."
              rows={4}
              error={errors?.supportBought}
              defaultValue={value("supportBought", draft.supportBought)}
            />

            <h2 className="govuk-heading-m">Outcomes in numbers</h2>
            <p className="govuk-body">Since your award. Leave a box blank if it does not apply.</p>
            <TextInput
              name="peopleReached"
              label="People reached"
              inputMode="numeric"
              width="10"
              error={errors?.peopleReached}
              defaultValue={value("peopleReached", figure(draft.peopleReached))}
            />
            <TextInput
              name="volunteers"
              label="Volunteers involved"
              inputMode="numeric"
              width="10"
              error={errors?.volunteers}
              defaultValue={value("volunteers", figure(draft.volunteers))}
            />
            <TextInput
              name="jobsCreated"
              label="Jobs created"
              inputMode="numeric"
              width="10"
              error={errors?.jobsCreated}
              defaultValue={value("jobsCreated", figure(draft.jobsCreated))}
            />
            <TextInput
              name="moneyRaised"
              label="Money raised from elsewhere"
              prefix="£"
              inputMode="decimal"
              width="10"
              error={errors?.moneyRaised}
              defaultValue={value(
                "moneyRaised",
                draft.moneyRaisedPence === null ? "" : (draft.moneyRaisedPence / 100).toFixed(2),
              )}
            />

            <h2 className="govuk-heading-m">Your story</h2>
            <Textarea
              name="story"
              label="How the work is going"
              labelSize="s"
              hint="What has changed for the people you work with, what went well, what was hard, and what is next."
              rows={8}
              error={errors?.story}
              defaultValue={value("story", draft.story)}
            />

            {/* Not id="files": that is the file input's id, which its label points at. */}
            <h2 className="govuk-heading-m" id="report-files">
              Files
            </h2>
            {attachments.length ? (
              <>
                <p className="govuk-body">Files on this report:</p>
                <AttachmentList attachments={attachments} />
              </>
            ) : null}
            <FileUpload
              name="files"
              label="Add files (optional)"
              hint={`Photos, accounts or evidence of what you have done: up to ${MAX_REPORT_FILES} files in all.`}
              multiple
              maxBytes={page.maxFileBytes}
              error={errors?.files}
            />
            {errors?.files ? (
              <p className="govuk-body">Choose the files again: a browser cannot keep them after an error.</p>
            ) : null}

            <div className="govuk-button-group">
              <Button name="intent" value="submit">
                {submissions.length ? "Send the report again" : "Send the report"}
              </Button>
              <Button name="intent" value="save" variant="secondary">
                Save as draft
              </Button>
            </div>
          </Form>
        ) : null}

        {editable && attachments.length ? (
          <>
            <h2 className="govuk-heading-m">Take a file off</h2>
            <p className="govuk-body">Save your draft first: taking a file off reloads the page.</p>
            {attachments.map((a) => (
              <Form method="post" encType="multipart/form-data" key={a.id}>
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="attachment" value={String(a.id)} />
                <Button variant="secondary">
                  Remove<span className="govuk-visually-hidden"> the file</span> {a.fileName}
                </Button>
              </Form>
            ))}
          </>
        ) : null}

        <h2 className="govuk-heading-m">What you have sent</h2>
        <SubmissionHistory submissions={submissions} />
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
