import { sql } from "kysely";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { confirmRounds } from "../../app/dev-tools/test-awards.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { GIVE_UP_AFTER_MS, MAX_RETRY_DELAY_MS } from "../../app/domain/backoff";
import { createSession } from "../../app/services/awards/masterclasses.server";
import { publishAwardList } from "../../app/services/awards/publication.server";
import { emailBacklog } from "../../app/services/email/backlog.server";
import { createResendMailer } from "../../app/services/email/mailer.server";
import { deliverDueEmails, type DeliveryCounts } from "../../app/services/email/outbox.server";
import { approveAwardListAsStaff } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";
import { startFakeResend, type FakeResend } from "./email-support";

// Fault: the email provider is down for an hour while the results are published.
//
// The results go to every entrant (an award offer or a result letter) and masterclass invitations
// to the top 20, all queued in the publishing transaction. The fake Resend API (email-support.ts)
// fails for the first simulated hour with 500s and with requests that hang past the mailer's
// timeout, some of them after accepting the message. Two outbox workers run the real delivery
// passes (deliverDueEmails) side by side on a moved clock, 30 simulated seconds a step, so the
// hour and the retry waits play out in under a minute. The hangs are real: the mailer's timeout is
// made short (TIMEOUT_MS) so that they cost milliseconds, not 20 seconds each.
//
// It runs in-process against the test database (PostgreSQL when DATABASE_URL is set, as in CI).

const t = useTestDatabase();

const ENTRIES = 60;
const OUTAGE_MS = 60 * 60 * 1000;
const PUBLISH_AT_MS = 5 * 60 * 1000;
const STEP_MS = 30 * 1000;
const TIMEOUT_MS = 400;
const WORKERS = 2;
/**
 * Longest wait after the outage before every email has gone: the capped back-off wait (with
 * jitter), twice over, since on a busy machine a 200 can come back after the sender's short
 * timeout here, and that email then waits once more (its repeat is dropped by its key).
 */
const DRAIN_LIMIT_MS = 2 * (MAX_RETRY_DELAY_MS * 1.1 + STEP_MS);

let fake: FakeResend;

beforeAll(async () => {
  fake = await startFakeResend();
});

afterAll(async () => {
  await fake?.close();
});

async function outboxTotals() {
  const rows = await t.db
    .selectFrom("email_outbox")
    .select(["status", (eb) => eb.fn.countAll<string>().as("n"), (eb) => eb.fn.sum<string>("attempts").as("attempts")])
    .groupBy("status")
    .execute();
  const of = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return {
    pending: of("pending"),
    sent: of("sent"),
    failed: of("failed"),
    attempts: rows.reduce((sum, r) => sum + Number(r.attempts ?? 0), 0),
  };
}

it("loses no email and sends none twice when the provider is down for an hour while results are published", async () => {
  const started = Date.now();
  const scenario = await createScenario({ entries: ENTRIES });
  const ids = scenario.entries.map((e) => e.id);
  await confirmRounds({ challengeId: scenario.challengeId, shortlist: ids.slice(0, 20), winners: ids.slice(0, 3) });
  const t0 = new Date(Math.ceil(Date.now() / 1000) * 1000);
  const { sam } = await approveAwardListAsStaff(t.db, scenario.challengeId, t0);
  await createSession(
    sam,
    scenario.challengeId,
    {
      title: "Business planning, pricing and growth",
      description: "Bring your plan.",
      startsAt: new Date(t0.getTime() + 30 * 24 * 3600_000),
      endsAt: new Date(t0.getTime() + 30 * 24 * 3600_000 + 3 * 3600_000),
      venue: "The Exchange, Birmingham",
      onlineUrl: null,
      capacity: 20,
    },
    t0,
  );
  // Whatever the set-up queued (approval notices) goes out before the outage starts.
  const mailer = createResendMailer({
    apiKey: "re_fault_test",
    from: "Challenge <challenge@example.org>",
    baseUrl: fake.baseUrl,
    timeoutMs: TIMEOUT_MS,
  });
  while ((await deliverDueEmails({ mailer, now: t0 })).claimed > 0);

  const passes: DeliveryCounts = { claimed: 0, sent: 0, retrying: 0, failed: 0, superseded: 0 };
  /** Runs the workers' passes at `now` until none finds anything due. */
  async function runWorkers(now: Date) {
    for (;;) {
      const results = await Promise.all(
        Array.from({ length: WORKERS }, () => deliverDueEmails({ mailer, now, limit: 10 })),
      );
      for (const counts of results)
        for (const key of Object.keys(passes) as (keyof DeliveryCounts)[]) passes[key] += counts[key];
      if (results.every((r) => r.claimed === 0)) return;
    }
  }

  const log = vi.spyOn(console, "error").mockImplementation(() => {});
  let published = 0;
  let backlogSeen: Awaited<ReturnType<typeof emailBacklog>> | undefined;
  let failedDuringOutage = 0;
  let drainedAt: number | undefined;
  try {
    for (let elapsed = 0; elapsed <= OUTAGE_MS + 3 * DRAIN_LIMIT_MS; elapsed += STEP_MS) {
      const now = new Date(t0.getTime() + elapsed);
      fake.down = elapsed < OUTAGE_MS;
      if (!published && elapsed >= PUBLISH_AT_MS) {
        const result = await publishAwardList(sam, scenario.challengeId, now);
        expect(result.outcome).toBe("published");
        published = result.emailsQueued;
      }
      await runWorkers(now);
      const totals = await outboxTotals();
      if (fake.down) failedDuringOutage = Math.max(failedDuringOutage, totals.failed);
      // Half way through the outage, staff look at the backlog page's figures.
      if (elapsed === OUTAGE_MS / 2) backlogSeen = await emailBacklog(sam);
      if (!fake.down && totals.pending === 0) {
        drainedAt = elapsed;
        break;
      }
    }
  } finally {
    log.mockRestore();
  }

  const totals = await outboxTotals();
  const queued = totals.sent + totals.pending + totals.failed;
  const doubled = [...fake.deliveriesByMessage.values()].reduce((sum, n) => sum + n - 1, 0);
  const lost = totals.pending + totals.failed;
  const minutesToDrain = drainedAt === undefined ? null : (drainedAt - OUTAGE_MS) / 60_000;
  console.log(
    [
      `Email provider down for ${OUTAGE_MS / 60_000} simulated minutes (500s, and hangs past a ${TIMEOUT_MS} ms timeout, ` +
        `some after accepting), results published ${PUBLISH_AT_MS / 60_000} minutes in, ${WORKERS} workers:`,
      `  queued ${queued} (${published} results, ${queued - published} masterclass invitations), delivered ${fake.delivered}, lost ${lost}, doubled ${doubled}`,
      `  attempts ${totals.attempts} (requests ${fake.requests}: ${fake.outageAnswers["500"]} answered 500, ` +
        `${fake.outageAnswers["accept-then-hang"]} hung after accepting, ${fake.outageAnswers.hang} hung; ` +
        `${fake.droppedRepeats + fake.resentAfterAnswer} repeats dropped by idempotency key, ` +
        `${fake.concurrentSameKey} sent by two workers at once)`,
      `  failed for good during the outage ${failedDuringOutage}; backlog drained ${minutesToDrain} minutes after the provider came back`,
      `  staff saw, half way: ${backlogSeen?.waiting} waiting, ${backlogSeen?.retrying} retrying, ${backlogSeen?.failed} failed`,
      `  (${((Date.now() - started) / 1000).toFixed(1)} s of real time)`,
    ].join("\n"),
  );

  // Enough mail to matter: a result for each entrant and the masterclass invitations.
  expect(published).toBeGreaterThanOrEqual(ENTRIES);
  // The outage really happened, in every way the fake can fail.
  expect(fake.outageAnswers["500"]).toBeGreaterThan(0);
  expect(fake.outageAnswers["accept-then-hang"]).toBeGreaterThan(0);
  expect(fake.outageAnswers.hang).toBeGreaterThan(0);
  // No email lost: every one was sent, none given up on during the hour.
  expect(failedDuringOutage).toBe(0);
  expect({ pending: totals.pending, failed: totals.failed }).toEqual({ pending: 0, failed: 0 });
  expect(fake.delivered).toBe(queued);
  // None sent twice: each recipient got each message once, every request carried its key, and
  // no two workers ever had the same email in hand (the claim, with its fencing, held).
  expect(doubled).toBe(0);
  expect(fake.withoutKey).toBe(0);
  expect(fake.concurrentSameKey).toBe(0);
  expect(passes.superseded).toBe(0);
  // Every attempt the outbox counted reached the provider.
  expect(fake.requests).toBe(totals.attempts);
  // Drained within the capped back-off wait of the provider's return (see DRAIN_LIMIT_MS).
  expect(drainedAt).toBeDefined();
  expect(drainedAt! - OUTAGE_MS).toBeLessThanOrEqual(DRAIN_LIMIT_MS);
  // Each sent row records the provider's id, unique to it.
  const sent = await t.db
    .selectFrom("email_outbox")
    .select("provider_message_id")
    .where("status", "=", "sent")
    .execute();
  expect(new Set(sent.map((r) => r.provider_message_id)).size).toBe(sent.length);
  // Staff could see the backlog while it lasted, in plain words.
  expect(backlogSeen).toBeDefined();
  expect(backlogSeen!.waiting).toBeGreaterThanOrEqual(published);
  expect(backlogSeen!.retrying).toBeGreaterThan(0);
  expect(backlogSeen!.failed).toBe(0);
  expect(backlogSeen!.oldestWaitingSince).toBeInstanceOf(Date);
  expect(backlogSeen!.failing[0]).toMatchObject({
    status: "retrying",
    problem: expect.stringMatching(/email provider/),
  });
  // The give-up period was never in play.
  expect(OUTAGE_MS + DRAIN_LIMIT_MS).toBeLessThan(GIVE_UP_AFTER_MS);
  // Rows are sent at the moved clock's time, not the machine's.
  const { rows } = await sql<{ late: number }>`
    select count(*)::int as late from email_outbox where sent_at > ${new Date(t0.getTime() + OUTAGE_MS + DRAIN_LIMIT_MS).toISOString()}::timestamptz`.execute(
    t.db,
  );
  expect(rows[0]!.late).toBe(0);
});
