import { afterEach, describe, expect, it, vi } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { setExtension } from "../../app/services/entries/extensions.server";
import { sendDraftReminders } from "../../app/services/entries/draft-reminders.server";
import { startScheduler } from "../../app/services/platform/scheduler.server";
import { useTestDatabase } from "../support/database";
import { makeChallenge, makeEntry, makeOrganisation, makeUser } from "../support/staff-entries-fixtures";

const t = useTestDatabase();

// The challenge closes at 11:59pm on Sunday 21 March 2027, UK time (GMT: 23:59 UTC). Counted in
// London calendar days: 14 March is 7 days before, 20 March 1 day before, 21 March the day itself.
const CLOSES = new Date("2027-03-21T23:59:00Z");
const at = (iso: string) => new Date(iso);
const SEVEN_DAYS = at("2027-03-14T09:00:00Z");
const ONE_DAY = at("2027-03-20T18:30:00Z");

async function world() {
  const challenge = await makeChallenge(t.db, {
    closesAt: CLOSES,
    title: "Community Recovery Innovation Challenge 2027",
  });
  // Two people and a draft: both hear. The contact is one of them, so no third email.
  const drafting = await makeOrganisation(t.db, { name: "Drafting Group", members: ["Dee Draft", "Colin Colleague"] });
  await makeEntry(t.db, { challenge, organisation: drafting, title: "Half-written idea", status: "draft" });
  await makeEntry(t.db, { challenge, organisation: drafting, title: "A finished idea", status: "submitted" });
  // Nothing in draft: no reminder.
  const done = await makeOrganisation(t.db, { name: "Done Already", members: ["Sue Submitted"] });
  await makeEntry(t.db, { challenge, organisation: done, title: "All submitted", status: "submitted" });
  const gone = await makeOrganisation(t.db, { name: "Changed Our Minds", members: ["Will Withdrawn"] });
  await makeEntry(t.db, { challenge, organisation: gone, title: "Withdrawn idea", status: "withdrawn" });
  // A draft in a challenge that is not taking entries: no reminder.
  const unpublished = await makeChallenge(t.db, { closesAt: CLOSES, status: "draft" });
  const elsewhere = await makeOrganisation(t.db, { name: "Elsewhere Trust", members: ["Ellie Elsewhere"] });
  await makeEntry(t.db, { challenge: unpublished, organisation: elsewhere, title: "Not open yet", status: "draft" });
  return { challenge, drafting, done, gone, elsewhere };
}

async function outbox() {
  return t.db
    .selectFrom("email_outbox")
    .select(["to_address", "template", "props", "idempotency_key"])
    .orderBy("id")
    .execute();
}

describe("draft reminders", () => {
  it("emails the people of an organisation with a draft 7 days before the closing day", async () => {
    const { drafting, challenge } = await world();
    const run = await sendDraftReminders(SEVEN_DAYS);
    expect(run).toEqual({ organisationsWithDrafts: 1, due: { 7: 1, 1: 0 }, queued: 2, alreadyQueued: 0 });
    const emails = await outbox();
    expect(emails.map((e) => e.to_address).sort()).toEqual(drafting.members.map((m) => m.email).sort());
    for (const email of emails) {
      expect(email.template).toBe("draft-reminder");
      expect(email.props).toMatchObject({
        organisationName: "Drafting Group",
        challengeTitle: "Community Recovery Innovation Challenge 2027",
        daysLeft: 7,
        closesAt: "11:59pm on 21 March 2027",
        drafts: [{ reference: "CRI-0001", title: "Half-written idea" }],
      });
      expect(email.idempotency_key).toBe(`draft-reminder:${challenge.id}:${drafting.id}:7d:${email.to_address}`);
    }
  });

  it("sends each reminder once however often it runs", async () => {
    await world();
    await sendDraftReminders(SEVEN_DAYS);
    const again = await sendDraftReminders(new Date(SEVEN_DAYS.getTime() + 5 * 60_000));
    expect(again).toMatchObject({ queued: 0, alreadyQueued: 2 });
    const lateThatDay = await sendDraftReminders(at("2027-03-14T23:50:00Z"));
    expect(lateThatDay).toMatchObject({ queued: 0, alreadyQueued: 2 });
    expect(await outbox()).toHaveLength(2);
  });

  it("sends the 1-day reminder as well as the 7-day one, each once", async () => {
    await world();
    await sendDraftReminders(SEVEN_DAYS);
    const run = await sendDraftReminders(ONE_DAY);
    expect(run).toMatchObject({ due: { 7: 0, 1: 1 }, queued: 2 });
    await sendDraftReminders(at("2027-03-20T23:59:00Z"));
    const emails = await outbox();
    expect(emails.map((e) => (e.props as { daysLeft: number }).daysLeft)).toEqual([7, 7, 1, 1]);
  });

  it("sends nothing on the other days, on the closing day or after it", async () => {
    await world();
    for (const iso of [
      "2027-03-13T23:59:00Z", // 8 days before
      "2027-03-15T00:00:00Z", // 6 days before
      "2027-03-19T12:00:00Z", // 2 days before
      "2027-03-21T08:00:00Z", // the closing day
      "2027-03-22T08:00:00Z", // closed
    ]) {
      expect(await sendDraftReminders(at(iso)), iso).toMatchObject({ queued: 0, alreadyQueued: 0 });
    }
    expect(await outbox()).toEqual([]);
  });

  it("reminds an organisation with an extension relative to its own closing time", async () => {
    const { challenge, drafting } = await world();
    const staff = await makeUser(t.db, "Sam Staff", ["staff"]);
    // Extended to 11:59pm on Sunday 28 March 2027 (after the clocks go forward: 22:59 UTC).
    await setExtension(
      staff,
      { challengeId: challenge.id, organisationId: drafting.id, closesAt: at("2027-03-28T22:59:00Z"), reason: "Flood" },
      at("2027-03-01T00:00:00Z"),
    );
    expect(await sendDraftReminders(SEVEN_DAYS)).toMatchObject({ queued: 0 });
    const run = await sendDraftReminders(at("2027-03-21T10:00:00Z"));
    expect(run).toMatchObject({ due: { 7: 1, 1: 0 }, queued: 2 });
    expect((await outbox())[0]!.props).toMatchObject({ daysLeft: 7, closesAt: "11:59pm on 28 March 2027" });
    // The day before its own closing day, after the challenge itself has closed.
    expect(await sendDraftReminders(at("2027-03-27T12:00:00Z"))).toMatchObject({ due: { 7: 0, 1: 1 }, queued: 2 });
  });

  it("does not remind before the challenge has opened", async () => {
    const challenge = await makeChallenge(t.db, { opensAt: at("2027-03-15T09:00:00Z"), closesAt: CLOSES });
    const organisation = await makeOrganisation(t.db);
    await makeEntry(t.db, { challenge, organisation, title: "Early bird", status: "draft" });
    expect(await sendDraftReminders(SEVEN_DAYS)).toMatchObject({ organisationsWithDrafts: 0, queued: 0 });
  });

  it("sends each reminder once when two instances run at the same moment", async () => {
    await world();
    let second: DatabaseHandle | undefined;
    try {
      // On PostgreSQL, a second pool plays the second instance; the embedded database has one
      // connection, so there the two runs interleave on it instead.
      if (t.url) second = await openDatabase({ databaseUrl: t.url, poolSize: 5 });
      else
        console.log(
          "reminders: one connection on PGlite; the concurrent runs share it (the two-pool race runs on PostgreSQL)",
        );
      const runs = await Promise.all([
        sendDraftReminders(SEVEN_DAYS, t.db),
        sendDraftReminders(SEVEN_DAYS, second?.db ?? t.db),
        sendDraftReminders(SEVEN_DAYS, t.db),
        sendDraftReminders(SEVEN_DAYS, second?.db ?? t.db),
      ]);
      expect(runs.reduce((sum, r) => sum + r.queued, 0)).toBe(2);
      expect(runs.reduce((sum, r) => sum + r.alreadyQueued, 0)).toBe(6);
    } finally {
      await second?.close();
    }
    expect(await outbox()).toHaveLength(2);
  });
});

describe("the scheduler", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("runs each job again and again, keeps going after a failure, and stops when asked", async () => {
    vi.useFakeTimers();
    vi.spyOn(console, "error").mockImplementation(() => {});
    let runs = 0;
    const scheduler = startScheduler({
      firstRunDelayMs: 1_000,
      jobs: [
        {
          name: "test job",
          intervalMs: 60_000,
          run: async () => {
            runs += 1;
            if (runs === 2) throw new Error("the database went away");
          },
        },
      ],
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(2);
    // The failure is reported once, and the job runs again at its next time.
    expect(console.error).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(3);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(runs).toBe(3);
  });
});
