import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { GIVE_UP_AFTER_MS } from "../../app/domain/backoff";
import { mailboxMessages, mailboxOverview } from "../../app/dev-tools/mailbox.server";
import {
  chooseMailer,
  localMailbox,
  type NetworkMailer,
  type OutgoingEmail,
  type SendResult,
} from "../../app/services/email/mailer.server";
import {
  deliverDueEmails,
  nudgeOutboxWorker,
  queueEmail,
  startOutboxWorker,
  type DeliveryCounts,
} from "../../app/services/email/outbox.server";
import InvitationEmail, { invitationSubject } from "../../emails/invitation";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();

// A real template with its preview props, so these tests go through the same rendering as the
// service's own mail.
const invitation = InvitationEmail.PreviewProps;

function queueInvitation(executor: DB, to: string, idempotencyKey?: string) {
  return queueEmail(executor, { to, template: "invitation", props: invitation, idempotencyKey });
}

async function outboxRows() {
  return t.db.selectFrom("email_outbox").selectAll().orderBy("id").execute();
}

async function mailboxRows() {
  return t.db.selectFrom("mailbox_message").selectAll().orderBy("id").execute();
}

/** Seconds from the database's now to each row's next attempt. */
async function secondsUntilNextAttempt(): Promise<number[]> {
  const rows = await t.db
    .selectFrom("email_outbox")
    .select(sql<number>`extract(epoch from next_attempt_at - now())::float8`.as("seconds"))
    .orderBy("id")
    .execute();
  return rows.map((r) => Number(r.seconds));
}

/** Time passing: every waiting email becomes due now. */
async function makeWaitingEmailsDue(): Promise<void> {
  await t.db
    .updateTable("email_outbox")
    .set({ next_attempt_at: sql`now() - interval '1 second'` })
    .where("status", "=", "pending")
    .execute();
}

/** Runs passes until one finds nothing due, adding up what they did. */
async function drain(options: Parameters<typeof deliverDueEmails>[0]): Promise<DeliveryCounts> {
  const total: DeliveryCounts = { claimed: 0, sent: 0, retrying: 0, failed: 0, superseded: 0 };
  for (;;) {
    const counts = await deliverDueEmails(options);
    if (counts.claimed === 0) return total;
    for (const key of Object.keys(total) as (keyof DeliveryCounts)[]) total[key] += counts[key];
  }
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A provider that records what it is sent and answers when the test says so. */
function controllableMailer(answer: (email: OutgoingEmail, call: number) => Promise<SendResult> | SendResult) {
  const sent: OutgoingEmail[] = [];
  const mailer: NetworkMailer = {
    kind: "network",
    name: "test provider",
    async send(email) {
      sent.push(email);
      return answer(email, sent.length);
    },
  };
  return { mailer, sent };
}

describe("queueing an email", () => {
  it("writes nothing when the transaction that queued it rolls back, and exactly one email when it commits", async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await queueInvitation(trx, "rolled.back@example.org");
        throw new Error("the change failed after queueing");
      }),
    ).rejects.toThrow("the change failed");
    await t.db.transaction().execute(async (trx) => {
      await queueInvitation(trx, "committed@example.org");
    });

    const rows = await outboxRows();
    expect(rows.map((r) => [r.to_address, r.status, r.attempts])).toEqual([["committed@example.org", "pending", 0]]);

    await drain({ mailer: localMailbox });
    expect((await mailboxRows()).map((m) => m.to_address)).toEqual(["committed@example.org"]);
  });

  it("queues an email only once per idempotency key, so a retried action cannot send it twice", async () => {
    const first = await t.db.transaction().execute((trx) => queueInvitation(trx, "judge@example.org", "invitation:42"));
    const again = await t.db.transaction().execute((trx) => queueInvitation(trx, "judge@example.org", "invitation:42"));
    expect(first).toEqual({ queued: true, idempotencyKey: "invitation:42" });
    expect(again).toEqual({ queued: false, idempotencyKey: "invitation:42" });

    await drain({ mailer: localMailbox });
    // Still deduplicated once the first one has been sent.
    expect((await queueInvitation(t.db, "judge@example.org", "invitation:42")).queued).toBe(false);
    await drain({ mailer: localMailbox });

    expect(await outboxRows()).toHaveLength(1);
    expect(await mailboxRows()).toHaveLength(1);
  });

  it("gives each email its own key when none is given", async () => {
    const a = await queueInvitation(t.db, "a@example.org");
    const b = await queueInvitation(t.db, "a@example.org");
    expect(a.queued && b.queued).toBe(true);
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
    expect(await outboxRows()).toHaveLength(2);
  });

  it("refuses props that would not come back the same from storage, and addresses that are not addresses", async () => {
    const props = { ...invitation, expiresAt: new Date() as unknown as string };
    await expect(queueEmail(t.db, { to: "a@example.org", template: "invitation", props })).rejects.toThrow(
      /plain data/,
    );
    await expect(queueEmail(t.db, { to: "not an address", template: "invitation", props: invitation })).rejects.toThrow(
      /not an email address/,
    );
    await expect(
      queueEmail(t.db, { to: "a@example.org\r\nBcc: b@example.org", template: "invitation", props: invitation }),
    ).rejects.toThrow(/not an email address/);
    expect(await outboxRows()).toHaveLength(0);
  });
});

describe("delivery to the local mailbox", () => {
  it("renders the email and puts it in the mailbox, marking the outbox row sent in the same step", async () => {
    await queueInvitation(t.db, "Judge.Ann@Example.org");

    expect(await deliverDueEmails({ mailer: localMailbox })).toEqual({
      claimed: 1,
      sent: 1,
      retrying: 0,
      failed: 0,
      superseded: 0,
    });

    const [message] = await mailboxRows();
    const [row] = await outboxRows();
    expect(message).toMatchObject({ to_address: "Judge.Ann@Example.org", subject: invitationSubject(invitation) });
    expect(message!.text).toContain(invitation.acceptUrl);
    expect(message!.html).toMatch(/<html[^>]*lang="en"/);
    expect(row).toMatchObject({
      status: "sent",
      attempts: 1,
      last_error: null,
      provider_message_id: `mailbox-${message!.id}`,
    });
    expect(row!.sent_at).toBeInstanceOf(Date);

    // Tests read mail by address, whatever its case, with the links picked out.
    const [read] = await mailboxMessages({ to: "judge.ann@example.org" });
    expect(read).toMatchObject({ id: message!.id, subject: invitationSubject(invitation) });
    expect(read!.links).toContain(invitation.acceptUrl);

    expect((await deliverDueEmails({ mailer: localMailbox })).claimed).toBe(0);
    expect(await mailboxRows()).toHaveLength(1);
  });

  it("keeps an email whose template this version does not know, and tries again later", async () => {
    // As during a rolling deploy: a newer instance queued a template an older one lacks.
    await t.db
      .insertInto("email_outbox")
      .values({ idempotency_key: "k-new", to_address: "x@example.org", template: "from-a-newer-version", props: "{}" })
      .execute();

    expect(await deliverDueEmails({ mailer: localMailbox })).toMatchObject({ claimed: 1, retrying: 1 });

    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.last_error).toContain('No email template named "from-a-newer-version"');
    const [wait] = await secondsUntilNextAttempt();
    expect(wait).toBeGreaterThan(26);
    expect(wait).toBeLessThan(34);
    expect(await mailboxRows()).toHaveLength(0);
  });
});

describe("delivery through Resend", () => {
  // A stand-in for the Resend API on this machine. It answers with `plan` (a status per call;
  // 200 once the plan runs out) and, like Resend, accepts an idempotency key once: a repeat
  // gets the first answer back and sends nothing new.
  let server: Server;
  let baseUrl: string;
  let plan: number[] = [];
  let requests: { headers: IncomingMessage["headers"]; body: Record<string, unknown> }[] = [];
  const deliveredByKey = new Map<string, string>();
  const previousBaseUrl = process.env.RESEND_BASE_URL;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      req.on("end", () => {
        const body = JSON.parse(raw) as Record<string, unknown>;
        requests.push({ headers: req.headers, body });
        const status = plan.shift() ?? 200;
        res.setHeader("Content-Type", "application/json");
        if (req.method !== "POST" || req.url !== "/emails") {
          res.writeHead(404).end(JSON.stringify({ name: "not_found", statusCode: 404, message: "Not found" }));
        } else if (status === 500) {
          res
            .writeHead(500)
            .end(JSON.stringify({ name: "internal_server_error", statusCode: 500, message: "Try later" }));
        } else if (status === 422) {
          res
            .writeHead(422)
            .end(JSON.stringify({ name: "validation_error", statusCode: 422, message: "Invalid `to` field" }));
        } else {
          const key = String(req.headers["idempotency-key"]);
          if (!deliveredByKey.has(key)) deliveredByKey.set(key, `re_${deliveredByKey.size + 1}`);
          res.writeHead(200).end(JSON.stringify({ id: deliveredByKey.get(key) }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    plan = [];
    requests = [];
    deliveredByKey.clear();
    if (previousBaseUrl === undefined) delete process.env.RESEND_BASE_URL;
    else process.env.RESEND_BASE_URL = previousBaseUrl;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function resend() {
    // The way production configures it: an API key, and the SDK's base address from the
    // environment (RESEND_BASE_URL), read when the client is made.
    process.env.RESEND_BASE_URL = baseUrl;
    const mailer = chooseMailer({
      resendApiKey: "re_test_key",
      emailFrom: "Challenge <challenge@example.org>",
      localMailbox: true,
    });
    if (mailer?.kind !== "network") throw new Error("expected the Resend mailer");
    return mailer;
  }

  it("uses the local mailbox when no API key is configured in demo mode", () => {
    expect(chooseMailer({ emailFrom: "challenge@example.org", localMailbox: true })).toBe(localMailbox);
  });

  it("outside demo mode with no API key, keeps every email waiting in the outbox, untouched", async () => {
    const mailer = chooseMailer({ emailFrom: "challenge@example.org", localMailbox: false });
    expect(mailer).toBeNull();
    await queueInvitation(t.db, "judge@example.org");
    expect(await deliverDueEmails({ mailer })).toMatchObject({ claimed: 0, sent: 0 });
    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    expect(await mailboxRows()).toHaveLength(0);
  });

  it("delivers exactly one email when the provider fails twice and then accepts, backing off between attempts", async () => {
    const mailer = resend();
    plan = [500, 500];
    const { idempotencyKey } = await queueInvitation(t.db, "judge@example.org");

    expect(await deliverDueEmails({ mailer })).toMatchObject({ claimed: 1, retrying: 1 });
    let [row] = await outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.last_error).toMatch(/internal_server_error \(HTTP 500\)/);
    let [wait] = await secondsUntilNextAttempt();
    expect(wait).toBeGreaterThan(26); // 30 s, give or take the 10% jitter
    expect(wait).toBeLessThan(34);

    // Not due yet: nothing is tried early.
    expect((await deliverDueEmails({ mailer })).claimed).toBe(0);

    await makeWaitingEmailsDue();
    expect(await deliverDueEmails({ mailer })).toMatchObject({ claimed: 1, retrying: 1 });
    [row] = await outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 2 });
    [wait] = await secondsUntilNextAttempt();
    expect(wait).toBeGreaterThan(53); // 1 minute, give or take 10%
    expect(wait).toBeLessThan(67);

    await makeWaitingEmailsDue();
    expect(await deliverDueEmails({ mailer })).toMatchObject({ claimed: 1, sent: 1 });
    [row] = await outboxRows();
    expect(row).toMatchObject({ status: "sent", attempts: 3, last_error: null, provider_message_id: "re_1" });

    await makeWaitingEmailsDue();
    expect((await deliverDueEmails({ mailer })).claimed).toBe(0);

    // Three requests for one email, all carrying the row's key, and one email delivered.
    expect(requests).toHaveLength(3);
    expect(requests.map((r) => r.headers["idempotency-key"])).toEqual([idempotencyKey, idempotencyKey, idempotencyKey]);
    expect(requests[0]!.headers.authorization).toBe("Bearer re_test_key");
    expect(requests[2]!.body).toMatchObject({
      from: "Challenge <challenge@example.org>",
      to: ["judge@example.org"],
      subject: invitationSubject(invitation),
    });
    expect(String(requests[2]!.body.text)).toContain(invitation.acceptUrl);
    expect(deliveredByKey.size).toBe(1);
    expect(await mailboxRows()).toHaveLength(0);
  });

  it("marks an email failed once it has been retried for 3 days, keeping it and its error for a person to see", async () => {
    const mailer = resend();
    plan = Array.from({ length: 10 }, () => 500);
    await queueInvitation(t.db, "judge@example.org");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const queuedAt = Date.now();

    // Moved clocks: the first attempt now, one a day later, one just before 3 days and one after.
    for (const [offset, outcome] of [
      [0, { retrying: 1 }],
      [24 * 60 * 60 * 1000, { retrying: 1 }],
      [GIVE_UP_AFTER_MS - 60_000, { retrying: 1 }],
      [GIVE_UP_AFTER_MS + 5 * 60_000, { failed: 1 }],
    ] as const) {
      const counts = await deliverDueEmails({ mailer, now: new Date(queuedAt + offset) });
      expect(counts).toMatchObject(outcome);
    }
    expect((await deliverDueEmails({ mailer, now: new Date(queuedAt + 2 * GIVE_UP_AFTER_MS) })).claimed).toBe(0);
    const logged = log.mock.calls.map((call) => String(call[0]));
    log.mockRestore();

    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "failed", attempts: 4, sent_at: null });
    expect(row!.last_error).toMatch(/HTTP 500/);
    expect(requests).toHaveLength(4);
    expect(logged).toEqual([expect.stringMatching(/failed for good after 4 attempt\(s\) over 72 hours/)]);
    expect((await mailboxOverview({})).outbox).toEqual({ pending: 0, failed: 1 });
  });

  it("does not retry an email the provider rejects as undeliverable", async () => {
    const mailer = resend();
    plan = [422];
    await queueInvitation(t.db, "judge@example.org");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await deliverDueEmails({ mailer })).toMatchObject({ claimed: 1, failed: 1 });
    log.mockRestore();
    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row!.last_error).toMatch(/validation_error \(HTTP 422\): Invalid `to` field/);
  });

  it("keeps retrying when the provider cannot be reached at all", async () => {
    process.env.RESEND_BASE_URL = "http://127.0.0.1:9"; // nothing listens on the discard port
    const mailer = chooseMailer({
      resendApiKey: "re_test_key",
      emailFrom: "challenge@example.org",
      localMailbox: false,
    });
    await queueInvitation(t.db, "judge@example.org");
    expect(await deliverDueEmails({ mailer })).toMatchObject({ claimed: 1, retrying: 1 });
    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.last_error).toMatch(/Resend/);
  });
});

describe("claiming emails", () => {
  it("does not hand an email to a second pass while the first is still delivering it", async () => {
    await queueInvitation(t.db, "judge@example.org");
    const release = deferred();
    const called = deferred();
    const provider = controllableMailer(async () => {
      called.resolve();
      await release.promise;
      return { ok: true, providerMessageId: "p-1" };
    });

    const first = deliverDueEmails({ mailer: provider.mailer });
    await called.promise;
    // The first pass holds no transaction while it waits on the provider: on the embedded
    // database (one connection) this second pass could not even run otherwise.
    expect(await deliverDueEmails({ mailer: provider.mailer })).toMatchObject({ claimed: 0 });
    release.resolve();
    expect(await first).toMatchObject({ claimed: 1, sent: 1 });

    expect(provider.sent).toHaveLength(1);
    expect(await outboxRows()).toMatchObject([{ status: "sent", attempts: 1, provider_message_id: "p-1" }]);
  });

  // A worker stalls past its lease; another claims the email and is still delivering it when the
  // stalled one comes back. Whatever the stalled one reports, the row records the claimant's result.
  async function stalledWorkerReturnsDuringTakeover(lateAnswer: SendResult) {
    const { idempotencyKey } = await queueInvitation(t.db, "judge@example.org");
    const stalledCalled = deferred();
    const releaseStalled = deferred();
    const stalled = controllableMailer(async () => {
      stalledCalled.resolve();
      await releaseStalled.promise;
      return lateAnswer;
    });
    const takeoverCalled = deferred();
    const releaseTakeover = deferred();
    const takeover = controllableMailer(async () => {
      takeoverCalled.resolve();
      await releaseTakeover.promise;
      return { ok: true, providerMessageId: "from-takeover" };
    });

    const late = deliverDueEmails({ mailer: stalled.mailer });
    await stalledCalled.promise;
    await makeWaitingEmailsDue(); // the stalled worker's lease runs out
    const current = deliverDueEmails({ mailer: takeover.mailer });
    await takeoverCalled.promise;
    releaseStalled.resolve();
    const lateCounts = await late;
    releaseTakeover.resolve();
    const currentCounts = await current;

    // Both asked the provider with the same key, so the provider sends it once.
    expect([...stalled.sent, ...takeover.sent].map((e) => e.idempotencyKey)).toEqual([idempotencyKey, idempotencyKey]);
    return { lateCounts, currentCounts };
  }

  it("ignores a stalled worker's success once another worker has taken the email over", async () => {
    const { lateCounts, currentCounts } = await stalledWorkerReturnsDuringTakeover({
      ok: true,
      providerMessageId: "from-stalled",
    });
    expect(lateCounts).toMatchObject({ claimed: 1, sent: 0, superseded: 1 });
    expect(currentCounts).toMatchObject({ claimed: 1, sent: 1 });
    expect(await outboxRows()).toMatchObject([{ status: "sent", attempts: 2, provider_message_id: "from-takeover" }]);
  });

  it("ignores a stalled worker's failure once another worker has taken the email over", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { lateCounts, currentCounts } = await stalledWorkerReturnsDuringTakeover({
      ok: false,
      error: "rejected",
      permanent: true,
    });
    log.mockRestore();
    expect(lateCounts).toMatchObject({ claimed: 1, failed: 0, superseded: 1 });
    expect(currentCounts).toMatchObject({ claimed: 1, sent: 1 });
    expect(await outboxRows()).toMatchObject([
      { status: "sent", attempts: 2, last_error: null, provider_message_id: "from-takeover" },
    ]);
  });

  it("delivers each of 50 emails exactly once when passes run side by side on one database", async () => {
    for (let i = 0; i < 50; i += 1) await queueInvitation(t.db, `person${i}@example.org`);
    const [a, b] = await Promise.all([
      drain({ mailer: localMailbox, limit: 4 }),
      drain({ mailer: localMailbox, limit: 4 }),
    ]);
    expect(a.sent + b.sent).toBe(50);
    const messages = await mailboxRows();
    expect(new Set(messages.map((m) => m.outbox_id)).size).toBe(50);
    expect(messages).toHaveLength(50);
    // Claimed once each: a second claim would have counted a second attempt.
    expect((await outboxRows()).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });
});

const onPostgres = t.engine === "postgres";
if (!onPostgres) {
  console.warn(
    "outbox.test.ts: SKIPPED 'two app instances claiming at the same time': it needs two real database " +
      "connections, which the embedded database (PGlite, one connection) cannot give. Set TEST_DATABASE_URL to " +
      "run it; CI runs it on PostgreSQL.",
  );
}

describe.runIf(onPostgres)("two app instances claiming at the same time (PostgreSQL)", () => {
  let second: Awaited<ReturnType<typeof openDatabase>> | undefined;

  beforeAll(async () => {
    second = await openDatabase({ databaseUrl: t.url, poolSize: 5 });
  });

  afterAll(async () => {
    await second?.close();
  });

  it("never sends the same email twice through the local mailbox", async () => {
    for (let i = 0; i < 50; i += 1) await queueInvitation(t.db, `person${i}@example.org`);
    const [a, b] = await Promise.all([
      drain({ mailer: localMailbox, limit: 3, database: t.db }),
      drain({ mailer: localMailbox, limit: 3, database: second!.db }),
    ]);

    expect(a.sent + b.sent).toBe(50);
    expect(a.superseded + b.superseded).toBe(0);
    const messages = await mailboxRows();
    expect(messages).toHaveLength(50);
    expect(new Set(messages.map((m) => m.outbox_id)).size).toBe(50);
    expect((await outboxRows()).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("never sends the same email twice through a provider while both are mid-delivery", async () => {
    for (let i = 0; i < 50; i += 1) await queueInvitation(t.db, `person${i}@example.org`);
    // Each instance's first send waits until the other instance is sending too, so the two
    // are certainly claiming and delivering at the same time.
    const bothSending = { a: deferred(), b: deferred() };
    const instance = (self: keyof typeof bothSending, other: keyof typeof bothSending) =>
      controllableMailer(async (email, call) => {
        if (call === 1) {
          bothSending[self].resolve();
          await bothSending[other].promise;
        }
        return { ok: true, providerMessageId: `${self}-${email.idempotencyKey}` };
      });
    const a = instance("a", "b");
    const b = instance("b", "a");

    const [countsA, countsB] = await Promise.all([
      drain({ mailer: a.mailer, limit: 5, database: t.db }),
      drain({ mailer: b.mailer, limit: 5, database: second!.db }),
    ]);

    expect(countsA.sent).toBeGreaterThan(0);
    expect(countsB.sent).toBeGreaterThan(0);
    expect(countsA.sent + countsB.sent).toBe(50);
    const keys = [...a.sent, ...b.sent].map((e) => e.idempotencyKey);
    expect(keys).toHaveLength(50);
    expect(new Set(keys).size).toBe(50);
    expect((await outboxRows()).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });
});

describe("the background worker", () => {
  async function startedWorker(mailer: NetworkMailer) {
    const passes: DeliveryCounts[] = [];
    // A long interval: after its first pass, the worker looks again only when nudged.
    const worker = startOutboxWorker({ mailer, intervalMs: 60_000, onPass: (c) => passes.push(c) });
    await vi.waitFor(() => expect(passes).toHaveLength(1));
    return worker;
  }

  it("delivers an email queued in a committed transaction without waiting for the next poll", async () => {
    const provider = controllableMailer(() => ({ ok: true, providerMessageId: "p-1" }));
    const worker = await startedWorker(provider.mailer);
    try {
      await t.db.transaction().execute((trx) => queueInvitation(trx, "judge@example.org"));
      await vi.waitFor(async () =>
        expect(await outboxRows()).toMatchObject([{ status: "sent", provider_message_id: "p-1" }]),
      );
      expect(provider.sent).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });

  it("stops only once the email it is delivering has been recorded", async () => {
    const release = deferred();
    const provider = controllableMailer(async () => {
      await release.promise;
      return { ok: true, providerMessageId: "p-1" };
    });
    const worker = await startedWorker(provider.mailer);
    try {
      await queueInvitation(t.db, "judge@example.org");
      nudgeOutboxWorker();
      await vi.waitFor(() => expect(provider.sent).toHaveLength(1));

      let stopped = false;
      const stopping = worker.stop().then(() => (stopped = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(stopped).toBe(false);
      release.resolve();
      await stopping;
      expect(await outboxRows()).toMatchObject([{ status: "sent", provider_message_id: "p-1" }]);
    } finally {
      release.resolve();
      await worker.stop();
    }
  });
});
