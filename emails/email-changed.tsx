import { EmailLayout, Paragraph } from "./components/EmailLayout";

// Sent to the OLD address once the change is confirmed: the last email this address gets about
// the account, so the owner knows where their account's emails go from now on.

export interface EmailChangedEmailProps {
  name: string;
  /** The new address, partly hidden: "p•••@example.org". */
  newAddress: string;
  /** When, already in UK time: "3:15pm on 21 November 2026". */
  changedAt: string;
}

export function emailChangedSubject(_props: EmailChangedEmailProps): string {
  return "Your email address has been changed";
}

export default function EmailChangedEmail({ name, newAddress, changedAt }: EmailChangedEmailProps) {
  return (
    <EmailLayout
      heading="Your email address has been changed"
      preview={`Your account's email address was changed at ${changedAt}.`}
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        At {changedAt} the email address of your Community Recovery Innovation Challenge account was changed to{" "}
        {newAddress}. We will not send emails about your account to this address any more, and you have been signed out
        on your other devices.
      </Paragraph>
      <Paragraph>If you changed it, you do not need to do anything.</Paragraph>
      <Paragraph>
        If you did not change it, contact the programme team straight away: someone else may have taken over your
        account. Tell them the address this email was sent to.
      </Paragraph>
    </EmailLayout>
  );
}

EmailChangedEmail.PreviewProps = {
  name: "Priya Chauhan",
  newAddress: "p•••@example.org",
  changedAt: "3:15pm on 21 November 2026",
} satisfies EmailChangedEmailProps;
