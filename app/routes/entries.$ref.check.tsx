import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireUser } from "../auth/guards.server";
import { SectionAnswers } from "../components/EntryAnswers";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { ConfirmEmailFirst } from "../components/ConfirmEmailFirst";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { SECTION_STATUS_LABELS } from "../domain/entry-sections";
import { parseForm } from "../domain/forms";
import { parseEntryReference } from "../domain/entry-reference";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { requestNow } from "../services/platform/clock.server";
import { checkPage, submitEntry } from "../services/entries/entries.server";
import { InsetText } from "../components/content";
import { Tag } from "../components/StatusTag";

// /entries/:ref/check: check your answers, then submit. The form carries the version the person
// checked, so what is submitted is exactly what they saw; if a colleague saved a change in the
// meantime they are asked to check again.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, data: loaderData, matches }) => [
  {
    title: pageTitle(
      loaderData ? `Check your answers - ${loaderData.header.reference}` : "Check your answers",
      error,
      matches,
    ),
  },
];

const schema = z.object({
  version: z.coerce.number({ error: "Check your answers again, then submit" }).int().min(1).max(2_147_483_647),
});

// After a refused submission (a 4xx), Remix would keep the page's data as it was; the page
// must show the entry as it is now (a colleague's change, the closing time having passed).
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" || defaultShouldRevalidate;

function referenceFrom(params: { ref?: string }): string {
  const reference = parseEntryReference(params.ref);
  if (!reference) throw notFound();
  return reference;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const page = await checkPage(actorFrom(user, args), referenceFrom(args.params), requestNow(args.request));
  // Said up front, so nobody finds out only by pressing Submit; submitEntry refuses regardless.
  return { ...page, unconfirmedEmail: user.emailVerified ? null : user.email };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const reference = referenceFrom(args.params);
  const form = parseForm(schema, await args.request.formData());
  const version = form.ok ? form.data.version : null;
  // The refusals are shown on this page, in the error summary: the closing time, a colleague's
  // change, sections still to complete, and (403) an unconfirmed address.
  const result = await attempt(submitEntry(actorFrom(user, args), { reference, version }, requestNow(args.request)));
  if (!result.ok) return formError(result.error, {});
  return redirect(`/entries/${reference}/confirmation`);
}

export default function CheckAnswers() {
  const { header, summary, statuses, incomplete, hasSomethingToSubmit, canSubmit, unconfirmedEmail } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/entries/${header.reference}`;
  const editable = header.lockMessage === null;
  const resubmitting = header.status === "submitted";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={base} className="govuk-back-link">
          Back to your entry
        </Link>
        <ErrorSummary errors={actionData?.errors} />
        <span className="govuk-caption-l">
          {header.reference} · {header.title || "Your entry"}
        </span>
        <h1 className="govuk-heading-l">Check your answers</h1>
        {summary.map((section) => (
          <div key={section.key}>
            <h2 className="govuk-heading-m">{section.title}</h2>
            {statuses[section.key] !== "completed" ? (
              <p className="govuk-body">
                <Tag colour="govuk-tag--light-blue">{SECTION_STATUS_LABELS[statuses[section.key]]}</Tag>
              </p>
            ) : null}
            <SectionAnswers section={section} changeHref={editable ? `${base}/${section.key}` : undefined} />
          </div>
        ))}

        {!editable ? (
          <InsetText>{header.lockMessage}</InsetText>
        ) : !header.open ? (
          <InsetText>
            The closing time ({header.closesAtText}) has passed, so this entry can no longer be submitted. Your draft
            has been kept.
          </InsetText>
        ) : !hasSomethingToSubmit ? (
          <InsetText>
            You have submitted this entry and have not changed it since. You can change it until {header.closesAtText}.
          </InsetText>
        ) : incomplete.length ? (
          <>
            <h2 className="govuk-heading-m">Before you submit</h2>
            <p className="govuk-body">Complete these sections:</p>
            <ul className="govuk-list govuk-list--bullet">
              {incomplete.map((section) => (
                <li key={section.key}>
                  <Link className="govuk-link" to={`${base}/${section.key}`}>
                    {section.title}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {canSubmit && unconfirmedEmail ? (
          <ConfirmEmailFirst email={unconfirmedEmail} action="submit your entry" />
        ) : null}
        {canSubmit ? (
          <>
            <h2 className="govuk-heading-m">{resubmitting ? "Submit your changes" : "Now submit your entry"}</h2>
            <p className="govuk-body">
              {resubmitting
                ? "Your changes will replace the version you submitted before. The judges will see this version."
                : "The judges will see your entry exactly as it is shown above."}{" "}
              You can still change or withdraw it until {header.closesAtText}.
            </p>
            <Form method="post" noValidate>
              <input type="hidden" name="version" value={String(header.version)} />
              <Button>{resubmitting ? "Submit changes" : "Submit entry"}</Button>
            </Form>
          </>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to={base}>
            Return to your entry
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
