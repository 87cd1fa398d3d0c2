import { ButtonLink, EmailLayout, Paragraph } from "./components/EmailLayout";

export interface SecondFactorResetEmailProps {
  name: string;
  /** The member of staff who reset it. */
  resetBy: string;
  /** When, already in UK time: "3:15pm on 21 November 2026". */
  resetAt: string;
  signInUrl: string;
}

export function secondFactorResetSubject(_props: SecondFactorResetEmailProps): string {
  return "Your two-step verification has been reset";
}

export default function SecondFactorResetEmail({ name, resetBy, resetAt, signInUrl }: SecondFactorResetEmailProps) {
  return (
    <EmailLayout
      heading="Your two-step verification has been reset"
      preview={`${resetBy} from the programme team reset your two-step verification at ${resetAt}.`}
    >
      <Paragraph>Dear {name},</Paragraph>
      <Paragraph>
        {resetBy} from the programme team reset the two-step verification on your Community Recovery Innovation
        Challenge account at {resetAt}. Your authenticator app, passkeys and recovery codes no longer work for this
        account, and you have been signed out everywhere.
      </Paragraph>
      <Paragraph>
        Sign in with your email address and password. You will be asked to set up two-step verification again before you
        can carry on.
      </Paragraph>
      <ButtonLink href={signInUrl}>Sign in</ButtonLink>
      <Paragraph>
        If you did not ask for this, contact the programme team straight away: someone may be trying to get into your
        account.
      </Paragraph>
    </EmailLayout>
  );
}

SecondFactorResetEmail.PreviewProps = {
  name: "Priya Chauhan",
  resetBy: "Sam Patel",
  resetAt: "3:15pm on 21 November 2026",
  signInUrl: "http://localhost:3000/sign-in",
} satisfies SecondFactorResetEmailProps;
