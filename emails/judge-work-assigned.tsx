import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface JudgeWorkAssignedEmailProps {
  name: string;
  challengeTitle: string;
  /** How many entries the judge now has to score in this round. */
  count: number;
  /** When scoring closes, already in UK time: "5pm on 12 December 2026". */
  deadline?: string;
  /** The judge's queue. */
  url: string;
}

function entries(count: number): string {
  return count === 1 ? "1 entry" : `${count} entries`;
}

export function judgeWorkAssignedSubject({ count, challengeTitle }: JudgeWorkAssignedEmailProps): string {
  return `You have ${entries(count)} to score for the ${challengeTitle}`;
}

export default function JudgeWorkAssignedEmail({
  name,
  challengeTitle,
  count,
  deadline,
  url,
}: JudgeWorkAssignedEmailProps) {
  return (
    <EmailLayout heading={`You have ${entries(count)} to score`} preview={`Scoring for the ${challengeTitle} is open.`}>
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        You have been given {entries(count)} to score for the {challengeTitle}.
      </Paragraph>
      <Paragraph>
        Before you see any entry, you will be asked to confirm your declaration of interests: the organisations you have
        a conflict with. You will not be shown their entries.
      </Paragraph>
      {deadline ? <Paragraph>Please submit your scores by {deadline}.</Paragraph> : null}
      <ButtonLink href={url}>Go to your judging</ButtonLink>
      <Paragraph>You can save your scores and come back to them later before you submit them.</Paragraph>
    </EmailLayout>
  );
}

// Annotated rather than `satisfies`, so the registry reads the props type, not these literals.
const previewProps: JudgeWorkAssignedEmailProps = {
  name: "Sam Patel",
  challengeTitle: "Community Recovery Innovation Challenge 2027",
  count: 30,
  deadline: "5pm on 12 December 2026",
  url: "http://localhost:3000/judging",
};
JudgeWorkAssignedEmail.PreviewProps = previewProps;
