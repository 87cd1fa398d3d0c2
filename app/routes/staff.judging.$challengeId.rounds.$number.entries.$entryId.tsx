import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { InsetText, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, Radios, Select, Textarea, valueOf } from "../components/forms";
import { RoundPageHeader } from "../components/JudgingNav";
import { Table } from "../components/Table";
import { pct } from "../components/judging-columns";
import { pageTitle } from "../components/page-title";
import { formValues, parseValues, requiredParagraphs, type FormValues } from "../domain/forms";
import { idField } from "../domain/rubric";
import { formatDateTime } from "../domain/time";
import { attempt, statusOf } from "../security/app-error-responses.server";
import type { AppError } from "../services/app-error.server";
import {
  addModerationJudge,
  entryModerationView,
  recordDecision,
  setFeedbackApproval,
} from "../services/judging/moderation.server";
import { idParam, roundNumberParam } from "../services/judging/rounds.server";

// /staff/judging/:challengeId/rounds/:number/entries/:entryId: how one entry's rank was reached —
// every judge's scores per criterion, their percent, their own mean and spread, the normalisation
// and the arithmetic giving the final figure — with the judges' comments, approving comments as
// feedback, and moderation: add a judge, record a decision.

export const meta: MetaFunction<typeof loader> = ({ data: page, error, matches }) => [
  { title: pageTitle(page ? `${page.entry.reference}: how the rank was reached` : "Entry", error, matches) },
];

const NOTICES: Record<string, string> = {
  added: "The judge has been added and emailed",
  decided: "The decision has been recorded",
  approved: "The comments have been approved as feedback",
  unapproved: "Approval of the comments has been withdrawn",
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const view = await entryModerationView(
    actorFrom(user, args),
    idParam(args.params.challengeId),
    roundNumberParam(args.params.number),
    idParam(args.params.entryId),
  );
  const notice = new URL(args.request.url).searchParams.get("notice");
  return { ...view, notice: notice && NOTICES[notice] ? NOTICES[notice] : null };
}

const addSchema = z.object({
  judge: idField("Choose the judge to add"),
  reason: requiredParagraphs("why a judge is being added", 2000),
});
const decisionSchema = z.object({
  decision: z.enum(["scores_stand", "excluded", "included"], { error: "Choose the decision" }),
  decisionReason: requiredParagraphs("the reason for the decision", 5000),
});
const feedbackSchema = z.object({ review: idField("Choose the review"), approve: z.enum(["yes", "no"]) });

/** A service's refusal, shown on the form it came from (the page has three). */
function refused(error: AppError, values: FormValues, form: "add" | "decide" | "feedback") {
  const errors = error.fields ?? { [error.field ?? "form"]: error.message };
  return data({ errors, values, form }, { status: statusOf(error) });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const challengeId = idParam(args.params.challengeId);
  const number = roundNumberParam(args.params.number);
  const entryId = idParam(args.params.entryId);
  const values = formValues(await args.request.formData());
  const back = `/staff/judging/${challengeId}/rounds/${number}/entries/${entryId}`;
  if (values.intent === "add-judge") {
    const form = parseValues(addSchema, values);
    if (!form.ok) return data({ errors: form.errors, values, form: "add" }, { status: 400 });
    const result = await attempt(
      addModerationJudge(actor, challengeId, number, {
        entryId,
        judgeId: form.data.judge,
        reason: form.data.reason,
      }),
    );
    if (!result.ok) return refused(result.error, values, "add");
    return redirect(`${back}?notice=added`);
  }
  if (values.intent === "decide") {
    const form = parseValues(decisionSchema, values);
    if (!form.ok) return data({ errors: form.errors, values, form: "decide" }, { status: 400 });
    const result = await attempt(
      recordDecision(actor, challengeId, number, {
        entryId,
        decision: form.data.decision,
        reason: form.data.decisionReason,
      }),
    );
    if (!result.ok) return refused(result.error, values, "decide");
    return redirect(`${back}?notice=decided`);
  }
  if (values.intent === "feedback") {
    const form = parseValues(feedbackSchema, values);
    if (!form.ok)
      return data({ errors: { form: "Choose the comments to approve" }, values, form: "feedback" }, { status: 400 });
    const result = await attempt(
      setFeedbackApproval(actor, challengeId, number, form.data.review, form.data.approve === "yes"),
    );
    if (!result.ok) return refused(result.error, values, "feedback");
    return redirect(`${back}?notice=${form.data.approve === "yes" ? "approved" : "unapproved"}`);
  }
  return data({ errors: { form: "Choose what to do" }, values, form: "none" }, { status: 400 });
}

export default function EntryExplanation() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values as FormValues | undefined;
  const ex = page.explanation;
  const names = page.judgeNames as Record<string, string>;
  const nameOf = (id: number) => names[String(id)] ?? `Judge ${id}`;
  const commentsOf = (id: number) => page.comments.find((c) => c.judgeId === id);
  const base = `/staff/judging/${page.challengeId}/rounds/${page.round.number}`;
  const open = page.round.status === "open";
  return (
    <>
      <RoundPageHeader
        challengeId={page.challengeId}
        challengeTitle={page.challengeTitle}
        round={page.round.number}
        caption={
          <>
            Round {page.round.number}: {page.entry.reference}
          </>
        }
        heading={page.entry.title}
        current={`${base}/entries/${page.entry.id}`}
        errors={errors}
        errorOrder={["form", "judge", "reason", "decision", "decisionReason"]}
        notice={page.notice}
      />
      <SummaryList
        rows={[
          {
            key: "Rank",
            value: `${ex.rank} of ${ex.entryCount} (by ${ex.rankBy === "normalised" ? "normalised" : "raw"} score)`,
          },
          { key: "Raw score", value: ex.raw === null ? "No submitted scores" : `${pct(ex.raw)}%: ${ex.rawText}` },
          {
            key: "Normalised score",
            value: ex.normalised === null ? "No submitted scores" : `${pct(ex.normalised)}%: ${ex.normalisedText}`,
          },
          { key: "Spread between judges", value: ex.spread === null ? "Needs two judges" : ex.spreadText },
          { key: "Flagged for moderation", value: ex.flagged ? "Yes: the judges disagree" : "No" },
          { key: "The round as a whole", value: ex.overallText },
        ]}
      />
      <InsetText>
        <h2 className="govuk-heading-s">How ties are broken</h2>
        <p className="govuk-body">{ex.tieBreakRule}</p>
      </InsetText>

      <h2 className="govuk-heading-m">Each judge&apos;s scores</h2>
      {ex.judges.length === 0 ? <p className="govuk-body">No judge has submitted scores for this entry yet.</p> : null}
      {ex.judges.map((j) => {
        const comments = commentsOf(j.judgeId);
        return (
          <section key={j.judgeId} className="govuk-!-margin-bottom-8" aria-labelledby={`judge-${j.judgeId}`}>
            <h3 className="govuk-heading-s" id={`judge-${j.judgeId}`}>
              {nameOf(j.judgeId)}
            </h3>
            <Table
              scroll
              caption={`Scores from ${nameOf(j.judgeId)}`}
              captionSize="s"
              rows={j.criteria}
              rowKey={(c) => c.criterionId}
              columns={[
                { header: "Criterion", rowHeader: true, cell: (c) => c.name },
                { header: "Weight", numeric: true, cell: (c) => c.weight },
                { header: "Score and working", cell: (c) => c.text },
                { header: "Comment", cell: (c) => comments?.byCriterion[c.criterionId] ?? "" },
              ]}
            />
            <SummaryList
              rows={[
                { key: "Weighted percent", value: j.percentText },
                { key: "This judge across the round", value: j.judgeStatsText },
                { key: "Standardised (z)", value: j.zText },
                { key: "Mapped back to the round's scale", value: j.normalisedText },
                { key: "Overall comment", value: comments?.overall || "None" },
              ]}
            />
          </section>
        );
      })}

      <h2 className="govuk-heading-m">Judges and feedback</h2>
      <p className="govuk-body">
        Approved comments are given to the entrant as feedback once the results are published.
      </p>
      <Table
        scroll
        caption="Judges of this entry"
        captionSize="s"
        rows={page.reviews}
        rowKey={(r) => r.judgeId}
        columns={[
          {
            header: "Judge",
            cell: (r) => (
              <>
                {r.name}
                {r.source === "moderation" ? " (added in moderation)" : ""}
              </>
            ),
          },
          {
            header: "Review",
            cell: (r) =>
              r.status === "in_progress" ? "In progress" : r.status === "submitted" ? "Submitted" : "Not started",
          },
          {
            header: "Feedback",
            cell: (r) =>
              r.status === "submitted" && r.reviewId !== null ? (
                <Form method="post">
                  <input type="hidden" name="review" value={r.reviewId} />
                  <input type="hidden" name="approve" value={r.approvedAt ? "no" : "yes"} />
                  {r.approvedAt ? (
                    <p className="govuk-body-s">
                      Approved {formatDateTime(new Date(r.approvedAt))}
                      {r.approvedBy ? ` by ${r.approvedBy}` : ""}
                    </p>
                  ) : null}
                  <Button variant="secondary" className="govuk-!-margin-bottom-0" name="intent" value="feedback">
                    {r.approvedAt ? "Withdraw approval" : "Approve comments"}
                    <span className="govuk-visually-hidden"> from {r.name}</span>
                  </Button>
                </Form>
              ) : (
                "Not yet submitted"
              ),
          },
        ]}
      />

      <h2 className="govuk-heading-m">Moderation</h2>
      {page.decisions.length ? (
        <Table
          scroll
          caption="Decisions"
          captionSize="s"
          rows={page.decisions}
          rowKey={(d) => d.id}
          columns={[
            { header: "When", cell: (d) => formatDateTime(new Date(d.decidedAt)) },
            { header: "Decision", cell: (d) => d.label },
            { header: "Reason", cell: (d) => d.reason },
            { header: "By", cell: (d) => d.decidedBy ?? "" },
          ]}
        />
      ) : (
        <p className="govuk-body">No decisions recorded for this entry.</p>
      )}
      {page.round.status !== "confirmed" ? (
        <>
          <Form method="post" noValidate>
            <h3 className="govuk-heading-s">Add a judge to this entry</h3>
            {open ? (
              <>
                <p className="govuk-body">
                  Only judges with no conflict of interest with this entry are listed. They are emailed.
                </p>
                <Select
                  name="judge"
                  label="Judge"
                  placeholder="Choose a judge"
                  options={page.candidates.map((c) => ({
                    value: String(c.id),
                    text: c.onRound ? c.name : `${c.name} (not yet on this round)`,
                  }))}
                  error={errors?.judge}
                  defaultValue={actionData?.form === "add" ? valueOf(values, "judge") : ""}
                />
                <Textarea
                  name="reason"
                  label="Why is a judge being added?"
                  rows={2}
                  error={errors?.reason}
                  defaultValue={actionData?.form === "add" ? valueOf(values, "reason") : ""}
                />
                <Button variant="secondary" name="intent" value="add-judge">
                  Add the judge
                </Button>
              </>
            ) : (
              <p className="govuk-body">Scoring is closed: reopen it on the round&apos;s overview to add a judge.</p>
            )}
          </Form>
          <Form method="post" noValidate>
            <h3 className="govuk-heading-s">Record a decision</h3>
            <Radios
              name="decision"
              legend="Decision"
              legendSize="s"
              error={errors?.decision}
              defaultValue={actionData?.form === "decide" ? valueOf(values, "decision") : ""}
              options={[
                { value: "scores_stand", text: "The scores stand" },
                {
                  value: "excluded",
                  text: page.round.number === 1 ? "Exclude from the shortlist" : "Exclude from the winners",
                },
                {
                  value: "included",
                  text: page.round.number === 1 ? "Include in the shortlist" : "Include in the winners",
                },
              ]}
            />
            <Textarea
              name="decisionReason"
              label="Reason"
              hint="Recorded with the decision and in the audit log."
              rows={3}
              error={errors?.decisionReason}
              defaultValue={actionData?.form === "decide" ? valueOf(values, "decisionReason") : ""}
            />
            <Button name="intent" value="decide">
              Record the decision
            </Button>
          </Form>
        </>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
