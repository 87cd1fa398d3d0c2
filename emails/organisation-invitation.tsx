import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface OrganisationInvitationEmailProps {
  /** The member who sent the invitation. */
  inviterName: string;
  /** The organisation the invitee is asked to join, as its members wrote it. */
  organisationName: string;
  /** The single-use link to join. */
  joinUrl: string;
  /** When the link stops working, already in UK time: "3pm on 5 December 2026". */
  expiresAt: string;
}

export function organisationInvitationSubject({ organisationName }: OrganisationInvitationEmailProps): string {
  return `Join ${organisationName} on the Community Recovery Innovation Challenge`;
}

export default function OrganisationInvitationEmail({
  inviterName,
  organisationName,
  joinUrl,
  expiresAt,
}: OrganisationInvitationEmailProps) {
  return (
    <EmailLayout
      heading={`Join ${organisationName}`}
      preview={`${inviterName} has invited you to work on ${organisationName}'s entries.`}
    >
      <Paragraph>
        {inviterName} has invited you to join {organisationName} on the Community Recovery Innovation Challenge, so that
        you can work on your organisation's entries together.
      </Paragraph>
      <Paragraph>
        Use the link to join. If you do not have an account yet, you will create one with this email address. If you
        already have one, you will sign in.
      </Paragraph>
      <ButtonLink href={joinUrl}>Join {organisationName}</ButtonLink>
      <Paragraph>
        The link works once and stops working at {expiresAt}. If it has stopped working, ask {inviterName} to invite you
        again.
      </Paragraph>
      <Paragraph>
        If you were not expecting this email, you can ignore it. Nothing will happen unless you use the link.
      </Paragraph>
    </EmailLayout>
  );
}

OrganisationInvitationEmail.PreviewProps = {
  inviterName: "Amina Hussain",
  organisationName: "Sparkbrook Community Pantry",
  joinUrl: "http://localhost:3000/organisation/join/abcdefghijklmnopqrstuvwxyz234567",
  expiresAt: "3pm on 5 December 2026",
} satisfies OrganisationInvitationEmailProps;
