import { describe, expect, it } from "vitest";
import {
  acceptInvitationWithNewAccount,
  approveStaffInvitation,
  createInvitation,
  declineStaffInvitation,
  listInvitations,
  OWN_PROPOSAL,
  resendInvitation,
} from "../../app/services/accounts/invitations.server";
import { createFirstStaffAccount, issueFirstStaffLink } from "../../app/services/accounts/first-staff.server";
import { staffOverview } from "../../app/services/accounts/roles.server";
import {
  APPROVED_CANNOT_PAY,
  paymentDetail,
  RECORDED_DETAILS_CANNOT_APPROVE,
  staffChangesPayment,
  winnerChangesPayment,
} from "../../app/services/awards/prize-payments.server";
import { confirmRounds } from "../../app/dev-tools/test-awards.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { approveAwardListAsStaff, clearAwardsForPayment, makeStaff } from "../support/awards-fixtures";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";

// Two people for every staff grant and every pound (decision 049): the services refuse one person
// doing both steps, and so does the database when a row is written directly.

const t = useTestDatabase();
const GOOD_PASSWORD = "lantern orchard pebble";
const NOW = new Date("2027-06-01T10:00:00Z");

async function isStaff(email: string) {
  const row = await t.db
    .selectFrom("role_grant")
    .innerJoin("app_user", "app_user.id", "role_grant.user_id")
    .select("role_grant.id")
    .where("app_user.email", "=", email)
    .where("role_grant.role", "=", "staff")
    .executeTakeFirst();
  return row !== undefined;
}

async function invitationEmailsTo(email: string) {
  return t.db.selectFrom("email_outbox").select("id").where("to_address", "=", email).execute();
}

/** A database error's message, or null when the statement went through. */
async function databaseRefusal(statement: Promise<unknown>): Promise<string | null> {
  return statement.then(
    () => null,
    (error: Error) => error.message,
  );
}

describe("a staff invitation needs a second member of staff", () => {
  it("is sent only when another member of staff approves it, and then gives the role", async () => {
    const ann = await makeStaff(t.db, "ann");
    const bob = await makeStaff(t.db, "bob");
    const proposed = await createInvitation(ann, { email: "new.staff@example.org", role: "staff" });
    expect(proposed).toMatchObject({ awaitingApproval: true, token: null });
    expect(await invitationEmailsTo("new.staff@example.org")).toHaveLength(0);

    const approved = await approveStaffInvitation(bob, proposed.invitationId);
    expect(await invitationEmailsTo("new.staff@example.org")).toHaveLength(1);
    await acceptInvitationWithNewAccount(approved.token!, { name: "New Staff", password: GOOD_PASSWORD });
    expect(await isStaff("new.staff@example.org")).toBe(true);

    const trail = await t.db
      .selectFrom("audit_event")
      .select(["action", "actor_user_id"])
      .where("action", "in", ["staff_invitation_proposed", "staff_invitation_approved", "role_granted"])
      .orderBy("id")
      .execute();
    expect(trail).toEqual([
      { action: "staff_invitation_proposed", actor_user_id: ann.id },
      { action: "staff_invitation_approved", actor_user_id: bob.id },
      { action: "role_granted", actor_user_id: ann.id },
    ]);
  });

  it("refuses the proposer approving their own; nothing is sent and staff see it waiting", async () => {
    const ann = await makeStaff(t.db, "ann");
    const bob = await makeStaff(t.db, "bob");
    const proposed = await createInvitation(ann, { email: "mine@example.org", role: "staff" });

    const refusal = await refusalOf(approveStaffInvitation(ann, proposed.invitationId));
    expect(refusal.status).toBe(403);
    expect(await refusal.text()).toContain(OWN_PROPOSAL);
    expect((await refusalOf(resendInvitation(ann, proposed.invitationId))).status).toBe(409);
    expect(await invitationEmailsTo("mine@example.org")).toHaveLength(0);
    const asAnn = await listInvitations(ann, { page: 1 });
    expect(asAnn.invitations[0]).toMatchObject({ status: "awaiting_approval", proposedByYou: true });
    const asBob = await listInvitations(bob, { page: 1 });
    expect(asBob.invitations[0]).toMatchObject({ status: "awaiting_approval", proposedByYou: false });
    expect(await staffOverview(bob)).toMatchObject({ awaitingApproval: 1, pendingInvitations: 0 });
  });

  it("declined, nothing is sent and it can no longer be approved", async () => {
    const ann = await makeStaff(t.db, "ann");
    const bob = await makeStaff(t.db, "bob");
    const proposed = await createInvitation(ann, { email: "declined@example.org", role: "staff" });
    await declineStaffInvitation(bob, proposed.invitationId);
    expect((await refusalOf(approveStaffInvitation(bob, proposed.invitationId))).status).toBe(409);
    expect(await invitationEmailsTo("declined@example.org")).toHaveLength(0);
  });

  it("judges are still invited by one member of staff", async () => {
    const ann = await makeStaff(t.db, "ann");
    await makeStaff(t.db, "bob");
    const sent = await createInvitation(ann, { email: "judge@example.org", role: "judge" });
    expect(sent.awaitingApproval).toBe(false);
    expect(await invitationEmailsTo("judge@example.org")).toHaveLength(1);
  });

  it("the database refuses a staff grant without an approved proposal by someone else", async () => {
    const ann = await makeStaff(t.db, "ann");
    await makeStaff(t.db, "bob");
    const proposed = await createInvitation(ann, { email: "direct@example.org", role: "staff" });
    const direct = await t.db
      .insertInto("app_user")
      .values({ email: "direct@example.org", name: "Direct", email_verified_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const proposal = await t.db
      .selectFrom("staff_proposal")
      .select("id")
      .where("invitation_id", "=", proposed.invitationId)
      .executeTakeFirstOrThrow();

    // No proposal at all, then one nobody approved.
    expect(
      await databaseRefusal(t.db.insertInto("role_grant").values({ user_id: direct.id, role: "staff" }).execute()),
    ).toMatch(/approved by another member of staff/);
    expect(
      await databaseRefusal(
        t.db
          .insertInto("role_grant")
          .values({ user_id: direct.id, role: "staff", staff_proposal_id: proposal.id })
          .execute(),
      ),
    ).toMatch(/approved by another member of staff/);
    // The proposer approving it themselves, by hand.
    expect(
      await databaseRefusal(
        t.db
          .updateTable("staff_proposal")
          .set({ approved_by: ann.id, approved_at: new Date() })
          .where("id", "=", proposal.id)
          .execute(),
      ),
    ).toMatch(/staff_proposal_two_people|another member of staff/);
    // Turning an existing judge into staff is refused the same way.
    await t.db.insertInto("role_grant").values({ user_id: direct.id, role: "judge" }).execute();
    expect(
      await databaseRefusal(
        t.db.updateTable("role_grant").set({ role: "staff" }).where("user_id", "=", direct.id).execute(),
      ),
    ).toMatch(/approved by another member of staff/);
    expect(await isStaff("direct@example.org")).toBe(false);
  });
});

describe("the first member of staff", () => {
  it("is made from the set-up link alone, and may then add one second member of staff alone, once", async () => {
    const link = await issueFirstStaffLink();
    const first = await createFirstStaffAccount(
      link!.token,
      { name: "First Staff", email: "first@example.org", password: GOOD_PASSWORD },
      { ip: "203.0.113.1" },
    );
    expect(await isStaff("first@example.org")).toBe(true);
    const actor = { id: first.userId, ip: "203.0.113.1" };

    const second = await createInvitation(actor, { email: "second@example.org", role: "staff" });
    expect(second.awaitingApproval).toBe(false);
    expect(await invitationEmailsTo("second@example.org")).toHaveLength(1);
    const { userId: secondId } = await acceptInvitationWithNewAccount(second.token!, {
      name: "Second Staff",
      password: GOOD_PASSWORD,
    });
    expect(await isStaff("second@example.org")).toBe(true);

    // From now on every staff invitation needs the other.
    const third = await createInvitation(actor, { email: "third@example.org", role: "staff" });
    expect(third.awaitingApproval).toBe(true);
    await approveStaffInvitation({ id: secondId, ip: null }, third.invitationId);
    expect(await invitationEmailsTo("third@example.org")).toHaveLength(1);
  });

  it("the database allows the lone approval only to the only member of staff", async () => {
    const ann = await makeStaff(t.db, "ann");
    await makeStaff(t.db, "bob");
    const proposed = await createInvitation(ann, { email: "sneaky@example.org", role: "staff" });
    expect(
      await databaseRefusal(
        t.db
          .updateTable("staff_proposal")
          .set({ bootstrap: true, approved_at: new Date() })
          .where("invitation_id", "=", proposed.invitationId)
          .execute(),
      ),
    ).toMatch(/staff_proposal_bootstrap_once|needs its proposer to be the only member of staff/);
  });
});

describe("a prize payment needs two people", () => {
  async function paymentAtDetailsReceived(recorder: { id: number; ip: string }) {
    const scenario = await createScenario({ entries: 3, localAuthorityCodes: ["E08000025"] });
    const ids = scenario.entries.map((e) => e.id);
    await confirmRounds({ challengeId: scenario.challengeId, shortlist: ids.slice(0, 2), winners: [ids[0]!] });
    await approveAwardListAsStaff(t.db, scenario.challengeId, NOW, { publish: true });
    await clearAwardsForPayment(t.db, scenario.challengeId, NOW);
    const payment = await t.db
      .selectFrom("prize_payment")
      .innerJoin("award", "award.id", "prize_payment.award_id")
      .select(["prize_payment.id", "award.id as awardId"])
      .where("award.entry_id", "=", ids[0]!)
      .executeTakeFirstOrThrow();
    const winner = { id: scenario.entries[0]!.entrantUserId, ip: "198.51.100.4" };
    await winnerChangesPayment(winner, payment.awardId, { to: "accepted", version: 1 }, NOW);
    await staffChangesPayment(recorder, payment.id, { to: "details_received", version: 2 }, NOW);
    return { ...payment, challengeId: scenario.challengeId };
  }

  it("the recorder cannot approve, the approver cannot record it paid; a third person can", async () => {
    const recorder = await makeStaff(t.db, "rita");
    const payment = await paymentAtDetailsReceived(recorder);
    const approver = await makeStaff(t.db, "abe");
    const payer = await makeStaff(t.db, "pat");

    const mine = await paymentDetail(recorder, payment.challengeId, payment.id);
    expect(mine.next.map((n) => n.value)).toEqual(["cancelled"]);
    expect(mine.needsSomeoneElse).toEqual([RECORDED_DETAILS_CANNOT_APPROVE]);
    const refusal = await refusalOf(staffChangesPayment(recorder, payment.id, { to: "approved", version: 3 }));
    expect(refusal.status).toBe(403);
    expect(await refusal.text()).toContain(RECORDED_DETAILS_CANNOT_APPROVE);

    expect(await staffChangesPayment(approver, payment.id, { to: "approved", version: 3 })).toBe("approved");
    const paid = { to: "paid" as const, version: 4, financeReference: "PAYRUN-1" };
    const notAgain = await refusalOf(staffChangesPayment(approver, payment.id, paid));
    expect(notAgain.status).toBe(403);
    expect(await notAgain.text()).toContain(APPROVED_CANNOT_PAY);

    // The recorder of the details may record it paid: only the approver must differ.
    expect(await staffChangesPayment(payer, payment.id, paid)).toBe("paid");
    const row = await t.db
      .selectFrom("prize_payment")
      .select(["details_recorded_by", "approved_by", "paid_by"])
      .where("id", "=", payment.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ details_recorded_by: recorder.id, approved_by: approver.id, paid_by: payer.id });
    const detail = await paymentDetail(payer, payment.challengeId, payment.id);
    expect(detail.people).toEqual({
      detailsRecordedBy: "Staff rita",
      approvedBy: "Staff abe",
      paidBy: "Staff pat (you)",
    });
  });

  it("the database refuses the same person at both steps, written directly", async () => {
    const recorder = await makeStaff(t.db, "rita");
    const payment = await paymentAtDetailsReceived(recorder);
    const approver = await makeStaff(t.db, "abe");

    const approveAsRecorder = t.db
      .updateTable("prize_payment")
      .set({ status: "approved", approved_by: recorder.id, approved_at: new Date() })
      .where("id", "=", payment.id)
      .execute();
    expect(await databaseRefusal(approveAsRecorder)).toMatch(/prize_payment_approver_not_recorder/);
    const approveAnonymously = t.db
      .updateTable("prize_payment")
      .set({ status: "approved", approved_at: new Date() })
      .where("id", "=", payment.id)
      .execute();
    expect(await databaseRefusal(approveAnonymously)).toMatch(/without saying who did it/);

    await staffChangesPayment(approver, payment.id, { to: "approved", version: 3 });
    const payAsApprover = t.db
      .updateTable("prize_payment")
      .set({ status: "paid", paid_by: approver.id, paid_at: new Date(), finance_reference: "PAYRUN-2" })
      .where("id", "=", payment.id)
      .execute();
    expect(await databaseRefusal(payAsApprover)).toMatch(/prize_payment_payer_not_approver/);
    const status = await t.db
      .selectFrom("prize_payment")
      .select("status")
      .where("id", "=", payment.id)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe("approved");
  });
});
