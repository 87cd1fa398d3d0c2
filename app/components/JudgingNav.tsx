import { Link } from "@remix-run/react";
import { Breadcrumbs } from "./Breadcrumbs";

// The way around a challenge's judging for staff: breadcrumbs up to the challenge, and the pages of
// one round as a list of links (plain links, so it works without JavaScript).

export function JudgingBreadcrumbs({ challengeId, challengeTitle, round }: { challengeId: number; challengeTitle: string; round?: 1 | 2 }) {
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

/** An error in a form with no field of its own, or a field's, as GOV.UK error summary entries. */
export type Errors = Record<string, string> | undefined;
