import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, Select, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import {
  checkEligibility,
  ELIGIBILITY_QUESTIONS,
  ELIGIBILITY_TYPE_OPTIONS,
  eligibilitySchema,
  OUTSIDE_REGION,
  OWN_IDEA_OPTIONS,
  SIZE_OPTIONS,
  type EligibilityResult,
} from "../domain/eligibility";
import { cleanText, parseValues, type FieldErrors, type FormValues } from "../domain/forms";
import { regionCouncils } from "../services/challenges/challenges.server";
import { SummaryList } from "../components/content";

// /eligibility: four questions on one page, then the answer and the reason, before anyone
// registers. The form is a plain GET form: nothing is stored, the result can be bookmarked or
// sent to a colleague, and it works the same with JavaScript off. ?change=yes shows the form
// again with the answers filled in.

const QUESTION_LABELS: Record<(typeof ELIGIBILITY_QUESTIONS)[number], string> = {
  organisationType: "Kind of organisation",
  area: "Where it is based or works",
  size: "Employees",
  ownIdea: "The idea is your organisation’s own",
};

type LoaderData =
  | { mode: "form"; councils: { code: string; name: string }[]; values: FormValues; errors: FieldErrors | null }
  | {
      mode: "result";
      councils: { code: string; name: string }[];
      values: FormValues;
      result: EligibilityResult;
      query: string;
    };

export const meta: MetaFunction<typeof loader> = ({ data: page, error }) => {
  const title =
    page?.mode === "result"
      ? page.result.eligible
        ? "You can enter the challenge"
        : "You cannot enter the challenge"
      : "Check if your organisation can enter";
  const prefix = page?.mode === "form" && page.errors ? "Error: " : "";
  return [{ title: `${prefix}${pageTitle(title, error)}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const councils = await regionCouncils();
  const values: FormValues = {};
  for (const name of ELIGIBILITY_QUESTIONS) {
    const value = url.searchParams.get(name);
    // A hand-made address can carry anything; an answer is at most a council code or a word.
    if (value !== null) values[name] = cleanText(value).slice(0, 100);
  }
  const answered = Object.keys(values).length > 0;
  if (!answered || url.searchParams.has("change")) {
    return { mode: "form", councils, values, errors: null } satisfies LoaderData;
  }
  const regionCodes = new Set(councils.map((c) => c.code));
  const parsed = parseValues(eligibilitySchema(regionCodes), values);
  if (!parsed.ok) {
    return data({ mode: "form", councils, values: parsed.values, errors: parsed.errors } satisfies LoaderData, {
      status: 400,
    });
  }
  const query = new URLSearchParams(ELIGIBILITY_QUESTIONS.map((q) => [q, String(parsed.data[q])])).toString();
  return {
    mode: "result",
    councils,
    values,
    result: checkEligibility(parsed.data, regionCodes),
    query,
  } satisfies LoaderData;
}

export default function Eligibility() {
  const page = useLoaderData<typeof loader>() as LoaderData;
  return page.mode === "form" ? <Questions page={page} /> : <Result page={page} />;
}

function Questions({ page }: { page: Extract<LoaderData, { mode: "form" }> }) {
  const { councils, values, errors } = page;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/" className="govuk-back-link">
          Back to the challenge
        </Link>
        <ErrorSummary errors={errors} order={[...ELIGIBILITY_QUESTIONS]} />
        <h1 className="govuk-heading-l">Check if your organisation can enter</h1>
        <p className="govuk-body">
          Answer 4 questions to find out if your organisation can enter the challenge. It takes about a minute. We do
          not keep your answers.
        </p>
        <Form method="get" action="/eligibility" noValidate>
          <Radios
            name="organisationType"
            legend="What kind of organisation are you?"
            legendSize="m"
            error={errors?.organisationType}
            defaultValue={valueOf(values, "organisationType")}
            options={ELIGIBILITY_TYPE_OPTIONS.map((o) => ({ value: o.value, text: o.label, hint: o.hint }))}
          />
          <Select
            name="area"
            label="Which council area is your organisation based in, or does most of its work in?"
            labelSize="m"
            hint="If you work across several, choose one of them"
            error={errors?.area}
            defaultValue={valueOf(values, "area")}
            placeholder="Select a council area"
            options={[
              ...councils.map((c) => ({ value: c.code, text: c.name })),
              { value: OUTSIDE_REGION, text: "None of these: we are based and work outside the region" },
            ]}
          />
          <Radios
            name="size"
            legend="How many employees does your organisation have?"
            legendSize="m"
            hint="Count everyone you pay, full-time or part-time. Do not count volunteers."
            error={errors?.size}
            defaultValue={valueOf(values, "size")}
            options={SIZE_OPTIONS.map((o) => ({ value: o.value, text: o.label, hint: o.hint }))}
          />
          <Radios
            name="ownIdea"
            legend="Is the idea you want to enter your organisation’s own?"
            legendSize="m"
            hint="You can work with partners and build on what others have done, but the idea must come from your organisation."
            inline
            error={errors?.ownIdea}
            defaultValue={valueOf(values, "ownIdea")}
            options={OWN_IDEA_OPTIONS.map((o) => ({ value: o.value, text: o.label }))}
          />
          <Button preventDoubleClick={false}>Check eligibility</Button>
        </Form>
      </div>
    </div>
  );
}

function answerText(
  question: (typeof ELIGIBILITY_QUESTIONS)[number],
  value: string,
  councils: { code: string; name: string }[],
) {
  switch (question) {
    case "organisationType":
      return ELIGIBILITY_TYPE_OPTIONS.find((o) => o.value === value)?.label ?? value;
    case "area":
      return value === OUTSIDE_REGION ? "Outside the region" : (councils.find((c) => c.code === value)?.name ?? value);
    case "size":
      return SIZE_OPTIONS.find((o) => o.value === value)?.label ?? value;
    case "ownIdea":
      return OWN_IDEA_OPTIONS.find((o) => o.value === value)?.label ?? value;
  }
}

function Result({ page }: { page: Extract<LoaderData, { mode: "result" }> }) {
  const { result, values, councils, query } = page;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {result.eligible ? (
          <>
            <h1 className="govuk-heading-l">You can enter the challenge</h1>
            <p className="govuk-body">
              From your answers, your organisation can enter. We check every entry after it is submitted, so make sure
              the details you give about your organisation are accurate.
            </p>
            <h2 className="govuk-heading-m">What to do next</h2>
            <p className="govuk-body">
              Create an account, then tell us about your organisation. You can start your entry, save it and come back
              to it before the closing date.
            </p>
            <Link to="/register" role="button" draggable={false} className="govuk-button" data-module="govuk-button">
              Register to enter
            </Link>
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">You cannot enter the challenge</h1>
            <p className="govuk-body">From your answers, your organisation cannot enter. This is because:</p>
            <ul className="govuk-list govuk-list--bullet">
              {result.reasons.map((reason) => (
                <li key={reason.question}>{reason.text}</li>
              ))}
            </ul>
            <h2 className="govuk-heading-m">What you can do</h2>
            <p className="govuk-body">
              You can support an entry from a community group, charity or small business that can enter, for example as
              a partner. If you think an answer was wrong, change it below.
            </p>
          </>
        )}
        <h2 className="govuk-heading-m">Your answers</h2>
        <SummaryList
          rows={ELIGIBILITY_QUESTIONS.map((question) => ({
            key: QUESTION_LABELS[question],
            value: answerText(question, valueOf(values, question), councils),
            action: {
              href: `/eligibility?${query}&change=yes#${question}`,
              text: "Change",
              visuallyHidden: QUESTION_LABELS[question].toLowerCase(),
            },
          }))}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Read about the challenge
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
