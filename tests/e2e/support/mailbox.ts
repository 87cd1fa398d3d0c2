import { expect, type APIRequestContext } from "@playwright/test";

/** One message in the local mailbox, as /dev/mail.json gives it. */
export interface MailMessage {
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Every link in the message, absolute. */
  links: string[];
  deliveredAt: string;
}

export interface LatestOptions {
  /** Only a message whose subject matches. */
  subject?: RegExp;
  /** Only a message delivered after this one (e.g. a second reset email). */
  after?: MailMessage;
  /** How long to wait for the message (ms). The email worker is nudged on each send and polls every second. */
  timeout?: number;
}

export interface Mailbox {
  /** Waits for the newest message to `email` that matches, and returns it. */
  latestTo(email: string, options?: LatestOptions): Promise<MailMessage>;
  /** Every message to `email` right now, newest first (no waiting). */
  allTo(email: string): Promise<MailMessage[]>;
}

export function mailbox(request: APIRequestContext): Mailbox {
  const allTo = async (email: string): Promise<MailMessage[]> => {
    const response = await request.get(`/dev/mail.json?to=${encodeURIComponent(email)}`);
    expect(response.status(), "the local mailbox (/dev/mail.json) should answer").toBe(200);
    expect(response.headers()["content-type"], "the local mailbox should answer with JSON").toContain(
      "application/json",
    );
    const body = (await response.json()) as { messages: MailMessage[] };
    return body.messages;
  };
  return {
    allTo,
    async latestTo(email, options = {}) {
      let found: MailMessage | undefined;
      // Retries until the email worker has delivered it: no fixed sleeps.
      await expect(async () => {
        const messages = await allTo(email);
        found = messages.find(
          (m) => (!options.subject || options.subject.test(m.subject)) && (!options.after || m.id > options.after.id),
        );
        expect(
          found,
          `an email to ${email}${options.subject ? ` with a subject matching ${options.subject}` : ""}; ` +
            `the mailbox has: ${JSON.stringify(messages.map((m) => m.subject))}`,
        ).toBeDefined();
      }).toPass({ timeout: options.timeout ?? 10_000, intervals: [100, 200, 250] });
      return found!;
    },
  };
}
