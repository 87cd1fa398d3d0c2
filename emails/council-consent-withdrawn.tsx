import { EmailLayout, Paragraph } from "./components/EmailLayout";

// Sent to the officers of each council that recorded interest in an idea, when its organisation
// withdraws consent to share the idea or to be contacted. The service stops showing it at once;
// copies the council already holds (a downloaded list, notes, emails) are the council's own
// records under its own data protection duties, so we ask the council to delete them.

export interface CouncilConsentWithdrawnEmailProps {
  name: string;
  councilName: string;
  reference: string;
  ideaTitle: string;
  /** Which consent: to share the idea at all, or to be contacted. */
  withdrawn: "share" | "contact";
  /** When, already in UK time: "3:15pm on 21 November 2026". */
  withdrawnAt: string;
}

export function councilConsentWithdrawnSubject(props: CouncilConsentWithdrawnEmailProps): string {
  return props.withdrawn === "share"
    ? `Idea ${props.reference} is no longer shared with councils`
    : `Do not contact the organisation behind idea ${props.reference}`;
}

export default function CouncilConsentWithdrawnEmail({
  name,
  councilName,
  reference,
  ideaTitle,
  withdrawn,
  withdrawnAt,
}: CouncilConsentWithdrawnEmailProps) {
  return (
    <EmailLayout
      heading={
        withdrawn === "share" ? "An idea is no longer shared with councils" : "Please stop using contact details"
      }
      preview={`The organisation behind ${reference} withdrew its consent at ${withdrawnAt}.`}
    >
      <Paragraph>Dear {name},</Paragraph>
      {withdrawn === "share" ? (
        <Paragraph>
          At {withdrawnAt} the organisation behind {reference} ({ideaTitle}) withdrew its consent to share the idea with
          councils. {councilName} recorded interest in it, so we are letting you know. The idea no longer appears in the
          service&apos;s list, pages, downloads or emails.
        </Paragraph>
      ) : (
        <Paragraph>
          At {withdrawnAt} the organisation behind {reference} ({ideaTitle}) withdrew its consent to be contacted by
          councils. {councilName} recorded interest in it, so we are letting you know. The service no longer shows its
          contact details.
        </Paragraph>
      )}
      <Paragraph>
        Please delete any copies your council holds of{" "}
        {withdrawn === "share" ? "this idea and its organisation's details" : "the organisation's contact details"}, for
        example in lists downloaded from the service, and do not use them again. Those copies are your council&apos;s
        records, under its own data protection duties.
      </Paragraph>
      <Paragraph>If you have questions, contact the programme team.</Paragraph>
    </EmailLayout>
  );
}

const previewProps: CouncilConsentWithdrawnEmailProps = {
  name: "Sam Patel",
  councilName: "Birmingham City Council",
  reference: "CRI-0042",
  ideaTitle: "Repair cafe and tool library",
  withdrawn: "share",
  withdrawnAt: "3:15pm on 21 November 2026",
};

CouncilConsentWithdrawnEmail.PreviewProps = previewProps;
