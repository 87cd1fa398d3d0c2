import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, expect, test } from "vitest";
import { openPGlite } from "../../db/client";
import {
  deliveryForm,
  entrantRequest,
  prepareEntrants,
  saveAcknowledged,
  submitAcknowledged,
} from "../load/support/entrants.mjs";
import { prepareDatabase, startApp, table, type AppDatabase, type AppProcess } from "./support/app-server";
import { createPerson, postForm, testHook, type Answer } from "./support/http";
import { createAppDatabase, startCluster } from "./support/postgres";
import { inPGliteTransaction, inTransaction, type Query } from "./support/queries";

// The app process is killed (SIGKILL: no draining, no closing) while entrants submit and staff
// propose and publish award lists, then started again on the same data: on PostgreSQL, and on the
// embedded database, which must recover its own folder. Every submission and every award change
// must be whole or absent afterwards: an entry submitted with its version, its receipt email
// queued and its audit event, or still a draft with none of them; an award list proposed with all
// its awards and payments, or not at all; results published with every result email queued, or
// not published and nothing queued. Whatever the app acknowledged before the kill is whole.

const ENTRANTS = 120;
const WORKERS = 20;
/** Award lists written while the process is killed: proposed, and published. */
const LISTS = 3;
const SCENARIO_ENTRIES = 12;
const WINNERS = 3;

interface Engine {
  name: string;
  database: AppDatabase;
  /** Runs fn with a query on the database; on the embedded engine only while the app is stopped. */
  withQuery<T>(fn: (query: Query) => Promise<T>): Promise<T>;
  /** Whether the checks need the app stopped (the embedded database belongs to one process). */
  exclusive: boolean;
  remove(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((e) => console.error(e));
});

async function postgresEngine(): Promise<Engine> {
  const cluster = await startCluster();
  const database = await createAppDatabase(cluster);
  const owner = new pg.Pool({ connectionString: database.ownerUrl, max: 2 });
  owner.on("error", () => {});
  return {
    name: "PostgreSQL",
    database: { databaseUrl: database.appUrl, ownerUrl: database.ownerUrl, role: database.role },
    withQuery: (fn) => inTransaction(owner, fn),
    exclusive: false,
    async remove() {
      await owner.end().catch(() => {});
      await cluster.remove();
    },
  };
}

function embeddedEngine(): Engine {
  const dataDir = mkdtempSync(path.join(tmpdir(), "cric-faults-pglite-"));
  return {
    name: "the embedded database",
    database: { dataDir },
    async withQuery(fn) {
      const pglite = await openPGlite(path.join(dataDir, "pglite"));
      try {
        return await inPGliteTransaction(pglite, fn);
      } finally {
        await pglite.close();
        rmSync(`${path.join(dataDir, "pglite")}.lock`, { force: true });
      }
    },
    exclusive: true,
    async remove() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function killMidWrites(engine: Engine) {
  cleanups.push(() => engine.remove());
  prepareDatabase(engine.database);
  const prepared = await engine.withQuery((query) =>
    prepareEntrants((fn) => fn(query), ENTRANTS, { prefix: "killed" }),
  );
  let app: AppProcess = await startApp({ database: engine.database });
  cleanups.push(() => app.stop());
  const base = app.baseUrl;

  // Award lists ready for the moment of the kill: closed challenges with confirmed rounds, the
  // first of each kind taken all the way beforehand to show what a whole one looks like.
  const proposer = await createPerson(base, "staff", "Pat Proposer");
  const approver = await createPerson(base, "staff", "Alex Approver");
  const challenge = async () => {
    const scenario = await testHook<{ challengeId: number; entries: { id: number }[] }>(base, "scenarios", {
      entries: SCENARIO_ENTRIES,
    });
    const ids = scenario.entries.map((e) => e.id);
    await testHook(base, "awards", {
      challengeId: scenario.challengeId,
      shortlist: ids,
      winners: ids.slice(0, WINNERS),
    });
    return scenario.challengeId;
  };
  const awardAction = async (challengeId: number, who: typeof proposer, intent: string) => {
    const answer = await postForm(base, who, `/staff/awards/${challengeId}`, { intent });
    return { answer, acknowledged: answer.status === 302 && (answer.location ?? "").includes("?notice=") };
  };
  const mustDo = async (challengeId: number, who: typeof proposer, intent: string) => {
    const { answer, acknowledged } = await awardAction(challengeId, who, intent);
    if (!acknowledged)
      throw new Error(`${intent} on challenge ${challengeId}: ${answer.status} ${answer.text.slice(0, 300)}`);
  };
  const wholeProposal = await challenge();
  await mustDo(wholeProposal, proposer, "propose");
  const wholePublication = await challenge();
  await mustDo(wholePublication, proposer, "propose");
  await mustDo(wholePublication, approver, "approve");
  await mustDo(wholePublication, approver, "publish");
  const toPropose: number[] = [];
  const toPublish: number[] = [];
  for (let i = 0; i < LISTS; i++) {
    toPropose.push(await challenge());
    const id = await challenge();
    await mustDo(id, proposer, "propose");
    await mustDo(id, approver, "approve");
    toPublish.push(id);
  }

  // Entrants save and submit, WORKERS at a time, until the process dies under them.
  const outcomes = new Map<number, { started: boolean; acknowledged: boolean; answer?: Answer }>();
  let killed = false;
  let next = 0;
  const journey = async (entrant: (typeof prepared.entrants)[number]) => {
    const outcome = { started: true, acknowledged: false } as { started: boolean; acknowledged: boolean };
    outcomes.set(entrant.entryId, outcome);
    const save = await entrantRequest(base, entrant, `/entries/${entrant.reference}/delivery`, deliveryForm(entrant));
    if (!saveAcknowledged(entrant, save)) return;
    const submit = await entrantRequest(base, entrant, `/entries/${entrant.reference}/check`, {
      version: String(entrant.version + 1),
    });
    outcome.acknowledged = submitAcknowledged(entrant, submit);
  };
  // The last entrant is kept back, to submit after the restart.
  const late = prepared.entrants.at(-1)!;
  const worker = async () => {
    while (!killed && next < prepared.entrants.length - 1) await journey(prepared.entrants[next++]!);
  };
  const acknowledgedCount = () => [...outcomes.values()].filter((o) => o.acknowledged).length;
  const load = Promise.all(Array.from({ length: WORKERS }, worker));
  const until = Date.now() + 60_000;
  while (acknowledgedCount() < 10 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));

  // The award lists are written all at once, with the entrants still submitting; the process is
  // killed as soon as the first of them is answered, so the others are cut off part way.
  const awardWrites = [
    ...toPropose.map((id) => awardAction(id, proposer, "propose").then((r) => ({ id, kind: "propose", ...r }))),
    ...toPublish.map((id) => awardAction(id, approver, "publish").then((r) => ({ id, kind: "publish", ...r }))),
  ];
  await Promise.race(awardWrites);
  const submissionsBeforeKill = acknowledgedCount();
  killed = true;
  await app.kill();
  const awardResults = await Promise.all(awardWrites);
  await load;

  // Started again on the same data: the embedded database recovers its folder itself.
  const restartAt = Date.now();
  app = await startApp({ database: engine.database, port: app.port });
  const recoverSeconds = (Date.now() - restartAt) / 1000;
  // The service takes writes again: an entrant who had not started yet submits.
  const lateSave = await entrantRequest(app.baseUrl, late, `/entries/${late.reference}/delivery`, deliveryForm(late));
  const lateSubmit = await entrantRequest(app.baseUrl, late, `/entries/${late.reference}/check`, {
    version: String(late.version + 1),
  });
  const lateAcknowledged = saveAcknowledged(late, lateSave) && submitAcknowledged(late, lateSubmit);
  if (engine.exclusive) await app.stop();

  // What the database holds, per entry and per award list.
  const found = await engine.withQuery(async (query) => {
    const entries = (
      await query(
        `select e.id, e.status,
           (select count(*)::int from entry_submission s where s.entry_id = e.id) as submissions,
           (select count(*)::int from entry_submission s where s.entry_id = e.id and s.snapshot->>'delivery' = x.delivery) as with_text,
           (select count(*)::int from email_outbox o where o.idempotency_key like 'entry-receipt:' || e.id || ':%') as receipts,
           (select count(*)::int from audit_event a where a.action = 'entry_submitted' and a.subject_id = e.id::text) as audits
         from entry e join unnest($1::int[], $2::text[]) as x(id, delivery) on x.id = e.id`,
        [prepared.entrants.map((e) => e.entryId), prepared.entrants.map((e) => e.delivery)],
      )
    ).rows as {
      id: number;
      status: string;
      submissions: number;
      with_text: number;
      receipts: number;
      audits: number;
    }[];
    const lists = (
      await query(
        `select c.id, c.results_published_at is not null as published_at_set, l.status,
           (select count(*)::int from award a where a.challenge_id = c.id) as awards,
           (select count(*)::int from prize_payment p join award a on a.id = p.award_id where a.challenge_id = c.id) as payments,
           (select count(*)::int from prize_payment_event v join prize_payment p on p.id = v.payment_id
              join award a on a.id = p.award_id where a.challenge_id = c.id) as payment_events,
           (select count(*)::int from email_outbox o join entry e on e.challenge_id = c.id
              where o.idempotency_key like 'award-offer:' || e.id || ':%'
                 or o.idempotency_key like 'entry-result:' || e.id || ':%') as result_emails,
           (select count(*)::int from audit_event a where a.action = 'results_published' and a.subject_id = c.id::text) as publish_audits
         from challenge c left join award_list l on l.challenge_id = c.id
         where c.id = any($1::int[])`,
        [[wholeProposal, wholePublication, ...toPropose, ...toPublish]],
      )
    ).rows as {
      id: number;
      published_at_set: boolean;
      status: string | null;
      awards: number;
      payments: number;
      payment_events: number;
      result_emails: number;
      publish_audits: number;
    }[];
    return { entries, lists: new Map(lists.map((l) => [l.id, l])) };
  });

  // Submissions: whole (submitted once, with its text, receipt and audit event) or absent.
  const started = prepared.entrants.filter((e) => outcomes.has(e.entryId));
  const byId = new Map(found.entries.map((e) => [e.id, e]));
  const whole = (id: number) => {
    const e = byId.get(id)!;
    return e.status === "submitted" && e.submissions === 1 && e.with_text === 1 && e.receipts === 1 && e.audits === 1;
  };
  const absent = (id: number) => {
    const e = byId.get(id)!;
    return e.status === "draft" && e.submissions === 0 && e.receipts === 0 && e.audits === 0;
  };
  const acknowledged = started.filter((e) => outcomes.get(e.entryId)!.acknowledged).map((e) => e.entryId);
  const partial = started.map((e) => e.entryId).filter((id) => !whole(id) && !absent(id));
  const lost = acknowledged.filter((id) => !whole(id));
  const doubled = found.entries.filter((e) => e.submissions > 1).map((e) => e.id);
  const submittedInDatabase = started.filter((e) => whole(e.entryId)).length;

  // Award lists: compared with the whole ones made before the kill.
  const model = { proposal: found.lists.get(wholeProposal)!, publication: found.lists.get(wholePublication)! };
  const proposalWhole = (l: typeof model.proposal) =>
    l.status === "proposed" &&
    l.awards === model.proposal.awards &&
    l.payments === model.proposal.payments &&
    l.payment_events === model.proposal.payment_events;
  const proposalAbsent = (l: typeof model.proposal) =>
    l.status === null && l.awards === 0 && l.payments === 0 && l.payment_events === 0;
  const publicationWhole = (l: typeof model.proposal) =>
    l.status === "published" &&
    l.published_at_set &&
    l.result_emails === model.publication.result_emails &&
    l.publish_audits === 1;
  const publicationAbsent = (l: typeof model.proposal) =>
    l.status === "approved" && !l.published_at_set && l.result_emails === 0 && l.publish_audits === 0;
  const awardRows = awardResults.map((r) => {
    const l = found.lists.get(r.id)!;
    const isWhole = r.kind === "propose" ? proposalWhole(l) : publicationWhole(l);
    const isAbsent = r.kind === "propose" ? proposalAbsent(l) : publicationAbsent(l);
    return { ...r, whole: isWhole, absent: isAbsent };
  });
  const count = (kind: string, test: (r: (typeof awardRows)[number]) => boolean) =>
    awardRows.filter((r) => r.kind === kind && test(r)).length;

  console.log(
    `\nApp process killed (SIGKILL) mid-write on ${engine.name}, then restarted on the same data\n` +
      table([
        ["", "submissions", "award lists proposed", "results published"],
        ["requests", started.length, LISTS, LISTS],
        [
          "acknowledged before the kill",
          submissionsBeforeKill,
          count("propose", (r) => r.acknowledged),
          count("publish", (r) => r.acknowledged),
        ],
        [
          "not acknowledged (cut off by the kill)",
          started.filter((e) => !outcomes.get(e.entryId)!.acknowledged).length,
          count("propose", (r) => !!r.answer.networkError),
          count("publish", (r) => !!r.answer.networkError),
        ],
        [
          "whole in the database",
          submittedInDatabase,
          count("propose", (r) => r.whole),
          count("publish", (r) => r.whole),
        ],
        [
          "absent (not written at all)",
          started.filter((e) => absent(e.entryId)).length,
          count("propose", (r) => r.absent),
          count("publish", (r) => r.absent),
        ],
        [
          "part written",
          partial.length,
          count("propose", (r) => !r.whole && !r.absent),
          count("publish", (r) => !r.whole && !r.absent),
        ],
        [
          "acknowledged but lost",
          lost.length,
          count("propose", (r) => r.acknowledged && !r.whole),
          count("publish", (r) => r.acknowledged && !r.whole),
        ],
        ["doubled", doubled.length, "-", "-"],
      ]) +
      `\nseconds to recover (restart to /healthz 200): ${recoverSeconds.toFixed(1)}; a new submission after it: ${lateAcknowledged ? "acknowledged" : "FAILED"}`,
  );

  expect(proposalWhole(model.proposal), "the award list proposed before the kill is whole").toBe(true);
  expect(model.proposal.awards, "a proposed list has several awards").toBeGreaterThan(1);
  expect(publicationWhole(model.publication), "the results published before the kill are whole").toBe(true);
  expect(model.publication.result_emails, "publishing queues an email per entrant").toBeGreaterThanOrEqual(
    SCENARIO_ENTRIES,
  );
  expect(acknowledged.length, "submissions acknowledged before the kill").toBeGreaterThanOrEqual(10);
  expect(partial, "entries part submitted").toEqual([]);
  expect(lost, "acknowledged submissions not whole in the database").toEqual([]);
  expect(doubled, "entries submitted twice").toEqual([]);
  expect(
    awardRows.filter((r) => !r.whole && !r.absent).map((r) => `${r.kind} ${r.id}`),
    "award lists part written",
  ).toEqual([]);
  expect(
    awardRows.filter((r) => r.acknowledged && !r.whole).map((r) => `${r.kind} ${r.id}`),
    "award changes acknowledged but not whole",
  ).toEqual([]);
  expect(
    lateAcknowledged,
    `a submission after the restart: ${lateSubmit.status} ${lateSubmit.text.slice(0, 200)}`,
  ).toBe(true);
}

test("SIGKILL mid-write on PostgreSQL: every submission and award change is whole or absent after a restart", async () => {
  await killMidWrites(await postgresEngine());
});

test("SIGKILL mid-write on the embedded database: it recovers, and every submission and award change is whole or absent", async () => {
  await killMidWrites(embeddedEngine());
});
