import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { InsetText, NotificationBanner, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Textarea, valueOf } from "../components/forms";
import { JudgingBreadcrumbs } from "../components/JudgingNav";
import { pageTitle } from "../components/page-title";
import { formValues, parseValues, requiredParagraphs } from "../domain/forms";
import { idField, WEIGHT_TOTAL } from "../domain/rubric";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { idParam } from "../services/judging/rounds.server";
import { lockRubric, moveCriterion, rubricForStaff, unlockRubric } from "../services/judging/rubric.server";
import { Table } from "../components/Table";

// /staff/judging/:challengeId/rubric: the criteria judges score against, their weights and total,
// putting them in order, and locking or unlocking the rubric (unlocking needs a reason).

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Rubric", error, matches) },
];

const NOTICES: Record<string, string> = {
  added: "The criterion has been added",
  saved: "Your changes have been saved",
  removed: "The criterion has been removed",
  unlocked: "The rubric has been unlocked. The reason is recorded in the audit log.",
  locked: "The rubric has been locked",
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const rubric = await rubricForStaff(actorFrom(user, args), idParam(args.params.challengeId));
  const notice = new URL(args.request.url).searchParams.get("notice");
  return { ...rubric, notice: notice && NOTICES[notice] ? NOTICES[notice] : null };
}

const moveSchema = z.object({
  criterionId: idField("Choose a criterion to move"),
  direction: z.enum(["up", "down"], { error: "Choose whether to move it up or down" }),
});
const unlockSchema = z.object({ reason: requiredParagraphs("why the rubric must change", 2000) });

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  const actor = actorFrom(user, args);
  const values = formValues(await args.request.formData());
  const back = `/staff/judging/${challengeId}/rubric`;
  if (values.intent === "unlock") {
    // Unlocking lets scores already given be changed under judges: a recent second factor.
    requireRecentSecondFactor(args, user);
    const form = parseValues(unlockSchema, values);
    if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
    const result = await attempt(unlockRubric(actor, challengeId, form.data.reason));
    if (!result.ok) return formError(result.error, form.values);
    return redirect(`${back}?notice=unlocked`);
  }
  if (values.intent === "lock") {
    const result = await attempt(lockRubric(actor, challengeId));
    if (!result.ok) return formError(result.error, values);
    return redirect(`${back}?notice=locked`);
  }
  const form = parseValues(moveSchema, values);
  if (!form.ok) return data({ errors: { form: Object.values(form.errors)[0]! }, values }, { status: 400 });
  const result = await attempt(moveCriterion(actor, challengeId, form.data.criterionId, form.data.direction));
  if (!result.ok) return formError(result.error, values);
  return redirect(back);
}

export default function Rubric() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const base = `/staff/judging/${page.challengeId}/rubric`;
  const locked = page.lockedAt !== null;
  return (
    <>
      <JudgingBreadcrumbs challengeId={page.challengeId} challengeTitle={page.challengeTitle} />
      <ErrorSummary errors={errors} order={["form", "reason"]} />
      {page.notice ? (
        <NotificationBanner success>
          <p className="govuk-notification-banner__heading">{page.notice}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{page.challengeTitle}</span>
      <h1 className="govuk-heading-l">Rubric</h1>
      <p className="govuk-body">
        Judges score every entry against these criteria. Each weight says how much a criterion counts; the weights must
        add up to {WEIGHT_TOTAL} before scoring can start, so each reads as a percentage of the total score. Every score
        on a criterion&apos;s scale needs a description, which judges see next to the score.
      </p>
      {locked ? (
        <WarningText>
          The rubric is locked: scoring started {formatDateTime(new Date(page.lockedAt!))}
          {page.lockedBy ? ` (locked by ${page.lockedBy})` : ""}. Changing it now would change what judges have already
          scored against, so it must be unlocked first, with a reason.
        </WarningText>
      ) : null}

      <Table
        caption="Criteria"
        scroll
        total={{ label: "Total weight", value: page.total, column: 2 }}
        rows={page.criteria}
        rowKey={(c) => c.id}
        columns={[
          {
            header: "Criterion",
            cell: (c) => (
              <>
                <strong>{c.name}</strong>
                {c.guidance ? <p className="govuk-body-s govuk-!-margin-bottom-0">{c.guidance}</p> : null}
              </>
            ),
          },
          {
            header: "Scale",
            cell: (c) => (
              <>
                {c.scaleMin} to {c.scaleMax}
              </>
            ),
          },
          { header: "Weight", numeric: true, cell: (c) => c.weight },
          {
            header: <span className="govuk-visually-hidden">Actions</span>,
            cell: (c, index) =>
              locked ? null : (
                <>
                  <Link className="govuk-link" to={`${base}/${c.id}`}>
                    Change<span className="govuk-visually-hidden"> {c.name}</span>
                  </Link>
                  {index > 0 ? <MoveButton criterion={c} direction="up" /> : null}
                  {index < page.criteria.length - 1 ? <MoveButton criterion={c} direction="down" /> : null}
                </>
              ),
          },
        ]}
      />
      {page.problems.length ? (
        <InsetText>
          <p className="govuk-body">Before scoring can start:</p>
          <ul className="govuk-list govuk-list--bullet">
            {page.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </InsetText>
      ) : null}

      {locked ? (
        <Form method="post" noValidate>
          <h2 className="govuk-heading-m">Unlock the rubric</h2>
          <Textarea
            name="reason"
            label="Why must the rubric change?"
            hint="This is recorded in the audit log with your name. Judges' scores already submitted stay as they are."
            error={errors?.reason}
            defaultValue={valueOf(actionData?.values as Record<string, string> | undefined, "reason")}
            rows={3}
          />
          <Button variant="warning" name="intent" value="unlock">
            Unlock the rubric
          </Button>
        </Form>
      ) : (
        <>
          <p className="govuk-body">
            <Link className="govuk-link" to={`${base}/new`}>
              Add a criterion
            </Link>
          </p>
          {page.history.some((h) => h.action === "rubric.unlocked") ? (
            <Form method="post">
              <h2 className="govuk-heading-m">Lock the rubric again</h2>
              <p className="govuk-body">
                When the changes are done, lock the rubric so that it cannot change while judges score.
              </p>
              <Button name="intent" value="lock">
                Lock the rubric
              </Button>
            </Form>
          ) : null}
        </>
      )}

      {page.history.length ? (
        <>
          <h2 className="govuk-heading-m">Locks and unlocks</h2>
          <ul className="govuk-list">
            {page.history.map((h, i) => (
              <li key={i}>
                {formatDateTime(new Date(h.at))}: {h.action === "rubric.unlocked" ? "unlocked" : "locked"}
                {h.by ? ` by ${h.by}` : ""}
                {h.reason ? ` (${h.reason})` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

/** Moves a criterion one place up or down the rubric (a form of its own, so it works without JavaScript). */
function MoveButton({ criterion, direction }: { criterion: { id: number; name: string }; direction: "up" | "down" }) {
  return (
    <Form method="post">
      <input type="hidden" name="criterionId" value={criterion.id} />
      <Button
        variant="secondary"
        className="govuk-!-margin-bottom-0 govuk-!-margin-top-1"
        name="direction"
        value={direction}
      >
        Move {direction}
        <span className="govuk-visually-hidden"> {criterion.name}</span>
      </Button>
    </Form>
  );
}
