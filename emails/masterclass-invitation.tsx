import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface MasterclassInvitationEmailProps {
  name: string;
  sessionTitle: string;
  /** Already in UK time: "10am on 3 June 2027 to 1pm". */
  when: string;
  /** The venue, or "Online". */
  where: string;
  /** The winner's award page, where they accept or decline. */
  awardUrl: string;
}

export function masterclassInvitationSubject({ sessionTitle }: MasterclassInvitationEmailProps): string {
  return `You are invited to a masterclass: ${sessionTitle}`;
}

export default function MasterclassInvitationEmail({
  name,
  sessionTitle,
  when,
  where,
  awardUrl,
}: MasterclassInvitationEmailProps) {
  return (
    <EmailLayout heading="You are invited to a masterclass" preview={`${sessionTitle}, ${when}`}>
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        As one of the top ideas of the challenge, you are invited to the masterclass “{sessionTitle}”, {when}, {where}.
      </Paragraph>
      <Paragraph>Places are limited. Accept or decline your place in your account.</Paragraph>
      <ButtonLink href={awardUrl}>Reply to the invitation</ButtonLink>
    </EmailLayout>
  );
}

const previewProps: MasterclassInvitationEmailProps = {
  name: "Amara Okafor",
  sessionTitle: "Business planning for community ventures",
  when: "10am to 1pm on 3 June 2027",
  where: "The Exchange, Birmingham",
  awardUrl: "http://localhost:3000/awards/12",
};
MasterclassInvitationEmail.PreviewProps = previewProps;
