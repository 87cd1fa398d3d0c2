import type { ActionFunctionArgs } from "@remix-run/node";
import { actorFrom, requireUser } from "../auth/guards.server";
import { attempt, statusOf } from "../security/app-error-responses.server";
import { passkeyRegistrationOptions } from "../services/accounts/passkeys.server";

// POST /account/passkeys/options: what the browser needs to make a new passkey (the challenge is
// kept on the server for this session). A resource route answering JSON to the script of
// /account/passkeys, which then posts the browser's answer to that page's own action.

function answer(body: unknown, status = 200, headers?: HeadersInit) {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export async function loader() {
  return answer({ error: "Use the button on the page." }, 405, { Allow: "POST" });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const options = await attempt(
    passkeyRegistrationOptions({ actor: actorFrom(user, args), sessionId: user.sessionId }),
  );
  if (!options.ok) return answer({ error: options.error.message }, statusOf(options.error));
  return answer({ options: options.value });
}
