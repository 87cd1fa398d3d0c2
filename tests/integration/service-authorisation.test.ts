import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Actor } from "../../app/services/actor.server";
import { isAppError } from "../../app/services/app-error.server";
import { createSession } from "../../app/services/awards/masterclasses.server";
import { addMilestone } from "../../app/services/awards/support-plans.server";
import { createSession as signInSession, hashToken } from "../../app/auth/session.server";
import { createInvitation } from "../../app/services/accounts/invitations.server";
import { declareStaffConflict } from "../../app/services/awards/staff-conflicts.server";
import { screeningToken } from "../../app/services/entries/staff-entries.server";
import { inviteColleague } from "../../app/services/entries/organisations.server";
import { addAffiliation } from "../../app/services/judging/affiliations.server";
import { confirmDeclaration } from "../../app/services/judging/conflicts.server";
import { saveReview } from "../../app/services/judging/reviews.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { openRoundForJudges } from "../../app/dev-tools/test-judging.server";
import { createTestAwards } from "../../app/dev-tools/test-support-plans.server";
import { checkUpload, storeAttachments } from "../../app/services/attachments/attachments.server";
import { makeStaff } from "../support/awards-fixtures";
import { samplePdf, samplePng } from "../support/sample-files";
import { useTestDatabase } from "../support/database";
import { everything, personWith, refusedCallers } from "../support/refused-callers";
import {
  CALLERS,
  SERVICE_TABLE,
  type Caller,
  type Fixtures,
  type Rightful,
  type Row,
} from "../support/service-authorisation-table";

// Authorisation checked twice: every route checks the role, and every service function that acts
// for a person checks it again itself. This test walks every export of every file under
// app/services and calls each function that acts for a person as every caller it must refuse:
// each call must be refused and leave the database as it was. An export the table
// (tests/support/service-authorisation-table.ts) does not declare fails the first test, so a new
// service function cannot skip the question.

const t = useTestDatabase();
const INVITEE = "fixture.invitee@example.org";
const COLLEAGUE = "fixture.colleague@example.org";

const SERVICES = path.resolve(import.meta.dirname, "../../app/services");

/** Every exported function (and class) of every service file, by file under app/services. */
async function serviceExports(): Promise<{ file: string; name: string }[]> {
  const files = readdirSync(SERVICES, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => file.split(path.sep).join("/"))
    .sort();
  const found: { file: string; name: string }[] = [];
  for (const file of files) {
    const exports = (await import(pathToFileURL(path.join(SERVICES, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === "function") found.push({ file, name });
    }
  }
  return found;
}

function undeclaredMessage(file: string, name: string): string {
  return (
    `app/services/${file} exports ${name}, which tests/support/service-authorisation-table.ts does not declare. ` +
    `Add to SERVICE_TABLE["${file}"] either ` +
    `${name}: staffOnly((actor, f) => ${name}(actor, ...real ids from f)) (or judgeOnly, judgesOwn, councilOnly, ` +
    `membersOnly, withOrganisation, ownerOnly: whichever callers it must refuse) if it acts for a person, or ` +
    `${name}: system("why"), anonymous("why") or ownAccount("why") if it does not (decision 051).`
  );
}

describe("the services' own authorisation", () => {
  it("declares every exported function of every service", async () => {
    const found = await serviceExports();
    const undeclared = found
      .filter(({ file, name }) => !SERVICE_TABLE[file]?.[name])
      .map((e) => undeclaredMessage(e.file, e.name));
    const stale = Object.entries(SERVICE_TABLE).flatMap(([file, rows]) =>
      Object.keys(rows)
        .filter((name) => !found.some((e) => e.file === file && e.name === name))
        .map(
          (name) =>
            `SERVICE_TABLE["${file}"].${name} declares an export that app/services/${file} no longer has: remove it.`,
        ),
    );
    expect([...undeclared, ...stale]).toEqual([]);
    // The glob found the services: an empty folder would pass every check above.
    expect(found.length).toBeGreaterThan(200);
  });

  it("refuses every caller of the wrong role, or without a right to the row, and changes nothing", async () => {
    const fixtures = await buildFixtures(t.db);
    const callers = await callersFor(t.db, fixtures);
    let before = await everything(t.db);
    const failures: string[] = [];
    let walked = 0;
    let refused = 0;
    let declared = 0;
    for (const [file, rows] of Object.entries(SERVICE_TABLE)) {
      for (const [name, row] of Object.entries(rows)) {
        if (row.kind !== "acts") {
          declared++;
          continue;
        }
        walked++;
        for (const who of row.refuse) {
          const outcome = await refusalOf(row, callers[who], fixtures);
          if (outcome === "refused") refused++;
          else failures.push(`${file} ${name} as ${who}: ${outcome}`);
        }
        const after = await everything(t.db);
        const changed = Object.keys(after).filter(
          (table) => JSON.stringify(after[table]) !== JSON.stringify(before[table]),
        );
        if (changed.length) failures.push(`${file} ${name} changed ${changed.join(", ")} for a refused caller`);
        before = after;
      }
    }
    console.log(
      `service authorisation: ${walked} functions walked, ${refused} refused calls, ${declared} system/public exports declared`,
    );
    expect(failures).toEqual([]);
    expect(walked).toBeGreaterThan(100);

    // The same calls by someone they serve are not refused: the ids are real, so each refusal
    // above came from the check, not from a row that is not there. Done last, as some change rows.
    const people = await rightfulPeople(t.db, fixtures, callers);
    const unreached: string[] = [];
    for (const [file, rows] of Object.entries(SERVICE_TABLE)) {
      for (const [name, row] of Object.entries(rows)) {
        if (row.kind !== "acts" || !row.rightful) continue;
        const outcome = await refusalOf(row, people[row.rightful], fixtures, { rightful: true });
        if (outcome === "refused" || outcome.startsWith("failed"))
          unreached.push(`${file} ${name} as ${row.rightful}: ${outcome}`);
      }
    }
    expect(unreached).toEqual([]);
  }, 300_000);
});

/**
 * "refused", or what happened instead. A conflict the row accepts as a refusal counts only for the
 * walk: for the person the function serves it is the stage of things, not a refusal of them.
 */
async function refusalOf(
  row: Extract<Row, { kind: "acts" }>,
  actor: Actor,
  fixtures: Fixtures,
  { rightful = false } = {},
): Promise<string> {
  try {
    const result = await row.call(actor, fixtures);
    if (row.refusedWhen?.test(result)) return "refused";
    return `allowed (answered ${JSON.stringify(result)?.slice(0, 200)})`;
  } catch (error) {
    if (isAppError(error, "forbidden") || isAppError(error, "not_found")) return "refused";
    if (!rightful && row.alsoRefusedAs && isAppError(error, row.alsoRefusedAs.kind)) return "refused";
    return isAppError(error) ? `refused as ${error.kind} (${error.message})` : `failed: ${String(error)}`;
  }
}

/** Someone each function serves: the judge on the round, a member of the entry's organisation, and so on. */
async function rightfulPeople(db: DB, f: Fixtures, callers: Record<Caller, Actor>): Promise<Record<Rightful, Actor>> {
  const byEmail = async (email: string) =>
    (await db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  return {
    "judge on the round": { id: f.judging.judgeId, ip: "192.0.2.8" },
    "council officer": callers["council officer"],
    "entry's member": { id: f.entryMemberId, ip: "192.0.2.8" },
    winner: { id: f.winnerId, ip: "192.0.2.8" },
    entrant: callers.entrant,
    "invited person": { id: await byEmail(INVITEE), ip: "192.0.2.8" },
    "invited colleague": { id: await byEmail(COLLEAGUE), ip: "192.0.2.8" },
  };
}

/** The callers: none of them may do what the functions walked do, each for their own reason. */
async function callersFor(db: DB, f: Fixtures): Promise<Record<Caller, Actor>> {
  const refusedOnes = await refusedCallers(db);
  const otherEntrant = await db
    .selectFrom("organisation_member")
    .select("user_id")
    .where("organisation_id", "!=", f.entry.organisationId)
    .orderBy("user_id")
    .executeTakeFirstOrThrow();
  const callers: Record<Caller, Actor> = {
    entrant: refusedOnes.entrant!,
    "entrant of another organisation": { id: otherEntrant.user_id, ip: "192.0.2.7" },
    judge: refusedOnes.judge!,
    // On the round, declared, assigned: only the role is missing.
    "former judge": { id: f.judging.otherJudgeId, ip: "192.0.2.7" },
    "council officer": refusedOnes["council officer"]!,
    staff: await makeStaff(db, "walking-staff"),
    "former staff": refusedOnes["former staff"]!,
    "no role": refusedOnes["no role"]!,
  };
  expect(Object.keys(callers).sort()).toEqual([...CALLERS].sort());
  return callers;
}

/**
 * One world with a row behind every id the table's calls use: a challenge judging round 1 (a
 * judge with an assignment, a review and an affiliation; a second judge whose role is then
 * removed), and a challenge whose results are published (a cash award with its payment and
 * masterclass place, a support award with a milestone), invitations, a role grant, a staff
 * invitation waiting for a second member of staff, a staff conflict of interest, and the judge's
 * and the winner's sessions and the winner's passkey.
 */
async function buildFixtures(db: DB): Promise<Fixtures> {
  const staff = await makeStaff(db, "fixture-staff");
  // A second member of staff now, while the first may still approve one alone: every later one
  // (the walk's own, the former one) is then proposed by one and approved by the other.
  await makeStaff(db, "fixture-second-staff");
  const judging = await createScenario({ entries: 3, label: "Walk" }, db);
  const judge = await personWith(db, "fixture-judge", "judge");
  const otherJudge = await personWith(db, "fixture-former-judge", "judge");
  const round = await openRoundForJudges(
    { challengeId: judging.challengeId, judgeUserIds: [judge.id, otherJudge.id] },
    db,
  );
  for (const person of [judge, otherJudge]) {
    await confirmDeclaration(person, { challengeId: judging.challengeId, conflicts: [], confirmed: true });
  }
  const entry = judging.entries[0]!;
  const assignmentId = round.assignments.find(
    (a) => a.judgeUserId === judge.id && a.entryId === entry.id,
  )!.assignmentId;
  await saveReview(judge, { assignmentId, version: 0, intent: "save", values: {} });
  await addAffiliation(judge, { kind: "organisation", organisationName: "Tipton Tenants", roleDescription: "Member" });
  await db.deleteFrom("role_grant").where("user_id", "=", otherJudge.id).execute();

  const published = await createScenario({ entries: 2, label: "Won" }, db);
  const winner = published.entries[0]!;
  const [cash, supported] = await createTestAwards(
    {
      challengeId: published.challengeId,
      awards: [
        { entryId: winner.id, tier: "top20" },
        { entryId: winner.id, tier: "top3" },
      ],
    },
    db,
  );
  const session = await createSession(staff, published.challengeId, {
    title: "Fixture masterclass",
    description: "",
    startsAt: new Date("2030-02-01T10:00:00Z"),
    endsAt: new Date("2030-02-01T12:00:00Z"),
    venue: "Fixture hall",
    onlineUrl: null,
    capacity: 10,
  });
  const { milestoneId } = await addMilestone(staff, supported!.awardId, {
    title: "Fixture milestone",
    dueOn: "2027-08-01",
    status: "not_started",
    completedOn: null,
  });
  // The people the two invitations are for already have accounts, so each can accept it.
  await db
    .insertInto("app_user")
    .values([INVITEE, COLLEAGUE].map((email) => ({ email, name: email, email_verified_at: new Date() })))
    .execute();
  const invitation = await createInvitation(staff, { email: INVITEE, role: "judge" });
  const staffProposal = await createInvitation(staff, { email: "fixture.staff.invitee@example.org", role: "staff" });
  if (!staffProposal.awaitingApproval) throw new Error("The fixture's staff invitation did not wait for approval");
  await declareStaffConflict(staff, { reference: entry.reference, reason: "Fixture: a friend leads this group" });

  // Sessions, the first of each with its second factor given, and a passkey no device made.
  const sessionOf = async (userId: number, secondFactorAt: Date | null) => {
    const { token } = await signInSession(userId, db);
    const id = hashToken(token);
    await db.updateTable("session").set({ second_factor_at: secondFactorAt }).where("id", "=", id).execute();
    return id;
  };
  const judgeSessionId = await sessionOf(judge.id, new Date());
  const judgeOtherSessionId = await sessionOf(judge.id, null);
  const winnerSessionId = await sessionOf(winner.entrantUserId, new Date());
  const passkey = await db
    .insertInto("passkey_credential")
    .values({
      id: "Zml4dHVyZS1wYXNza2V5",
      user_id: winner.entrantUserId,
      public_key: new Uint8Array(77),
      device_type: "singleDevice",
      name: "Fixture passkey",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const colleague = await inviteColleague({ id: entry.entrantUserId }, COLLEAGUE);
  if (colleague.outcome !== "invited") throw new Error("The fixture's colleague invitation was not made");

  const ids = async <T>(query: Promise<T | undefined>) => {
    const row = await query;
    if (row === undefined) throw new Error("A fixture row is missing");
    return row;
  };
  const review = await ids(
    db.selectFrom("review").select("id").where("assignment_id", "=", assignmentId).executeTakeFirst(),
  );
  const affiliation = await ids(
    db.selectFrom("judge_affiliation").select("id").where("user_id", "=", judge.id).executeTakeFirst(),
  );
  const place = await ids(
    db
      .selectFrom("masterclass_place")
      .select("id")
      .where("award_id", "=", cash!.awardId)
      .where("session_id", "=", session.id)
      .executeTakeFirst(),
  );
  const grant = await ids(db.selectFrom("role_grant").select("id").where("user_id", "=", judge.id).executeTakeFirst());
  const screened = await ids(
    db
      .selectFrom("entry")
      .select(["version", "status", "eligibility_decided_at"])
      .where("id", "=", entry.id)
      .executeTakeFirst(),
  );
  return {
    judging: {
      challengeId: judging.challengeId,
      roundId: round.roundId,
      entryId: entry.id,
      judgeId: judge.id,
      otherJudgeId: otherJudge.id,
      assignmentId,
      reviewId: review.id,
      affiliationId: affiliation.id,
      criterionId: judging.criterionIds[0]!,
      priorityAreaId: judging.priorityAreaIds[0]!,
    },
    entry: { reference: entry.reference, organisationId: entry.organisationId, challengeId: judging.challengeId },
    awards: {
      challengeId: published.challengeId,
      reference: winner.reference,
      cashAwardId: cash!.awardId,
      supportAwardId: supported!.awardId,
      paymentId: cash!.paymentId!,
      sessionId: session.id,
      placeId: place.id,
      milestoneId,
      ...(await monitoringFixtures(db, supported!.awardId, winner.entrantUserId)),
    },
    // A judge invitation is sent at once, so it has its link (a staff one waits for a second person).
    invitation: { id: invitation.invitationId, token: invitation.token! },
    staffProposal: { invitationId: staffProposal.invitationId },
    account: { judgeSessionId, judgeOtherSessionId, winnerSessionId, passkeyId: passkey.id },
    colleagueInvitation: { id: colleague.invitationId, token: colleague.token },
    grantId: grant.id,
    attachmentId: await entryAttachment(db, entry.id, entry.entrantUserId),
    entryMemberId: entry.entrantUserId,
    winnerId: winner.entrantUserId,
    screeningToken: screeningToken(screened.version, screened.status, screened.eligibility_decided_at),
  };
}

/** A PDF attached to the entry by its member. */
async function entryAttachment(database: DB, entryId: number, memberId: number): Promise<number> {
  const file = await checkUpload({ name: "fixture.pdf", bytes: samplePdf() });
  const [stored] = await database
    .transaction()
    .execute((trx) => storeAttachments(trx, { id: memberId }, { kind: "entry", id: entryId }, [file]));
  return stored!.id;
}

/** The support award's first monitoring report, its tier, and a file the winner put on it. */
async function monitoringFixtures(db: DB, awardId: number, winnerId: number) {
  const report = await db
    .selectFrom("monitoring_report")
    .innerJoin("award", "award.id", "monitoring_report.award_id")
    .select(["monitoring_report.id", "award.prize_tier_id"])
    .where("monitoring_report.award_id", "=", awardId)
    .orderBy("monitoring_report.due_on")
    .executeTakeFirstOrThrow();
  const file = await checkUpload({ name: "photo.png", bytes: samplePng });
  const [stored] = await db
    .transaction()
    .execute((trx) => storeAttachments(trx, { id: winnerId }, { kind: "monitoring_report", id: report.id }, [file]));
  return { reportId: report.id, tierId: report.prize_tier_id, reportAttachmentId: stored!.id };
}
