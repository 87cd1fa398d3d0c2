import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { config } from "../config.server";
import { openRoundForJudges } from "../services/test-judging.server";

// POST /test-hooks/judging: an open round of a scenario's challenge with judges assigned (see
// app/services/test-judging.server.ts). Exists only when TEST_HOOKS=on, never in production.

const schema = z.strictObject({
  challengeId: z.number().int().min(1),
  judgeUserIds: z.array(z.number().int().min(1)).min(1).max(50),
  entryIds: z.array(z.number().int().min(1)).max(500).optional(),
  number: z.union([z.literal(1), z.literal(2)]).optional(),
  hideOrganisation: z.boolean().optional(),
  scoringClosesAt: z.iso.datetime().nullable().optional(),
  status: z.enum(["open", "closed"]).optional(),
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
  const { scoringClosesAt, ...rest } = parsed.data;
  const round = await openRoundForJudges({
    ...rest,
    scoringClosesAt: scoringClosesAt === undefined ? undefined : scoringClosesAt === null ? null : new Date(scoringClosesAt),
  });
  return Response.json(round, { status: 201 });
}
