import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { testHookAction, testHookLoader } from "../test-hooks.server";
import { createTestAwards } from "../test-support-plans.server";

// POST /test-hooks/support: awards (with payments) for a test scenario's challenge, published,
// so support-plan and board-report journeys start there (see dev-tools/test-support-plans.server.ts).
// Exists only when TEST_HOOKS=on, never in production.

const PAYMENT_STATUSES = [
  "awaiting_acceptance",
  "accepted",
  "details_received",
  "approved",
  "paid",
  "cancelled",
] as const;

const schema = z.strictObject({
  challengeId: z.number().int().min(1),
  publish: z.boolean().optional(),
  awards: z
    .array(
      z.strictObject({
        entryId: z.number().int().min(1),
        tier: z.enum(["top20", "top3"]),
        paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
        amountPence: z.number().int().min(0).max(100_000_000).optional(),
        clearedForPayment: z.boolean().optional(),
        agreementAccepted: z.boolean().optional(),
      }),
    )
    .max(100),
});

export const loader = testHookLoader;

export function action({ request }: ActionFunctionArgs) {
  return testHookAction(request, schema, async (input) => ({ awards: await createTestAwards(input) }));
}
