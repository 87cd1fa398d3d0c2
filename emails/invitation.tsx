import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface InvitationEmailProps {
  /** The member of staff who sent the invitation. */
  inviterName: string;
  /** The role as it reads in a sentence: "a judge", "a council officer for Coventry". */
  roleDescription: string;
  /** The single-use link to accept. */
  acceptUrl: string;
  /** When the link stops working, already in UK time: "3pm on 28 November 2026". */
  expiresAt: string;
}

export function invitationSubject({ roleDescription }: InvitationEmailProps): string {
  return `You have been invited to be ${roleDescription} for the Community Recovery Innovation Challenge`;
}

export default function InvitationEmail({ inviterName, roleDescription, acceptUrl, expiresAt }: InvitationEmailProps) {
  return (
    <EmailLayout heading="You have been invited" preview={`${inviterName} has invited you to be ${roleDescription}.`}>
      <Paragraph>
        {inviterName} from the programme team has invited you to be {roleDescription} for the Community Recovery
        Innovation Challenge.
      </Paragraph>
      <Paragraph>
        Use the link to accept. If you do not have an account yet, you will choose a password. If you already have one,
        you will sign in.
      </Paragraph>
      <ButtonLink href={acceptUrl}>Accept the invitation</ButtonLink>
      <Paragraph>
        The link works once and stops working at {expiresAt}. If it has stopped working, ask the programme team to send
        you a new invitation.
      </Paragraph>
      <Paragraph>
        If you were not expecting this email, you can ignore it. Nothing will happen unless you use the link.
      </Paragraph>
    </EmailLayout>
  );
}

InvitationEmail.PreviewProps = {
  inviterName: "Priya Shah",
  roleDescription: "a judge",
  acceptUrl: "http://localhost:3000/invitations/abcdefghijklmnopqrstuvwxyz234567",
  expiresAt: "3pm on 28 November 2026",
} satisfies InvitationEmailProps;
