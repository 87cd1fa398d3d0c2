import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { AttachmentList } from "../components/Attachments";
import { InsetText, NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, Textarea, valueOf } from "../components/forms";
import { dueDate, ReportStateTag, ReportTable, SubmissionHistory } from "../components/MonitoringReports";
import { pageTitle } from "../components/page-title";
import { idParam } from "../domain/awards";
import { parseForm, type FieldErrors } from "../domain/forms";
import { londonToday } from "../domain/milestones";
import { MAX_REVIEW_MESSAGE, reportName } from "../domain/monitoring";
import { formatPence } from "../domain/money";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { loadStaffReport, reviewReport } from "../services/awards/monitoring.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/support/:awardId/reports/:reportId: one of a winner's monitoring reports as staff review
// it (decision 061): every version sent, with what was said about each, and, when one is waiting,
// accept it or ask for more (the winner is emailed the message). Accepting the closing report
// completes the award. Staff only.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData
        ? `${reportName(loaderData.page.report.monthsAfter, loaderData.page.report.isClosing)}: ${loaderData.page.award.organisationName}`
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
  accepted: "The report is accepted.",
  completed: "The closing report is accepted: the award is complete and its support has ended.",
  "more-asked": "The winner has been asked for more, by email.",
} as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { awardId, reportId } = ids(args.params);
  const page = await loadStaffReport(actorFrom(user, args), awardId, reportId, londonToday(requestNow(args.request)));
  const notice = new URL(args.request.url).searchParams.get("notice");
  return { page, notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null };
}

const schema = z.object({
  outcome: z.enum(["accepted", "more_asked"], { error: "Choose whether to accept the report or ask for more" }),
  message: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(z.string().max(MAX_REVIEW_MESSAGE, `The message must be ${MAX_REVIEW_MESSAGE} characters or fewer`)),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { awardId, reportId } = ids(args.params);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(reviewReport(actorFrom(user, args), awardId, reportId, form.data));
  if (!result.ok) return formError(result.error, form.values);
  const notice = result.value.completed ? "completed" : result.value.outcome === "accepted" ? "accepted" : "more-asked";
  return redirect(`/staff/support/${awardId}/reports/${reportId}?notice=${notice}`);
}

export default function StaffReport() {
  const { page, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const { award, report, submissions, completion, otherReports, attachments } = page;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/awards/${award.challengeId}/monitoring`} className="govuk-back-link">
          Back to monitoring reports
        </Link>
        <ErrorSummary errors={errors} order={["outcome", "message"]} />
        {notice && !errors ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">{notice}</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">
          {award.organisationName} · {award.entryReference} · {award.tierName}
        </span>
        <h1 className="govuk-heading-l">{reportName(report.monthsAfter, report.isClosing)}</h1>
        <p className="govuk-body">
          {award.entryTitle}. Prize {formatPence(award.cashPence)}
          {award.supportCapPence > 0 ? `, support up to ${formatPence(award.supportCapPence)}` : ""}. Due on{" "}
          {dueDate(report.dueOn)}. <ReportStateTag state={report.state} />
        </p>
        {completion ? (
          <InsetText>
            The award was completed on {formatDateTime(new Date(completion.completedAt))}
            {completion.completedByName ? ` by ${completion.completedByName}` : ""}, when its closing report was
            accepted.
          </InsetText>
        ) : null}

        {report.status === "submitted" ? (
          <Form method="post" noValidate>
            <h2 className="govuk-heading-m">Review version {report.submissions}</h2>
            <Radios
              name="outcome"
              legend="What do you want to do?"
              legendSize="s"
              error={errors?.outcome}
              defaultValue={valueOf(actionData?.values, "outcome")}
              options={[
                {
                  value: "accepted",
                  text: "Accept the report",
                  hint: report.isClosing ? "This is the closing report: accepting it completes the award." : undefined,
                },
                { value: "more_asked", text: "Ask the winner for more" },
              ]}
            />
            <Textarea
              name="message"
              label="Message to the winner"
              labelSize="s"
              hint="Required when you ask for more: say what is missing. The winner is emailed it."
              rows={4}
              error={errors?.message}
              defaultValue={valueOf(actionData?.values, "message")}
            />
            <Button>Save the review</Button>
          </Form>
        ) : report.status === "not_started" || report.status === "draft" ? (
          <p className="govuk-body">The winner has not sent this report yet.</p>
        ) : null}

        {report.status === "draft" || report.status === "more_asked" ? (
          <>
            <h2 className="govuk-heading-s">Files on the winner&apos;s current draft</h2>
            <AttachmentList attachments={attachments} empty="None yet." />
          </>
        ) : null}

        <h2 className="govuk-heading-m">Versions sent</h2>
        <SubmissionHistory submissions={submissions} />

        <h2 className="govuk-heading-m">All reports on this award</h2>
        <ReportTable
          caption="Reports on this award"
          reports={otherReports}
          href={(r) => `/staff/support/${award.awardId}/reports/${r.id}`}
        />
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
