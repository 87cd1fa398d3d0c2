import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorFrom, requireRole } from "../auth/guards.server";
import { InsetText, NotificationBanner } from "../components/content";
import { RouteErrorBoundary } from "../components/ErrorPage";
import { pageTitle } from "../components/page-title";
import { ENTRY_REFERENCE_PATTERN } from "../domain/entry-reference";
import { formatDateTime } from "../domain/time";
import { judgeQueue, type QueueRound, type QueueStatus } from "../services/judging/reviews.server";
import { Table } from "../components/Table";
import { Tag } from "../components/StatusTag";

// /judging: a judge's work. Challenges whose declaration of interests is still to do come first
// (no entry of theirs is listed until it is done), then each round's entries with progress,
// status and the scoring deadline.

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ error, matches }) => [
  { title: pageTitle("Your judging", error, matches) },
];

const querySchema = z.object({
  notice: z.enum(["declared", "saved", "submitted"]).nullable().catch(null),
  ref: z.string().regex(ENTRY_REFERENCE_PATTERN).nullable().catch(null),
  ended: z.coerce.number().int().min(0).max(10_000).catch(0),
  endedSubmitted: z.coerce.number().int().min(0).max(10_000).catch(0),
});

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "judge");
  const params = new URL(args.request.url).searchParams;
  const notice = querySchema.parse({
    notice: params.get("notice"),
    ref: params.get("ref"),
    ended: params.get("ended") ?? 0,
    endedSubmitted: params.get("endedSubmitted") ?? 0,
  });
  return { queue: await judgeQueue(actorFrom(user, args)), notice };
}

const STATUS: Record<QueueStatus, { text: string; className: string }> = {
  not_started: { text: "Not started", className: "govuk-tag--grey" },
  in_progress: { text: "In progress", className: "govuk-tag--light-blue" },
  submitted: { text: "Submitted", className: "govuk-tag--green" },
};

function entries(count: number): string {
  return count === 1 ? "1 entry" : `${count} entries`;
}

function Notice({ notice }: { notice: ReturnType<typeof useLoaderData<typeof loader>>["notice"] }) {
  if (notice.notice === "saved") {
    return (
      <NotificationBanner success>
        <p className="govuk-notification-banner__heading">
          Your scores{notice.ref ? ` for ${notice.ref}` : ""} are saved. You can come back to them at any time.
        </p>
      </NotificationBanner>
    );
  }
  if (notice.notice === "submitted") {
    return (
      <NotificationBanner success>
        <p className="govuk-notification-banner__heading">
          Your scores{notice.ref ? ` for ${notice.ref}` : ""} are submitted
        </p>
      </NotificationBanner>
    );
  }
  if (notice.notice === "declared") {
    return (
      <NotificationBanner success>
        <p className="govuk-notification-banner__heading">Your declaration of interests is confirmed</p>
        {notice.ended ? (
          <p className="govuk-body">
            {entries(notice.ended)} {notice.ended === 1 ? "has" : "have"} been taken out of your list because of a
            conflict.
            {notice.endedSubmitted
              ? ` You had already submitted scores for ${entries(notice.endedSubmitted)}: those scores will not count.`
              : ""}{" "}
            The programme team will ask another judge to score {notice.ended === 1 ? "it" : "them"}.
          </p>
        ) : null}
      </NotificationBanner>
    );
  }
  return null;
}

function Round({ round }: { round: QueueRound }) {
  const progressId = `progress-${round.roundId}`;
  const open = round.status === "open";
  return (
    <section className="govuk-!-margin-bottom-8" aria-labelledby={`round-${round.roundId}`}>
      <span className="govuk-caption-m">{round.challengeTitle}</span>
      <h2 className="govuk-heading-m" id={`round-${round.roundId}`}>
        Round {round.roundNumber}: {round.roundNumber === 1 ? "shortlisting" : "final panel"}
      </h2>
      <p className="govuk-body">
        {open
          ? round.scoringClosesAt
            ? `Submit your scores by ${formatDateTime(new Date(round.scoringClosesAt))}.`
            : "Scoring is open."
          : "Scoring has closed. You can still read your scores."}
      </p>
      <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1" id={progressId}>
        {round.submitted} of {round.total} scored
      </p>
      <progress
        className="govuk-!-width-two-thirds govuk-!-margin-bottom-6"
        max={round.total}
        value={round.submitted}
        aria-labelledby={progressId}
      />
      <Table
        caption={
          <>
            Entries to score in round {round.roundNumber} of the {round.challengeTitle}
          </>
        }
        hideCaption
        scroll="Entries to score"
        rows={round.entries}
        rowKey={(entry) => entry.assignmentId}
        columns={[
          {
            header: "Reference",
            cell: (entry) => (
              <Link className="govuk-link" to={`/judging/${entry.assignmentId}`}>
                {entry.reference}
              </Link>
            ),
          },
          { header: "Idea", cell: (entry) => entry.title || "Untitled" },
          {
            header: "Status",
            cell: (entry) => <Tag colour={STATUS[entry.status].className}>{STATUS[entry.status].text}</Tag>,
          },
        ]}
      />
    </section>
  );
}

export default function JudgingQueue() {
  const { queue, notice } = useLoaderData<typeof loader>();
  const nothing = !queue.rounds.length && !queue.declarationsDue.length;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Notice notice={notice} />
        <h1 className="govuk-heading-l">Your judging</h1>
        {queue.declarationsDue.map((challenge) => (
          <InsetText key={challenge.challengeId}>
            <h2 className="govuk-heading-s">{challenge.title}: declare your interests first</h2>
            <p className="govuk-body">
              Before you see any entry, tell us which entrant organisations you have a conflict of interest with. You
              will not be shown their entries.
            </p>
            <Link className="govuk-button govuk-!-margin-bottom-0" to={`/judging/conflicts/${challenge.challengeId}`}>
              Declare your interests
              <span className="govuk-visually-hidden"> for the {challenge.title}</span>
            </Link>
          </InsetText>
        ))}
        {nothing ? (
          <p className="govuk-body">You have no entries to score at the moment. We will email you when you have.</p>
        ) : null}
        {queue.rounds.map((round) => (
          <Round key={round.roundId} round={round} />
        ))}
        <h2 className="govuk-heading-m">Your interests</h2>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to="/judging/affiliations">
              Organisations and councils you work for
            </Link>
          </li>
          {queue.declarationsDone.map((challenge) => (
            <li key={challenge.challengeId}>
              <Link className="govuk-link" to={`/judging/conflicts/${challenge.challengeId}`}>
                Your declaration of interests for the {challenge.title}
              </Link>{" "}
              (confirmed {formatDateTime(new Date(challenge.completedAt))})
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
