import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantStaffDirectly } from "../../db/seed/staff-grants";
import { refusalOf } from "../support/refusals";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import type { Role } from "../../db/schema";
import type { DatesInput, ItemInput } from "../../app/domain/challenge-setup";
import {
  challengeForStaff,
  closeChallenge,
  createChallenge,
  listChallenges,
  moveChallengeItem,
  openChallenge,
  openingCheck,
  previewChallenge,
  removeChallengeItem,
  saveChallengeItem,
  updateChallengeDates,
  updateChallengeDetails,
} from "../../app/services/challenges/setup.server";
import { getCurrentChallenge, publicChallengePage } from "../../app/services/challenges/challenges.server";
import { useTestDatabase } from "../support/database";
import { overlapping } from "../support/concurrency";

const t = useTestDatabase();

const BIRMINGHAM = "E08000025";
const SANDWELL = "E08000028";

// A fixed "now" for the rules that depend on it: 10 January 2027, midday in London (GMT).
const NOW = new Date("2027-01-10T12:00:00Z");
const DATES: DatesInput = {
  opensAt: new Date("2027-01-01T09:00:00Z"),
  closesAt: new Date("2027-03-21T23:59:00Z"),
};

async function makeUser(email: string, roles: Role[]) {
  const user = await t.db
    .insertInto("app_user")
    .values({ email, name: `Person ${email.split("@")[0]}`, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const role of roles) {
    // Staff only the way the database accepts a second member of staff (decision 049).
    if (role === "staff") {
      await grantStaffDirectly(t.db, user.id);
      continue;
    }
    await t.db
      .insertInto("role_grant")
      .values({
        user_id: user.id,
        role,
        local_authority_code: role === "council_officer" ? BIRMINGHAM : null,
        granted_by: null,
      })
      .execute();
  }
  return { id: user.id, ip: "203.0.113.7" };
}

const staff = () => makeUser("programme.lead@example.org", ["staff"]);

async function draft(actor: { id: number }, title = "Challenge 2027", dates: DatesInput = DATES) {
  return createChallenge(actor, { title, summary: `${title} summary`, copyFrom: null, ...dates });
}

async function add(actor: { id: number }, challengeId: number, item: ItemInput) {
  await saveChallengeItem(actor, challengeId, null, item);
}

const area = (name: string, sponsorCode = SANDWELL, description = ""): ItemInput => ({
  kind: "areas",
  name,
  description,
  sponsorCode,
});
const prize: ItemInput = {
  kind: "prizes",
  name: "Top 20",
  description: "",
  places: 20,
  cash: 50_000,
  supportCap: 0,
  masterclass: true,
};

/** A draft with what opening needs: a priority area and a prize tier. */
async function ready(actor: { id: number }, title = "Challenge 2027") {
  const id = await draft(actor, title);
  await add(actor, id, area("Jobs and training"));
  await add(actor, id, prize);
  return id;
}

async function audit(challengeId: number) {
  return t.db
    .selectFrom("audit_event")
    .selectAll()
    .where("subject_type", "=", "challenge")
    .where("subject_id", "=", String(challengeId))
    .orderBy("id")
    .execute();
}

async function statusOf(challengeId: number) {
  return (await t.db.selectFrom("challenge").select("status").where("id", "=", challengeId).executeTakeFirstOrThrow())
    .status;
}

async function expectStatus(promise: Promise<unknown>, status: number) {
  expect((await refusalOf(promise)).status).toBe(status);
}

describe("creating and editing a challenge", () => {
  it("creates a draft that only staff see, with a unique address-friendly name", async () => {
    const actor = await staff();
    const first = await draft(actor, "Community Recovery 2028");
    const second = await draft(actor, "Community Recovery 2028");
    const rows = await t.db.selectFrom("challenge").select(["id", "slug", "status"]).orderBy("id").execute();
    expect(rows).toEqual([
      { id: first, slug: "community-recovery-2028", status: "draft" },
      { id: second, slug: "community-recovery-2028-2", status: "draft" },
    ]);
    expect(await publicChallengePage(NOW)).toEqual({ kind: "none", lastClosed: null });
    expect((await listChallenges(actor)).map((c) => c.title)).toEqual([
      "Community Recovery 2028",
      "Community Recovery 2028",
    ]);
    expect((await audit(first)).map((e) => e.action)).toEqual(["challenge_created"]);
  });

  it("refuses a closing time before the opening time", async () => {
    const actor = await staff();
    await expect(
      createChallenge(actor, {
        title: "Backwards",
        summary: "s",
        copyFrom: null,
        opensAt: DATES.closesAt,
        closesAt: DATES.opensAt,
      }),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "closes",
      message: "The closing time must be after the opening time",
    });
    expect(await t.db.selectFrom("challenge").select("id").execute()).toEqual([]);
  });

  it("copies an earlier challenge's texts and lists, but not its key dates", async () => {
    const actor = await staff();
    const earlier = await ready(actor, "Challenge 2021");
    await updateChallengeDetails(actor, earlier, {
      title: "Challenge 2021",
      summary: "s",
      description: "What it is for",
      whoCanEnter: "Small groups",
      howJudgingWorks: "Two judges read each entry",
      shareText: "",
      judgesSeeOrganisation: true,
    });
    await add(actor, earlier, { kind: "principles", name: "Greener", description: "Less waste" });
    await add(actor, earlier, { kind: "faq", question: "Can we enter twice?", answer: "Yes" });
    await add(actor, earlier, { kind: "key-dates", label: "Winners announced", date: "2021-05-20" });
    await t.db
      .insertInto("criterion")
      .values({
        challenge_id: earlier,
        name: "Impact",
        weight: 100,
        levels: JSON.stringify([{ score: 0, label: "None" }]),
      })
      .execute();

    const copyId = await createChallenge(actor, {
      title: "Challenge 2028",
      summary: "New",
      copyFrom: earlier,
      ...DATES,
    });
    const copy = await challengeForStaff(actor, copyId);
    expect(copy).toMatchObject({
      title: "Challenge 2028",
      summary: "New",
      description: "What it is for",
      howJudgingWorks: "Two judges read each entry",
      judgesSeeOrganisation: true,
      status: "draft",
    });
    expect(copy.items.areas.map((i) => i.title)).toEqual(["Jobs and training"]);
    expect(copy.items.principles.map((i) => i.title)).toEqual(["Greener"]);
    expect(copy.items.prizes.map((i) => i.values)).toEqual([
      { name: "Top 20", description: "", places: "20", cash: "500", supportCap: "0", masterclass: "yes" },
    ]);
    expect(copy.items.faq.map((i) => i.title)).toEqual(["Can we enter twice?"]);
    expect(copy.criteria.map((c) => [c.name, c.weight])).toEqual([["Impact", 100]]);
    expect(copy.items["key-dates"]).toEqual([]);
    await expect(
      createChallenge(actor, { title: "From nowhere", summary: "s", copyFrom: 999_999, ...DATES }),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "copyFrom",
      message: "Select an earlier challenge to copy, or none",
    });
    // The earlier challenge is untouched.
    expect((await challengeForStaff(actor, earlier)).items["key-dates"]).toHaveLength(1);
  });

  it("does not audit changes to a draft, but audits every change to an open challenge with what changed", async () => {
    const actor = await staff();
    const id = await ready(actor);
    const details = {
      title: "Challenge 2027",
      summary: "Challenge 2027 summary",
      description: "Draft words",
      whoCanEnter: "",
      howJudgingWorks: "",
      shareText: "",
      judgesSeeOrganisation: false,
    };
    await updateChallengeDetails(actor, id, details);
    expect((await audit(id)).map((e) => e.action)).toEqual(["challenge_created"]);

    await expect(openChallenge(actor, id, NOW)).resolves.toBeUndefined();
    await updateChallengeDetails(actor, id, {
      ...details,
      title: "Challenge 2027 (updated)",
      judgesSeeOrganisation: true,
    });
    await add(actor, id, { kind: "faq", question: "Who judges?", answer: "A panel" });
    await updateChallengeDates(actor, id, { ...DATES, closesAt: new Date("2027-03-28T22:59:00Z") }, NOW);

    const events = await audit(id);
    expect(events.map((e) => e.action)).toEqual([
      "challenge_created",
      "challenge_opened",
      "challenge_changed",
      "challenge_item_added",
      "challenge_dates_changed",
    ]);
    expect(events.every((e) => e.actor_user_id === actor.id && e.ip === actor.ip)).toBe(true);
    expect(events[2]!.details).toEqual({
      summary: "Changed: Title, Judges see organisation names",
      changes: {
        title: { from: "Challenge 2027", to: "Challenge 2027 (updated)" },
        judgesSeeOrganisation: { from: false, to: true },
      },
    });
    expect(events[3]!.details).toMatchObject({ summary: "Added question: Who judges?" });
    expect(events[4]!.details).toMatchObject({
      summary: "Closing time changed from 11:59pm on 21 March 2027 to 11:59pm on 28 March 2027",
    });
  });

  it("records nothing when an open challenge is saved without changes", async () => {
    const actor = await staff();
    const id = await ready(actor);
    await openChallenge(actor, id, NOW);
    await updateChallengeDates(actor, id, DATES, NOW);
    expect((await audit(id)).map((e) => e.action)).toEqual(["challenge_created", "challenge_opened"]);
  });

  it("keeps an open challenge's closing time in the future", async () => {
    const actor = await staff();
    const id = await ready(actor);
    await openChallenge(actor, id, NOW);
    await expect(
      updateChallengeDates(actor, id, { ...DATES, closesAt: new Date("2027-01-10T11:00:00Z") }, NOW),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "closes",
      message: "The closing time must be in the future while the challenge is open",
    });
    const row = await t.db.selectFrom("challenge").select("closes_at").where("id", "=", id).executeTakeFirstOrThrow();
    expect(new Date(row.closes_at)).toEqual(DATES.closesAt);
  });
});

describe("the lists on the challenge page", () => {
  it("adds, changes, reorders and removes priority areas", async () => {
    const actor = await staff();
    const id = await draft(actor);
    await add(actor, id, area("Jobs"));
    await add(actor, id, area("Health", BIRMINGHAM));
    await add(actor, id, area("High streets"));
    let areas = (await challengeForStaff(actor, id)).items.areas;
    expect(areas.map((a) => a.title)).toEqual(["Jobs", "Health", "High streets"]);
    expect(areas[1]!.detail).toBe("Sponsor council: Birmingham");

    await moveChallengeItem(actor, id, "areas", areas[2]!.id, "up");
    await moveChallengeItem(actor, id, "areas", areas[0]!.id, "up"); // already first: nothing happens
    expect((await challengeForStaff(actor, id)).items.areas.map((a) => a.title)).toEqual([
      "Jobs",
      "High streets",
      "Health",
    ]);

    await expect(
      saveChallengeItem(actor, id, areas[0]!.id, area("Jobs and training", SANDWELL, "Skills")),
    ).resolves.toBeUndefined();
    await expect(removeChallengeItem(actor, id, "areas", areas[1]!.id)).resolves.toBeUndefined();
    areas = (await challengeForStaff(actor, id)).items.areas;
    expect(areas.map((a) => [a.title, a.values.description])).toEqual([
      ["Jobs and training", "Skills"],
      ["High streets", ""],
    ]);
  });

  it("refuses a sponsor that is not one of the region's councils, and a name already used", async () => {
    const actor = await staff();
    const id = await draft(actor);
    await expect(saveChallengeItem(actor, id, null, area("Jobs", "E09000001"))).rejects.toMatchObject({
      kind: "invalid",
      field: "sponsorCode",
      message: "Select the sponsor council",
    });
    await add(actor, id, area("Jobs"));
    await expect(saveChallengeItem(actor, id, null, area("JOBS"))).rejects.toMatchObject({
      kind: "invalid",
      field: "name",
      message: "This challenge already has a priority area called JOBS",
    });
    expect((await challengeForStaff(actor, id)).items.areas.map((a) => a.title)).toEqual(["Jobs"]);
  });

  it("refuses to remove a priority area an entry has chosen", async () => {
    const actor = await staff();
    const id = await draft(actor);
    await add(actor, id, area("Jobs"));
    const [jobs] = (await challengeForStaff(actor, id)).items.areas;
    const organisation = await t.db
      .insertInto("organisation")
      .values({
        name: "Friends of the Park",
        type: "community_group",
        local_authority_code: BIRMINGHAM,
        postcode: "B1 1AA",
        contact_name: "Sam",
        contact_email: "sam@example.org",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("entry")
      .values({ challenge_id: id, organisation_id: organisation.id, priority_area_id: jobs!.id, title: "Park cafe" })
      .execute();
    await expect(removeChallengeItem(actor, id, "areas", jobs!.id)).rejects.toMatchObject({
      kind: "conflict",
      field: "form",
      message: "You cannot remove Jobs because 1 entry has chosen it. You can change its name or description instead",
    });
    expect((await challengeForStaff(actor, id)).items.areas).toHaveLength(1);
  });

  it("answers 404 for an item of another challenge or one that does not exist", async () => {
    const actor = await staff();
    const mine = await draft(actor, "Mine");
    const other = await draft(actor, "Other");
    await add(actor, other, { kind: "faq", question: "Q", answer: "A" });
    const [faq] = (await challengeForStaff(actor, other)).items.faq;
    await expectStatus(saveChallengeItem(actor, mine, faq!.id, { kind: "faq", question: "Hijack", answer: "A" }), 404);
    await expectStatus(removeChallengeItem(actor, mine, "faq", faq!.id), 404);
    await expectStatus(moveChallengeItem(actor, mine, "faq", 999_999, "up"), 404);
    await expectStatus(challengeForStaff(actor, 999_999), 404);
    await expectStatus(previewChallenge(actor, 999_999), 404);
    expect((await challengeForStaff(actor, other)).items.faq.map((f) => f.title)).toEqual(["Q"]);
  });

  it("keeps key dates in date order and reads them back as London calendar days", async () => {
    const actor = await staff();
    const id = await draft(actor);
    await add(actor, id, { kind: "key-dates", label: "Winners announced", date: "2027-05-20" });
    await add(actor, id, { kind: "key-dates", label: "Shortlist", date: "2027-04-15" });
    const page = await previewChallenge(actor, id, NOW);
    expect(page.keyDates.map((k) => `${k.label}: ${k.when}`)).toEqual([
      "Entries open: 9am on 1 January 2027",
      "Entries close: 11:59pm on 21 March 2027",
      "Shortlist: 15 April 2027",
      "Winners announced: 20 May 2027",
    ]);
  });
});

describe("opening a challenge", () => {
  it("publishes it: the challenge page shows it, with closes in N days worked out for now", async () => {
    const actor = await staff();
    const id = await ready(actor);
    await expect(openChallenge(actor, id, NOW)).resolves.toBeUndefined();
    expect(await statusOf(id)).toBe("open");
    const current = await publicChallengePage(NOW);
    expect(current.kind).toBe("open");
    if (current.kind !== "open") return;
    expect(current.page).toMatchObject({
      title: "Challenge 2027",
      closingPhrase: "Closes in 70 days",
      prizes: [
        { name: "Top 20", sentence: "20 ideas each win £500 and a place at a business development masterclass." },
      ],
      priorityAreas: [{ name: "Jobs and training", sponsor: "Sandwell" }],
    });
    // The older read used by other pages still finds it.
    expect((await getCurrentChallenge())?.challenge.id).toBe(id);
  });

  it("refuses a second challenge while one is open, saying which", async () => {
    const actor = await staff();
    const first = await ready(actor, "Challenge 2027");
    const second = await ready(actor, "Challenge 2028");
    await openChallenge(actor, first, NOW);
    await expect(openChallenge(actor, second, NOW)).rejects.toMatchObject({
      kind: "conflict",
      field: "form",
      message:
        "Challenge 2027 is open. Only one challenge can be open at a time: close it after its closing time before you open this one",
    });
    expect(await statusOf(second)).toBe("draft");
    await expect(openChallenge(actor, first, NOW)).rejects.toMatchObject({
      kind: "conflict",
      field: "form",
      message: "This challenge is already open",
    });
    expect((await openingCheck(actor, second, NOW)).otherOpen).toEqual({ id: first, title: "Challenge 2027" });
  });

  it("refuses a challenge whose closing time has passed, or that has no areas or prizes", async () => {
    const actor = await staff();
    const late = await ready(actor, "Late");
    await expect(openChallenge(actor, late, new Date("2027-03-22T00:00:00Z"))).rejects.toMatchObject({
      kind: "invalid",
      field: "form",
      message: "The closing time has passed. Change it to a time in the future before you open the challenge",
    });
    const empty = await draft(actor, "Empty");
    await expect(openChallenge(actor, empty, NOW)).rejects.toMatchObject({
      kind: "invalid",
      field: "form",
      message: "Add at least one priority area. Add at least one prize tier",
    });
    expect(await t.db.selectFrom("challenge").select("status").where("status", "=", "open").execute()).toEqual([]);
  });

  it("holds 'only one open' in the database too, for code that skips the service", async () => {
    const actor = await staff();
    const first = await ready(actor, "One");
    const second = await ready(actor, "Two");
    await openChallenge(actor, first, NOW);
    await expect(
      t.db.updateTable("challenge").set({ status: "open" }).where("id", "=", second).execute(),
    ).rejects.toThrow(/challenge_single_open|duplicate key/);
  });
});

const onPostgres = t.engine === "postgres";
if (!onPostgres) {
  console.warn(
    "challenge-setup.test.ts: SKIPPED 'two staff opening two challenges at the same moment': it needs several real " +
      "database connections, which the embedded database (PGlite, one connection) cannot give. Set " +
      "TEST_DATABASE_URL to run it; CI runs it on PostgreSQL.",
  );
}

describe.runIf(onPostgres)("two staff opening two challenges at the same moment (PostgreSQL)", () => {
  let blocker: DatabaseHandle | undefined;

  beforeAll(async () => {
    blocker = await openDatabase({ databaseUrl: t.url, poolSize: 2 });
  });

  afterAll(async () => {
    await blocker?.close();
  });

  it("lets exactly one through, and tells the other why", async () => {
    const sam = await staff();
    const kim = await makeUser("kim@example.org", ["staff"]);
    const first = await ready(sam, "One");
    const second = await ready(sam, "Two");
    // Hold back the audit write, the last step of opening, until both are under way: each has
    // either reached it or is waiting on the other's open challenge, so their checks overlap.
    const outcomes = await overlapping(blocker!.db, () => [
      openChallenge(sam, first, NOW),
      openChallenge(kim, second, NOW),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected");
    expect(refused?.status === "rejected" && refused.reason).toMatchObject({
      kind: "conflict",
      field: "form",
      message: "Another challenge was opened at the same time. Only one challenge can be open at a time",
    });
    expect(await t.db.selectFrom("challenge").select("id").where("status", "=", "open").execute()).toHaveLength(1);
    expect(
      await t.db.selectFrom("audit_event").select("id").where("action", "=", "challenge_opened").execute(),
    ).toHaveLength(1);
  });
});

describe("closing a challenge", () => {
  it("is refused before the closing time and while an extension runs, then allowed", async () => {
    const actor = await staff();
    const id = await ready(actor);
    await openChallenge(actor, id, NOW);
    await expect(closeChallenge(actor, id, NOW)).rejects.toMatchObject({
      kind: "conflict",
      field: "form",
      message: "Entries are open until 11:59pm on 21 March 2027. You can close the challenge after that",
    });
    const organisation = await t.db
      .insertInto("organisation")
      .values({
        name: "Late Co-op",
        type: "cooperative",
        local_authority_code: BIRMINGHAM,
        postcode: "B1 1AA",
        contact_name: "Ash",
        contact_email: "ash@example.org",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("deadline_extension")
      .values({
        challenge_id: id,
        organisation_id: organisation.id,
        closes_at: new Date("2027-03-24T17:00:00Z"),
        reason: "Flood",
      })
      .execute();
    const afterClose = new Date("2027-03-22T10:00:00Z");
    await expect(closeChallenge(actor, id, afterClose)).rejects.toMatchObject({
      kind: "conflict",
      field: "form",
      message: "An organisation has an extension until 5pm on 24 March 2027. You can close the challenge after that",
    });
    await expect(closeChallenge(actor, id, new Date("2027-03-25T00:00:00Z"))).resolves.toBeUndefined();
    expect(await statusOf(id)).toBe("closed");
    expect(await publicChallengePage(new Date("2027-03-25T00:00:00Z"))).toEqual({
      kind: "none",
      lastClosed: { title: "Challenge 2027", closedAt: "11:59pm on 21 March 2027" },
    });
    // With it closed, the next one can open.
    const next = await ready(actor, "Challenge 2028");
    await updateChallengeDates(actor, next, {
      opensAt: new Date("2027-11-01T09:00:00Z"),
      closesAt: new Date("2028-03-21T23:59:00Z"),
    });
    await expect(openChallenge(actor, next, new Date("2027-04-01T00:00:00Z"))).resolves.toBeUndefined();
  });
});

describe("who may set up challenges", () => {
  it("refuses anyone without the staff role, changing nothing", async () => {
    const actor = await staff();
    const id = await ready(actor);
    const before = await t.db.selectFrom("challenge").selectAll().orderBy("id").execute();
    for (const roles of [[], ["entrant"], ["judge"], ["council_officer"]] as Role[][]) {
      const outsider = await makeUser(`outsider-${roles.join("-") || "none"}@example.org`, roles);
      await expectStatus(listChallenges(outsider), 403);
      await expectStatus(challengeForStaff(outsider, id), 403);
      await expectStatus(previewChallenge(outsider, id), 403);
      await expectStatus(createChallenge(outsider, { title: "Mine", summary: "s", copyFrom: null, ...DATES }), 403);
      await expectStatus(
        updateChallengeDetails(outsider, id, {
          title: "Hijacked",
          summary: "s",
          description: "",
          whoCanEnter: "",
          howJudgingWorks: "",
          shareText: "",
          judgesSeeOrganisation: true,
        }),
        403,
      );
      await expectStatus(updateChallengeDates(outsider, id, DATES, NOW), 403);
      await expectStatus(saveChallengeItem(outsider, id, null, area("Sneaky")), 403);
      await expectStatus(openChallenge(outsider, id, NOW), 403);
      await expectStatus(closeChallenge(outsider, id, NOW), 403);
    }
    expect(await t.db.selectFrom("challenge").selectAll().orderBy("id").execute()).toEqual(before);
    expect((await challengeForStaff(actor, id)).items.areas).toHaveLength(1);
  });

  it("refuses someone whose staff role was removed after they signed in", async () => {
    const actor = await staff();
    const id = await ready(actor);
    await t.db.deleteFrom("role_grant").where("user_id", "=", actor.id).execute();
    await expectStatus(openChallenge(actor, id, NOW), 403);
    expect(await statusOf(id)).toBe("draft");
  });
});
