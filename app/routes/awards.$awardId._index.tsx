import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireUser } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, NotificationBanner, SummaryCard, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, Checkboxes, ErrorSummary, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { SupportSummary } from "../components/SupportSummary";
import { MonitoringSection } from "../components/MonitoringReports";
import { idParam } from "../domain/awards";
import { optionalText, parseForm } from "../domain/forms";
import { formatPence } from "../domain/money";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { winnerAwardPage } from "../services/awards/awards.server";
import { requestNow } from "../services/platform/clock.server";
import { respondToPlace } from "../services/awards/masterclasses.server";
import { winnerChangesPayment } from "../services/awards/prize-payments.server";
import { winnerRecoveries } from "../services/awards/recoveries.server";
import { winnerSubsidyPage } from "../services/awards/due-diligence.server";
import { RecoveryTable } from "../components/RecoveryTable";

// /awards/:awardId: a winner's award. They accept the prize by accepting its grant agreement
// (/awards/:awardId/agreement), then tell us they have sent the
// authority's supplier form to finance (with finance's supplier reference if they have one: we
// never take bank details), book or decline a masterclass place and download it for their
// calendar, and see their support. Only members of the winning organisation, after publication.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData ? `${loaderData.page.award.tierName}: ${loaderData.page.award.title}` : "Your award",
      error,
      matches,
    ),
  },
];

const NOTICES = {
  "details-sent": "Thank you. Finance will pay the prize once they have processed your supplier form",
  "place-booked": "Your masterclass place is booked",
  "place-declined": "You have declined the masterclass place",
} as const;
type Notice = keyof typeof NOTICES;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const awardId = idParam(args.params.awardId);
  if (!awardId) throw notFound();
  const actor = actorFrom(user, args);
  const page = await winnerAwardPage(actor, awardId, requestNow(args.request));
  const recoveries = await winnerRecoveries(actor, awardId);
  // SMEs whose checks include subsidy control declare their other public support before payment.
  const subsidyPage = await winnerSubsidyPage(actor, awardId, requestNow(args.request));
  const subsidy = subsidyPage.needed
    ? { declared: subsidyPage.declaration.declaredAt != null, locked: subsidyPage.locked }
    : null;
  const url = new URL(args.request.url);
  const notice = url.searchParams.get("notice");
  return { page, recoveries, subsidy, notice: notice && notice in NOTICES ? NOTICES[notice as Notice] : null };
}

const version = z.coerce.number({ error: "Reload the page and try again" }).int().min(1).max(2_147_483_647);
const placeId = z.coerce.number({ error: "Reload the page and try again" }).int().min(1).max(2_147_483_647);
const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("details-sent"),
      version,
      confirm: z
        .array(z.string())
        .refine((v) => v.includes("sent"), "Confirm that you have sent the supplier form to finance"),
      supplierReference: optionalText("the supplier reference", 100),
    }),
    z.object({ intent: z.literal("accept-place"), place: placeId }),
    z.object({ intent: z.literal("decline-place"), place: placeId }),
  ],
  { error: "Choose what to do" },
);

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const awardId = idParam(args.params.awardId);
  if (!awardId) throw notFound();
  const form = parseForm(schema, await args.request.formData(), { arrays: ["confirm"] });
  if (!form.ok) {
    const { version: versionError, intent, place, ...rest } = form.errors;
    const summary = versionError ?? intent ?? place;
    return data({ errors: summary ? { form: summary, ...rest } : rest, values: form.values }, { status: 400 });
  }
  const actor = actorFrom(user, args);
  const now = requestNow(args.request);
  const input = form.data;
  if (input.intent === "accept-place" || input.intent === "decline-place") {
    const result = await attempt(
      respondToPlace(actor, awardId, input.place, input.intent === "accept-place" ? "accept" : "decline", now),
    );
    if (!result.ok) return formError(result.error, form.values);
    return redirect(
      `/awards/${awardId}?notice=${input.intent === "accept-place" ? "place-booked" : "place-declined"}#masterclass`,
    );
  }
  const result = await attempt(
    winnerChangesPayment(
      actor,
      awardId,
      { to: "details_received", version: input.version, supplierReference: input.supplierReference || null },
      now,
    ),
  );
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/awards/${awardId}?notice=details-sent`);
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function WinnerAward() {
  const { page, recoveries, subsidy, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  const { award, payment, agreement, places, support } = page;
  const accepted = places.find((p) => p.status === "accepted");
  return (
    <>
      <Breadcrumbs items={[{ href: "/awards", text: "Your awards" }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} order={["form", "confirm", "supplierReference"]} />
          {notice && !errors ? (
            <NotificationBanner success>
              <p className="govuk-notification-banner__heading">{notice}</p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">
            {award.reference} · {award.organisationName}
          </span>
          <h1 className="govuk-heading-l">
            {award.tierName}: {award.title}
          </h1>
          <p className="govuk-body">{award.challengeTitle}</p>

          {payment ? (
            <section aria-labelledby="prize-heading">
              <h2 className="govuk-heading-m" id="prize-heading">
                Your cash prize
              </h2>
              <SummaryList
                rows={[
                  { key: "Amount", value: formatPence(payment.amountPence) },
                  { key: "Status", value: payment.statusLabel },
                  ...(payment.acceptedAt
                    ? [{ key: "Accepted", value: formatDateTime(new Date(payment.acceptedAt)) }]
                    : []),
                  ...(payment.supplierReference
                    ? [{ key: "Supplier reference", value: payment.supplierReference }]
                    : []),
                  ...(payment.paidAt ? [{ key: "Paid", value: formatDateTime(new Date(payment.paidAt)) }] : []),
                ]}
              />
              {payment.status === "awaiting_acceptance" ? (
                <p className="govuk-body">
                  To accept the prize, accept your grant agreement below. Next you will send the authority&apos;s
                  supplier form to its finance team so that they can pay you.
                </p>
              ) : null}
              {payment.status === "accepted" ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="details-sent" />
                  <input type="hidden" name="version" value={payment.version} />
                  <h3 className="govuk-heading-s">Send your details to finance</h3>
                  <p className="govuk-body">
                    Fill in the authority&apos;s new supplier form and send it to its finance team, as the form
                    explains. Your bank details go only to finance on that form: never send them to us or by email.
                  </p>
                  <Checkboxes
                    name="confirm"
                    legend="Confirm you have sent the form"
                    error={errors?.confirm}
                    options={[{ value: "sent", text: "I have sent the supplier form to the authority's finance team" }]}
                  />
                  <TextInput
                    name="supplierReference"
                    label="Supplier reference (optional)"
                    hint="If finance gave you a supplier number, enter it here"
                    width="20"
                    error={errors?.supplierReference}
                    defaultValue={valueOf(values, "supplierReference")}
                  />
                  <Button>Confirm the form is sent</Button>
                </Form>
              ) : null}
              {payment.status === "details_received" || payment.status === "approved" ? (
                <InsetText>Finance have what they need. We will tell you when the prize is paid.</InsetText>
              ) : null}
            </section>
          ) : null}

          <section aria-labelledby="agreement-heading">
            <h2 className="govuk-heading-m" id="agreement-heading">
              Your grant agreement
            </h2>
            {agreement ? (
              <>
                <SummaryList
                  rows={[
                    { key: "Version", value: String(agreement.version) },
                    {
                      key: "Status",
                      value: agreement.accepted
                        ? `Accepted by ${agreement.signatoryName} (${agreement.signatoryRole}) at ${formatDateTime(new Date(agreement.acceptedAt!))}`
                        : "Waiting for your acceptance",
                    },
                  ]}
                />
                <p className="govuk-body">
                  <Link className="govuk-link" to={`/awards/${award.id}/agreement`}>
                    {agreement.accepted
                      ? "Read your grant agreement and download it as a PDF"
                      : "Read and accept your grant agreement"}
                  </Link>
                </p>
              </>
            ) : (
              <p className="govuk-body">The programme team has not issued your grant agreement yet.</p>
            )}
          </section>

          {subsidy ? (
            <section aria-labelledby="subsidy-heading">
              <h2 className="govuk-heading-m" id="subsidy-heading">
                Other public support
              </h2>
              <p className="govuk-body">
                {subsidy.declared
                  ? "You have declared the other public support your organisation received."
                  : "Before we pay the prize, tell us what other public support your organisation has received."}
              </p>
              <p className="govuk-body">
                <Link className="govuk-link" to={`/awards/${award.id}/subsidy`}>
                  {subsidy.locked
                    ? "See your subsidy declaration"
                    : subsidy.declared
                      ? "Check or change your subsidy declaration"
                      : "Declare other public support"}
                </Link>
              </p>
            </section>
          ) : null}

          {award.masterclass ? (
            <section aria-labelledby="masterclass">
              <h2 className="govuk-heading-m" id="masterclass">
                Masterclass
              </h2>
              {places.length ? (
                <>
                  <p className="govuk-body">
                    Choose one session.{" "}
                    {accepted ? `You have a place on “${accepted.title}”.` : "You have not booked a place yet."}
                  </p>
                  {places.map((p) => (
                    <SummaryCard title={p.title} headingLevel={3} key={p.id}>
                      <SummaryList
                        rows={[
                          { key: "When", value: p.when },
                          { key: "Where", value: p.venue ?? "Online" },
                          ...(p.onlineUrl ? [{ key: "Online link", value: p.onlineUrl }] : []),
                          {
                            key: "Your place",
                            value:
                              p.status === "accepted" ? "Booked" : p.status === "declined" ? "Declined" : "Not replied",
                          },
                          ...(p.status !== "accepted" ? [{ key: "Places left", value: String(p.placesLeft) }] : []),
                        ]}
                      />
                      {p.description ? <p className="govuk-body">{p.description}</p> : null}
                      {p.past ? (
                        <p className="govuk-body">This session has already taken place.</p>
                      ) : (
                        <Form method="post" className="govuk-button-group">
                          <input type="hidden" name="place" value={p.id} />
                          {p.status !== "accepted" ? (
                            <Button name="intent" value="accept-place">
                              Book a place
                              <span className="govuk-visually-hidden">
                                {" "}
                                on {p.title}, {p.when}
                              </span>
                            </Button>
                          ) : (
                            <a className="govuk-link" href={`/awards/${award.id}/sessions/${p.sessionId}.ics`} download>
                              Add to your calendar (.ics file)
                              <span className="govuk-visually-hidden">: {p.title}</span>
                            </a>
                          )}
                          {p.status !== "declined" ? (
                            <Button name="intent" value="decline-place" variant="secondary">
                              {p.status === "accepted" ? "Cancel your place" : "Decline"}
                              <span className="govuk-visually-hidden">
                                {" "}
                                on {p.title}, {p.when}
                              </span>
                            </Button>
                          ) : null}
                        </Form>
                      )}
                    </SummaryCard>
                  ))}
                </>
              ) : (
                <p className="govuk-body">The masterclass dates are not set yet. We will email you an invitation.</p>
              )}
            </section>
          ) : null}

          {award.supportCapPence > 0 ? (
            <section aria-labelledby="support-plan">
              <h2 className="govuk-heading-m" id="support-plan">
                Your support plan
              </h2>
              <p className="govuk-body">
                Support, investment and coaching worth up to {formatPence(award.supportCapPence)} to develop your idea.
              </p>
              {support ? <SupportSummary summary={support} headingLevel={3} /> : null}
              <p className="govuk-body">
                <Link className="govuk-link" to={`/awards/${award.id}/progress`}>
                  See your support plan and post a progress update
                </Link>
              </p>
            </section>
          ) : null}

          {recoveries.recoveries.length > 0 ? (
            <section aria-labelledby="recoveries">
              <h2 className="govuk-heading-m" id="recoveries">
                Money to return
              </h2>
              <p className="govuk-body">
                The programme team has asked for this money back. Contact them if you have questions.
              </p>
              <RecoveryTable recoveries={recoveries.recoveries} caption="Money to return" hideCaption />
            </section>
          ) : null}
          <MonitoringSection awardId={award.id} monitoring={page.monitoring} />
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
