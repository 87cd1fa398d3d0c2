import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { InsetText, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button } from "../components/forms";
import { RoundPageHeader } from "../components/JudgingNav";
import { pageTitle } from "../components/page-title";
import { formValues } from "../domain/forms";
import { formatDateTime } from "../domain/time";
import { plural } from "../domain/words";
import { attempt, formError } from "../security/app-error-responses.server";
import { requestNow } from "../services/platform/clock.server";
import { idParam, openRound, roundForStaff, roundNumberParam, setRoundOpen } from "../services/judging/rounds.server";
import { Tag } from "../components/StatusTag";

// /staff/judging/:challengeId/rounds/:number: a round's settings and progress, and opening,
// closing or reopening scoring. Opening round 1 locks the rubric.

export const meta: MetaFunction<typeof loader> = ({ data: page, error, matches }) => [
  { title: pageTitle(page ? `Round ${page.number}` : "Round", error, matches) },
];

const NOTICES: Record<string, string> = {
  created: "The round has been created. Choose its judges next.",
  saved: "The settings have been saved",
  opened: "Scoring is open. The rubric is now locked.",
  closed: "Scoring is closed",
  reopened: "Scoring is open again",
  confirmed: "The round is confirmed",
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const round = await roundForStaff(
    actorFrom(user, args),
    idParam(args.params.challengeId),
    roundNumberParam(args.params.number),
  );
  const notice = new URL(args.request.url).searchParams.get("notice");
  return { ...round, notice: notice && NOTICES[notice] ? NOTICES[notice] : null };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const challengeId = idParam(args.params.challengeId);
  const number = roundNumberParam(args.params.number);
  const { intent } = formValues(await args.request.formData());
  let result;
  let notice: string;
  if (intent === "open") {
    result = await attempt(openRound(actor, challengeId, number, requestNow(args.request)));
    notice = "opened";
  } else if (intent === "close" || intent === "reopen") {
    result = await attempt(setRoundOpen(actor, challengeId, number, intent === "reopen"));
    notice = intent === "close" ? "closed" : "reopened";
  } else {
    return data({ errors: { form: "Choose what to do with the round" } }, { status: 400 });
  }
  if (!result.ok) return formError(result.error, {});
  return redirect(`/staff/judging/${challengeId}/rounds/${number}?notice=${notice}`);
}

export default function RoundPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/staff/judging/${page.challengeId}/rounds/${page.number}`;
  return (
    <>
      <RoundPageHeader
        challengeId={page.challengeId}
        challengeTitle={page.challengeTitle}
        round={page.number}
        caption={page.challengeTitle}
        heading={<>Round {page.number}</>}
        current={base}
        errors={actionData?.errors as Record<string, string> | undefined}
        notice={page.notice}
      />
      <p className="govuk-body">
        <Tag>{page.statusLabel}</Tag>
      </p>
      <p className="govuk-body">
        {page.submitted} of {page.assigned} reviews submitted; {plural(page.entries, "entry", "entries")};{" "}
        {plural(page.judges, "judge")}.
      </p>
      <SummaryList
        rows={[
          { key: "Judges for each entry", value: String(page.judgesPerEntry) },
          { key: page.number === 1 ? "Entries on the shortlist" : "Winners", value: String(page.advanceCount) },
          { key: "Organisations' names", value: page.hideOrganisation ? "Hidden from judges" : "Shown to judges" },
          {
            key: "Scoring closes",
            value: page.scoringClosesAt ? formatDateTime(new Date(page.scoringClosesAt)) : "No closing time set",
          },
          { key: "Disagreement threshold", value: `${page.disagreementThreshold} percentage points` },
          { key: "Ranked by", value: page.rankBy === "normalised" ? "Normalised score" : "Raw score" },
        ]}
      />
      {page.status === "setup" ? (
        <>
          <p className="govuk-body">
            <Link className="govuk-link" to={`${base}/settings`}>
              Change the settings
            </Link>
          </p>
          <h2 className="govuk-heading-m">Open scoring</h2>
          {page.number === 1 && page.rubricProblems.length ? (
            <InsetText>
              <p className="govuk-body">The rubric is not ready:</p>
              <ul className="govuk-list govuk-list--bullet">
                {page.rubricProblems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </InsetText>
          ) : null}
          <p className="govuk-body">
            Opening scoring locks the rubric{page.rubricLocked ? " (it is already locked)" : ""}. Judges are emailed
            when they have entries to score: now if the assignment has been run, otherwise when it is.
          </p>
          <Form method="post">
            <Button name="intent" value="open">
              Open round {page.number} for scoring
            </Button>
          </Form>
        </>
      ) : null}
      {page.status === "open" ? (
        <Form method="post">
          <h2 className="govuk-heading-m">Close scoring</h2>
          <p className="govuk-body">
            Judges can no longer submit scores. You can reopen scoring if a moderation judge needs to score.
          </p>
          <Button variant="secondary" name="intent" value="close">
            Close scoring
          </Button>
        </Form>
      ) : null}
      {page.status === "closed" ? (
        <Form method="post">
          <h2 className="govuk-heading-m">Reopen scoring</h2>
          <Button variant="secondary" name="intent" value="reopen">
            Reopen scoring
          </Button>
        </Form>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
