import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { config } from "../config.server";
import { confirmRounds } from "../services/test-awards.server";

// POST /test-hooks/awards: confirms both judging rounds of a test's own scenario challenge with
// the given shortlist and winners (app/services/test-awards.server.ts), so an awards journey
// starts at proposing. Exists only when TEST_HOOKS=on, never in production.

const entryIds = z.array(z.number().int().min(1)).max(200);
const schema = z.strictObject({
  challengeId: z.number().int().min(1),
  shortlist: entryIds,
  winners: entryIds,
});

function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

export function loader() {
  notFound();
}

export async function action({ request }: ActionFunctionArgs) {
  if (!config.testHooks) notFound();
  if (request.method !== "POST") return Response.json({ error: "Use POST" }, { status: 405 });
  const parsed = schema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return Response.json({ error: z.flattenError(parsed.error) }, { status: 400 });
  return Response.json(await confirmRounds(parsed.data), { status: 201 });
}
