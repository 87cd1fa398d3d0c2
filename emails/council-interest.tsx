import { ButtonLink, EmailLayout, Paragraph, TextLink } from "./components/EmailLayout";

export interface CouncilInterestEmailProps {
  name: string;
  organisationName: string;
  reference: string;
  ideaTitle: string;
  challengeTitle: string;
  councilName: string;
  status: "interested" | "in_discussion" | "taken_forward" | "not_pursued";
  statusLabel: string;
  /** The local initiative the council links the idea to, if it named one. */
  initiativeName: string | null;
  initiativeUrl: string | null;
  entriesUrl: string;
}

export function councilInterestSubject({ councilName, ideaTitle }: CouncilInterestEmailProps): string {
  return `${councilName} has recorded interest in your idea ‘${ideaTitle}’`;
}

const WHAT_IT_MEANS: Record<CouncilInterestEmailProps["status"], string> = {
  interested: "has recorded that it is interested in",
  in_discussion: "is now discussing",
  taken_forward: "is taking forward",
  not_pursued: "has decided not to pursue",
};

export default function CouncilInterestEmail({
  name,
  organisationName,
  reference,
  ideaTitle,
  challengeTitle,
  councilName,
  status,
  statusLabel,
  initiativeName,
  initiativeUrl,
  entriesUrl,
}: CouncilInterestEmailProps) {
  return (
    <EmailLayout heading={`${councilName} is interested in your idea`} preview={`Status: ${statusLabel}.`}>
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        {councilName} {WHAT_IT_MEANS[status]} ‘{ideaTitle}’ ({reference}), the idea {organisationName} entered to the{" "}
        {challengeTitle}.
      </Paragraph>
      <Paragraph>Status: {statusLabel}</Paragraph>
      {initiativeName ? (
        <Paragraph>
          The council links it to its local initiative ‘{initiativeName}’
          {initiativeUrl ? (
            <>
              {" "}
              (<TextLink href={initiativeUrl}>{initiativeUrl}</TextLink>)
            </>
          ) : null}
          .
        </Paragraph>
      ) : null}
      <Paragraph>
        Councils in the region can see the ideas that organisations agreed to share once the winners were announced. If
        you agreed to be contacted, someone from the council may get in touch with you.
      </Paragraph>
      <ButtonLink href={entriesUrl}>See your entries</ButtonLink>
    </EmailLayout>
  );
}

const previewProps: CouncilInterestEmailProps = {
  name: "Amara Okafor",
  organisationName: "Ladywood Lantern Kitchen CIC",
  reference: "CRI-0151",
  ideaTitle: "A training kitchen for young people",
  challengeTitle: "Community Recovery Innovation Challenge 2027",
  councilName: "Coventry City Council",
  status: "interested",
  statusLabel: "Interested",
  initiativeName: "Coventry Food Partnership",
  initiativeUrl: "https://www.example.gov.uk/food-partnership",
  entriesUrl: "http://localhost:3000/entries",
};
CouncilInterestEmail.PreviewProps = previewProps;
