import { ButtonLink, EmailLayout, Paragraph, TextLink } from "./components/EmailLayout";

// Sent instead of a verification email when someone registers with an address that already has
// an account: the page they see does not say whether the address was known, so the owner hears
// about it here, and nobody else learns anything.

export interface AccountExistsEmailProps {
  name: string;
  signInUrl: string;
  /** Where to ask for a password reset link. */
  forgotPasswordUrl: string;
}

export function accountExistsSubject(_props: AccountExistsEmailProps): string {
  return "You already have an account";
}

export default function AccountExistsEmail({ name, signInUrl, forgotPasswordUrl }: AccountExistsEmailProps) {
  return (
    <EmailLayout
      heading="You already have an account"
      preview="Someone tried to create an account with this email address."
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        Someone tried to create a Community Recovery Innovation Challenge account with this email address. There is
        already an account for it, so nothing has changed.
      </Paragraph>
      <Paragraph>If it was you, sign in to your existing account.</Paragraph>
      <ButtonLink href={signInUrl}>Sign in</ButtonLink>
      <Paragraph>
        If you have forgotten your password, <TextLink href={forgotPasswordUrl}>reset your password</TextLink>.
      </Paragraph>
      <Paragraph>If it was not you, you can ignore this email. Your account and password are safe.</Paragraph>
    </EmailLayout>
  );
}

AccountExistsEmail.PreviewProps = {
  name: "Priya Chauhan",
  signInUrl: "http://localhost:3000/sign-in",
  forgotPasswordUrl: "http://localhost:3000/forgot-password",
} satisfies AccountExistsEmailProps;
