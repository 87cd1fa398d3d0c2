import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, Radios, TextInput, valueOf } from "../components/forms";
import { JudgeChart } from "../components/JudgeChart";
import { RoundPageHeader } from "../components/JudgingNav";
import { Table } from "../components/Table";
import { pct, rankedColumns } from "../components/judging-columns";
import { pageTitle } from "../components/page-title";
import { formValues, parseValues, type FormValues } from "../domain/forms";
import { roundSettingsSchema } from "../domain/rubric";
import { attempt, formError } from "../security/app-error-responses.server";
import { leaderboardView } from "../services/judging/moderation.server";
import { idParam, roundNumberParam, setRanking } from "../services/judging/rounds.server";
import { InsetText } from "../components/content";
import { Tag } from "../components/StatusTag";

// /staff/judging/:challengeId/rounds/:number/leaderboard: the round's entries ranked, raw and
// normalised side by side, with the spread between judges and the disagreement flag; the choice of
// ranking; the tie-break rule; progress; and each judge's statistics with a chart of their scores.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Leaderboard", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const view = await leaderboardView(
    actorFrom(user, args),
    idParam(args.params.challengeId),
    roundNumberParam(args.params.number),
  );
  return { ...view, saved: new URL(args.request.url).searchParams.get("notice") === "saved" };
}

const rankingSchema = roundSettingsSchema.pick({ rankBy: true, disagreementThreshold: true });

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  const number = roundNumberParam(args.params.number);
  const form = parseValues(rankingSchema, formValues(await args.request.formData()));
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(
    setRanking(actorFrom(user, args), challengeId, number, form.data.rankBy, form.data.disagreementThreshold),
  );
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/judging/${challengeId}/rounds/${number}/leaderboard?notice=saved`);
}

export default function Leaderboard() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? {
    rankBy: page.round.rankBy,
    disagreementThreshold: String(page.round.disagreementThreshold),
  }) as FormValues;
  const base = `/staff/judging/${page.challengeId}/rounds/${page.round.number}`;
  const { board } = page;
  const names = board.judgeNames as Record<string, string>;
  const judges = board.judges.map((j) => ({ ...j, name: names[String(j.judgeId)] ?? `Judge ${j.judgeId}` }));
  return (
    <>
      <RoundPageHeader
        challengeId={page.challengeId}
        challengeTitle={page.challengeTitle}
        round={page.round.number}
        heading="Leaderboard"
        current={`${base}/leaderboard`}
        errors={errors}
        errorOrder={["form", "rankBy", "disagreementThreshold"]}
        notice={page.saved ? "The ranking has been changed" : null}
      />
      <p className="govuk-body">
        {page.progress.submitted} of {page.progress.assigned} reviews submitted.{" "}
        {page.progress.assigned > page.progress.submitted ? "The figures will change as more judges submit." : ""}
      </p>
      <p className="govuk-body">
        Each judge&apos;s weighted score is a percentage of the maximum. The <strong>normalised</strong> score corrects
        for harsh and lenient judges: each judge&apos;s scores are compared with their own average and spread and put
        back on the round&apos;s scale. Ranked by:{" "}
        <strong>{page.round.rankBy === "normalised" ? "normalised score" : "raw score"}</strong>. Entries whose judges
        differ by more than {page.round.disagreementThreshold} percentage points are flagged for moderation.
      </p>
      <InsetText>
        <h2 className="govuk-heading-s">How ties are broken</h2>
        <p className="govuk-body">{board.tieBreakRule}</p>
      </InsetText>

      <Table
        scroll
        caption="Entries ranked"
        rows={board.entries}
        rowKey={(e) => e.entryId}
        columns={[
          ...rankedColumns<(typeof board.entries)[number]>(base),
          { header: "Raw %", numeric: true, cell: (e) => pct(e.raw) },
          { header: "Normalised %", numeric: true, cell: (e) => pct(e.normalised) },
          { header: "Judges", numeric: true, cell: (e) => e.judgeCount },
          { header: "Spread", numeric: true, cell: (e) => pct(e.spread) },
          {
            header: "Flag",
            cell: (e) => (
              <>
                {e.flagged ? <Tag colour="govuk-tag--orange">Judges disagree</Tag> : null}
                {page.decided[e.entryId] ? <span className="govuk-body-s govuk-!-display-block">Moderated</span> : null}
              </>
            ),
          },
        ]}
      />

      {page.round.status !== "confirmed" ? (
        <Form method="post" noValidate>
          <h2 className="govuk-heading-m">Ranking</h2>
          <Radios
            name="rankBy"
            legend="Rank entries by"
            legendSize="s"
            error={errors?.rankBy}
            defaultValue={valueOf(values, "rankBy")}
            options={[
              {
                value: "normalised",
                text: "Normalised score",
                hint: "Corrects for harsh and lenient judges. Recommended.",
              },
              { value: "raw", text: "Raw score", hint: "The plain mean of the judges' weighted scores." },
            ]}
          />
          <TextInput
            name="disagreementThreshold"
            label="Disagreement threshold (percentage points)"
            width="3"
            inputMode="numeric"
            error={errors?.disagreementThreshold}
            defaultValue={valueOf(values, "disagreementThreshold")}
          />
          <Button variant="secondary">Change the ranking</Button>
        </Form>
      ) : null}

      <h2 className="govuk-heading-m">Judges</h2>
      <p className="govuk-body">
        Each row is one judge: a dot for each entry they scored, a line from their lowest to their highest score, and a
        red bar at their mean. The dashed line is the mean of every score in the round
        {board.overallMean === null ? "" : ` (${board.overallMean.toFixed(1)})`}: a harsh judge&apos;s scores sit to its
        left, a lenient judge&apos;s to its right.
      </p>
      <JudgeChart
        rows={judges.map((j) => ({ judgeId: j.judgeId, name: j.name, percents: j.percents, mean: j.mean }))}
        overallMean={board.overallMean}
      />
      <Table
        scroll
        caption="Judge statistics"
        captionSize="s"
        rows={judges}
        rowKey={(j) => j.judgeId}
        columns={[
          { header: "Judge", rowHeader: true, cell: (j) => j.name },
          { header: "Scored", numeric: true, cell: (j) => j.count },
          { header: "Mean %", numeric: true, cell: (j) => pct(j.mean) },
          { header: "Standard deviation", numeric: true, cell: (j) => pct(j.sd) },
          { header: "Lowest", numeric: true, cell: (j) => pct(j.min) },
          { header: "Highest", numeric: true, cell: (j) => pct(j.max) },
        ]}
      />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
