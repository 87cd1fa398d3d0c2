import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface VerifyEmailProps {
  name: string;
  /** The single-use link that confirms the address. */
  verifyUrl: string;
  /** How long the link works: "24 hours". */
  expiresIn: string;
}

export function verifyEmailSubject(_props: VerifyEmailProps): string {
  return "Confirm your email address";
}

export default function VerifyEmail({ name, verifyUrl, expiresIn }: VerifyEmailProps) {
  return (
    <EmailLayout heading="Confirm your email address" preview="Use the link to confirm your email address.">
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        You have created an account for the Community Recovery Innovation Challenge. Use the link to confirm this is
        your email address.
      </Paragraph>
      <ButtonLink href={verifyUrl}>Confirm your email address</ButtonLink>
      <Paragraph>
        The link works once, for {expiresIn}. If it has stopped working, sign in and ask for a new one from your account
        page.
      </Paragraph>
      <Paragraph>
        If you did not create an account, you can ignore this email. Nobody can use the account without this link.
      </Paragraph>
    </EmailLayout>
  );
}

VerifyEmail.PreviewProps = {
  name: "Priya Chauhan",
  verifyUrl: "http://localhost:3000/verify-email/abcdefghijklmnopqrstuvwxyz234567",
  expiresIn: "24 hours",
} satisfies VerifyEmailProps;
