import type { Actor } from "../../app/services/actor.server";
import { db } from "../../db/client";
import type { DatesInput, DetailsInput, ItemInput, NewChallengeInput } from "../../app/domain/challenge-setup";
import type { OrganisationInput } from "../../app/domain/organisation-schema";
import type { SectionInput } from "../../app/domain/entry-sections";
import type { InterestInput } from "../../app/domain/council-search";
import type { CriterionInput } from "../../app/domain/rubric";
import * as invitations from "../../app/services/accounts/invitations.server";
import * as passkeys from "../../app/services/accounts/passkeys.server";
import * as people from "../../app/services/accounts/people.server";
import * as roles from "../../app/services/accounts/roles.server";
import * as secondFactor from "../../app/services/accounts/second-factor.server";
import * as sessions from "../../app/services/accounts/sessions.server";
import * as awards from "../../app/services/awards/awards.server";
import * as budget from "../../app/services/budget/budget.server";
import * as agreements from "../../app/services/awards/grant-agreements.server";
import * as masterclasses from "../../app/services/awards/masterclasses.server";
import * as payments from "../../app/services/awards/prize-payments.server";
import * as dueDiligence from "../../app/services/awards/due-diligence.server";
import * as progress from "../../app/services/awards/progress-updates.server";
import * as publication from "../../app/services/awards/publication.server";
import * as staffConflicts from "../../app/services/awards/staff-conflicts.server";
import * as support from "../../app/services/awards/support-plans.server";
import * as supportRequests from "../../app/services/awards/support-requests.server";
import * as recoveries from "../../app/services/awards/recoveries.server";
import * as monitoring from "../../app/services/awards/monitoring.server";
import * as setup from "../../app/services/challenges/setup.server";
import * as ideas from "../../app/services/councils/ideas.server";
import * as interest from "../../app/services/councils/interest.server";
import * as takeUp from "../../app/services/councils/take-up.server";
import * as consent from "../../app/services/entries/consent.server";
import * as entries from "../../app/services/entries/entries.server";
import * as extensions from "../../app/services/entries/extensions.server";
import * as organisations from "../../app/services/entries/organisations.server";
import * as staffEntries from "../../app/services/entries/staff-entries.server";
import * as affiliations from "../../app/services/judging/affiliations.server";
import * as assignment from "../../app/services/judging/assignment.server";
import * as conflicts from "../../app/services/judging/conflicts.server";
import * as moderation from "../../app/services/judging/moderation.server";
import * as ranking from "../../app/services/judging/ranking.server";
import * as reviews from "../../app/services/judging/reviews.server";
import * as rounds from "../../app/services/judging/rounds.server";
import * as rubric from "../../app/services/judging/rubric.server";
import * as retention from "../../app/services/records/retention.server";
import * as dataRequests from "../../app/services/records/data-requests.server";
import * as personalData from "../../app/services/records/personal-data.server";
import * as erasure from "../../app/services/records/erasure.server";
import * as auditTrail from "../../app/services/reports/audit-trail.server";
import * as boardReport from "../../app/services/reports/board-report.server";
import * as emailBacklog from "../../app/services/email/backlog.server";
import * as attachments from "../../app/services/attachments/attachments.server";

// Every exported function of every file under app/services, declared once (decision 051). A
// function that acts for a person says which callers it must refuse and how to call it with real
// rows; tests/integration/service-authorisation.test.ts calls it as each of them and expects a
// refusal (forbidden or not found) with nothing in the database changed. Anything else says why
// it takes no caller: system work, anonymous by design, or the caller's own account only. A new
// export with no row here fails that test.

/** The people the walk calls with. None of them may do what an (a) row's function does. */
export const CALLERS = [
  "entrant",
  "entrant of another organisation",
  "judge",
  "former judge",
  "council officer",
  "staff",
  "former staff",
  "no role",
] as const;
export type Caller = (typeof CALLERS)[number];

/** Real rows the sample calls point at, so a refusal comes from the check and not a missing row. */
export interface Fixtures {
  /** A challenge with round 1 open: the judge, their assignment, review and affiliation. */
  judging: {
    challengeId: number;
    roundId: number;
    entryId: number;
    judgeId: number;
    otherJudgeId: number;
    assignmentId: number;
    reviewId: number;
    affiliationId: number;
    criterionId: number;
    priorityAreaId: number;
  };
  /** A draft-free submitted entry of that challenge, with its organisation. */
  entry: { reference: string; organisationId: number; challengeId: number };
  /** A challenge whose results are published: a cash award, a support award, a masterclass. */
  awards: {
    challengeId: number;
    reference: string;
    cashAwardId: number;
    supportAwardId: number;
    paymentId: number;
    sessionId: number;
    placeId: number;
    milestoneId: number;
    /** The support award's first monitoring report, its prize tier, and a file on the report. */
    reportId: number;
    tierId: number;
    reportAttachmentId: number;
  };
  /** A pending staff invitation (to a judge's role) and its emailed token. */
  invitation: { id: number; token: string };
  /** An invitation to the staff role, proposed by one member of staff and waiting for a second. */
  staffProposal: { invitationId: number };
  /**
   * Other people's sign-in: two sessions of the judge on the round (the first has given its
   * second factor), and the winner's session (second factor given) and passkey.
   */
  account: { judgeSessionId: string; judgeOtherSessionId: string; winnerSessionId: string; passkeyId: string };
  /** A pending invitation to join the entry's organisation, and its emailed token. */
  colleagueInvitation: { id: number; token: string };
  /** A judge's role grant. */
  grantId: number;
  /** A file attached to the entry. */
  attachmentId: number;
  /** A member of the entry's organisation, and of the winning one. */
  entryMemberId: number;
  winnerId: number;
  /** A screening token for the entry as it stands. */
  screeningToken: string;
}

/**
 * Someone the function serves, called once the walk is done to show that the sample call reaches
 * real rows (so the refusals came from the checks). Staff functions check before reading
 * anything, so they need none.
 */
export type Rightful =
  | "judge on the round"
  | "council officer"
  | "entry's member"
  | "winner"
  | "entrant"
  | "invited person"
  | "invited colleague";

export type ActsRow = {
  kind: "acts";
  /** Who must be refused. */
  refuse: readonly Caller[];
  rightful?: Rightful;
  call: (actor: Actor, f: Fixtures) => Promise<unknown>;
  /** For a function that answers a refused caller without throwing: what that answer looks like. */
  refusedWhen?: { answer: string; test: (result: unknown) => boolean };
  /** Refusal kinds accepted besides forbidden and not found, with the reason. */
  alsoRefusedAs?: { kind: "conflict"; why: string };
};
export type DeclaredRow = { kind: "system" | "public" | "own"; reason: string };
export type Row = ActsRow | DeclaredRow;

const ALL: readonly Caller[] = CALLERS;
const except = (...allowed: Caller[]) => ALL.filter((c) => !allowed.includes(c));

/** Staff only: everyone else is refused, whatever role they hold or held. */
const staffOnly = (call: ActsRow["call"]): ActsRow => ({ kind: "acts", refuse: except("staff"), call });
/** Judges only; a judge's own assignment, affiliation or challenge: another judge is refused too. */
const judgeOnly = (call: ActsRow["call"]): ActsRow => ({
  kind: "acts",
  refuse: except("judge"),
  rightful: "judge on the round",
  call,
});
const judgesOwn = (call: ActsRow["call"]): ActsRow => ({
  kind: "acts",
  refuse: ALL,
  rightful: "judge on the round",
  call,
});
const councilOnly = (call: ActsRow["call"]): ActsRow => ({
  kind: "acts",
  refuse: except("council officer"),
  rightful: "council officer",
  call,
});
/** Only the entry's or award's organisation (or the invited address): nobody in CALLERS is one. */
const membersOnly = (owner: Rightful, call: ActsRow["call"], refusedWhen?: ActsRow["refusedWhen"]): ActsRow => ({
  kind: "acts",
  refuse: ALL,
  rightful: owner,
  call,
  refusedWhen,
});
/** One person's own session or passkey: everyone in CALLERS is someone else, so all are refused. */
const ownerOnly = (owner: Rightful, call: ActsRow["call"]): ActsRow => ({
  kind: "acts",
  refuse: ALL,
  rightful: owner,
  call,
});
/** The caller's own organisation: everyone who belongs to none is refused. */
const withOrganisation = (call: ActsRow["call"], refusedWhen?: ActsRow["refusedWhen"]): ActsRow => ({
  kind: "acts",
  refuse: except("entrant of another organisation"),
  rightful: "entry's member",
  call,
  refusedWhen,
});
const system = (reason: string): DeclaredRow => ({ kind: "system", reason });
const anonymous = (reason: string): DeclaredRow => ({ kind: "public", reason });
const ownAccount = (reason: string): DeclaredRow => ({ kind: "own", reason });

const PURE = "works on its arguments only: no person, no database";
/** The prize tier of the fixture's cash award (its grant agreement terms). */
const tierOf = async (f: Fixtures) =>
  (
    await db()
      .selectFrom("award")
      .select("prize_tier_id")
      .where("id", "=", f.awards.cashAwardId)
      .executeTakeFirstOrThrow()
  ).prize_tier_id;
const ERROR_TYPE = "an error type services throw";
const isEmpty = (value: unknown) => Array.isArray(value) && value.length === 0;
/** An answer of a passkey's shape for the winner's passkey, which no device made. */
const passkeyAnswer = (f: Fixtures) => ({
  id: f.account.passkeyId,
  rawId: f.account.passkeyId,
  type: "public-key" as const,
  clientExtensionResults: {},
  response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" },
});

const TODAY = "2027-06-01";
/** Any address: the staff functions refuse before looking anyone up. */
const INVITED_EMAIL = "fixture.invitee@example.org";
const LATER = new Date("2030-01-10T12:00:00Z");
const dates: DatesInput = { opensAt: new Date("2030-01-01T09:00:00Z"), closesAt: new Date("2030-03-01T12:00:00Z") };
const details = {
  title: "Walked challenge",
  summary: "A challenge the authorisation walk never changes.",
  description: "",
  whoCanEnter: "",
  howJudgingWorks: "",
  shareText: "",
  judgesSeeOrganisation: false,
} as unknown as DetailsInput;
const organisationInput = {
  name: "Walked Community Group",
  type: "community_group",
  registrationNumber: null,
  localAuthorityCode: "E08000025",
  postcode: "B1 1AA",
  website: null,
  contactName: "Walked Contact",
  contactEmail: "walked.contact@example.org",
  contactPhone: "0121 496 0000",
} as unknown as OrganisationInput;
const criterion: CriterionInput = {
  name: "Walked criterion",
  guidance: "",
  weight: 10,
  scaleMin: 1,
  scaleMax: 5,
  levels: [],
};
const interestInput = {
  status: "interested",
  initiativeName: "",
  initiativeDescription: "",
  initiativeUrl: "",
  note: "",
  version: 0,
} as unknown as InterestInput;
const roundSettings = {
  judgesPerEntry: 2,
  advanceCount: 3,
  hideOrganisation: false,
  disagreementThreshold: 25,
  rankBy: "normalised" as const,
  scoringClosesAt: LATER,
};
const noFilters = { q: "", area: null, council: null, type: null, award: null, stage: null, sort: null };
const takeUpFilters = { challenge: null, status: null, council: null };
const milestone = { title: "Walked milestone", dueOn: "2027-09-01", status: "not_started" as const, completedOn: null };
const reportInput = {
  milestones: [],
  supportBought: "Walked equipment",
  peopleReached: 10,
  volunteers: null,
  jobsCreated: null,
  moneyRaisedPence: null,
  story: "Walked story",
};

/** Keyed by the file's path under app/services, then by the export's name. */
export const SERVICE_TABLE: Record<string, Record<string, Row>> = {
  "actor.server.ts": {
    assertRecentSecondFactor: system("a check the sensitive services make of their caller; refuses by itself"),
  },
  "app-error.server.ts": {
    AppError: system(ERROR_TYPE),
    isAppError: system(PURE),
    notFound: system(PURE),
    forbidden: system(PURE),
    conflict: system(PURE),
    invalid: system(PURE),
    invalidFields: system(PURE),
  },

  "accounts/accounts.server.ts": {
    register: anonymous("registration: anyone may create an account (rate-limited by address)"),
    checkVerifyLink: anonymous("the emailed link is the permission"),
    verifyEmail: anonymous("the emailed link is the permission"),
    resendVerification: ownAccount("sends the caller's own confirmation email again, or the one a link belongs to"),
    signIn: anonymous("signing in is how a person becomes a caller"),
    signOut: ownAccount("ends the session the caller is signed in with"),
    requestPasswordReset: anonymous("anyone may ask; the email goes only to the account's own address"),
    checkResetLink: anonymous("the emailed link is the permission"),
    resetPassword: anonymous("the emailed link is the permission"),
    changePassword: ownAccount("changes the caller's own password, after their current one"),
    getAccount: ownAccount("the caller's own account details"),
  },
  "accounts/rectification.server.ts": {
    changeName: ownAccount("changes the caller's own name"),
    emailChangePage: ownAccount("the caller's own address and any change of it waiting"),
    requestEmailChange: ownAccount("asks to change the caller's own address, after their password or second factor"),
    checkEmailChangeLink: anonymous("the emailed link is the permission"),
    confirmEmailChange: anonymous("the emailed link is the permission: it reached the new address"),
  },
  "accounts/first-staff.server.ts": {
    staffAccountExists: system("start-up asks whether any staff account exists; no person's data"),
    issueFirstStaffLink: system("start-up prints the set-up link for the operator while no staff account exists"),
    checkFirstStaffLink: anonymous("the set-up link printed for the operator is the permission, once"),
    createFirstStaffAccount: anonymous("the set-up link printed for the operator is the permission, once"),
    demoAccountCount: system("start-up refuses a live service holding the demo accounts"),
  },
  "accounts/invitations.server.ts": {
    isTokenFormat: system(PURE),
    invitationUrl: system(PURE),
    createInvitation: staffOnly((a) =>
      invitations.createInvitation(a, { email: "walked.invitee@example.org", role: "judge" }),
    ),
    resendInvitation: staffOnly((a, f) => invitations.resendInvitation(a, f.invitation.id)),
    revokeInvitation: staffOnly((a, f) => invitations.revokeInvitation(a, f.invitation.id)),
    listInvitations: staffOnly((a) => invitations.listInvitations(a, { page: 1 })),
    invitationFormOptions: staffOnly((a) => invitations.invitationFormOptions(a)),
    approveStaffInvitation: staffOnly((a, f) => invitations.approveStaffInvitation(a, f.staffProposal.invitationId)),
    declineStaffInvitation: staffOnly((a, f) => invitations.declineStaffInvitation(a, f.staffProposal.invitationId)),
    findInvitation: anonymous("an invitation looked up by its emailed token, to show who it is for"),
    acceptInvitationWithNewAccount: anonymous("the emailed token is the permission; it makes the account"),
    // Only the invited address may accept: everyone here is someone else.
    acceptInvitationAsUser: {
      kind: "acts",
      refuse: ALL,
      rightful: "invited person",
      call: (a, f) => invitations.acceptInvitationAsUser(f.invitation.token, a),
    },
  },
  // The winner's session and passkey: everyone else is told they do not exist (or to sign in
  // again), and the winner, last, reaches them.
  "accounts/passkeys.server.ts": {
    relyingParty: system("the service's own address, from its configuration"),
    passkeyRegistrationOptions: ownerOnly("winner", (a, f) =>
      passkeys.passkeyRegistrationOptions({ actor: a, sessionId: f.account.winnerSessionId }),
    ),
    addPasskey: ownAccount(
      "adds the passkey to the caller's own account, answering a challenge kept for the caller and their session only",
    ),
    passkeyAuthenticationOptions: ownerOnly("winner", (a, f) =>
      passkeys.passkeyAuthenticationOptions({ actor: a, sessionId: f.account.winnerSessionId }),
    ),
    // The answer is not a real passkey's: for the winner it is refused as invalid, after the check.
    verifyPasskey: ownerOnly("winner", (a, f) =>
      passkeys.verifyPasskey({ actor: a, sessionId: f.account.winnerSessionId, response: passkeyAnswer(f) }),
    ),
    listPasskeys: ownAccount("the caller's own passkeys"),
    removePasskey: ownerOnly("winner", (a, f) =>
      passkeys.removePasskey({ actor: a, sessionId: f.account.winnerSessionId, id: f.account.passkeyId }),
    ),
  },
  "accounts/people.server.ts": {
    getPerson: staffOnly((a, f) => people.getPerson(a, f.winnerId)),
    resetSecondFactor: staffOnly((a, f) => people.resetSecondFactor(a, f.winnerId)),
  },
  "accounts/one-time-tokens.server.ts": {
    issueOneTimeToken: system("a step of the account services that email links, inside their own transactions"),
  },
  "accounts/rate-limit.server.ts": {
    hit: system("counts attempts for the function that asks; keyed by address or account, not a caller"),
    hitAll: system("counts attempts for the function that asks; keyed by address or account, not a caller"),
    resetBucket: system("clears a count for the function that asks"),
    tooManyAttemptsMessage: system(PURE),
  },
  "accounts/roles.server.ts": {
    assertStaff: staffOnly((a) => roles.assertStaff(db(), a)),
    assertJudge: judgeOnly((a) => roles.assertJudge(db(), a)),
    assertCouncilOfficer: councilOnly((a) => roles.assertCouncilOfficer(db(), a)),
    assertEntrant: {
      kind: "acts",
      refuse: except("entrant", "entrant of another organisation"),
      rightful: "entrant",
      call: (a) => roles.assertEntrant(db(), a),
    },
    grantRole: system("a step of accepting an invitation or joining an organisation, inside its checked transaction"),
    listPeople: staffOnly((a) => roles.listPeople(a, { page: 1 })),
    getRoleGrant: staffOnly((a, f) => roles.getRoleGrant(a, f.grantId)),
    revokeRole: staffOnly((a, f) => roles.revokeRole(a, f.grantId)),
    staffOverview: staffOnly((a) => roles.staffOverview(a)),
  },
  "accounts/second-factor.server.ts": {
    getSecondFactorStatus: ownAccount("the caller's own second factors and recovery codes left"),
    startAuthenticatorSetup: ownAccount("starts setting up an authenticator app on the caller's own account"),
    confirmAuthenticator: ownAccount(
      "turns on the caller's own authenticator app with its code, and marks the caller's own session (another's is refused, and nothing is kept)",
    ),
    verifySecondFactor: ownAccount(
      "checks a code against the caller's own authenticator app or recovery codes, and marks the caller's own session (another's is refused)",
    ),
    // A step of the four functions that check a code or a passkey, called after that check: it
    // marks the session as having given the second factor, and only the caller's own session.
    completeSecondFactor: ownerOnly("judge on the round", (a, f) =>
      secondFactor.completeSecondFactor(db(), { actor: a, sessionId: f.account.judgeSessionId, method: "totp" }),
    ),
    regenerateRecoveryCodes: ownAccount(
      "replaces the caller's own recovery codes and ends the caller's own other sessions",
    ),
    removeAuthenticator: ownAccount("turns off the caller's own authenticator app and ends their own other sessions"),
    hasSecondFactor: system(
      "a step of signing in, asked about the account whose password was just accepted: it answers yes or no",
    ),
    demoCurrentCodes: anonymous(
      "demo mode only: the demo accounts' current codes, shown on the sign-in pages; nothing on a live service",
    ),
  },
  "accounts/sessions.server.ts": {
    listSessions: ownAccount("the caller's own sessions"),
    endSession: ownerOnly("judge on the round", (a, f) =>
      sessions.endSession(a, f.account.judgeOtherSessionId, f.account.judgeSessionId),
    ),
    endOtherSessions: ownAccount(
      "ends the caller's own sessions but the one named; another person's are never touched, whatever it names",
    ),
  },

  "records/erasure.server.ts": {
    // Someone else's account: staff only. One's own is the "own" path of the same function, which
    // asks for the password; no caller here erases their own.
    eraseAccount: staffOnly((a, f) => erasure.eraseAccount(a, f.winnerId, { reference: "DR-1" })),
    describeErasure: staffOnly((a, f) => erasure.describeErasure(a, f.winnerId)),
    pseudonymiseAccount: system(
      "does an erasure inside the caller's transaction: eraseAccount checks who asks first, the retention job that the period has ended",
    ),
    pseudonymFor: system(PURE),
  },
  "records/personal-columns.ts": {
    keptBecause: system(PURE),
  },

  "awards/awards.server.ts": {
    listAwardChallenges: staffOnly((a) => awards.listAwardChallenges(a)),
    awardListPage: staffOnly((a, f) => awards.awardListPage(a, f.awards.challengeId)),
    proposeAwardList: staffOnly((a, f) => awards.proposeAwardList(a, f.judging.challengeId)),
    approveAwardList: staffOnly((a, f) => awards.approveAwardList(a, f.awards.challengeId)),
    withdrawAwardList: staffOnly((a, f) => awards.withdrawAwardList(a, f.awards.challengeId, "Walked")),
    overBudgetMessage: system(PURE),
    winnersTierId: system(PURE),
    winnerAwardPage: membersOnly("winner", (a, f) => awards.winnerAwardPage(a, f.awards.cashAwardId)),
  },
  "budget/budget.server.ts": {
    challengeBudget: staffOnly((a, f) => budget.challengeBudget(a, f.judging.challengeId)),
    setChallengeBudget: staffOnly((a, f) => budget.setChallengeBudget(a, f.judging.challengeId, 5_500_000)),
  },
  "awards/agreement-pdf.server.ts": {
    renderAgreementPdf: system(PURE),
    pdfResponse: system(PURE),
  },
  // Before the payments: the winner's acceptance here accepts the prize, which the payment rows
  // below then move on from.
  "awards/grant-agreements.server.ts": {
    agreementState: system(
      "reads where an award's agreement stands, for pages whose own functions checked the person first (the winner's award page, the staff payment pages)",
    ),
    issueAgreementsAtPublication: system(
      "a step of publishing the results, inside publishAwardList's checked transaction",
    ),
    issueFirstAgreement: system("the test hooks' awards (TEST_HOOKS=on only), written directly"),
    agreementTemplate: staffOnly(async (a, f) =>
      agreements.agreementTemplate(a, f.awards.challengeId, await tierOf(f)),
    ),
    saveAgreementTemplate: staffOnly(async (a, f) =>
      agreements.saveAgreementTemplate(a, f.awards.challengeId, await tierOf(f), "Walked terms for {{organisation}}"),
    ),
    staffAgreementsPage: staffOnly((a, f) => agreements.staffAgreementsPage(a, f.awards.challengeId)),
    staffAgreementPage: staffOnly((a, f) =>
      agreements.staffAgreementPage(a, f.awards.challengeId, f.awards.cashAwardId),
    ),
    issueAgreement: staffOnly((a, f) =>
      agreements.issueAgreement(a, f.awards.challengeId, f.awards.cashAwardId, { reason: "Walked" }),
    ),
    staffAgreementPdf: staffOnly((a, f) =>
      agreements.staffAgreementPdf(a, f.awards.challengeId, f.awards.cashAwardId, 1),
    ),
    winnerAgreementPage: membersOnly("winner", (a, f) => agreements.winnerAgreementPage(a, f.awards.cashAwardId)),
    winnerAgreementPdf: membersOnly("winner", (a, f) => agreements.winnerAgreementPdf(a, f.awards.cashAwardId, 1)),
    acceptAgreement: membersOnly("winner", async (a, f) => {
      const latest = await db()
        .selectFrom("grant_agreement")
        .select(["version", "body_sha256"])
        .where("award_id", "=", f.awards.cashAwardId)
        .orderBy("version", "desc")
        .executeTakeFirstOrThrow();
      return agreements.acceptAgreement(a, f.awards.cashAwardId, {
        version: latest.version,
        sha256: latest.body_sha256,
        signatoryName: "Walked Signatory",
        signatoryRole: "Chair",
      });
    }),
  },
  "awards/masterclasses.server.ts": {
    sessionWhen: system(PURE),
    createSession: staffOnly((a, f) =>
      masterclasses.createSession(a, f.awards.challengeId, {
        title: "Walked session",
        description: "",
        startsAt: LATER,
        endsAt: new Date(LATER.getTime() + 3_600_000),
        venue: "The walk hall",
        onlineUrl: null,
        capacity: 10,
      }),
    ),
    inviteToMasterclasses: system(
      "a step of publishing results and of creating a session, inside their checked transactions",
    ),
    sessionsPage: staffOnly((a, f) => masterclasses.sessionsPage(a, f.awards.challengeId)),
    sessionDetail: staffOnly((a, f) => masterclasses.sessionDetail(a, f.awards.challengeId, f.awards.sessionId)),
    recordAttendance: staffOnly((a, f) =>
      masterclasses.recordAttendance(a, f.awards.challengeId, f.awards.sessionId, f.awards.placeId, true),
    ),
    placesForAward: membersOnly("winner", (a, f) => masterclasses.placesForAward(a, f.awards.cashAwardId)),
    respondToPlace: membersOnly("winner", (a, f) =>
      masterclasses.respondToPlace(a, f.awards.cashAwardId, f.awards.placeId, "accept"),
    ),
    placeCalendar: membersOnly("winner", (a, f) =>
      masterclasses.placeCalendar(a, f.awards.cashAwardId, f.awards.sessionId),
    ),
    sendMasterclassReminders: system("the scheduler's reminder job"),
  },
  "awards/monitoring.server.ts": {
    reportsOfAwards: system("a query of the monitoring pages, run by checked functions (staff's and the winner's)"),
    completedAwardRefusal: system("a step of adding to the support ledger, inside its checked transaction"),
    createMonitoringReports: system(
      "a step of publishing results (inside its checked transaction) and of the scheduler's reminder job",
    ),
    monitoringOverview: staffOnly((a, f) => monitoring.monitoringOverview(a, f.awards.challengeId, TODAY)),
    saveMonitoringSchedule: staffOnly((a, f) =>
      monitoring.saveMonitoringSchedule(a, f.awards.challengeId, f.awards.tierId, "6, 12"),
    ),
    staffAwardReports: staffOnly((a, f) => monitoring.staffAwardReports(a, f.awards.supportAwardId, TODAY)),
    loadWinnerReport: membersOnly("winner", (a, f) =>
      monitoring.loadWinnerReport(a, f.awards.supportAwardId, f.awards.reportId, TODAY),
    ),
    loadStaffReport: staffOnly((a, f) =>
      monitoring.loadStaffReport(a, f.awards.supportAwardId, f.awards.reportId, TODAY),
    ),
    winnerMonitoring: system("a query of the winner's award page, run by winnerAwardPage after its check"),
    checkReportFiles: system("checks uploaded files before a report is saved; reads no record"),
    saveWinnerReport: membersOnly("winner", (a, f) =>
      monitoring.saveWinnerReport(a, f.awards.supportAwardId, f.awards.reportId, reportInput, [], {
        submit: false,
        today: TODAY,
      }),
    ),
    removeReportFile: membersOnly("winner", (a, f) =>
      monitoring.removeReportFile(a, f.awards.supportAwardId, f.awards.reportId, f.awards.reportAttachmentId),
    ),
    reviewReport: staffOnly((a, f) =>
      monitoring.reviewReport(a, f.awards.supportAwardId, f.awards.reportId, { outcome: "accepted", message: "" }),
    ),
    sendMonitoringReminders: system("the scheduler's monitoring reminder job"),
    lateReports: system("a query of the board report, run by loadBoardReport after its check"),
    lateReportCounts: system("a query of the staff support list, run after its check"),
  },
  "reports/late-reports-table.server.ts": {
    lateReportsTable: system("a table of the board report, built by loadBoardReport after its check"),
  },
  "awards/prize-payments.server.ts": {
    findWinnerAward: membersOnly("winner", (a, f) => payments.findWinnerAward(db(), a, f.awards.cashAwardId)),
    listWinnerAwards: membersOnly("winner", (a) => payments.listWinnerAwards(a), {
      answer: "no awards: the list is of the caller's own organisation's awards",
      test: isEmpty,
    }),
    winnerPayment: membersOnly("winner", (a, f) => payments.winnerPayment(db(), a, f.awards.cashAwardId)),
    // The prize was accepted with its agreement (acceptAgreement, above): the next step is the winner's.
    winnerChangesPayment: membersOnly("winner", (a, f) =>
      payments.winnerChangesPayment(a, f.awards.cashAwardId, { to: "details_received", version: 2 }),
    ),
    acceptPrizeWithAgreement: system(
      "a step of accepting a grant agreement, inside acceptAgreement's checked transaction",
    ),
    staffChangesPayment: staffOnly((a, f) =>
      payments.staffChangesPayment(a, f.awards.paymentId, { to: "cancelled", version: 1, reason: "Walked" }),
    ),
    paymentRowsQuery: system("the payments list's query, exported for its SQL snapshot; run by paymentsPage"),
    paymentTotalsQuery: system("the payments list's totals, exported for its SQL snapshot; run by paymentsPage"),
    paymentsPage: staffOnly((a, f) =>
      payments.paymentsPage(a, f.awards.challengeId, payments.parsePaymentFilters(new URLSearchParams())),
    ),
    paymentDetail: staffOnly((a, f) => payments.paymentDetail(a, f.awards.challengeId, f.awards.paymentId)),
    exportPayments: staffOnly((a, f) =>
      payments.exportPayments(a, f.awards.challengeId, payments.parsePaymentFilters(new URLSearchParams())),
    ),
    parsePaymentFilters: system(PURE),
  },
  "awards/due-diligence.server.ts": {
    paymentGateFor: system(
      "what stands between awards and their money, for callers that have checked who may see them",
    ),
    gateRefusal: system(PURE),
    dueDiligencePage: staffOnly((a, f) => dueDiligence.dueDiligencePage(a, f.awards.challengeId, f.awards.cashAwardId)),
    recordCheck: staffOnly((a, f) =>
      dueDiligence.recordCheck(a, f.awards.cashAwardId, { kind: "conflicts", conclusion: "Walked check" }),
    ),
    completeChecks: staffOnly((a, f) => dueDiligence.completeChecks(a, f.awards.cashAwardId, 0)),
    signOffChecks: staffOnly((a, f) => dueDiligence.signOffChecks(a, f.awards.cashAwardId, 0)),
    winnerSubsidyPage: membersOnly("winner", (a, f) => dueDiligence.winnerSubsidyPage(a, f.awards.supportAwardId)),
    declareSubsidy: membersOnly("winner", (a, f) =>
      dueDiligence.declareSubsidy(a, f.awards.supportAwardId, [
        { year: new Date().getUTCFullYear() - 1, amountPence: 100_000, provider: "Walked council" },
      ]),
    ),
    tierChecklists: staffOnly((a, f) => dueDiligence.tierChecklists(a, f.awards.challengeId)),
    setTierChecklist: staffOnly((a, f) => dueDiligence.setTierChecklist(a, f.awards.challengeId, 1, ["registration"])),
  },
  "awards/progress-updates.server.ts": {
    supportSummaryForWinner: membersOnly(
      "winner",
      (a, f) => progress.supportSummaryForWinner(a, f.awards.supportAwardId, TODAY),
      {
        answer: "nothing to show, as for an award without support",
        test: (result) => result === null,
      },
    ),
    loadWinnerProgress: membersOnly("winner", (a, f) => progress.loadWinnerProgress(a, f.awards.supportAwardId, TODAY)),
    postProgressUpdate: membersOnly("winner", (a, f) =>
      progress.postProgressUpdate(a, f.awards.supportAwardId, "Walked update"),
    ),
    winnersSupportAward: system(
      "a query of the winner's functions: answers null unless the caller belongs to the winning organisation",
    ),
  },
  "awards/support-requests.server.ts": {
    winnerSupportRequests: membersOnly("winner", (a, f) =>
      supportRequests.winnerSupportRequests(a, f.awards.supportAwardId),
    ),
    requestSupport: membersOnly("winner", (a, f) =>
      supportRequests.requestSupport(a, f.awards.supportAwardId, {
        kind: "coaching",
        description: "Walked request",
        supplier: "Walked Coach",
        costPence: 10_000,
        reason: "Walked",
      }),
    ),
    staffSupportRequests: staffOnly((a, f) => supportRequests.staffSupportRequests(a, f.awards.supportAwardId)),
    waitingSupportRequests: staffOnly((a) => supportRequests.waitingSupportRequests(a)),
    loadSupportRequest: staffOnly((a, f) => supportRequests.loadSupportRequest(a, f.awards.supportAwardId, 1)),
    approveSupportRequest: staffOnly((a, f) =>
      supportRequests.approveSupportRequest(a, f.awards.supportAwardId, 1, {
        version: 1,
        happenedOn: TODAY,
        overrideReason: null,
      }),
    ),
    refuseSupportRequest: staffOnly((a, f) =>
      supportRequests.refuseSupportRequest(a, f.awards.supportAwardId, 1, { version: 1, reason: "Walked" }),
    ),
  },
  "awards/recoveries.server.ts": {
    totalsOf: system(PURE),
    recoveryTotals: system("a query of the totals, run by the staff pages and the board report after their check"),
    awardRecoveries: staffOnly((a, f) => recoveries.awardRecoveries(a, f.awards.supportAwardId)),
    challengeRecoveries: staffOnly((a, f) => recoveries.challengeRecoveries(a, f.awards.challengeId)),
    recoveryFormPage: staffOnly((a, f) => recoveries.recoveryFormPage(a, f.awards.challengeId)),
    recordRecovery: staffOnly((a, f) =>
      recoveries.recordRecovery(a, f.awards.challengeId, f.awards.cashAwardId, {
        reason: "other",
        description: "Walked",
        amountPence: 1_000,
      }),
    ),
    loadRecovery: staffOnly((a, f) => recoveries.loadRecovery(a, f.awards.challengeId, 1)),
    resolveRecovery: staffOnly((a, f) =>
      recoveries.resolveRecovery(a, f.awards.challengeId, 1, { to: "received", note: "Walked", version: 1 }),
    ),
    winnerRecoveries: membersOnly("winner", (a, f) => recoveries.winnerRecoveries(a, f.awards.cashAwardId)),
  },
  "awards/publication.server.ts": {
    publishAwardList: staffOnly((a, f) => publication.publishAwardList(a, f.awards.challengeId)),
    loadApprovedFeedback: system("a step of publishing the results, inside publishAwardList's checked transaction"),
    winnersPage: anonymous("the public winners pages: published results only"),
  },
  "awards/staff-conflicts.server.ts": {
    conflictWarning: system(PURE),
    staffConflictsFor: system(
      "the caller's own conflicts with entries, a query run by checked staff functions (the award list, approving, publishing)",
    ),
    conflictRefusal: system(PURE),
    assertNoStaffConflict: system(
      "a step of approving an award list, publishing results and changing a payment, inside their checked transactions",
    ),
    awardedEntryIds: system(
      "a query of approving an award list and publishing results, inside their checked transactions",
    ),
    paymentEntryIds: system("a query of changing a payment, inside its checked transaction"),
    paymentConflicts: staffOnly((a, f) => staffConflicts.paymentConflicts(a, [f.awards.paymentId])),
    staffConflictPage: staffOnly((a, f) => staffConflicts.staffConflictPage(a, f.entry.reference)),
    declareStaffConflict: staffOnly((a, f) =>
      staffConflicts.declareStaffConflict(a, { reference: f.entry.reference, reason: "Walked" }),
    ),
    // The fixture's member of staff declared a conflict with this entry.
    withdrawStaffConflict: staffOnly((a, f) =>
      staffConflicts.withdrawStaffConflict(a, { reference: f.entry.reference }),
    ),
  },
  "awards/support-plans.server.ts": {
    findSupportAward: system("a query of the support plans, run by the staff functions below after their check"),
    ledgerTotal: system("a query of the support plans, run by checked functions (staff's and the winner's)"),
    addToLedger: system(
      "the ledger's one way in, inside the checked transactions of adding an item and approving a support request",
    ),
    ledgerTotalQuery: system("the ledger total's query, exported for its SQL snapshot"),
    ledgerQuery: system("the ledger's query, exported for its SQL snapshot"),
    milestonesOf: system("a query of the support plans, run by checked functions (staff's and the winner's)"),
    notesOf: system("a query of the support plans, run by checked functions (staff's and the winner's)"),
    loadSupportPlan: staffOnly((a, f) => support.loadSupportPlan(a, f.awards.supportAwardId, TODAY)),
    listSupportPlans: staffOnly((a) => support.listSupportPlans(a, TODAY)),
    addSupportItem: staffOnly((a, f) =>
      support.addSupportItem(a, f.awards.supportAwardId, {
        kind: "coaching",
        happenedOn: "2027-05-10",
        description: "Walked coaching",
        coachName: "Walked Coach",
        hours: "2",
        amountPence: 10_000,
        overrideReason: null,
      }),
    ),
    addMilestone: staffOnly((a, f) => support.addMilestone(a, f.awards.supportAwardId, milestone)),
    updateMilestone: staffOnly((a, f) =>
      support.updateMilestone(a, f.awards.supportAwardId, f.awards.milestoneId, {
        ...milestone,
        status: "in_progress",
      }),
    ),
    loadMilestone: staffOnly((a, f) => support.loadMilestone(a, f.awards.supportAwardId, f.awards.milestoneId, TODAY)),
    loadSupportAward: staffOnly((a, f) => support.loadSupportAward(a, f.awards.supportAwardId)),
    addSupportNote: staffOnly((a, f) => support.addSupportNote(a, f.awards.supportAwardId, "Walked note")),
  },

  "challenges/challenges.server.ts": {
    getCurrentChallenge: anonymous("the public challenge: what every visitor sees"),
    priorityAreasOf: system("a query of the challenge pages, run by the public page and staff's checked preview"),
    principlesOf: system("a query of the challenge pages, run by the public page and staff's checked preview"),
    loadChallengeData: system("a query of the challenge pages, run by the public page and staff's checked preview"),
    publicChallengePage: anonymous("the public challenge page"),
    regionCouncils: anonymous("the region's councils: public reference data"),
  },
  "challenges/qr-code.server.ts": {
    challengePageUrl: anonymous("the public challenge page's address"),
    challengeQrSvg: anonymous("a QR code of the public challenge page's address"),
    challengeQrPng: anonymous("a QR code of the public challenge page's address"),
  },
  "challenges/setup.server.ts": {
    challengeIdParam: system(PURE),
    statusLabel: system(PURE),
    listChallenges: staffOnly((a) => setup.listChallenges(a)),
    poundsText: system(PURE),
    challengeForStaff: staffOnly((a, f) => setup.challengeForStaff(a, f.judging.challengeId)),
    previewChallenge: staffOnly((a, f) => setup.previewChallenge(a, f.judging.challengeId)),
    createChallenge: staffOnly((a) =>
      setup.createChallenge(a, { ...details, ...dates, copyFrom: null } as unknown as NewChallengeInput),
    ),
    updateChallengeDetails: staffOnly((a, f) => setup.updateChallengeDetails(a, f.judging.challengeId, details)),
    updateEntryDocuments: staffOnly((a, f) =>
      setup.updateEntryDocuments(a, f.judging.challengeId, { maxFiles: 3, maxFileMb: 10 }),
    ),
    updateChallengeDates: staffOnly((a, f) => setup.updateChallengeDates(a, f.judging.challengeId, dates)),
    saveChallengeItem: staffOnly((a, f) =>
      setup.saveChallengeItem(a, f.judging.challengeId, null, {
        kind: "principles",
        name: "Walked principle",
        description: "Never saved.",
      } as unknown as ItemInput),
    ),
    removeChallengeItem: staffOnly((a, f) =>
      setup.removeChallengeItem(a, f.judging.challengeId, "areas", f.judging.priorityAreaId),
    ),
    moveChallengeItem: staffOnly((a, f) =>
      setup.moveChallengeItem(a, f.judging.challengeId, "areas", f.judging.priorityAreaId, "down"),
    ),
    openingCheck: staffOnly((a, f) => setup.openingCheck(a, f.judging.challengeId)),
    openChallenge: staffOnly((a, f) => setup.openChallenge(a, f.judging.challengeId)),
    closeChallenge: staffOnly((a, f) => setup.closeChallenge(a, f.judging.challengeId)),
  },
  "challenges/stages.server.ts": {
    loadStageFacts: system("a challenge's stage, read by checked functions to decide what may happen next"),
  },

  "councils/digests.server.ts": {
    publicationDigestKey: system(PURE),
    weeklyDigestKey: system(PURE),
    sendPublicationDigests: system("the scheduler's council digest job"),
    sendWeeklyDigests: system("the scheduler's council digest job"),
    sendCouncilDigests: system("the scheduler's council digest job"),
  },
  "councils/ideas.server.ts": {
    officerFor: councilOnly((a) => ideas.officerFor(a)),
    sharedIdeas: system("THE rule of what councils may see, a query run by the checked council functions"),
    sharedIdeasWithInterest: system("the shared ideas with councils' interest, run by checked functions"),
    ideasPage: system("a page of shared ideas for an officer already checked by its caller"),
    listSharedIdeas: councilOnly((a) => ideas.listSharedIdeas(a, { ...noFilters, page: 1 })),
    exportSharedIdeas: councilOnly((a) => ideas.exportSharedIdeas(a, noFilters)),
    sharedIdea: councilOnly((a, f) => ideas.sharedIdea(a, f.awards.reference)),
    interestDetails: system("councils' interest in an entry, read by sharedIdea after its check"),
  },
  "councils/interest.server.ts": {
    interestEmailKey: system(PURE),
    recordInterest: councilOnly((a, f) => interest.recordInterest(a, f.awards.reference, interestInput)),
  },
  "councils/take-up.server.ts": {
    takeUpSummary: system("take-up figures of a challenge, run by listTakeUp after its staff check"),
    parseTakeUpQuery: system(PURE),
    listTakeUp: staffOnly((a) => takeUp.listTakeUp(a, takeUpFilters, 1)),
    exportTakeUp: staffOnly((a) => takeUp.exportTakeUp(a, takeUpFilters)),
  },

  "attachments/attachments.server.ts": {
    attachmentHref: system(PURE),
    uploadsFrom: system(PURE),
    checkUpload: system("checks a file's size and type from its content; stores nothing"),
    storeAttachments: system("stores files inside the transaction of a change its caller has checked"),
    removeAttachment: system("takes a file off a record inside the transaction of a change its caller has checked"),
    attachmentsOf: system("lists the files of a record, for a caller that has checked who may see the record"),
    downloadAttachment: {
      kind: "acts",
      refuse: except("staff"),
      rightful: "entry's member",
      call: (a, f) => attachments.downloadAttachment(a, f.attachmentId),
    },
  },
  "attachments/who-may-see.server.ts": {
    maySeeAttachment: system("THE rule of who may download a file, asked by downloadAttachment"),
    memberOfWinningOrganisation: system("a question about the caller, asked by checked functions"),
  },

  "email/backlog.server.ts": {
    emailBacklog: staffOnly((a) => emailBacklog.emailBacklog(a)),
    retryFailedEmails: staffOnly((a) => emailBacklog.retryFailedEmails(a, "all")),
    plainProblem: system(PURE),
  },
  "email/mailer.server.ts": {
    createResendMailer: system("the email worker's way to send"),
    chooseMailer: system("the email worker's way to send"),
    describeError: system(PURE),
  },
  "email/outbox.server.ts": {
    queueEmail: system("queues an email inside the transaction of a change its caller has checked"),
    deliverDueEmails: system("the email worker"),
    startOutboxWorker: system("the email worker"),
    nudgeOutboxWorker: system("the email worker"),
  },

  "entries/consent.server.ts": {
    changeConsent: membersOnly("entry's member", (a, f) =>
      consent.changeConsent(a, { reference: f.entry.reference, consent: "share", given: false }),
    ),
  },
  "entries/draft-reminders.server.ts": {
    reminderKey: system(PURE),
    sendDraftReminders: system("the scheduler's draft reminder job"),
  },
  "entries/entries.server.ts": {
    sectionPath: system(PURE),
    listEntries: withOrganisation((a) => entries.listEntries(a), {
      answer: "no entries: the list is of the caller's own organisation's entries",
      test: (result) => (result as entries.EntriesPage).entries.length === 0,
    }),
    newEntryPage: withOrganisation((a) => entries.newEntryPage(a), {
      answer: "the page's refusal (no organisation to enter for)",
      test: (result) => (result as entries.NewEntryPage).refusal?.reason === "no_organisation",
    }),
    startEntry: {
      ...withOrganisation((a) => entries.startEntry(a, { title: "Walked entry" })),
      alsoRefusedAs: { kind: "conflict", why: "a refused start is explained on the new entry form, as the page does" },
    },
    entryOverview: membersOnly("entry's member", (a, f) => entries.entryOverview(a, f.entry.reference)),
    sectionPage: membersOnly("entry's member", (a, f) => entries.sectionPage(a, f.entry.reference, "idea")),
    checkPage: membersOnly("entry's member", (a, f) => entries.checkPage(a, f.entry.reference)),
    saveSection: membersOnly("entry's member", (a, f) =>
      entries.saveSection(a, {
        reference: f.entry.reference,
        input: { section: "idea", values: { title: "Walked title" } } as unknown as SectionInput,
        version: 1,
        base: null,
      }),
    ),
    submitEntry: membersOnly("entry's member", (a, f) =>
      entries.submitEntry(a, { reference: f.entry.reference, version: 1 }),
    ),
    withdrawEntry: membersOnly("entry's member", (a, f) => entries.withdrawEntry(a, { reference: f.entry.reference })),
    removeEntryDocument: membersOnly("entry's member", (a, f) =>
      entries.removeEntryDocument(a, { reference: f.entry.reference, attachmentId: 1 }),
    ),
    confirmationPage: membersOnly("entry's member", (a, f) => entries.confirmationPage(a, f.entry.reference)),
    latestSubmission: system("an entry's latest snapshot, read by checked functions (a judge's scoring page)"),
    isPendingToken: system(PURE),
    readBrowserKey: system(PURE),
    browserKeyCookie: system(PURE),
    keepUnsavedSection: anonymous(
      "keeps a form sent after its session ended, for the same browser only, rate-limited; it reads nothing back",
    ),
    formMeta: system(PURE),
    restoreSection: membersOnly("entry's member", (a, f) =>
      entries.restoreSection(a, {
        reference: f.entry.reference,
        section: "idea",
        token: "a".repeat(43),
        browserKey: null,
      }),
    ),
    SectionConflict: system(ERROR_TYPE),
  },
  "entries/extensions.server.ts": {
    extensionFor: system("an organisation's extension, read by checked functions to know its deadline"),
    setExtension: staffOnly((a, f) =>
      extensions.setExtension(a, {
        challengeId: f.entry.challengeId,
        organisationId: f.entry.organisationId,
        closesAt: LATER,
        reason: "Walked",
      }),
    ),
    revokeExtension: staffOnly((a, f) =>
      extensions.revokeExtension(a, { challengeId: f.entry.challengeId, organisationId: f.entry.organisationId }),
    ),
    extensionContext: staffOnly((a, f) => extensions.extensionContext(a, f.entry.reference)),
    setExtensionForEntry: staffOnly((a, f) =>
      extensions.setExtensionForEntry(a, f.entry.reference, { closesAt: LATER, reason: "Walked" }),
    ),
    revokeExtensionForEntry: staffOnly((a, f) => extensions.revokeExtensionForEntry(a, f.entry.reference)),
  },
  "entries/organisations.server.ts": {
    organisationForUser: ownAccount("the caller's own organisation, or null"),
    organisationFormOptions: anonymous("the region's councils: public reference data"),
    createOrganisation: {
      kind: "acts",
      refuse: except("entrant", "entrant of another organisation"),
      rightful: "entrant",
      call: (a) => organisations.createOrganisation(a, organisationInput),
    },
    updateOrganisation: withOrganisation((a) => organisations.updateOrganisation(a, organisationInput)),
    organisationOverview: withOrganisation((a) => organisations.organisationOverview(a), {
      answer: "nothing: the caller belongs to no organisation",
      test: (result) => result === null,
    }),
    organisationInvitationUrl: system(PURE),
    inviteColleague: withOrganisation((a) => organisations.inviteColleague(a, "walked.colleague@example.org")),
    revokeOrganisationInvitation: membersOnly("entry's member", (a, f) =>
      organisations.revokeOrganisationInvitation(a, f.colleagueInvitation.id),
    ),
    findOrganisationInvitation: anonymous("an invitation looked up by its emailed token, to show who it is for"),
    joinOrganisation: membersOnly(
      "invited colleague",
      (a, f) => organisations.joinOrganisation(f.colleagueInvitation.token, a),
      {
        answer: "the page's refusal: the invitation is for another address",
        test: (result) => {
          const answer = result as organisations.JoinOrganisationResult;
          return !answer.ok && answer.reason === "wrong_account";
        },
      },
    ),
  },
  "entries/staff-entries.server.ts": {
    parseStaffEntryQuery: system(PURE),
    listStaffEntries: staffOnly((a) =>
      staffEntries.listStaffEntries(a, staffEntries.parseStaffEntryQuery(new URLSearchParams())),
    ),
    exportStaffEntries: staffOnly((a) => {
      const { page: _page, ...filters } = staffEntries.parseStaffEntryQuery(new URLSearchParams());
      return staffEntries.exportStaffEntries(a, filters);
    }),
    screeningToken: system(PURE),
    getStaffEntry: staffOnly((a, f) => staffEntries.getStaffEntry(a, f.entry.reference)),
    decideEligibility: staffOnly((a, f) =>
      staffEntries.decideEligibility(a, {
        reference: f.entry.reference,
        token: f.screeningToken,
        decision: "ineligible",
        reason: "Walked",
      }),
    ),
    recipientsOf: system("who an organisation's emails go to, read by checked functions"),
  },

  "judging/affiliations.server.ts": {
    affiliationsPage: judgeOnly((a) => affiliations.affiliationsPage(a)),
    addAffiliation: judgeOnly((a) =>
      affiliations.addAffiliation(a, {
        kind: "organisation",
        organisationName: "Walsall Walkers",
        roleDescription: "Treasurer",
      }),
    ),
    removeAffiliation: judgesOwn((a, f) => affiliations.removeAffiliation(a, f.judging.affiliationId)),
  },
  "judging/assignment.server.ts": {
    conflictPairs: system("a step of the staff assignment, inside its checked transaction"),
    hasConflict: system("a step of swapping and adding judges, inside their checked transactions"),
    isAssigned: system("a step of swapping and adding judges, inside their checked transactions"),
    addAssignments: system("a step of the staff assignment, inside its checked transaction"),
    runAssignment: staffOnly((a, f) => assignment.runAssignment(a, f.judging.challengeId, 1)),
    swapJudge: staffOnly((a, f) =>
      assignment.swapJudge(a, f.judging.challengeId, 1, {
        entryId: f.judging.entryId,
        fromJudgeId: f.judging.judgeId,
        toJudgeId: f.judging.otherJudgeId,
      }),
    ),
    withdrawJudge: staffOnly((a, f) =>
      assignment.withdrawJudge(a, f.judging.challengeId, 1, f.judging.judgeId, "Walked"),
    ),
    assignmentView: staffOnly((a, f) => assignment.assignmentView(a, f.judging.challengeId, 1)),
  },
  "judging/conflicts.server.ts": {
    entrantOrganisations: system("a query of the declaration and assignment, run by checked functions"),
    endConflictedAssignments: system(
      "a step of a declaration or an affiliation change, inside its checked transaction",
    ),
    refreshAutomaticConflicts: system(
      "a step of the assignment and of affiliation changes, inside checked transactions",
    ),
    challengesOfJudge: system("the challenges a judge judges, read by checked judge functions"),
    declarationPage: judgesOwn((a, f) => conflicts.declarationPage(a, f.judging.challengeId)),
    confirmDeclaration: judgesOwn((a, f) =>
      conflicts.confirmDeclaration(a, { challengeId: f.judging.challengeId, conflicts: [], confirmed: true }),
    ),
    refreshJudgeConflicts: system("a step of an affiliation change, inside its checked transaction"),
  },
  "judging/moderation.server.ts": {
    leaderboardView: staffOnly((a, f) => moderation.leaderboardView(a, f.judging.challengeId, 1)),
    moderationView: staffOnly((a, f) => moderation.moderationView(a, f.judging.challengeId, 1)),
    entryModerationView: staffOnly((a, f) =>
      moderation.entryModerationView(a, f.judging.challengeId, 1, f.judging.entryId),
    ),
    addModerationJudge: staffOnly((a, f) =>
      moderation.addModerationJudge(a, f.judging.challengeId, 1, {
        entryId: f.judging.entryId,
        judgeId: f.judging.otherJudgeId,
        reason: "Walked",
      }),
    ),
    recordDecision: staffOnly((a, f) =>
      moderation.recordDecision(a, f.judging.challengeId, 1, {
        entryId: f.judging.entryId,
        decision: "excluded",
        reason: "Walked",
      }),
    ),
    setFeedbackApproval: staffOnly((a, f) =>
      moderation.setFeedbackApproval(a, f.judging.challengeId, 1, f.judging.reviewId, true),
    ),
    confirmationView: staffOnly((a, f) => moderation.confirmationView(a, f.judging.challengeId, 1)),
    unjudgedEntries: system("a query of confirming a round, run by checked functions"),
    confirmRound: staffOnly((a, f) =>
      moderation.confirmRound(a, f.judging.challengeId, 1, { selected: [f.judging.entryId], reason: "Walked" }),
    ),
  },
  "judging/ranking.server.ts": {
    loadSubmittedReviews: system("a round's submitted scores, read by the checked leaderboard"),
    loadSubmittedScores: system("a round's submitted scores, read by the checked leaderboard"),
    reviewsFromScores: system(PURE),
    loadLeaderboard: staffOnly((a, f) => ranking.loadLeaderboard(a, f.judging.roundId)),
    loadEntryExplanation: staffOnly((a, f) => ranking.loadEntryExplanation(a, f.judging.roundId, f.judging.entryId)),
  },
  "judging/reminders.server.ts": {
    judgingReminderKey: system(PURE),
    sendJudgingReminders: system("the scheduler's judging reminder job"),
  },
  "judging/reviews.server.ts": {
    liveAssignments: system("THE rule of what a judge may reach, a query run by the checked judge functions"),
    judgeAssignmentFor: judgesOwn((a, f) => reviews.judgeAssignmentFor(a, f.judging.assignmentId)),
    judgeQueue: judgeOnly((a) => reviews.judgeQueue(a)),
    scoringPage: judgesOwn((a, f) => reviews.scoringPage(a, f.judging.assignmentId)),
    ReviewChangedError: system(ERROR_TYPE),
    saveReview: judgesOwn((a, f) =>
      reviews.saveReview(a, { assignmentId: f.judging.assignmentId, version: 1, intent: "save", values: {} }),
    ),
    reviewFormValues: system(PURE),
  },
  "judging/rounds.server.ts": {
    roundNumberParam: system(PURE),
    idParam: system(PURE),
    auditRound: system("records a round's change inside the checked transaction making it"),
    lockRound: system("locks a round inside a checked transaction"),
    findRound: system("a query of the staff judging pages, run after their check"),
    challengeTitle: system("a query of the staff judging pages, run after their check"),
    tierCounts: system("a query of the staff judging pages, run after their check"),
    roundEntries: system("a query of the staff judging pages, run after their check"),
    notifyJudges: system("a step of opening a round and changing its judges, inside checked transactions"),
    judgingChallenges: staffOnly((a) => rounds.judgingChallenges(a)),
    challengeJudging: staffOnly((a, f) => rounds.challengeJudging(a, f.judging.challengeId)),
    roundForStaff: staffOnly((a, f) => rounds.roundForStaff(a, f.judging.challengeId, 1)),
    roundDefaults: staffOnly((a, f) => rounds.roundDefaults(a, f.judging.challengeId, 2)),
    createRound: staffOnly((a, f) => rounds.createRound(a, f.judging.challengeId, 2, roundSettings)),
    updateRoundSettings: staffOnly((a, f) => rounds.updateRoundSettings(a, f.judging.challengeId, 1, roundSettings)),
    setRanking: staffOnly((a, f) => rounds.setRanking(a, f.judging.challengeId, 1, "raw", 30)),
    roundJudgeChoices: staffOnly((a, f) => rounds.roundJudgeChoices(a, f.judging.challengeId, 1)),
    setRoundJudges: staffOnly((a, f) =>
      rounds.setRoundJudges(a, f.judging.challengeId, 1, [{ judgeId: f.judging.judgeId, cap: null }]),
    ),
    openRound: staffOnly((a, f) => rounds.openRound(a, f.judging.challengeId, 1)),
    setRoundOpen: staffOnly((a, f) => rounds.setRoundOpen(a, f.judging.challengeId, 1, false)),
    conflictsRegister: staffOnly((a, f) => rounds.conflictsRegister(a, f.judging.challengeId)),
  },
  "judging/rubric.server.ts": {
    loadRubric: system("a challenge's rubric, read by checked functions (staff's pages, a judge's scoring)"),
    rubricForStaff: staffOnly((a, f) => rubric.rubricForStaff(a, f.judging.challengeId)),
    lockChallenge: system("locks a challenge's rubric inside a checked transaction"),
    saveCriterion: staffOnly((a, f) => rubric.saveCriterion(a, f.judging.challengeId, null, criterion)),
    removeCriterion: staffOnly((a, f) => rubric.removeCriterion(a, f.judging.challengeId, f.judging.criterionId)),
    moveCriterion: staffOnly((a, f) => rubric.moveCriterion(a, f.judging.challengeId, f.judging.criterionId, "down")),
    lockRubricIn: system("a step of opening round 1, inside its checked transaction"),
    lockRubric: staffOnly((a, f) => rubric.lockRubric(a, f.judging.challengeId)),
    unlockRubric: staffOnly((a, f) => rubric.unlockRubric(a, f.judging.challengeId, "Walked")),
  },

  "platform/audit-chain.server.ts": {
    verifyAuditChain: system("checks the audit trail's hash chain, for the operators' command; no person asks"),
    checkAuditChainSinceLastCheck: system("a step of the staff audit trail page, run by auditTrail after its check"),
    saveCheckpoint: system("remembers how far the chain was found intact, for the two checks above"),
  },
  "platform/audit.server.ts": {
    utcMicroseconds: system(PURE),
    recordAudit: system("the audit writer, called inside the transaction of a change its caller has checked"),
    auditEventsFor: system("reads a subject's audit events for tooling; no route calls it"),
  },
  "platform/clock.server.ts": {
    requestNow: system("the clock (a test may set it when test hooks are on)"),
  },
  "platform/scheduler.server.ts": {
    defaultJobs: system("the scheduler"),
    startScheduler: system("the scheduler"),
  },
  "platform/start-checks.server.ts": {
    checkStart: system("the checks made before the server starts"),
  },
  "platform/versioned-cache.server.ts": {
    VersionedCache: system("a cache of pages already checked by their callers"),
  },

  "records/retention.server.ts": {
    currentRetentionSchedule: system(PURE),
    applyRetention: system("the scheduler's retention job, and the operators' retention:run command"),
    previewRetention: staffOnly((a) => retention.previewRetention(a, new Date())),
  },
  "records/personal-data.server.ts": {
    // The person themselves, or staff; anyone else finds nothing (decision 052).
    personalDataFor: {
      kind: "acts",
      refuse: except("staff"),
      rightful: "winner",
      call: (a, f) => personalData.personalDataFor(db(), a, f.winnerId),
    },
    ownPersonalData: ownAccount("the caller's own data, and only theirs"),
  },
  "records/data-requests.server.ts": {
    listDataRequests: staffOnly((a) => dataRequests.listDataRequests(a, TODAY)),
    getDataRequest: staffOnly((a) => dataRequests.getDataRequest(a, 1, TODAY)),
    createDataRequest: staffOnly((a) =>
      dataRequests.createDataRequest(
        a,
        { email: INVITED_EMAIL, kind: "access", receivedOn: TODAY, howReceived: "Letter", notes: "" },
        TODAY,
      ),
    ),
    closeDataRequest: staffOnly((a) => dataRequests.closeDataRequest(a, 1, { status: "completed" })),
    produceRequestedData: staffOnly((a) => dataRequests.produceRequestedData(a, 1, "json")),
  },

  "reports/audit-trail.server.ts": {
    actionLabel: system(PURE),
    auditTrail: staffOnly((a) => auditTrail.auditTrail(a, { page: 1 })),
  },
  "reports/board-report.server.ts": {
    challengeParam: system(PURE),
    loadBoardReport: staffOnly((a, f) => boardReport.loadBoardReport(a, f.awards.challengeId, TODAY)),
    loadReportTable: staffOnly((a, f) =>
      boardReport.loadReportTable(a, boardReport.REPORT_TABLE_KEYS[0], f.awards.challengeId, TODAY),
    ),
    loadAwardsForPublication: staffOnly((a, f) => boardReport.loadAwardsForPublication(a, f.awards.challengeId)),
  },
};
