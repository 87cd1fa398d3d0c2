import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface CouncilPublicationDigestEmailProps {
  name: string;
  councilName: string;
  challengeTitle: string;
  /** Shared ideas from organisations in, or working in, the officer's council area. */
  count: number;
  /** The first few of them (winners first). */
  top: { reference: string; title: string; award: string | null }[];
  /** Shared ideas across the whole region. */
  totalShared: number;
  ideasUrl: string;
}

export function councilPublicationDigestSubject({ challengeTitle, count }: CouncilPublicationDigestEmailProps): string {
  return `${count === 1 ? "1 idea" : `${count} ideas`} for your area from the ${challengeTitle}`;
}

export default function CouncilPublicationDigestEmail({
  name,
  councilName,
  challengeTitle,
  count,
  top,
  totalShared,
  ideasUrl,
}: CouncilPublicationDigestEmailProps) {
  return (
    <EmailLayout
      heading="Ideas for your area are ready to see"
      preview={`${count === 1 ? "1 idea" : `${count} ideas`} for ${councilName}.`}
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        The winners of the {challengeTitle} have been announced, and the ideas that organisations agreed to share with
        councils are now yours to search: {totalShared === 1 ? "1 idea" : `${totalShared} ideas`} across the region,{" "}
        {count === 0 ? "none of them" : count === 1 ? "1 of them" : `${count} of them`} from or for {councilName}.
      </Paragraph>
      {top.map((idea) => (
        <Paragraph key={idea.reference}>
          {idea.reference}: {idea.title}
          {idea.award ? ` (${idea.award})` : ""}
        </Paragraph>
      ))}
      {count > top.length ? <Paragraph>And {count - top.length} more.</Paragraph> : null}
      <Paragraph>
        You can record your council&apos;s interest in an idea and link it to a local initiative. Other councils see who
        is interested, so you can work together.
      </Paragraph>
      <ButtonLink href={ideasUrl}>See the ideas for your area</ButtonLink>
    </EmailLayout>
  );
}

const previewProps: CouncilPublicationDigestEmailProps = {
  name: "Sam Patel",
  councilName: "Birmingham City Council",
  challengeTitle: "Community Recovery Innovation Challenge 2027",
  count: 12,
  top: [
    {
      reference: "CRI-0151",
      title: "A training kitchen for young people",
      award: "Winner",
    },
    {
      reference: "CRI-0042",
      title: "Repair cafe and tool library",
      award: "Top 20",
    },
  ],
  totalShared: 97,
  ideasUrl: "http://localhost:3000/councils/ideas",
};
CouncilPublicationDigestEmail.PreviewProps = previewProps;
