import { EmailLayout, Paragraph, TextLink } from "./components/EmailLayout";

export interface PasswordChangedEmailProps {
  name: string;
  /** When, already in UK time: "3:15pm on 21 November 2026". */
  changedAt: string;
  /** Where to reset the password if this was not them. */
  forgotPasswordUrl: string;
}

export function passwordChangedSubject(_props: PasswordChangedEmailProps): string {
  return "Your password has been changed";
}

export default function PasswordChangedEmail({ name, changedAt, forgotPasswordUrl }: PasswordChangedEmailProps) {
  return (
    <EmailLayout heading="Your password has been changed" preview={`Your password was changed at ${changedAt}.`}>
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        The password for your Community Recovery Innovation Challenge account was changed at {changedAt}. You have been
        signed out everywhere else.
      </Paragraph>
      <Paragraph>If you changed it, you do not need to do anything.</Paragraph>
      <Paragraph>
        If you did not change it, someone else may know your password or have access to your email.{" "}
        <TextLink href={forgotPasswordUrl}>Reset your password</TextLink> straight away, and change the password for
        your email account too.
      </Paragraph>
    </EmailLayout>
  );
}

PasswordChangedEmail.PreviewProps = {
  name: "Priya Chauhan",
  changedAt: "3:15pm on 21 November 2026",
  forgotPasswordUrl: "http://localhost:3000/forgot-password",
} satisfies PasswordChangedEmailProps;
