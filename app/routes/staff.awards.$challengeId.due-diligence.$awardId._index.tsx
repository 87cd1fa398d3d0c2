import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { AttachmentList } from "../components/Attachments";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, NotificationBanner, SummaryList, WarningText } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { idParam } from "../domain/awards";
import { REGISTER_LABELS } from "../domain/due-diligence";
import { parseForm } from "../domain/forms";
import { formatPence } from "../domain/money";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { completeChecks, dueDiligencePage, signOffChecks } from "../services/awards/due-diligence.server";
import { requestNow } from "../services/platform/clock.server";

// /staff/awards/:challengeId/due-diligence/:awardId: an award's due-diligence checks (the ones its
// prize tier needs), each with what was found, by whom and when, and the two steps that end them:
// "checks complete" by the member of staff who did them, then sign-off by another one (with a
// recent second factor). Each check is recorded on its own page, linked from here.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData ? `Due diligence for ${loaderData.page.award.reference}` : "Due diligence",
      error,
      matches,
    ),
  },
];

function ids(params: Record<string, string | undefined>) {
  const challengeId = idParam(params.challengeId);
  const awardId = idParam(params.awardId);
  if (!challengeId || !awardId) throw notFound();
  return { challengeId, awardId };
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { challengeId, awardId } = ids(args.params);
  const page = await dueDiligencePage(actorFrom(user, args), challengeId, awardId, requestNow(args.request));
  return { page, notice: new URL(args.request.url).searchParams.get("notice") };
}

const schema = z.object({
  intent: z.enum(["complete", "sign-off"], { error: "Reload the page and try again" }),
  version: z.coerce.number({ error: "Reload the page and try again" }).int().min(0).max(2_147_483_647),
});

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const actor = actorFrom(user, args);
  const { challengeId, awardId } = ids(args.params);
  // Not found unless the award is one of this challenge's.
  await dueDiligencePage(actor, challengeId, awardId);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: { form: Object.values(form.errors)[0]! }, values: form.values }, { status: 400 });
  // Signing off lets money move: a second factor given in the last few minutes.
  if (form.data.intent === "sign-off") requireRecentSecondFactor(args, user);
  const now = requestNow(args.request);
  const result = await attempt(
    form.data.intent === "complete"
      ? completeChecks(actor, awardId, form.data.version, now)
      : signOffChecks(actor, awardId, form.data.version, now),
  );
  if (!result.ok) return formError(result.error, form.values);
  return redirect(
    `/staff/awards/${challengeId}/due-diligence/${awardId}?notice=${form.data.intent === "complete" ? "completed" : "signed-off"}`,
  );
}

export default function StaffDueDiligence() {
  const { page, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const { award, checks } = page;
  // A person with a conflict of interest sees the checks but takes no part in them (the service refuses them too).
  const conflicted = page.conflicts.yours !== null;
  const base = `/staff/awards/${award.challengeId}`;
  const here = `${base}/due-diligence/${award.id}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/awards", text: "Awards" },
          { href: base, text: award.challengeTitle },
          { href: `${base}/payments`, text: "Prize payments" },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} order={["form"]} />
          {notice && !errors ? (
            <NotificationBanner success>
              <p className="govuk-notification-banner__heading">
                {notice === "completed"
                  ? "Checks complete: another member of staff must now sign them off"
                  : notice === "signed-off"
                    ? "Checks signed off"
                    : "Check recorded"}
              </p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">
            {award.reference} · {award.organisationName}
          </span>
          <h1 className="govuk-heading-l">Due diligence</h1>
          {page.conflicts.yours ? <WarningText>{page.conflicts.yours}</WarningText> : null}
          {conflicted && page.stage !== "signed_off" ? (
            <InsetText>
              Because of your conflict of interest, another member of staff must record, complete and sign off these
              checks.
            </InsetText>
          ) : null}
          <SummaryList
            rows={[
              { key: "Idea", value: award.title },
              { key: "Prize", value: `${award.tierName}: ${formatPence(award.cashPence)}` },
              { key: "Organisation type", value: award.organisationType.replace(/_/g, " ") },
              { key: "Registration number given", value: award.registrationNumber ?? "None given" },
              { key: "Checks", value: <strong data-testid="checks-stage">{page.stageLabel}</strong> },
              !!page.completedBy && {
                key: "Completed by",
                value: `${page.completedBy}, ${formatDateTime(new Date(page.completedAt!))}`,
              },
              !!page.signedOffBy && {
                key: "Signed off by",
                value: `${page.signedOffBy}, ${formatDateTime(new Date(page.signedOffAt!))}`,
              },
              { key: "Grant agreement", value: page.gate.agreement.label },
              page.paymentId !== null && {
                key: "Payment",
                value: (
                  <Link className="govuk-link" to={`${base}/payments/${page.paymentId}`}>
                    The prize payment
                  </Link>
                ),
              },
            ]}
          />

          <h2 className="govuk-heading-m">Checks for this prize</h2>
          <p className="govuk-body">The checks are the ones a {award.tierName} prize needs.</p>
          <SummaryList
            rows={checks.map((check) => ({
              key: check.label,
              value: check.done ? (
                <>
                  {check.kind === "registration" && check.done.register ? (
                    <span className="govuk-!-display-block">
                      {check.done.registrationNumber} on the {REGISTER_LABELS[check.done.register]}
                    </span>
                  ) : null}
                  {check.kind === "safeguarding" ? (
                    <span className="govuk-!-display-block">
                      {check.done.worksWithVulnerable
                        ? "Works with children or vulnerable adults"
                        : "Does not work with children or vulnerable adults"}
                    </span>
                  ) : null}
                  {check.kind === "risk_rating" && check.done.riskRating ? (
                    <strong className="govuk-!-display-block">Risk: {check.done.riskRating}</strong>
                  ) : null}
                  <span className="govuk-!-display-block">{check.done.conclusion}</span>
                  <span className="govuk-body-s govuk-!-display-block">
                    {check.done.by}, {formatDateTime(new Date(check.done.at))}
                  </span>
                </>
              ) : (
                <strong className="govuk-tag govuk-tag--grey">Not done</strong>
              ),
              action:
                page.stage === "signed_off" || conflicted
                  ? undefined
                  : {
                      href: `${here}/${check.kind}`,
                      text: check.done ? "Change" : "Record",
                      visuallyHidden: check.label.toLowerCase(),
                    },
            }))}
          />

          <h2 className="govuk-heading-m">Evidence</h2>
          <AttachmentList attachments={page.evidence} empty="No evidence attached yet." />

          {page.stage === "signed_off" ? (
            <InsetText>These checks are signed off: they cannot change.</InsetText>
          ) : conflicted ? null : page.stage === "waiting_for_sign_off" ? (
            page.completedByYou ? (
              <InsetText>Another member of staff must sign off these checks: you completed them.</InsetText>
            ) : (
              <Form method="post">
                <input type="hidden" name="version" value={page.version} />
                <input type="hidden" name="intent" value="sign-off" />
                <p className="govuk-body">
                  Signing off says you have looked at these checks and the evidence, and the prize may be paid once the
                  grant agreement is accepted.
                </p>
                <Button>Sign off the checks</Button>
              </Form>
            )
          ) : page.missing.length ? (
            <InsetText>Still to record: {page.missing.join(", ").toLowerCase()}.</InsetText>
          ) : (
            <Form method="post">
              <input type="hidden" name="version" value={page.version} />
              <input type="hidden" name="intent" value="complete" />
              <p className="govuk-body">Every check is recorded. Another member of staff will then sign them off.</p>
              <Button>Mark the checks as complete</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
