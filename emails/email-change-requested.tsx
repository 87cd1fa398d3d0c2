import { EmailLayout, Paragraph, TextLink } from "./components/EmailLayout";

// Sent to the OLD address when someone asks to move the account to another one: if it was not the
// owner, this is how they find out while they can still stop it (the change needs the link sent
// to the new address, and changing the password makes that link useless).

export interface EmailChangeRequestedEmailProps {
  name: string;
  /** The new address, partly hidden: "p•••@example.org". */
  newAddress: string;
  /** When, already in UK time: "3:15pm on 21 November 2026". */
  requestedAt: string;
  /** Where to reset the password if this was not them. */
  forgotPasswordUrl: string;
}

export function emailChangeRequestedSubject(_props: EmailChangeRequestedEmailProps): string {
  return "Someone asked to change your email address";
}

export default function EmailChangeRequestedEmail({
  name,
  newAddress,
  requestedAt,
  forgotPasswordUrl,
}: EmailChangeRequestedEmailProps) {
  return (
    <EmailLayout
      heading="Someone asked to change your email address"
      preview={`At ${requestedAt} someone asked to change your account's email address.`}
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        At {requestedAt} someone signed in to your Community Recovery Innovation Challenge account asked to change its
        email address to {newAddress}. The change happens only when the link we sent to that address is opened.
      </Paragraph>
      <Paragraph>If it was you, you do not need to do anything.</Paragraph>
      <Paragraph>
        If it was not you, someone may know your password.{" "}
        <TextLink href={forgotPasswordUrl}>Reset your password</TextLink> straight away: the link sent to the other
        address then stops working. Then contact the programme team to tell them what happened.
      </Paragraph>
    </EmailLayout>
  );
}

EmailChangeRequestedEmail.PreviewProps = {
  name: "Priya Chauhan",
  newAddress: "p•••@example.org",
  requestedAt: "3:15pm on 21 November 2026",
  forgotPasswordUrl: "http://localhost:3000/forgot-password",
} satisfies EmailChangeRequestedEmailProps;
