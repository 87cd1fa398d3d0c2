import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { FieldErrors } from "../domain/forms";
import { Breadcrumbs } from "./Breadcrumbs";
import { NotificationBanner } from "./content";
import { ErrorSummary } from "./forms";

// The way around a challenge's judging for staff: breadcrumbs up to the challenge, and the pages of
// one round as a list of links (plain links, so it works without JavaScript).

export function JudgingBreadcrumbs({
  challengeId,
  challengeTitle,
  round,
}: {
  challengeId: number;
  challengeTitle: string;
  round?: 1 | 2;
}) {
  const items = [
    { href: "/staff", text: "Programme staff" },
    { href: "/staff/judging", text: "Judging" },
    { href: `/staff/judging/${challengeId}`, text: challengeTitle },
  ];
  if (round) items.push({ href: `/staff/judging/${challengeId}/rounds/${round}`, text: `Round ${round}` });
  return <Breadcrumbs items={items} />;
}

export function RoundLinks({ challengeId, round, current }: { challengeId: number; round: 1 | 2; current: string }) {
  const base = `/staff/judging/${challengeId}/rounds/${round}`;
  const links = [
    { href: base, text: "Overview" },
    { href: `${base}/judges`, text: "Judges" },
    { href: `${base}/assignment`, text: "Assignment" },
    { href: `${base}/leaderboard`, text: "Leaderboard" },
    { href: `${base}/moderation`, text: "Moderation" },
    { href: `${base}/confirm`, text: round === 1 ? "Confirm the shortlist" : "Confirm the winners" },
  ];
  return (
    <nav aria-label={`Round ${round}`} className="govuk-!-margin-bottom-6">
      <ul className="govuk-list govuk-list--bullet">
        {links.map((l) => (
          <li key={l.href}>
            {l.href === current ? (
              <strong aria-current="page">{l.text}</strong>
            ) : (
              <Link className="govuk-link" to={l.href}>
                {l.text}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The top of every page of one round: breadcrumbs, the form's errors, a success notice, the
 * caption (by default "<challenge>: round <n>"), the page's heading and the round's links. On the
 * round's overview the breadcrumbs stop at the challenge: the overview is the round's own page.
 */
export function RoundPageHeader({
  challengeId,
  challengeTitle,
  round,
  heading,
  current,
  caption,
  errors,
  errorOrder,
  notice,
}: {
  challengeId: number;
  challengeTitle: string;
  round: 1 | 2;
  heading: ReactNode;
  current: string;
  caption?: ReactNode;
  errors?: FieldErrors;
  errorOrder?: string[];
  notice?: ReactNode;
}) {
  const overview = current === `/staff/judging/${challengeId}/rounds/${round}`;
  return (
    <>
      <JudgingBreadcrumbs
        challengeId={challengeId}
        challengeTitle={challengeTitle}
        round={overview ? undefined : round}
      />
      <ErrorSummary errors={errors} order={errorOrder} />
      {notice ? (
        <NotificationBanner success>
          <p className="govuk-notification-banner__heading">{notice}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">
        {caption ?? (
          <>
            {challengeTitle}: round {round}
          </>
        )}
      </span>
      <h1 className="govuk-heading-l">{heading}</h1>
      <RoundLinks challengeId={challengeId} round={round} current={current} />
    </>
  );
}

/** An error in a form with no field of its own, or a field's, as GOV.UK error summary entries. */
export type Errors = Record<string, string> | undefined;
