import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { emailBacklog, plainProblem, retryFailedEmails } from "../../app/services/email/backlog.server";
import { deliverDueEmails } from "../../app/services/email/outbox.server";
import { localMailbox } from "../../app/services/email/mailer.server";
import EntryResultEmail, { entryResultSubject } from "../../emails/entry-result";
import InvitationEmail from "../../emails/invitation";
import { SECRET_REMOVED } from "../../emails/registry";
import { makeStaff } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();

const result = EntryResultEmail.PreviewProps!;

async function outboxRow(values: {
  key: string;
  status: "pending" | "failed" | "sent";
  template?: "entry-result" | "invitation";
  lastError?: string | null;
  createdAt?: Date;
}) {
  const template = values.template ?? "entry-result";
  const props = template === "invitation" ? { ...InvitationEmail.PreviewProps, acceptUrl: SECRET_REMOVED } : result;
  return t.db
    .insertInto("email_outbox")
    .values({
      idempotency_key: values.key,
      to_address: `${values.key}@example.org`,
      template,
      props: JSON.stringify(props),
      status: values.status,
      attempts: values.status === "pending" && !values.lastError ? 0 : 5,
      last_error: values.lastError ?? null,
      created_at: values.createdAt,
      tries_started_at: values.createdAt,
      next_attempt_at: sql<Date>`now() + interval '1 hour'`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

describe("the email backlog", () => {
  it("counts what waits and since when, and lists what fails, failed first, in plain words", async () => {
    const sam = await makeStaff(t.db, "sam");
    const oldest = new Date("2026-12-01T09:00:00Z");
    await outboxRow({ key: "new", status: "pending" });
    await outboxRow({ key: "retrying", status: "pending", lastError: "Resend internal_server_error (HTTP 500): x" });
    await outboxRow({ key: "old", status: "pending", createdAt: oldest });
    const failed = await outboxRow({
      key: "failed",
      status: "failed",
      lastError: "Resend validation_error (HTTP 422): y",
    });
    await outboxRow({ key: "sent", status: "sent" });

    const backlog = await emailBacklog(sam);
    expect(backlog).toMatchObject({
      waiting: 3,
      retrying: 1,
      failed: 1,
      oldestWaitingSince: oldest,
      giveUpAfterDays: 3,
    });
    expect(backlog.failing.map((e) => [e.to, e.status, e.canSendAgain])).toEqual([
      ["failed@example.org", "failed", true],
      ["retrying@example.org", "retrying", false],
    ]);
    expect(backlog.failing[0]).toMatchObject({
      id: failed.id,
      subject: entryResultSubject(result),
      problem: expect.stringMatching(/refused the message itself/),
      detail: "Resend validation_error (HTTP 422): y",
      nextAttemptAt: null,
    });
    // No message body reaches the page.
    expect(JSON.stringify(backlog)).not.toContain(result.feedback[0]!.overall);
  });

  it("sends a failed email again with a fresh 3 days of tries, audited, but never one whose link was removed", async () => {
    const sam = await makeStaff(t.db, "sam");
    const longAgo = new Date("2026-11-01T09:00:00Z");
    const failed = await outboxRow({ key: "failed", status: "failed", lastError: "HTTP 500", createdAt: longAgo });
    const link = await outboxRow({ key: "link", status: "failed", template: "invitation", lastError: "HTTP 500" });

    expect(await retryFailedEmails(sam, [link.id])).toMatchObject({ count: 0 });
    expect(await retryFailedEmails(sam, "all")).toEqual({ count: 1, message: "1 email is being sent again" });
    const rows = await t.db.selectFrom("email_outbox").selectAll().orderBy("id").execute();
    expect(rows.map((r) => r.status)).toEqual(["pending", "failed"]);
    // Queued long ago, but tried afresh from now: the next refusal does not fail it for good.
    expect(rows[0]!.created_at).toEqual(longAgo);
    expect(rows[0]!.tries_started_at.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(rows[0]!.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    const events = await t.db.selectFrom("audit_event").select(["action", "actor_user_id", "details"]).execute();
    expect(events).toEqual([
      { action: "email_retried", actor_user_id: sam.id, details: { count: 1, emailIds: [failed.id] } },
    ]);

    expect(await deliverDueEmails({ mailer: localMailbox })).toMatchObject({ sent: 1 });
    expect(await retryFailedEmails(sam, [failed.id])).toMatchObject({ count: 0 });
  });

  it("says what went wrong in words someone can act on", () => {
    expect(plainProblem("Resend internal_server_error (HTTP 500): Try later")).toBe(
      "The email provider had a fault of its own",
    );
    expect(plainProblem("Resend application_error: Unable to fetch data. The request could not be resolved.")).toMatch(
      /could not reach the email provider/,
    );
    expect(plainProblem("Resend rate_limit_exceeded (HTTP 429): slow down")).toMatch(/more slowly/);
    expect(plainProblem("Resend validation_error (HTTP 401): API key is invalid")).toMatch(/RESEND_API_KEY/);
    expect(plainProblem('No email template named "x"')).toMatch(/newer one will send it/);
    expect(plainProblem("something odd")).toBe("Something else went wrong");
  });
});
