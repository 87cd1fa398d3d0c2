import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface SupportRequestDecisionEmailProps {
  name: string;
  organisationName: string;
  description: string;
  /** Already formatted: "£1,200". */
  cost: string;
  outcome: "approved" | "refused";
  /** Why it was refused; null when approved. */
  refusalReason: string | null;
  progressUrl: string;
}

export function supportRequestDecisionSubject({ outcome }: SupportRequestDecisionEmailProps): string {
  return outcome === "approved" ? "Your request for support is approved" : "Your request for support is refused";
}

export default function SupportRequestDecisionEmail({
  name,
  organisationName,
  description,
  cost,
  outcome,
  refusalReason,
  progressUrl,
}: SupportRequestDecisionEmailProps) {
  const approved = outcome === "approved";
  return (
    <EmailLayout
      heading={approved ? "Your request for support is approved" : "Your request for support is refused"}
      preview={`${description} (${cost})`}
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        You asked for support for {organisationName}: “{description}”, costing {cost}.
      </Paragraph>
      {approved ? (
        <Paragraph>
          The programme team has approved it. It is now on your support plan and counts towards your support cap.
        </Paragraph>
      ) : (
        <>
          <Paragraph>The programme team has refused it, for this reason:</Paragraph>
          <Paragraph>{refusalReason}</Paragraph>
          <Paragraph>You can ask for something else, or reply to the programme team if you have questions.</Paragraph>
        </>
      )}
      <ButtonLink href={progressUrl}>See your support plan</ButtonLink>
    </EmailLayout>
  );
}

const previewProps: SupportRequestDecisionEmailProps = {
  name: "Amara Okafor",
  organisationName: "Bright Futures CIC",
  description: "Bookkeeping software and two days of set-up help",
  cost: "£1,200",
  outcome: "refused",
  refusalReason: "The programme does not pay for software subscriptions; ask us about a finance coach instead.",
  progressUrl: "http://localhost:3000/awards/12/progress",
};
SupportRequestDecisionEmail.PreviewProps = previewProps;
