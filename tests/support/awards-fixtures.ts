import { expect } from "vitest";
import type { DB } from "../../db/client";
import { publishAwardList } from "../../app/services/awards/publication.server";
import { approveAwardList, proposeAwardList } from "../../app/services/awards/awards.server";
import type { Actor } from "../../app/services/actor.server";
import type { CheckKind } from "../../app/domain/due-diligence";
import type { CheckInput } from "../../app/services/awards/due-diligence.server";
import { grantStaffDirectly } from "../../db/seed/staff-grants";
import { clearAwardForPayment } from "../../db/seed/payment-gate";

// The awards, masterclass and prize-payment integration tests all start from an award list that
// two members of staff have taken through the four-eyes rule: Sam proposes, Kim approves.

/** A member of programme staff, as the services take them. */
export async function makeStaff(db: DB, name: string): Promise<Actor & { ip: string }> {
  const user = await db
    .insertInto("app_user")
    .values({ email: `${name}@programme.example.org`, name: `Staff ${name}`, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await grantStaffDirectly(db, user.id);
  return { id: user.id, ip: "203.0.113.9" };
}

/** Sam proposes the challenge's award list and Kim approves it; Sam publishes it when asked to. */
export async function approveAwardListAsStaff(db: DB, challengeId: number, now: Date, { publish = false } = {}) {
  const sam = await makeStaff(db, "sam");
  const kim = await makeStaff(db, "kim");
  expect(await proposeAwardList(sam, challengeId, now)).toMatchObject({ message: expect.any(String) });
  expect(await approveAwardList(kim, challengeId, now)).toMatchObject({ message: expect.any(String) });
  if (publish) expect(await publishAwardList(sam, challengeId, now)).toMatchObject({ outcome: "published" });
  return { sam, kim };
}

/**
 * Clears every award of the challenge for payment as the payment gate needs (checks signed off by
 * two other members of staff, the agreement accepted by a member of the organisation), for tests
 * about what happens after: the checks and the agreement have their own tests.
 */
export async function clearAwardsForPayment(db: DB, challengeId: number, now = new Date()) {
  const checker = await makeStaff(db, `gate-checks-${challengeId}`);
  const signer = await makeStaff(db, `gate-sign-off-${challengeId}`);
  const awards = await db
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .select(["award.id", "entry.organisation_id"])
    .where("award.challenge_id", "=", challengeId)
    .execute();
  for (const award of awards) {
    const member = await db
      .selectFrom("organisation_member")
      .select("user_id")
      .where("organisation_id", "=", award.organisation_id)
      .orderBy("joined_at")
      .executeTakeFirstOrThrow();
    await clearAwardForPayment(db, {
      awardId: award.id,
      checkedBy: checker.id,
      signedOffBy: signer.id,
      signatory: { userId: member.user_id, name: "Authorised signatory", role: "Chair" },
      at: now,
    });
  }
}

/** What a member of staff records for each due-diligence check, as the checks' pages send it. */
export const CHECK_INPUTS: Record<CheckKind, Omit<CheckInput, "kind">> = {
  registration: {
    register: "charity_ew",
    registrationNumber: "1123456",
    conclusion: "Checked on the Charity Commission register on 1 June: registered, accounts up to date",
  },
  bank_details: { conclusion: "Verified by finance (J. Patel) by a call-back" },
  duplicate_funding: { conclusion: "No earlier award funds this work" },
  conflicts: { conclusion: "No conflicts declared by the staff doing these checks" },
  safeguarding: { worksWithVulnerable: true, conclusion: "Policy dated March 2027 seen" },
  subsidy_control: { conclusion: "Well under the threshold" },
  risk_rating: { riskRating: "low", conclusion: "Established charity, small prize" },
};
