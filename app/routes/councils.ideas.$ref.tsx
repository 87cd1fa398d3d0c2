import { AttachmentList } from "../components/Attachments";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useSearchParams,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { NotificationBanner, Paragraphs, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { Button, ErrorSummary, Radios, Textarea, TextInput, valueOf } from "../components/forms";
import { pageTitle } from "../components/page-title";
import { INTEREST_LABELS, INTEREST_STATUSES, interestSchema } from "../domain/council-search";
import { parseEntryReference } from "../domain/entry-reference";
import { parseForm, type FormValues } from "../domain/forms";
import { formatDate } from "../domain/time";
import { attempt, formError } from "../security/app-error-responses.server";
import { notFound } from "../services/app-error.server";
import { sharedIdea } from "../services/councils/ideas.server";
import { recordInterest } from "../services/councils/interest.server";
import { Table } from "../components/Table";
import { Tag } from "../components/StatusTag";

// /councils/ideas/:ref: one shared idea as it was submitted, its organisation (contact details
// only where it agreed to be contacted), its award, every council's interest in it, and the form
// where an officer records or updates their own council's interest.

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, error, matches }) => [
  {
    title: pageTitle(loaderData ? loaderData.idea.title || loaderData.idea.reference : "Shared idea", error, matches),
  },
];

// A refused change (a conflict is a 409) must show the record as it is now, with its new version.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" || defaultShouldRevalidate;

function referenceFrom(params: { ref?: string }): string {
  const reference = parseEntryReference(params.ref);
  if (!reference) throw notFound();
  return reference;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "council_officer");
  // Not shared, not published yet, or no such idea: the same 404, so nothing leaks.
  const idea = await sharedIdea(actorFrom(user, args), referenceFrom(args.params));
  return { idea };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "council_officer");
  const reference = referenceFrom(args.params);
  const parsed = parseForm(interestSchema, await args.request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  // Someone else from the council changed the record meanwhile: a 409, shown against the status.
  const result = await attempt(recordInterest(actorFrom(user, args), reference, parsed.data));
  if (!result.ok) return formError(result.error, parsed.values);
  return redirect(`/councils/ideas/${reference}?saved=${result.value.changed ? "1" : "0"}#council-interest`);
}

const NOT_ANSWERED = <p className="govuk-body">Not answered.</p>;

export default function SharedIdea() {
  const { idea } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors = actionData?.errors;
  const values: FormValues | undefined = actionData?.values;
  const own = idea.own;
  const field = (name: string, current: string) => (values ? valueOf(values, name) : current);
  const others = idea.interests.filter((i) => i.localAuthorityCode !== idea.officer.localAuthorityCode);

  return (
    <>
      <Breadcrumbs items={[{ href: "/councils/ideas", text: "Shared ideas" }]} />
      {searchParams.get("saved") === "1" && !errors ? (
        <NotificationBanner success>
          <p className="govuk-notification-banner__heading">Your council&apos;s interest has been saved.</p>
        </NotificationBanner>
      ) : null}
      <ErrorSummary
        errors={errors}
        order={["status", "initiativeName", "initiativeDescription", "initiativeUrl", "note"]}
      />
      <span className="govuk-caption-l">
        {idea.reference} · {idea.challengeTitle}
      </span>
      <h1 className="govuk-heading-l">{idea.title}</h1>
      {idea.award !== "other" ? (
        <p className="govuk-body">
          <Tag colour={idea.award === "winner" ? "govuk-tag--green" : "govuk-tag--blue"}>{idea.awardLabel}</Tag>
        </p>
      ) : null}

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">The idea</h2>
          <Paragraphs notAnswered={NOT_ANSWERED} text={idea.summary} />
          <h3 className="govuk-heading-s">The need it meets</h3>
          <Paragraphs notAnswered={NOT_ANSWERED} text={idea.need} />
          <h3 className="govuk-heading-s">Who benefits</h3>
          <Paragraphs notAnswered={NOT_ANSWERED} text={idea.beneficiaries} />
          <h3 className="govuk-heading-s">How it will be delivered</h3>
          <Paragraphs notAnswered={NOT_ANSWERED} text={idea.delivery} />
          {idea.documents.length ? (
            <>
              <h3 className="govuk-heading-s">Supporting documents</h3>
              <AttachmentList attachments={idea.documents} />
            </>
          ) : null}

          <h2 className="govuk-heading-m">Details</h2>
          <SummaryList
            rows={[
              { key: "Priority area", value: idea.priorityArea ?? "None" },
              {
                key: "Council areas",
                value: idea.councils.length ? idea.councils.join(", ") : "None given",
              },
              {
                key: "Principles",
                value: idea.principles.length ? idea.principles.join(", ") : "None given",
              },
              {
                key: "Award",
                value: idea.awardNames.length ? idea.awardNames.join(", ") : "No award",
              },
              {
                key: "Submitted",
                value: formatDate(new Date(idea.submittedAt)),
              },
            ]}
          />

          <h2 className="govuk-heading-m">The organisation</h2>
          <SummaryList
            rows={[
              { key: "Name", value: idea.organisation.name },
              { key: "Type", value: idea.organisation.type },
              { key: "Council", value: idea.organisation.council },
              ...(idea.organisation.contact
                ? [
                    { key: "Contact", value: idea.organisation.contact.name },
                    {
                      key: "Email",
                      value: (
                        <a className="govuk-link" href={`mailto:${idea.organisation.contact.email}`}>
                          {idea.organisation.contact.email}
                        </a>
                      ),
                    },
                    ...(idea.organisation.contact.phone
                      ? [
                          {
                            key: "Phone",
                            value: idea.organisation.contact.phone,
                          },
                        ]
                      : []),
                  ]
                : []),
            ]}
          />
          {idea.organisation.contact ? null : (
            <p className="govuk-body">
              The organisation shared its idea but did not agree to be contacted by councils, so its contact details are
              not shown. Programme staff can pass a message on.
            </p>
          )}

          <h2 className="govuk-heading-m">Councils interested</h2>
          {idea.interests.length === 0 ? (
            <p className="govuk-body">No council has recorded interest in this idea yet.</p>
          ) : (
            <Table
              caption="Councils interested in this idea"
              hideCaption
              scroll
              rows={idea.interests}
              rowKey={(i) => i.localAuthorityCode}
              columns={[
                { header: "Council", rowHeader: true, cell: (i) => i.council },
                { header: "Status", cell: (i) => i.statusLabel },
                {
                  header: "Local initiative",
                  cell: (i) => (
                    <>
                      {i.initiativeName ? (
                        i.initiativeUrl ? (
                          <a className="govuk-link" href={i.initiativeUrl} rel="noreferrer noopener external">
                            {i.initiativeName}
                          </a>
                        ) : (
                          i.initiativeName
                        )
                      ) : (
                        "None named"
                      )}
                      {i.initiativeDescription ? (
                        <p className="govuk-body-s govuk-!-margin-0">{i.initiativeDescription}</p>
                      ) : null}
                      {i.note ? <p className="govuk-body-s govuk-!-margin-0">Note: {i.note}</p> : null}
                    </>
                  ),
                },
                { header: "Updated", cell: (i) => formatDate(new Date(i.updatedAt)) },
              ]}
            />
          )}
          {others.length ? (
            <p className="govuk-body">
              Other councils interested in the same idea may want to work with you rather than separately.
            </p>
          ) : null}

          <h2 className="govuk-heading-m" id="council-interest">
            {idea.officer.localAuthorityName}&apos;s interest
          </h2>
          <p className="govuk-body">
            {own
              ? "Keep this up to date as things change. The organisation is emailed when the status changes."
              : "Record your council's interest. The organisation is emailed to say your council is interested."}{" "}
            Everything you record here, including the note, is seen by other councils and programme staff.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="version" value={own?.version ?? 0} />
            <Radios
              name="status"
              legend="Where is your council with this idea?"
              legendSize="s"
              error={errors?.status}
              defaultValue={field("status", own?.status ?? "")}
              options={INTEREST_STATUSES.map((s) => ({
                value: s,
                text: INTEREST_LABELS[s],
              }))}
            />
            <TextInput
              name="initiativeName"
              label="Local initiative it links to (optional)"
              hint="The name of your council's programme, strategy or project"
              error={errors?.initiativeName}
              defaultValue={field("initiativeName", own?.initiativeName ?? "")}
            />
            <Textarea
              name="initiativeDescription"
              label="About the initiative (optional)"
              error={errors?.initiativeDescription}
              defaultValue={field("initiativeDescription", own?.initiativeDescription ?? "")}
              rows={3}
            />
            <TextInput
              name="initiativeUrl"
              type="url"
              label="Link to the initiative (optional)"
              hint="For example https://www.example.gov.uk/initiative"
              error={errors?.initiativeUrl}
              spellCheck={false}
              defaultValue={field("initiativeUrl", own?.initiativeUrl ?? "")}
            />
            <Textarea
              name="note"
              label="Note (optional)"
              hint="For example who to speak to at your council"
              error={errors?.note}
              defaultValue={field("note", own?.note ?? "")}
              rows={3}
            />
            <Button>{own ? "Update interest" : "Record interest"}</Button>
          </Form>
          <p className="govuk-body">
            <Link className="govuk-link" to="/councils/ideas">
              Back to shared ideas
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
