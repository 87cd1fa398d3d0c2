import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import { defaultAgreementTemplate, fillAgreement } from "../../../app/domain/grant-agreement";
import type { Database, PaymentStatus } from "../../schema";
import { londonTime } from "../london";

// The 2021 challenge's grant agreements (decision 060): every award's version 1, from its tier's
// default terms, issued when the results were published; accepted by the organisation's
// signatory for every award whose prize was accepted, at the moment it was; the others waiting.
// One winner's agreement was varied in the autumn (version 2, with its reason) and accepted
// again. Called before the payments are written, so the payment gate finds them accepted.

const ROLES = ["Chair of trustees", "Director", "Chief executive", "Treasurer", "Company secretary", "Coordinator"];

const VARIATION_REASON =
  "At the organisation's request, part of the support plan moved from coaching to equipment for the new kitchen. The support cap and the reporting dates are unchanged.";

export interface SeedAgreementsInput {
  publishedAt: Date;
  issuedBy: number;
  /** Each award, and when its prize was accepted (null: not yet). */
  awards: { id: number; acceptedAt: Date | null }[];
  /** The variation: issued and accepted on these dates, for the first of the winners' awards. */
  variation: { awardId: number; issuedAt: Date; acceptedAt: Date } | null;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export async function seedAgreements(trx: Transaction<Database>, input: SeedAgreementsInput): Promise<void> {
  if (!input.awards.length) return;
  const facts = await trx
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .select([
      "award.id",
      "award.cash_pence",
      "award.support_cap_pence",
      "entry.reference",
      "entry.title",
      "entry.organisation_id",
      "organisation.name as organisationName",
      "prize_tier.name as tierName",
      "prize_tier.cash_pence as tierCash",
      "prize_tier.support_cap_pence as tierCap",
      "challenge.title as challengeTitle",
    ])
    .where(
      "award.id",
      "in",
      input.awards.map((a) => a.id),
    )
    .execute();
  const byId = new Map(facts.map((f) => [f.id, f]));
  for (const [i, award] of input.awards.entries()) {
    const f = byId.get(award.id)!;
    // The signatory is the organisation's first member, signing in their own name.
    const signatory = await trx
      .selectFrom("organisation_member")
      .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
      .select(["app_user.id", "app_user.name"])
      .where("organisation_member.organisation_id", "=", f.organisation_id)
      .orderBy("organisation_member.joined_at")
      .orderBy("app_user.id")
      .executeTakeFirstOrThrow();
    const role = ROLES[i % ROLES.length]!;
    const text = (version: number) =>
      fillAgreement(defaultAgreementTemplate({ cashPence: f.tierCash, supportCapPence: f.tierCap }), {
        organisationName: f.organisationName,
        ideaTitle: f.title,
        reference: f.reference,
        tierName: f.tierName,
        cashPence: f.cash_pence,
        supportCapPence: f.support_cap_pence,
        awardDate: input.publishedAt,
        challengeTitle: f.challengeTitle,
        version,
      });
    const accepted = (at: Date | null) =>
      at
        ? { accepted_at: at, accepted_by: signatory.id, signatory_name: signatory.name, signatory_role: role }
        : { accepted_at: null, accepted_by: null, signatory_name: null, signatory_role: null };
    const first = text(1);
    await trx
      .insertInto("grant_agreement")
      .values({
        award_id: award.id,
        version: 1,
        body: first,
        body_sha256: sha256(first),
        issued_by: input.issuedBy,
        issued_at: input.publishedAt,
        variation_reason: null,
        ...accepted(award.acceptedAt),
      })
      .execute();
    if (input.variation?.awardId === award.id) {
      const second = text(2);
      await trx
        .insertInto("grant_agreement")
        .values({
          award_id: award.id,
          version: 2,
          body: second,
          body_sha256: sha256(second),
          issued_by: input.issuedBy,
          issued_at: input.variation.issuedAt,
          variation_reason: VARIATION_REASON,
          ...accepted(input.variation.acceptedAt),
        })
        .execute();
    }
  }
}

/**
 * The grant agreements to seed: each award's accepted when its prize was (a prize without cash a
 * day after publication), and one winner's varied in the autumn and accepted again.
 */
export function agreementPlan(
  awardRows: { id: number; prize_tier_id: number; cash_pence: number }[],
  cashAwards: { id: number }[],
  statusPlan: PaymentStatus[],
  order: PaymentStatus[],
  winnerTierId: number,
  publishedAt: Date,
  issuedBy: number,
): SeedAgreementsInput {
  const acceptedAt = new Map<number, Date | null>();
  cashAwards.forEach((award, i) => {
    const reached = order.indexOf(statusPlan[i]!) >= order.indexOf("accepted");
    // The moment the payment records the prize accepted: accepting the agreement accepted it.
    acceptedAt.set(award.id, reached ? londonTime(2021, 5, 24 + (i % 5), 10 + (i % 6), 0) : null);
  });
  // A prize without cash (no payment to record it) was accepted the day after publication.
  const awards = awardRows.map((a) => ({
    id: a.id,
    acceptedAt: acceptedAt.has(a.id) ? acceptedAt.get(a.id)! : londonTime(2021, 5, 21, 14, 0),
  }));
  const varied = awards.find(
    (a) => a.acceptedAt && awardRows.find((r) => r.id === a.id)!.prize_tier_id === winnerTierId,
  );
  return {
    publishedAt,
    issuedBy,
    awards,
    variation: varied
      ? { awardId: varied.id, issuedAt: londonTime(2021, 9, 6, 10, 0), acceptedAt: londonTime(2021, 9, 8, 15, 30) }
      : null,
  };
}
