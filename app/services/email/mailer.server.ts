import type { Transaction } from "kysely";
import { Resend } from "resend";
import type { Database } from "../../../db/schema";
import { config } from "../../config.server";

// Where an email goes once the outbox has rendered it: the Resend API, or in demo mode with no API
// key the local mailbox (a table that /dev/mail shows and end-to-end tests read). Outside demo
// mode with no API key there is nowhere to send it: emails wait in the outbox until one is set.

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The outbox row's key: the provider drops a repeat of a request it has already accepted. */
  idempotencyKey: string;
}

export type SendResult =
  | { ok: true; providerMessageId: string }
  /** `permanent`: the provider rejected the message itself, so sending it again cannot help. */
  | { ok: false; error: string; permanent: boolean };

/** A provider reached over the network. The outbox calls it outside any database transaction. */
export interface NetworkMailer {
  kind: "network";
  name: string;
  send(email: OutgoingEmail): Promise<SendResult>;
}

/**
 * The local mailbox. It writes in the transaction that marks the outbox row sent, so a message
 * is in the mailbox exactly when its row says sent; mailbox_message.outbox_id is unique besides.
 */
export interface LocalMailbox {
  kind: "mailbox";
  name: string;
  /** Stores the message and returns the id the outbox records as the provider's message id. */
  store(trx: Transaction<Database>, outboxId: number, email: OutgoingEmail): Promise<string>;
}

export type Mailer = NetworkMailer | LocalMailbox;

export const localMailbox: LocalMailbox = {
  kind: "mailbox",
  name: "local mailbox",
  async store(trx, outboxId, email) {
    const row = await trx
      .insertInto("mailbox_message")
      .values({ outbox_id: outboxId, to_address: email.to, subject: email.subject, html: email.html, text: email.text })
      .returning("id")
      .executeTakeFirstOrThrow();
    return `mailbox-${row.id}`;
  },
};

export interface ResendMailerOptions {
  apiKey: string;
  from: string;
  /** The API's address. Unset: the SDK's own default, which honours RESEND_BASE_URL. */
  baseUrl?: string;
  /** How long one request may take; the outbox's lease on a batch is far longer. */
  timeoutMs?: number;
}

// Resend's answers that mean "this message can never be accepted": a malformed request or
// recipient (400, 422), or the same idempotency key reused for a different message (409).
// Everything else (network failures, 5xx, rate limits, a wrong API key or sender that someone can
// fix) is worth retrying. invalid_from_address is 422 but comes from our configuration.
function isPermanent(error: { name?: string; statusCode?: number | null }): boolean {
  if (error.name === "invalid_idempotent_request") return true;
  if (error.name === "invalid_from_address") return false;
  return error.statusCode === 400 || error.statusCode === 422;
}

export function createResendMailer(options: ResendMailerOptions): NetworkMailer {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? 20_000;
  return {
    kind: "network",
    name: "Resend",
    async send(email) {
      try {
        const { data, error } = await resend.emails.send(
          { from: options.from, to: [email.to], subject: email.subject, html: email.html, text: email.text },
          { idempotencyKey: email.idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
        );
        if (error) {
          const status = error.statusCode ? ` (HTTP ${error.statusCode})` : "";
          return { ok: false, error: `Resend ${error.name}${status}: ${error.message}`, permanent: isPermanent(error) };
        }
        return { ok: true, providerMessageId: data.id };
      } catch (error) {
        return { ok: false, error: `Resend request failed: ${describeError(error)}`, permanent: false };
      }
    },
  };
}

export interface MailerSettings {
  resendApiKey?: string;
  emailFrom: string;
  resendBaseUrl?: string;
  /** Whether the local mailbox exists (demo mode only: config.localMailbox). */
  localMailbox: boolean;
}

/**
 * Resend when an API key is configured; else the local mailbox in demo mode; else none
 * (`null`): the outbox keeps every email pending, so a real service that forgot its key
 * loses nothing and shows its mail to no one. Tests pass explicit settings.
 */
export function chooseMailer(settings: MailerSettings = config): Mailer | null {
  if (settings.resendApiKey) {
    return createResendMailer({
      apiKey: settings.resendApiKey,
      from: settings.emailFrom,
      baseUrl: settings.resendBaseUrl,
    });
  }
  return settings.localMailbox ? localMailbox : null;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
