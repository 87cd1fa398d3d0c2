import type { ActionFunctionArgs } from "@remix-run/node";
import { actorFrom, getCurrentUser, safeReturnTo } from "../auth/guards.server";
import { sessionCookie } from "../auth/session.server";
import { authenticationResponseSchema, parsePasskeyResponse } from "../domain/passkeys";
import { attempt, statusOf } from "../security/app-error-responses.server";
import {
  PASSKEY_NOT_ACCEPTED,
  passkeyAuthenticationOptions,
  verifyPasskey,
} from "../services/accounts/passkeys.server";

// POST /sign-in/passkey: the browser's two calls when someone uses a passkey as their second
// factor (the "Use a passkey" button, app/components/PasskeyButton.tsx, on the second sign-in
// step and the identity re-check). A resource route answering JSON; the bodies are forms, as
// every post to the service is, and the origin check applies as to any form.
//   intent=options                     a challenge for this session and the person's passkeys
//   intent=verify, response, returnTo  the browser's answer; on success a new session cookie and
//                                      where to go next (returnTo, checked)
// The session has given only its password at this point, so this uses getCurrentUser, not the
// guards that send such a session to the second step.

function answer(body: unknown, status = 200, headers?: HeadersInit) {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export async function loader() {
  return answer({ error: "Use the button on the page." }, 405, { Allow: "POST" });
}

export async function action(args: ActionFunctionArgs) {
  const user = await getCurrentUser(args);
  if (!user) return answer({ error: "Your session has ended. Sign in again." }, 401);
  const caller = { actor: actorFrom(user, args), sessionId: user.sessionId };
  const form = await args.request.formData();
  const intent = form.get("intent");

  if (intent === "options") {
    const options = await attempt(passkeyAuthenticationOptions(caller));
    if (!options.ok) return answer({ error: options.error.message }, statusOf(options.error));
    return answer({ options: options.value });
  }

  if (intent === "verify") {
    const response = parsePasskeyResponse(authenticationResponseSchema, form.get("response"));
    if (!response) return answer({ error: PASSKEY_NOT_ACCEPTED }, 400);
    const verified = await attempt(verifyPasskey({ ...caller, response }));
    if (!verified.ok) return answer({ error: verified.error.message }, statusOf(verified.error));
    const session = verified.value;
    return answer({ redirectTo: safeReturnTo(form.get("returnTo"), "/account") }, 200, {
      "Set-Cookie": sessionCookie(session.token, session.expiresAt),
    });
  }

  return answer({ error: "Reload the page and try again." }, 400);
}
