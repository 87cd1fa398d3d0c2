import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { testHookAction, testHookLoader } from "../test-hooks.server";
import { confirmRounds } from "../test-awards.server";
import { clearTestAwardForPayment } from "../test-support-plans.server";

// POST /test-hooks/awards: confirms both judging rounds of a test's own scenario challenge with
// the given shortlist and winners (app/dev-tools/test-awards.server.ts), so an awards journey
// starts at proposing; or, given `clearForPayment` (an entry id), signs off its award's
// due-diligence checks so a payment journey can approve it. Exists only when TEST_HOOKS=on,
// never in production.

const entryIds = z.array(z.number().int().min(1)).max(200);
const schema = z.union([
  z.strictObject({
    challengeId: z.number().int().min(1),
    shortlist: entryIds,
    winners: entryIds,
  }),
  z.strictObject({ clearForPayment: z.number().int().min(1) }),
]);

export const loader = testHookLoader;

export function action({ request }: ActionFunctionArgs) {
  return testHookAction(request, schema, (input) =>
    "clearForPayment" in input ? clearTestAwardForPayment(input.clearForPayment) : confirmRounds(input),
  );
}
