import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireUser } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { TaskList } from "../components/TaskList";
import { ENTRY_STATUS_LABELS, SECTION_KEYS, SECTION_STATUS_LABELS } from "../domain/entry-sections";
import { parseEntryReference } from "../domain/entry-reference";
import { Button, ErrorSummary } from "../components/forms";
import { parseForm } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { tooManyAttemptsMessage } from "../services/accounts/rate-limit.server";
import { notFound } from "../services/app-error.server";
import { changeConsent } from "../services/entries/consent.server";
import { requestNow } from "../services/platform/clock.server";
import { entryOverview, type EntryHeader } from "../services/entries/entries.server";
import { Tag } from "../components/StatusTag";

// /entries/:ref: the entry's task list. Each section's status, what the entry's status means
// for the person (draft, submitted, changed since submitting, withdrawn), and the way on to
// check and submit. For a submitted entry, "Your choices about sharing": the organisation can stop
// (or start again) sharing the idea with councils, or councils seeing its contact details.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, data: loaderData, matches }) => [
  {
    title: pageTitle(
      loaderData ? `${loaderData.header.title || "Your entry"} (${loaderData.header.reference})` : "Your entry",
      error,
      matches,
    ),
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const reference = parseEntryReference(args.params.ref);
  if (!reference) throw notFound();
  const overview = await entryOverview(actorFrom(user, args), reference, requestNow(args.request));
  const choice = new URL(args.request.url).searchParams.get("choice");
  return {
    ...overview,
    notice: choice && Object.hasOwn(NOTICES, choice) ? NOTICES[choice as keyof typeof NOTICES] : null,
  };
}

const consentSchema = z.object({
  consent: z.enum(["share", "contact"], { error: "Choose what to change" }),
  given: z.enum(["yes", "no"], { error: "Choose what to change" }),
});

const NOTICES = {
  "share-no": "This idea is no longer shared with councils.",
  "share-yes": "This idea will be shared with councils.",
  "contact-no": "Councils can no longer see your contact details.",
  "contact-yes": "Councils who can see this idea can now see your contact details.",
} as const;

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const reference = parseEntryReference(args.params.ref);
  if (!reference) throw notFound();
  const form = parseForm(consentSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  const { consent, given } = form.data;
  const attempted = await attempt(changeConsent(actorFrom(user, args), { reference, consent, given: given === "yes" }));
  if (!attempted.ok) return formError(attempted.error, {});
  if (attempted.value.kind === "rate_limited") {
    return data(
      { errors: { form: tooManyAttemptsMessage(attempted.value.retryAfterSeconds) } },
      { status: 429, headers: { "Retry-After": String(attempted.value.retryAfterSeconds) } },
    );
  }
  return redirect(`/entries/${reference}?choice=${consent}-${given}#sharing`);
}

export default function EntryTaskList() {
  const { header, sections, completedCount, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/entries/${header.reference}`;
  const editable = header.lockMessage === null;
  const status = ENTRY_STATUS_LABELS[header.status];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ href: "/entries", text: "Your entries" }]} />
        <ErrorSummary errors={actionData?.errors} />
        {notice ? (
          <NotificationBanner success>
            <p className="govuk-notification-banner__heading">{notice}</p>
          </NotificationBanner>
        ) : null}
        {header.unsubmittedChanges && editable ? (
          <NotificationBanner title="Important">
            <h2 className="govuk-notification-banner__heading">You have unsubmitted changes</h2>
            <p className="govuk-body">
              The judges will see the version you submitted on {header.submittedAtText}, not these changes, unless you
              submit them before {header.closesAtText}.
            </p>
            <p className="govuk-body">
              <Link className="govuk-notification-banner__link" to={`${base}/check`}>
                Check and submit your changes
              </Link>
            </p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">
          {header.reference} · {header.organisationName}
        </span>
        <h1 className="govuk-heading-l">{header.title || "Your entry"}</h1>
        <p className="govuk-body">
          Status: <Tag colour={status.tag}>{status.text}</Tag>
        </p>
        <StatusExplanation header={header} />

        <h2 className="govuk-heading-m">Your entry</h2>
        <p className="govuk-body">
          You have completed {completedCount} of {SECTION_KEYS.length} sections.
        </p>
        <TaskList
          idPrefix="section"
          tasks={sections.map((section) => ({
            id: section.key,
            name: section.title,
            href: `${base}/${section.key}`,
            status: section.status,
            statusText: SECTION_STATUS_LABELS[section.status],
          }))}
        />

        {editable ? (
          <>
            <h2 className="govuk-heading-m">
              {header.status === "submitted" ? "Submit your changes" : "Submit your entry"}
            </h2>
            <p className="govuk-body">
              {completedCount === SECTION_KEYS.length
                ? "Check your answers before you submit them."
                : "You can check your answers at any time. You can submit once every section is completed."}
            </p>
            <Link
              to={`${base}/check`}
              className="govuk-button"
              data-module="govuk-button"
              role="button"
              draggable="false"
            >
              Check your answers
            </Link>
          </>
        ) : null}

        {header.canWithdraw ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`${base}/withdraw`}>
              Withdraw this entry
            </Link>
          </p>
        ) : null}

        {header.status === "submitted" ? <SharingChoices header={header} /> : null}
      </div>
    </div>
  );
}

/** The organisation's two consents about councils, each with the button that turns it round. */
function SharingChoices({ header }: { header: EntryHeader }) {
  return (
    <section aria-labelledby="sharing">
      <h2 className="govuk-heading-m" id="sharing">
        Your choices about sharing
      </h2>
      <p className="govuk-body">
        After the results are published, the region&rsquo;s councils can see the ideas their organisations agreed to
        share, to take good ones forward. You can change these choices at any time.
      </p>
      <h3 className="govuk-heading-s">Sharing this idea with councils</h3>
      {header.consentShare ? (
        <>
          <p className="govuk-body">You agreed to share this idea with councils.</p>
          <p className="govuk-body">
            If you stop sharing it, councils can no longer find it in this service, from the moment you do. Councils may
            already hold copies, for example a list they downloaded. Those copies are each council&rsquo;s
            responsibility under its own data protection duties: we email every council that recorded interest in the
            idea to ask it to delete them.
          </p>
          <Form method="post">
            <input type="hidden" name="consent" value="share" />
            <input type="hidden" name="given" value="no" />
            <Button variant="warning">Stop sharing this idea with councils</Button>
          </Form>
        </>
      ) : (
        <>
          <p className="govuk-body">This idea is not shared with councils.</p>
          <Form method="post">
            <input type="hidden" name="consent" value="share" />
            <input type="hidden" name="given" value="yes" />
            <Button variant="secondary">Share this idea with councils</Button>
          </Form>
        </>
      )}
      <h3 className="govuk-heading-s">Your contact details</h3>
      {header.consentContact ? (
        <>
          <p className="govuk-body">
            Councils who can see this idea can also see your organisation&rsquo;s contact details, to get in touch.
          </p>
          <p className="govuk-body">
            If you withdraw this, councils stop seeing your contact details at once
            {header.consentShare ? ", though the idea itself stays shared" : ""}. We ask every council that recorded
            interest in the idea to delete any copies it holds.
          </p>
          <Form method="post">
            <input type="hidden" name="consent" value="contact" />
            <input type="hidden" name="given" value="no" />
            <Button variant="warning">Stop councils seeing our contact details</Button>
          </Form>
        </>
      ) : (
        <>
          <p className="govuk-body">Councils cannot see your organisation&rsquo;s contact details.</p>
          <Form method="post">
            <input type="hidden" name="consent" value="contact" />
            <input type="hidden" name="given" value="yes" />
            <Button variant="secondary">Let councils see our contact details</Button>
          </Form>
        </>
      )}
    </section>
  );
}

function StatusExplanation({ header }: { header: EntryHeader }) {
  const deadline = `${header.extended ? "Your organisation has been given until" : "The closing time is"} ${header.closesAtText}.`;
  if (header.status === "ineligible") {
    return (
      <InsetText>
        This entry was found not eligible{header.eligibilityReason ? `: ${header.eligibilityReason}` : "."} It can no
        longer be changed.
      </InsetText>
    );
  }
  if (header.lockMessage) return <InsetText>{header.lockMessage}</InsetText>;
  switch (header.status) {
    case "draft":
      return (
        <p className="govuk-body">
          Your answers are saved as you go, and your colleagues can work on them too. {deadline}
          {header.open ? null : " Your draft has been kept, but it can no longer be submitted."}
        </p>
      );
    case "submitted":
      return (
        <p className="govuk-body">
          You submitted this entry on {header.submittedAtText}. You can change it or withdraw it until{" "}
          {header.closesAtText}; changes only count if you submit them again.
        </p>
      );
    case "withdrawn":
      return (
        <p className="govuk-body">
          This entry was withdrawn on {header.withdrawnAtText}, so it will not be judged. You can submit it again before{" "}
          {header.closesAtText}.
        </p>
      );
  }
}

export const ErrorBoundary = RouteErrorBoundary;
