import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, Checkboxes, ErrorSummary, Textarea, valueOf, valuesOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { parseForm, type FieldErrors, type FormValues } from "../domain/forms";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import {
  confirmDeclaration,
  declarationPage,
  type DeclarationOrganisation,
} from "../services/judging/conflicts.server";
import { InsetText, SummaryList } from "../components/content";

// /judging/conflicts/:challengeId: the judge's declaration of interests for one challenge. The
// entrant organisations by name only; the judge ticks any they have a conflict with and says
// why, and confirms they have no others. Conflicts found from their affiliations are shown,
// explained, and recorded with the declaration. Until it is confirmed, no entry is shown.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, matches }) => [
  { title: pageTitle("Declare your interests", error, matches) },
];

function challengeIdOf(value: string | undefined): number {
  if (!value || !/^[0-9]{1,9}$/.test(value)) throw notFound();
  return Number(value);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "judge");
  return declarationPage(actorFrom(user, args), challengeIdOf(args.params.challengeId));
}

// The reasons and the confirmation are checked by the service, with the organisations' names,
// so that every problem is listed at once.
const schema = z.object({
  conflicts: z
    .array(z.string().regex(/^[0-9]{1,9}$/, "Select organisations from the list"))
    .max(5000, "Select organisations from the list"),
  confirm: z.array(z.string().max(10)).max(5),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "judge");
  const challengeId = challengeIdOf(args.params.challengeId);
  const form = parseForm(schema, await args.request.formData(), { arrays: ["conflicts", "confirm"] });
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const conflicts = [...new Set(form.data.conflicts)].map((id) => ({
    organisationId: Number(id),
    reason: valueOf(form.values, `reason-${id}`),
  }));
  const result = await attempt(
    confirmDeclaration(actorFrom(user, args), {
      challengeId,
      conflicts,
      confirmed: form.data.confirm.includes("yes"),
    }),
  );
  if (!result.ok) return formError(result.error, form.values);
  const { ended } = result.value;
  const params = new URLSearchParams({ notice: "declared" });
  if (ended.length) {
    params.set("ended", String(ended.length));
    params.set("endedSubmitted", String(ended.filter((e) => e.reviewSubmitted).length));
  }
  return redirect(`/judging?${params.toString()}`);
}

function ConflictChoices({
  organisations,
  values,
  errors,
}: {
  organisations: DeclarationOrganisation[];
  values: FormValues;
  errors?: FieldErrors;
}) {
  const ticked = valuesOf(values, "conflicts");
  const error = errors?.conflicts;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby="conflicts-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
          Which of these organisations do you have a conflict of interest with?
        </legend>
        <div id="conflicts-hint" className="govuk-hint">
          Select all that apply, and tell us why for each one. For example, you work or volunteer for it, you are a
          trustee or member, a close friend or relative runs it, or you helped with its entry.
        </div>
        {error ? (
          <p id="conflicts-error" className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div className="govuk-checkboxes" data-module="govuk-checkboxes">
          {organisations.map((organisation, i) => {
            const id = i === 0 ? "conflicts" : `conflicts-${i + 1}`;
            const checked = ticked.includes(String(organisation.id));
            const reasonName = `reason-${organisation.id}`;
            return (
              <Fragment key={organisation.id}>
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    id={id}
                    name="conflicts"
                    type="checkbox"
                    value={String(organisation.id)}
                    defaultChecked={checked}
                    data-aria-controls={`conditional-${id}`}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                    {organisation.name}
                  </label>
                </div>
                <div
                  className={`govuk-checkboxes__conditional${checked || errors?.[reasonName] ? "" : " govuk-checkboxes__conditional--hidden"}`}
                  id={`conditional-${id}`}
                >
                  <Textarea
                    name={reasonName}
                    label={`Why do you have a conflict of interest with ${organisation.name}?`}
                    rows={2}
                    error={errors?.[reasonName]}
                    defaultValue={valueOf(values, reasonName)}
                  />
                </div>
              </Fragment>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export default function Declaration() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = (actionData?.values ?? {}) as FormValues;
  const recorded = page.organisations.filter((o) => o.recorded);
  const automatic = page.organisations.filter((o) => !o.recorded && o.automaticReason);
  const open = page.organisations.filter((o) => !o.recorded && !o.automaticReason);
  const order = ["conflicts", ...open.map((o) => `reason-${o.id}`), "confirm"];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/judging" className="govuk-back-link">
          Back to your judging
        </Link>
        <ErrorSummary errors={errors} order={order} />
        <span className="govuk-caption-l">{page.challenge.title}</span>
        <h1 className="govuk-heading-l">Declare your interests</h1>
        <p className="govuk-body">
          These are the organisations that entered. You will not be shown the entries of any organisation you have a
          conflict of interest with, and you will not be asked to score them.
        </p>
        {page.completedAt ? (
          <InsetText>
            You confirmed your declaration on {formatDateTime(new Date(page.completedAt))}. If something has changed,
            declare the new conflict below and confirm again. To take back a conflict, contact the programme team.
          </InsetText>
        ) : null}
        <p className="govuk-body">
          Conflicts are also found from the{" "}
          <Link className="govuk-link" to="/judging/affiliations">
            organisations and councils you work for
          </Link>
          {page.affiliationCount ? "" : " (you have not recorded any yet)"}.
        </p>

        {recorded.length ? (
          <>
            <h2 className="govuk-heading-m">Conflicts already recorded</h2>
            <SummaryList
              rows={recorded.map((o) => ({
                key: o.name,
                value: (
                  <>
                    {o.recorded!.reason}
                    {o.recorded!.source === "automatic" ? (
                      <>
                        <br />
                        <span className="govuk-hint">Found from your affiliations</span>
                      </>
                    ) : null}
                  </>
                ),
              }))}
            />
          </>
        ) : null}
        {automatic.length ? (
          <>
            <h2 className="govuk-heading-m">Conflicts found from your affiliations</h2>
            <p className="govuk-body">These will be recorded when you confirm your declaration.</p>
            <SummaryList rows={automatic.map((o) => ({ key: o.name, value: o.automaticReason }))} />
          </>
        ) : null}

        <Form method="post" noValidate>
          {open.length ? <ConflictChoices organisations={open} values={values} errors={errors} /> : null}
          <Checkboxes
            name="confirm"
            legend="Confirm your declaration"
            legendSize="m"
            error={errors?.confirm}
            defaultValues={valuesOf(values, "confirm")}
            options={[
              {
                value: "yes",
                text: "I have declared every conflict of interest I have with these organisations, and I will tell the programme team if that changes",
              },
            ]}
          />
          <Button>Confirm your declaration</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/judging">
            Cancel
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
