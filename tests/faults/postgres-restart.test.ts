import pg from "pg";
import { afterEach, expect, test } from "vitest";
import {
  deliveryForm,
  entrantRequest,
  prepareEntrants,
  saveAcknowledged,
  submissionsFound,
  submitAcknowledged,
} from "../load/support/entrants.mjs";
import { delay, prepareDatabase, startApp, table, type AppProcess } from "./support/app-server";
import { createAppDatabase, startCluster, type Cluster } from "./support/postgres";
import { inTransaction } from "./support/queries";

type Entrant = Awaited<ReturnType<typeof prepareEntrants>>["entrants"][number];

// PostgreSQL is restarted (stopped for about five seconds, then started) while 50 entrants save
// the last section of their entry and submit it, one after another, as fast as the app answers.
// What must hold: every submission the app acknowledged is in the database, none twice; no
// request hangs (each gets an answer, a 503 page at worst, within 15 s); /healthz says the
// database is unavailable while it is; and the service answers again within 30 s of the
// database coming back.

const WORKERS = 50;
const ENTRANTS = 1_500;
const OUTAGE_MS = 5_000;
const REQUEST_BOUND_MS = 15_000;
const RECOVERY_BOUND_MS = 30_000;

let cluster: Cluster | undefined;
let app: AppProcess | undefined;
let owner: pg.Pool | undefined;

// Everything is set up inside the test, so a machine without PostgreSQL fails it (saying what to
// install) rather than skipping it.
async function setUp() {
  cluster = await startCluster();
  const database = await createAppDatabase(cluster);
  prepareDatabase({ databaseUrl: database.appUrl, ownerUrl: database.ownerUrl, role: database.role });
  owner = new pg.Pool({ connectionString: database.ownerUrl, max: 2 });
  // An owner's connection dies with the restart too; the pool opens another for the checks.
  owner.on("error", () => {});
  const prepared = await prepareEntrants((fn) => inTransaction(owner!, fn), ENTRANTS, { prefix: "restart" });
  // The email worker and scheduler run too, as in production: they must ride out the outage.
  app = await startApp({ database: { databaseUrl: database.appUrl }, emailWorker: true });
  return prepared;
}

afterEach(async () => {
  await app?.stop();
  await owner?.end().catch(() => {});
  await cluster?.remove();
});

/** "500 x12, no answer x3": how the failed requests were answered. */
function byAnswer(samples: Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) {
    const key = s.networkError ? "no answer" : String(s.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key} x${n}`).join(", ") || "none";
}

interface Sample {
  kind: "save" | "submit";
  at: number;
  ms: number;
  status: number;
  networkError: string | null;
}

test("PostgreSQL restarted under 50 entrants: nothing acknowledged is lost or doubled, nothing hangs, recovery within 30 s", async () => {
  const prepared = await setUp();
  const base = app!.baseUrl;
  const samples: Sample[] = [];
  const acknowledged = new Set<number>();
  let running = true;
  let next = 0;

  const send = async (kind: Sample["kind"], entrant: Entrant, body: Record<string, string>) => {
    const path = kind === "save" ? `/entries/${entrant.reference}/delivery` : `/entries/${entrant.reference}/check`;
    // Well past the bound: a request still unanswered by then has hung, and is counted so.
    const answer = await entrantRequest(base, entrant, path, body, { timeoutMs: REQUEST_BOUND_MS + 5_000 });
    samples.push({ kind, at: Date.now(), ms: answer.ms, status: answer.status, networkError: answer.networkError });
    return answer;
  };
  const failedOnTheServer = (answer: { status: number; networkError: string | null }) =>
    answer.status >= 500 || answer.networkError !== null;

  // An entrant saves the delivery section, then submits. When the service fails (an error page or
  // no answer) they try the same step again a moment later, as a person would: a submit pressed
  // twice must still make one submission.
  const journey = async (entrant: Entrant) => {
    for (;;) {
      const save = await send("save", entrant, deliveryForm(entrant));
      if (saveAcknowledged(entrant, save)) break;
      if (!failedOnTheServer(save) || !running) return;
      await delay(500);
    }
    const submitForm = { version: String(entrant.version + 1) };
    for (;;) {
      const submit = await send("submit", entrant, submitForm);
      if (submitAcknowledged(entrant, submit)) {
        acknowledged.add(entrant.entryId);
        return;
      }
      if (!failedOnTheServer(submit) || !running) return;
      await delay(500);
    }
  };
  const worker = async () => {
    while (running && next < prepared.entrants.length) await journey(prepared.entrants[next++]!);
  };

  const health: { at: number; status: number; body: string }[] = [];
  const watchHealth = async () => {
    while (running) {
      const at = Date.now();
      try {
        const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(REQUEST_BOUND_MS) });
        health.push({ at, status: response.status, body: await response.text() });
      } catch (error) {
        health.push({ at, status: 0, body: String((error as Error).cause ?? error) });
      }
      await delay(250);
    }
  };

  const load = Promise.all(Array.from({ length: WORKERS }, worker));
  const watching = watchHealth();

  // The load settles in before the database goes away.
  const until = Date.now() + 30_000;
  while (acknowledged.size < 20 && Date.now() < until) await delay(100);
  const beforeOutage = acknowledged.size;
  const stopAt = Date.now();
  await cluster!.stop();
  const stoppedAt = Date.now();
  await delay(OUTAGE_MS);
  const startAt = Date.now();
  await cluster!.start();
  const backAt = Date.now();

  // Recovered: the first 200 from /healthz after the database is back, and a submission
  // acknowledged after that.
  let healthyAt: number | undefined;
  let ackAfter: number | undefined;
  const ackCountAtBack = acknowledged.size;
  while (Date.now() - backAt < RECOVERY_BOUND_MS + 5_000) {
    healthyAt ??= health.find((h) => h.at >= backAt && h.status === 200)?.at;
    if (acknowledged.size > ackCountAtBack) ackAfter ??= Date.now();
    if (healthyAt && ackAfter) break;
    await delay(100);
  }
  // A few more seconds of load on the recovered service, then the entrants stop.
  await delay(3_000);
  running = false;
  await Promise.all([load, watching]);

  const found = await submissionsFound((text, params) => owner!.query(text, params), prepared.entrants);
  const lost = [...acknowledged].filter((id) => {
    const f = found.get(id);
    return !(f && f.status === "submitted" && f.submissions >= 1 && f.savedText);
  });
  const doubled = [...found.entries()].filter(([, f]) => f.submissions > 1).map(([id]) => id);
  const submittedInDatabase = [...found.values()].filter((f) => f.status === "submitted").length;
  const slowest = Math.max(...samples.map((s) => s.ms));
  const hung = samples.filter((s) => s.ms > REQUEST_BOUND_MS || (s.networkError ?? "").includes("Timeout"));
  const during = health.filter((h) => h.at >= stoppedAt && h.at + 100 < startAt);
  const errors = samples.filter((s) => s.status >= 500 || s.networkError);
  const recoverSeconds = healthyAt ? (healthyAt - backAt) / 1000 : Number.POSITIVE_INFINITY;
  const firstAckSeconds = ackAfter ? (ackAfter - backAt) / 1000 : Number.POSITIVE_INFINITY;

  console.log(
    `\nPostgreSQL restarted under load (${WORKERS} entrants at a time; database down ${((startAt - stopAt) / 1000).toFixed(1)} s)\n` +
      table([
        ["", ""],
        ["requests (save and submit)", samples.length],
        ["  of which failed (5xx or no answer)", errors.length],
        ["  failures by answer", byAnswer(errors)],
        ["  slowest answer", `${(slowest / 1000).toFixed(1)} s`],
        ["  hung (no answer within 15 s)", hung.length],
        ["entrants who started", Math.min(next, prepared.entrants.length)],
        ["acknowledged submissions", acknowledged.size],
        ["  before the outage", beforeOutage],
        ["entries submitted in the database", submittedInDatabase],
        ["acknowledged but lost", lost.length],
        ["doubled (more than one submitted version)", doubled.length],
        [
          "/healthz answers during the outage",
          `${during.length} (${during.filter((h) => h.status === 503).length} were 503)`,
        ],
        ["seconds to recover (/healthz 200 after the database was back)", recoverSeconds.toFixed(1)],
        ["seconds to the first acknowledged submission after it", firstAckSeconds.toFixed(1)],
      ]),
  );
  if (during[0]) console.log(`/healthz during the outage said: ${during[0].status} ${during[0].body}`);

  // The app process survived the outage (its output says why when it did not).
  expect(
    app!.child.exitCode ?? app!.child.signalCode,
    `the app stopped; its output:\n${app!.log().slice(-3000)}`,
  ).toBeNull();
  expect(lost, "acknowledged submissions missing from the database").toEqual([]);
  expect(doubled, "entries with more than one submitted version").toEqual([]);
  expect(hung, "requests with no answer within 15 s").toEqual([]);
  expect(during.length, "/healthz was asked during the outage").toBeGreaterThan(0);
  expect(
    during.filter((h) => h.status !== 503 || !h.body.startsWith("database unavailable")),
    "/healthz answers during the outage that were not 503 'database unavailable'",
  ).toEqual([]);
  expect(recoverSeconds, "seconds from the database's return to /healthz 200").toBeLessThan(RECOVERY_BOUND_MS / 1000);
  expect(firstAckSeconds, "seconds from the database's return to an acknowledged submission").toBeLessThan(
    RECOVERY_BOUND_MS / 1000,
  );
  expect(
    errors.filter((s) => s.status !== 503),
    "failed requests answered otherwise than 503 (the service is unavailable for a moment)",
  ).toEqual([]);
  // The outage was felt: the test really broke something.
  expect(errors.length, "requests that failed while the database was down").toBeGreaterThan(0);
});
