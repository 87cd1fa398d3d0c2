import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { config } from "../config.server";
import { createTestUser, TestSupportError } from "../services/test-support.server";

// POST /test-hooks/users: creates a user (and by default a session) for the end-to-end tests.
// It does not exist unless TEST_HOOKS=on, and never in production (config.testHooks). A
// resource route (no component, so no ErrorBoundary: exporting one would make Remix render a
// page here instead of answering with JSON).

const schema = z.strictObject({
  role: z.enum(["entrant", "judge", "staff", "council_officer"]).nullable(),
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(254).optional(),
  password: z.string().min(1).max(200).optional(),
  localAuthorityCode: z.string().regex(/^[EW][0-9]{8}$/).optional(),
  organisation: z.boolean().optional(),
  organisationId: z.number().int().min(1).max(2_147_483_647).optional(),
  verified: z.boolean().optional(),
  session: z.boolean().optional(),
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
  try {
    return Response.json(await createTestUser(parsed.data), { status: 201 });
  } catch (error) {
    if (error instanceof TestSupportError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
}
