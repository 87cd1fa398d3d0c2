import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in for the Resend API on this machine, for the email-outage fault test. It behaves as
// Resend does where delivery is concerned: POST /emails with an Idempotency-Key header delivers the
// message the first time the key is seen, and answers a repeat of the key with the first answer,
// delivering nothing new (Resend keeps keys for 24 hours). While `down`, it answers in turn with
// two 500s, a hang after accepting the message (the request times out at the sender's end, though
// the message went: the case that tempts a sender to send twice), two 500s again, and a hang
// before accepting anything.

export type OutageAnswer = "500" | "accept-then-hang" | "hang";
const OUTAGE_CYCLE: readonly OutageAnswer[] = ["500", "500", "accept-then-hang", "500", "500", "hang"];

export interface FakeResend {
  readonly baseUrl: string;
  /** While true the API is failing as described above. */
  down: boolean;
  /** Every request that reached /emails. */
  readonly requests: number;
  /** Requests without an Idempotency-Key header: each one would be a chance to send twice. */
  readonly withoutKey: number;
  /** Messages delivered: the first accepted request for each key (or each request without one). */
  readonly delivered: number;
  /** How many times each recipient + subject was delivered: more than once is an email sent twice. */
  readonly deliveriesByMessage: ReadonlyMap<string, number>;
  /**
   * Requests for a key the API had already answered with 200. Harmless when the answer came too
   * late for the sender (its timeout had given up), as on a busy machine; dropped by the key.
   */
  readonly resentAfterAnswer: number;
  /**
   * Requests that arrived while another with the same key was still open: two senders on one
   * email at once (two workers claiming the same row). Must stay 0.
   */
  readonly concurrentSameKey: number;
  /** Repeats of a key already delivered but not answered (a hang), dropped as Resend drops them. */
  readonly droppedRepeats: number;
  /** What each outage answer was given, by kind. */
  readonly outageAnswers: Readonly<Record<OutageAnswer, number>>;
  close(): Promise<void>;
}

export async function startFakeResend(): Promise<FakeResend> {
  const acceptedIds = new Map<string, string>();
  const deliveriesByMessage = new Map<string, number>();
  const outageAnswers: Record<OutageAnswer, number> = { "500": 0, "accept-then-hang": 0, hang: 0 };
  let requests = 0;
  let withoutKey = 0;
  let delivered = 0;
  let turn = 0;
  let resentAfterAnswer = 0;
  let droppedRepeats = 0;
  let concurrentSameKey = 0;
  const open = new Map<string, number>();
  const answeredOk = new Set<string>();

  const state = {
    down: false,
  };

  function deliver(key: string | undefined, body: Record<string, unknown>): string {
    if (key !== undefined) {
      const known = acceptedIds.get(key);
      if (known) {
        if (!answeredOk.has(key)) droppedRepeats += 1;
        return known;
      }
    }
    delivered += 1;
    const id = `re_fake_${delivered}`;
    if (key !== undefined) acceptedIds.set(key, id);
    const message = `${JSON.stringify(body.to)} ${String(body.subject)}`;
    deliveriesByMessage.set(message, (deliveriesByMessage.get(message) ?? 0) + 1);
    return id;
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      res.setHeader("Content-Type", "application/json");
      if (req.method !== "POST" || req.url !== "/emails") {
        res.writeHead(404).end(JSON.stringify({ name: "not_found", statusCode: 404, message: "Not found" }));
        return;
      }
      requests += 1;
      const header = req.headers["idempotency-key"];
      const key = typeof header === "string" && header ? header : undefined;
      if (key === undefined) withoutKey += 1;
      else {
        if (answeredOk.has(key)) resentAfterAnswer += 1;
        if ((open.get(key) ?? 0) > 0) concurrentSameKey += 1;
        open.set(key, (open.get(key) ?? 0) + 1);
        // Open until answered, or until the sender gives up and drops the connection.
        res.on("close", () => open.set(key, open.get(key)! - 1));
      }
      const body = JSON.parse(raw) as Record<string, unknown>;
      if (state.down) {
        const answer = OUTAGE_CYCLE[turn++ % OUTAGE_CYCLE.length]!;
        outageAnswers[answer] += 1;
        if (answer === "500") {
          res
            .writeHead(500)
            .end(JSON.stringify({ name: "internal_server_error", statusCode: 500, message: "Try again later" }));
        } else if (answer === "accept-then-hang") {
          deliver(key, body);
          // No answer: the sender's timeout gives up on the request; the connection is dropped then.
        }
        return;
      }
      const id = deliver(key, body);
      if (key !== undefined) answeredOk.add(key);
      res.writeHead(200).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    get requests() {
      return requests;
    },
    get withoutKey() {
      return withoutKey;
    },
    get delivered() {
      return delivered;
    },
    get resentAfterAnswer() {
      return resentAfterAnswer;
    },
    get concurrentSameKey() {
      return concurrentSameKey;
    },
    get droppedRepeats() {
      return droppedRepeats;
    },
    deliveriesByMessage,
    outageAnswers,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
