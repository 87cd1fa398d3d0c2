import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface ResetPasswordEmailProps {
  name: string;
  /** The single-use link to choose a new password. */
  resetUrl: string;
  /** How long the link works: "1 hour". */
  expiresIn: string;
  /** Where to ask for another link once this one has stopped working. */
  forgotPasswordUrl: string;
}

export function resetPasswordSubject(_props: ResetPasswordEmailProps): string {
  return "Reset your password";
}

export default function ResetPasswordEmail({ name, resetUrl, expiresIn, forgotPasswordUrl }: ResetPasswordEmailProps) {
  return (
    <EmailLayout heading="Reset your password" preview={`Use the link within ${expiresIn} to choose a new password.`}>
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        Someone asked to reset the password for your Community Recovery Innovation Challenge account. If it was you, use
        the link to choose a new password.
      </Paragraph>
      <ButtonLink href={resetUrl}>Choose a new password</ButtonLink>
      <Paragraph>
        The link works once, for {expiresIn}. If it has stopped working, ask for a new one at {forgotPasswordUrl}
      </Paragraph>
      <Paragraph>
        If you did not ask to reset your password, you can ignore this email. Your password has not changed and nobody
        can change it without this link.
      </Paragraph>
    </EmailLayout>
  );
}

ResetPasswordEmail.PreviewProps = {
  name: "Priya Chauhan",
  resetUrl: "http://localhost:3000/reset-password/abcdefghijklmnopqrstuvwxyz234567",
  expiresIn: "1 hour",
  forgotPasswordUrl: "http://localhost:3000/forgot-password",
} satisfies ResetPasswordEmailProps;
