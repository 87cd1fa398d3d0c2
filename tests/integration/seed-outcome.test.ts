import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/auth/password.server";
import { DEMO_PASSWORD } from "../../app/domain/demo-accounts";
import { loadBoardReport } from "../../app/services/reports/board-report.server";
import { seedDemoData } from "../../db/seed/demo";
import { useTestDatabase } from "../support/database";

// The demo data's 2021 challenge carries the whole lifecycle after closing: judged, awarded,
// paid, supported and taken forward by councils. These figures are the ones a person exploring
// the demo will see, so they are pinned here, worked out from the plan in db/seed/outcome.ts.

// Seeded once; every test only reads.
const t = useTestDatabase({ keepBetweenTests: true });

let challengeId: number;
beforeAll(async () => {
  await seedDemoData(t.owner, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  challengeId = (
    await t.db
      .selectFrom("challenge")
      .select("id")
      .where("slug", "=", "community-recovery-2021")
      .executeTakeFirstOrThrow()
  ).id;
});

describe("the demo 2021 challenge after it closed", () => {
  it("was judged in two confirmed rounds: 24 ideas by 3 judges each, then a panel of 5 on the shortlist of 20", async () => {
    const rounds = await t.db
      .selectFrom("judging_round")
      .select(["id", "number", "status", "judges_per_entry", "advance_count"])
      .where("challenge_id", "=", challengeId)
      .orderBy("number")
      .execute();
    expect(rounds.map((r) => [r.number, r.status, r.judges_per_entry, r.advance_count])).toEqual([
      [1, "confirmed", 3, 20],
      [2, "confirmed", 5, 3],
    ]);
    const counts = await t.db
      .selectFrom("assignment")
      .innerJoin("review", "review.assignment_id", "assignment.id")
      .select([
        "assignment.round_id",
        sql<number>`count(*)::int`.as("reviews"),
        sql<number>`count(distinct assignment.entry_id)::int`.as("entries"),
      ])
      .where("review.status", "=", "submitted")
      .where(
        "assignment.round_id",
        "in",
        rounds.map((r) => r.id),
      )
      .groupBy("assignment.round_id")
      .orderBy("assignment.round_id")
      .execute();
    expect(counts.map((c) => [c.entries, c.reviews])).toEqual([
      [24, 72],
      [20, 100],
    ]);
    const results = await t.db
      .selectFrom("round_result")
      .select([
        "round_id",
        sql<number>`count(*)::int`.as("ranked"),
        sql<number>`count(*) filter (where selected)::int`.as("selected"),
      ])
      .where(
        "round_id",
        "in",
        rounds.map((r) => r.id),
      )
      .groupBy("round_id")
      .orderBy("round_id")
      .execute();
    expect(results.map((r) => [r.ranked, r.selected])).toEqual([
      [24, 20],
      [20, 3],
    ]);
  });

  it("never assigned a judge an idea from an organisation they declared a conflict with", async () => {
    const clashes = await t.db
      .selectFrom("assignment")
      .innerJoin("entry", "entry.id", "assignment.entry_id")
      .innerJoin("judge_conflict", (join) =>
        join
          .onRef("judge_conflict.judge_user_id", "=", "assignment.judge_user_id")
          .onRef("judge_conflict.organisation_id", "=", "entry.organisation_id")
          .onRef("judge_conflict.challenge_id", "=", "entry.challenge_id"),
      )
      .select("assignment.id")
      .execute();
    expect(clashes).toEqual([]);
    const conflicts = await t.db
      .selectFrom("judge_conflict")
      .select("source")
      .where("challenge_id", "=", challengeId)
      .execute();
    expect(conflicts).toEqual([{ source: "declared" }]);
  });

  it("has its awards proposed by one member of staff, approved by another and published on 20 May 2021", async () => {
    const list = await t.db
      .selectFrom("award_list")
      .selectAll()
      .where("challenge_id", "=", challengeId)
      .executeTakeFirstOrThrow();
    expect(list.status).toBe("published");
    expect(list.approved_by).not.toBe(list.proposed_by);
    const challenge = await t.db
      .selectFrom("challenge")
      .select("results_published_at")
      .where("id", "=", challengeId)
      .executeTakeFirstOrThrow();
    expect(list.published_at?.toISOString()).toBe("2021-05-20T09:00:00.000Z");
    expect(challenge.results_published_at?.toISOString()).toBe("2021-05-20T09:00:00.000Z");
    const awards = await t.db
      .selectFrom("award")
      .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
      .select([
        "prize_tier.name",
        sql<number>`count(*)::int`.as("n"),
        sql<number>`sum(award.cash_pence)::int`.as("cash"),
      ])
      .where("award.challenge_id", "=", challengeId)
      .groupBy("prize_tier.name")
      .orderBy("prize_tier.name")
      .execute();
    // 20 × £500 cash; the top 3 hold support, not cash.
    expect(awards).toEqual([
      { name: "Top 20", n: 20, cash: 1_000_000 },
      { name: "Top 3", n: 3, cash: 0 },
    ]);
    // The winners are among the shortlist: each holds both tiers.
    const both = await t.db
      .selectFrom("award")
      .select("entry_id")
      .where("challenge_id", "=", challengeId)
      .groupBy("entry_id")
      .having(sql`count(*)`, "=", 2)
      .execute();
    expect(both).toHaveLength(3);
  });

  it("has prize payments at every stage, most paid, with a history that ends at each payment's status", async () => {
    const payments = await t.db
      .selectFrom("prize_payment")
      .innerJoin("award", "award.id", "prize_payment.award_id")
      .select(["prize_payment.id", "prize_payment.status", "prize_payment.amount_pence"])
      .where("award.challenge_id", "=", challengeId)
      .execute();
    const byStatus = Object.fromEntries(
      ["awaiting_acceptance", "accepted", "details_received", "approved", "paid"].map((s) => [
        s,
        payments.filter((p) => p.status === s).length,
      ]),
    );
    expect(byStatus).toEqual({ awaiting_acceptance: 1, accepted: 1, details_received: 1, approved: 2, paid: 15 });
    // Paid 15 × £500 = £7,500; outstanding 5 × £500 = £2,500.
    const paid = payments.filter((p) => p.status === "paid").reduce((sum, p) => sum + p.amount_pence, 0);
    const outstanding = payments
      .filter((p) => p.status !== "paid" && p.status !== "cancelled")
      .reduce((sum, p) => sum + p.amount_pence, 0);
    expect([paid, outstanding]).toEqual([750_000, 250_000]);
    const last = await t.db
      .selectFrom("prize_payment_event as e")
      .select(["e.payment_id", "e.to_status"])
      .where(
        "e.payment_id",
        "in",
        payments.map((p) => p.id),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("prize_payment_event as later")
              .select("later.id")
              .whereRef("later.payment_id", "=", "e.payment_id")
              .whereRef("later.changed_at", ">", "e.changed_at"),
          ),
        ),
      )
      .execute();
    const status = new Map(payments.map((p) => [p.id, p.status]));
    expect(last.every((e) => status.get(e.payment_id) === e.to_status)).toBe(true);
    expect(last).toHaveLength(20);
  });

  it("keeps each winner's support within the £15,000 cap except one item carrying an authorised override", async () => {
    const ledgers = await t.db
      .selectFrom("support_item")
      .innerJoin("award", "award.id", "support_item.award_id")
      .select([
        "award.id",
        "award.support_cap_pence",
        sql<number>`sum(support_item.amount_pence)::int`.as("spent"),
        sql<number>`count(support_item.override_reason)::int`.as("overrides"),
      ])
      .where("award.challenge_id", "=", challengeId)
      .groupBy(["award.id", "award.support_cap_pence"])
      .orderBy("award.id")
      .execute();
    // Worked from the ledgers in db/seed/outcome.ts, with the approved support requests of
    // db/seed/after-award/support-requests.ts (£450 and £600).
    expect(ledgers.map((l) => [l.support_cap_pence, l.spent, l.overrides])).toEqual([
      [1_500_000, 1_438_750, 0],
      [1_500_000, 802_500, 0],
      [1_500_000, 1_540_000, 1],
    ]);
  });

  it("has the top 3's requests for support (approved into the ledger, refused with a reason, waiting) and one recovery", async () => {
    const requests = await t.db
      .selectFrom("support_request")
      .innerJoin("award", "award.id", "support_request.award_id")
      .leftJoin("support_item", "support_item.id", "support_request.support_item_id")
      .select(["support_request.status", "support_request.refusal_reason", "support_item.amount_pence"])
      .where("award.challenge_id", "=", challengeId)
      .orderBy("support_request.requested_at")
      .execute();
    expect(requests.map((r) => r.status).sort()).toEqual(["approved", "approved", "refused", "waiting"]);
    expect(requests.filter((r) => r.status === "approved").map((r) => r.amount_pence)).toEqual([60_000, 45_000]);
    expect(requests.find((r) => r.status === "refused")!.refusal_reason).toMatch(/lease/);
    const recoveries = await t.db
      .selectFrom("recovery")
      .innerJoin("award", "award.id", "recovery.award_id")
      .select(["recovery.status", "recovery.amount_pence", "recovery.recorded_by", "recovery.resolved_by"])
      .where("award.challenge_id", "=", challengeId)
      .execute();
    expect(recoveries).toHaveLength(1);
    expect(recoveries[0]).toMatchObject({ status: "received", amount_pence: 181_250 });
    expect(recoveries[0]!.resolved_by).not.toBe(recoveries[0]!.recorded_by);
  });

  it("has councils' interest only in ideas whose organisations agreed to share them", async () => {
    const interests = await t.db
      .selectFrom("council_interest")
      .innerJoin("entry", "entry.id", "council_interest.entry_id")
      .select(["entry.consent_share", "council_interest.local_authority_code"])
      .execute();
    expect(interests.length).toBeGreaterThanOrEqual(6);
    expect(interests.every((i) => i.consent_share)).toBe(true);
    expect(new Set(interests.map((i) => i.local_authority_code))).toEqual(
      new Set(["E08000025", "E08000026", "E10000031"]),
    );
  });

  it("gives the board report paid and outstanding totals equal to the sums of its payment records", async () => {
    const staff = await t.db
      .selectFrom("app_user")
      .select("id")
      .where("email", "=", "staff@demo.test")
      .executeTakeFirstOrThrow();
    const report = await loadBoardReport({ id: staff.id, ip: null }, challengeId, "2026-11-21");
    const table = report!.tables.find((x) => x.key === "payments-by-area")!;
    // Columns: area, paid (count), paid (pence), outstanding (count), outstanding (pence).
    const sum = (column: number) => table.rows.reduce((total, row) => total + Number(row[column]), 0);
    expect([sum(1), sum(2), sum(3), sum(4)]).toEqual([15, 750_000, 5, 250_000]);
    expect(table.totals).toEqual(["All priority areas", 15, 750_000, 5, 250_000]);
    // And against the payment records themselves, summed independently.
    const records = await t.db
      .selectFrom("prize_payment")
      .innerJoin("award", "award.id", "prize_payment.award_id")
      .select([
        sql<number>`coalesce(sum(amount_pence) filter (where prize_payment.status = 'paid'), 0)::int`.as("paid"),
        sql<number>`coalesce(sum(amount_pence) filter (where prize_payment.status not in ('paid','cancelled')), 0)::int`.as(
          "owed",
        ),
      ])
      .where("award.challenge_id", "=", challengeId)
      .executeTakeFirstOrThrow();
    expect([records.paid, records.owed]).toEqual([table.totals![2], table.totals![4]]);
  });

  it("has the board papers' budget of £55,000, which its twenty prizes and three support caps commit exactly", async () => {
    const staff = await t.db
      .selectFrom("app_user")
      .select("id")
      .where("email", "=", "staff@demo.test")
      .executeTakeFirstOrThrow();
    const report = await loadBoardReport({ id: staff.id, ip: null }, challengeId, "2026-11-21");
    const money = new Map(report!.tables.find((x) => x.key === "programme-money")!.rows.map((r) => [r[0], r[1]]));
    const support = await t.db
      .selectFrom("support_item")
      .innerJoin("award", "award.id", "support_item.award_id")
      .select(sql<number>`coalesce(sum(amount_pence), 0)::int`.as("spent"))
      .where("award.challenge_id", "=", challengeId)
      .executeTakeFirstOrThrow();
    expect(money.get("Budget")).toBe(5_500_000);
    expect(money.get("Committed")).toBe(5_500_000);
    expect(money.get("Prizes paid")).toBe(750_000);
    expect(money.get("Support spent")).toBe(support.spent);
    expect(money.get("Remaining")).toBe(money.get("Recovered"));
  });
});
