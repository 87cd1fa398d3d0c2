import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { actorFrom, requireUser } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { InsetText, NotificationBanner, SummaryCard, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, Checkboxes, ErrorSummary, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { RichText } from "../components/RichText";
import { idParam } from "../domain/awards";
import { acceptanceSchema } from "../domain/grant-agreement";
import { parseForm } from "../domain/forms";
import { formatDateTime } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { acceptAgreement, winnerAgreementPage } from "../services/awards/grant-agreements.server";
import { requestNow } from "../services/platform/clock.server";

// /awards/:awardId/agreement: the award's grant agreement for the winning organisation. They read
// the whole text, give the signatory's name and role, confirm the signatory may sign for the
// organisation, and accept: accepting it accepts the prize. The page posts back the hash of the
// text it showed, so a text changed since (a variation) is refused, not accepted unread. Earlier
// versions stay listed, each with its PDF.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(
      loaderData ? `Grant agreement: ${loaderData.page.award.title}` : "Grant agreement",
      error,
      matches,
    ),
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const awardId = idParam(args.params.awardId);
  if (!awardId) throw notFound();
  const page = await winnerAgreementPage(actorFrom(user, args), awardId);
  const accepted = new URL(args.request.url).searchParams.get("notice") === "accepted";
  return { page, accepted, name: user.name };
}

const ORDER = ["form", "signatoryName", "signatoryRole", "authorised"];

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const awardId = idParam(args.params.awardId);
  if (!awardId) throw notFound();
  const form = parseForm(acceptanceSchema, await args.request.formData(), { arrays: ["authorised"] });
  if (!form.ok) {
    const { version, sha256, ...rest } = form.errors;
    const summary = version ?? sha256;
    return data({ errors: summary ? { form: summary, ...rest } : rest, values: form.values }, { status: 400 });
  }
  const result = await attempt(acceptAgreement(actorFrom(user, args), awardId, form.data, requestNow(args.request)));
  if (!result.ok) return formError(result.error, form.values);
  return redirect(`/awards/${awardId}/agreement?notice=accepted`);
}

// After a refusal because the text changed, show the new text.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function WinnerAgreement() {
  const { page, accepted, name } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  const { award, latest, earlier } = page;
  const pdf = (version: number) => `/awards/${award.id}/agreement/${version}.pdf`;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/awards", text: "Your awards" },
          { href: `/awards/${award.id}`, text: award.title },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} order={ORDER} />
          {accepted && !errors ? (
            <NotificationBanner success>
              <p className="govuk-notification-banner__heading">
                You have accepted the grant agreement{award.cash ? " and the prize" : ""}
              </p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">
            {award.reference} · {award.organisationName}
          </span>
          <h1 className="govuk-heading-l">Grant agreement</h1>
          <p className="govuk-body">
            {award.tierName}, {award.challengeTitle}: {award.title}
          </p>

          {!latest ? (
            <InsetText>
              The programme team has not issued your grant agreement yet. We will email you when it is ready.
            </InsetText>
          ) : (
            <>
              <SummaryList
                rows={[
                  { key: "Version", value: String(latest.version) },
                  { key: "Issued", value: formatDateTime(new Date(latest.issuedAt)) },
                  latest.variationReason ? { key: "Why it changed", value: latest.variationReason } : null,
                  {
                    key: "Status",
                    value: latest.acceptedAt
                      ? `Accepted by ${latest.signatoryName} (${latest.signatoryRole}) at ${formatDateTime(new Date(latest.acceptedAt))}`
                      : "Waiting for your acceptance",
                  },
                ]}
              />
              <p className="govuk-body">
                <a className="govuk-link" href={pdf(latest.version)} download>
                  Download version {latest.version} as a PDF
                </a>
              </p>
              <section aria-labelledby="terms-heading">
                <h2 className="govuk-heading-m" id="terms-heading">
                  The terms
                </h2>
                <RichText text={latest.body} />
                <p className="govuk-body">
                  Fingerprint of this text (SHA-256): <code>{latest.sha256}</code>
                </p>
              </section>

              {!latest.acceptedAt ? (
                <Form method="post" noValidate>
                  <input type="hidden" name="version" value={latest.version} />
                  <input type="hidden" name="sha256" value={latest.sha256} />
                  <h2 className="govuk-heading-m">Accept the agreement</h2>
                  <p className="govuk-body">
                    The person accepting must be authorised to sign agreements for {award.organisationName}, such as its
                    chair, chief executive or a director.
                    {award.cash ? ` Accepting the agreement accepts the ${award.cash} prize.` : null}
                  </p>
                  <TextInput
                    name="signatoryName"
                    label="Signatory's full name"
                    autoComplete="name"
                    error={errors?.signatoryName}
                    defaultValue={valueOf(values, "signatoryName", name)}
                  />
                  <TextInput
                    name="signatoryRole"
                    label="Their role in the organisation"
                    hint="For example, Chair of trustees or Director"
                    autoComplete="organization-title"
                    error={errors?.signatoryRole}
                    defaultValue={valueOf(values, "signatoryRole")}
                  />
                  <Checkboxes
                    name="authorised"
                    legend="Authority to sign"
                    error={errors?.authorised}
                    options={[
                      {
                        value: "yes",
                        text: `I confirm the signatory has read these terms and is authorised to sign for ${award.organisationName}`,
                      },
                    ]}
                  />
                  <Button>Accept the agreement</Button>
                </Form>
              ) : null}
            </>
          )}

          {earlier.length ? (
            <section aria-labelledby="earlier-heading">
              <h2 className="govuk-heading-m" id="earlier-heading">
                Earlier versions
              </h2>
              {earlier.map((v) => (
                <SummaryCard key={v.version} title={`Version ${v.version}`} headingLevel={3}>
                  <SummaryList
                    rows={[
                      { key: "Issued", value: formatDateTime(new Date(v.issuedAt)) },
                      {
                        key: "Status",
                        value: v.acceptedAt
                          ? `Accepted by ${v.signatoryName} (${v.signatoryRole}) at ${formatDateTime(new Date(v.acceptedAt))}`
                          : "Replaced before it was accepted",
                      },
                    ]}
                  />
                  <a className="govuk-link" href={pdf(v.version)} download>
                    Download version {v.version} as a PDF
                  </a>
                </SummaryCard>
              ))}
            </section>
          ) : null}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/awards/${award.id}`}>
              Back to your award
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
