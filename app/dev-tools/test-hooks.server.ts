import { z } from "zod";
import { notFound } from "../services/app-error.server";
import { TestSupportError } from "./test-support.server";

// The plumbing every test hook route shares (app/dev-tools/routes/test-hooks.*.tsx). The endpoints
// exist only when TEST_HOOKS=on outside production (config.testHooks): otherwise they are not in
// the server build at all (app/security/dev-tool-routes.server.ts). They take a JSON POST checked
// by a zod schema and answer 201 with JSON, 400 with the schema's errors, or the status of a
// TestSupportError. Resource routes: no component, no ErrorBoundary (exporting one would make
// Remix render a page instead of answering with JSON).

/** GET on a test hook: always 404. */
export function testHookLoader(): never {
  throw notFound();
}

export async function testHookAction<S extends z.ZodType>(
  request: Request,
  schema: S,
  run: (input: z.output<S>) => Promise<unknown>,
): Promise<Response> {
  if (request.method !== "POST") return Response.json({ error: "Use POST" }, { status: 405 });
  const parsed = schema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return Response.json({ error: z.flattenError(parsed.error) }, { status: 400 });
  try {
    return Response.json(await run(parsed.data), { status: 201 });
  } catch (error) {
    if (error instanceof TestSupportError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
}
