import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { testHookAction, testHookLoader } from "../test-hooks.server";
import { publishScenario } from "../test-councils.server";

// POST /test-hooks/councils: publishes a test scenario's results (with the awards the test
// names), as the awards journey would. Exists only when TEST_HOOKS=on, never in production.

const ids = z.array(z.number().int().min(1).max(2_147_483_647)).max(50).optional();
const schema = z.strictObject({
  challengeId: z.number().int().min(1).max(2_147_483_647),
  winners: ids,
  top20: ids,
});

export const loader = testHookLoader;

export function action({ request }: ActionFunctionArgs) {
  return testHookAction(request, schema, (input) => publishScenario(input));
}
