import type { Transaction } from "kysely";
import type { Database } from "../../schema";
import { londonTime } from "../london";

// The demo 2021 challenge's support requests and its one recovery (decision 062): the top 3 asked
// for support; two requests were approved into their ledgers, one refused with a reason and one
// is still waiting; one winner's unspent support came back to the programme.

interface Staff {
  id: number;
}

const at = (year: number, month: number, day: number, hour = 10) => londonTime(year, month, day, hour, 0);

export async function seedSupportRequests(
  trx: Transaction<Database>,
  { challengeId, lead, approver }: { challengeId: number; lead: Staff; approver: Staff },
): Promise<void> {
  // The winners with a support cap, in the order their ledgers were seeded, and who asks for them.
  const supported = await trx
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation_member", "organisation_member.organisation_id", "entry.organisation_id")
    .select(["award.id"])
    .select((eb) => eb.fn.min("organisation_member.user_id").as("member_id"))
    .where("award.challenge_id", "=", challengeId)
    .where("award.support_cap_pence", ">", 0)
    .groupBy("award.id")
    .orderBy("award.id")
    .execute();
  const [first, second, third] = supported;
  if (!first || !second || !third) return;

  // Approved into the ledger: each becomes a ledger item, recorded on the day of the decision.
  const approved = [
    {
      award: first,
      kind: "coaching" as const,
      description: "Two sessions on fundraising through social media",
      supplier: "Priya Shah",
      cost: 45_000,
      reason: "We want to raise our own money for the hub's second year, and nobody on the team has done it before.",
      asked: at(2021, 10, 18),
      decided: at(2021, 10, 22, 15),
    },
    {
      award: second,
      kind: "in_kind" as const,
      description: "Bookkeeping software set up with two days of help from an accountant",
      supplier: "Ledger & Co Accountants",
      cost: 60_000,
      reason: "The van scheme now takes fares and our trustees need monthly accounts they can trust.",
      asked: at(2021, 10, 4),
      decided: at(2021, 10, 11, 14),
    },
  ];
  for (const r of approved) {
    const item = await trx
      .insertInto("support_item")
      .values({
        award_id: r.award.id,
        kind: r.kind,
        happened_on: r.decided.toISOString().slice(0, 10),
        description: r.description,
        coach_name: r.kind === "coaching" ? r.supplier : null,
        hours: null,
        amount_pence: r.cost,
        recorded_by: approver.id,
        recorded_at: r.decided,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("support_request")
      .values({
        award_id: r.award.id,
        kind: r.kind,
        description: r.description,
        supplier: r.supplier,
        cost_pence: r.cost,
        reason: r.reason,
        status: "approved",
        requested_by: Number(r.award.member_id),
        requested_at: r.asked,
        decided_by: approver.id,
        decided_at: r.decided,
        support_item_id: item.id,
        version: 2,
      })
      .execute();
  }

  await trx
    .insertInto("support_request")
    .values([
      {
        award_id: second.id,
        kind: "investment",
        description: "A second minibus for the evening routes",
        supplier: "Midland Vehicle Sales",
        cost_pence: 1_200_000,
        reason: "Demand in the evenings is twice what one van can carry.",
        status: "refused",
        requested_by: Number(second.member_id),
        requested_at: at(2021, 11, 2),
        decided_by: lead.id,
        decided_at: at(2021, 11, 9, 11),
        refusal_reason:
          "A second vehicle would use most of your remaining cap on one purchase. We can fund a lease for six months while you test the evening routes: ask for that instead.",
        version: 2,
      },
      {
        award_id: first.id,
        kind: "coaching",
        description: "Safeguarding training for our twelve volunteers",
        supplier: "Safe Communities Training",
        cost_pence: 35_000,
        reason: "We now run sessions for young people on Saturday mornings and every volunteer needs the training.",
        requested_by: Number(first.member_id),
        requested_at: at(2022, 1, 10),
      },
    ])
    .execute();

  // The kitchen's apprentice left after four months: two months of the grant came back.
  await trx
    .insertInto("recovery")
    .values({
      award_id: third.id,
      reason: "support_unspent",
      description:
        "The apprentice cook left after four months of the six the grant paid for; the two months' wages not spent are due back.",
      amount_pence: 181_250,
      recorded_by: lead.id,
      recorded_at: at(2022, 2, 7),
      status: "received",
      resolved_by: approver.id,
      resolved_at: at(2022, 3, 14, 12),
      resolution_note: "Returned by bank transfer on 14 March 2022; finance reference REC-2022-0147.",
      version: 2,
    })
    .execute();
}
