import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface JudgeReminderEmailProps {
  name: string;
  challengeTitle: string;
  /** Round number: 1 (shortlisting) or 2 (the final panel). */
  roundNumber: number;
  /** Entries not yet submitted, out of `total`. */
  outstanding: number;
  total: number;
  /** When scoring closes, already in UK time. */
  deadline: string;
  /** Whole days until scoring closes. */
  daysLeft: number;
  url: string;
}

function entries(count: number): string {
  return count === 1 ? "1 entry" : `${count} entries`;
}

function days(count: number): string {
  return count === 1 ? "1 day" : `${count} days`;
}

export function judgeReminderSubject({ outstanding, challengeTitle, daysLeft }: JudgeReminderEmailProps): string {
  const when = daysLeft <= 0 ? "today" : `in ${days(daysLeft)}`;
  return `Scoring for the ${challengeTitle} closes ${when}: ${entries(outstanding)} still to score`;
}

export default function JudgeReminderEmail({
  name,
  challengeTitle,
  roundNumber,
  outstanding,
  total,
  deadline,
  url,
}: JudgeReminderEmailProps) {
  return (
    <EmailLayout heading={`${entries(outstanding)} still to score`} preview={`Scoring closes at ${deadline}.`}>
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        You have submitted scores for {total - outstanding} of your {entries(total)} in round {roundNumber} of the{" "}
        {challengeTitle}. Scoring closes at {deadline}.
      </Paragraph>
      <Paragraph>Scores that are saved but not submitted by then will not count.</Paragraph>
      <ButtonLink href={url}>Go to your judging</ButtonLink>
      <Paragraph>If you cannot finish in time, please tell the programme team as soon as you can.</Paragraph>
    </EmailLayout>
  );
}

// Annotated rather than `satisfies`, so the registry reads the props type, not these literals.
const previewProps: JudgeReminderEmailProps = {
  name: "Sam Patel",
  challengeTitle: "Community Recovery Innovation Challenge 2027",
  roundNumber: 1,
  outstanding: 12,
  total: 30,
  deadline: "5pm on 12 December 2026",
  daysLeft: 3,
  url: "http://localhost:3000/judging",
};
JudgeReminderEmail.PreviewProps = previewProps;
