import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { DateTimeFields } from "../components/DateTimeFields";
import { Button, ErrorSummary, Radios, TextInput, valueOf } from "../components/forms";
import { JudgingBreadcrumbs } from "../components/JudgingNav";
import { pageTitle } from "../components/page-title";
import { formValues, type FormValues } from "../domain/forms";
import { instantToParts } from "../domain/london-date-input";
import { parseRoundSettings, ROUND_SETTINGS_ORDER } from "../domain/rubric";
import { attempt, formError } from "../security/app-error-responses.server";
import type { Actor } from "../services/actor.server";
import { isAppError, notFound } from "../services/app-error.server";
import { requestNow } from "../services/platform/clock.server";
import {
  createRound,
  idParam,
  roundDefaults,
  roundForStaff,
  roundNumberParam,
  updateRoundSettings,
} from "../services/judging/rounds.server";

// /staff/judging/:challengeId/rounds/:number/settings: create a round, or change its settings
// before scoring opens. The defaults come from the challenge: the shortlist size and the number
// of winners from its prize tiers, whether judges see organisations' names from its setting.

export const meta: MetaFunction<typeof loader> = ({ data: page, error, matches }) => [
  { title: pageTitle(page ? page.heading : "Round settings", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const challengeId = idParam(args.params.challengeId);
  const number = roundNumberParam(args.params.number);
  const defaults = await roundDefaults(actor, challengeId, number);
  let round: Awaited<ReturnType<typeof roundForStaff>> | null = null;
  try {
    round = await roundForStaff(actor, challengeId, number);
  } catch (error) {
    if (!isAppError(error, "not_found")) throw error;
  }
  if (round && round.status !== "setup") throw notFound();
  const values: FormValues = round
    ? {
        judgesPerEntry: String(round.judgesPerEntry),
        advanceCount: String(round.advanceCount),
        hideOrganisation: round.hideOrganisation ? "yes" : "no",
        disagreementThreshold: String(round.disagreementThreshold),
        rankBy: round.rankBy,
        ...(round.scoringClosesAt
          ? (() => {
              const p = instantToParts(new Date(round.scoringClosesAt));
              return {
                scoringClosesDay: p.day,
                scoringClosesMonth: p.month,
                scoringClosesYear: p.year,
                scoringClosesTime: p.time,
              };
            })()
          : {}),
      }
    : defaults.values;
  return {
    challengeId,
    challengeTitle: defaults.challengeTitle,
    number,
    exists: round !== null,
    heading: round ? `Round ${number} settings` : `Create round ${number}`,
    counts: defaults.counts,
    values,
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const challengeId = idParam(args.params.challengeId);
  const number = roundNumberParam(args.params.number);
  const form = parseRoundSettings(formValues(await args.request.formData()));
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const exists = await roundExists(actor, challengeId, number);
  const result = await attempt(
    exists
      ? updateRoundSettings(actor, challengeId, number, form.data)
      : createRound(actor, challengeId, number, form.data, requestNow(args.request)),
  );
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/judging/${challengeId}/rounds/${number}?notice=${exists ? "saved" : "created"}`);
}

async function roundExists(actor: Actor, challengeId: number, number: 1 | 2): Promise<boolean> {
  try {
    await roundForStaff(actor, challengeId, number);
    return true;
  } catch (error) {
    if (isAppError(error, "not_found")) return false;
    throw error;
  }
}

export default function RoundSettings() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? page.values) as FormValues;
  return (
    <>
      <JudgingBreadcrumbs
        challengeId={page.challengeId}
        challengeTitle={page.challengeTitle}
        round={page.exists ? page.number : undefined}
      />
      <Link to={`/staff/judging/${page.challengeId}`} className="govuk-back-link">
        Back
      </Link>
      <ErrorSummary errors={errors} order={["form", ...ROUND_SETTINGS_ORDER]} />
      <span className="govuk-caption-l">{page.challengeTitle}</span>
      <h1 className="govuk-heading-l">{page.heading}</h1>
      <p className="govuk-body">
        {page.number === 1
          ? "Round 1 scores every submitted entry and produces the shortlist for the final panel."
          : "Round 2, the final panel, scores the shortlist confirmed in round 1 to choose the winners. Choosing the panel sets the number of judges for each entry to the size of the panel: every panel member scores every shortlisted entry."}
      </p>
      <Form method="post" noValidate>
        <TextInput
          name="judgesPerEntry"
          label="Judges for each entry"
          hint="Usually 3."
          width="2"
          inputMode="numeric"
          error={errors?.judgesPerEntry}
          defaultValue={valueOf(values, "judgesPerEntry")}
        />
        <TextInput
          name="advanceCount"
          label={page.number === 1 ? "Entries on the shortlist" : "Winners"}
          hint={
            page.number === 1
              ? `From the prize tiers: ${page.counts.shortlist}${page.counts.shortlistTier ? ` (“${page.counts.shortlistTier}”)` : ""}.`
              : `From the prize tiers: ${page.counts.winners}${page.counts.winnersTier ? ` (“${page.counts.winnersTier}”)` : ""}.`
          }
          width="3"
          inputMode="numeric"
          error={errors?.advanceCount}
          defaultValue={valueOf(values, "advanceCount")}
        />
        <Radios
          name="hideOrganisation"
          legend="Hide the names of organisations from judges?"
          hint="The challenge's setting decides the default."
          inline
          error={errors?.hideOrganisation}
          defaultValue={valueOf(values, "hideOrganisation")}
          options={[
            { value: "yes", text: "Yes, hide them" },
            { value: "no", text: "No, show them" },
          ]}
        />
        <DateTimeFields prefix="scoringCloses" label="Closing" values={values} errors={errors} />
        <TextInput
          name="disagreementThreshold"
          label="Disagreement threshold (percentage points)"
          hint="An entry whose judges' scores differ by more than this goes to moderation. Usually 25."
          width="3"
          inputMode="numeric"
          error={errors?.disagreementThreshold}
          defaultValue={valueOf(values, "disagreementThreshold")}
        />
        <Radios
          name="rankBy"
          legend="Rank entries by"
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
        <Button>{page.exists ? "Save settings" : `Create round ${page.number}`}</Button>
      </Form>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
