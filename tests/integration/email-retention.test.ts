import { sql } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { register, requestPasswordReset, verifyEmail } from "../../app/services/accounts/accounts.server";
import { createInvitation } from "../../app/services/accounts/invitations.server";
import {
  localMailbox,
  type NetworkMailer,
  type OutgoingEmail,
  type SendResult,
} from "../../app/services/email/mailer.server";
import { createOrganisation, inviteColleague } from "../../app/services/entries/organisations.server";
import { deliverDueEmails } from "../../app/services/email/outbox.server";
import {
  FAILED_EMAIL_KEEP_DAYS as FAILED_EMAIL_RETENTION_DAYS,
  MAILBOX_KEEP_DAYS as MAILBOX_RETENTION_DAYS,
  SENT_EMAIL_KEEP_DAYS as SENT_EMAIL_RETENTION_DAYS,
  sentEmailKeepDays as sentEmailRetentionDays,
} from "../../app/domain/retention";
import {
  applyRetention,
  RETENTION_INTERVAL_MS as PURGE_INTERVAL_MS,
} from "../../app/services/records/retention.server";
import { defaultJobs, startScheduler } from "../../app/services/platform/scheduler.server";
import { SECRET_REMOVED } from "../../emails/registry";
import { useTestDatabase } from "../support/database";

// "Only a hash is stored" must hold after the email has gone too: the outbox keeps the link with
// its raw token only while it may still have to send it, and sent rows and the local mailbox are
// deleted after their retention periods by a scheduled job.

const t = useTestDatabase();

const IP = "203.0.113.11";
const PASSWORD = "lantern orchard pebble";
const DAY = 24 * 60 * 60 * 1000;

/** The email rules' share of a run of the retention job (which runs every rule). */
async function purgeOldEmail(now: Date) {
  const { counts } = await applyRetention(now);
  return { sent: counts.sent_emails, failed: counts.failed_emails, mailbox: counts.local_mailbox };
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** The whole outbox row as text, every column: where a token must not be. */
async function outboxRowText(id: number): Promise<string> {
  const row = await sql<{ text: string }>`select o::text as text from email_outbox o where id = ${id}`.execute(t.db);
  return row.rows[0]!.text;
}

async function outboxRows() {
  return t.db.selectFrom("email_outbox").selectAll().orderBy("id").execute();
}

function tokenIn(url: string): string {
  const match = /\/([a-z2-7]{32})(?:\?|$)/.exec(url);
  if (!match) throw new Error(`no token in ${url}`);
  return match[1]!;
}

async function person(email: string, roles: ("entrant" | "staff")[]) {
  const user = await t.db
    .insertInto("app_user")
    .values({ email, name: `Person ${email.split("@")[0]}`, password_hash: null, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const role of roles) await t.db.insertInto("role_grant").values({ user_id: user.id, role }).execute();
  return { id: user.id, ip: IP };
}

/** One email of each kind that carries a single-use link, queued by the services that send them. */
async function queueEveryTokenEmail(): Promise<Map<string, { token: string; prop: string }>> {
  await register({ name: "Priya Chauhan", email: "priya@example.org", password: PASSWORD }, { ip: IP });
  await requestPasswordReset("priya@example.org", { ip: IP });
  const staff = await person("staff@example.org", ["staff"]);
  const staffInvitation = await createInvitation(staff, { email: "judge@example.org", role: "judge" });
  const founder = await person("amina@example.org", ["entrant"]);
  await createOrganisation(founder, {
    name: "Sparkbrook Community Pantry",
    type: "community_group",
    registrationNumber: null,
    localAuthorityCode: "E08000025",
    postcode: "B11 1AA",
    website: null,
    contactName: "Amina Hussain",
    contactEmail: "amina@example.org",
    contactPhone: null,
  });
  const colleague = await inviteColleague(founder, "sam@example.org");
  if (colleague.outcome !== "invited") throw new Error("organisation invitation refused");

  const props: Record<string, string> = {
    "verify-email": "verifyUrl",
    "reset-password": "resetUrl",
    invitation: "acceptUrl",
    "organisation-invitation": "joinUrl",
  };
  const byTemplate = new Map<string, { token: string; prop: string }>();
  for (const row of await outboxRows()) {
    const prop = props[row.template];
    if (!prop) continue;
    const url = (row.props as Record<string, string>)[prop]!;
    byTemplate.set(row.template, { token: tokenIn(url), prop });
  }
  expect([...byTemplate.keys()].sort()).toEqual([
    "invitation",
    "organisation-invitation",
    "reset-password",
    "verify-email",
  ]);
  // What the services returned is what the emails carry.
  expect(byTemplate.get("invitation")!.token).toBe(staffInvitation.token);
  expect(byTemplate.get("organisation-invitation")!.token).toBe(colleague.token);
  return byTemplate;
}

/** A provider that answers from a script: "ok", "retry" (a 500) or "reject" (a 422). */
function scriptedProvider(script: ("ok" | "retry" | "reject")[]) {
  const sent: OutgoingEmail[] = [];
  const mailer: NetworkMailer = {
    kind: "network",
    name: "scripted",
    async send(email): Promise<SendResult> {
      const next = script.shift() ?? "ok";
      if (next === "ok") {
        sent.push(email);
        return { ok: true, providerMessageId: `provider-${sent.length}` };
      }
      return { ok: false, error: next === "retry" ? "HTTP 500" : "HTTP 422", permanent: next === "reject" };
    },
  };
  return { mailer, sent };
}

describe("raw tokens after an email is sent", () => {
  it("no outbox row keeps a raw token once delivered to the mailbox, and every link still works", async () => {
    const tokens = await queueEveryTokenEmail();

    const counts = await deliverDueEmails({ mailer: localMailbox, limit: 50 });
    expect(counts).toMatchObject({ sent: 4, retrying: 0, failed: 0 });

    for (const row of await outboxRows()) {
      expect(row.status).toBe("sent");
      const secret = tokens.get(row.template);
      if (!secret) continue;
      const text = await outboxRowText(row.id);
      expect(text, `${row.template} row`).not.toContain(secret.token);
      // The row still says what was sent to whom; only the link is gone.
      expect((row.props as Record<string, unknown>)[secret.prop]).toBe(SECRET_REMOVED);
      expect(Object.keys(row.props as object).length).toBeGreaterThan(1);
    }
    // The mailbox holds the email as delivered (until MAILBOX_RETENTION_DAYS).
    const verify = tokens.get("verify-email")!.token;
    const messages = await t.db.selectFrom("mailbox_message").select("text").execute();
    expect(messages.some((m) => m.text.includes(verify))).toBe(true);
    // Redacting the copy does not touch the link: the hash it is checked against is elsewhere.
    expect((await verifyEmail(verify, { ip: IP })).kind).toBe("verified");
  });

  it("an email that failed and will be retried keeps its link, and sends it when it goes", async () => {
    await register({ name: "Priya Chauhan", email: "priya@example.org", password: PASSWORD }, { ip: IP });
    const [queued] = await outboxRows();
    const token = tokenIn((queued!.props as { verifyUrl: string }).verifyUrl);
    const { mailer, sent } = scriptedProvider(["retry", "ok"]);

    expect(await deliverDueEmails({ mailer })).toMatchObject({ retrying: 1 });
    expect(await outboxRowText(queued!.id)).toContain(token);

    await t.db
      .updateTable("email_outbox")
      .set({ next_attempt_at: sql`now() - interval '1 second'` })
      .execute();
    expect(await deliverDueEmails({ mailer })).toMatchObject({ sent: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain(token);
    expect(await outboxRowText(queued!.id)).not.toContain(token);
  });

  it("an email that fails for good keeps no token either", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await register({ name: "Priya Chauhan", email: "priya@example.org", password: PASSWORD }, { ip: IP });
    await requestPasswordReset("priya@example.org", { ip: IP });
    const row = (await outboxRows()).find((r) => r.template === "reset-password")!;
    const token = tokenIn((row.props as { resetUrl: string }).resetUrl);
    const { mailer } = scriptedProvider(["ok", "reject"]);

    expect(await deliverDueEmails({ mailer })).toMatchObject({ sent: 1, failed: 1 });

    const after = await t.db.selectFrom("email_outbox").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after.status).toBe("failed");
    expect(await outboxRowText(row.id)).not.toContain(token);
    expect((after.props as { resetUrl: string }).resetUrl).toBe(SECRET_REMOVED);
  });
});

describe("purging old email", () => {
  const NOW = new Date("2027-01-15T12:00:00Z");
  const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

  async function outboxRow(key: string, status: "pending" | "sent" | "failed", at: Date) {
    const row = await t.db
      .insertInto("email_outbox")
      .values({
        idempotency_key: key,
        to_address: "someone@example.org",
        template: "password-changed",
        props: JSON.stringify({ name: "Someone" }),
        status,
        created_at: at,
        sent_at: status === "sent" ? at : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function mailboxMessage(outboxId: number, deliveredAt: Date) {
    await t.db
      .insertInto("mailbox_message")
      .values({
        outbox_id: outboxId,
        to_address: "someone@example.org",
        subject: "s",
        html: "h",
        text: "t",
        delivered_at: deliveredAt,
      })
      .execute();
  }

  async function keys() {
    return (await t.db.selectFrom("email_outbox").select("idempotency_key").orderBy("id").execute()).map(
      (r) => r.idempotency_key,
    );
  }

  it("keeps rows a day inside their retention period and deletes those a day past it", async () => {
    await outboxRow("sent-inside", "sent", daysAgo(SENT_EMAIL_RETENTION_DAYS - 1));
    await outboxRow("sent-past", "sent", daysAgo(SENT_EMAIL_RETENTION_DAYS + 1));
    await outboxRow("failed-inside", "failed", daysAgo(FAILED_EMAIL_RETENTION_DAYS - 1));
    await outboxRow("failed-past", "failed", daysAgo(FAILED_EMAIL_RETENTION_DAYS + 1));
    // Still to be sent, however old: never purged (it is the only copy of the email).
    await outboxRow("pending-old", "pending", daysAgo(FAILED_EMAIL_RETENTION_DAYS + 100));
    // Mailbox messages go sooner than their outbox rows.
    const recentA = await outboxRow("sent-recent-a", "sent", daysAgo(MAILBOX_RETENTION_DAYS + 1));
    const recentB = await outboxRow("sent-recent-b", "sent", daysAgo(MAILBOX_RETENTION_DAYS - 1));
    await mailboxMessage(recentA, daysAgo(MAILBOX_RETENTION_DAYS + 1));
    await mailboxMessage(recentB, daysAgo(MAILBOX_RETENTION_DAYS - 1));

    expect(await purgeOldEmail(NOW)).toEqual({ sent: 1, failed: 1, mailbox: 1 });

    expect(await keys()).toEqual(["sent-inside", "failed-inside", "pending-old", "sent-recent-a", "sent-recent-b"]);
    const left = await t.db.selectFrom("mailbox_message").select("outbox_id").execute();
    expect(left).toEqual([{ outbox_id: recentB }]);
    // Idempotent: running again (another instance, the next hour) finds nothing more.
    expect(await purgeOldEmail(NOW)).toEqual({ sent: 0, failed: 0, mailbox: 0 });
    expect(await keys()).toHaveLength(5);
  });

  it("keeps sent rows at least as long as a judging reminder could be queued again", () => {
    // A judging reminder's idempotency key is what stops a repeat inside its window.
    expect(sentEmailRetentionDays(3)).toBe(30);
    expect(sentEmailRetentionDays(45)).toBe(46);
  });

  it("deletes a large backlog completely, in batches", async () => {
    const rows = Array.from({ length: 1_203 }, (_, i) => ({
      idempotency_key: `old-${i}`,
      to_address: "someone@example.org",
      template: "password-changed",
      props: JSON.stringify({ name: "Someone" }),
      status: "sent" as const,
      created_at: daysAgo(SENT_EMAIL_RETENTION_DAYS + 5),
      sent_at: daysAgo(SENT_EMAIL_RETENTION_DAYS + 5),
    }));
    await t.db.insertInto("email_outbox").values(rows).execute();
    expect(await purgeOldEmail(NOW)).toMatchObject({ sent: 1_203 });
    expect(await keys()).toEqual([]);
  });

  it("is one of the scheduler's jobs, run hourly, and the scheduler runs it", async () => {
    const job = defaultJobs().find((j) => j.name === "retention");
    expect(job?.intervalMs).toBe(PURGE_INTERVAL_MS);
    expect(PURGE_INTERVAL_MS).toBe(60 * 60 * 1000);

    await outboxRow("sent-long-ago", "sent", new Date(Date.now() - (SENT_EMAIL_RETENTION_DAYS + 1) * DAY));
    await outboxRow("sent-today", "sent", new Date());
    const scheduler = startScheduler({ jobs: [job!], firstRunDelayMs: 0 });
    try {
      await expect.poll(keys, { timeout: 5_000 }).toEqual(["sent-today"]);
    } finally {
      await scheduler.stop();
    }
  });
});
