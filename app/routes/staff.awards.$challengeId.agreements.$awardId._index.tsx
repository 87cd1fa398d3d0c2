import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { Details, InsetText, NotificationBanner, SummaryCard, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Textarea, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { RichText } from "../components/RichText";
import { idParam } from "../domain/awards";
import { optionalParagraphs, parseForm } from "../domain/forms";
import { VARIATION_REASON_MAX } from "../domain/grant-agreement";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { issueAgreement, staffAgreementPage } from "../services/awards/grant-agreements.server";

// /staff/awards/:challengeId/agreements/:awardId: every version of an award's grant agreement,
// each with its PDF; issuing the first (for results published before agreements existed) or a
// variation, with its reason, from the tier's current terms. A variation holds up the payment
// until the organisation accepts it, so it needs a second factor given in the last few minutes.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData ? `Grant agreement for ${loaderData.page.award.reference}` : "Grant agreement",
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

const NOTICES: Record<string, string> = {
  issued: "The agreement is issued. The organisation can now read and accept it",
  varied: "The variation is issued. The organisation must accept it before the prize can be approved",
};

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { challengeId, awardId } = ids(args.params);
  const page = await staffAgreementPage(actorFrom(user, args), challengeId, awardId);
  const notice = new URL(args.request.url).searchParams.get("notice");
  return { page, notice: notice && NOTICES[notice] ? NOTICES[notice] : null };
}

const schema = z.object({ reason: optionalParagraphs("the reason for the variation", VARIATION_REASON_MAX) });

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "staff");
  const { challengeId, awardId } = ids(args.params);
  const actor = actorFrom(user, args);
  // Not found unless the award is one of this challenge's.
  await staffAgreementPage(actor, challengeId, awardId);
  requireRecentSecondFactor(args, user);
  const form = parseForm(schema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await attempt(issueAgreement(actor, challengeId, awardId, { reason: form.data.reason || null }));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(
    `/staff/awards/${challengeId}/agreements/${awardId}?notice=${result.value === 1 ? "issued" : "varied"}`,
  );
}

export default function StaffAgreement() {
  const { page, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  const { award, versions } = page;
  const base = `/staff/awards/${award.challengeId}`;
  const [latest] = versions;
  const pdf = (version: number) => `${base}/agreements/${award.id}/${version}.pdf`;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/awards", text: "Awards" },
          { href: base, text: award.challengeTitle },
          { href: `${base}/agreements`, text: "Grant agreements" },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} order={["form", "reason"]} />
          {notice && !errors ? (
            <NotificationBanner success>
              <p className="govuk-notification-banner__heading">{notice}</p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">
            {award.reference} · {award.organisationName}
          </span>
          <h1 className="govuk-heading-l">Grant agreement</h1>
          <SummaryList
            rows={[
              { key: "Idea", value: award.title },
              { key: "Prize", value: award.tierName },
              { key: "Cash prize", value: award.cash },
              award.supportCap ? { key: "Support plan, up to", value: award.supportCap } : null,
              {
                key: "Agreement",
                value: !latest
                  ? "Not issued"
                  : latest.acceptedAt
                    ? `Version ${latest.version} accepted`
                    : `Version ${latest.version} waiting for the organisation`,
              },
            ]}
          />

          {versions.map((v) => (
            <SummaryCard key={v.version} title={`Version ${v.version}`}>
              <SummaryList
                rows={[
                  {
                    key: "Issued",
                    value: `${formatDateTime(new Date(v.issuedAt))}${v.issuedBy ? ` by ${v.issuedBy}` : ""}`,
                  },
                  v.variationReason ? { key: "Why it changed", value: v.variationReason } : null,
                  {
                    key: "Accepted",
                    value: v.acceptedAt
                      ? `By ${v.signatoryName} (${v.signatoryRole}) at ${formatDateTime(new Date(v.acceptedAt))}${v.acceptedBy ? `, signed in as ${v.acceptedBy}` : ""}`
                      : v === latest
                        ? "Not yet"
                        : "No: replaced by a later version",
                  },
                  { key: "SHA-256 of the text", value: <code>{v.sha256}</code> },
                ]}
              />
              <p className="govuk-body">
                <a className="govuk-link" href={pdf(v.version)} download>
                  Download version {v.version} as a PDF
                </a>
              </p>
              <Details summary={`Read the terms of version ${v.version}`}>
                <RichText text={v.body} />
              </Details>
            </SummaryCard>
          ))}

          {!award.published ? (
            <InsetText>The agreement is issued when the results are published.</InsetText>
          ) : (
            <Form method="post" noValidate>
              <h2 className="govuk-heading-m">{latest ? "Issue a variation" : "Issue the agreement"}</h2>
              <p className="govuk-body">
                {latest
                  ? "A variation is a new version made from the prize tier's current terms. The organisation must accept it before the prize can be approved for payment; earlier versions stay as they were."
                  : "The agreement is made from the prize tier's current terms and the award's figures."}
              </p>
              {latest ? (
                <Textarea
                  name="reason"
                  label="Why the agreement is changing"
                  hint="The organisation sees this with the new version"
                  rows={3}
                  error={errors?.reason}
                  defaultValue={valueOf(values, "reason")}
                />
              ) : null}
              <Button>{latest ? "Issue the variation" : "Issue the agreement"}</Button>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
