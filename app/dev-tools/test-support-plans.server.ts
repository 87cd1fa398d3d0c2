import { db, type DB } from "../../db/client";
import type { Transaction } from "kysely";
import type { Database, PaymentStatus } from "../../db/schema";
import { clearAwardForPayment } from "../../db/seed/payment-gate";
import { createMonitoringReports } from "../services/awards/monitoring.server";
import { grantStaffDirectly } from "../../db/seed/staff-grants";
import { issueFirstAgreement } from "../services/awards/grant-agreements.server";

// Test support for the support plans and board report: awards of a test scenario's challenge,
// each with its prize payment in a chosen status, and the results published, written directly
// so a journey can start where the awards capability leaves off. Integration tests call it
// directly; end-to-end tests through POST /test-hooks/support (TEST_HOOKS=on only).

export interface TestAwardInput {
  entryId: number;
  /** "top20": the cash prize tier (no support cap); "top3": the tier with a support cap. */
  tier: "top20" | "top3";
  paymentStatus?: PaymentStatus;
  /** The payment's amount; default the tier's cash prize (no payment record when that is nothing). */
  amountPence?: number;
  /**
   * Clear the award for payment (checks signed off, agreement accepted) as the payment gate needs:
   * default true when the payment is approved or paid, false otherwise.
   */
  clearedForPayment?: boolean;
  /** When not cleared: the winner's signatory has accepted the agreement (the checks still to do). */
  agreementAccepted?: boolean;
}

export interface TestAwardsInput {
  challengeId: number;
  awards: TestAwardInput[];
  /** Publish the results (default true). */
  publish?: boolean;
}

export interface TestAward {
  awardId: number;
  entryId: number;
  tier: "top20" | "top3";
  cashPence: number;
  supportCapPence: number;
  paymentId: number | null;
}

export async function createTestAwards(input: TestAwardsInput, executor: DB = db()): Promise<TestAward[]> {
  return executor.transaction().execute(async (trx) => {
    const tiers = await trx
      .selectFrom("prize_tier")
      .select(["id", "cash_pence", "support_cap_pence"])
      .where("challenge_id", "=", input.challengeId)
      .orderBy("position")
      .orderBy("id")
      .execute();
    const top20 = tiers.find((t) => t.support_cap_pence === 0);
    const top3 = tiers.find((t) => t.support_cap_pence > 0);
    if (!top20 || !top3) throw new Error(`Challenge ${input.challengeId} lacks a cash tier and a support tier`);
    const publish = input.publish ?? true;
    const now = new Date();
    await trx
      .insertInto("award_list")
      .values({
        challenge_id: input.challengeId,
        status: publish ? "published" : "approved",
        approved_at: now,
        published_at: publish ? now : null,
      })
      .onConflict((oc) => oc.column("challenge_id").doNothing())
      .execute();
    if (publish)
      await trx
        .updateTable("challenge")
        .set({ results_published_at: now })
        .where("id", "=", input.challengeId)
        .execute();
    const created: TestAward[] = [];
    for (const spec of input.awards) {
      const tier = spec.tier === "top3" ? top3 : top20;
      const award = await trx
        .insertInto("award")
        .values({
          challenge_id: input.challengeId,
          entry_id: spec.entryId,
          prize_tier_id: tier.id,
          cash_pence: tier.cash_pence,
          support_cap_pence: tier.support_cap_pence,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const status = spec.paymentStatus ?? "awaiting_acceptance";
      if (spec.clearedForPayment ?? (status === "approved" || status === "paid")) {
        await clearAwardForPayment(trx, {
          awardId: award.id,
          ...(await gateStaff(trx)),
          signatory: await signatoryOf(trx, spec.entryId),
          at: now,
        });
      } else if (publish) {
        // As publishing the results does: version 1 of the agreement, waiting for the winner.
        await issueFirstAgreement(trx, award.id, now);
        if (spec.agreementAccepted) {
          const signatory = await signatoryOf(trx, spec.entryId);
          await trx
            .updateTable("grant_agreement")
            .set({
              accepted_at: now,
              accepted_by: signatory.userId,
              signatory_name: signatory.name,
              signatory_role: signatory.role,
            })
            .where("award_id", "=", award.id)
            .execute();
        }
      }
      const amount = spec.amountPence ?? tier.cash_pence;
      const payment =
        amount === 0 && spec.amountPence === undefined
          ? null
          : await trx
              .insertInto("prize_payment")
              .values({
                award_id: award.id,
                status,
                amount_pence: amount,
                paid_at: status === "paid" ? now : null,
                cancelled_at: status === "cancelled" ? now : null,
                cancel_reason: status === "cancelled" ? "Declined the prize" : null,
              })
              .returning("id")
              .executeTakeFirstOrThrow();
      created.push({
        awardId: award.id,
        entryId: spec.entryId,
        tier: spec.tier,
        cashPence: tier.cash_pence,
        supportCapPence: tier.support_cap_pence,
        paymentId: payment?.id ?? null,
      });
    }
    // Published awards get their monitoring reports, as publishing the results gives them.
    if (publish) await createMonitoringReports(trx, input.challengeId);
    return created;
  });
}

/** Two members of staff for the checks and their sign-off: made for the purpose, so no journey's own staff are involved. */
async function gateStaff(trx: Transaction<Database>): Promise<{ checkedBy: number; signedOffBy: number }> {
  const ids: number[] = [];
  for (const who of ["checks", "sign-off"]) {
    const email = `${who}@gate.test-support.invalid`;
    const existing = await trx.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirst();
    const id =
      existing?.id ??
      (
        await trx
          .insertInto("app_user")
          .values({ email, name: `Test ${who}`, email_verified_at: new Date() })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    if (!existing) await grantStaffDirectly(trx, id);
    ids.push(id);
  }
  return { checkedBy: ids[0]!, signedOffBy: ids[1]! };
}

/** A member of the entry's organisation, as the agreement's signatory. */
async function signatoryOf(trx: Transaction<Database>, entryId: number) {
  const member = await trx
    .selectFrom("entry")
    .innerJoin("organisation_member", "organisation_member.organisation_id", "entry.organisation_id")
    .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
    .select(["app_user.id", "app_user.name"])
    .where("entry.id", "=", entryId)
    .orderBy("organisation_member.joined_at")
    .executeTakeFirstOrThrow();
  return { userId: member.id, name: member.name || "Authorised signatory", role: "Chair" };
}

/**
 * Signs off the due-diligence checks of an entry's award (and accepts its agreement if the winner
 * has not), so a journey about payments can approve one without walking the checks' pages.
 */
export async function clearTestAwardForPayment(entryId: number, executor: DB = db()): Promise<{ awardId: number }> {
  return executor.transaction().execute(async (trx) => {
    const award = await trx.selectFrom("award").select("id").where("entry_id", "=", entryId).executeTakeFirstOrThrow();
    await clearAwardForPayment(trx, {
      awardId: award.id,
      ...(await gateStaff(trx)),
      signatory: await signatoryOf(trx, entryId),
    });
    return { awardId: award.id };
  });
}
