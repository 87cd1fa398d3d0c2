import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireUser } from "../auth/guards.server";
import { InsetText, NotificationBanner, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Select, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { idParam } from "../domain/awards";
import { financialYearLabel } from "../domain/due-diligence";
import { formValues } from "../domain/forms";
import { formatPence, parsePounds } from "../domain/money";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { declareSubsidy, winnerSubsidyPage, type SubsidyLine } from "../services/awards/due-diligence.server";
import { requestNow } from "../services/platform/clock.server";

// /awards/:awardId/subsidy: the winner declares the other public support their organisation
// received in this financial year and the two before it (subsidy control: Minimal Financial
// Assistance), so staff can check the prize fits under the threshold. Only the winning
// organisation's members reach it; for anyone else it does not exist.

export const meta: MetaFunction<typeof loader> = ({ error, matches }) => [
  { title: pageTitle("Other public support you received", error, matches) },
];

const ROWS = 3;

function awardIdParam(value: string | undefined): number {
  const id = idParam(value);
  if (!id) throw notFound();
  return id;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const page = await winnerSubsidyPage(
    actorFrom(user, args),
    awardIdParam(args.params.awardId),
    requestNow(args.request),
  );
  return { page, saved: new URL(args.request.url).searchParams.get("saved") === "1" };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const awardId = awardIdParam(args.params.awardId);
  const actor = actorFrom(user, args);
  // Not found unless the person is one of the winners, before anything they sent is looked at.
  await winnerSubsidyPage(actor, awardId);
  const values = formValues(await args.request.formData());
  const errors: Record<string, string> = {};
  const lines: SubsidyLine[] = [];
  for (let i = 1; i <= ROWS; i++) {
    const year = valueOf(values, `year${i}`);
    const provider = valueOf(values, `provider${i}`).trim();
    const amount = valueOf(values, `amount${i}`).trim();
    if (!provider && !amount) continue;
    const pence = parsePounds(amount);
    if (!provider) errors[`provider${i}`] = `Enter who gave the support in row ${i}`;
    if (pence === null || pence <= 0)
      errors[`amount${i}`] = `Enter the amount in row ${i} in pounds, for example 12,500`;
    if (!/^\d{4}$/.test(year)) errors[`year${i}`] = `Choose the financial year in row ${i}`;
    if (provider && pence && /^\d{4}$/.test(year)) lines.push({ year: Number(year), amountPence: pence, provider });
  }
  if (Object.keys(errors).length) return data({ errors, values }, { status: 400 });
  const result = await attempt(declareSubsidy(actor, awardId, lines, requestNow(args.request)));
  if (!result.ok) return formError(result.error, values);
  return redirect(`/awards/${awardId}/subsidy?saved=1`);
}

export default function WinnerSubsidy() {
  const { page, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  const { award, declaration } = page;
  const yearOptions = [
    { value: "", text: "Choose a year" },
    ...declaration.years.map((y) => ({ value: String(y), text: financialYearLabel(y) })),
  ];
  const shown = Array.from({ length: ROWS }, (_, i) => declaration.lines[i] ?? null);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {saved && !errors ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">Your declaration is saved</p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">
          {award.reference} · {award.organisationName}
        </span>
        <h1 className="govuk-heading-l">Other public support you received</h1>
        {page.needed ? (
          <p className="govuk-body">
            Before your prize is paid, tell us about any other public money your organisation received in this financial
            year and the two before it (grants, loans on special terms, tax reliefs given to you alone). Together they
            must stay under {formatPence(declaration.thresholdPence)}, the Minimal Financial Assistance limit.
          </p>
        ) : (
          <InsetText>Your prize does not need this declaration, but you may make one.</InsetText>
        )}
        {declaration.declaredAt ? (
          <SummaryList
            rows={[
              {
                key: "Declared",
                value: `${declaration.declaredBy ?? "A former member"}, ${formatDateTime(new Date(declaration.declaredAt))}`,
              },
              { key: "Total declared", value: formatPence(declaration.totalPence) },
            ]}
          />
        ) : null}
        {page.locked ? (
          <InsetText>The checks on your prize are signed off: your declaration can no longer change.</InsetText>
        ) : (
          <Form method="post">
            <p className="govuk-body">Leave the rows empty if you received none.</p>
            {shown.map((line, index) => {
              const i = index + 1;
              return (
                <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={i}>
                  <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Support {i}</legend>
                  <Select
                    name={`year${i}`}
                    label="Financial year"
                    options={yearOptions}
                    error={errors?.[`year${i}`]}
                    defaultValue={valueOf(values, `year${i}`, line ? String(line.year) : "")}
                  />
                  <TextInput
                    name={`provider${i}`}
                    label="Who gave it"
                    hint="For example: Birmingham City Council, UK Shared Prosperity Fund"
                    error={errors?.[`provider${i}`]}
                    defaultValue={valueOf(values, `provider${i}`, line?.provider ?? "")}
                  />
                  <TextInput
                    name={`amount${i}`}
                    label="Amount in pounds"
                    width="10"
                    prefix="£"
                    error={errors?.[`amount${i}`]}
                    defaultValue={valueOf(values, `amount${i}`, line ? (line.amountPence / 100).toFixed(2) : "")}
                  />
                </fieldset>
              );
            })}
            <Button>Save the declaration</Button>
          </Form>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
