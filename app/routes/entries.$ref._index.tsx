import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireUser } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { TaskList } from "../components/TaskList";
import { ENTRY_STATUS_LABELS, SECTION_KEYS, SECTION_STATUS_LABELS } from "../domain/entry-sections";
import { parseEntryReference } from "../domain/entry-reference";
import { notFound } from "../services/app-error.server";
import { requestNow } from "../services/platform/clock.server";
import { entryOverview, type EntryHeader } from "../services/entries/entries.server";
import { Tag } from "../components/StatusTag";

// /entries/:ref: the entry's task list. Each section's status, what the entry's status means
// for the person (draft, submitted, changed since submitting, withdrawn), and the way on to
// check and submit.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, data: loaderData, matches }) => [
  {
    title: pageTitle(
      loaderData ? `${loaderData.header.title || "Your entry"} (${loaderData.header.reference})` : "Your entry",
      error,
      matches,
    ),
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const reference = parseEntryReference(args.params.ref);
  if (!reference) throw notFound();
  return entryOverview(actorFrom(user, args), reference, requestNow(args.request));
}

export default function EntryTaskList() {
  const { header, sections, completedCount } = useLoaderData<typeof loader>();
  const base = `/entries/${header.reference}`;
  const editable = header.lockMessage === null;
  const status = ENTRY_STATUS_LABELS[header.status];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ href: "/entries", text: "Your entries" }]} />
        {header.unsubmittedChanges && editable ? (
          <NotificationBanner title="Important">
            <h2 className="govuk-notification-banner__heading">You have unsubmitted changes</h2>
            <p className="govuk-body">
              The judges will see the version you submitted on {header.submittedAtText}, not these changes, unless you
              submit them before {header.closesAtText}.
            </p>
            <p className="govuk-body">
              <Link className="govuk-notification-banner__link" to={`${base}/check`}>
                Check and submit your changes
              </Link>
            </p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">
          {header.reference} · {header.organisationName}
        </span>
        <h1 className="govuk-heading-l">{header.title || "Your entry"}</h1>
        <p className="govuk-body">
          Status: <Tag colour={status.tag}>{status.text}</Tag>
        </p>
        <StatusExplanation header={header} />

        <h2 className="govuk-heading-m">Your entry</h2>
        <p className="govuk-body">
          You have completed {completedCount} of {SECTION_KEYS.length} sections.
        </p>
        <TaskList
          idPrefix="section"
          tasks={sections.map((section) => ({
            id: section.key,
            name: section.title,
            href: `${base}/${section.key}`,
            status: section.status,
            statusText: SECTION_STATUS_LABELS[section.status],
          }))}
        />

        {editable ? (
          <>
            <h2 className="govuk-heading-m">
              {header.status === "submitted" ? "Submit your changes" : "Submit your entry"}
            </h2>
            <p className="govuk-body">
              {completedCount === SECTION_KEYS.length
                ? "Check your answers before you submit them."
                : "You can check your answers at any time. You can submit once every section is completed."}
            </p>
            <Link
              to={`${base}/check`}
              className="govuk-button"
              data-module="govuk-button"
              role="button"
              draggable="false"
            >
              Check your answers
            </Link>
          </>
        ) : null}

        {header.canWithdraw ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`${base}/withdraw`}>
              Withdraw this entry
            </Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}

function StatusExplanation({ header }: { header: EntryHeader }) {
  const deadline = `${header.extended ? "Your organisation has been given until" : "The closing time is"} ${header.closesAtText}.`;
  if (header.status === "ineligible") {
    return (
      <InsetText>
        This entry was found not eligible{header.eligibilityReason ? `: ${header.eligibilityReason}` : "."} It can no
        longer be changed.
      </InsetText>
    );
  }
  if (header.lockMessage) return <InsetText>{header.lockMessage}</InsetText>;
  switch (header.status) {
    case "draft":
      return (
        <p className="govuk-body">
          Your answers are saved as you go, and your colleagues can work on them too. {deadline}
          {header.open ? null : " Your draft has been kept, but it can no longer be submitted."}
        </p>
      );
    case "submitted":
      return (
        <p className="govuk-body">
          You submitted this entry on {header.submittedAtText}. You can change it or withdraw it until{" "}
          {header.closesAtText}; changes only count if you submit them again.
        </p>
      );
    case "withdrawn":
      return (
        <p className="govuk-body">
          This entry was withdrawn on {header.withdrawnAtText}, so it will not be judged. You can submit it again before{" "}
          {header.closesAtText}.
        </p>
      );
  }
}

export const ErrorBoundary = RouteErrorBoundary;
