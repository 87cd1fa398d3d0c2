import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface EligibilityDecisionEmailProps {
  name: string;
  organisationName: string;
  /** The entry's reference, like CRI-0042. */
  reference: string;
  title: string;
  decision: "eligible" | "ineligible";
  /** Why the entry is not eligible, as staff wrote it. Null for an eligible entry. */
  reason: string | null;
  /** The entry in the entrant's part of the service. */
  entryUrl: string;
}

export function eligibilityDecisionSubject({ reference, decision }: EligibilityDecisionEmailProps): string {
  return decision === "eligible"
    ? `Your entry ${reference} is eligible for the challenge`
    : `Your entry ${reference} is not eligible for the challenge`;
}

export default function EligibilityDecisionEmail({
  name,
  organisationName,
  reference,
  title,
  decision,
  reason,
  entryUrl,
}: EligibilityDecisionEmailProps) {
  const eligible = decision === "eligible";
  return (
    <EmailLayout
      heading={eligible ? "Your entry is eligible" : "Your entry is not eligible"}
      preview={`${reference}: ${title}`}
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        The programme team has checked the entry {reference}, “{title}”, from {organisationName}.
      </Paragraph>
      {eligible ? (
        <>
          <Paragraph>It meets the rules of the challenge and will go forward to the judges.</Paragraph>
          <Paragraph>You do not need to do anything. We will email you when the results are published.</Paragraph>
        </>
      ) : (
        <>
          <Paragraph>It does not meet the rules of the challenge, so it will not go forward to the judges.</Paragraph>
          <Paragraph>The reason the programme team gave:</Paragraph>
          <Paragraph>{reason}</Paragraph>
          <Paragraph>
            If you think this is a mistake, reply to this email or contact the programme team, quoting {reference}.
          </Paragraph>
        </>
      )}
      <ButtonLink href={entryUrl}>See your entry</ButtonLink>
    </EmailLayout>
  );
}

// Annotated rather than `satisfies`, so the registry reads the props type, not these literals.
const previewProps: EligibilityDecisionEmailProps = {
  name: "Amara Okafor",
  organisationName: "Ladywood Lantern Kitchen CIC",
  reference: "CRI-0042",
  title: "Cook well, eat well: a community kitchen for Ladywood",
  decision: "ineligible",
  reason: "The organisation is based outside the region and does not deliver work in it.",
  entryUrl: "http://localhost:3000/entries/CRI-0042",
};
EligibilityDecisionEmail.PreviewProps = previewProps;
