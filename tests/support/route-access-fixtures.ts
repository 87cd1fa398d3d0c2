import { randomBytes } from "node:crypto";
import type { DB } from "../../db/client";
import type { Role } from "../../db/schema";
import { createSession, hashToken, SESSION_COOKIE } from "../../app/auth/session.server";
import { PRIVILEGED_ROLES } from "../../app/auth/constants";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { openRoundForJudges } from "../../app/dev-tools/test-judging.server";
import { createTestAwards } from "../../app/dev-tools/test-support-plans.server";
import { createInvitation } from "../../app/services/accounts/invitations.server";
import {
  createSession as createMasterclassSession,
  respondToPlace,
} from "../../app/services/awards/masterclasses.server";
import { addMilestone } from "../../app/services/awards/support-plans.server";
import { startEntry } from "../../app/services/entries/entries.server";
import { inviteColleague } from "../../app/services/entries/organisations.server";
import { confirmDeclaration } from "../../app/services/judging/conflicts.server";
import { makeChallenge } from "./entry-fixtures";
import type { Persona } from "./route-access-table";
import { recordRecovery } from "../../app/services/awards/recoveries.server";
import { requestSupport } from "../../app/services/awards/support-requests.server";
import { checkUpload, storeAttachments } from "../../app/services/attachments/attachments.server";
import { samplePdf } from "./sample-files";

// The world the route walk (tests/integration/route-access.test.ts) runs in, built once through
// the same builders and services the other tests use, so every persona meets realistic data:
//
// - the previous challenge: closed, results published. The winner's entry holds a top 20 award
//   (cash, a payment awaiting acceptance, a masterclass place) and a top 3 award (a support plan
//   with a milestone), and the winner has booked the masterclass. Two of its entries are shared
//   with councils, the winner's (Birmingham) and another (Coventry); the third is not shared.
// - the judging challenge: closed, round 1 open. Entrant A's and entrant B's submitted entries,
//   each from its own organisation. Both judges were assigned both entries; the judge with a
//   conflict then declared one with entrant A's organisation, which ended that assignment.
// - the open challenge: entrant A's draft.
// - the council officer works for Birmingham; staff is a member of programme staff.
// - two people who are none of the personas: a judge who lost their phone (an authenticator app
//   for staff to reset), and someone signed in (a session nobody else may end).

export const BIRMINGHAM = "E08000025";

export interface RouteFixtures {
  now: Date;
  previous: {
    challengeId: number;
    slug: string;
    winnerEntryRef: string;
    /** A shared idea in Birmingham (the officer's council) and one elsewhere. */
    sharedHereRef: string;
    sharedElsewhereRef: string;
    /** Submitted, but its organisation did not consent to sharing it with councils. */
    notSharedRef: string;
    /** The top 20 award: a payment and a masterclass place. */
    cashAwardId: number;
    /** The top 20 award's prize tier, whose grant agreement terms staff edit. */
    prizeTierId: number;
    paymentId: number;
    masterclassSessionId: number;
    /** The top 3 award: a support plan with a milestone. */
    supportAwardId: number;
    milestoneId: number;
    /** The winner's request for support, waiting for a decision, and a recovery due from the cash award. */
    supportRequestId: number;
    recoveryId: number;
    /** The top 3 award's first monitoring report. */
    reportId: number;
  };
  judging: {
    challengeId: number;
    entryARef: string;
    entryAId: number;
    entryBRef: string;
    criterionId: number;
    /** The judge's assignment to entrant A's entry, and the conflicted judge's (ended) one. */
    judgeAssignmentId: number;
    conflictedAssignmentId: number;
  };
  open: { challengeId: number; draftRef: string; priorityAreaId: number };
  /** A pending invitation to a role, and to entrant A's organisation. */
  staffInvitationToken: string;
  organisationInvitationToken: string;
  /** Someone who is none of the personas, with an authenticator app to reset (they lost their phone). */
  lostFactorUserId: number;
  /** A session of someone who is none of the personas. */
  otherSessionId: string;
  /** An open access request about the person who lost their phone, recorded by staff. */
  dataRequestId: number;
  /** A file entrant A attached to their entry. */
  entryAttachmentId: number;
  users: Record<Exclude<Persona, "anonymous">, { id: number; roles: Role[] }>;
}

async function person(db: DB, name: string, role: Role | null, localAuthorityCode: string | null = null) {
  const user = await db
    .insertInto("app_user")
    .values({
      email: `${name.toLowerCase().replace(/\W+/g, ".")}.${randomBytes(3).toString("hex")}@example.org`,
      name,
      email_verified_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (role)
    await db
      .insertInto("role_grant")
      .values({ user_id: user.id, role, local_authority_code: localAuthorityCode })
      .execute();
  return user.id;
}

export async function buildRouteFixtures(db: DB): Promise<RouteFixtures> {
  const now = new Date();
  const staffId = await person(db, "Staff Member", "staff");
  const staff = { id: staffId, ip: "192.0.2.10" };

  // The previous challenge, with its results published.
  const previous = await createScenario(
    { entries: 3, withoutConsent: [2], localAuthorityCodes: [BIRMINGHAM, "E08000026"], label: "Past" },
    db,
  );
  const [winnerEntry, elsewhereEntry, notSharedEntry] = previous.entries as [
    (typeof previous.entries)[number],
    (typeof previous.entries)[number],
    (typeof previous.entries)[number],
  ];
  const awards = await createTestAwards(
    {
      challengeId: previous.challengeId,
      awards: [
        { entryId: winnerEntry.id, tier: "top20" },
        { entryId: winnerEntry.id, tier: "top3" },
      ],
    },
    db,
  );
  const cash = awards.find((a) => a.tier === "top20")!;
  const support = awards.find((a) => a.tier === "top3")!;
  const masterclass = await createMasterclassSession(staff, previous.challengeId, {
    title: "Business development masterclass",
    description: "A day on growing the idea.",
    startsAt: new Date(now.getTime() + 30 * 86_400_000),
    endsAt: new Date(now.getTime() + 30 * 86_400_000 + 3 * 3_600_000),
    venue: "The Exchange, Birmingham",
    onlineUrl: null,
    capacity: 20,
  });
  // The winner has booked the masterclass, so the session is in their calendar.
  const place = await db
    .selectFrom("masterclass_place")
    .select("id")
    .where("award_id", "=", cash.awardId)
    .where("session_id", "=", masterclass.id)
    .executeTakeFirstOrThrow();
  await respondToPlace({ id: winnerEntry.entrantUserId }, cash.awardId, place.id, "accept", now);
  const milestone = await addMilestone(staff, support.awardId, {
    title: "First community session",
    dueOn: "2027-01-15",
    status: "not_started",
    completedOn: null,
  });
  const supportRequest = await requestSupport({ id: winnerEntry.entrantUserId }, support.awardId, {
    kind: "coaching",
    description: "Three sessions with a fundraising coach",
    supplier: "Fundraising Coach Ltd",
    costPence: 90_000,
    reason: "To plan our first appeal.",
  });
  const recovery = await recordRecovery(staff, previous.challengeId, cash.awardId, {
    reason: "conditions_broken",
    description: "The project stopped before the end of the year.",
    amountPence: 25_000,
  });

  // The challenge being judged.
  const judging = await createScenario(
    { entries: 2, localAuthorityCodes: [BIRMINGHAM, "E08000026"], label: "Now" },
    db,
  );
  const [entryA, entryB] = judging.entries as [(typeof judging.entries)[number], (typeof judging.entries)[number]];
  const judgeId = await person(db, "Judge Ada", "judge");
  const conflictedJudgeId = await person(db, "Judge Bea", "judge");
  const round = await openRoundForJudges(
    { challengeId: judging.challengeId, judgeUserIds: [judgeId, conflictedJudgeId] },
    db,
  );
  await confirmDeclaration({ id: judgeId }, { challengeId: judging.challengeId, conflicts: [], confirmed: true });
  await confirmDeclaration(
    { id: conflictedJudgeId },
    {
      challengeId: judging.challengeId,
      conflicts: [{ organisationId: entryA.organisationId, reason: "My sister chairs this group." }],
      confirmed: true,
    },
  );
  const assignmentOf = (judgeUserId: number) =>
    round.assignments.find((a) => a.judgeUserId === judgeUserId && a.entryId === entryA.id)!.assignmentId;

  // The open challenge, where entrant A has started a draft.
  const open = await makeChallenge(db, {
    slug: "recovery-open",
    opensAt: new Date(now.getTime() - 10 * 86_400_000),
    closesAt: new Date(now.getTime() + 60 * 86_400_000),
  });
  const draftRef = await startEntry({ id: entryA.entrantUserId }, { title: "Pop-up repair cafe" }, now);

  const officerId = await person(db, "Council Officer", "council_officer", BIRMINGHAM);
  const invitation = await createInvitation(staff, { email: "new.judge@example.org", role: "judge" });
  const lostFactorUserId = await person(db, "Judge Lost Phone", "judge");
  await db
    .insertInto("totp_credential")
    .values({ user_id: lostFactorUserId, key: randomBytes(20), confirmed_at: now })
    .execute();
  const dataRequest = await db
    .insertInto("data_request")
    .values({
      user_id: lostFactorUserId,
      kind: "access",
      received_on: "2026-11-30",
      due_on: "2026-12-30",
      how_received: "Letter",
      created_by: staffId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const otherSession = await createSession(await person(db, "Someone Else", "entrant"), db);
  const entryFile = await checkUpload({ name: "plan.pdf", bytes: samplePdf() });
  const [entryAttachment] = await db
    .transaction()
    .execute((trx) =>
      storeAttachments(trx, { id: entryA.entrantUserId }, { kind: "entry", id: entryA.id }, [entryFile]),
    );
  const colleague = await inviteColleague({ id: entryA.entrantUserId }, "colleague@example.org");
  if (colleague.outcome !== "invited") throw new Error("inviting entrant A's colleague was refused");

  return {
    now,
    previous: {
      challengeId: previous.challengeId,
      slug: previous.slug,
      winnerEntryRef: winnerEntry.reference,
      sharedHereRef: winnerEntry.reference,
      sharedElsewhereRef: elsewhereEntry.reference,
      notSharedRef: notSharedEntry.reference,
      cashAwardId: cash.awardId,
      prizeTierId: (
        await db.selectFrom("award").select("prize_tier_id").where("id", "=", cash.awardId).executeTakeFirstOrThrow()
      ).prize_tier_id,
      paymentId: cash.paymentId!,
      masterclassSessionId: masterclass.id,
      supportAwardId: support.awardId,
      milestoneId: milestone.milestoneId,
      supportRequestId: supportRequest.requestId,
      recoveryId: recovery.recoveryId,
      reportId: (
        await db
          .selectFrom("monitoring_report")
          .select("id")
          .where("award_id", "=", support.awardId)
          .orderBy("due_on")
          .executeTakeFirstOrThrow()
      ).id,
    },
    judging: {
      challengeId: judging.challengeId,
      entryARef: entryA.reference,
      entryAId: entryA.id,
      entryBRef: entryB.reference,
      criterionId: judging.criterionIds[0]!,
      judgeAssignmentId: assignmentOf(judgeId),
      conflictedAssignmentId: assignmentOf(conflictedJudgeId),
    },
    open: { challengeId: open.id, draftRef, priorityAreaId: open.areaIds[0]! },
    // A judge invitation is sent at once, so it has its link (a staff one waits for a second person).
    staffInvitationToken: invitation.token!,
    organisationInvitationToken: colleague.token,
    lostFactorUserId,
    otherSessionId: hashToken(otherSession.token),
    dataRequestId: dataRequest.id,
    entryAttachmentId: entryAttachment!.id,
    users: {
      entrantA: { id: entryA.entrantUserId, roles: ["entrant"] },
      entrantB: { id: entryB.entrantUserId, roles: ["entrant"] },
      winner: { id: winnerEntry.entrantUserId, roles: ["entrant"] },
      judge: { id: judgeId, roles: ["judge"] },
      conflictedJudge: { id: conflictedJudgeId, roles: ["judge"] },
      councilOfficer: { id: officerId, roles: ["council_officer"] },
      staff: { id: staffId, roles: ["staff"] },
    },
  };
}

/**
 * A signed-in session for the person, as a cookie header. A privileged person (staff, judge,
 * council officer) has an authenticator app set up and gave it when this session began, so a
 * check that asks for the second factor lets them through as it would after a real sign-in.
 */
export async function sessionCookieFor(db: DB, user: { id: number; roles: Role[] }): Promise<string> {
  const session = await createSession(user.id, db);
  if (user.roles.some((role) => (PRIVILEGED_ROLES as readonly Role[]).includes(role))) {
    await db
      .insertInto("totp_credential")
      .values({ user_id: user.id, key: randomBytes(20), confirmed_at: new Date() })
      .onConflict((oc) => oc.column("user_id").doNothing())
      .execute();
    await db
      .updateTable("session")
      .set({ second_factor_at: new Date() })
      .where("id", "=", hashToken(session.token))
      .execute();
  }
  return `${SESSION_COOKIE}=${session.token}`;
}

/** Whether the cookie's session still exists (signing out ends it). */
export async function sessionAlive(db: DB, cookie: string): Promise<boolean> {
  const token = cookie.slice(cookie.indexOf("=") + 1);
  const row = await db.selectFrom("session").select("id").where("id", "=", hashToken(token)).executeTakeFirst();
  return row !== undefined;
}
