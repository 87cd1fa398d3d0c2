import { useEffect, useState } from "react";

// The browser's side of passkeys, shared by the "Use a passkey" button and the page that adds
// one. Passkeys need JavaScript (the browser's WebAuthn API has no HTML form), so everything here
// runs only after hydration; without JavaScript the pages offer codes instead.

/**
 * Null until the page has hydrated (and on the server), then whether this browser can use
 * passkeys at all. Components render nothing passkey-related while it is null.
 */
export function usePasskeySupport(): boolean | null {
  const [supported, setSupported] = useState<boolean | null>(null);
  useEffect(() => {
    setSupported(typeof window.PublicKeyCredential === "function");
  }, []);
  return supported;
}

export const SOMETHING_WENT_WRONG = "Something went wrong. Reload the page and try again.";

/**
 * Posts a form to one of the service's passkey addresses and reads its JSON answer. Every post to
 * the service is a form; the answers are JSON. A refusal comes back as `{ error }` in words for
 * the person; anything else unexpected (signed out, the network) as a general message.
 */
export async function postForPasskey<T>(
  url: string,
  fields: Record<string, string>,
): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
  } catch {
    return { ok: false, error: "The service could not be reached. Check your connection and try again." };
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: unknown }) | null;
  if (response.ok && body) return { ok: true, value: body };
  if (body && typeof body.error === "string") return { ok: false, error: body.error };
  if (response.status === 403 || response.redirected) return { ok: false, error: "Sign in again, then try again." };
  return { ok: false, error: SOMETHING_WENT_WRONG };
}

/** Words for the person when the browser's own passkey step did not finish. */
export function browserPasskeyError(error: unknown, step: "add" | "use"): string {
  const name = error instanceof Error ? error.name : "";
  const code = typeof error === "object" && error && "code" in error ? String(error.code) : "";
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") {
    return "This device already has a passkey for your account. Use it, or add a passkey on another device.";
  }
  if (name === "NotAllowedError" || name === "AbortError") {
    return step === "add"
      ? "The passkey was not added: it was cancelled or took too long. Try again."
      : "The passkey was not used: it was cancelled or took too long. Try again.";
  }
  if (name === "SecurityError") {
    return "Passkeys cannot be used at this address. Use the service's usual web address, or another way to confirm it is you.";
  }
  return step === "add"
    ? "Your browser could not add a passkey. Try again, or use an authenticator app instead."
    : "Your browser could not use a passkey. Try again, or use another way to confirm it is you.";
}
