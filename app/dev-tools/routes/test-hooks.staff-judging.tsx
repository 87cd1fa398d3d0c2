import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { testHookAction, testHookLoader } from "../test-hooks.server";
import { fillScores, prepareRound } from "../test-staff-judging.server";

// POST /test-hooks/staff-judging: fill in a round's reviews with deterministic scores, or take a
// scenario's round through set-up (see app/dev-tools/test-staff-judging.server.ts). Exists only
// when TEST_HOOKS=on, never in production.

const round = z.union([z.literal(1), z.literal(2)]);
const schema = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("fill-scores"),
    challengeId: z.number().int().min(1),
    number: round,
    disagreeOn: z.array(z.number().int().min(1)).max(100).optional(),
  }),
  z.strictObject({
    action: z.literal("prepare-round"),
    challengeId: z.number().int().min(1),
    number: round,
    staffUserId: z.number().int().min(1),
    judgeUserIds: z.array(z.number().int().min(1)).min(1).max(50),
    judgesPerEntry: z.number().int().min(1).max(20).optional(),
    advanceCount: z.number().int().min(1).max(1000).optional(),
    scores: z.boolean().optional(),
    disagreeOn: z.array(z.number().int().min(1)).max(100).optional(),
    confirm: z.boolean().optional(),
  }),
]);

export const loader = testHookLoader;

export function action({ request }: ActionFunctionArgs) {
  return testHookAction(request, schema, ({ action: what, ...input }) =>
    what === "fill-scores"
      ? fillScores(input as Parameters<typeof fillScores>[0])
      : prepareRound(input as Parameters<typeof prepareRound>[0]),
  );
}
