import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { config } from "../config.server";
import { createTestAwards } from "../services/test-support-plans.server";

// POST /test-hooks/support: awards (with payments) for a test scenario's challenge, published,
// so support-plan and board-report journeys start there (see test-support-plans.server.ts).
// Exists only when TEST_HOOKS=on, never in production.

const PAYMENT_STATUSES = ["awaiting_acceptance", "accepted", "details_received", "approved", "paid", "cancelled"] as const;

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
      }),
    )
    .max(100),
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
  return Response.json({ awards: await createTestAwards(parsed.data) }, { status: 201 });
}
