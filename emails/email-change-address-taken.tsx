import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

// Sent instead of a confirmation link when someone asks to move their account to an address that
// already has an account. The page they saw does not say whether the address was known (it
// answers as if a link was sent), so only the holder of this address learns it.

export interface EmailChangeAddressTakenEmailProps {
  name: string;
  signInUrl: string;
}

export function emailChangeAddressTakenSubject(_props: EmailChangeAddressTakenEmailProps): string {
  return "This email address already has an account";
}

export default function EmailChangeAddressTakenEmail({ name, signInUrl }: EmailChangeAddressTakenEmailProps) {
  return (
    <EmailLayout
      heading="This email address already has an account"
      preview="Someone asked to move another account to this email address."
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        Someone asked to move another Community Recovery Innovation Challenge account to this email address. This
        address already has an account, so nothing has changed: one address can belong to one account only.
      </Paragraph>
      <Paragraph>
        If it was you, you have two accounts. Sign in with this address to use the account it already has, or contact
        the programme team if you want the two put together.
      </Paragraph>
      <ButtonLink href={signInUrl}>Sign in</ButtonLink>
      <Paragraph>If it was not you, you can ignore this email. Your account is safe.</Paragraph>
    </EmailLayout>
  );
}

EmailChangeAddressTakenEmail.PreviewProps = {
  name: "Priya Chauhan",
  signInUrl: "http://localhost:3000/sign-in",
} satisfies EmailChangeAddressTakenEmailProps;
