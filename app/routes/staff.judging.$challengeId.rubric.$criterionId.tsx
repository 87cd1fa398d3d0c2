import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Textarea, TextInput, valueOf } from "../components/forms";
import { JudgingBreadcrumbs } from "../components/JudgingNav";
import { pageTitle } from "../components/page-title";
import { formValues, type FormValues } from "../domain/forms";
import { CRITERION_FIELD_ORDER, criterionValues, levelField, parseCriterion, SCALE_LIMIT } from "../domain/rubric";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { idParam } from "../services/judging/rounds.server";
import { removeCriterion, rubricForStaff, saveCriterion } from "../services/judging/rubric.server";

// /staff/judging/:challengeId/rubric/new and /rubric/:criterionId: add a criterion, or change or
// remove one. The scale's levels each need a description; when staff change the scale, the form
// comes back with a box for every level of the new scale (this works without JavaScript).

export const meta: MetaFunction<typeof loader> = ({ data: page, error, matches }) => [
  { title: pageTitle(page?.criterionId ? "Change a criterion" : "Add a criterion", error, matches) },
];

function criterionParam(value: string | undefined): number | null {
  if (value === "new") return null;
  return idParam(value);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  const criterionId = criterionParam(args.params.criterionId);
  const rubric = await rubricForStaff(actorFrom(user, args), challengeId);
  const criterion = criterionId === null ? null : rubric.criteria.find((c) => c.id === criterionId);
  if (criterion === undefined) throw notFound();
  const values: FormValues = criterion
    ? criterionValues(criterion)
    : { name: "", guidance: "", weight: "", scaleMin: "0", scaleMax: "5" };
  return {
    challengeId,
    challengeTitle: rubric.challengeTitle,
    criterionId,
    locked: rubric.lockedAt !== null,
    values,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  const criterionId = criterionParam(args.params.criterionId);
  const actor = actorFrom(user, args);
  const values = formValues(await args.request.formData());
  const back = `/staff/judging/${challengeId}/rubric`;
  if (values.intent === "remove") {
    if (criterionId === null) throw notFound();
    const result = await attempt(removeCriterion(actor, challengeId, criterionId));
    if (!result.ok) return formError(result.error, values);
    return redirect(`${back}?notice=removed`);
  }
  const form = parseCriterion(values);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(saveCriterion(actor, challengeId, criterionId, form.data));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`${back}?notice=${criterionId === null ? "added" : "saved"}`);
}

/** The scale to show boxes for: the one typed, if it makes sense, else 0 to 5. */
function scaleOf(values: FormValues): [number, number] {
  const min = Number(valueOf(values, "scaleMin"));
  const max = Number(valueOf(values, "scaleMax"));
  if (Number.isInteger(min) && Number.isInteger(max) && min >= 0 && max > min && max <= SCALE_LIMIT) return [min, max];
  return [0, 5];
}

export default function CriterionPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? page.values) as FormValues;
  const [min, max] = scaleOf(values);
  const back = `/staff/judging/${page.challengeId}/rubric`;
  const levels = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  return (
    <>
      <JudgingBreadcrumbs challengeId={page.challengeId} challengeTitle={page.challengeTitle} />
      <Link to={back} className="govuk-back-link">
        Back to the rubric
      </Link>
      <ErrorSummary errors={errors} order={["form", ...CRITERION_FIELD_ORDER]} />
      <span className="govuk-caption-l">{page.challengeTitle}</span>
      <h1 className="govuk-heading-l">{page.criterionId ? "Change a criterion" : "Add a criterion"}</h1>
      {page.locked ? (
        <WarningText>
          The rubric is locked because scoring has started. Unlock it on the rubric page before changing it.
        </WarningText>
      ) : null}
      <Form method="post" noValidate>
        <TextInput name="name" label="Name" error={errors?.name} defaultValue={valueOf(values, "name")} />
        <Textarea
          name="guidance"
          label="Guidance for judges (optional)"
          hint="What judges should look for under this criterion."
          error={errors?.guidance}
          defaultValue={valueOf(values, "guidance")}
          rows={3}
        />
        <TextInput
          name="weight"
          label="Weight"
          hint="A whole number from 1 to 100. The weights of all the criteria must add up to 100 before scoring starts."
          width="3"
          inputMode="numeric"
          error={errors?.weight}
          defaultValue={valueOf(values, "weight")}
        />
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Scale</legend>
          <div className="govuk-hint">
            Whole-number scores, for example 0 to 5. If you change the scale, save and the form will ask for a
            description of each new score.
          </div>
          <TextInput
            name="scaleMin"
            label="Lowest score"
            width="2"
            inputMode="numeric"
            error={errors?.scaleMin}
            defaultValue={valueOf(values, "scaleMin")}
          />
          <TextInput
            name="scaleMax"
            label="Highest score"
            width="2"
            inputMode="numeric"
            error={errors?.scaleMax}
            defaultValue={valueOf(values, "scaleMax")}
          />
        </fieldset>
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">What each score means</legend>
          {levels.map((score) => (
            <TextInput
              key={score}
              name={levelField(score)}
              label={`Score ${score}`}
              error={errors?.[levelField(score)]}
              defaultValue={valueOf(values, levelField(score))}
            />
          ))}
        </fieldset>
        <Button>{page.criterionId ? "Save changes" : "Add criterion"}</Button>
      </Form>
      {page.criterionId ? (
        <Form method="post">
          <h2 className="govuk-heading-m">Remove this criterion</h2>
          <p className="govuk-body">Only a criterion no judge has scored can be removed.</p>
          <Button variant="warning" name="intent" value="remove">
            Remove criterion
          </Button>
        </Form>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
