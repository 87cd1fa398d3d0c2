import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import { checksForTier, type CheckKind } from "../../../app/domain/due-diligence";
import type { Database } from "../../schema";
import { demoPdf } from "./attachments";

// The 2021 challenge's due diligence (decision 059), so the staff pages have real checks to show:
// every award cleared for payment has each of its checks recorded by the member of staff who did
// them (realistic, well-formed registration numbers; one with the register entry attached as
// evidence) and signed off by a second one; the top 3 declared their other public support and
// carry a risk rating; of the awards not yet cleared, one is in progress and one waits for sign-off.

const CONCLUSIONS: Record<Exclude<CheckKind, "registration">, string> = {
  bank_details: "Verified by finance (accounts payable) by a call-back to the number on the organisation's letterhead",
  duplicate_funding:
    "The only other award listed is this organisation's other prize in this challenge: no double funding",
  conflicts: "No member of staff has declared a conflict with this entry",
  safeguarding: "Works with young people: safeguarding policy seen, reviewed by the trustees in March 2021",
  subsidy_control: "Declared support is well under the Minimal Financial Assistance threshold",
  risk_rating: "Established organisation with audited accounts and a realistic delivery plan",
};

/** A one-page PDF: the register entry as evidence. */
function registerExtract(name: string, number: string): Uint8Array {
  return demoPdf("Register entry", [`${name}, number ${number}`, "Checked 24 May 2021"]);
}

/** A well-formed number for the organisation's register, made up for the demo. */
function demoRegistration(type: string, i: number): { register: "charity_ew" | "company" | "mutual"; number: string } {
  if (type === "charity") return { register: "charity_ew", number: String(1_123_400 + i * 37) };
  if (type === "cooperative" || type === "mutual") return { register: "mutual", number: `${31_200 + i}R` };
  return { register: "company", number: String(9_876_500 + i * 13).padStart(8, "0") };
}

export async function seedDueDiligence(
  trx: Transaction<Database>,
  input: { challengeId: number; checkedBy: number; signedOffBy: number },
): Promise<void> {
  const awards = await trx
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .leftJoin("due_diligence", "due_diligence.award_id", "award.id")
    .select([
      "award.id",
      "organisation.id as organisationId",
      "organisation.name",
      "organisation.type",
      "prize_tier.cash_pence",
      "prize_tier.due_diligence_checks",
      "due_diligence.signed_off_at",
      "due_diligence.checks_completed_at",
      "due_diligence.checks_completed_by",
    ])
    .where("award.challenge_id", "=", input.challengeId)
    .orderBy("award.id")
    .execute();
  let evidenceAttached = false;
  let inProgress = 0;
  let waiting = 0;
  for (const [i, award] of awards.entries()) {
    const checks = checksForTier(award);
    const cleared = award.signed_off_at !== null;
    let stage: "cleared" | "in_progress" | "waiting" | null = cleared ? "cleared" : null;
    if (!stage && waiting === 0) stage = "waiting";
    else if (!stage && inProgress === 0) stage = "in_progress";
    if (!stage) continue;
    const doneAt = new Date(
      (award.checks_completed_at ? new Date(award.checks_completed_at) : new Date("2021-06-07T09:00:00Z")).getTime() -
        86_400_000,
    );
    const checkedBy = award.checks_completed_by ?? input.checkedBy;
    const registration = demoRegistration(award.type, i);
    const recorded = stage === "in_progress" ? checks.slice(0, 2) : checks;
    const member = await trx
      .selectFrom("organisation_member")
      .select("user_id")
      .where("organisation_id", "=", award.organisationId)
      .orderBy("joined_at")
      .executeTakeFirst();
    await trx
      .insertInto("due_diligence")
      .values({ award_id: award.id })
      .onConflict((oc) => oc.column("award_id").doNothing())
      .execute();
    if (checks.includes("subsidy_control") && member) {
      await trx
        .insertInto("subsidy_declaration_line")
        .values([
          {
            award_id: award.id,
            financial_year: 2020,
            amount_pence: 250_000 + i * 10_000,
            provider: "West Midlands Combined Authority",
          },
          {
            award_id: award.id,
            financial_year: 2019,
            amount_pence: 1_200_000,
            provider: "The National Lottery Community Fund",
          },
        ])
        .execute();
      await trx
        .updateTable("due_diligence")
        .set({ subsidy_declared_by: member.user_id, subsidy_declared_at: new Date(doneAt.getTime() - 86_400_000) })
        .where("award_id", "=", award.id)
        .execute();
    }
    await trx
      .insertInto("due_diligence_check")
      .values(
        recorded.map((kind) => ({
          award_id: award.id,
          kind,
          conclusion:
            kind === "registration"
              ? `Checked on the register on ${doneAt.getUTCDate()} ${doneAt.toLocaleString("en-GB", { month: "long", timeZone: "UTC" })} 2021: registered, filings up to date`
              : CONCLUSIONS[kind],
          register: kind === "registration" ? registration.register : null,
          registration_number: kind === "registration" ? registration.number : null,
          works_with_vulnerable: kind === "safeguarding" ? i % 2 === 0 : null,
          risk_rating: kind === "risk_rating" ? (i % 3 === 0 ? ("medium" as const) : ("low" as const)) : null,
          done_by: checkedBy,
          done_at: doneAt,
        })),
      )
      .execute();
    if (stage === "waiting") {
      waiting++;
      await trx
        .updateTable("due_diligence")
        .set({ checks_completed_by: input.checkedBy, checks_completed_at: doneAt, version: 2 })
        .where("award_id", "=", award.id)
        .execute();
    }
    if (stage === "in_progress") inProgress++;
    if (stage === "cleared" && !evidenceAttached) {
      evidenceAttached = true;
      const bytes = registerExtract(award.name, registration.number);
      await trx
        .insertInto("attachment")
        .values({
          owner_kind: "due_diligence",
          owner_id: award.id,
          file_name: "register-entry.pdf",
          media_type: "application/pdf",
          size_bytes: bytes.byteLength,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          content: bytes,
          uploaded_by: checkedBy,
          uploaded_at: doneAt,
        })
        .execute();
    }
  }
}
