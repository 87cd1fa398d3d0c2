import { Form, Link } from "@remix-run/react";
import type { FieldErrors } from "../domain/forms";
import { InsetText } from "./content";
import { PasskeyButton } from "./PasskeyButton";
import { Button, TextInput } from "./forms";

// The code form of the second step of signing in and of "confirm it is you": a code from the
// authenticator app, or (one link away) a recovery code. Plain forms: no JavaScript needed.

export function SecondFactorForm({
  method,
  hasAuthenticator,
  returnTo,
  errors,
  demoCode,
  hasPasskey = false,
}: {
  method: "totp" | "recovery_code";
  hasAuthenticator: boolean;
  /** Offers "Use a passkey" too (once the page has hydrated, in a browser that has passkeys). */
  hasPasskey?: boolean;
  returnTo: string;
  errors?: FieldErrors;
  /** Demo mode only: the demo account's current code. */
  demoCode?: string | null;
}) {
  const here = (m: "totp" | "recovery-code") => `?method=${m}&returnTo=${encodeURIComponent(returnTo)}`;
  return (
    <>
      {demoCode && method === "totp" ? (
        <InsetText>
          This is a demo account: the code its authenticator app shows now is <code>{demoCode}</code>.
        </InsetText>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="method" value={method} />
        {method === "totp" ? (
          <TextInput
            name="code"
            label="Code from your authenticator app"
            labelSize="s"
            hint="Open the app on your phone and enter the 6-digit code it shows for this service"
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            width="5"
            error={errors?.code}
          />
        ) : (
          <TextInput
            name="code"
            label="Recovery code"
            labelSize="s"
            hint="One of the 10 codes you saved when you set up your second factor, like abcde-fghij. Each code works once."
            autoComplete="off"
            spellCheck={false}
            width="10"
            error={errors?.code}
          />
        )}
        <Button>Continue</Button>
      </Form>
      {method === "totp" ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={here("recovery-code")}>
            Use a recovery code
          </Link>
        </p>
      ) : hasAuthenticator ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={here("totp")}>
            Use your authenticator app
          </Link>
        </p>
      ) : null}
      {hasPasskey ? <PasskeyButton returnTo={returnTo} /> : null}
    </>
  );
}
