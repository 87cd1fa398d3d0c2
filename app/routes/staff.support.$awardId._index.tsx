import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { MilestoneTable } from "../components/MilestoneTable";
import { ProgressUpdateList } from "../components/ProgressUpdateList";
import { SupportSummary } from "../components/SupportSummary";
import { parseForm, type FieldErrors } from "../domain/forms";
import { formatCalendarDate, londonToday } from "../domain/milestones";
import { formatPence } from "../domain/money";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { awardRecoveries } from "../services/awards/recoveries.server";
import { staffAwardReports } from "../services/awards/monitoring.server";
import { ReportTable } from "../components/MonitoringReports";
import { addSupportNote, loadSupportPlan } from "../services/awards/support-plans.server";
import { staffSupportRequests } from "../services/awards/support-requests.server";
import { requestNow } from "../services/platform/clock.server";
import { Table } from "../components/Table";
import { RecoveryTable } from "../components/RecoveryTable";
import { SupportRequestTable } from "../components/SupportRequestTable";
import { SummaryList } from "../components/content";
import { Tag } from "../components/StatusTag";

// /staff/support/:awardId: one winner's support plan. The running total against the cap stays at
// the top; below it the ledger, the milestones, and the notes and progress updates, where a coach
// or member of staff adds a note.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData ? `Support plan: ${loaderData.plan.award.organisationName}` : "Support plan",
      error,
      matches,
    ),
  },
];

const NOTICES = {
  "item-added": "Support added to the ledger.",
  "item-added-override": "Support added over the cap, with your authorised override recorded.",
  "milestone-added": "Milestone added.",
  "milestone-changed": "Milestone changed.",
  "note-added": "Note added.",
  "request-approved": "Request approved: the support is on the ledger and the winner has been emailed.",
  "request-approved-override":
    "Request approved over the cap, with your authorised override recorded. The winner has been emailed.",
  "request-refused": "Request refused. The winner has been emailed the reason.",
} as const;

function awardIdParam(value: string | undefined): number {
  if (!value || !/^[1-9][0-9]{0,8}$/.test(value)) throw notFound();
  return Number(value);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const awardId = awardIdParam(args.params.awardId);
  const actor = actorFrom(user, args);
  const plan = await loadSupportPlan(actor, awardId, londonToday(requestNow(args.request)));
  const requests = await staffSupportRequests(actor, awardId);
  const recoveries = await awardRecoveries(actor, awardId);
  const reports = await staffAwardReports(actor, awardId, londonToday(requestNow(args.request)));
  const notice = new URL(args.request.url).searchParams.get("notice");
  return {
    plan,
    requests,
    recoveries,
    reports,
    notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null,
  };
}

const MAX_NOTE = 20000;
const noteSchema = z.object({
  note: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(z.string().min(1, "Enter the note").max(MAX_NOTE, `The note must be ${MAX_NOTE} characters or fewer`)),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const awardId = awardIdParam(args.params.awardId);
  const form = parseForm(noteSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(addSupportNote(actorFrom(user, args), awardId, form.data.note));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/support/${awardId}?notice=note-added`);
}

export default function SupportPlanPage() {
  const { plan, requests, recoveries, reports, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const { award, position, items, milestones, milestoneCounts, notes } = plan;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/support", text: "Support for winners" },
        ]}
      />
      <ErrorSummary errors={errors} />
      {notice ? (
        <NotificationBanner success>
          <p className="govuk-notification-banner__heading">{notice}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{award.challengeTitle}</span>
      <h1 className="govuk-heading-l">Support plan: {award.organisationName}</h1>
      <p className="govuk-body">
        {award.entryReference}: {award.entryTitle} ({award.prizeName})
      </p>

      <SupportSummary
        summary={{ awardId: award.awardId, position, milestones: milestoneCounts }}
        heading="Running total"
      />

      <h2 className="govuk-heading-m">What the support cost</h2>
      <SummaryList
        rows={[
          { key: "Support given", value: formatPence(position.spentPence) },
          { key: "Recovered (received back)", value: formatPence(recoveries.totals.receivedPence) },
          { key: "Due back", value: formatPence(recoveries.totals.duePence) },
          {
            key: "Net cost",
            value: (
              <span data-testid="support-net">
                {formatPence(position.spentPence - recoveries.totals.receivedPence)}
              </span>
            ),
          },
        ]}
      />

      <h2 className="govuk-heading-m" id="requests">
        Requests for support
      </h2>
      {requests.length === 0 ? (
        <p className="govuk-body">The winner has not asked for support.</p>
      ) : (
        <SupportRequestTable
          requests={requests}
          caption="The winner's requests"
          action={(r) => (
            <Link className="govuk-link" to={`/staff/support/${award.awardId}/requests/${r.id}`}>
              {r.status === "waiting" ? "Decide" : "View"}
              <span className="govuk-visually-hidden"> request for {r.description}</span>
            </Link>
          )}
        />
      )}

      <h2 className="govuk-heading-m">Support given</h2>
      <p className="govuk-body">
        <Link
          className="govuk-button govuk-button--secondary"
          to={`/staff/support/${award.awardId}/items/new`}
          role="button"
          draggable="false"
        >
          Add support
        </Link>
      </p>
      {items.length === 0 ? (
        <p className="govuk-body">No support has been recorded yet.</p>
      ) : (
        <Table
          caption="Ledger"
          captionSize="s"
          scroll
          total={{ label: "Total", value: formatPence(position.spentPence), column: 2 }}
          rows={items}
          rowKey={(item) => item.id}
          columns={[
            { header: "Date", cell: (item) => formatCalendarDate(item.happenedOn) },
            {
              header: "Support",
              cell: (item) => (
                <>
                  <strong>{item.kindLabel}</strong>
                  {item.coachName ? ` with ${item.coachName}` : ""}
                  {item.hours ? ` (${item.hours} ${item.hours === "1" ? "hour" : "hours"})` : ""}
                  <br />
                  {item.description}
                  {item.overrideReason ? (
                    <>
                      <br />
                      <Tag colour="govuk-tag--orange">Over the cap by override</Tag>{" "}
                      <span className="govuk-body-s">
                        Authorised by {item.overrideByName ?? "a former member of staff"}: {item.overrideReason}
                      </span>
                    </>
                  ) : null}
                </>
              ),
            },
            { header: "Cost or value", numeric: true, cell: (item) => formatPence(item.amountPence) },
          ]}
        />
      )}

      <h2 className="govuk-heading-m" id="recoveries">
        Money due back
      </h2>
      <p className="govuk-body">
        <Link
          className="govuk-button govuk-button--secondary"
          to={`/staff/awards/${award.challengeId}/recoveries/new?award=${award.awardId}`}
          role="button"
          draggable="false"
        >
          Record a recovery
        </Link>
      </p>
      {recoveries.recoveries.length === 0 ? (
        <p className="govuk-body">No money is due back from this award.</p>
      ) : (
        <RecoveryTable
          recoveries={recoveries.recoveries}
          caption="Recoveries"
          link={(r) => `/staff/awards/${award.challengeId}/recoveries/${r.id}`}
        />
      )}

      <h2 className="govuk-heading-m" id="monitoring-reports">
        Monitoring reports
      </h2>
      <ReportTable
        caption="Monitoring reports"
        reports={reports}
        href={(r) => `/staff/support/${award.awardId}/reports/${r.id}`}
      />

      <h2 className="govuk-heading-m">Milestones</h2>
      <p className="govuk-body">
        <Link
          className="govuk-button govuk-button--secondary"
          to={`/staff/support/${award.awardId}/milestones/new`}
          role="button"
          draggable="false"
        >
          Add a milestone
        </Link>
      </p>
      {milestones.length === 0 ? (
        <p className="govuk-body">No milestones yet.</p>
      ) : (
        <MilestoneTable
          milestones={milestones}
          caption="Milestones"
          changeHref={(m) => `/staff/support/${award.awardId}/milestones/${m.id}`}
        />
      )}

      <h2 className="govuk-heading-m">Progress updates and notes</h2>
      <Form method="post" noValidate>
        <Textarea
          name="note"
          label="Add a note"
          labelSize="s"
          hint="For coaches and programme staff. The winner does not see notes."
          rows={4}
          error={errors?.note}
          defaultValue={valueOf(actionData?.values, "note")}
        />
        <Button variant="secondary">Add note</Button>
      </Form>
      <ProgressUpdateList updates={notes} empty="No updates or notes yet." showKind />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
