import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { FormattingHelp } from "../components/ChallengeSetup";
import { Details, InsetText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { RichText } from "../components/RichText";
import { Table } from "../components/Table";
import { idParam } from "../domain/awards";
import { parseForm } from "../domain/forms";
import { templateSchema } from "../domain/grant-agreement";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { agreementTemplate, saveAgreementTemplate } from "../services/awards/grant-agreements.server";
import { challengeIdParam } from "../services/challenges/setup.server";

// /staff/challenge/:id/agreements/:tierId: a prize tier's grant agreement terms, in the page
// texts' formatting, with placeholders for each award's figures. A tier starts with default terms
// for its size. Agreements already issued keep their text; the next one issued uses these.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData ? `Grant agreement terms: ${loaderData.page.tier.name}` : "Grant agreement terms",
      error,
      matches,
    ),
  },
];

function ids(params: Record<string, string | undefined>) {
  const tierId = idParam(params.tierId);
  if (!tierId) throw notFound();
  return { challengeId: challengeIdParam(params.id), tierId };
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { challengeId, tierId } = ids(args.params);
  return { page: await agreementTemplate(actorFrom(user, args), challengeId, tierId) };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { challengeId, tierId } = ids(args.params);
  const actor = actorFrom(user, args);
  // Not found unless the tier is one of this challenge's.
  await agreementTemplate(actor, challengeId, tierId);
  const form = parseForm(templateSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(saveAgreementTemplate(actor, challengeId, tierId, form.data.body));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/staff/challenge/${challengeId}?notice=saved`);
}

export default function AgreementTemplate() {
  const { page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  const { challenge, tier } = page;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/staff/challenge/${challenge.id}`} className="govuk-back-link">
          Back to the challenge
        </Link>
        <ErrorSummary errors={errors} order={["body"]} />
        <span className="govuk-caption-l">
          {challenge.title} · {tier.name}
        </span>
        <h1 className="govuk-heading-l">Grant agreement terms</h1>
        <p className="govuk-body">
          Each award in this tier ({tier.cash} cash{tier.supportCap ? `, support up to ${tier.supportCap}` : ""}) gets
          these terms with its own figures when the results are published. Agreements already issued keep their text: to
          change one, issue a variation from the award&apos;s agreement page.
        </p>
        {page.isDefault ? (
          <InsetText>
            These are the default terms for a prize of this size. Save them to make them this tier&apos;s own.
          </InsetText>
        ) : page.updated ? (
          <p className="govuk-body">
            Last changed {formatDateTime(new Date(page.updated.at))}
            {page.updated.by ? ` by ${page.updated.by}` : ""}.
          </p>
        ) : null}
        <Details summary="Placeholders you can use">
          <Table
            caption="Placeholders"
            hideCaption
            rows={page.placeholders}
            rowKey={(p) => p.name}
            columns={[
              { header: "Type", rowHeader: true, cell: (p) => <code>{p.name}</code> },
              { header: "To show", cell: (p) => p.meaning },
            ]}
          />
        </Details>
        <FormattingHelp />
        <Form method="post" noValidate>
          <Textarea
            name="body"
            label="The terms"
            labelSize="m"
            rows={24}
            error={errors?.body}
            defaultValue={valueOf(values, "body", page.body)}
          />
          <Button>Save the terms</Button>
        </Form>
        <h2 className="govuk-heading-m">How the saved terms look</h2>
        <RichText text={page.body} />
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
