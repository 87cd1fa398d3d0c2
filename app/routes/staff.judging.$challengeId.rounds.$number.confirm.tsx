import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { InsetText, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, Textarea, valueOf, valuesOf } from "../components/forms";
import { RoundPageHeader } from "../components/JudgingNav";
import { Table } from "../components/Table";
import { pct, rankedColumns } from "../components/judging-columns";
import { pageTitle } from "../components/page-title";
import { plural } from "../domain/words";
import { formValues, type FormValues } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { requestNow } from "../services/platform/clock.server";
import { confirmationView, confirmRound } from "../services/judging/moderation.server";
import { idParam, roundNumberParam } from "../services/judging/rounds.server";

// /staff/judging/:challengeId/rounds/:number/confirm: confirm the shortlist (round 1) or the
// winners (round 2). The proposal is the top entries of the chosen ranking; staff may change it,
// giving a reason. Confirming writes the round's result once and for all.

export const meta: MetaFunction<typeof loader> = ({ data: page, error, matches }) => [
  { title: pageTitle(page?.round.number === 2 ? "Confirm the winners" : "Confirm the shortlist", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const view = await confirmationView(
    actorFrom(user, args),
    idParam(args.params.challengeId),
    roundNumberParam(args.params.number),
    requestNow(args.request),
  );
  return { ...view, confirmedNow: new URL(args.request.url).searchParams.get("notice") === "confirmed" };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const challengeId = idParam(args.params.challengeId);
  const number = roundNumberParam(args.params.number);
  const values = formValues(await args.request.formData(), ["selected"]);
  const raw = valuesOf(values, "selected").slice(0, 5000);
  if (raw.some((v) => !/^[1-9][0-9]{0,8}$/.test(v))) {
    return data({ errors: { selected: "Choose entries from the list" }, values }, { status: 400 });
  }
  const reason = valueOf(values, "reason").slice(0, 5001);
  if (reason.length > 5000)
    return data({ errors: { reason: "The reason must be 5,000 characters or fewer" }, values }, { status: 400 });
  const result = await attempt(
    confirmRound(
      actorFrom(user, args),
      challengeId,
      number,
      { selected: [...new Set(raw.map(Number))], reason },
      requestNow(args.request),
    ),
  );
  if (!result.ok) return formError(result.error, values);
  return redirect(`/staff/judging/${challengeId}/rounds/${number}/confirm?notice=confirmed`);
}

export default function Confirm() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values as FormValues | undefined;
  const round = page.round;
  const base = `/staff/judging/${page.challengeId}/rounds/${round.number}`;
  const what = round.number === 1 ? "shortlist" : "winners";
  const heading = round.number === 1 ? "Confirm the shortlist" : "Confirm the winners";
  const selected = new Set(values ? valuesOf(values, "selected") : page.proposed.map(String));
  const confirmed = round.status === "confirmed";
  return (
    <>
      <RoundPageHeader
        challengeId={page.challengeId}
        challengeTitle={page.challengeTitle}
        round={round.number}
        heading={heading}
        current={`${base}/confirm`}
        errors={errors}
        errorOrder={["form", "selected", "reason"]}
        notice={
          page.confirmedNow
            ? round.number === 1
              ? "The shortlist is confirmed. Round 2 can now be created."
              : "The winners are confirmed."
            : null
        }
      />
      {confirmed ? (
        <>
          <p className="govuk-body">The result was confirmed and can no longer change. Awards are proposed from it.</p>
          <Table
            scroll
            caption="Confirmed result"
            rows={page.results}
            rowKey={(r) => r.entryId}
            columns={[
              ...rankedColumns<(typeof page.results)[number]>(null),
              { header: "Raw %", numeric: true, cell: (r) => pct(r.raw) },
              { header: "Normalised %", numeric: true, cell: (r) => pct(r.normalised) },
              {
                header: round.number === 1 ? "On the shortlist" : "Winner",
                cell: (r) => (
                  <>
                    {r.selected ? "Yes" : "No"}
                    {r.overrideReason ? ` (changed by staff: ${r.overrideReason})` : ""}
                  </>
                ),
              },
            ]}
          />
          {round.number === 1 ? (
            <p className="govuk-body">
              {page.nextRoundExists ? (
                <Link className="govuk-link" to={`/staff/judging/${page.challengeId}/rounds/2`}>
                  Go to round 2
                </Link>
              ) : (
                <Link className="govuk-link" to={`/staff/judging/${page.challengeId}/rounds/2/settings`}>
                  Create round 2
                </Link>
              )}
            </p>
          ) : null}
        </>
      ) : round.status === "setup" ? (
        <p className="govuk-body">Scoring has not started in this round.</p>
      ) : page.notYet ? (
        <WarningText>The result cannot be confirmed yet. {page.notYet}.</WarningText>
      ) : (
        <Form method="post" noValidate>
          <p className="govuk-body">
            {page.progress.submitted} of {page.progress.assigned} reviews submitted. The proposal is the top{" "}
            {plural(round.advanceCount, "entry", "entries")} by {round.rankBy === "normalised" ? "normalised" : "raw"}{" "}
            score (
            <Link className="govuk-link" to={`${base}/leaderboard`}>
              the leaderboard
            </Link>
            ). Confirming closes scoring and records every entry&apos;s rank and figures; it cannot be undone.
          </p>
          {page.unjudged.length ? (
            <WarningText>
              {page.unjudged.join(", ")} {page.unjudged.length === 1 ? "has" : "have"} no judges in this round. Run the
              assignment again, or record that {page.unjudged.length === 1 ? "it is" : "they are"} not eligible, before
              confirming.
            </WarningText>
          ) : null}
          {page.progress.submitted < page.progress.assigned ? (
            <WarningText>
              Not every review has been submitted: confirming now ranks entries on the scores submitted so far.
            </WarningText>
          ) : null}
          {page.decisions.length ? (
            <InsetText>
              <p className="govuk-body">Moderation decisions to include or exclude entries:</p>
              <ul className="govuk-list">
                {page.decisions.map((d) => (
                  <li key={d.id}>
                    {d.reference}: {d.label}. {d.reason}
                  </li>
                ))}
              </ul>
            </InsetText>
          ) : null}
          <div className={`govuk-form-group${errors?.selected ? " govuk-form-group--error" : ""}`}>
            <fieldset
              className="govuk-fieldset"
              aria-describedby={errors?.selected ? "selected-error" : "selected-hint"}
            >
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m" id="selected">
                {round.number === 1 ? "Entries on the shortlist" : "Winners"}
              </legend>
              <div className="govuk-hint" id="selected-hint">
                Ticked: the proposed {what}. Change it only with a reason below.
              </div>
              {errors?.selected ? (
                <p id="selected-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {errors.selected}
                </p>
              ) : null}
              <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                {page.board.entries.map((e) => (
                  <div className="govuk-checkboxes__item" key={e.entryId}>
                    <input
                      className="govuk-checkboxes__input"
                      id={`selected-${e.entryId}`}
                      name="selected"
                      type="checkbox"
                      value={e.entryId}
                      defaultChecked={selected.has(String(e.entryId))}
                    />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={`selected-${e.entryId}`}>
                      {e.rank}. {e.reference} {e.title}
                    </label>
                    <div className="govuk-hint govuk-checkboxes__hint">
                      Raw {pct(e.raw)}, normalised {pct(e.normalised)}, {plural(e.judgeCount, "judge")}
                      {e.flagged ? "; judges disagree" : ""}
                    </div>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <Textarea
            name="reason"
            label="Reason for any change to the proposal"
            hint="Needed only if you add or remove entries. It is recorded with the result and in the audit log."
            rows={3}
            error={errors?.reason}
            defaultValue={valueOf(values, "reason")}
          />
          <Button>{heading}</Button>
        </Form>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
