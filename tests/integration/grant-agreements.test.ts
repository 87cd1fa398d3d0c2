import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { confirmRounds } from "../../app/dev-tools/test-awards.server";
import { createScenario, type Scenario } from "../../app/dev-tools/test-scenarios.server";
import { renderAgreementPdf } from "../../app/services/awards/agreement-pdf.server";
import {
  acceptAgreement,
  AGREEMENT_CHANGED,
  agreementState,
  issueAgreement,
  saveAgreementTemplate,
  staffAgreementPage,
  staffAgreementPdf,
  winnerAgreementPage,
  winnerAgreementPdf,
} from "../../app/services/awards/grant-agreements.server";
import {
  ACCEPT_WITH_AGREEMENT,
  staffChangesPayment,
  winnerChangesPayment,
} from "../../app/services/awards/prize-payments.server";
import type { Actor } from "../../app/services/actor.server";
import { isAppError } from "../../app/services/app-error.server";
import { approveAwardListAsStaff, makeStaff } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";

const t = useTestDatabase();
const NOW = new Date("2027-06-01T10:00:00Z");
const LATER = new Date("2027-06-11T10:00:00Z");

/** A challenge whose results are published (agreements issued then), with its cash awards' payments. */
async function published({ publish = true } = {}) {
  const scenario: Scenario = await createScenario({ entries: 4, localAuthorityCodes: ["E08000025", "E08000026"] });
  const ids = scenario.entries.map((e) => e.id);
  await confirmRounds({ challengeId: scenario.challengeId, shortlist: ids.slice(0, 3), winners: [ids[0]!] });
  const { sam, kim } = await approveAwardListAsStaff(t.db, scenario.challengeId, NOW, { publish });
  const awards = await t.db
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .leftJoin("prize_payment", "prize_payment.award_id", "award.id")
    .select(["award.id", "award.entry_id", "entry.reference", "prize_payment.id as paymentId"])
    .where("award.challenge_id", "=", scenario.challengeId)
    .orderBy("award.id")
    .execute();
  const winner = (entryId: number): Actor => ({
    id: scenario.entries.find((e) => e.id === entryId)!.entrantUserId,
    ip: "198.51.100.4",
  });
  const award = awards.find((a) => a.paymentId !== null)!;
  return { scenario, sam, kim, awards, award, winner: winner(award.entry_id), winnerOf: winner };
}

async function latest(awardId: number) {
  return t.db
    .selectFrom("grant_agreement")
    .selectAll()
    .where("award_id", "=", awardId)
    .orderBy("version", "desc")
    .executeTakeFirstOrThrow();
}

async function paymentOf(awardId: number) {
  return t.db.selectFrom("prize_payment").selectAll().where("award_id", "=", awardId).executeTakeFirstOrThrow();
}

const signing = { signatoryName: "Amara Okafor", signatoryRole: "Director" };

async function accept(actor: Actor, awardId: number, now = NOW) {
  const current = await latest(awardId);
  return acceptAgreement(actor, awardId, { version: current.version, sha256: current.body_sha256, ...signing }, now);
}

/** The checks signed off by two other members of staff, as the payment gate needs (they have their own tests). */
async function signOffChecks(awardId: number) {
  const checker = await makeStaff(t.db, `checker-${awardId}`);
  const signer = await makeStaff(t.db, `signer-${awardId}`);
  await t.db
    .insertInto("due_diligence")
    .values({
      award_id: awardId,
      checks_completed_by: checker.id,
      checks_completed_at: NOW,
      signed_off_by: signer.id,
      signed_off_at: NOW,
    })
    .execute();
}

describe("issuing agreements", () => {
  it("gives every award version 1 when the results are published: its tier's terms filled with its figures", async () => {
    const { awards, sam, scenario } = await published();
    const rows = await t.db.selectFrom("grant_agreement").selectAll().orderBy("award_id").execute();
    expect(rows.map((r) => r.award_id)).toEqual(awards.map((a) => a.id));
    for (const [i, row] of rows.entries()) {
      expect(row).toMatchObject({ version: 1, issued_by: sam.id, accepted_at: null, variation_reason: null });
      expect(row.body).toContain(awards[i]!.reference);
      expect(row.body).not.toMatch(/\{\{/);
      const { rows: hashed } = await sql<{
        h: string;
      }>`select encode(sha256(convert_to(${row.body}, 'UTF8')), 'hex') as h`.execute(t.db);
      expect(row.body_sha256).toBe(hashed[0]!.h);
    }
    const event = await t.db
      .selectFrom("audit_event")
      .select("details")
      .where("action", "=", "results_published")
      .where("subject_id", "=", String(scenario.challengeId))
      .executeTakeFirstOrThrow();
    expect(event.details).toMatchObject({ agreementsIssued: awards.length });
  });

  it("uses the tier's own terms once staff save them, and refuses a placeholder it cannot fill", async () => {
    const { scenario, award, sam } = await published({ publish: false });
    const tier = await t.db
      .selectFrom("award")
      .select("prize_tier_id")
      .where("id", "=", award.id)
      .executeTakeFirstOrThrow();
    const refused = await refusalOf(
      saveAgreementTemplate(sam, scenario.challengeId, tier.prize_tier_id, "Pay to {{bank_account}}"),
    );
    expect(refused.status).toBe(400);
    await saveAgreementTemplate(
      sam,
      scenario.challengeId,
      tier.prize_tier_id,
      "**Our terms** for {{organisation}}: {{cash_prize}}.",
    );
    await approveAndPublish(sam, scenario.challengeId);
    expect((await latest(award.id)).body).toMatch(/^\*\*Our terms\*\* for .+: £\d/);
  });

  it("lets staff issue a variation only with a reason and a recent second factor", async () => {
    const { scenario, award, sam } = await published();
    const noReason = await refusalOf(issueAgreement(sam, scenario.challengeId, award.id, { reason: null }, LATER));
    expect(noReason.status).toBe(400);
    const stale = { ...sam, secondFactorAt: new Date(LATER.getTime() - 60 * 60_000) };
    expect(
      (await refusalOf(issueAgreement(stale, scenario.challengeId, award.id, { reason: "Typo" }, LATER))).status,
    ).toBe(403);
    expect(
      await issueAgreement(sam, scenario.challengeId, award.id, { reason: "The support cap changed" }, LATER),
    ).toBe(2);
    expect(await latest(award.id)).toMatchObject({
      version: 2,
      variation_reason: "The support cap changed",
      issued_by: sam.id,
    });
  });
});

async function approveAndPublish(sam: Actor, challengeId: number) {
  const { publishAwardList } = await import("../../app/services/awards/publication.server");
  await publishAwardList(sam, challengeId, NOW);
}

describe("accepting an agreement", () => {
  it("records the signatory and the hash of the text, and accepts the prize in the same step", async () => {
    const { award, winner } = await published();
    const page = await winnerAgreementPage(winner, award.id);
    expect(page.latest).toMatchObject({ version: 1, acceptedAt: null });
    expect(await accept(winner, award.id)).toEqual({ version: 1, prizeAccepted: true });

    expect(await latest(award.id)).toMatchObject({
      accepted_by: winner.id,
      accepted_at: NOW,
      signatory_name: "Amara Okafor",
      signatory_role: "Director",
    });
    const payment = await paymentOf(award.id);
    expect(payment).toMatchObject({ status: "accepted", accepted_by: winner.id, accepted_at: NOW, version: 2 });
    const history = await t.db
      .selectFrom("prize_payment_event")
      .select(["from_status", "to_status", "changed_by", "note"])
      .where("payment_id", "=", payment.id)
      .execute();
    expect(history).toContainEqual({
      from_status: "awaiting_acceptance",
      to_status: "accepted",
      changed_by: winner.id,
      note: "Accepted with the grant agreement",
    });
    const actions = (
      await t.db.selectFrom("audit_event").select("action").where("actor_user_id", "=", winner.id).execute()
    ).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["grant_agreement_accepted", "prize_payment_status_changed"]));
    const emails = await t.db
      .selectFrom("email_outbox")
      .select(["template", "props"])
      .where("template", "=", "grant-agreement-accepted")
      .execute();
    expect(emails.length).toBeGreaterThan(0);
    expect(emails[0]!.props).toMatchObject({
      signatoryName: "Amara Okafor",
      sha256: (await latest(award.id)).body_sha256,
    });
    expect(await agreementState(t.db, award.id)).toMatchObject({
      version: 1,
      accepted: true,
      signatoryName: "Amara Okafor",
    });
  });

  it("refuses a text that changed since the page showed it, and changes nothing", async () => {
    const { award, winner, scenario, sam } = await published();
    const seen = await latest(award.id);
    await issueAgreement(sam, scenario.challengeId, award.id, { reason: "Corrected the support cap" }, LATER);
    const error = await acceptAgreement(
      winner,
      award.id,
      { version: 1, sha256: seen.body_sha256, ...signing },
      LATER,
    ).catch((e: unknown) => e);
    expect(isAppError(error, "conflict") && error.message).toBe(AGREEMENT_CHANGED);
    const forged = await refusalOf(
      acceptAgreement(winner, award.id, { version: 2, sha256: "0".repeat(64), ...signing }, LATER),
    );
    expect(forged.status).toBe(409);
    expect(await latest(award.id)).toMatchObject({ version: 2, accepted_at: null });
    expect((await paymentOf(award.id)).status).toBe("awaiting_acceptance");
  });

  it("is the only way to accept the prize", async () => {
    const { award, winner } = await published();
    const error = await winnerChangesPayment(winner, award.id, { to: "accepted", version: 1 }, NOW).catch(
      (e: unknown) => e,
    );
    expect(isAppError(error, "invalid") && error.message).toBe(ACCEPT_WITH_AGREEMENT);
    expect((await paymentOf(award.id)).status).toBe("awaiting_acceptance");
  });
});

describe("what the database keeps", () => {
  it("never changes or removes an accepted version", async () => {
    const { award, winner } = await published();
    await accept(winner, award.id);
    const row = await latest(award.id);
    await expect(
      t.db.updateTable("grant_agreement").set({ body: "Other terms" }).where("id", "=", row.id).execute(),
    ).rejects.toThrow(/cannot change/);
    await expect(
      t.db.updateTable("grant_agreement").set({ signatory_name: "Someone else" }).where("id", "=", row.id).execute(),
    ).rejects.toThrow(/cannot change/);
    await expect(t.db.deleteFrom("grant_agreement").where("id", "=", row.id).execute()).rejects.toThrow(
      /cannot be removed/,
    );
    expect(await latest(award.id)).toMatchObject({ body: row.body, signatory_name: "Amara Okafor" });
  });

  it("refuses to approve the payment after a variation until the organisation accepts it again", async () => {
    const { award, winner, scenario, sam, kim } = await published();
    await signOffChecks(award.id);
    await accept(winner, award.id);
    await winnerChangesPayment(winner, award.id, { to: "details_received", version: 2 }, NOW);
    await issueAgreement(sam, scenario.challengeId, award.id, { reason: "Support moved to equipment" }, LATER);
    expect(await agreementState(t.db, award.id)).toMatchObject({ version: 2, accepted: false });

    const payment = await paymentOf(award.id);
    await expect(staffChangesPayment(kim, payment.id, { to: "approved", version: 3 }, LATER)).rejects.toThrow(
      /grant agreement/,
    );
    await expect(
      t.db.updateTable("prize_payment").set({ status: "approved" }).where("id", "=", payment.id).execute(),
    ).rejects.toThrow(/latest grant agreement is accepted/);

    // Accepting the variation leaves the payment where it was, and lets it be approved.
    expect(await accept(winner, award.id, LATER)).toEqual({ version: 2, prizeAccepted: false });
    expect(await staffChangesPayment(kim, payment.id, { to: "approved", version: 3 }, LATER)).toBe("approved");
  });
});

describe("who may see an agreement", () => {
  it("answers not found to anyone but the winning organisation", async () => {
    const { award, scenario, winnerOf, awards } = await published();
    const other = awards.find((a) => a.entry_id !== award.entry_id)!;
    const stranger = winnerOf(scenario.entries.find((e) => !awards.some((a) => a.entry_id === e.id))!.id);
    const sha256 = (await latest(award.id)).body_sha256;
    for (const actor of [stranger, winnerOf(other.entry_id)]) {
      expect((await refusalOf(winnerAgreementPage(actor, award.id))).status).toBe(404);
      expect((await refusalOf(winnerAgreementPdf(actor, award.id, 1))).status).toBe(404);
      expect((await refusalOf(acceptAgreement(actor, award.id, { version: 1, sha256, ...signing }, NOW))).status).toBe(
        404,
      );
      expect((await refusalOf(staffAgreementPage(actor, scenario.challengeId, award.id))).status).toBe(403);
      expect((await refusalOf(staffAgreementPdf(actor, scenario.challengeId, award.id, 1))).status).toBe(403);
    }
    expect(await latest(award.id)).toMatchObject({ accepted_at: null });
  });

  it("answers not found to the winning organisation itself until the results are published", async () => {
    const unpublished = await published({ publish: false });
    expect((await refusalOf(winnerAgreementPage(unpublished.winner, unpublished.award.id))).status).toBe(404);
  });

  it("answers not found to staff asking for another challenge's award or a version that does not exist", async () => {
    const { award, sam } = await published();
    expect((await refusalOf(staffAgreementPage(sam, 999_999, award.id))).status).toBe(404);
    expect((await refusalOf(staffAgreementPdf(sam, 999_999, award.id, 1))).status).toBe(404);
  });
});

describe("the PDF", () => {
  it("is a PDF of the agreement, for both sides, with the signatory and the text's SHA-256 once accepted", async () => {
    const { award, winner, scenario, sam } = await published();
    await accept(winner, award.id);
    const sha256 = (await latest(award.id)).body_sha256;
    for (const pdf of [
      await winnerAgreementPdf(winner, award.id, 1),
      await staffAgreementPdf(sam, scenario.challengeId, award.id, 1),
    ]) {
      expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pdf.fileName).toBe(`grant-agreement-${award.reference}-v1.pdf`);
      // The hash is in the file's properties, which are never compressed.
      expect(pdf.bytes.toString("latin1")).toContain(sha256);
    }
    expect((await refusalOf(winnerAgreementPdf(winner, award.id, 2))).status).toBe(404);
  });

  it("draws the terms, the signatory and the hash as text", async () => {
    const bytes = await renderAgreementPdf(
      {
        title: "Grant agreement JC-2021-0042, version 1",
        organisationName: "Ladywood Lantern Kitchen CIC",
        reference: "JC-2021-0042",
        ideaTitle: "Cook well",
        challengeTitle: "Challenge 2021",
        tierName: "Top 3",
        cash: "£15,000",
        supportCap: "£10,000",
        version: 1,
        body: "**Use of funds.** For the idea only.\n\n* Report quarterly",
        sha256: "ab".repeat(32),
        issuedAt: "10:00am on 20 May 2021",
        variationReason: null,
        acceptance: { name: "Amara Okafor", role: "Director", at: "2:05pm on 3 June 2021" },
      },
      { compress: false },
    );
    const text = shownText(bytes);
    for (const words of ["Use of funds.", "For the idea only.", "Report quarterly", "Amara Okafor", "ab".repeat(32)])
      expect(text).toContain(words);
  });
});

/** The text a PDF draws: pdfkit writes each run as a hex string of character codes (TJ). */
function shownText(bytes: Buffer): string {
  const runs = [...bytes.toString("latin1").matchAll(/<([0-9a-f]+)>/g)].map((m) =>
    Buffer.from(m[1]!, "hex").toString("latin1"),
  );
  return runs.join("");
}
