import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface MonitoringReminderEmailProps {
  name: string;
  organisationName: string;
  challengeTitle: string;
  /** "6-month report", "Closing report (12 months)". */
  reportName: string;
  /** Already written out: "20 November 2021". */
  dueOn: string;
  /** Sent after the due date, when the report has not come in. */
  late: boolean;
  reportUrl: string;
}

export function monitoringReminderSubject({ reportName, late }: MonitoringReminderEmailProps): string {
  return late ? `Your ${reportName.toLowerCase()} is late` : `Your ${reportName.toLowerCase()} is due soon`;
}

export default function MonitoringReminderEmail({
  name,
  organisationName,
  challengeTitle,
  reportName,
  dueOn,
  late,
  reportUrl,
}: MonitoringReminderEmailProps) {
  return (
    <EmailLayout
      heading={late ? `Your ${reportName.toLowerCase()} is late` : `Your ${reportName.toLowerCase()} is due soon`}
      preview={`It ${late ? "was" : "is"} due on ${dueOn}.`}
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        {late
          ? `The ${reportName.toLowerCase()} on ${organisationName}'s award from the ${challengeTitle} was due on ${dueOn} and has not reached us yet.`
          : `The ${reportName.toLowerCase()} on ${organisationName}'s award from the ${challengeTitle} is due on ${dueOn}.`}
      </Paragraph>
      <Paragraph>
        Tell us how your work is going against your milestones, what the prize and support paid for, and the difference
        it has made. You can save it as a draft and come back to it before you send it.
      </Paragraph>
      <ButtonLink href={reportUrl}>Write your report</ButtonLink>
      <Paragraph>If something is stopping you reporting, reply to this email and tell us.</Paragraph>
    </EmailLayout>
  );
}

// Annotated rather than `satisfies`, so the registry reads the props type, not these literals.
const previewProps: MonitoringReminderEmailProps = {
  name: "Amara Okafor",
  organisationName: "Ladywood Lantern Kitchen CIC",
  challengeTitle: "Community Recovery Innovation Challenge 2027",
  reportName: "6-month report",
  dueOn: "20 November 2027",
  late: false,
  reportUrl: "http://localhost:3000/awards/1/reports/1",
};
MonitoringReminderEmail.PreviewProps = previewProps;
