import { Link } from "@remix-run/react";
import { InsetText } from "./content";

// What a person who has not confirmed their email address sees where that stops them (submitting
// an entry, inviting a colleague): why, and the way to a new confirmation link.

export const CONFIRM_EMAIL_PATH = "/verify-email";

export function ConfirmEmailFirst({ email, action }: { email: string; action: string }) {
  return (
    <InsetText>
      <p className="govuk-body">
        You need to confirm your email address before you can {action}. We sent a link to <strong>{email}</strong>.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={CONFIRM_EMAIL_PATH}>
          Send a new confirmation link
        </Link>
      </p>
    </InsetText>
  );
}
