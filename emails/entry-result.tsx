import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface EntryFeedback {
  /** "Judge 1": judges are never named to entrants. */
  label: string;
  overall: string;
  criteria: { name: string; comment: string }[];
}

export interface EntryResultEmailProps {
  name: string;
  organisationName: string;
  challengeTitle: string;
  reference: string;
  title: string;
  /** Comments staff approved for sharing; empty when there are none. */
  feedback: EntryFeedback[];
  /** The public list of winners. */
  winnersUrl: string;
}

export function entryResultSubject({ reference, challengeTitle }: EntryResultEmailProps): string {
  return `The results of the ${challengeTitle}: your entry ${reference}`;
}

export default function EntryResultEmail({
  name,
  organisationName,
  challengeTitle,
  reference,
  title,
  feedback,
  winnersUrl,
}: EntryResultEmailProps) {
  return (
    <EmailLayout heading="The results of the challenge" preview={`${reference}: ${title}`}>
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        Thank you for entering “{title}” ({reference}) from {organisationName} in the {challengeTitle}. The judges had
        many strong ideas to choose from, and yours was not one of those chosen for a prize this time.
      </Paragraph>
      {feedback.length ? (
        <>
          <Paragraph>Here is what the judges said about your idea.</Paragraph>
          {feedback.map((f) => (
            <div key={f.label}>
              <Paragraph>
                <strong>{f.label}</strong>
              </Paragraph>
              {f.overall ? <Paragraph>{f.overall}</Paragraph> : null}
              {f.criteria.map((c) => (
                <Paragraph key={c.name}>
                  {c.name}: {c.comment}
                </Paragraph>
              ))}
            </div>
          ))}
        </>
      ) : (
        <Paragraph>The judges&apos; comments are not available for this entry.</Paragraph>
      )}
      <Paragraph>Councils in the region may still be interested in your idea if you agreed to share it.</Paragraph>
      <ButtonLink href={winnersUrl}>See the winning ideas</ButtonLink>
    </EmailLayout>
  );
}

const previewProps: EntryResultEmailProps = {
  name: "Amara Okafor",
  organisationName: "Ladywood Lantern Kitchen CIC",
  challengeTitle: "Community Recovery Innovation Challenge 2027",
  reference: "CRI-0042",
  title: "Cook well, eat well: a community kitchen for Ladywood",
  feedback: [
    {
      label: "Judge 1",
      overall: "A clear plan with strong local support.",
      criteria: [{ name: "Impact", comment: "The numbers reached could be more ambitious." }],
    },
  ],
  winnersUrl: "http://localhost:3000/winners",
};
EntryResultEmail.PreviewProps = previewProps;
