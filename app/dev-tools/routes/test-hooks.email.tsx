import type { ActionFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";
import { z } from "zod";
import { db } from "../../../db/client";
import EntryResultEmail from "../../../emails/entry-result";
import InvitationEmail from "../../../emails/invitation";
import { SECRET_REMOVED } from "../../../emails/registry";
import { testHookAction, testHookLoader } from "../test-hooks.server";

// POST /test-hooks/email: emails to one address that the provider would not take, as the outbox
// leaves them, so the email backlog page (/staff/email) has something to show: a result letter
// that failed for good (it can be sent again), an invitation that failed for good (its single-use
// link was removed, so it cannot) and a result letter still being retried, not due for an hour.
// Exists only when TEST_HOOKS=on, never in production.

const schema = z.strictObject({ to: z.email().max(254) });

const PROVIDER_FAULT = "Resend internal_server_error (HTTP 500): Try again later";

export const loader = testHookLoader;

export function action({ request }: ActionFunctionArgs) {
  return testHookAction(request, schema, async ({ to }) => {
    const key = `test-hook:${to}:${Date.now()}`;
    const rows = await db()
      .insertInto("email_outbox")
      .values([
        {
          idempotency_key: `${key}:failed`,
          to_address: to,
          template: "entry-result",
          props: JSON.stringify(EntryResultEmail.PreviewProps),
          status: "failed",
          attempts: 300,
          last_error: PROVIDER_FAULT,
        },
        {
          idempotency_key: `${key}:failed-link`,
          to_address: to,
          template: "invitation",
          props: JSON.stringify({ ...InvitationEmail.PreviewProps, acceptUrl: SECRET_REMOVED }),
          status: "failed",
          attempts: 300,
          last_error: "Resend application_error: Unable to fetch data. The request could not be resolved.",
        },
        {
          idempotency_key: `${key}:retrying`,
          to_address: to,
          template: "entry-result",
          props: JSON.stringify(EntryResultEmail.PreviewProps),
          status: "pending",
          attempts: 2,
          last_error: PROVIDER_FAULT,
          next_attempt_at: sql<Date>`now() + interval '1 hour'`,
        },
      ])
      .returning(["id", "template", "status"])
      .execute();
    return { emails: rows };
  });
}
