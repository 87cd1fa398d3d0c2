import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface DraftReminderEmailProps {
  name: string;
  organisationName: string;
  challengeTitle: string;
  /** Whole days left until the closing day: 7 or 1. */
  daysLeft: number;
  /** The organisation's closing time, already in UK time: "11:59pm on 21 March 2027". */
  closesAt: string;
  /** The drafts not yet submitted. */
  drafts: { reference: string; title: string }[];
  /** The organisation's entries in the entrant's part of the service. */
  entriesUrl: string;
}

function timeLeft(daysLeft: number): string {
  return daysLeft === 1 ? "1 day" : `${daysLeft} days`;
}

export function draftReminderSubject({ daysLeft, challengeTitle }: DraftReminderEmailProps): string {
  return daysLeft === 1
    ? `The ${challengeTitle} closes tomorrow: submit your entry`
    : `${timeLeft(daysLeft)} left to submit your entry to the ${challengeTitle}`;
}

export default function DraftReminderEmail({
  name,
  organisationName,
  challengeTitle,
  daysLeft,
  closesAt,
  drafts,
  entriesUrl,
}: DraftReminderEmailProps) {
  const several = drafts.length > 1;
  return (
    <EmailLayout
      heading={daysLeft === 1 ? "The challenge closes tomorrow" : `${timeLeft(daysLeft)} left to submit your entry`}
      preview={`Entries close at ${closesAt}.`}
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        {organisationName} has {several ? `${drafts.length} entries` : "an entry"} to the {challengeTitle} that{" "}
        {several ? "have" : "has"} not been submitted yet:
      </Paragraph>
      {drafts.map((draft) => (
        <Paragraph key={draft.reference}>
          {draft.reference}: {draft.title || "(no title yet)"}
        </Paragraph>
      ))}
      <Paragraph>
        Entries close at {closesAt}. A draft that has not been submitted by then cannot be judged, but what you have
        written is kept.
      </Paragraph>
      <ButtonLink href={entriesUrl}>Finish and submit</ButtonLink>
      <Paragraph>If you have decided not to enter, you can ignore this email.</Paragraph>
    </EmailLayout>
  );
}

// Annotated rather than `satisfies`, so the registry reads the props type, not these literals.
const previewProps: DraftReminderEmailProps = {
  name: "Amara Okafor",
  organisationName: "Ladywood Lantern Kitchen CIC",
  challengeTitle: "Community Recovery Innovation Challenge 2027",
  daysLeft: 7,
  closesAt: "11:59pm on 21 March 2027",
  drafts: [{ reference: "CRI-0151", title: "A training kitchen for young people" }],
  entriesUrl: "http://localhost:3000/entries",
};
DraftReminderEmail.PreviewProps = previewProps;
