import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { testHookAction, testHookLoader } from "../test-hooks.server";
import { confirmRounds } from "../test-awards.server";

// POST /test-hooks/awards: confirms both judging rounds of a test's own scenario challenge with
// the given shortlist and winners (app/dev-tools/test-awards.server.ts), so an awards journey
// starts at proposing. Exists only when TEST_HOOKS=on, never in production.

const entryIds = z.array(z.number().int().min(1)).max(200);
const schema = z.strictObject({
  challengeId: z.number().int().min(1),
  shortlist: entryIds,
  winners: entryIds,
});

export const loader = testHookLoader;

export function action({ request }: ActionFunctionArgs) {
  return testHookAction(request, schema, (input) => confirmRounds(input));
}
