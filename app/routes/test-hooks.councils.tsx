import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { config } from "../config.server";
import { publishScenario } from "../services/test-councils.server";

// POST /test-hooks/councils: publishes a test scenario's results (with the awards the test
// names), as the awards journey would. Exists only when TEST_HOOKS=on, never in production.

const ids = z
  .array(z.number().int().min(1).max(2_147_483_647))
  .max(50)
  .optional();
const schema = z.strictObject({
  challengeId: z.number().int().min(1).max(2_147_483_647),
  winners: ids,
  top20: ids,
});

function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

export function loader() {
  notFound();
}

export async function action({ request }: ActionFunctionArgs) {
  if (!config.testHooks) notFound();
  if (request.method !== "POST")
    return Response.json({ error: "Use POST" }, { status: 405 });
  const parsed = schema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success)
    return Response.json(
      { error: z.flattenError(parsed.error) },
      { status: 400 },
    );
  return Response.json(await publishScenario(parsed.data), { status: 201 });
}
