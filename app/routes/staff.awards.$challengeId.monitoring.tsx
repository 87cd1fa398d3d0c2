import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, TextInput, valueOf } from "../components/forms";
import { dueDate, ReportStateTag } from "../components/MonitoringReports";
import { pageTitle } from "../components/page-title";
import { Table } from "../components/Table";
import { idParam } from "../domain/awards";
import { parseForm, type FieldErrors } from "../domain/forms";
import { londonToday } from "../domain/milestones";
import { reportName } from "../domain/monitoring";
import { formatDate } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { monitoringOverview, saveMonitoringSchedule } from "../services/awards/monitoring.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/awards/:challengeId/monitoring: the challenge's monitoring (decision 061): each prize
// tier's schedule of reports, which staff can change (it applies to awards published afterwards),
// and every award's reports with late and missing ones marked. Staff only.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Monitoring reports", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  if (!challengeId) throw notFound();
  const overview = await monitoringOverview(actorFrom(user, args), challengeId, londonToday(requestNow(args.request)));
  return { overview, saved: new URL(args.request.url).searchParams.get("saved") === "1" };
}

const schema = z.object({
  tier: z.coerce.number({ error: "Reload the page and try again" }).int().min(1).max(2_147_483_647),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  if (!challengeId) throw notFound();
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(
    saveMonitoringSchedule(
      actorFrom(user, args),
      challengeId,
      form.data.tier,
      // Each tier's field is named by the tier, so an error lands on the right one.
      valueOf(form.values, `months-${form.data.tier}`),
    ),
  );
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/awards/${challengeId}/monitoring?saved=1`);
}

export default function Monitoring() {
  const { overview, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const postedTier = valueOf(actionData?.values, "tier");
  return (
    <>
      <Link to={`/staff/awards/${overview.challenge.id}`} className="govuk-back-link">
        Back to the awards
      </Link>
      <ErrorSummary errors={errors} />
      {saved && !errors ? (
        <NotificationBanner success>
          <p className="govuk-notification-banner__heading">The schedule is saved.</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{overview.challenge.title}</span>
      <h1 className="govuk-heading-l">Monitoring reports</h1>
      <p className="govuk-body">
        {overview.lateOrMissing === 0
          ? "No reports are late or missing."
          : `${overview.lateOrMissing} ${overview.lateOrMissing === 1 ? "report is" : "reports are"} late or missing.`}
      </p>

      <h2 className="govuk-heading-m">Schedules</h2>
      <p className="govuk-body">
        Reports are due this many months after the results are published; the last is the closing report, and accepting
        it completes the award. A change applies to awards published afterwards.
      </p>
      {overview.schedules.map((tier) => (
        <Form method="post" key={tier.tierId} noValidate>
          <input type="hidden" name="tier" value={tier.tierId} />
          <TextInput
            name={`months-${tier.tierId}`}
            label={`${tier.tierName} (${tier.places} ${tier.places === 1 ? "place" : "places"})`}
            labelSize="s"
            hint={`Now: ${tier.description}${tier.isDefault ? " (the default)" : ""}. Months, separated by commas.`}
            width="20"
            error={errors?.[`months-${tier.tierId}`]}
            defaultValue={
              postedTier === String(tier.tierId)
                ? valueOf(actionData?.values, `months-${tier.tierId}`)
                : tier.months.join(", ")
            }
          />
          <Button variant="secondary">
            Save the schedule<span className="govuk-visually-hidden"> for {tier.tierName}</span>
          </Button>
        </Form>
      ))}

      <h2 className="govuk-heading-m">Reports by award</h2>
      <Table
        caption="Every award's monitoring reports"
        captionSize="s"
        hideCaption
        scroll
        rows={overview.awards}
        rowKey={(a) => a.awardId}
        empty="No awards yet."
        columns={[
          {
            header: "Winner",
            rowHeader: true,
            cell: (a) => (
              <>
                {a.organisationName}
                <br />
                <span className="govuk-body-s">
                  {a.entryReference} · {a.tierName}
                </span>
              </>
            ),
          },
          {
            header: "Reports",
            cell: (a) =>
              a.reports.length === 0 ? (
                "None scheduled"
              ) : (
                <ul className="govuk-list">
                  {a.reports.map((r) => (
                    <li key={r.id}>
                      <Link className="govuk-link" to={`/staff/support/${a.awardId}/reports/${r.id}`}>
                        {reportName(r.monthsAfter, r.isClosing)}
                      </Link>
                      , due {dueDate(r.dueOn)} <ReportStateTag state={r.state} />
                    </li>
                  ))}
                </ul>
              ),
          },
          {
            header: "Award",
            cell: (a) =>
              a.completion ? (
                <strong className="govuk-tag govuk-tag--green">
                  Complete {formatDate(new Date(a.completion.completedAt))}
                </strong>
              ) : a.lateOrMissing > 0 ? (
                <strong className="govuk-tag govuk-tag--red">{a.lateOrMissing} late or missing</strong>
              ) : (
                "In progress"
              ),
          },
        ]}
      />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
