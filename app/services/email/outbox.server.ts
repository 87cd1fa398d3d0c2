import { randomUUID } from "node:crypto";
import { sql, type RawBuilder } from "kysely";
import { db as processDb, type DB, type Executor } from "../../../db/client";
import {
  findTemplate,
  renderEmail,
  withoutSecrets,
  type RenderedEmail,
  type TemplateRegistry,
} from "../../../emails/registry";
import { templates as appTemplates, type TemplateName, type TemplateProps } from "../../../emails/templates";
import { afterFailedAttempt, GIVE_UP_AFTER_MS } from "../../domain/backoff";
import { chooseMailer, describeError, type Mailer } from "./mailer.server";

// The email outbox. A service queues an email by writing a row in the same transaction as the
// change that causes it, so a rolled-back change sends nothing and a committed one cannot lose
// its email. A worker in each server process delivers due rows, retrying with backoff.
//
// Claiming: a lease, not a lock held while sending. A worker claims a batch in a short
// transaction (SELECT ... FOR UPDATE SKIP LOCKED, so two instances claiming at the same moment
// take different rows), counts the attempt and pushes next_attempt_at LEASE_MS into the future,
// then commits and delivers with no transaction open. Until the lease runs out no other worker
// sees those rows as due, however slow the provider is. We chose this over holding the row
// locks through delivery because that would keep a transaction (and a pooled connection) open
// across network calls, and on the embedded database, which has a single connection, it would
// stall every request of the app for as long as the provider takes.
//
// The attempt count doubles as a fencing token: a worker only records the outcome of its own
// claim (WHERE attempts = the count it claimed with). If a worker stalls past its lease and
// another claims the row, the late one's update changes nothing. A row whose worker died is due
// again once the lease runs out; the provider drops the repeat because it carries the row's
// idempotency key, and the local mailbox writes in the same transaction that marks the row.
//
// Secrets: a template's `secretProps` (the links carrying single-use tokens) stay in the row only
// while it may still be sent. The statement that marks it sent (or failed for good) replaces them,
// so the only lasting copy of a token is its hash in the table it belongs to. A row waiting or
// retrying keeps them: it needs them to render. Sent and failed rows, and the local mailbox (whose
// messages are the rendered emails, links and all), are deleted after their retention periods by
// the retention job (app/domain/retention.ts, app/services/records/retention.server.ts).

/** How long a claim lasts. Far longer than a batch can take (batch size x the send timeout). */
export const LEASE_MS = 5 * 60 * 1000;
export const DEFAULT_BATCH_SIZE = 10;
export const POLL_INTERVAL_MS = 1000;

export interface EmailToQueue<N extends TemplateName> {
  to: string;
  template: N;
  props: TemplateProps<N>;
  /**
   * Makes queueing idempotent: while a row with this key exists, queueing again does nothing,
   * so an action that is retried (a double submit, a replayed request) cannot send twice. Build
   * it from what makes the email unique, e.g. `verify-email:${tokenId}`. Default: random.
   */
  idempotencyKey?: string;
}

export interface QueueResult {
  /** False when an email with this idempotency key was already queued. */
  queued: boolean;
  idempotencyKey: string;
}

/**
 * Queues an email. Pass the transaction of the change that causes it. Delivery happens after
 * the transaction commits, usually within a fraction of a second (at most about one).
 */
export async function queueEmail<N extends TemplateName>(
  executor: Executor,
  email: EmailToQueue<N>,
): Promise<QueueResult> {
  const to = email.to.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(to) || to.length > 254)
    throw new TypeError(`queueEmail: not an email address: ${JSON.stringify(to)}`);
  const idempotencyKey = email.idempotencyKey ?? randomUUID();
  // Resend accepts keys of up to 256 characters.
  if (idempotencyKey.length < 1 || idempotencyKey.length > 256)
    throw new TypeError("queueEmail: the idempotency key must be 1 to 256 characters");
  assertJsonProps(email.props, "props");
  const inserted = await executor
    .insertInto("email_outbox")
    .values({
      idempotency_key: idempotencyKey,
      to_address: to,
      template: email.template,
      props: JSON.stringify(email.props),
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) nudgeSoon();
  return { queued: inserted !== undefined, idempotencyKey };
}

// The row becomes visible to the worker when the caller's transaction commits, which this
// function cannot observe. A nudge a moment later catches the usual case (a service commits
// within milliseconds of queueing); the worker's poll catches the rest.
const NUDGE_DELAY_MS = 50;
let nudgeTimer: NodeJS.Timeout | undefined;
function nudgeSoon(): void {
  if (nudgeTimer) return;
  nudgeTimer = setTimeout(() => {
    nudgeTimer = undefined;
    nudgeOutboxWorker();
  }, NUDGE_DELAY_MS);
  nudgeTimer.unref();
}

// Props wait in a jsonb column until delivery. A Date or a class instance would come back as
// something else (a string, a plain object), so refuse it now rather than render a wrong email.
function assertJsonProps(value: unknown, path: string): void {
  if (value === null || value === undefined || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`queueEmail: ${path} is not a finite number`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertJsonProps(item, `${path}[${i}]`));
    return;
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`queueEmail: ${path} must be plain data (pass dates as ISO strings)`);
    }
    for (const [key, item] of Object.entries(value)) assertJsonProps(item, `${path}.${key}`);
    return;
  }
  throw new TypeError(`queueEmail: ${path} cannot be stored (${typeof value})`);
}

export interface DeliveryOptions {
  /** How many due emails to claim in this pass. */
  limit?: number;
  /** Default: chosen from the configuration (Resend with an API key, else the local mailbox in demo mode, else none). */
  mailer?: Mailer | null;
  /** Default: emails/templates.ts. */
  templates?: TemplateRegistry;
  /** Default: the process's database. */
  database?: DB;
  /**
   * The instant this pass runs at. Default: the database's clock, which every instance shares.
   * Tests pass a moved clock to play out hours of retries (a provider outage) in seconds.
   */
  now?: Date;
}

export interface DeliveryCounts {
  /** Rows this pass claimed. */
  claimed: number;
  sent: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Failed for good: out of attempts, or rejected by the provider as undeliverable. */
  failed: number;
  /** Claimed by another worker after this one's lease ran out; left to that worker. */
  superseded: number;
}

interface ClaimedEmail {
  id: number;
  idempotencyKey: string;
  to: string;
  template: string;
  props: unknown;
  /** The attempt count after this claim: the attempt being made, and the fencing token. */
  attempt: number;
  /** How long the email had been tried (since it was queued or sent again by staff) when claimed. */
  waitedMs: number;
}

type Instant = RawBuilder<Date>;

/** The pass's "now" in SQL: the given instant, or the database's clock. */
function instant(now: Date | undefined): Instant {
  return now ? sql<Date>`${now.toISOString()}::timestamptz` : sql<Date>`now()`;
}

type Outcome = "sent" | "retrying" | "failed" | "superseded";

let defaultMailer: Mailer | null | undefined;

/** One pass: claims up to `limit` due emails and delivers them one after another. */
export async function deliverDueEmails(options: DeliveryOptions = {}): Promise<DeliveryCounts> {
  const database = options.database ?? processDb();
  const mailer = options.mailer !== undefined ? options.mailer : (defaultMailer ??= chooseMailer());
  // No way to send (no API key outside demo mode): claim nothing, so every email stays pending
  // with its attempts untouched, to be sent once a key is configured.
  if (!mailer) return { claimed: 0, sent: 0, retrying: 0, failed: 0, superseded: 0 };
  const registry = options.templates ?? appTemplates;
  const at = instant(options.now);
  const claimed = await claimDueEmails(database, options.limit ?? DEFAULT_BATCH_SIZE, at);
  const counts: DeliveryCounts = { claimed: claimed.length, sent: 0, retrying: 0, failed: 0, superseded: 0 };
  // One at a time: providers rate-limit per second, and the lease covers the whole batch.
  for (const email of claimed) {
    counts[await deliverOne(database, email, mailer, registry, at)] += 1;
  }
  return counts;
}

async function claimDueEmails(database: DB, limit: number, at: Instant): Promise<ClaimedEmail[]> {
  const rows = await database.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("email_outbox")
      .select("id")
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", at)
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable("email_outbox")
      .set({
        attempts: sql`attempts + 1`,
        next_attempt_at: sql`${at} + ${LEASE_MS}::double precision * interval '1 millisecond'`,
      })
      .where(
        "id",
        "in",
        due.map((row) => row.id),
      )
      .returning([
        "id",
        "idempotency_key",
        "to_address",
        "template",
        "props",
        "attempts",
        sql<number>`(extract(epoch from ${at} - tries_started_at) * 1000)::float8`.as("waited_ms"),
      ])
      .execute();
  });
  return rows
    .map((row) => ({
      id: row.id,
      idempotencyKey: row.idempotency_key,
      to: row.to_address,
      template: row.template,
      props: row.props,
      attempt: row.attempts,
      waitedMs: Number(row.waited_ms),
    }))
    .sort((a, b) => a.id - b.id);
}

/** Thrown inside the mailbox transaction to roll it back when the claim has been taken over. */
class ClaimSuperseded extends Error {}

async function deliverOne(
  database: DB,
  email: ClaimedEmail,
  mailer: Mailer,
  registry: TemplateRegistry,
  at: Instant,
): Promise<Outcome> {
  const template = findTemplate(registry, email.template);
  // What the row keeps once it is sent or has failed for good. A template this version does not
  // know has secrets it cannot name, so such a row, failing for good, keeps none of its props.
  const keptProps = template ? withoutSecrets(template, email.props) : {};
  let rendered: RenderedEmail;
  try {
    // Not permanent: during a rolling deploy an older instance can claim an email queued by a
    // newer one with a template it does not know yet; after the backoff a newer one sends it.
    if (!template) throw new Error(`No email template named "${email.template}"`);
    rendered = await renderEmail(template, email.props);
  } catch (error) {
    return recordFailure(database, email, at, `Could not render the email: ${describeError(error)}`, false, keptProps);
  }
  const outgoing = { ...rendered, to: email.to, idempotencyKey: email.idempotencyKey };

  if (mailer.kind === "mailbox") {
    try {
      await database.transaction().execute(async (trx) => {
        const messageId = await mailer.store(trx, email.id, outgoing);
        if (!(await markSent(trx, email, at, messageId, keptProps))) throw new ClaimSuperseded();
      });
      return "sent";
    } catch (error) {
      if (error instanceof ClaimSuperseded) return "superseded";
      return recordFailure(
        database,
        email,
        at,
        `Could not store the email in the local mailbox: ${describeError(error)}`,
        false,
        keptProps,
      );
    }
  }

  const result = await mailer.send(outgoing);
  if (!result.ok) return recordFailure(database, email, at, result.error, result.permanent, keptProps);
  // If this update fails (the database went away), the row stays claimed (secrets and all: it
  // must be able to send again); when the lease runs out it is sent again with the same
  // idempotency key, and the provider drops the repeat.
  return (await markSent(database, email, at, result.providerMessageId, keptProps)) ? "sent" : "superseded";
}

/** `keptProps`: the props without their secrets, which a sent row no longer needs. */
async function markSent(
  executor: Executor,
  email: ClaimedEmail,
  at: Instant,
  providerMessageId: string,
  keptProps: unknown,
): Promise<boolean> {
  const result = await executor
    .updateTable("email_outbox")
    .set({
      status: "sent",
      sent_at: at,
      provider_message_id: providerMessageId,
      last_error: null,
      props: JSON.stringify(keptProps),
    })
    .where("id", "=", email.id)
    .where("status", "=", "pending")
    .where("attempts", "=", email.attempt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * `keptProps`: the props without their secrets, stored only when the email has failed for good
 * (nothing sends a failed row again); a row that will be retried keeps everything.
 */
async function recordFailure(
  database: DB,
  email: ClaimedEmail,
  at: Instant,
  error: string,
  permanent: boolean,
  keptProps?: unknown,
): Promise<Outcome> {
  const decision = afterFailedAttempt(email.attempt, { permanent, waitedMs: email.waitedMs, random: Math.random() });
  const result = await database
    .updateTable("email_outbox")
    .set({
      ...(decision.retry || keptProps === undefined ? {} : { props: JSON.stringify(keptProps) }),
      status: decision.retry ? "pending" : "failed",
      last_error: error.slice(0, 2000),
      next_attempt_at: decision.retry
        ? sql`${at} + ${decision.delayMs}::double precision * interval '1 millisecond'`
        : at,
    })
    .where("id", "=", email.id)
    .where("status", "=", "pending")
    .where("attempts", "=", email.attempt)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return "superseded";
  if (!decision.retry) {
    // No address in the log: the row id leads whoever investigates to the details.
    console.error(
      `Email ${email.id} (${email.template}) failed for good after ${email.attempt} attempt(s)` +
        (permanent ? "" : ` over ${Math.round(GIVE_UP_AFTER_MS / 3_600_000)} hours`) +
        `: ${error}`,
    );
  }
  return decision.retry ? "retrying" : "failed";
}

export interface OutboxWorker {
  /** Asks for a pass now instead of at the next poll (e.g. just after queueing an email). */
  nudge(): void;
  /** Stops polling; resolves once the batch in flight, if any, has finished. */
  stop(): Promise<void>;
}

export interface OutboxWorkerOptions extends DeliveryOptions {
  intervalMs?: number;
  /** Called after each pass that reached the database, e.g. for metrics. */
  onPass?: (counts: DeliveryCounts) => void;
}

// The server bundle (which starts the worker) and the Remix bundle (whose services queue mail)
// each carry a copy of this module, so the running worker is found through globalThis.
const WORKER = Symbol.for("cric.outboxWorker");
type GlobalWithWorker = typeof globalThis & { [WORKER]?: OutboxWorker };

/**
 * Starts delivering queued email in the background: a pass every `intervalMs`, straight away
 * again while passes come back full, and on a nudge.
 */
export function startOutboxWorker(options: OutboxWorkerOptions = {}): OutboxWorker {
  const intervalMs = options.intervalMs ?? POLL_INTERVAL_MS;
  const limit = options.limit ?? DEFAULT_BATCH_SIZE;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let nudged = false;
  let failing = false;

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => void run(), delay);
    // The worker alone must not keep a process (a script, a test run) alive.
    timer.unref();
  };

  const run = async () => {
    timer = undefined;
    if (stopped) return;
    nudged = false;
    let more = false;
    inFlight = (async () => {
      try {
        const counts = await deliverDueEmails({ ...options, limit });
        more = counts.claimed === limit;
        options.onPass?.(counts);
        if (failing) console.log("Email worker: the database answers again");
        failing = false;
      } catch (error) {
        // Most likely the database is unreachable; say so once, not every second.
        if (!failing) console.error("Email worker: a delivery pass failed; retrying", error);
        failing = true;
      }
    })();
    await inFlight;
    inFlight = undefined;
    schedule(more || nudged ? 0 : intervalMs);
  };

  const worker: OutboxWorker = {
    nudge() {
      if (stopped) return;
      if (inFlight) {
        nudged = true;
      } else {
        clearTimeout(timer);
        schedule(0);
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await inFlight;
      const global = globalThis as GlobalWithWorker;
      if (global[WORKER] === worker) delete global[WORKER];
    },
  };
  (globalThis as GlobalWithWorker)[WORKER] = worker;
  schedule(0);
  return worker;
}

/**
 * Asks the running worker, if this process has one, for a pass now. Call it after the
 * transaction that queued an email has committed (before, the row is not visible yet).
 */
export function nudgeOutboxWorker(): void {
  (globalThis as GlobalWithWorker)[WORKER]?.nudge();
}
