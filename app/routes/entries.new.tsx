import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, getCurrentUser, requireUser } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { TEXT_FIELDS, textLimitProblem } from "../domain/entry-sections";
import { cleanText, parseForm } from "../domain/forms";
import { cleanSingleLine } from "../domain/plain-text";
import { attempt, formError } from "../security/app-error-responses.server";
import { requestNow } from "../services/platform/clock.server";
import { newEntryPage, startEntry } from "../services/entries/entries.server";

// /entries/new: name the idea, and the draft entry is started. The rest is written section by
// section from the task list.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, data: loaderData, matches }) => [
  { title: pageTitle(loaderData?.refusal ? "You cannot start an entry" : "Start a new entry", error, matches) },
];

const field = TEXT_FIELDS.title;

const schema = z.object({
  title: z
    .string({ error: field.required })
    .transform(cleanSingleLine)
    .superRefine((title, ctx) => {
      const problem = title === "" ? field.required : textLimitProblem(field, title);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
});

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const page = await newEntryPage(actorFrom(user, args), requestNow(args.request));
  // A name typed before the session expired comes back in the address (see the action).
  const kept = new URL(args.request.url).searchParams.get("title");
  return { ...page, keptTitle: kept ? cleanText(kept).slice(0, 1000) : "" };
}

export async function action(args: ActionFunctionArgs) {
  const formData = await args.request.formData();
  const user = await getCurrentUser(args);
  if (!user) {
    // Signed out while typing: keep the name through signing in again.
    const typed = formData.get("title");
    const back = `/entries/new${typeof typed === "string" && typed.trim() ? `?title=${encodeURIComponent(cleanText(typed).slice(0, 1000))}` : ""}`;
    return redirect(`/sign-in?returnTo=${encodeURIComponent(back)}`);
  }
  const form = parseForm(schema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const started = await attempt(startEntry(actorFrom(user, args), form.data, requestNow(args.request)));
  if (!started.ok) return formError(started.error, form.values);
  return redirect(`/entries/${started.value}`);
}

export default function NewEntry() {
  const { organisationName, challengeTitle, closesAtText, refusal, keptTitle } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ href: "/entries", text: "Your entries" }]} />
        {refusal ? (
          <>
            <h1 className="govuk-heading-l">You cannot start an entry</h1>
            <p className="govuk-body">{refusal.message}</p>
            {refusal.reason === "no_organisation" ? (
              <p className="govuk-body">
                <Link className="govuk-link" to="/organisation">
                  Set up your organisation
                </Link>
              </p>
            ) : (
              <p className="govuk-body">
                <Link className="govuk-link" to="/entries">
                  Go to your entries
                </Link>
              </p>
            )}
          </>
        ) : (
          <>
            <ErrorSummary errors={errors} order={["title"]} />
            <span className="govuk-caption-l">{challengeTitle}</span>
            <h1 className="govuk-heading-l">Start a new entry</h1>
            <p className="govuk-body">
              You are entering for {organisationName}. Your colleagues in the organisation can see and work on the entry
              too.
            </p>
            <p className="govuk-body">
              You can save each part of the entry and come back to it later. Entries must be submitted before{" "}
              {closesAtText}.
            </p>
            <Form method="post" noValidate>
              <TextInput
                name="title"
                label={field.label}
                labelSize="m"
                hint={field.hint}
                error={errors?.title}
                defaultValue={valueOf(values, "title", keptTitle)}
              />
              <Button>Start entry</Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
