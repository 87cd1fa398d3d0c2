import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setDatabase, type DatabaseHandle } from "../../db/client";
import { confirmRounds } from "../../app/dev-tools/test-awards.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { createTestAwards } from "../../app/dev-tools/test-support-plans.server";
import { AppError } from "../../app/services/app-error.server";
import { createSession, FULL_MESSAGE, respondToPlace } from "../../app/services/awards/masterclasses.server";
import { addSupportItem, ledgerTotal } from "../../app/services/awards/support-plans.server";
import { approveAwardListAsStaff, makeStaff } from "../support/awards-fixtures";
import { overlapping } from "../support/concurrency";
import { useTestDatabase } from "../support/database";

// Fault: 200 people writing against the same limits at once, on PostgreSQL. The top 3's support
// cap (£15,000 each, app/services/awards/support-plans.server.ts) and the masterclass sessions'
// capacity and one-place-per-award rule (app/services/awards/masterclasses.server.ts) are each
// kept by row locks taken inside the change's transaction. Here 200 service calls are started
// while a blocker holds the audit trail's lock (each change waits for it as it commits, holding
// its row locks), so they pile up in the database together, through a pool as large as the server
// allows, and are then let go at once (overlapping, tests/support/concurrency.ts).
// Afterwards: nothing over its limit, every refusal an AppError in words, nothing else thrown
// (no deadlock or serialisation failure reaching the person as a 500).
//
// PostgreSQL only, like the integration tests marked so: the embedded database runs one statement
// at a time, so writers cannot overlap in it. CI runs the fault stage with DATABASE_URL set (and
// 300 connections); `npm test` on the embedded database passes these two over.

const t = useTestDatabase();
const WRITERS = 200;
const CAP_PENCE = 1_500_000;
const NOW = new Date("2027-06-01T10:00:00Z");

let pool: DatabaseHandle | undefined;
let blocker: DatabaseHandle | undefined;
let poolSize = 0;

beforeAll(async () => {
  if (t.engine !== "postgres" || !t.url) return;
  // As many connections as the server can spare for the writers (CI's has max_connections 100).
  const { rows } = await sql<{ max: number; used: number; reserved: number }>`
    select current_setting('max_connections')::int as max,
      (select count(*)::int from pg_stat_activity) as used,
      current_setting('superuser_reserved_connections')::int as reserved`.execute(t.db);
  const { max, used, reserved } = rows[0]!;
  poolSize = Math.max(10, Math.min(WRITERS, max - used - reserved - 10));
  pool = await openDatabase({ databaseUrl: t.url, poolSize });
  blocker = await openDatabase({ databaseUrl: t.url, poolSize: 2 });
});

afterAll(async () => {
  setDatabase(t.handle);
  await pool?.close();
  await blocker?.close();
});

function requirePostgres(): void {
  if (t.engine !== "postgres" || !pool || !blocker) {
    throw new Error(
      "tests/faults/caps-under-load.test.ts needs PostgreSQL: run it with DATABASE_URL (or TEST_DATABASE_URL) set " +
        "to a server where it may create databases, as CI does. The embedded database cannot run writers side by side.",
    );
  }
}

interface Tally {
  accepted: number;
  refused: number;
  /** Rejections that are not an AppError: each would have been a 500 for the person. */
  errors: string[];
  /** AppErrors other than the expected refusals. */
  unexpected: string[];
}

function tally<T>(outcomes: PromiseSettledResult<T>[], isExpectedRefusal: (error: AppError) => boolean): Tally {
  const result: Tally = { accepted: 0, refused: 0, errors: [], unexpected: [] };
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") {
      result.accepted += 1;
    } else if (outcome.reason instanceof AppError) {
      if (isExpectedRefusal(outcome.reason)) result.refused += 1;
      else result.unexpected.push(`${outcome.reason.kind}: ${outcome.reason.message}`);
    } else {
      result.errors.push(String((outcome.reason as Error)?.message ?? outcome.reason));
    }
  }
  return result;
}

describe.skipIf(t.engine !== "postgres")(`${WRITERS} concurrent writers (PostgreSQL)`, () => {
  it("never take a top-3 winner's support over the £15,000 cap, and every refusal says why", async () => {
    requirePostgres();
    const scenario = await createScenario({ entries: 3 });
    const awards = await createTestAwards({
      challengeId: scenario.challengeId,
      awards: scenario.entries.map((e) => ({ entryId: e.id, tier: "top3" as const })),
    });
    expect(awards.map((a) => a.supportCapPence)).toEqual([CAP_PENCE, CAP_PENCE, CAP_PENCE]);
    const staff: Awaited<ReturnType<typeof makeStaff>>[] = [];
    for (const name of ["ava", "ben", "cal", "dee", "eli"]) staff.push(await makeStaff(t.db, name));
    // £250 to £2,500 an item: together far more than three caps, so most are refused.
    const amounts = [25_000, 50_000, 75_000, 100_000, 150_000, 250_000];

    setDatabase(pool);
    const started = Date.now();
    const outcomes = await overlapping(
      blocker!.db,
      () =>
        Array.from({ length: WRITERS }, (_, i) =>
          addSupportItem(staff[i % staff.length]!, awards[i % awards.length]!.awardId, {
            kind: "grant",
            happenedOn: "2027-05-01",
            description: `Writer ${i + 1}`,
            coachName: null,
            hours: null,
            amountPence: amounts[i % amounts.length]!,
            overrideReason: null,
          }),
        ),
      { poolSize, timeoutMs: 60_000 },
    );
    const seconds = (Date.now() - started) / 1000;
    setDatabase(t.handle);

    const result = tally(outcomes, (e) => e.kind === "invalid" && e.field === "amount" && /cap/.test(e.message));
    const totals = await Promise.all(awards.map((a) => ledgerTotal(t.db, a.awardId)));
    const acceptedPence = outcomes.reduce(
      (sum, o, i) => (o.status === "fulfilled" ? sum + amounts[i % amounts.length]! : sum),
      0,
    );
    const overCap = totals.reduce((sum, total) => sum + Math.max(0, total - CAP_PENCE), 0);
    console.log(
      `Support cap: writers ${WRITERS} (pool ${poolSize}), accepted ${result.accepted}, refused ${result.refused}, ` +
        `errors ${result.errors.length}, total ${totals.map((p) => `£${(p / 100).toFixed(2)}`).join(" / ")} ` +
        `of £${(CAP_PENCE / 100).toFixed(2)} each, over cap ${overCap} pence, ${seconds.toFixed(1)} s`,
    );

    expect(result.errors, "failures that would reach the person as a 500").toEqual([]);
    expect(result.unexpected).toEqual([]);
    expect(result.accepted + result.refused).toBe(WRITERS);
    expect(result.refused).toBeGreaterThan(0);
    expect(overCap).toBe(0);
    // What was acknowledged is what is in the ledgers, no more and no less.
    expect(totals.reduce((a, b) => a + b, 0)).toBe(acceptedPence);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from support_item`.execute(t.db);
    expect(rows[0]!.n).toBe(result.accepted);
    // No refusal in error: room only shrinks, so each refused item must be more than the room
    // its ledger has even now.
    const wrongRefusals = outcomes.filter(
      (o, i) => o.status === "rejected" && amounts[i % amounts.length]! <= CAP_PENCE - totals[i % awards.length]!,
    );
    expect(wrongRefusals).toHaveLength(0);
  });

  it("never fill a masterclass session past its capacity, nor give an award two places", async () => {
    requirePostgres();
    const scenario = await createScenario({ entries: 20 });
    const ids = scenario.entries.map((e) => e.id);
    await confirmRounds({ challengeId: scenario.challengeId, shortlist: ids, winners: ids.slice(0, 3) });
    const { sam } = await approveAwardListAsStaff(t.db, scenario.challengeId, NOW, { publish: true });
    // Ten sessions of 1 or 2 places (15 in all) for 20 awards, each of which tries every session.
    const capacities = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2];
    const sessions = [];
    for (const [i, capacity] of capacities.entries()) {
      const startsAt = new Date(Date.UTC(2027, 6, 1 + i, 9));
      sessions.push({
        capacity,
        ...(await createSession(
          sam,
          scenario.challengeId,
          {
            title: `Masterclass ${i + 1}`,
            description: "",
            startsAt,
            endsAt: new Date(startsAt.getTime() + 3 * 3600_000),
            venue: "The Exchange, Birmingham",
            onlineUrl: null,
            capacity,
          },
          NOW,
        )),
      });
    }
    const places = await t.db
      .selectFrom("masterclass_place")
      .innerJoin("award", "award.id", "masterclass_place.award_id")
      .innerJoin("entry", "entry.id", "award.entry_id")
      .select([
        "masterclass_place.id",
        "masterclass_place.award_id",
        "masterclass_place.session_id",
        "entry.id as entryId",
      ])
      .orderBy("masterclass_place.id")
      .execute();
    expect(places).toHaveLength(WRITERS);
    const entrantOf = new Map(scenario.entries.map((e) => [e.id, e.entrantUserId]));

    setDatabase(pool);
    const started = Date.now();
    const outcomes = await overlapping(
      blocker!.db,
      () =>
        places.map((place) =>
          respondToPlace({ id: entrantOf.get(place.entryId)!, ip: null }, place.award_id, place.id, "accept", NOW),
        ),
      { poolSize, timeoutMs: 60_000 },
    );
    const seconds = (Date.now() - started) / 1000;
    setDatabase(t.handle);

    const result = tally(
      outcomes,
      (e) => e.kind === "conflict" && (e.message === FULL_MESSAGE || /already have a place on another/.test(e.message)),
    );
    const accepted = await t.db
      .selectFrom("masterclass_place")
      .select(["session_id", "award_id"])
      .where("status", "=", "accepted")
      .execute();
    const bySession = new Map<number, number>();
    const byAward = new Map<number, number>();
    for (const a of accepted) {
      bySession.set(a.session_id, (bySession.get(a.session_id) ?? 0) + 1);
      byAward.set(a.award_id, (byAward.get(a.award_id) ?? 0) + 1);
    }
    const overCapacity = sessions.reduce((sum, s) => sum + Math.max(0, (bySession.get(s.id) ?? 0) - s.capacity), 0);
    const secondPlaces = [...byAward.values()].reduce((sum, n) => sum + n - 1, 0);
    const capacity = capacities.reduce((a, b) => a + b, 0);
    console.log(
      `Masterclass places: writers ${WRITERS} (pool ${poolSize}), accepted ${result.accepted}, refused ${result.refused}, ` +
        `errors ${result.errors.length}, places taken ${accepted.length} of ${capacity}, over capacity ${overCapacity}, ` +
        `awards with two places ${secondPlaces}, ${seconds.toFixed(1)} s`,
    );

    expect(result.errors, "failures that would reach the person as a 500").toEqual([]);
    expect(result.unexpected).toEqual([]);
    expect(result.accepted + result.refused).toBe(WRITERS);
    expect(overCapacity).toBe(0);
    expect(secondPlaces).toBe(0);
    // Every acknowledged place is taken, and (with more awards than places, each trying every
    // session) every session ends full: a session left with room would mean a refusal in error.
    expect(accepted).toHaveLength(result.accepted);
    expect(accepted).toHaveLength(capacity);
  });
});
