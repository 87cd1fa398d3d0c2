import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actorFrom, requireRole } from "../auth/guards.server";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { ChallengeStatusTag } from "../components/StatusTag";
import { InsetText, NotificationBanner, SummaryCard, SummaryList } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { closingPhrase } from "../domain/deadline";
import { ITEM_KINDS, ITEM_WORDS } from "../domain/challenge-setup";
import { plainText } from "../domain/rich-text";
import { formatPence } from "../domain/money";
import { formatDateTime } from "../domain/time";
import { challengeForStaff, challengeIdParam } from "../services/challenges/setup.server";

// /staff/challenge/:id: everything about one challenge on one page, each part with a link to
// change it, and the way to preview, open or close it.

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: pageTitle(data ? data.challenge.title : "Challenge", error) },
];

const NOTICES: Record<string, string> = {
  created: "Challenge created",
  saved: "Your changes have been saved",
  opened: "The challenge is open. The challenge page now shows it",
  closed: "The challenge is closed",
};

function shorten(text: string, max = 200): string {
  const plain = plainText(text).replace(/\s+/g, " ").trim();
  if (!plain) return "Not written yet";
  return plain.length > max ? `${plain.slice(0, max)}…` : plain;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  const id = challengeIdParam(args.params.id);
  const challenge = await challengeForStaff(actorFrom(user, args), id);
  const notice = new URL(args.request.url).searchParams.get("notice");
  const now = new Date();
  return {
    notice: notice && NOTICES[notice] ? NOTICES[notice] : null,
    challenge: {
      ...challenge,
      opensAtText: formatDateTime(challenge.opensAt),
      closesAtText: formatDateTime(challenge.closesAt),
      closingPhrase: closingPhrase(challenge.closesAt, now),
      texts: {
        description: shorten(challenge.description),
        whoCanEnter: shorten(challenge.whoCanEnter),
        howJudgingWorks: shorten(challenge.howJudgingWorks),
        shareText: challenge.shareText.trim()
          ? shorten(challenge.shareText)
          : "Made from the title, summary and closing date",
      },
    },
  };
}

export default function ChallengeOverview() {
  const { challenge, notice } = useLoaderData<typeof loader>();
  const base = `/staff/challenge/${challenge.id}`;
  const published = challenge.status !== "draft";
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/staff", text: "Programme staff" },
          { href: "/staff/challenge", text: "Challenges" },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {notice ? (
            <NotificationBanner success>
              <h3 className="govuk-notification-banner__heading">{notice}</h3>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">Challenge</span>
          <h1 className="govuk-heading-l">{challenge.title}</h1>
          <p className="govuk-body">
            Status: <ChallengeStatusTag status={challenge.status} />
            {challenge.status === "open" ? ` ${challenge.closingPhrase}.` : null}
          </p>
          {published ? (
            <InsetText>
              This challenge has been published. Changes you make appear on the challenge page straight away and are
              recorded in the audit log.
            </InsetText>
          ) : (
            <InsetText>This challenge is a draft. Only staff can see it until you open it.</InsetText>
          )}
          <div className="govuk-button-group">
            <Link
              to={`${base}/preview`}
              role="button"
              draggable={false}
              className="govuk-button govuk-button--secondary"
              data-module="govuk-button"
            >
              Preview the challenge page
            </Link>
            {challenge.status === "draft" ? (
              <Link
                to={`${base}/open`}
                role="button"
                draggable={false}
                className="govuk-button"
                data-module="govuk-button"
              >
                Open the challenge
              </Link>
            ) : null}
            {challenge.status === "open" ? (
              <Link to={`${base}/close`} className="govuk-link">
                Close the challenge
              </Link>
            ) : null}
          </div>

          <SummaryCard title="Title and page text" change={{ href: `${base}/details` }}>
            <SummaryList
              rows={[
                { key: "Title", value: challenge.title },
                { key: "Summary", value: challenge.summary },
                { key: "What the challenge is for", value: challenge.texts.description },
                { key: "Who can enter", value: challenge.texts.whoCanEnter },
                { key: "How judging works", value: challenge.texts.howJudgingWorks },
                { key: "Text to share", value: challenge.texts.shareText },
                { key: "Judges see organisation names", value: challenge.judgesSeeOrganisation ? "Yes" : "No" },
              ]}
            />
          </SummaryCard>

          <SummaryCard title="Supporting documents with entries" change={{ href: `${base}/documents` }}>
            <SummaryList
              rows={[
                {
                  key: "Files an entry can have",
                  value: challenge.entryDocuments.maxFiles
                    ? `Up to ${challenge.entryDocuments.maxFiles}, each no larger than ${challenge.entryDocuments.maxFileMb} MB`
                    : "None",
                },
              ]}
            />
          </SummaryCard>

          <SummaryCard title="Opening and closing times" change={{ href: `${base}/dates` }}>
            <SummaryList
              rows={[
                { key: "Entries open", value: challenge.opensAtText },
                { key: "Entries close", value: challenge.closesAtText },
                { key: "Entries submitted", value: String(challenge.entries) },
              ]}
            />
          </SummaryCard>

          <SummaryCard title="Budget" change={{ href: `${base}/budget` }}>
            <SummaryList
              rows={[
                {
                  key: "Programme budget",
                  value: challenge.budgetPence === null ? "No budget set" : formatPence(challenge.budgetPence),
                },
              ]}
            />
          </SummaryCard>

          {ITEM_KINDS.map((kind) => {
            const items = challenge.items[kind];
            const words = ITEM_WORDS[kind];
            return (
              <SummaryCard key={kind} title={`${words.plural} (${items.length})`} change={{ href: `${base}/${kind}` }}>
                {items.length ? (
                  <ul className="govuk-list govuk-list--bullet">
                    {items.map((item) => (
                      <li key={item.id}>
                        {item.title}
                        {kind === "areas" || kind === "prizes" || kind === "key-dates" ? (
                          <span className="govuk-hint govuk-!-margin-bottom-0"> {item.detail}</span>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="govuk-body">None yet.</p>
                )}
              </SummaryCard>
            );
          })}

          <SummaryCard title="Grant agreement terms">
            {challenge.items.prizes.length ? (
              <SummaryList
                rows={challenge.items.prizes.map((tier) => ({
                  key: tier.title,
                  value: "The terms each award in this tier accepts",
                  action: {
                    href: `${base}/agreements/${tier.id}`,
                    text: "Change",
                    visuallyHidden: `the grant agreement terms for ${tier.title}`,
                  },
                }))}
              />
            ) : (
              <p className="govuk-body">Add prizes first: each prize tier has its own terms.</p>
            )}
          </SummaryCard>

          <SummaryCard title="Due diligence checks" change={{ href: `${base}/due-diligence` }}>
            <p className="govuk-body">The checks each prize tier&apos;s winners need before their prize is paid.</p>
          </SummaryCard>

          <SummaryCard title={`Judging criteria (${challenge.criteria.length})`}>
            {challenge.criteria.length ? (
              <SummaryList rows={challenge.criteria.map((c) => ({ key: c.name, value: `Weight ${c.weight}` }))} />
            ) : (
              <p className="govuk-body">None yet.</p>
            )}
            <p className="govuk-body">Criteria are set up with judging. They are published on the challenge page.</p>
          </SummaryCard>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
