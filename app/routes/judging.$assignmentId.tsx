import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { InsetText, SummaryList } from "../components/content";
import { SectionAnswers } from "../components/EntryAnswers";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { parseForm, type FieldErrors, type FormValues } from "../domain/forms";
import { commentField, scoreField, MAX_CRITERION_COMMENT, MAX_OVERALL_COMMENT } from "../domain/judge-review-form";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { requestNow } from "../services/platform/clock.server";
import {
  reviewFormValues,
  ReviewChangedError,
  saveReview,
  scoringPage,
  type SavedReview,
  type ScoringCriterion,
} from "../services/judging/reviews.server";

// /judging/:assignmentId: one entry as it was submitted, and the judge's scores for it. Reached
// only through the judge's own live assignment (judging/reviews.server.ts decides; anything else
// is a 404, conflicts included). "Save and come back later" keeps a partial review; "Submit
// scores" needs every criterion. Submitted scores can be changed while the round is open, and
// only read once it has closed. Plain radios and buttons: it all works without JavaScript.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: page, error, matches }) => [
  { title: pageTitle(page ? `Score ${page.assignment.reference}` : "Score an entry", error, matches) },
];

function assignmentIdOf(value: string | undefined): number {
  if (!value || !/^[0-9]{1,9}$/.test(value)) throw notFound();
  return Number(value);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "judge");
  const page = await scoringPage(actorFrom(user, args), assignmentIdOf(args.params.assignmentId));
  return { ...page, values: reviewFormValues(page.review, page.criteria) };
}

const schema = z.object({
  version: z.coerce.number({ error: "Reload the page and try again" }).int().min(0).max(2_000_000_000),
  intent: z.enum(["save", "submit"], { error: "Choose whether to save your scores or submit them" }),
});

interface ActionState {
  errors: FieldErrors;
  values: FormValues;
  version?: number;
  saved?: SavedReview;
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "judge");
  const assignmentId = assignmentIdOf(args.params.assignmentId);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) {
    return data({ errors: { form: Object.values(form.errors)[0]! }, values: form.values } satisfies ActionState, {
      status: 400,
    });
  }
  const result = await attempt(
    saveReview(
      actorFrom(user, args),
      { assignmentId, version: form.data.version, intent: form.data.intent, values: form.values },
      requestNow(args.request),
    ),
  );
  if (result.ok) {
    return redirect(
      `/judging?notice=${result.value.status === "submitted" ? "submitted" : "saved"}&ref=${result.value.reference}`,
    );
  }
  if (result.error instanceof ReviewChangedError) {
    const { saved } = result.error;
    return data(
      {
        errors: { form: result.error.message },
        values: form.values,
        version: saved.version,
        saved,
      } satisfies ActionState,
      { status: 409 },
    );
  }
  return formError(result.error, form.values);
}

// After a conflict the page shows the scores as saved now; keep the loader's data fresh.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

function levelOptions(criterion: ScoringCriterion) {
  const described = new Map(criterion.levels.map((l) => [l.score, l.label]));
  const options = [];
  for (let score = criterion.scaleMin; score <= criterion.scaleMax; score += 1) {
    const label = described.get(score);
    options.push({ value: String(score), text: String(score), hint: label || undefined });
  }
  return options;
}

function ScoresSummary({ criteria, review }: { criteria: ScoringCriterion[]; review: SavedReview }) {
  return (
    <SummaryList
      rows={[
        ...criteria.map((c) => {
          const saved = review.scores[c.id];
          return {
            key: c.name,
            value: (
              <>
                {saved?.score === null || saved?.score === undefined
                  ? "Not scored"
                  : `${saved.score} out of ${c.scaleMax}`}
                {saved?.comment ? (
                  <p className="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">{saved.comment}</p>
                ) : null}
              </>
            ),
          };
        }),
        { key: "Overall comment", value: review.overallComment || "None" },
      ]}
    />
  );
}

export default function ScoreEntry() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionState | undefined;
  const errors = actionData?.errors;
  const values = actionData?.values ?? page.values;
  const version = actionData?.version ?? page.review?.version ?? 0;
  const { assignment, review, criteria } = page;
  const submitted = review?.status === "submitted";
  const order = ["form", ...criteria.flatMap((c) => [scoreField(c.id), commentField(c.id)]), "overallComment"];

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/judging" className="govuk-back-link">
          Back to your judging
        </Link>
        <ErrorSummary errors={errors} order={order} />
        <span className="govuk-caption-l">
          {assignment.challengeTitle} · Round {assignment.roundNumber} · {assignment.reference}
        </span>
        <h1 className="govuk-heading-l">{page.title || "Untitled entry"}</h1>

        {page.organisation ? (
          <SummaryList
            rows={[
              { key: "Organisation", value: page.organisation.name },
              { key: "Type", value: page.organisation.type },
            ]}
          />
        ) : (
          <InsetText>
            The organisation’s name is hidden in this round, so that entries are judged on the idea alone.
          </InsetText>
        )}

        {page.sections.map((section) => (
          <section key={section.key} aria-labelledby={`section-${section.key}`}>
            <h2 className="govuk-heading-m" id={`section-${section.key}`}>
              {section.title}
            </h2>
            <SectionAnswers section={section} />
          </section>
        ))}

        <h2 className="govuk-heading-l govuk-!-margin-top-8" id="your-scores">
          Your scores
        </h2>
        {actionData?.saved ? (
          <>
            <h3 className="govuk-heading-m">The scores saved in the other window</h3>
            <ScoresSummary criteria={criteria} review={actionData.saved} />
          </>
        ) : null}
        {submitted && review?.submittedAt ? (
          <InsetText>
            You submitted your scores at {formatDateTime(new Date(review.submittedAt))}.
            {page.editable ? " You can change them and submit them again until scoring closes." : ""}
          </InsetText>
        ) : null}
        {!page.editable ? (
          <>
            <p className="govuk-body">Scoring has closed for this round.</p>
            {review ? (
              <ScoresSummary criteria={criteria} review={review} />
            ) : (
              <p className="govuk-body">You did not score this entry.</p>
            )}
          </>
        ) : (
          <Form method="post" noValidate key={`${assignment.assignmentId}-${version}`}>
            <input type="hidden" name="version" value={String(version)} />
            <p className="govuk-body">
              Score each criterion against the descriptions of its levels.
              {assignment.scoringClosesAt
                ? ` Submit your scores by ${formatDateTime(new Date(assignment.scoringClosesAt))}.`
                : ""}
            </p>
            {criteria.map((criterion) => (
              <div key={criterion.id} className="govuk-!-margin-bottom-6">
                <Radios
                  name={scoreField(criterion.id)}
                  legend={criterion.name}
                  legendSize="m"
                  hint={criterion.guidance || undefined}
                  error={errors?.[scoreField(criterion.id)]}
                  defaultValue={valueOf(values, scoreField(criterion.id))}
                  options={levelOptions(criterion)}
                />
                <Textarea
                  name={commentField(criterion.id)}
                  label={`Your comment on ${criterion.name.toLowerCase()} (optional)`}
                  rows={3}
                  error={errors?.[commentField(criterion.id)]}
                  defaultValue={valueOf(values, commentField(criterion.id))}
                  hint={`Up to ${MAX_CRITERION_COMMENT.toLocaleString("en-GB")} characters`}
                  spellCheck
                />
              </div>
            ))}
            <Textarea
              name="overallComment"
              label="Overall comment (optional)"
              labelSize="m"
              hint={`What stood out, for better or worse. Up to ${MAX_OVERALL_COMMENT.toLocaleString("en-GB")} characters. Staff may share judges’ comments with the entrant as feedback.`}
              error={errors?.overallComment}
              defaultValue={valueOf(values, "overallComment")}
              rows={5}
              spellCheck
            />
            <div className="govuk-button-group">
              <Button name="intent" value="submit">
                {submitted ? "Submit changed scores" : "Submit scores"}
              </Button>
              {submitted ? null : (
                <Button name="intent" value="save" variant="secondary">
                  Save and come back later
                </Button>
              )}
            </div>
          </Form>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
