import { ButtonLink, EmailLayout, Paragraph, TextLink } from "./components/EmailLayout";

export interface MasterclassReminderEmailProps {
  name: string;
  sessionTitle: string;
  /** Already in UK time: "10am to 1pm on 3 June 2027". */
  when: string;
  venue: string | null;
  onlineUrl: string | null;
  awardUrl: string;
}

export function masterclassReminderSubject({ sessionTitle }: MasterclassReminderEmailProps): string {
  return `Reminder: your masterclass “${sessionTitle}” is tomorrow`;
}

export default function MasterclassReminderEmail({
  name,
  sessionTitle,
  when,
  venue,
  onlineUrl,
  awardUrl,
}: MasterclassReminderEmailProps) {
  return (
    <EmailLayout heading="Your masterclass is tomorrow" preview={`${sessionTitle}, ${when}`}>
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        This is a reminder that you have a place on the masterclass “{sessionTitle}”, {when}.
      </Paragraph>
      {venue ? <Paragraph>Where: {venue}</Paragraph> : null}
      {onlineUrl ? (
        <Paragraph>
          Join online: <TextLink href={onlineUrl}>{onlineUrl}</TextLink>
        </Paragraph>
      ) : null}
      <Paragraph>If you can no longer come, please decline your place so that someone else can have it.</Paragraph>
      <ButtonLink href={awardUrl}>See your place</ButtonLink>
    </EmailLayout>
  );
}

const previewProps: MasterclassReminderEmailProps = {
  name: "Amara Okafor",
  sessionTitle: "Business planning for community ventures",
  when: "10am to 1pm on 3 June 2027",
  venue: "The Exchange, Birmingham",
  onlineUrl: null,
  awardUrl: "http://localhost:3000/awards/12",
};
MasterclassReminderEmail.PreviewProps = previewProps;
