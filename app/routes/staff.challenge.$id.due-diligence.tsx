import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { SummaryCard } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, Checkboxes, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { CHECK_KINDS, type CheckKind } from "../domain/due-diligence";
import { formatPence } from "../domain/money";
import { attempt, formError } from "../security/app-error-responses.server";
import { setTierChecklist, tierChecklists } from "../services/awards/due-diligence.server";
import { challengeIdParam } from "../services/challenges/setup.server";

// /staff/challenge/:id/due-diligence: the checks each prize tier's awards need before payment,
// proportionate to the prize (one form per tier, plain checkboxes). A tier left as it is follows
// the default for its prize's size; awards already signed off keep what they were checked for.

export const meta: MetaFunction = ({ error, matches }) => [
  { title: pageTitle("Due diligence checks", error, matches) },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  return tierChecklists(actorFrom(user, args), challengeIdParam(args.params.id));
}

const tierSchema = z.coerce.number().int().min(1).max(2_147_483_647);

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const id = challengeIdParam(args.params.id);
  const form = await args.request.formData();
  const tier = tierSchema.safeParse(form.get("tier"));
  if (!tier.success) return data({ errors: { form: "Reload the page and try again" } }, { status: 400 });
  const chosen = form.getAll(`checks${tier.data}`).map(String);
  const kinds = CHECK_KINDS.filter((k): k is CheckKind => chosen.includes(k));
  const result = await attempt(setTierChecklist(actorFrom(user, args), id, tier.data, kinds));
  if (!result.ok) return formError(result.error, { [`checks${tier.data}`]: chosen });
  return redirect(`/staff/challenge/${id}?notice=saved`);
}

export default function DueDiligenceChecklists() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/challenge/${loaded.challenge.id}`} className="govuk-back-link">
          Back to the challenge
        </Link>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{loaded.challenge.title}</span>
        <h1 className="govuk-heading-l">Due diligence checks</h1>
        <p className="govuk-body">
          The checks staff record for each winner before the prize can be paid. Keep them proportionate: lighter for
          small prizes. Awards whose checks are already signed off keep what they were checked for.
        </p>
        {loaded.tiers.length ? (
          loaded.tiers.map((tier) => (
            <SummaryCard key={tier.id} title={`${tier.name} (${formatPence(tier.cashPence)})`}>
              <Form method="post" noValidate>
                <input type="hidden" name="tier" value={tier.id} />
                <Checkboxes
                  name={`checks${tier.id}`}
                  legend={`Checks for ${tier.name}`}
                  legendSize="s"
                  hint={
                    tier.byDefault
                      ? "Not changed yet: these are the default checks for a prize of this size."
                      : undefined
                  }
                  options={loaded.kinds}
                  defaultValues={tier.checks}
                  error={errors?.[`checks${tier.id}`]}
                  small
                />
                <Button>{`Save the checks for ${tier.name}`}</Button>
              </Form>
            </SummaryCard>
          ))
        ) : (
          <p className="govuk-body">Add prizes first: each prize tier has its own checks.</p>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
