import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { grantStaffDirectly } from "../../db/seed/staff-grants";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { createTestAwards } from "../../app/dev-tools/test-support-plans.server";
import { addSupportItem, ledgerTotal, loadSupportPlan } from "../../app/services/awards/support-plans.server";
import {
  approveSupportRequest,
  refuseSupportRequest,
  requestSupport,
  staffSupportRequests,
  waitingSupportRequests,
  winnerSupportRequests,
  type SupportRequestInput,
} from "../../app/services/awards/support-requests.server";
import {
  challengeRecoveries,
  recordRecovery,
  recoveryTotals,
  resolveRecovery,
  winnerRecoveries,
} from "../../app/services/awards/recoveries.server";
import { paymentsPage, parsePaymentFilters } from "../../app/services/awards/prize-payments.server";
import { RECORDED_CANNOT_WRITE_OFF } from "../../app/domain/recoveries";
import { downloadAttachment } from "../../app/services/attachments/attachments.server";
import { htmlPage, samplePdf } from "../support/sample-files";
import { refusalOf } from "../support/refusals";
import { useTestDatabase } from "../support/database";

// Support requests and recoveries (decision 062): a winner asks for support and staff approve it
// into the ledger under the cap or refuse it with a reason; money due back is recorded, received
// or written off by a second person, and counted in the totals.

const t = useTestDatabase();
const TODAY = "2026-06-15";

let staffCount = 0;
async function makeStaff() {
  staffCount += 1;
  const user = await t.db
    .insertInto("app_user")
    .values({ email: `staff${staffCount}@example.org`, name: `Staff ${staffCount}`, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await grantStaffDirectly(t.db, user.id);
  return { id: user.id, ip: "203.0.113.9" };
}

/** A published challenge: entry 0 won the top 20 and top 3 awards; entry 1 only the top 20. */
async function winner() {
  const scenario = await createScenario({ entries: 2 });
  const awards = await createTestAwards({
    challengeId: scenario.challengeId,
    awards: [
      { entryId: scenario.entries[0]!.id, tier: "top20", paymentStatus: "paid" },
      { entryId: scenario.entries[0]!.id, tier: "top3" },
      { entryId: scenario.entries[1]!.id, tier: "top20", paymentStatus: "paid" },
    ],
  });
  return {
    challengeId: scenario.challengeId,
    cashAwardId: awards[0]!.awardId,
    supportAwardId: awards[1]!.awardId,
    otherCashAwardId: awards[2]!.awardId,
    member: { id: scenario.entries[0]!.entrantUserId },
    otherMember: { id: scenario.entries[1]!.entrantUserId },
  };
}

function ask(costPence: number, extra: Partial<SupportRequestInput> = {}): SupportRequestInput {
  return {
    kind: "coaching",
    description: "Three sessions with a fundraising coach",
    supplier: "Priya Shah",
    costPence,
    reason: "To plan our first appeal.",
    ...extra,
  };
}

async function emailsTo(userId: number) {
  return t.db
    .selectFrom("email_outbox")
    .innerJoin("app_user", "app_user.email", "email_outbox.to_address")
    .select(["email_outbox.template", "email_outbox.props"])
    .where("app_user.id", "=", userId)
    .where("email_outbox.template", "=", "support-request-decision")
    .execute();
}

describe("a winner's request for support", () => {
  it("approved by staff goes on the ledger in the same step, and the winner is emailed", async () => {
    const staff = await makeStaff();
    const w = await winner();
    // Asked from the cash award's page: it lands on the entry's support plan.
    const asked = await requestSupport(w.member, w.cashAwardId, ask(90_000));
    expect(asked.awardId).toBe(w.supportAwardId);
    expect((await waitingSupportRequests(staff)).map((r) => r.request.id)).toContain(asked.requestId);

    const approved = await approveSupportRequest(staff, w.supportAwardId, asked.requestId, {
      version: 1,
      happenedOn: TODAY,
      overrideReason: null,
    });
    expect(approved.overridden).toBe(false);
    const plan = await loadSupportPlan(staff, w.supportAwardId, TODAY);
    expect(plan.items).toEqual([
      expect.objectContaining({
        id: approved.supportItemId,
        description: "Three sessions with a fundraising coach",
        coachName: "Priya Shah",
        amountPence: 90_000,
      }),
    ]);
    const [request] = await staffSupportRequests(staff, w.supportAwardId);
    expect(request).toMatchObject({ status: "approved", supportItemId: approved.supportItemId });
    expect(request!.decidedAt).toBeInstanceOf(Date);
    expect((await waitingSupportRequests(staff)).map((r) => r.request.id)).not.toContain(asked.requestId);
    // The winner sees the outcome, and is told by email.
    const mine = await winnerSupportRequests(w.member, w.supportAwardId);
    expect(mine.requests.map((r) => r.statusLabel)).toEqual(["Approved"]);
    expect(mine.position.spentPence).toBe(90_000);
    const emails = await emailsTo(w.member.id);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.props).toMatchObject({ outcome: "approved", cost: "£900" });
    const audit = await t.db
      .selectFrom("audit_event")
      .select("action")
      .where("subject_type", "=", "award")
      .where("subject_id", "=", String(w.supportAwardId))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "support_request_made",
      "support_item_added",
      "support_request_approved",
    ]);
  });

  it("over the cap is refused unless an authorised override with its reason is given", async () => {
    const staff = await makeStaff();
    const w = await winner();
    await addSupportItem(staff, w.supportAwardId, {
      kind: "investment",
      happenedOn: "2026-05-01",
      description: "Equipment",
      coachName: null,
      hours: null,
      amountPence: 1_450_000,
      overrideReason: null,
    });
    const asked = await requestSupport(w.member, w.supportAwardId, ask(60_000));
    const refused = await refusalOf(
      approveSupportRequest(staff, w.supportAwardId, asked.requestId, {
        version: 1,
        happenedOn: TODAY,
        overrideReason: null,
      }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("This would take the total to £15,100.00, £100.00 over the £15,000.00 cap");
    // Nothing changed: still waiting, nothing added, nobody emailed.
    expect(await ledgerTotal(t.db, w.supportAwardId)).toBe(1_450_000);
    expect((await staffSupportRequests(staff, w.supportAwardId))[0]!.status).toBe("waiting");
    expect(await emailsTo(w.member.id)).toHaveLength(0);

    const approved = await approveSupportRequest(staff, w.supportAwardId, asked.requestId, {
      version: 1,
      happenedOn: TODAY,
      overrideReason: "Agreed by the programme board on 3 June",
    });
    expect(approved.overridden).toBe(true);
    expect(await ledgerTotal(t.db, w.supportAwardId)).toBe(1_510_000);
  });

  it("refused needs a reason, which the winner reads; a decided request cannot be decided again", async () => {
    const staff = await makeStaff();
    const w = await winner();
    const asked = await requestSupport(w.member, w.supportAwardId, ask(30_000));
    const blank = await refusalOf(
      refuseSupportRequest(staff, w.supportAwardId, asked.requestId, { version: 1, reason: "  " }),
    );
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain("Enter why the request is refused");

    await refuseSupportRequest(staff, w.supportAwardId, asked.requestId, {
      version: 1,
      reason: "Software subscriptions are outside the support the programme gives.",
    });
    const mine = await winnerSupportRequests(w.member, w.supportAwardId);
    expect(mine.requests[0]).toMatchObject({
      status: "refused",
      refusalReason: "Software subscriptions are outside the support the programme gives.",
    });
    expect((await emailsTo(w.member.id))[0]!.props).toMatchObject({ outcome: "refused" });
    expect(await ledgerTotal(t.db, w.supportAwardId)).toBe(0);

    const again = await refusalOf(
      approveSupportRequest(staff, w.supportAwardId, asked.requestId, {
        version: 1,
        happenedOn: TODAY,
        overrideReason: null,
      }),
    );
    expect(again.status).toBe(409);
    expect(await ledgerTotal(t.db, w.supportAwardId)).toBe(0);
  });

  it("can be made only by the winning organisation, and decided only by staff with a recent second factor", async () => {
    const staff = await makeStaff();
    const w = await winner();
    // The runner-up (another organisation) and a member of staff find no such plan.
    expect((await refusalOf(requestSupport(w.otherMember, w.supportAwardId, ask(10_000)))).status).toBe(404);
    expect((await refusalOf(requestSupport(staff, w.supportAwardId, ask(10_000)))).status).toBe(404);
    expect((await refusalOf(winnerSupportRequests(w.otherMember, w.supportAwardId))).status).toBe(404);
    // The runner-up's own award carries no support to ask for.
    expect((await refusalOf(requestSupport(w.otherMember, w.otherCashAwardId, ask(10_000)))).status).toBe(404);

    const asked = await requestSupport(w.member, w.supportAwardId, ask(10_000));
    const decide = { version: 1, happenedOn: TODAY, overrideReason: null };
    expect((await refusalOf(approveSupportRequest(w.member, w.supportAwardId, asked.requestId, decide))).status).toBe(
      403,
    );
    expect(
      (await refusalOf(refuseSupportRequest(w.member, w.supportAwardId, asked.requestId, { version: 1, reason: "x" })))
        .status,
    ).toBe(403);
    const stale = { ...staff, secondFactorAt: new Date(Date.now() - 24 * 3_600_000) };
    expect((await refusalOf(approveSupportRequest(stale, w.supportAwardId, asked.requestId, decide))).status).toBe(403);
    expect((await staffSupportRequests(staff, w.supportAwardId))[0]!.status).toBe("waiting");
  });

  it("may carry a quote, checked by its content and shown only to the winners and staff", async () => {
    const staff = await makeStaff();
    const w = await winner();
    // A web page named like a PDF is refused, and nothing of the request is saved.
    const disguised = await refusalOf(
      requestSupport(w.member, w.supportAwardId, ask(20_000), [{ name: "quote.pdf", bytes: htmlPage }]),
    );
    expect(disguised.status).toBe(400);
    expect(await disguised.text()).toContain("is not a type of file you can add");
    expect(await staffSupportRequests(staff, w.supportAwardId)).toEqual([]);

    await requestSupport(w.member, w.supportAwardId, ask(20_000), [
      { name: "Quote from Priya.pdf", bytes: samplePdf("Quote: £200") },
    ]);
    const [request] = await staffSupportRequests(staff, w.supportAwardId);
    expect(request!.attachments.map((a) => a.fileName)).toEqual(["Quote from Priya.pdf"]);
    const quoteId = request!.attachments[0]!.id;
    expect((await downloadAttachment(staff, quoteId)).mediaType).toBe("application/pdf");
    expect((await downloadAttachment(w.member, quoteId)).fileName).toBe("Quote from Priya.pdf");
    expect((await refusalOf(downloadAttachment(w.otherMember, quoteId))).status).toBe(404);
  });

  it("is refused by the database as approved without the ledger item it became", async () => {
    const w = await winner();
    const asked = await requestSupport(w.member, w.supportAwardId, ask(10_000));
    await expect(
      sql`update support_request set status = 'approved', decided_at = now() where id = ${asked.requestId}`.execute(
        t.db,
      ),
    ).rejects.toThrow(/support_request_approved/);
  });
});

describe("recoveries", () => {
  it("go from due to received with a note, and count in every total", async () => {
    const [staff, colleague] = [await makeStaff(), await makeStaff()];
    const w = await winner();
    const { recoveryId } = await recordRecovery(staff, w.challengeId, w.supportAwardId, {
      reason: "support_unspent",
      description: "Two months of the apprentice's wages were not spent.",
      amountPence: 181_250,
    });
    await recordRecovery(staff, w.challengeId, w.cashAwardId, {
      reason: "conditions_broken",
      description: "The project stopped in its third month.",
      amountPence: 20_000,
    });
    expect(await recoveryTotals(t.db, { challengeId: w.challengeId })).toEqual({
      duePence: 201_250,
      receivedPence: 0,
      writtenOffPence: 0,
    });
    // The one who recorded it may record it received; only the write-off needs a second person.
    const blank = await refusalOf(
      resolveRecovery(staff, w.challengeId, recoveryId, { to: "received", note: "", version: 1 }),
    );
    expect(blank.status).toBe(400);
    await resolveRecovery(colleague, w.challengeId, recoveryId, {
      to: "received",
      note: "Bank transfer, finance reference REC-0147",
      version: 1,
    });
    expect(await recoveryTotals(t.db, { challengeId: w.challengeId })).toEqual({
      duePence: 20_000,
      receivedPence: 181_250,
      writtenOffPence: 0,
    });
    // The payments page and the winner's award show them too.
    expect((await challengeRecoveries(staff, w.challengeId)).totals.receivedPence).toBe(181_250);
    const payments = await paymentsPage(staff, w.challengeId, parsePaymentFilters(new URLSearchParams()));
    expect(payments.totals.paidPence).toBe(100_000);
    const mine = await winnerRecoveries(w.member, w.cashAwardId);
    expect(mine.recoveries.map((r) => [r.statusLabel, r.amountPence])).toEqual([
      ["Received", 181_250],
      ["Due", 20_000],
    ]);
    expect((await refusalOf(winnerRecoveries(w.otherMember, w.cashAwardId))).status).toBe(404);
    // A received recovery is never changed, even directly in the database.
    await expect(sql`update recovery set amount_pence = 1 where id = ${recoveryId}`.execute(t.db)).rejects.toThrow(
      /cannot change/,
    );
    const again = await refusalOf(
      resolveRecovery(colleague, w.challengeId, recoveryId, { to: "written_off", note: "x", version: 2 }),
    );
    expect(again.status).toBe(409);
  });

  it("are written off only by someone other than whoever recorded them: the service and the database refuse", async () => {
    const [staff, colleague] = [await makeStaff(), await makeStaff()];
    const w = await winner();
    const { recoveryId } = await recordRecovery(staff, w.challengeId, w.cashAwardId, {
      reason: "other",
      description: "Paid twice by mistake.",
      amountPence: 50_000,
    });
    const own = await refusalOf(
      resolveRecovery(staff, w.challengeId, recoveryId, { to: "written_off", note: "Too small to chase", version: 1 }),
    );
    expect(own.status).toBe(403);
    expect(await own.text()).toContain(RECORDED_CANNOT_WRITE_OFF);
    await expect(
      sql`update recovery set status = 'written_off', resolved_by = recorded_by, resolved_at = now(),
            resolution_note = 'x' where id = ${recoveryId}`.execute(t.db),
    ).rejects.toThrow(/recovery_write_off_two_people/);

    await resolveRecovery(colleague, w.challengeId, recoveryId, {
      to: "written_off",
      note: "The organisation has closed; nothing to recover.",
      version: 1,
    });
    expect(await recoveryTotals(t.db, { challengeId: w.challengeId })).toEqual({
      duePence: 0,
      receivedPence: 0,
      writtenOffPence: 50_000,
    });
  });

  it("are recorded only by staff with a recent second factor, against one of the challenge's awards", async () => {
    const staff = await makeStaff();
    const w = await winner();
    const input = { reason: "other" as const, description: "Paid twice.", amountPence: 1_000 };
    expect((await refusalOf(recordRecovery(w.member, w.challengeId, w.cashAwardId, input))).status).toBe(403);
    const stale = { ...staff, secondFactorAt: new Date(Date.now() - 24 * 3_600_000) };
    expect((await refusalOf(recordRecovery(stale, w.challengeId, w.cashAwardId, input))).status).toBe(403);
    const other = await winner();
    expect((await refusalOf(recordRecovery(staff, w.challengeId, other.cashAwardId, input))).status).toBe(400);
    expect(await recoveryTotals(t.db, { challengeId: w.challengeId })).toEqual({
      duePence: 0,
      receivedPence: 0,
      writtenOffPence: 0,
    });
  });
});
