import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

// Sent to the NEW address when someone asks to move their account to it: opening the link is the
// proof that they hold this address. Until then the account keeps its old address.

export interface EmailChangeConfirmEmailProps {
  name: string;
  /** The single-use link that makes this the account's address. */
  confirmUrl: string;
  /** How long the link works: "24 hours". */
  expiresIn: string;
}

export function emailChangeConfirmSubject(_props: EmailChangeConfirmEmailProps): string {
  return "Confirm your new email address";
}

export default function EmailChangeConfirmEmail({ name, confirmUrl, expiresIn }: EmailChangeConfirmEmailProps) {
  return (
    <EmailLayout heading="Confirm your new email address" preview="Use the link to start using this email address.">
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        You asked to use this email address for your Community Recovery Innovation Challenge account. Use the link to
        confirm it. Until you do, we keep using your old address.
      </Paragraph>
      <ButtonLink href={confirmUrl}>Confirm your new email address</ButtonLink>
      <Paragraph>The link works once, for {expiresIn}.</Paragraph>
      <Paragraph>If you did not ask for this, you can ignore this email. Nothing changes without this link.</Paragraph>
    </EmailLayout>
  );
}

EmailChangeConfirmEmail.PreviewProps = {
  name: "Priya Chauhan",
  confirmUrl: "http://localhost:3000/account/email/confirm/abcdefghijklmnopqrstuvwxyz234567",
  expiresIn: "24 hours",
} satisfies EmailChangeConfirmEmailProps;
