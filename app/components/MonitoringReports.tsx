import { Link } from "@remix-run/react";
import type { MonitoringContent } from "../../db/schema-parts/monitoring";
import {
  MILESTONE_PROGRESS_LABELS,
  REPORT_STATE_LABELS,
  REPORT_STATE_TAGS,
  reportName,
  type ReportState,
} from "../domain/monitoring";
import { formatPence } from "../domain/money";
import { formatDate, formatDateTime } from "../domain/time";
import { AttachmentList, type AttachmentItem } from "./Attachments";
import { SummaryList } from "./content";
import { Table } from "./Table";

// Monitoring reports (decision 061) as the winner's and staff's pages show them: a report's state
// as a tag (late and missing in warm colours, so they stand out in a list), an award's reports as a
// table, and one version of a report as it was sent.

export function ReportStateTag({ state }: { state: ReportState }) {
  return <strong className={`govuk-tag ${REPORT_STATE_TAGS[state]}`}>{REPORT_STATE_LABELS[state]}</strong>;
}

/** A London calendar date (YYYY-MM-DD) written out: "20 November 2021". */
export function dueDate(date: string): string {
  return formatDate(new Date(`${date}T12:00:00Z`));
}

export interface ReportListItem {
  id: number;
  monthsAfter: number;
  isClosing: boolean;
  dueOn: string;
  state: ReportState;
}

export function ReportTable({
  reports,
  href,
  caption,
}: {
  reports: readonly ReportListItem[];
  href: (report: ReportListItem) => string;
  caption: string;
}) {
  return (
    <Table
      caption={caption}
      captionSize="s"
      rows={reports}
      rowKey={(r) => r.id}
      empty="No reports are scheduled."
      columns={[
        {
          header: "Report",
          rowHeader: true,
          cell: (r) => (
            <Link className="govuk-link" to={href(r)}>
              {reportName(r.monthsAfter, r.isClosing)}
            </Link>
          ),
        },
        { header: "Due", cell: (r) => dueDate(r.dueOn) },
        { header: "Status", cell: (r) => <ReportStateTag state={r.state} /> },
      ]}
    />
  );
}

function count(value: number | null): string {
  return value === null ? "Not given" : value.toLocaleString("en-GB");
}

/** One version of a report as it was sent. */
export function ReportContent({
  content,
  attachments,
}: {
  content: MonitoringContent;
  attachments: readonly AttachmentItem[];
}) {
  return (
    <>
      {content.milestones.length ? (
        <Table
          caption="Progress against milestones"
          captionSize="s"
          rows={content.milestones}
          rowKey={(m) => m.milestoneId}
          columns={[
            { header: "Milestone", rowHeader: true, cell: (m) => m.title },
            { header: "Where it stands", cell: (m) => MILESTONE_PROGRESS_LABELS[m.status] },
            { header: "Comment", cell: (m) => m.comment || "None" },
          ]}
        />
      ) : null}
      <SummaryList
        rows={[
          { key: "What the support bought", value: <span className="app-pre-wrap">{content.supportBought}</span> },
          { key: "People reached", value: count(content.peopleReached) },
          { key: "Volunteers", value: count(content.volunteers) },
          { key: "Jobs created", value: count(content.jobsCreated) },
          {
            key: "Money raised",
            value: content.moneyRaisedPence === null ? "Not given" : formatPence(content.moneyRaisedPence),
          },
          { key: "Their story", value: <span className="app-pre-wrap">{content.story}</span> },
          {
            key: "Files",
            value: <AttachmentList attachments={attachments} empty="No files." />,
          },
        ]}
      />
    </>
  );
}

export interface SubmissionItem {
  number: number;
  content: MonitoringContent;
  attachments: readonly AttachmentItem[];
  submittedAt: string | Date;
  submittedByName: string | null;
  outcome: "accepted" | "more_asked" | null;
  reviewMessage: string | null;
  reviewedAt: string | Date | null;
  reviewedByName: string | null;
}

/** Every version sent, newest first, with what the programme team said about each. */
export function SubmissionHistory({ submissions }: { submissions: readonly SubmissionItem[] }) {
  if (!submissions.length) return <p className="govuk-body">Nothing has been sent yet.</p>;
  return (
    <>
      {submissions.map((s) => (
        <section key={s.number} aria-labelledby={`version-${s.number}`} className="govuk-!-margin-bottom-8">
          <h3 className="govuk-heading-s" id={`version-${s.number}`}>
            Version {s.number}, sent {formatDateTime(new Date(s.submittedAt))}
            {s.submittedByName ? ` by ${s.submittedByName}` : ""}
          </h3>
          {s.outcome ? (
            <div className="govuk-inset-text">
              <p className="govuk-body govuk-!-font-weight-bold">
                {s.outcome === "accepted" ? "Accepted" : "More information asked for"}
                {s.reviewedAt ? ` on ${formatDateTime(new Date(s.reviewedAt))}` : ""}
                {s.reviewedByName ? ` by ${s.reviewedByName}` : ""}
              </p>
              {s.reviewMessage ? <p className="govuk-body app-pre-wrap">{s.reviewMessage}</p> : null}
            </div>
          ) : (
            <p className="govuk-body">Waiting for the programme team to review it.</p>
          )}
          <ReportContent content={s.content} attachments={s.attachments} />
        </section>
      ))}
    </>
  );
}

/** The winner's award page: their reports, with late ones marked, and whether the award is complete. */
export function MonitoringSection({
  awardId,
  monitoring,
}: {
  awardId: number;
  monitoring: { reports: readonly ReportListItem[]; completion: { completedAt: string | Date } | null };
}) {
  const late = monitoring.reports.filter((r) => r.state === "late" || r.state === "missing").length;
  return (
    <section aria-labelledby="monitoring-reports">
      <h2 className="govuk-heading-m" id="monitoring-reports">
        Your monitoring reports
      </h2>
      {monitoring.completion ? (
        <p className="govuk-body">
          <strong className="govuk-tag govuk-tag--green">Award complete</strong> Your closing report was accepted on{" "}
          {formatDate(new Date(monitoring.completion.completedAt))}: your award is complete.
        </p>
      ) : (
        <p className="govuk-body">
          Tell us how your work is going: each report is due on the date below, and we will remind you before it is due.
          {late
            ? ` ${late === 1 ? "One report is" : `${late} reports are`} late: please send ${late === 1 ? "it" : "them"} as soon as you can.`
            : ""}
        </p>
      )}
      <ReportTable
        caption="Your monitoring reports"
        reports={monitoring.reports}
        href={(r) => `/awards/${awardId}/reports/${r.id}`}
      />
    </section>
  );
}
