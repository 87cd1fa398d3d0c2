import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface MonitoringMoreAskedEmailProps {
  name: string;
  organisationName: string;
  challengeTitle: string;
  /** "6-month report", "Closing report (12 months)". */
  reportName: string;
  /** What the programme team needs, in their words. */
  message: string;
  reportUrl: string;
}

export function monitoringMoreAskedSubject({ reportName }: MonitoringMoreAskedEmailProps): string {
  return `We need a little more in your ${reportName.toLowerCase()}`;
}

export default function MonitoringMoreAskedEmail({
  name,
  organisationName,
  challengeTitle,
  reportName,
  message,
  reportUrl,
}: MonitoringMoreAskedEmailProps) {
  return (
    <EmailLayout heading="We need a little more in your report" preview={message.slice(0, 120)}>
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        Thank you for the {reportName.toLowerCase()} on {organisationName}'s award from the {challengeTitle}. Before we
        can accept it, the programme team has asked for more:
      </Paragraph>
      <Paragraph>{message}</Paragraph>
      <Paragraph>Your report is kept as you sent it: change what is needed and send it again.</Paragraph>
      <ButtonLink href={reportUrl}>Update your report</ButtonLink>
    </EmailLayout>
  );
}

// Annotated rather than `satisfies`, so the registry reads the props type, not these literals.
const previewProps: MonitoringMoreAskedEmailProps = {
  name: "Amara Okafor",
  organisationName: "Ladywood Lantern Kitchen CIC",
  challengeTitle: "Community Recovery Innovation Challenge 2027",
  reportName: "6-month report",
  message: "Please add the receipts for the kitchen equipment the grant paid for.",
  reportUrl: "http://localhost:3000/awards/1/reports/1",
};
MonitoringMoreAskedEmail.PreviewProps = previewProps;
