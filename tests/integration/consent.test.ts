import { describe, expect, it } from "vitest";
import { parseCouncilIdeaQuery } from "../../app/domain/council-search";
import { createScenario, type Scenario } from "../../app/dev-tools/test-scenarios.server";
import { publishScenario } from "../../app/dev-tools/test-councils.server";
import type { Actor } from "../../app/services/actor.server";
import { isAppError } from "../../app/services/app-error.server";
import { sendPublicationDigests, sendWeeklyDigests, WEEK_MS } from "../../app/services/councils/digests.server";
import { exportSharedIdeas, listSharedIdeas, sharedIdea } from "../../app/services/councils/ideas.server";
import { recordInterest } from "../../app/services/councils/interest.server";
import { changeConsent } from "../../app/services/entries/consent.server";
import { entryOverview } from "../../app/services/entries/entries.server";
import { getStaffEntry } from "../../app/services/entries/staff-entries.server";
import { grantStaffDirectly } from "../../db/seed/staff-grants";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();

const BIRMINGHAM = "E08000025";
const COVENTRY = "E08000026";

let officers = 0;
async function officer(code: string) {
  officers += 1;
  const user = await t.db
    .insertInto("app_user")
    .values({
      email: `officer-${officers}@council.example.gov.uk`,
      name: `Officer ${officers}`,
      email_verified_at: new Date(),
    })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("role_grant")
    .values({ user_id: user.id, role: "council_officer", local_authority_code: code })
    .execute();
  return { id: user.id, email: user.email, ip: null };
}

const interested = {
  status: "interested" as const,
  initiativeName: "",
  initiativeDescription: "",
  initiativeUrl: "",
  note: "",
  version: 0,
};

/** A published challenge of two shared ideas in Birmingham; the first is the one whose choices change. */
async function published(label: string, publishedAt = new Date()): Promise<Scenario> {
  const scenario = await createScenario({ entries: 2, localAuthorityCodes: [BIRMINGHAM], label });
  await publishScenario({ challengeId: scenario.challengeId, publishedAt });
  return scenario;
}

function entrantOf(scenario: Scenario, index = 0): Actor {
  return { id: scenario.entries[index]!.entrantUserId, ip: "203.0.113.5" };
}

const query = (params: Record<string, string> = {}) => parseCouncilIdeaQuery(new URLSearchParams(params));

/** Where an officer can find the idea: list, search, its page, the CSV. */
async function whereSeen(me: Actor, reference: string, title: string) {
  const list = await listSharedIdeas(me, query({ council: "all" }));
  const search = await listSharedIdeas(me, query({ q: title, council: "all" }));
  const page = await sharedIdea(me, reference).catch((error: unknown) => {
    if (isAppError(error, "not_found")) return null;
    throw error;
  });
  const csv = await exportSharedIdeas(me, query({ council: "all" }));
  const has = (result: typeof list) => result.published && result.rows.some((r) => r.reference === reference);
  return {
    list: has(list),
    search: has(search),
    page: page !== null,
    csv: csv.rows.some((r) => r.reference === reference),
  };
}

describe("withdrawing consent to share an idea with councils", () => {
  it("hides the idea from council officers at once, in the list, search, page and CSV, and back when given again", async () => {
    const scenario = await published("Sharing");
    const idea = scenario.entries[0]!;
    const me = await officer(BIRMINGHAM);
    const everywhere = { list: true, search: true, page: true, csv: true };
    const nowhere = { list: false, search: false, page: false, csv: false };

    // Read once before, so a kept page of the list would be reused if the change went unnoticed.
    expect(await whereSeen(me, idea.reference, idea.title)).toEqual(everywhere);
    expect(
      await changeConsent(entrantOf(scenario), { reference: idea.reference, consent: "share", given: false }),
    ).toEqual({
      kind: "changed",
      councilsAsked: 0,
    });
    expect(await whereSeen(me, idea.reference, idea.title)).toEqual(nowhere);
    // The other idea is untouched.
    const other = scenario.entries[1]!;
    expect((await whereSeen(me, other.reference, other.title)).list).toBe(true);
    // Nor can a council record interest in it any more.
    await expect(recordInterest(me, idea.reference, interested)).rejects.toMatchObject({ kind: "not_found" });

    const overview = await entryOverview(entrantOf(scenario), idea.reference);
    expect(overview.header.consentShare).toBe(false);
    // Staff see the choice as it is now beside the one submitted.
    const staff = await t.db
      .insertInto("app_user")
      .values({ email: "staff@example.org", name: "Staff", email_verified_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await grantStaffDirectly(t.db, staff.id);
    const seenByStaff = await getStaffEntry({ id: staff.id }, idea.reference);
    expect(seenByStaff.snapshot?.consentShare).toBe(true);
    expect(seenByStaff.consentNow).toEqual({ share: false, contact: true });

    await changeConsent(entrantOf(scenario), { reference: idea.reference, consent: "share", given: true });
    expect(await whereSeen(me, idea.reference, idea.title)).toEqual(everywhere);

    const events = await t.db
      .selectFrom("audit_event")
      .select(["actor_user_id", "subject_id", "details"])
      .where("action", "=", "entry.consent_changed")
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.details)).toEqual([
      { reference: idea.reference, consent: "share", given: false },
      { reference: idea.reference, consent: "share", given: true },
    ]);
    expect(events.every((e) => e.actor_user_id === idea.entrantUserId && e.subject_id === String(idea.id))).toBe(true);
  });

  it("asks the officers of each council that recorded interest to delete their copies, and no one else", async () => {
    const scenario = await published("Asked");
    const idea = scenario.entries[0]!;
    const birmingham = await officer(BIRMINGHAM);
    const birminghamColleague = await officer(BIRMINGHAM);
    const coventry = await officer(COVENTRY);
    await recordInterest(birmingham, idea.reference, interested);
    // Coventry recorded interest in the other idea only.
    await recordInterest(coventry, scenario.entries[1]!.reference, interested);

    const result = await changeConsent(entrantOf(scenario), {
      reference: idea.reference,
      consent: "share",
      given: false,
    });
    expect(result).toEqual({ kind: "changed", councilsAsked: 1 });
    const asked = await t.db
      .selectFrom("email_outbox")
      .select(["to_address", "props"])
      .where("template", "=", "council-consent-withdrawn")
      .orderBy("id")
      .execute();
    expect(asked.map((e) => e.to_address)).toEqual([birmingham.email, birminghamColleague.email]);
    expect(asked[0]!.props).toMatchObject({ reference: idea.reference, withdrawn: "share" });
    // Nothing to ask once it is no longer shared: withdrawing contact now emails no one.
    await changeConsent(entrantOf(scenario), { reference: idea.reference, consent: "contact", given: false });
    expect(
      await t.db.selectFrom("email_outbox").select("id").where("template", "=", "council-consent-withdrawn").execute(),
    ).toHaveLength(2);
  });

  it("leaves the idea out of the officers' publication and weekly digests", async () => {
    const publishedAt = new Date(Date.now() - 60_000);
    const scenario = await published("Digests", publishedAt);
    const idea = scenario.entries[0]!;
    const birmingham = await officer(BIRMINGHAM);
    const coventry = await officer(COVENTRY);
    // Coventry's interest is news for Birmingham's weekly digest, while the idea is shared.
    await recordInterest(coventry, idea.reference, interested);
    await changeConsent(entrantOf(scenario), { reference: idea.reference, consent: "share", given: false });

    await sendPublicationDigests(new Date());
    const digest = await t.db
      .selectFrom("email_outbox")
      .select("props")
      .where("template", "=", "council-publication-digest")
      .where("to_address", "=", birmingham.email)
      .executeTakeFirstOrThrow();
    const props = digest.props as unknown as { count: number; top: { reference: string }[]; totalShared: number };
    expect(props.count).toBe(1);
    expect(props.totalShared).toBe(1);
    expect(props.top.map((i) => i.reference)).toEqual([scenario.entries[1]!.reference]);

    expect(await sendWeeklyDigests(new Date(publishedAt.getTime() + WEEK_MS + 1000))).toEqual({
      queued: 0,
      skipped: 0,
    });
  });
});

describe("withdrawing consent to be contacted", () => {
  it("hides the contact details from officers at once, on the page and in the CSV, while the idea stays listed", async () => {
    const scenario = await published("Contact");
    const idea = scenario.entries[0]!;
    const me = await officer(BIRMINGHAM);
    await recordInterest(me, idea.reference, interested);
    expect((await sharedIdea(me, idea.reference)).organisation.contact?.email).toBe(idea.entrantEmail);

    await changeConsent(entrantOf(scenario), { reference: idea.reference, consent: "contact", given: false });
    expect((await sharedIdea(me, idea.reference)).organisation.contact).toBeNull();
    const csv = await exportSharedIdeas(me, query({ council: "all" }));
    const row = csv.rows.find((r) => r.reference === idea.reference);
    expect(row).toBeDefined();
    expect(row!.contact).toBeNull();
    expect((await whereSeen(me, idea.reference, idea.title)).list).toBe(true);
    const asked = await t.db
      .selectFrom("email_outbox")
      .select(["to_address", "props"])
      .where("template", "=", "council-consent-withdrawn")
      .execute();
    expect(asked.map((e) => [e.to_address, (e.props as { withdrawn: string }).withdrawn])).toEqual([
      [me.email, "contact"],
    ]);
  });
});

describe("who may change an entry's choices, and when", () => {
  it("is the entry's organisation only, for a submitted entry", async () => {
    const scenario = await createScenario({ entries: 2, otherEntries: ["draft", "withdrawn"], label: "Who" });
    const [first, second, draft, withdrawn] = scenario.entries;
    // Another organisation's entrant finds nothing.
    await expect(
      changeConsent(entrantOf(scenario, 1), { reference: first!.reference, consent: "share", given: false }),
    ).rejects.toMatchObject({ kind: "not_found" });
    await expect(
      changeConsent(entrantOf(scenario, 2), { reference: draft!.reference, consent: "share", given: false }),
    ).rejects.toMatchObject({ kind: "conflict" });
    await expect(
      changeConsent(entrantOf(scenario, 3), { reference: withdrawn!.reference, consent: "share", given: false }),
    ).rejects.toMatchObject({ kind: "conflict" });
    // Asking for what is already so changes and records nothing.
    expect(
      await changeConsent(entrantOf(scenario, 1), { reference: second!.reference, consent: "share", given: true }),
    ).toEqual({ kind: "unchanged", councilsAsked: 0 });
    expect(
      await t.db.selectFrom("audit_event").select("id").where("action", "=", "entry.consent_changed").execute(),
    ).toHaveLength(0);
  });
});
