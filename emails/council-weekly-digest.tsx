import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface CouncilWeeklyDigestEmailProps {
  name: string;
  councilName: string;
  challengeTitle: string;
  /** The week covered, already in UK dates: "1 June 2027 to 8 June 2027". */
  period: string;
  /** Changes by other councils to their interest in ideas for this officer's area. */
  changes: {
    reference: string;
    title: string;
    council: string;
    status: string;
    initiative: string | null;
  }[];
  ideasUrl: string;
}

export function councilWeeklyDigestSubject({ changes }: CouncilWeeklyDigestEmailProps): string {
  return `Councils' interest in ideas for your area: ${changes.length === 1 ? "1 change" : `${changes.length} changes`} this week`;
}

export default function CouncilWeeklyDigestEmail({
  name,
  councilName,
  challengeTitle,
  period,
  changes,
  ideasUrl,
}: CouncilWeeklyDigestEmailProps) {
  return (
    <EmailLayout
      heading="What other councils did with ideas for your area"
      preview={`${changes.length} changes, ${period}.`}
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        From {period}, other councils recorded or changed their interest in ideas from the {challengeTitle} that are
        from or for {councilName}:
      </Paragraph>
      {changes.map((change) => (
        <Paragraph key={`${change.reference}-${change.council}`}>
          {change.reference}: {change.title}. {change.council}: {change.status}
          {change.initiative ? `, linked to ‘${change.initiative}’` : ""}.
        </Paragraph>
      ))}
      <Paragraph>You might want to get in touch with them and work together.</Paragraph>
      <ButtonLink href={ideasUrl}>See the ideas for your area</ButtonLink>
    </EmailLayout>
  );
}

const previewProps: CouncilWeeklyDigestEmailProps = {
  name: "Sam Patel",
  councilName: "Birmingham City Council",
  challengeTitle: "Community Recovery Innovation Challenge 2027",
  period: "1 June 2027 to 8 June 2027",
  changes: [
    {
      reference: "CRI-0042",
      title: "Repair cafe and tool library",
      council: "Coventry City Council",
      status: "In discussion",
      initiative: "Coventry Circular Economy Plan",
    },
  ],
  ideasUrl: "http://localhost:3000/councils/ideas",
};
CouncilWeeklyDigestEmail.PreviewProps = previewProps;
