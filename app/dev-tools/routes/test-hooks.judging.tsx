import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { testHookAction, testHookLoader } from "../test-hooks.server";
import { openRoundForJudges } from "../test-judging.server";

// POST /test-hooks/judging: an open round of a scenario's challenge with judges assigned (see
// app/dev-tools/test-judging.server.ts). Exists only when TEST_HOOKS=on, never in production.

const schema = z.strictObject({
  challengeId: z.number().int().min(1),
  judgeUserIds: z.array(z.number().int().min(1)).min(1).max(50),
  entryIds: z.array(z.number().int().min(1)).max(500).optional(),
  number: z.union([z.literal(1), z.literal(2)]).optional(),
  hideOrganisation: z.boolean().optional(),
  scoringClosesAt: z.iso.datetime().nullable().optional(),
  status: z.enum(["open", "closed"]).optional(),
});

export const loader = testHookLoader;

export function action({ request }: ActionFunctionArgs) {
  return testHookAction(request, schema, ({ scoringClosesAt, ...rest }) =>
    openRoundForJudges({
      ...rest,
      scoringClosesAt:
        scoringClosesAt === undefined ? undefined : scoringClosesAt === null ? null : new Date(scoringClosesAt),
    }),
  );
}
