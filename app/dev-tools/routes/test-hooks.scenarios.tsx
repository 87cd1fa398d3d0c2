import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CHECK_KINDS } from "../../domain/due-diligence";
import { ORGANISATION_TYPE_VALUES } from "../../domain/organisation-types";
import { testHookAction, testHookLoader } from "../test-hooks.server";
import { createScenario } from "../test-scenarios.server";

// POST /test-hooks/scenarios: a closed challenge of the test's own with submitted entries (see
// app/dev-tools/test-scenarios.server.ts, which says what each option does). Exists only when TEST_HOOKS=on, never in production.

const schema = z.strictObject({
  entries: z.number().int().min(0).max(200).optional(),
  otherEntries: z
    .array(z.enum(["draft", "withdrawn", "ineligible"]))
    .max(50)
    .optional(),
  withoutConsent: z.array(z.number().int().min(0).max(300)).max(300).optional(),
  localAuthorityCodes: z
    .array(z.string().regex(/^[EW][0-9]{8}$/))
    .min(1)
    .max(20)
    .optional(),
  label: z
    .string()
    .regex(/^[A-Za-z0-9]{1,20}$/)
    .optional(),
  status: z.enum(["draft", "closed"]).optional(),
  opensAt: z.iso
    .datetime()
    .transform((value) => new Date(value))
    .optional(),
  closesAt: z.iso
    .datetime()
    .transform((value) => new Date(value))
    .optional(),
  documents: z
    .array(
      z.strictObject({
        entry: z.number().int().min(0).max(300),
        fileName: z.string().min(1).max(200),
        base64: z.base64().max(2_000_000),
      }),
    )
    .max(20)
    .optional(),
  blankDrafts: z.boolean().optional(),
  entryDocuments: z
    .strictObject({ maxFiles: z.number().int().min(0).max(10), maxFileMb: z.number().int().min(1).max(25) })
    .optional(),
  organisationTypes: z.array(z.enum(ORGANISATION_TYPE_VALUES)).min(1).max(20).optional(),
  dueDiligenceChecks: z.array(z.enum(CHECK_KINDS)).min(1).max(CHECK_KINDS.length).optional(),
});

export const loader = testHookLoader;

export function action({ request }: ActionFunctionArgs) {
  return testHookAction(request, schema, (input) => createScenario(input));
}
