import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { NotificationBanner, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Select, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { optionalText, parseForm, requiredText, type FieldErrors, type FormValues } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { isAppError } from "../services/app-error.server";
import {
  addAffiliation,
  affiliationsPage,
  removeAffiliation,
  type AffiliationChange,
} from "../services/judging/affiliations.server";

// /judging/affiliations: the organisations and councils a judge works for. Conflicts with
// entrant organisations are found from them automatically (app/domain/conflicts.ts). Two small
// forms (an organisation, typed by name; a council, chosen from the list) and a remove button
// for each affiliation; all plain HTML forms.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, matches }) => [
  { title: pageTitle("Organisations and councils you work for", error, matches) },
];

const NOTICES = { added: "Affiliation added", removed: "Affiliation removed" } as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "judge");
  const notice = new URL(args.request.url).searchParams.get("notice");
  return {
    ...(await affiliationsPage(actorFrom(user, args))),
    notice: notice === "added" || notice === "removed" ? NOTICES[notice] : null,
    ended: z.coerce
      .number()
      .int()
      .min(0)
      .max(10_000)
      .catch(0)
      .parse(new URL(args.request.url).searchParams.get("ended") ?? 0),
  };
}

const ROLE_LIMIT = 500;

const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("organisation"),
      organisationName: requiredText("the name of the organisation", 200),
      organisationRole: optionalText("your role", ROLE_LIMIT),
    }),
    z.object({
      intent: z.literal("council"),
      council: z.string({ error: "Select a council" }).regex(/^[A-Z][0-9]{8}$/, "Select a council"),
      councilRole: optionalText("your role", ROLE_LIMIT),
    }),
    z.object({
      intent: z.literal("remove"),
      id: z.coerce.number({ error: "Reload the page and try again" }).int().min(1).max(2_000_000_000),
    }),
  ],
  { error: "Reload the page and try again" },
);

function done(result: AffiliationChange, notice: keyof typeof NOTICES) {
  return redirect(
    `/judging/affiliations?notice=${notice}${result.ended.length ? `&ended=${result.ended.length}` : ""}`,
  );
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "judge");
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) {
    const { intent: intentError, ...errors } = form.errors;
    return data(
      { errors: intentError ? { form: intentError, ...errors } : errors, values: form.values },
      { status: 400 },
    );
  }
  const actor = actorFrom(user, args);
  const input = form.data;
  if (input.intent === "remove") {
    try {
      return done(await removeAffiliation(actor, input.id), "removed");
    } catch (error) {
      // Already removed (a second click), or never the judge's: the list as it is now says so.
      if (isAppError(error, "not_found")) return redirect("/judging/affiliations");
      throw error;
    }
  }
  const result = await attempt(
    addAffiliation(
      actor,
      input.intent === "organisation"
        ? { kind: "organisation", organisationName: input.organisationName, roleDescription: input.organisationRole }
        : { kind: "council", localAuthorityCode: input.council, roleDescription: input.councilRole },
    ),
  );
  if (!result.ok) return formError(result.error, form.values);
  return done(result.value, "added");
}

export default function Affiliations() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as FieldErrors | undefined;
  const values = actionData?.values as FormValues | undefined;
  const intent = valueOf(values, "intent");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/judging" className="govuk-back-link">
          Back to your judging
        </Link>
        {page.notice && !errors ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">{page.notice}</p>
            {page.ended ? (
              <p className="govuk-body">
                {page.ended === 1 ? "1 entry has" : `${page.ended} entries have`} been taken out of your list because of
                a conflict with this affiliation.
              </p>
            ) : null}
          </NotificationBanner>
        ) : null}
        <ErrorSummary
          errors={errors}
          order={["form", "organisationName", "organisationRole", "council", "councilRole"]}
        />
        <h1 className="govuk-heading-l">Organisations and councils you work for</h1>
        <p className="govuk-body">
          Tell us where you work, volunteer or hold a role such as trustee or director. You will not be given entries
          from these organisations, or from organisations based in the area of a council you work for.
        </p>

        <h2 className="govuk-heading-m">Your affiliations</h2>
        {page.affiliations.length ? (
          <SummaryList
            rows={page.affiliations.map((a) => ({
              key: a.kind === "council" ? `${a.name} council` : a.name,
              value: a.roleDescription || "No role given",
              action: {
                content: (
                  <Form method="post" className="app-inline-form">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="id" value={String(a.id)} />
                    <Button variant="secondary" className="govuk-!-margin-bottom-0">
                      Remove
                      <span className="govuk-visually-hidden">
                        {" "}
                        {a.kind === "council" ? `${a.name} council` : a.name}
                      </span>
                    </Button>
                  </Form>
                ),
              },
            }))}
          />
        ) : (
          <p className="govuk-body">You have not added any yet.</p>
        )}

        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="organisation" />
          <h2 className="govuk-heading-m">Add an organisation</h2>
          <TextInput
            name="organisationName"
            label="Name of the organisation"
            hint="As it is usually written, for example Ladywood Lantern Kitchen CIC"
            error={errors?.organisationName}
            defaultValue={intent === "organisation" ? valueOf(values, "organisationName") : ""}
          />
          <TextInput
            name="organisationRole"
            label="Your role (optional)"
            hint="For example trustee, volunteer or director"
            error={errors?.organisationRole}
            defaultValue={intent === "organisation" ? valueOf(values, "organisationRole") : ""}
          />
          <Button variant="secondary">Add organisation</Button>
        </Form>

        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="council" />
          <h2 className="govuk-heading-m">Add a council</h2>
          <Select
            name="council"
            label="Council"
            error={errors?.council}
            placeholder="Choose a council"
            defaultValue={intent === "council" ? valueOf(values, "council") : ""}
            options={page.councils.map((c) => ({ value: c.code, text: c.name }))}
          />
          <TextInput
            name="councilRole"
            label="Your role at the council (optional)"
            hint="For example housing officer or councillor"
            error={errors?.councilRole}
            defaultValue={intent === "council" ? valueOf(values, "councilRole") : ""}
          />
          <Button variant="secondary">Add council</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
