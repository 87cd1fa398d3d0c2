import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { publishAwardList } from "../../app/services/awards/publication.server";
import {
  createSession,
  FULL_MESSAGE,
  placeCalendar,
  placesForAward,
  recordAttendance,
  respondToPlace,
  sendMasterclassReminders,
  sessionDetail,
  sessionsPage,
  type SessionInput,
} from "../../app/services/awards/masterclasses.server";
import { confirmRounds } from "../../app/dev-tools/test-awards.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { approveAwardListAsStaff } from "../support/awards-fixtures";
import { overlapping } from "../support/concurrency";
import { useTestDatabase } from "../support/database";
import { expectStaffOnly } from "../support/refused-callers";

const t = useTestDatabase();
const onPostgres = t.engine === "postgres";
const NOW = new Date("2027-06-01T10:00:00Z");

// 10am to 1pm on 3 July 2027, London (BST): 09:00 to 12:00 UTC.
const SESSION: SessionInput = {
  title: "Business planning, pricing and growth",
  description: "Bring your plan.",
  startsAt: new Date("2027-07-03T09:00:00Z"),
  endsAt: new Date("2027-07-03T12:00:00Z"),
  venue: "The Exchange, Birmingham",
  onlineUrl: null,
  capacity: 2,
};

/** Four entries shortlisted (Top 20, with a masterclass), the first also a winner (Top 3, none). */
async function setUp({ publish = true } = {}) {
  const scenario = await createScenario({ entries: 4 });
  const ids = scenario.entries.map((e) => e.id);
  await confirmRounds({ challengeId: scenario.challengeId, shortlist: ids, winners: [ids[0]!] });
  const { sam } = await approveAwardListAsStaff(t.db, scenario.challengeId, NOW, { publish });
  const top20 = await t.db
    .selectFrom("award")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .select(["award.id", "award.entry_id"])
    .where("prize_tier.name", "=", "Top 20")
    .orderBy("award.entry_id")
    .execute();
  const winner = (i: number) => ({ id: scenario.entries[i]!.entrantUserId, ip: null });
  return { scenario, sam, top20, winner };
}

async function placeOf(awardId: number, sessionId: number) {
  return t.db
    .selectFrom("masterclass_place")
    .selectAll()
    .where("award_id", "=", awardId)
    .where("session_id", "=", sessionId)
    .executeTakeFirstOrThrow();
}

describe("inviting", () => {
  it("invites each award of a masterclass tier once, on publication or when a session is added later", async () => {
    const { scenario, sam } = await setUp({ publish: false });
    const first = await createSession(sam, scenario.challengeId, SESSION, NOW);
    expect(first.invited).toBe(0);
    await publishAwardList(sam, scenario.challengeId, NOW);
    expect(
      await t.db.selectFrom("masterclass_place").select("id").where("session_id", "=", first.id).execute(),
    ).toHaveLength(4);
    const second = await createSession(
      sam,
      scenario.challengeId,
      { ...SESSION, startsAt: new Date("2027-07-10T09:00:00Z"), endsAt: new Date("2027-07-10T12:00:00Z") },
      NOW,
    );
    expect(second.invited).toBe(4);
    const invitations = await t.db
      .selectFrom("email_outbox")
      .select(["to_address", "props"])
      .where("template", "=", "masterclass-invitation")
      .execute();
    expect(invitations).toHaveLength(8);
    expect(invitations[0]!.props).toMatchObject({
      sessionTitle: SESSION.title,
      when: "10am to 1pm on 3 July 2027",
      where: "The Exchange, Birmingham",
    });
    // The Top 3 tier has no masterclass: its awards are not invited.
    const invitedAwards = await t.db
      .selectFrom("masterclass_place")
      .innerJoin("award", "award.id", "masterclass_place.award_id")
      .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
      .select("prize_tier.name")
      .distinct()
      .execute();
    expect(invitedAwards).toEqual([{ name: "Top 20" }]);
  });
});

describe("replying", () => {
  it("books a place, refuses a second session for the same award and refuses a full session with a clear message", async () => {
    const { scenario, sam, top20, winner } = await setUp();
    const session = await createSession(sam, scenario.challengeId, { ...SESSION, capacity: 1 }, NOW);
    const other = await createSession(
      sam,
      scenario.challengeId,
      { ...SESSION, startsAt: new Date("2027-07-10T09:00:00Z"), endsAt: new Date("2027-07-10T12:00:00Z") },
      NOW,
    );
    const mine = await placeOf(top20[0]!.id, session.id);
    expect(await respondToPlace(winner(0), top20[0]!.id, mine.id, "accept", NOW)).toEqual({
      message: `You have a place on “${SESSION.title}”`,
    });
    const mineOther = await placeOf(top20[0]!.id, other.id);
    await expect(respondToPlace(winner(0), top20[0]!.id, mineOther.id, "accept", NOW)).rejects.toMatchObject({
      kind: "conflict",
      message:
        "You already have a place on another session. Decline that place first if you want to come to this one instead",
    });
    const theirs = await placeOf(top20[1]!.id, session.id);
    await expect(respondToPlace(winner(1), top20[1]!.id, theirs.id, "accept", NOW)).rejects.toMatchObject({
      kind: "conflict",
      message: FULL_MESSAGE,
    });
    expect((await placeOf(top20[1]!.id, session.id)).status).toBe("invited");
    // Someone else's place is not found, as if it did not exist.
    await expect(respondToPlace(winner(1), top20[0]!.id, mine.id, "decline", NOW)).rejects.toMatchObject({
      kind: "not_found",
    });
    // A freed place can be taken.
    expect(await respondToPlace(winner(0), top20[0]!.id, mine.id, "decline", NOW)).toEqual({
      message: `You have declined your place on “${SESSION.title}”`,
    });
    expect(await respondToPlace(winner(1), top20[1]!.id, theirs.id, "accept", NOW)).toEqual({
      message: `You have a place on “${SESSION.title}”`,
    });
    expect((await placesForAward(winner(0), top20[0]!.id, NOW)).map((p) => [p.status, p.placesLeft])).toEqual([
      ["declined", 0],
      ["invited", 2],
    ]);
    await expect(
      respondToPlace(winner(1), top20[1]!.id, theirs.id, "decline", new Date("2027-07-03T09:30:00Z")),
    ).rejects.toMatchObject({ kind: "conflict", message: /already started/ });
    const actions = await t.db
      .selectFrom("audit_event")
      .select("action")
      .where("subject_type", "=", "masterclass_place")
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "masterclass_place_accepted",
      "masterclass_place_declined",
      "masterclass_place_accepted",
    ]);
  });

  it("gives a calendar file only for a booked place, and staff record attendance only for booked places", async () => {
    const { scenario, sam, top20, winner } = await setUp();
    const session = await createSession(sam, scenario.challengeId, SESSION, NOW);
    const place = await placeOf(top20[0]!.id, session.id);
    await expect(placeCalendar(winner(0), top20[0]!.id, session.id, NOW)).rejects.toMatchObject({ kind: "not_found" });
    await respondToPlace(winner(0), top20[0]!.id, place.id, "accept", NOW);
    await expect(placeCalendar(winner(1), top20[0]!.id, session.id, NOW)).rejects.toMatchObject({ kind: "not_found" });
    await expect(placesForAward(winner(1), top20[0]!.id, NOW)).rejects.toMatchObject({ kind: "not_found" });
    const calendar = await placeCalendar(winner(0), top20[0]!.id, session.id, NOW);
    expect(calendar.body).toContain("\r\nDTSTART:20270703T090000Z\r\nDTEND:20270703T120000Z\r\n");
    expect(calendar.body).toContain(`\r\nUID:masterclass-place-${place.id}@`);
    expect(calendar.body).toContain("\r\nSUMMARY:Business planning\\, pricing and growth\r\n");
    expect(calendar.body).toContain("\r\nLOCATION:The Exchange\\, Birmingham\r\n");

    const other = await placeOf(top20[1]!.id, session.id);
    await expect(recordAttendance(sam, scenario.challengeId, session.id, other.id, true)).rejects.toMatchObject({
      kind: "conflict",
      message: "Only people who accepted a place can be recorded as attending",
    });
    expect(await recordAttendance(sam, scenario.challengeId, session.id, place.id, true)).toEqual({
      message: "Recorded as attended",
    });
    expect((await placeOf(top20[0]!.id, session.id)).attended).toBe(true);
  });
});

describe("who may run the masterclasses", () => {
  // Checked by the service itself, not only by the /staff routes.
  it("refuses sessions and attendance to an entrant, a judge, a council officer and former staff, and changes nothing", async () => {
    const { scenario, sam, top20, winner } = await setUp();
    const session = await createSession(sam, scenario.challengeId, SESSION, NOW);
    const place = await placeOf(top20[0]!.id, session.id);
    await respondToPlace(winner(0), top20[0]!.id, place.id, "accept", NOW);
    // A booked place: recording attendance would succeed for staff.
    await expectStaffOnly(t.db, (actor) => ({
      createSession: () => createSession(actor, scenario.challengeId, SESSION, NOW),
      sessionsPage: () => sessionsPage(actor, scenario.challengeId),
      sessionDetail: () => sessionDetail(actor, scenario.challengeId, session.id),
      recordAttendance: () => recordAttendance(actor, scenario.challengeId, session.id, place.id, true),
    }));
    expect(await recordAttendance(sam, scenario.challengeId, session.id, place.id, true)).toEqual({
      message: "Recorded as attended",
    });
  });
});

describe("the reminder", () => {
  it("goes once, the day before, only for booked places", async () => {
    const { scenario, sam, top20, winner } = await setUp();
    const session = await createSession(sam, scenario.challengeId, SESSION, NOW);
    const place = await placeOf(top20[0]!.id, session.id);
    await respondToPlace(winner(0), top20[0]!.id, place.id, "accept", NOW);
    expect(await sendMasterclassReminders(new Date("2027-07-01T09:00:00Z"))).toBe(0);
    expect(await sendMasterclassReminders(new Date("2027-07-02T10:00:00Z"))).toBe(1);
    expect(await sendMasterclassReminders(new Date("2027-07-02T11:00:00Z"))).toBe(0);
    const reminders = await t.db
      .selectFrom("email_outbox")
      .select(["to_address", "props"])
      .where("template", "=", "masterclass-reminder")
      .execute();
    expect(reminders).toEqual([
      {
        to_address: scenario.entries[0]!.entrantEmail,
        props: expect.objectContaining({ venue: "The Exchange, Birmingham" }),
      },
    ]);
    expect((await placeOf(top20[0]!.id, session.id)).reminder_sent_at).toEqual(new Date("2027-07-02T10:00:00Z"));
  });
});

if (!onPostgres) {
  console.warn(
    "masterclass.test.ts: SKIPPED 'two winners booking the last place at the same moment': it needs several real database " +
      "connections, which the embedded database (PGlite, one connection) cannot give. Set TEST_DATABASE_URL to run it; CI runs it on PostgreSQL.",
  );
}

describe.runIf(onPostgres)("two winners booking the last place at the same moment (PostgreSQL)", () => {
  let blocker: DatabaseHandle | undefined;
  beforeAll(async () => {
    blocker = await openDatabase({ databaseUrl: t.url, poolSize: 2 });
  });
  afterAll(async () => {
    await blocker?.close();
  });

  it("gives the place to one and tells the other the session is full", async () => {
    const { scenario, sam, top20, winner } = await setUp();
    const session = await createSession(sam, scenario.challengeId, { ...SESSION, capacity: 1 }, NOW);
    const a = await placeOf(top20[0]!.id, session.id);
    const b = await placeOf(top20[1]!.id, session.id);
    const outcomes = await overlapping(blocker!.db, () => [
      respondToPlace(winner(0), top20[0]!.id, a.id, "accept", NOW),
      respondToPlace(winner(1), top20[1]!.id, b.id, "accept", NOW),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected");
    expect(refused?.reason).toMatchObject({ kind: "conflict", message: FULL_MESSAGE });
    expect(
      await t.db
        .selectFrom("masterclass_place")
        .select("id")
        .where("session_id", "=", session.id)
        .where("status", "=", "accepted")
        .execute(),
    ).toHaveLength(1);
  });
});
