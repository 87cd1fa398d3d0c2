import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireUser } from "../auth/guards.server";
import { NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { MilestoneTable } from "../components/MilestoneTable";
import { ProgressUpdateList } from "../components/ProgressUpdateList";
import { SupportRequestTable } from "../components/SupportRequestTable";
import { SupportSummary } from "../components/SupportSummary";
import { parseForm, type FieldErrors } from "../domain/forms";
import { londonToday } from "../domain/milestones";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { loadWinnerProgress, postProgressUpdate } from "../services/awards/progress-updates.server";
import { winnerSupportRequests } from "../services/awards/support-requests.server";
import { requestNow } from "../services/platform/clock.server";

// /awards/:awardId/progress: a winner's support plan as they see it (what they have had against
// the cap and their milestones, read only) and the progress updates they post to the programme
// team. Only members of the winning organisation reach it, once results are published; for
// anyone else it does not exist. (The file name's "_" keeps the page out of /awards/:awardId's
// layout: it is a page of its own.)

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Your support plan and progress", error, matches) },
];

function awardIdParam(value: string | undefined): number {
  if (!value || !/^[1-9][0-9]{0,8}$/.test(value)) throw notFound();
  return Number(value);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const actor = actorFrom(user, args);
  const awardId = awardIdParam(args.params.awardId);
  const progress = await loadWinnerProgress(actor, awardId, londonToday(requestNow(args.request)));
  const { requests } = await winnerSupportRequests(actor, awardId);
  const url = new URL(args.request.url);
  return {
    progress,
    requests,
    posted: url.searchParams.get("posted") === "1",
    requested: url.searchParams.get("requested") === "1",
  };
}

const MAX_UPDATE = 20000;
const schema = z.object({
  update: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(
      z
        .string()
        .min(1, "Enter your progress update")
        .max(MAX_UPDATE, `Your update must be ${MAX_UPDATE} characters or fewer`),
    ),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const awardId = awardIdParam(args.params.awardId);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(postProgressUpdate(actorFrom(user, args), awardId, form.data.update));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/awards/${awardId}/progress?posted=1`);
}

export default function WinnerProgress() {
  const { progress, requests, posted, requested } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const { award, summary, milestones, updates } = progress;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/awards/${award.awardId}`} className="govuk-back-link">
          Back to your award
        </Link>
        <ErrorSummary errors={errors} />
        {posted ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">
              Your progress update has been sent to the programme team.
            </p>
          </NotificationBanner>
        ) : null}
        {requested ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">
              Your request for support has been sent to the programme team.
            </p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">{award.organisationName}</span>
        <h1 className="govuk-heading-l">Your support plan and progress</h1>
        <p className="govuk-body">
          {award.entryTitle} ({award.entryReference}). Your prize includes support, investment and coaching up to the
          cap below. The programme team records the support you receive.
        </p>

        <SupportSummary summary={summary} />

        <h2 className="govuk-heading-m">Milestones</h2>
        {milestones.length === 0 ? (
          <p className="govuk-body">The programme team has not set any milestones yet.</p>
        ) : (
          <MilestoneTable milestones={milestones} caption="Your milestones" hideCaption />
        )}

        <h2 className="govuk-heading-m" id="support-requests">
          Requests for support
        </h2>
        <p className="govuk-body">
          Ask the programme team for coaching, equipment or other support you need. If they approve it, it goes on your
          plan against your cap.
        </p>
        <p className="govuk-body">
          <Link
            className="govuk-button govuk-button--secondary"
            to={`/awards/${award.awardId}/support-requests/new`}
            role="button"
            draggable="false"
          >
            Ask for support
          </Link>
        </p>
        {requests.length === 0 ? (
          <p className="govuk-body">You have not asked for support yet.</p>
        ) : (
          <SupportRequestTable requests={requests} caption="Your requests" />
        )}

        <h2 className="govuk-heading-m">Post a progress update</h2>
        <Form method="post" noValidate>
          <Textarea
            name="update"
            label="Your update"
            labelSize="s"
            hint="What you have done since your last update, what is next, and anything you need help with."
            rows={6}
            error={errors?.update}
            defaultValue={valueOf(actionData?.values, "update")}
          />
          <Button>Post update</Button>
        </Form>

        <h2 className="govuk-heading-m">Your updates</h2>
        <ProgressUpdateList updates={updates} empty="You have not posted an update yet." />
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
