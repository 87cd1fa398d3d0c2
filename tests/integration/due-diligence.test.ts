import { describe, expect, it } from "vitest";
import { confirmRounds } from "../../app/dev-tools/test-awards.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import {
  completeChecks,
  declareSubsidy,
  dueDiligencePage,
  recordCheck,
  signOffChecks,
} from "../../app/services/awards/due-diligence.server";
import { paymentDetail, staffChangesPayment } from "../../app/services/awards/prize-payments.server";
import { approveAwardListAsStaff, CHECK_INPUTS, makeStaff } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";
import { htmlPage, samplePdf } from "../support/sample-files";

const t = useTestDatabase();
const NOW = new Date("2027-06-01T10:00:00Z");
const LATER = new Date("2027-06-02T10:00:00Z");

/** A published award whose payment waits for approval, with nothing checked and no agreement. */
async function waitingPayment() {
  const scenario = await createScenario({ entries: 2, localAuthorityCodes: ["E08000025"] });
  const ids = scenario.entries.map((e) => e.id);
  await confirmRounds({ challengeId: scenario.challengeId, shortlist: ids, winners: [ids[0]!] });
  const { sam, kim } = await approveAwardListAsStaff(t.db, scenario.challengeId, NOW, { publish: true });
  const payment = await t.db
    .selectFrom("prize_payment")
    .innerJoin("award", "award.id", "prize_payment.award_id")
    .select(["prize_payment.id", "award.id as awardId"])
    .where("award.challenge_id", "=", scenario.challengeId)
    .executeTakeFirstOrThrow();
  const winner = { id: scenario.entries[0]!.entrantUserId, ip: "198.51.100.4" };
  // Written directly: through the pages the winner accepts the prize by accepting its agreement,
  // and these tests need a payment waiting for approval whose agreement is not yet accepted.
  await t.db
    .updateTable("prize_payment")
    .set({
      status: "details_received",
      version: 3,
      accepted_at: NOW,
      accepted_by: winner.id,
      details_received_at: NOW,
      details_recorded_by: winner.id,
      supplier_reference: "SUP-1",
    })
    .where("id", "=", payment.id)
    .execute();
  const lee = await makeStaff(t.db, "lee");
  return { scenario, sam, kim, lee, winner, payment };
}

async function recordEvery(actor: { id: number }, challengeId: number, awardId: number) {
  const page = await dueDiligencePage(actor, challengeId, awardId, NOW);
  for (const check of page.checks) {
    await recordCheck(
      actor,
      awardId,
      { kind: check.kind, ...CHECK_INPUTS[check.kind] },
      check.kind === "registration" ? [{ name: "register entry.pdf", bytes: samplePdf("Register entry") }] : [],
      NOW,
    );
  }
  return (await dueDiligencePage(actor, challengeId, awardId, NOW)).version;
}

/** The organisation's signatory accepts the agreement issued at publication (written directly). */
async function acceptAgreement(awardId: number, signatoryId: number) {
  await t.db
    .updateTable("grant_agreement")
    .set({ accepted_at: NOW, accepted_by: signatoryId, signatory_name: "Pat Signatory", signatory_role: "Chair" })
    .where("award_id", "=", awardId)
    .where("version", "=", 1)
    .execute();
}

describe("due diligence before a payment", () => {
  it("a second member of staff signs off the checks, and only then (with the agreement) may the payment be approved", async () => {
    const { scenario, sam, kim, lee, winner, payment } = await waitingPayment();
    const challengeId = scenario.challengeId;

    // Nothing checked: the approval is not offered, and refused in words.
    let detail = await paymentDetail(lee, challengeId, payment.id);
    expect(detail.next.map((n) => n.value)).not.toContain("approved");
    expect(detail.gate.checks.label).toBe("Not started");
    let refusal = await refusalOf(staffChangesPayment(lee, payment.id, { to: "approved", version: 3 }, LATER));
    expect(refusal.status).toBe(403);
    expect(await refusal.text()).toBe(
      "This payment cannot be approved yet: its due-diligence checks are not started, and its grant agreement is waiting for the organisation's signatory",
    );

    const version = await recordEvery(sam, challengeId, payment.awardId);
    await completeChecks(sam, payment.awardId, version, NOW);
    let page = await dueDiligencePage(sam, challengeId, payment.awardId, NOW);
    expect(page.stageLabel).toBe("Waiting for sign-off");
    expect(page.evidence.map((e) => e.fileName)).toEqual(["register entry.pdf"]);

    // The one who completed them cannot sign them off.
    refusal = await refusalOf(signOffChecks(sam, payment.awardId, page.version, LATER));
    expect(refusal.status).toBe(403);
    expect(await refusal.text()).toBe("Another member of staff must sign off these checks: you completed them");

    await signOffChecks(kim, payment.awardId, page.version, LATER);
    page = await dueDiligencePage(lee, challengeId, payment.awardId, NOW);
    expect(page.stageLabel).toBe("Signed off");
    expect(page.signedOffBy).toBe("Staff kim");

    // Signed off, but the agreement is not accepted yet.
    refusal = await refusalOf(staffChangesPayment(lee, payment.id, { to: "approved", version: 3 }, LATER));
    expect(await refusal.text()).toBe(
      "This payment cannot be approved yet: its grant agreement is waiting for the organisation's signatory",
    );

    await acceptAgreement(payment.awardId, winner.id);
    detail = await paymentDetail(lee, challengeId, payment.id);
    expect(detail.next.map((n) => n.value)).toContain("approved");
    expect(await staffChangesPayment(lee, payment.id, { to: "approved", version: 3 }, LATER)).toBe("approved");

    const audit = await t.db
      .selectFrom("audit_event")
      .select("action")
      .where("subject_type", "=", "award")
      .where("subject_id", "=", String(payment.awardId))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "due_diligence.check_recorded",
        "due_diligence.checks_completed",
        "due_diligence.signed_off",
      ]),
    );
  });

  it("the database refuses a payment approved without sign-off or without the agreement", async () => {
    const { scenario, sam, kim, lee, winner, payment } = await waitingPayment();
    // Written directly, as the app's restricted role: no service in the way, only the database.
    const approve = () =>
      t.db
        .updateTable("prize_payment")
        .set({ status: "approved", approved_by: lee.id, approved_at: LATER, updated_by: lee.id, version: 4 })
        .where("id", "=", payment.id)
        .execute();
    await expect(approve()).rejects.toThrow(/before its due-diligence checks are signed off/);

    const version = await recordEvery(sam, scenario.challengeId, payment.awardId);
    await completeChecks(sam, payment.awardId, version, NOW);
    await signOffChecks(kim, payment.awardId, version + 1, LATER);
    await expect(approve()).rejects.toThrow(/before the latest grant agreement is accepted/);

    await acceptAgreement(payment.awardId, winner.id);
    await approve();
    const row = await t.db
      .selectFrom("prize_payment")
      .select("status")
      .where("id", "=", payment.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("approved");
  });

  it("refuses a registration number in the wrong format, and a file that is not an allowed type, saving nothing", async () => {
    const { sam, payment } = await waitingPayment();
    let refusal = await refusalOf(
      recordCheck(sam, payment.awardId, {
        kind: "registration",
        ...CHECK_INPUTS.registration,
        registrationNumber: "SC12",
      }),
    );
    expect(refusal.status).toBe(400);
    expect(await refusal.text()).toMatch(/is not a number from the Charity Commission for England and Wales/);
    refusal = await refusalOf(
      recordCheck(sam, payment.awardId, { kind: "registration", ...CHECK_INPUTS.registration }, [
        { name: "register.pdf", bytes: htmlPage },
      ]),
    );
    expect(refusal.status).toBe(400);
    const checks = await t.db
      .selectFrom("due_diligence_check")
      .selectAll()
      .where("award_id", "=", payment.awardId)
      .execute();
    expect(checks).toEqual([]);
    const files = await t.db.selectFrom("attachment").select("id").where("owner_id", "=", payment.awardId).execute();
    expect(files).toEqual([]);
  });

  it("a change after the checks were completed sends them back for completing; signed-off checks never change", async () => {
    const { scenario, sam, kim, winner, payment } = await waitingPayment();
    let version = await recordEvery(sam, scenario.challengeId, payment.awardId);
    await completeChecks(sam, payment.awardId, version, NOW);
    await recordCheck(sam, payment.awardId, { kind: "conflicts", conclusion: "Looked again: none" }, [], NOW);
    let page = await dueDiligencePage(sam, scenario.challengeId, payment.awardId, NOW);
    expect(page.stageLabel).toBe("In progress");
    await completeChecks(sam, payment.awardId, page.version, NOW);
    await signOffChecks(kim, payment.awardId, page.version + 1, LATER);
    const refusal = await refusalOf(
      recordCheck(sam, payment.awardId, { kind: "conflicts", conclusion: "Again" }, [], NOW),
    );
    expect(refusal.status).toBe(409);
    page = await dueDiligencePage(sam, scenario.challengeId, payment.awardId, NOW);
    expect(page.checks.find((c) => c.kind === "conflicts")!.done!.conclusion).toBe("Looked again: none");
    // The winner's declaration is locked with them.
    const declared = await refusalOf(
      declareSubsidy(winner, payment.awardId, [{ year: 2026, amountPence: 100_000, provider: "A council" }], NOW),
    );
    expect(declared.status).toBe(409);
    version = page.version;
    expect(version).toBeGreaterThan(0);
  });

  it("flags a winner's declaration over the Minimal Financial Assistance threshold", async () => {
    const { scenario, sam, winner, payment } = await waitingPayment();
    await declareSubsidy(
      winner,
      payment.awardId,
      [
        { year: 2027, amountPence: 20_000_000, provider: "Innovate UK" },
        { year: 2025, amountPence: 12_000_000, provider: "A combined authority" },
      ],
      NOW,
    );
    const page = await dueDiligencePage(sam, scenario.challengeId, payment.awardId, NOW);
    expect(page.subsidy.totalPence).toBe(32_000_000);
    expect(page.subsidy.overThreshold).toBe(true);
  });
});
