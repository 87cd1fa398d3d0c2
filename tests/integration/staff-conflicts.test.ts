import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { approveAwardList, awardListPage, proposeAwardList } from "../../app/services/awards/awards.server";
import { staffChangesPayment, winnerChangesPayment } from "../../app/services/awards/prize-payments.server";
import { publishAwardList } from "../../app/services/awards/publication.server";
import {
  declareStaffConflict,
  paymentConflicts,
  staffConflictPage,
  staffConflictsFor,
  withdrawStaffConflict,
} from "../../app/services/awards/staff-conflicts.server";
import type { Actor } from "../../app/services/actor.server";
import { confirmRounds } from "../../app/dev-tools/test-awards.server";
import { createScenario, type Scenario } from "../../app/dev-tools/test-scenarios.server";
import { clearAwardsForPayment, makeStaff } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";

// A member of staff with a conflict of interest on an entry cannot approve an award list or
// publish results that include it, nor change its prize payment; the database refuses the same
// changes made directly as that person. Each source of a conflict is tried in turn: judging the
// entry, belonging to its organisation, declaring one (and, as a judge, recording one with its
// organisation).

const t = useTestDatabase();
const NOW = new Date("2027-06-01T10:00:00Z");

/** Four entries; 0-2 shortlisted (£500 each), 0 the winner. Sam proposes; Alex is the one with the conflict. */
async function proposed() {
  const scenario: Scenario = await createScenario({ entries: 4 });
  const ids = scenario.entries.map((e) => e.id);
  const rounds = await confirmRounds({
    challengeId: scenario.challengeId,
    shortlist: ids.slice(0, 3),
    winners: [ids[0]!],
  });
  const sam = await makeStaff(t.db, "sam");
  const kim = await makeStaff(t.db, "kim");
  const alex = await makeStaff(t.db, "alex");
  await proposeAwardList(sam, scenario.challengeId, NOW);
  const conflicted = scenario.entries[1]!;
  const payment = await t.db
    .selectFrom("prize_payment")
    .innerJoin("award", "award.id", "prize_payment.award_id")
    .select(["prize_payment.id", "award.id as awardId"])
    .where("award.entry_id", "=", conflicted.id)
    .executeTakeFirstOrThrow();
  return { scenario, rounds, sam, kim, alex, conflicted, payment };
}

type Setup = Awaited<ReturnType<typeof proposed>>;

const SOURCES: { name: string; because: string; give: (s: Setup) => Promise<void> }[] = [
  {
    name: "judging the entry",
    because: "you judged it",
    give: async ({ rounds, alex, conflicted }) => {
      await t.db
        .insertInto("assignment")
        .values({ round_id: rounds.round1Id, entry_id: conflicted.id, judge_user_id: alex.id, source: "manual" })
        .execute();
    },
  },
  {
    name: "belonging to its organisation",
    because: "you belong to its organisation",
    give: async ({ alex, conflicted }) => {
      await t.db
        .insertInto("organisation_member")
        .values({ organisation_id: conflicted.organisationId, user_id: alex.id })
        .execute();
    },
  },
  {
    name: "declaring one",
    because: "you declared it",
    give: async ({ alex, conflicted }) => {
      await declareStaffConflict(alex, { reference: conflicted.reference, reason: "My sister runs it" }, NOW);
    },
  },
  {
    name: "recording one with its organisation as a judge",
    because: "you recorded it as a judge",
    give: async ({ scenario, alex, conflicted }) => {
      await t.db
        .insertInto("judge_conflict")
        .values({
          challenge_id: scenario.challengeId,
          judge_user_id: alex.id,
          organisation_id: conflicted.organisationId,
          source: "declared",
          reason: "I advised them on their bid",
        })
        .execute();
    },
  },
];

/** What the database answers when a statement is refused (the message of the error it raised). */
async function refusedByDatabase(statement: Promise<unknown>): Promise<string> {
  const error = await statement.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the database accepted the change").toBeInstanceOf(Error);
  return (error as Error).message;
}

const listStatus = async (challengeId: number) =>
  (
    await t.db
      .selectFrom("award_list")
      .select("status")
      .where("challenge_id", "=", challengeId)
      .executeTakeFirstOrThrow()
  ).status;

/** The winner takes the payment as far as staff approval. */
async function readyToApprove(setup: Setup) {
  const winner: Actor = { id: setup.conflicted.entrantUserId };
  await clearAwardsForPayment(t.db, setup.scenario.challengeId, NOW);
  await winnerChangesPayment(winner, setup.payment.awardId, { to: "accepted", version: 1 }, NOW);
  await winnerChangesPayment(winner, setup.payment.awardId, { to: "details_received", version: 2 }, NOW);
}

describe.each(SOURCES)("a member of staff with a conflict from $name", ({ because, give }) => {
  it("cannot approve the award list, in the service or in the database; a colleague without one can", async () => {
    const setup = await proposed();
    const { scenario, alex, kim, conflicted } = setup;
    await give(setup);

    const refusal = await refusalOf(approveAwardList(alex, scenario.challengeId, NOW));
    expect(refusal.status).toBe(403);
    await expect(approveAwardList(alex, scenario.challengeId, NOW)).rejects.toMatchObject({
      kind: "forbidden",
      field: "form",
      message: `You cannot approve this award list: you have a conflict of interest with ${conflicted.reference} (${because}). Another member of staff must do it`,
    });
    expect(await listStatus(scenario.challengeId)).toBe("proposed");

    const message = await refusedByDatabase(
      t.db
        .updateTable("award_list")
        .set({ status: "approved", approved_by: alex.id, approved_at: NOW })
        .where("challenge_id", "=", scenario.challengeId)
        .execute(),
    );
    expect(message).toContain(`conflict of interest with ${conflicted.reference}`);
    expect(await listStatus(scenario.challengeId)).toBe("proposed");

    // The page flags the entry and offers no approve button's worth of data to act on.
    const page = await awardListPage(alex, scenario.challengeId, NOW);
    expect(page.conflicts).toEqual([`${conflicted.reference} (${because})`]);
    const flagged = page.tiers.flatMap((tier) => tier.entries).filter((e) => e.conflict);
    expect(new Set(flagged.map((e) => e.reference))).toEqual(new Set([conflicted.reference]));
    expect(flagged[0]!.conflict).toBe(`You have a conflict of interest with this entry (${because})`);

    await approveAwardList(kim, scenario.challengeId, NOW);
    expect(await listStatus(scenario.challengeId)).toBe("approved");
  });

  it("cannot publish the results, in the service or in the database; a colleague without one can", async () => {
    const setup = await proposed();
    const { scenario, alex, kim, sam, conflicted } = setup;
    await approveAwardList(kim, scenario.challengeId, NOW);
    await give(setup);

    await expect(publishAwardList(alex, scenario.challengeId, NOW)).rejects.toMatchObject({
      kind: "forbidden",
      message: `You cannot publish these results: you have a conflict of interest with ${conflicted.reference} (${because}). Another member of staff must do it`,
    });
    const message = await refusedByDatabase(
      t.db
        .updateTable("award_list")
        .set({ status: "published", published_by: alex.id, published_at: NOW })
        .where("challenge_id", "=", scenario.challengeId)
        .execute(),
    );
    expect(message).toContain(`conflict of interest with ${conflicted.reference}`);
    expect(await listStatus(scenario.challengeId)).toBe("approved");
    expect(await t.db.selectFrom("email_outbox").select("id").execute()).toEqual([]);

    expect(await publishAwardList(sam, scenario.challengeId, NOW)).toMatchObject({ outcome: "published" });
  });

  it("cannot change the entry's prize payment, in the service or in the database; a colleague without one can", async () => {
    const setup = await proposed();
    const { scenario, alex, kim, sam, conflicted, payment } = setup;
    await approveAwardList(kim, scenario.challengeId, NOW);
    await publishAwardList(sam, scenario.challengeId, NOW);
    await give(setup);
    // The winner's own steps are theirs to take, conflict or not.
    await readyToApprove(setup);

    await expect(staffChangesPayment(alex, payment.id, { to: "approved", version: 3 }, NOW)).rejects.toMatchObject({
      kind: "forbidden",
      message: `You cannot change this payment: you have a conflict of interest with ${conflicted.reference} (${because}). Another member of staff must do it`,
    });
    await expect(
      staffChangesPayment(alex, payment.id, { to: "cancelled", version: 3, reason: "Duplicate" }, NOW),
    ).rejects.toMatchObject({ kind: "forbidden" });
    const message = await refusedByDatabase(
      t.db
        .updateTable("prize_payment")
        .set({ status: "approved", approved_at: NOW, updated_by: alex.id })
        .where("id", "=", payment.id)
        .execute(),
    );
    expect(message).toContain(`conflict of interest with ${conflicted.reference}`);
    const row = await t.db
      .selectFrom("prize_payment")
      .select(["status", "version"])
      .where("id", "=", payment.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "details_received", version: 3 });

    expect(await paymentConflicts(alex, [payment.id])).toEqual({
      [payment.id]: {
        reference: conflicted.reference,
        warning: `You have a conflict of interest with this entry (${because})`,
      },
    });
    expect(await paymentConflicts(kim, [payment.id])).toEqual({});
    expect(await staffChangesPayment(kim, payment.id, { to: "approved", version: 3 }, NOW)).toBe("approved");
  });
});

describe("who has a conflict", () => {
  it("names nothing for a member of staff who neither judged, belongs to nor declared anything", async () => {
    const { scenario, kim } = await proposed();
    expect(
      await staffConflictsFor(
        t.db,
        kim,
        scenario.entries.map((e) => e.id),
      ),
    ).toEqual([]);
  });

  it("does not count an assignment ended before any review, but does one the judge had started reviewing", async () => {
    const { rounds, alex, conflicted, scenario } = await proposed();
    const other = scenario.entries[2]!;
    const [unstarted, started] = await t.db
      .insertInto("assignment")
      .values([
        {
          round_id: rounds.round1Id,
          entry_id: conflicted.id,
          judge_user_id: alex.id,
          source: "manual",
          removed_at: NOW,
        },
        { round_id: rounds.round1Id, entry_id: other.id, judge_user_id: alex.id, source: "manual", removed_at: NOW },
      ])
      .returning("id")
      .execute();
    expect(unstarted).toBeDefined();
    await t.db.insertInto("review").values({ assignment_id: started!.id }).execute();
    const found = await staffConflictsFor(t.db, alex, [conflicted.id, other.id]);
    expect(found.map((c) => [c.reference, c.because])).toEqual([[other.reference, "you judged it"]]);
    // The database's rule says the same of both entries.
    const { rows } = await sql<{ conflicted: boolean; other: boolean }>`
      select staff_has_conflict(${alex.id}, ${conflicted.id}) as conflicted, staff_has_conflict(${alex.id}, ${other.id}) as other`.execute(
      t.db,
    );
    expect(rows).toEqual([{ conflicted: false, other: true }]);
  });

  it("gives every reason that applies, and lists every conflicted entry in the refusal", async () => {
    const setup = await proposed();
    const { scenario, alex, conflicted } = setup;
    const winner = scenario.entries[0]!;
    await SOURCES[1]!.give(setup);
    await declareStaffConflict(alex, { reference: conflicted.reference, reason: "I am a trustee" }, NOW);
    await declareStaffConflict(alex, { reference: winner.reference, reason: "My neighbour wrote it" }, NOW);
    const [first, second] = [winner, conflicted].sort((a, b) => a.reference.localeCompare(b.reference));
    const words = (e: typeof winner) =>
      e === conflicted ? "you belong to its organisation and you declared it" : "you declared it";
    await expect(approveAwardList(alex, scenario.challengeId, NOW)).rejects.toMatchObject({
      message: `You cannot approve this award list: you have a conflict of interest with ${first!.reference} (${words(first!)}) and ${second!.reference} (${words(second!)}). Another member of staff must do it`,
    });
  });
});

describe("declaring a conflict from the staff entry page", () => {
  it("is recorded with its reason, blocks approval until withdrawn, and both are in the entry's history", async () => {
    const { scenario, alex, conflicted } = await proposed();
    expect(await staffConflictPage(alex, conflicted.reference)).toMatchObject({ warning: null, declared: null });

    await expect(
      declareStaffConflict(alex, { reference: conflicted.reference, reason: "  " }, NOW),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "reason",
      message: "Enter why you have a conflict of interest with this entry",
    });
    await declareStaffConflict(alex, { reference: conflicted.reference, reason: " My sister runs it " }, NOW);
    expect(await staffConflictPage(alex, conflicted.reference)).toMatchObject({
      warning: "You have a conflict of interest with this entry (you declared it)",
      declared: { reason: "My sister runs it", declaredAt: NOW },
    });
    await expect(
      declareStaffConflict(alex, { reference: conflicted.reference, reason: "Again" }, NOW),
    ).rejects.toMatchObject({
      kind: "conflict",
      message: "You have already declared a conflict of interest with this entry",
    });
    await expect(approveAwardList(alex, scenario.challengeId, NOW)).rejects.toMatchObject({ kind: "forbidden" });

    await withdrawStaffConflict(alex, { reference: conflicted.reference });
    expect(await staffConflictPage(alex, conflicted.reference)).toMatchObject({ warning: null, declared: null });
    await expect(withdrawStaffConflict(alex, { reference: conflicted.reference })).rejects.toMatchObject({
      kind: "conflict",
      message: "You have not declared a conflict of interest with this entry",
    });
    await approveAwardList(alex, scenario.challengeId, NOW);
    expect(await listStatus(scenario.challengeId)).toBe("approved");

    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "actor_user_id", "subject_type", "subject_id", "details"])
      .where("action", "like", "staff\\_conflict\\_%")
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      {
        action: "staff_conflict_declared",
        actor_user_id: alex.id,
        subject_type: "entry",
        subject_id: String(conflicted.id),
        details: { reference: conflicted.reference, reason: "My sister runs it" },
      },
      {
        action: "staff_conflict_withdrawn",
        actor_user_id: alex.id,
        subject_type: "entry",
        subject_id: String(conflicted.id),
        details: { reference: conflicted.reference, reason: "My sister runs it" },
      },
    ]);
  });

  it("is for staff only, and an unknown entry is not found", async () => {
    const { conflicted } = await proposed();
    const entrant: Actor = { id: conflicted.entrantUserId };
    expect(
      (await refusalOf(declareStaffConflict(entrant, { reference: conflicted.reference, reason: "x" }))).status,
    ).toBe(403);
    expect((await refusalOf(staffConflictPage(entrant, conflicted.reference))).status).toBe(403);
    const alex = await t.db
      .selectFrom("app_user")
      .select("id")
      .where("email", "like", "alex@%")
      .executeTakeFirstOrThrow();
    expect((await refusalOf(declareStaffConflict(alex, { reference: "CRI-9999", reason: "x" }))).status).toBe(404);
  });
});
