import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useMemo, useRef, useState } from "react";
import { ErrorSummary } from "./forms";
import { browserPasskeyError, postForPasskey, usePasskeySupport } from "./passkey-client";

// "Use a passkey": the second sign-in step and the identity re-check offer it beside the code
// form. It asks the service for a challenge (/sign-in/passkey), lets the browser use one of the
// person's passkeys, sends the answer back and, once the service has accepted it (and given this
// browser a new session cookie), goes to `returnTo`, which the service checks again. It appears
// only once the page has hydrated in a browser that has passkeys; without, the codes remain.

export const PASSKEY_ENDPOINT = "/sign-in/passkey";

export function PasskeyButton({
  returnTo,
  label = "Use a passkey",
}: {
  /** Where to go once the passkey has been accepted (a path on this site). */
  returnTo: string;
  label?: string;
}) {
  const supported = usePasskeySupport();
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  // One object per message: the error summary moves focus to itself whenever it gets a new one.
  const errors = useMemo(() => (error ? { form: error } : null), [error]);
  if (!supported) return null;

  async function confirmWithPasskey() {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    try {
      const options = await postForPasskey<{ options: PublicKeyCredentialRequestOptionsJSON }>(PASSKEY_ENDPOINT, {
        intent: "options",
      });
      if (!options.ok) return setError(options.error);
      let answer;
      try {
        answer = await startAuthentication({ optionsJSON: options.value.options });
      } catch (failure) {
        return setError(browserPasskeyError(failure, "use"));
      }
      const verified = await postForPasskey<{ redirectTo: string }>(PASSKEY_ENDPOINT, {
        intent: "verify",
        response: JSON.stringify(answer),
        returnTo,
      });
      if (!verified.ok) return setError(verified.error);
      // A whole new page: the session cookie has just changed, so every loader must run again.
      window.location.assign(verified.value.redirectTo);
    } finally {
      busy.current = false;
    }
  }

  return (
    <div className="app-passkey">
      <ErrorSummary errors={errors} />
      <button
        type="button"
        className="govuk-button govuk-button--secondary"
        data-module="govuk-button"
        onClick={() => void confirmWithPasskey()}
      >
        {label}
      </button>
    </div>
  );
}
