import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { sessionPlace } from "../../auth/session.server";
import { testHookAction, testHookLoader } from "../test-hooks.server";
import { createTestUser } from "../test-support.server";

// POST /test-hooks/users: creates a user (and by default a session) for the end-to-end tests.
// It does not exist unless TEST_HOOKS=on, and never in production (config.testHooks). A
// resource route (no component, so no ErrorBoundary: exporting one would make Remix render a
// page here instead of answering with JSON).

const schema = z.strictObject({
  role: z.enum(["entrant", "judge", "staff", "council_officer"]).nullable(),
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(254).optional(),
  password: z.string().min(1).max(200).optional(),
  localAuthorityCode: z
    .string()
    .regex(/^[EW][0-9]{8}$/)
    .optional(),
  organisation: z.boolean().optional(),
  organisationId: z.number().int().min(1).max(2_147_483_647).optional(),
  verified: z.boolean().optional(),
  session: z.boolean().optional(),
  secondFactor: z.boolean().optional(),
  secondFactorAgeMinutes: z.number().int().min(0).max(100_000).optional(),
});

export const loader = testHookLoader;

export function action({ request, context }: ActionFunctionArgs) {
  return testHookAction(request, schema, (input) => createTestUser(input, sessionPlace({ request, context })));
}
