import { describe, expect, it } from "vitest";
import { publishAwardList } from "../../app/services/awards/publication.server";
import { winnerAwardPage } from "../../app/services/awards/awards.server";
import {
  exportPayments,
  listWinnerAwards,
  paymentDetail,
  paymentsPage,
  staffChangesPayment,
  winnerChangesPayment,
  winnerPayment,
} from "../../app/services/awards/prize-payments.server";
import { confirmRounds } from "../../app/dev-tools/test-awards.server";
import { createScenario, type Scenario } from "../../app/dev-tools/test-scenarios.server";
import { approveAwardListAsStaff, clearAwardsForPayment } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";
import { expectStaffOnly } from "../support/refused-callers";

const t = useTestDatabase();
const NOW = new Date("2027-06-01T10:00:00Z");
const LATER = new Date("2027-06-11T10:00:00Z");

/** A scenario whose awards are proposed and approved (and published unless told otherwise). */
async function awarded({ publish = true } = {}) {
  const scenario: Scenario = await createScenario({ entries: 4, localAuthorityCodes: ["E08000025", "E08000026"] });
  const ids = scenario.entries.map((e) => e.id);
  await confirmRounds({ challengeId: scenario.challengeId, shortlist: ids.slice(0, 3), winners: [ids[0]!] });
  const { sam, kim } = await approveAwardListAsStaff(t.db, scenario.challengeId, NOW, { publish });
  await clearAwardsForPayment(t.db, scenario.challengeId, NOW);
  const payments = await t.db
    .selectFrom("prize_payment")
    .innerJoin("award", "award.id", "prize_payment.award_id")
    .select(["prize_payment.id", "award.id as awardId", "award.entry_id"])
    .orderBy("award.entry_id")
    .execute();
  const winner = (index: number) => ({ id: scenario.entries[index]!.entrantUserId, ip: "198.51.100.4" });
  return { scenario, sam, kim, payments, winner };
}

async function version(paymentId: number) {
  return (
    await t.db.selectFrom("prize_payment").select("version").where("id", "=", paymentId).executeTakeFirstOrThrow()
  ).version;
}

describe("a prize payment from acceptance to paid", () => {
  it("records each change with who and when, in the history and the audit log", async () => {
    const { payments, winner, sam, kim } = await awarded();
    const payment = payments[0]!;
    const entrant = winner(0);
    expect(await winnerChangesPayment(entrant, payment.awardId, { to: "accepted", version: 1 }, NOW)).toBe("accepted");
    expect(
      await winnerChangesPayment(
        entrant,
        payment.awardId,
        { to: "details_received", version: 2, supplierReference: "SUP-00912" },
        NOW,
      ),
    ).toBe("details_received");
    expect(await staffChangesPayment(sam, payment.id, { to: "approved", version: 3 }, LATER)).toBe("approved");
    expect(
      await staffChangesPayment(kim, payment.id, { to: "paid", version: 4, financeReference: "PAYRUN-2027-06" }, LATER),
    ).toBe("paid");

    const row = await t.db
      .selectFrom("prize_payment")
      .selectAll()
      .where("id", "=", payment.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "paid",
      amount_pence: 50_000,
      supplier_reference: "SUP-00912",
      finance_reference: "PAYRUN-2027-06",
      accepted_by: entrant.id,
      accepted_at: NOW,
      details_received_at: NOW,
      approved_at: LATER,
      paid_at: LATER,
      updated_by: kim.id,
      approved_by: sam.id,
      paid_by: kim.id,
      details_recorded_by: entrant.id,
      version: 5,
    });
    const events = await t.db
      .selectFrom("prize_payment_event")
      .select(["from_status", "to_status", "changed_by"])
      .where("payment_id", "=", payment.id)
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { from_status: null, to_status: "awaiting_acceptance", changed_by: sam.id },
      { from_status: "awaiting_acceptance", to_status: "accepted", changed_by: entrant.id },
      { from_status: "accepted", to_status: "details_received", changed_by: entrant.id },
      { from_status: "details_received", to_status: "approved", changed_by: sam.id },
      { from_status: "approved", to_status: "paid", changed_by: kim.id },
    ]);
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["actor_user_id", "details"])
      .where("action", "=", "prize_payment_status_changed")
      .where("subject_id", "=", String(payment.id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => [a.actor_user_id, (a.details as { to: string }).to])).toEqual([
      [entrant.id, "accepted"],
      [entrant.id, "details_received"],
      [sam.id, "approved"],
      [kim.id, "paid"],
    ]);
    const detail = await paymentDetail(
      sam,
      (await t.db.selectFrom("award").select("challenge_id").executeTakeFirstOrThrow()).challenge_id,
      payment.id,
    );
    expect(detail.history.map((h) => h.to)).toEqual([
      "Paid",
      "Approved for payment",
      "Details received",
      "Accepted",
      "Awaiting acceptance",
    ]);
    expect(detail.next).toEqual([]);
  });
});

describe("refused changes", () => {
  it("refuses skipping a step, a winner approving, paying without a finance reference and cancelling without a reason", async () => {
    const { payments, winner, sam, kim } = await awarded();
    const payment = payments[1]!;
    await expect(
      staffChangesPayment(sam, payment.id, { to: "paid", version: 1, financeReference: "X" }),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "form",
      message: "A payment that is “awaiting acceptance” cannot become “paid”",
    });
    await winnerChangesPayment(winner(1), payment.awardId, { to: "accepted", version: 1 });
    await winnerChangesPayment(winner(1), payment.awardId, { to: "details_received", version: 2 });
    await expect(
      winnerChangesPayment(winner(1), payment.awardId, { to: "approved", version: 3 }),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "form",
      message: "Only the programme team can make this change",
    });
    await staffChangesPayment(sam, payment.id, { to: "approved", version: 3 });
    await expect(staffChangesPayment(kim, payment.id, { to: "paid", version: 4 })).rejects.toMatchObject({
      kind: "invalid",
      field: "financeReference",
      message: "Enter the finance reference of the payment",
    });
    await expect(
      staffChangesPayment(sam, payment.id, { to: "cancelled", version: 4, reason: " " }),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "reason",
      message: "Enter the reason the payment is cancelled",
    });
    expect(
      await staffChangesPayment(sam, payment.id, {
        to: "cancelled",
        version: 4,
        reason: "The organisation has closed",
      }),
    ).toBe("cancelled");
    await expect(
      staffChangesPayment(sam, payment.id, { to: "paid", version: 5, financeReference: "X" }),
    ).rejects.toMatchObject({ kind: "invalid" });
    const row = await t.db
      .selectFrom("prize_payment")
      .select(["status", "cancel_reason"])
      .where("id", "=", payment.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "cancelled", cancel_reason: "The organisation has closed" });
    // Refusals change nothing: 4 changes made, 4 recorded (plus the one at proposal).
    expect(
      await t.db.selectFrom("prize_payment_event").select("id").where("payment_id", "=", payment.id).execute(),
    ).toHaveLength(5);
  });

  it("refuses a change made on an out-of-date page", async () => {
    const { payments, sam, kim, winner } = await awarded();
    const payment = payments[0]!;
    await winnerChangesPayment(winner(0), payment.awardId, { to: "accepted", version: 1 });
    expect(await staffChangesPayment(sam, payment.id, { to: "cancelled", version: 2, reason: "Duplicate" })).toBe(
      "cancelled",
    );
    await expect(staffChangesPayment(kim, payment.id, { to: "details_received", version: 2 })).rejects.toMatchObject({
      kind: "conflict",
      field: "form",
      message: "Someone else changed this payment while you were looking at it. Check its status and try again",
    });
    expect(await version(payment.id)).toBe(3);
  });

  it("lets nobody but the winning organisation's members act, and nobody before publication", async () => {
    const unpublished = await awarded({ publish: false });
    const payment = unpublished.payments[0]!;
    await expect(
      winnerChangesPayment(unpublished.winner(0), payment.awardId, { to: "accepted", version: 1 }),
    ).rejects.toMatchObject({ kind: "not_found" });
    expect(await listWinnerAwards(unpublished.winner(0))).toEqual([]);
    await expect(winnerAwardPage(unpublished.winner(0), payment.awardId)).rejects.toMatchObject({ kind: "not_found" });
    await publishAwardList(unpublished.sam, unpublished.scenario.challengeId, NOW);
    // Entrant 1 belongs to another organisation.
    await expect(
      winnerChangesPayment(unpublished.winner(1), payment.awardId, { to: "accepted", version: 1 }),
    ).rejects.toMatchObject({ kind: "not_found" });
    await expect(winnerAwardPage(unpublished.winner(1), payment.awardId)).rejects.toMatchObject({ kind: "not_found" });
    await expect(winnerPayment(t.db, unpublished.winner(1), payment.awardId)).rejects.toMatchObject({
      kind: "not_found",
    });
    expect(await winnerAwardPage(unpublished.winner(0), payment.awardId)).toMatchObject({
      award: { tierName: "Top 20", cashPence: 50_000 },
      payment: { status: "awaiting_acceptance" },
    });
    expect((await listWinnerAwards(unpublished.winner(0))).map((a) => a.tierName).sort()).toEqual(["Top 20", "Top 3"]);
  });
});

describe("who may act for the programme on payments", () => {
  // Checked by the service itself, not only by the /staff routes.
  it("refuses every staff payment function to an entrant, a judge, a council officer and former staff, and changes nothing", async () => {
    const { scenario, payments, winner, kim } = await awarded();
    const payment = payments[0]!;
    await winnerChangesPayment(winner(0), payment.awardId, { to: "accepted", version: 1 }, NOW);
    await winnerChangesPayment(winner(0), payment.awardId, { to: "details_received", version: 2 }, NOW);
    const filters = { area: null, council: null, status: "all" } as const;
    // Details received: approving (or cancelling) would succeed for staff.
    await expectStaffOnly(t.db, (actor) => ({
      approve: () => staffChangesPayment(actor, payment.id, { to: "approved", version: 3 }, LATER),
      cancel: () => staffChangesPayment(actor, payment.id, { to: "cancelled", version: 3, reason: "No" }, LATER),
      paymentsPage: () => paymentsPage(actor, scenario.challengeId, filters, LATER),
      paymentDetail: () => paymentDetail(actor, scenario.challengeId, payment.id),
      exportPayments: () => exportPayments(actor, scenario.challengeId, filters, LATER),
    }));
    expect(await staffChangesPayment(kim, payment.id, { to: "approved", version: 3 }, LATER)).toBe("approved");
  });
});

describe("the payments list", () => {
  it("totals outstanding and paid in SQL to the penny, matching the payment records, with filters and ages", async () => {
    const { scenario, payments, winner, sam, kim } = await awarded();
    // Payment 0: paid. Payment 1: cancelled. Payment 2: accepted.
    const p = payments;
    await winnerChangesPayment(winner(0), p[0]!.awardId, { to: "accepted", version: 1 }, NOW);
    await winnerChangesPayment(winner(0), p[0]!.awardId, { to: "details_received", version: 2 }, NOW);
    await staffChangesPayment(sam, p[0]!.id, { to: "approved", version: 3 }, NOW);
    await staffChangesPayment(kim, p[0]!.id, { to: "paid", version: 4, financeReference: "PR-1" }, NOW);
    await staffChangesPayment(sam, p[1]!.id, { to: "cancelled", version: 1, reason: "Withdrew" }, NOW);
    await winnerChangesPayment(
      winner(2),
      p[2]!.awardId,
      { to: "accepted", version: 1 },
      new Date("2027-06-05T09:00:00Z"),
    );

    const all = await paymentsPage(sam, scenario.challengeId, { area: null, council: null, status: "all" }, LATER);
    expect(all.totals).toEqual({ outstandingPence: 50_000, paidPence: 50_000, outstandingCount: 1, paidCount: 1 });
    const records = await t.db.selectFrom("prize_payment").select(["status", "amount_pence"]).execute();
    const sum = (f: (s: string) => boolean) =>
      records.filter((r) => f(r.status)).reduce((s, r) => s + r.amount_pence, 0);
    expect(all.totals.paidPence).toBe(sum((s) => s === "paid"));
    expect(all.totals.outstandingPence).toBe(sum((s) => s !== "paid" && s !== "cancelled"));
    // Money never drifts: paid + outstanding + cancelled = the cash awarded.
    const awardedCash = (await t.db.selectFrom("award").select("cash_pence").execute()).reduce(
      (s, a) => s + a.cash_pence,
      0,
    );
    expect(all.totals.paidPence + all.totals.outstandingPence + sum((s) => s === "cancelled")).toBe(awardedCash);

    const outstanding = await paymentsPage(
      sam,
      scenario.challengeId,
      { area: null, council: null, status: "outstanding" },
      LATER,
    );
    expect(outstanding.rows.map((r) => [r.reference, r.statusLabel, r.ageDays])).toEqual([
      [scenario.entries[2]!.reference, "Accepted", 6],
    ]);

    // Entry 1 is in Coventry (E08000026); entries 0 and 2 in Birmingham.
    const coventry = await paymentsPage(
      sam,
      scenario.challengeId,
      { area: null, council: "E08000026", status: "all" },
      LATER,
    );
    expect(coventry.rows.map((r) => r.reference)).toEqual([scenario.entries[1]!.reference]);
    expect(coventry.totals).toEqual({ outstandingPence: 0, paidPence: 0, outstandingCount: 0, paidCount: 0 });
    const area = scenario.entries[0]!.priorityAreaId;
    const byArea = await paymentsPage(sam, scenario.challengeId, { area, council: null, status: "all" }, LATER);
    expect(byArea.rows.map((r) => r.reference)).toEqual([scenario.entries[0]!.reference]);
    expect(byArea.totals.paidPence).toBe(50_000);
  });
});
