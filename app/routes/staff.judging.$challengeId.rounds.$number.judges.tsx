import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, fieldId, valuesOf } from "../components/forms";
import { RoundPageHeader } from "../components/JudgingNav";
import { pageTitle } from "../components/page-title";
import { formValues, type FormValues } from "../domain/forms";
import { capField } from "../domain/rubric";
import { formatDate } from "../domain/time";
import { plural } from "../domain/words";
import { attempt, formError } from "../security/app-error-responses.server";
import {
  idParam,
  roundForStaff,
  roundJudgeChoices,
  roundNumberParam,
  setRoundJudges,
} from "../services/judging/rounds.server";

// /staff/judging/:challengeId/rounds/:number/judges: choose who judges the round from everyone
// with the judge role, with an optional cap on how many entries each may get.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Judges for the round", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const challengeId = idParam(args.params.challengeId);
  const number = roundNumberParam(args.params.number);
  const round = await roundForStaff(actor, challengeId, number);
  const judges = await roundJudgeChoices(actor, challengeId, number);
  return { round, judges, saved: new URL(args.request.url).searchParams.get("notice") === "saved" };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  const number = roundNumberParam(args.params.number);
  const values = formValues(await args.request.formData(), ["judge"]);
  const ids = valuesOf(values, "judge");
  const errors: Record<string, string> = {};
  const chosen: { judgeId: number; cap: number | null }[] = [];
  for (const raw of ids.slice(0, 2000)) {
    if (!/^[1-9][0-9]{0,8}$/.test(raw)) {
      errors.judges = "Choose judges from the list";
      continue;
    }
    const cap = capField.safeParse(values[`cap-${raw}`]);
    if (!cap.success) errors[`cap-${raw}`] = cap.error.issues[0]?.message ?? "Enter a whole number";
    else chosen.push({ judgeId: Number(raw), cap: cap.data });
  }
  if (Object.keys(errors).length) return data({ errors, values }, { status: 400 });
  const result = await attempt(setRoundJudges(actorFrom(user, args), challengeId, number, chosen));
  if (!result.ok) return formError(result.error, values);
  return redirect(`/staff/judging/${challengeId}/rounds/${number}/judges?notice=saved`);
}

export default function RoundJudges() {
  const { round, judges, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values as FormValues | undefined;
  const base = `/staff/judging/${round.challengeId}/rounds/${round.number}`;
  const active = judges.filter((j) => !j.withdrawnAt);
  const withdrawn = judges.filter((j) => j.withdrawnAt && j.onRound);
  const chosen = new Set(values ? valuesOf(values, "judge") : active.filter((j) => j.onRound).map((j) => String(j.id)));
  const capValue = (id: number, cap: number | null) => {
    const v = values?.[`cap-${id}`];
    if (v !== undefined) return Array.isArray(v) ? (v[0] ?? "") : v;
    return cap === null ? "" : String(cap);
  };
  const editable = round.status === "setup" || round.status === "open";
  return (
    <>
      <RoundPageHeader
        challengeId={round.challengeId}
        challengeTitle={round.challengeTitle}
        round={round.number}
        heading="Judges for the round"
        current={`${base}/judges`}
        errors={errors}
        notice={saved ? "The judges for the round have been saved" : null}
      />
      <p className="govuk-body">
        {round.number === 1
          ? `Each entry needs ${plural(round.judgesPerEntry, "judge")}. Choose at least that many; with more judges each scores fewer entries.`
          : "Every member of the final panel scores every shortlisted entry."}{" "}
        Judges are people who accepted an{" "}
        <Link className="govuk-link" to="/staff/invitations/new">
          invitation as a judge
        </Link>
        . Leave “most entries” blank to share the entries evenly.
      </p>
      {editable ? (
        <Form method="post" noValidate>
          <div className={`govuk-form-group${errors?.judges ? " govuk-form-group--error" : ""}`}>
            <fieldset className="govuk-fieldset" aria-describedby={errors?.judges ? "judges-error" : undefined}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m" id="judges">
                Judges
              </legend>
              {errors?.judges ? (
                <p id="judges-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {errors.judges}
                </p>
              ) : null}
              {active.length ? (
                <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                  {active.map((j) => {
                    const capName = `cap-${j.id}`;
                    const capError = errors?.[capName];
                    return (
                      <div key={j.id} className="govuk-!-margin-bottom-4">
                        <div className="govuk-checkboxes__item">
                          <input
                            className="govuk-checkboxes__input"
                            id={`judge-${j.id}`}
                            name="judge"
                            type="checkbox"
                            value={j.id}
                            defaultChecked={chosen.has(String(j.id))}
                          />
                          <label className="govuk-label govuk-checkboxes__label" htmlFor={`judge-${j.id}`}>
                            {j.name} ({j.email})
                          </label>
                          <div className="govuk-hint govuk-checkboxes__hint">
                            {j.conflicts === 1 ? "1 conflict" : `${j.conflicts} conflicts`} in this challenge
                            {j.onRound ? `; ${plural(j.live, "entry", "entries")} assigned` : ""}
                          </div>
                        </div>
                        <div
                          className={`govuk-form-group govuk-!-margin-left-9 govuk-!-margin-bottom-0${capError ? " govuk-form-group--error" : ""}`}
                        >
                          <label className="govuk-label govuk-label--s" htmlFor={fieldId(capName)}>
                            Most entries for {j.name} (optional)
                          </label>
                          {capError ? (
                            <p id={`${fieldId(capName)}-error`} className="govuk-error-message">
                              <span className="govuk-visually-hidden">Error:</span> {capError}
                            </p>
                          ) : null}
                          <input
                            className={`govuk-input govuk-input--width-3${capError ? " govuk-input--error" : ""}`}
                            id={fieldId(capName)}
                            name={capName}
                            inputMode="numeric"
                            defaultValue={capValue(j.id, j.cap)}
                            aria-describedby={capError ? `${fieldId(capName)}-error` : undefined}
                          />
                        </div>
                      </div>
                    );
                  })}
                </div>
              ) : (
                <p className="govuk-body">Nobody holds the judge role yet.</p>
              )}
            </fieldset>
          </div>
          <Button>Save judges</Button>
        </Form>
      ) : (
        <p className="govuk-body">Scoring has closed, so the judges can no longer change.</p>
      )}
      {withdrawn.length ? (
        <>
          <h2 className="govuk-heading-m">Withdrawn</h2>
          <ul className="govuk-list">
            {withdrawn.map((j) => (
              <li key={j.id}>
                {j.name}, withdrawn {formatDate(new Date(j.withdrawnAt!))}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
