import { Link } from "@remix-run/react";
import type { MilestoneCounts } from "../domain/milestones";
import { formatPence } from "../domain/money";
import type { CapPosition } from "../domain/support-cap";
import { SummaryList } from "./content";

// A winner's support at a glance: the cap, what has been spent and what remains (with a bar
// that says the same in words), and how their milestones stand. Used on the staff plan, the
// winner's progress page and the winner's award page (/awards/:awardId, which gets the figures
// from supportSummaryForWinner in awards/progress-updates.server.ts).

export interface SupportSummaryProps {
  summary: { awardId: number; position: CapPosition; milestones: MilestoneCounts };
  heading?: string;
  headingLevel?: 2 | 3;
  /** A link to the winner's progress page, where it is not the current page. */
  progressHref?: string;
  /** Leave out the milestones line (pages that are only about the ledger). */
  hideMilestones?: boolean;
}

/** How much of the cap is used, as a bar (SVG, so no inline style is needed) and in words. */
export function CapBar({ position, id }: { position: CapPosition; id: string }) {
  const words = `${formatPence(position.spentPence)} of the ${formatPence(position.capPence)} cap spent (${position.percentUsed}%)${
    position.overPence > 0 ? `, ${formatPence(position.overPence)} over the cap by authorised override` : ""
  }`;
  return (
    <div className="app-cap-bar">
      {/* Named by the sentence below it, so the figures are read once and shown once. */}
      <svg
        role="img"
        aria-labelledby={`${id}-words`}
        viewBox="0 0 400 24"
        preserveAspectRatio="none"
        className="app-cap-bar__svg"
      >
        <rect x="0" y="0" width="400" height="24" fill="#ffffff" stroke="#0b0c0c" strokeWidth="2" />
        <rect
          x="0"
          y="0"
          width={position.percentUsed * 4}
          height="24"
          fill={position.overPence > 0 ? "#d4351c" : "#1d70b8"}
        />
      </svg>
      <p className="govuk-body-s govuk-!-margin-top-1" id={`${id}-words`}>
        {words}
      </p>
    </div>
  );
}

export function milestoneSentence(counts: MilestoneCounts): string {
  if (counts.total === 0) return "No milestones yet.";
  const noun = counts.total === 1 ? "1 milestone" : `${counts.total} milestones`;
  return `${noun}: ${counts.done} done, ${counts.onTrack} on track, ${counts.late} late.`;
}

export function SupportSummary({
  summary,
  heading = "Support, investment and coaching",
  headingLevel = 2,
  progressHref,
  hideMilestones = false,
}: SupportSummaryProps) {
  const { position, milestones } = summary;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="app-support-summary" aria-labelledby={`support-summary-${summary.awardId}`}>
      <Heading
        className={headingLevel === 2 ? "govuk-heading-m" : "govuk-heading-s"}
        id={`support-summary-${summary.awardId}`}
      >
        {heading}
      </Heading>
      <SummaryList
        noBorder
        rows={[
          { key: "Cap", value: formatPence(position.capPence) },
          { key: "Spent", value: formatPence(position.spentPence) },
          { key: "Remaining", value: formatPence(position.remainingPence) },
          !hideMilestones && { key: "Milestones", value: milestoneSentence(milestones) },
        ]}
      />
      <CapBar position={position} id={`cap-bar-${summary.awardId}`} />
      {progressHref ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={progressHref}>
            Your support plan and progress updates
          </Link>
        </p>
      ) : null}
    </section>
  );
}
