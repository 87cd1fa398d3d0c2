import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { parseForm } from "../domain/forms";
import { attempt, formError } from "../security/app-error-responses.server";
import { tooManyAttemptsMessage } from "../services/accounts/rate-limit.server";
import { demoCurrentCodes, getSecondFactorStatus, verifySecondFactor } from "../services/accounts/second-factor.server";
import { actorFrom } from "./guards.server";
import { sessionCookie, type CurrentUser } from "./session.server";

// The one form both pages that ask for a second factor post: the second step of signing in, and
// confirming it is you before a sensitive action. Either an authenticator code or a recovery code.

export type CodeMethod = "totp" | "recovery_code";

const schema = z.discriminatedUnion("method", [
  z.object({
    method: z.literal("totp"),
    code: z.string({ error: "Enter the 6-digit code from your authenticator app" }).trim().min(1, {
      error: "Enter the 6-digit code from your authenticator app",
    }),
  }),
  z.object({
    method: z.literal("recovery_code"),
    code: z.string({ error: "Enter one of your recovery codes" }).trim().min(1, {
      error: "Enter one of your recovery codes",
    }),
  }),
]);

/** Which form the page shows: `?method=recovery-code` asks for a recovery code. */
export function methodFrom(request: Request, hasAuthenticator: boolean): CodeMethod {
  const asked = new URL(request.url).searchParams.get("method");
  return asked === "recovery-code" || !hasAuthenticator ? "recovery_code" : "totp";
}

/** Checks the posted code; on success, back to `returnTo` with the session's new token. */
/** What the second step and "confirm it is you" show: which code form, a passkey button, the demo code. */
export async function secondFactorPage(args: LoaderFunctionArgs, user: CurrentUser, returnTo: string) {
  const status = await getSecondFactorStatus(actorFrom(user, args));
  return {
    returnTo,
    method: methodFrom(args.request, status.authenticator),
    hasAuthenticator: status.authenticator,
    hasPasskey: status.passkeys > 0,
    demoCode: demoCurrentCodes().get(user.email) ?? null,
  };
}

export async function secondFactorAction(args: ActionFunctionArgs, user: CurrentUser, returnTo: string) {
  const form = parseForm(schema, await args.request.formData());
  const method: CodeMethod = form.values.method === "recovery_code" ? "recovery_code" : "totp";
  // The code is a secret: it never comes back in the page.
  const values = { method };
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  const attempted = await attempt(
    verifySecondFactor(actorFrom(user, args), { method, code: form.data.code, sessionId: user.sessionId }),
  );
  if (!attempted.ok) return formError(attempted.error, values);
  const result = attempted.value;
  if (result.kind === "rate_limited") {
    return data(
      { errors: { form: tooManyAttemptsMessage(result.retryAfterSeconds) }, values },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  return redirect(returnTo, {
    headers: { "Set-Cookie": sessionCookie(result.session.token, result.session.expiresAt) },
  });
}
