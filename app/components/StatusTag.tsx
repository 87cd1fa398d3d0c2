import type { ReactNode } from "react";
import type { ChallengeStatus, EntryStatus } from "../../db/schema";

// GOV.UK tags for the statuses staff pages show, one colour per status in one place.

/**
 * A GOV.UK tag; `colour` is its modifier class (govuk-tag--grey...), none for the default, and
 * `className` any other class it needs where it sits (the phase banner's).
 */
export function Tag({ colour, className, children }: { colour?: string; className?: string; children: ReactNode }) {
  return <strong className={["govuk-tag", colour, className].filter(Boolean).join(" ")}>{children}</strong>;
}

// On staff pages a submitted entry is blue (it waits for staff) and a withdrawn one yellow; an
// entrant's own pages colour them as ENTRY_STATUS_LABELS in app/domain/entry-sections.ts says.
const ENTRY_STATUS_COLOURS: Record<EntryStatus, string> = {
  draft: "govuk-tag--grey",
  submitted: "govuk-tag--blue",
  withdrawn: "govuk-tag--yellow",
  ineligible: "govuk-tag--red",
};

/** An entry's status on a staff page; the label comes with the data. */
export function EntryStatusTag({ status, children }: { status: EntryStatus; children: ReactNode }) {
  return <Tag colour={ENTRY_STATUS_COLOURS[status]}>{children}</Tag>;
}

const CHALLENGE_STATUS_TAGS: Record<ChallengeStatus, { text: string; colour: string }> = {
  draft: { text: "Draft", colour: "govuk-tag--grey" },
  open: { text: "Open", colour: "govuk-tag--green" },
  closed: { text: "Closed", colour: "govuk-tag--blue" },
  archived: { text: "Archived", colour: "govuk-tag--grey" },
};

export function ChallengeStatusTag({ status }: { status: ChallengeStatus }) {
  const tag = CHALLENGE_STATUS_TAGS[status];
  return <Tag colour={tag.colour}>{tag.text}</Tag>;
}
