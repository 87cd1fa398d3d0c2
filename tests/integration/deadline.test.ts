import { describe, expect, it } from "vitest";
import {
  checkPage,
  entryOverview,
  saveSection,
  sectionPage,
  startEntry,
  submitEntry,
  withdrawEntry,
} from "../../app/services/entries/entries.server";
import { useTestDatabase } from "../support/database";
import {
  completeSections,
  makeChallenge,
  makeOrganisation,
  makePerson,
  saveSections,
  sectionInput,
} from "../support/entry-fixtures";

const t = useTestDatabase();

// The closing time is an instant, compared on the server at the exact millisecond.
//
// Worked by hand for a challenge closing at 11:59pm on Sunday 28 March 2027, London time. The
// clocks go forward that morning (01:00 GMT becomes 02:00 BST), so 11:59pm that evening is BST:
// 22:59 UTC. A server reading the time as GMT would close an hour late, at 23:59 UTC.
const CLOSES_AFTER_SPRING_FORWARD = new Date("2027-03-28T22:59:00.000Z");
// And on Sunday 25 October 2026 the clocks go back (02:00 BST becomes 01:00 GMT): 11:59pm that
// evening is GMT, so 23:59 UTC; a server still on BST would close at 22:59 UTC, an hour early.
const CLOSES_AFTER_FALL_BACK = new Date("2026-10-25T23:59:00.000Z");

const WRITING = new Date("2027-03-01T10:00:00Z");

async function readyToSubmit(closesAt: Date, writingAt = WRITING) {
  const challenge = await makeChallenge(t.db, { closesAt, opensAt: new Date("2026-09-01T09:00:00Z") });
  const organisationId = await makeOrganisation(t.db, "Green Lanes Residents");
  const userId = await makePerson(t.db, organisationId);
  const reference = await startEntry({ id: userId }, { title: "Community fridge" }, writingAt);
  await saveSections(userId, reference, completeSections(challenge), writingAt);
  const version = (
    await t.db.selectFrom("entry").select("version").where("reference", "=", reference).executeTakeFirstOrThrow()
  ).version;
  return { challenge, organisationId, userId, reference, version };
}

async function state(reference: string) {
  const entry = await t.db.selectFrom("entry").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
  const snapshots = await t.db.selectFrom("entry_submission").select("id").where("entry_id", "=", entry.id).execute();
  return { status: entry.status, title: entry.title, summary: entry.summary, snapshots: snapshots.length };
}

/** The refusal of a submission after the closing time (the one given, when it is). */
function late(closesAtText?: string) {
  return {
    kind: "conflict",
    message: closesAtText
      ? `Your entry has not been submitted because the closing time (${closesAtText}) has passed. Your draft has been kept.`
      : expect.stringMatching(/^Your entry has not been submitted because the closing time \(.+\) has passed/),
  };
}

describe("the closing time, on the day the clocks go forward", () => {
  it("accepts a submission a millisecond before 11:59pm BST", async () => {
    const { userId, reference, version } = await readyToSubmit(CLOSES_AFTER_SPRING_FORWARD);
    const at = new Date("2027-03-28T22:58:59.999Z");
    expect(await submitEntry({ id: userId }, { reference, version }, at)).toMatchObject({ outcome: "submitted" });
    expect(await state(reference)).toMatchObject({ status: "submitted", snapshots: 1 });
  });

  it("refuses it at 11:59pm BST exactly, with the closing time in London time, and keeps the draft", async () => {
    const { userId, reference, version } = await readyToSubmit(CLOSES_AFTER_SPRING_FORWARD);
    const before = await state(reference);
    await expect(
      submitEntry({ id: userId }, { reference, version }, CLOSES_AFTER_SPRING_FORWARD),
    ).rejects.toMatchObject(late("11:59pm on 28 March 2027"));
    expect(await state(reference)).toEqual(before);
    expect(before).toMatchObject({ status: "draft", title: "Green Lanes community fridge", snapshots: 0 });
  });

  it("refuses it at 11:30pm GMT, which is already 12:30am on 29 March in London", async () => {
    const { userId, reference, version } = await readyToSubmit(CLOSES_AFTER_SPRING_FORWARD);
    await expect(
      submitEntry({ id: userId }, { reference, version }, new Date("2027-03-28T23:30:00Z")),
    ).rejects.toMatchObject(late());
  });
});

describe("the closing time, on the day the clocks go back", () => {
  const writing = new Date("2026-10-20T10:00:00Z");

  it("still accepts a submission at 11:30pm GMT (an hour after 11:59pm BST would have been)", async () => {
    const { userId, reference, version } = await readyToSubmit(CLOSES_AFTER_FALL_BACK, writing);
    const overview = await entryOverview({ id: userId }, reference, writing);
    expect(overview?.header.closesAtText).toBe("11:59pm on 25 October 2026");
    expect(await submitEntry({ id: userId }, { reference, version }, new Date("2026-10-25T23:30:00Z"))).toMatchObject({
      outcome: "submitted",
    });
  });

  it("refuses it at 11:59pm GMT exactly", async () => {
    const { userId, reference, version } = await readyToSubmit(CLOSES_AFTER_FALL_BACK, writing);
    await expect(submitEntry({ id: userId }, { reference, version }, CLOSES_AFTER_FALL_BACK)).rejects.toMatchObject(
      late(),
    );
  });
});

describe("an organisation's deadline extension", () => {
  it("lets that organisation submit after the challenge closes and until its own closing time, and no other", async () => {
    const closes = new Date("2027-03-21T23:59:00Z");
    const extended = new Date("2027-03-24T17:00:00Z");
    const granted = await readyToSubmit(closes);
    await t.db
      .insertInto("deadline_extension")
      .values({
        challenge_id: granted.challenge.id,
        organisation_id: granted.organisationId,
        closes_at: extended,
        reason: "Flooded office",
      })
      .execute();

    const otherOrg = await makeOrganisation(t.db, "Another group");
    const other = await makePerson(t.db, otherOrg);
    const otherReference = await startEntry({ id: other }, { title: "Other idea" }, WRITING);
    await saveSections(other, otherReference, completeSections(granted.challenge), WRITING);
    const otherVersion = (
      await t.db.selectFrom("entry").select("version").where("reference", "=", otherReference).executeTakeFirstOrThrow()
    ).version;

    const dayAfter = new Date("2027-03-22T12:00:00Z");
    await expect(
      submitEntry({ id: other }, { reference: otherReference, version: otherVersion }, dayAfter),
    ).rejects.toMatchObject(late());
    expect((await entryOverview({ id: granted.userId }, granted.reference, dayAfter))?.header).toMatchObject({
      extended: true,
      open: true,
      closesAtText: "5pm on 24 March 2027",
    });
    expect(
      await submitEntry({ id: granted.userId }, { reference: granted.reference, version: granted.version }, dayAfter),
    ).toMatchObject({ outcome: "submitted" });
  });

  it("ends at the extension's own instant", async () => {
    const closes = new Date("2027-03-21T23:59:00Z");
    const extended = new Date("2027-03-24T17:00:00Z");
    const granted = await readyToSubmit(closes);
    await t.db
      .insertInto("deadline_extension")
      .values({
        challenge_id: granted.challenge.id,
        organisation_id: granted.organisationId,
        closes_at: extended,
        reason: "Illness",
      })
      .execute();
    await expect(
      submitEntry({ id: granted.userId }, { reference: granted.reference, version: granted.version }, extended),
    ).rejects.toMatchObject(late("5pm on 24 March 2027"));
  });
});

describe("after the closing time", () => {
  const closes = new Date("2027-03-21T23:59:00Z");
  const after = new Date("2027-03-22T00:00:05Z");

  it("still saves a draft, so text typed in the last seconds is kept, but it cannot be submitted", async () => {
    const { userId, reference } = await readyToSubmit(closes);
    const page = (await sectionPage({ id: userId }, reference, "idea", after))!;
    const result = await saveSection(
      { id: userId },
      {
        reference,
        input: sectionInput("idea", { title: "Fridge", summary: "Last words", completed: "yes" }),
        version: page.version,
        base: page.base,
      },
      after,
    );
    expect(result).toMatchObject({ outcome: "saved" });
    expect(await state(reference)).toMatchObject({ status: "draft", summary: "Last words" });
    const check = (await checkPage({ id: userId }, reference, after))!;
    expect(check.canSubmit).toBe(false);
    expect(check.header.open).toBe(false);
    await expect(submitEntry({ id: userId }, { reference, version: page.version + 1 }, after)).rejects.toMatchObject(
      late(),
    );
  });

  it("no longer lets a submitted entry be changed or withdrawn, so judges see what was submitted", async () => {
    const { userId, reference, version } = await readyToSubmit(closes);
    await submitEntry({ id: userId }, { reference, version }, WRITING);
    const page = (await sectionPage({ id: userId }, reference, "idea", after))!;
    expect(page.header.lockMessage).toMatch(/closing time \(11:59pm on 21 March 2027\) has passed/);
    const result = saveSection(
      { id: userId },
      {
        reference,
        input: sectionInput("idea", { title: "Sneaky late change", summary: "x", completed: "yes" }),
        version: page.version,
        base: page.base,
      },
      after,
    );
    await expect(result).rejects.toMatchObject({ kind: "conflict", message: page.header.lockMessage });
    await expect(withdrawEntry({ id: userId }, { reference }, after)).rejects.toMatchObject({
      kind: "conflict",
      message: expect.stringMatching(/closing time \(11:59pm on 21 March 2027\) has passed/),
    });
    expect(await state(reference)).toMatchObject({
      status: "submitted",
      title: "Green Lanes community fridge",
      snapshots: 1,
    });
  });

  it("does not let a withdrawn entry be submitted again", async () => {
    const { userId, reference, version } = await readyToSubmit(closes);
    await submitEntry({ id: userId }, { reference, version }, WRITING);
    await withdrawEntry({ id: userId }, { reference }, WRITING);
    await expect(submitEntry({ id: userId }, { reference, version: version + 1 }, after)).rejects.toMatchObject(late());
    expect(await state(reference)).toMatchObject({ status: "withdrawn", snapshots: 1 });
  });

  it("does not let a new entry be started", async () => {
    const { organisationId } = await readyToSubmit(closes);
    const colleague = await makePerson(t.db, organisationId);
    await expect(startEntry({ id: colleague }, { title: "Too late" }, closes)).rejects.toMatchObject({
      kind: "conflict",
      message: "The challenge has closed, so new entries cannot be started.",
    });
  });
});
