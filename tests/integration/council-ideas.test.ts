import { describe, expect, it } from "vitest";
import type { EntryStatus } from "../../db/schema";
import {
  HIGHLIGHT_START,
  HIGHLIGHT_STOP,
  parseCouncilIdeaQuery,
  type CouncilIdeaQuery,
} from "../../app/domain/council-search";
import { exportSharedIdeas, listSharedIdeas, sharedIdea } from "../../app/services/councils/ideas.server";
import { recordInterest } from "../../app/services/councils/interest.server";
import type { Actor } from "../../app/services/actor.server";
import { isAppError } from "../../app/services/app-error.server";
import { sendPublicationDigests, sendWeeklyDigests, WEEK_MS } from "../../app/services/councils/digests.server";
import { takeUpSummary } from "../../app/services/councils/take-up.server";
import { publishScenario } from "../../app/dev-tools/test-councils.server";
import { createScenario, type Scenario } from "../../app/dev-tools/test-scenarios.server";
import { StatementCounter } from "../../app/dev-tools/statement-counter.server";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();

const BIRMINGHAM = "E08000025";
const COVENTRY = "E08000026";
const DUDLEY = "E08000027";

let officers = 0;
async function officer(code: string) {
  officers += 1;
  const user = await t.db
    .insertInto("app_user")
    .values({
      email: `officer-${officers}-${code.toLowerCase()}@council.example.gov.uk`,
      name: `Officer ${officers}`,
      email_verified_at: new Date(),
    })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("role_grant")
    .values({
      user_id: user.id,
      role: "council_officer",
      local_authority_code: code,
    })
    .execute();
  return { id: user.id, email: user.email, ip: null, localAuthorityCode: code };
}

/** A closed challenge of its own with submitted entries, its results published. */
async function publishedScenario(input: Parameters<typeof createScenario>[0]): Promise<Scenario> {
  const scenario = await createScenario(input);
  await publishScenario({ challengeId: scenario.challengeId });
  return scenario;
}

function query(params: Record<string, string> = {}): CouncilIdeaQuery {
  return parseCouncilIdeaQuery(new URLSearchParams(params));
}

async function list(actor: Actor, params: Record<string, string> = {}) {
  const result = await listSharedIdeas(actor, query(params));
  if (!result.published) return { total: 0, references: [] as string[], rows: [] };
  return {
    total: result.total,
    references: result.rows.map((r) => r.reference),
    rows: result.rows,
  };
}

describe("who sees which shared idea", () => {
  it("shows an entry only when published, submitted and consenting, in the list, the search, the page and the CSV", async () => {
    // Every combination of consent (2) x status (4) x publication (2): two scenarios of 8 entries.
    const others: EntryStatus[] = ["draft", "draft", "withdrawn", "withdrawn", "ineligible", "ineligible"];
    const make = (label: string) =>
      createScenario({
        entries: 2,
        otherEntries: others,
        withoutConsent: [1, 3, 5, 7],
        localAuthorityCodes: [BIRMINGHAM],
        label,
      });
    const published = await make("Pubvis");
    const unpublished = await make("Unpubvis");
    await publishScenario({ challengeId: published.challengeId });
    const me = await officer(BIRMINGHAM);

    const cases = [published, unpublished].flatMap((scenario) =>
      scenario.entries.map((entry, index) => ({
        scenario,
        entry,
        published: scenario === published,
        consent: ![1, 3, 5, 7].includes(index),
        status: entry.status,
      })),
    );
    expect(cases).toHaveLength(16);
    expect(new Set(cases.map((c) => `${c.published}/${c.consent}/${c.status}`)).size).toBe(16);

    const all = await list(me, { council: "all" });
    const searchedPublished = await list(me, { q: "Pubvis", council: "all" });
    const searchedUnpublished = await list(me, {
      q: "Unpubvis",
      council: "all",
    });
    const csv = await exportSharedIdeas(me, { ...query({ council: "all" }) });
    for (const c of cases) {
      const visible = c.published && c.consent && c.status === "submitted";
      const name = `${c.published ? "published" : "unpublished"}, consent ${c.consent}, ${c.status}`;
      expect(all.references.includes(c.entry.reference), `list: ${name}`).toBe(visible);
      const searched = c.published ? searchedPublished : searchedUnpublished;
      expect(searched.references.includes(c.entry.reference), `search: ${name}`).toBe(visible);
      const exact = await list(me, { q: c.entry.title, council: "all" });
      expect(exact.references.includes(c.entry.reference), `exact search: ${name}`).toBe(visible);
      const page = await sharedIdea(me, c.entry.reference).catch((error: unknown) => {
        if (isAppError(error, "not_found")) return null;
        throw error;
      });
      expect(page !== null, `page: ${name}`).toBe(visible);
      expect(
        csv.rows.some((r) => r.reference === c.entry.reference),
        `CSV: ${name}`,
      ).toBe(visible);
    }
    expect(all.total).toBe(1);
  });

  it("shows nothing before any publication, with the explanation instead of a list", async () => {
    await createScenario({ entries: 3, localAuthorityCodes: [BIRMINGHAM] });
    const me = await officer(BIRMINGHAM);
    const result = await listSharedIdeas(me, query());
    expect(result.published).toBe(false);
    expect((await exportSharedIdeas(me, query({ council: "all" }))).rows).toEqual([]);
  });

  it("refuses anyone who is not a council officer", async () => {
    const user = await t.db
      .insertInto("app_user")
      .values({
        email: "staff@example.org",
        name: "Staff",
        email_verified_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("role_grant")
      .values({ user_id: user.id, role: "staff", local_authority_code: null })
      .execute();
    await expect(listSharedIdeas({ id: user.id }, query())).rejects.toMatchObject({
      kind: "forbidden",
    });
  });

  it("shows the organisation's contact details only where it agreed to be contacted", async () => {
    const scenario = await createScenario({
      entries: 2,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Contacts",
    });
    await t.db.updateTable("entry").set({ consent_contact: false }).where("id", "=", scenario.entries[1]!.id).execute();
    await publishScenario({ challengeId: scenario.challengeId });
    const me = await officer(BIRMINGHAM);
    const withConsent = await sharedIdea(me, scenario.entries[0]!.reference);
    const without = await sharedIdea(me, scenario.entries[1]!.reference);
    expect(withConsent.organisation.contact).toEqual({
      name: `Entrant Contacts 01`,
      email: scenario.entries[0]!.entrantEmail,
      phone: "0121 496 0000",
    });
    expect(without.organisation.contact).toBeNull();
    const csv = await exportSharedIdeas(me, query());
    const byRef = new Map(csv.rows.map((r) => [r.reference, r]));
    expect(byRef.get(scenario.entries[0]!.reference)!.contact?.email).toBe(scenario.entries[0]!.entrantEmail);
    expect(byRef.get(scenario.entries[1]!.reference)!.contact).toBeNull();
  });
});

describe("searching shared ideas", () => {
  async function retitle(scenario: Scenario, index: number, title: string, summary: string) {
    const entry = scenario.entries[index]!;
    await t.db.updateTable("entry").set({ title, summary }).where("id", "=", entry.id).execute();
    // What officers read is the snapshot: keep it in step with the entry, as submitting does.
    const row = await t.db
      .selectFrom("entry_submission")
      .select(["id", "snapshot"])
      .where("entry_id", "=", entry.id)
      .executeTakeFirstOrThrow();
    const snapshot = {
      ...(row.snapshot as unknown as Record<string, unknown>),
      title,
      summary,
    };
    await t.db
      .insertInto("entry_submission")
      .values({
        entry_id: entry.id,
        entry_version: 2,
        snapshot: JSON.stringify(snapshot),
        submitted_by: entry.entrantUserId,
      })
      .execute();
  }

  it("puts an exact title match first, even when other ideas use the words more", async () => {
    const scenario = await createScenario({
      entries: 4,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Rank",
    });
    await retitle(
      scenario,
      0,
      "Garden network community garden",
      "Community garden, community garden, community garden everywhere.",
    );
    await retitle(scenario, 1, "Community garden", "A small plot.");
    await retitle(
      scenario,
      2,
      "Community garden for the community garden club",
      "Community garden growing community garden food.",
    );
    await retitle(scenario, 3, "Book swap", "Books.");
    await publishScenario({ challengeId: scenario.challengeId });
    const me = await officer(BIRMINGHAM);
    const found = await list(me, { q: "community garden" });
    expect(found.references[0]).toBe(scenario.entries[1]!.reference);
    expect(found.references).toHaveLength(3);
    expect(found.references).not.toContain(scenario.entries[3]!.reference);
    // Case does not matter for the exact match.
    expect((await list(me, { q: "COMMUNITY GARDEN" })).references[0]).toBe(scenario.entries[1]!.reference);
  });

  it("highlights the matching words (stemmed) with markers, and nothing else", async () => {
    const scenario = await createScenario({
      entries: 1,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Light",
    });
    await retitle(scenario, 0, "Repair cafes <b>for</b> everyone", "We repair toasters & <script>kettles</script>.");
    await publishScenario({ challengeId: scenario.challengeId });
    const me = await officer(BIRMINGHAM);
    const found = await list(me, { q: "repairing cafe" });
    const row = found.rows[0]!;
    expect(row.title).toBe(
      `${HIGHLIGHT_START}Repair${HIGHLIGHT_STOP} ${HIGHLIGHT_START}cafes${HIGHLIGHT_STOP} <b>for</b> everyone`,
    );
    expect(row.summary).toContain(`We ${HIGHLIGHT_START}repair${HIGHLIGHT_STOP} toasters`);
    // Without a search, the text comes back as it was submitted.
    expect((await list(me)).rows[0]!.title).toBe("Repair cafes <b>for</b> everyone");
  });

  it("filters by council (own by default), award, stage, type and priority area, and sorts by score", async () => {
    const scenario = await createScenario({
      entries: 6,
      localAuthorityCodes: [BIRMINGHAM, COVENTRY, DUDLEY],
      label: "Filters",
    });
    const [e0, e1, e2, e3, e4, e5] = scenario.entries.map((e) => e.reference) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    await publishScenario({
      challengeId: scenario.challengeId,
      winners: [scenario.entries[0]!.id],
      top20: [scenario.entries[1]!.id],
    });
    const me = await officer(BIRMINGHAM);
    // Birmingham's ideas are entries 0 and 3 (organisations cycle through the three councils).
    expect(new Set((await list(me)).references)).toEqual(new Set([e0, e3]));
    expect((await list(me, { council: "all" })).total).toBe(6);
    expect(new Set((await list(me, { council: COVENTRY })).references)).toEqual(new Set([e1, e4]));
    // An entry working in Birmingham (an entry area) counts for Birmingham too.
    await t.db
      .insertInto("entry_area")
      .values({
        entry_id: scenario.entries[4]!.id,
        local_authority_code: BIRMINGHAM,
      })
      .execute();
    expect(new Set((await list(me)).references)).toEqual(new Set([e0, e3, e4]));

    expect((await list(me, { council: "all", award: "winner" })).references).toEqual([e0]);
    expect((await list(me, { council: "all", award: "top20" })).references).toEqual([e1]);
    expect(new Set((await list(me, { council: "all", award: "other" })).references)).toEqual(new Set([e2, e3, e4, e5]));
    expect((await list(me, { council: "all", type: "cic" })).total).toBe(2);
    expect(
      (
        await list(me, {
          council: "all",
          area: String(scenario.priorityAreaIds[0]),
        })
      ).references,
    ).toEqual([e0]);

    const coventry = await officer(COVENTRY);
    await recordInterest(coventry, e2, interest("taken_forward"));
    await recordInterest(coventry, e5, interest("in_discussion"));
    await recordInterest(coventry, e4, interest("not_pursued"));
    expect((await list(me, { council: "all", stage: "taken_forward" })).references).toEqual([e2]);
    expect((await list(me, { council: "all", stage: "interest" })).references).toEqual([e5]);
    expect(new Set((await list(me, { council: "all", stage: "new" })).references)).toEqual(new Set([e0, e1, e3, e4]));

    // Round 1's confirmed scores order the "score" sort; ideas without one come last.
    const round = await t.db
      .insertInto("judging_round")
      .values({
        challenge_id: scenario.challengeId,
        number: 1,
        advance_count: 3,
        status: "confirmed",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const scores: [number, string][] = [
      [3, "91.5"],
      [1, "40"],
      [5, "77.25"],
    ];
    for (const [rank, [index, score]] of scores.entries()) {
      await t.db
        .insertInto("round_result")
        .values({
          round_id: round.id,
          entry_id: scenario.entries[index]!.id,
          rank: rank + 1,
          normalised_score: score,
          selected: true,
        })
        .execute();
    }
    const byScore = (await list(me, { council: "all", sort: "score" })).references;
    expect(byScore.slice(0, 3)).toEqual([e3, e5, e1]);
    expect(new Set(byScore.slice(3))).toEqual(new Set([e0, e2, e4]));
  });

  it("runs the same number of queries for a page whatever the number of matches", async () => {
    const scenario = await publishedScenario({
      entries: 30,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Count",
    });
    const me = await officer(BIRMINGHAM);
    const coventry = await officer(COVENTRY);
    for (const entry of scenario.entries.slice(0, 10))
      await recordInterest(coventry, entry.reference, interest("interested"));
    const counted = async (params: Record<string, string>) => {
      const counter = new StatementCounter();
      const result = await listSharedIdeas(me, query(params), t.db.withPlugin(counter));
      return {
        queries: counter.count,
        rows: result.published ? result.rows.length : -1,
      };
    };
    const one = await counted({ q: scenario.entries[0]!.title });
    const many = await counted({ q: "Count" });
    expect(one.rows).toBe(1);
    expect(many.rows).toBe(25);
    expect(many.queries).toBe(one.queries);
    // The officer's council with the data's version, then the page, its rows' councils, interests
    // and awards, and the filters' choices: two statements.
    expect(one.queries).toBe(2);
  });
});

describe("pages kept between requests", () => {
  const version = async () =>
    (await t.db.selectFrom("shared_ideas_version").select("version").executeTakeFirstOrThrow()).version;

  it("reuses a page while nothing it shows has changed, after one small query", async () => {
    await publishedScenario({
      entries: 4,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Kept",
    });
    const me = await officer(BIRMINGHAM);
    const read = async () => {
      const counter = new StatementCounter();
      const result = await listSharedIdeas(me, query({ q: "Kept" }), t.db.withPlugin(counter));
      return { counter, result };
    };
    const first = await read();
    const again = await read();
    expect(first.counter.count).toBe(2);
    expect(first.counter.built).toBeGreaterThan(2);
    // The second read is the officer's council with the version alone: one statement, built from one query.
    expect(again.counter.count).toBe(1);
    expect(again.counter.built).toBe(1);
    expect(again.result).toEqual(first.result);
    // Each row carries its own idea's councils, beside the filters' list of every council.
    expect(first.result.published && first.result.rows[0]!.councils).toEqual(["Birmingham"]);
    expect(first.result.published && first.result.options.councils.length).toBeGreaterThan(1);
  });

  it("shows every change to what a page shows at once: interest, withdrawal, organisation, publication", async () => {
    const scenario = await publishedScenario({
      entries: 3,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Fresh",
    });
    const me = await officer(BIRMINGHAM);
    const coventry = await officer(COVENTRY);
    const [a, b, c] = scenario.entries;
    const interested = { q: "Fresh", stage: "interest" };
    expect((await list(me, interested)).references).toEqual([]);
    await recordInterest(coventry, a!.reference, interest("interested"));
    const withInterest = await list(me, interested);
    expect(withInterest.references).toEqual([a!.reference]);
    expect(withInterest.rows[0]!.interests).toMatchObject([{ council: "Coventry", status: "interested" }]);

    expect((await list(me, { q: "Fresh" })).total).toBe(3);
    await t.db.updateTable("entry").set({ status: "withdrawn" }).where("id", "=", b!.id).execute();
    const afterWithdrawal = await list(me, { q: "Fresh" });
    expect(afterWithdrawal.total).toBe(2);
    expect(afterWithdrawal.references).not.toContain(b!.reference);

    const cics = { q: "Fresh", type: "cic" };
    const before = (await list(me, cics)).references;
    await t.db.updateTable("organisation").set({ type: "cic" }).where("id", "=", c!.organisationId).execute();
    expect((await list(me, cics)).references).toEqual([...new Set([...before, c!.reference])].sort().reverse());

    // A second challenge's results published later appear in the same list at once.
    const later = await createScenario({
      entries: 1,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Fresh",
    });
    expect((await list(me, { q: "Fresh" })).total).toBe(2);
    await publishScenario({ challengeId: later.challengeId });
    expect((await list(me, { q: "Fresh" })).references).toContain(later.entries[0]!.reference);
  });

  it("is not moved on by entrants' work in a challenge whose results are not published", async () => {
    const open = await createScenario({
      entries: 1,
      otherEntries: ["draft"],
      localAuthorityCodes: [BIRMINGHAM],
    });
    const published = await publishedScenario({
      entries: 1,
      localAuthorityCodes: [BIRMINGHAM],
    });
    const draft = open.entries.find((e) => e.status === "draft")!;

    const start = await version();
    await t.db.updateTable("entry").set({ title: "A better title" }).where("id", "=", draft.id).execute();
    await t.db.insertInto("entry_area").values({ entry_id: draft.id, local_authority_code: COVENTRY }).execute();
    expect(await version()).toBe(start);

    await t.db
      .updateTable("entry")
      .set({ title: "Changed after publication" })
      .where("id", "=", published.entries[0]!.id)
      .execute();
    expect(BigInt(await version())).toBeGreaterThan(BigInt(start));
  });

  it("reads but does not keep a page inside a transaction that may not be committed", async () => {
    const scenario = await publishedScenario({
      entries: 2,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Rolled",
    });
    const me = await officer(BIRMINGHAM);
    const rollBack = new Error("roll back");
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx
          .updateTable("entry")
          .set({ status: "withdrawn" })
          .where("challenge_id", "=", scenario.challengeId)
          .execute();
        const inside = await listSharedIdeas(me, query({ q: "Rolled" }), trx);
        expect(inside.published && inside.total).toBe(0);
        throw rollBack;
      }),
    ).rejects.toBe(rollBack);
    expect((await list(me, { q: "Rolled" })).total).toBe(2);
  });
});

function interest(
  status: "interested" | "in_discussion" | "taken_forward" | "not_pursued",
  extra: Partial<{ version: number; initiativeName: string }> = {},
) {
  return {
    status,
    initiativeName: extra.initiativeName ?? "",
    initiativeDescription: "",
    initiativeUrl: "",
    note: "",
    version: extra.version ?? 0,
  };
}

describe("taking ideas forward", () => {
  async function outboxTo(email: string, template: string) {
    return t.db
      .selectFrom("email_outbox")
      .select(["props", "idempotency_key"])
      .where("to_address", "=", email)
      .where("template", "=", template)
      .execute();
  }

  it("emails the entrant when a council records interest and when the status changes, and audits every change", async () => {
    const scenario = await publishedScenario({
      entries: 1,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Interest",
    });
    const entry = scenario.entries[0]!;
    const coventry = await officer(COVENTRY);

    const first = await recordInterest(coventry, entry.reference, {
      ...interest("interested", {
        initiativeName: "Coventry Food Partnership",
      }),
      initiativeUrl: "https://www.example.gov.uk/food",
    });
    expect(first).toMatchObject({ created: true, emailed: 1 });
    const mail = await outboxTo(entry.entrantEmail, "council-interest");
    expect(mail).toHaveLength(1);
    expect(mail[0]!.props).toMatchObject({
      councilName: "Coventry",
      status: "interested",
      initiativeName: "Coventry Food Partnership",
      reference: entry.reference,
    });

    // A change of note only: no email. A status change: one more. Not pursued: none.
    expect(
      await recordInterest(coventry, entry.reference, {
        ...interest("interested", {
          version: 1,
          initiativeName: "Coventry Food Partnership",
        }),
        initiativeUrl: "https://www.example.gov.uk/food",
        note: "Call Jo",
      }),
    ).toMatchObject({ changed: true, emailed: 0 });
    expect(await recordInterest(coventry, entry.reference, interest("taken_forward", { version: 2 }))).toMatchObject({
      emailed: 1,
    });
    expect(await recordInterest(coventry, entry.reference, interest("not_pursued", { version: 3 }))).toMatchObject({
      emailed: 0,
    });
    expect(await outboxTo(entry.entrantEmail, "council-interest")).toHaveLength(2);

    // A stale form (version 1 when the record is at 4) is refused, and the record stays as it is.
    await expect(
      recordInterest(coventry, entry.reference, interest("in_discussion", { version: 1 })),
    ).rejects.toMatchObject({ kind: "conflict", field: "status" });
    expect((await sharedIdea(coventry, entry.reference)).own).toMatchObject({ status: "not_pursued", version: 4 });

    const audits = await t.db
      .selectFrom("audit_event")
      .select("action")
      .where("subject_type", "=", "entry")
      .where("subject_id", "=", String(entry.id))
      .orderBy("id")
      .execute();
    expect(audits.map((a) => a.action)).toEqual([
      "council_interest_recorded",
      "council_interest_updated",
      "council_interest_updated",
      "council_interest_updated",
    ]);

    // Another council sees Coventry's record on the idea's page.
    const birmingham = await officer(BIRMINGHAM);
    const page = await sharedIdea(birmingham, entry.reference);
    expect(page.interests.map((i) => [i.council, i.statusLabel])).toEqual([["Coventry", "Not pursued"]]);
    expect(page.own).toBeNull();
  });

  it("does not email an organisation's contact address unless it agreed to be contacted", async () => {
    const scenario = await createScenario({
      entries: 1,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Nocontact",
    });
    const entry = scenario.entries[0]!;
    await t.db
      .updateTable("organisation")
      .set({ contact_email: "office@nocontact.example.org" })
      .where("id", "=", entry.organisationId)
      .execute();
    await t.db.updateTable("entry").set({ consent_contact: false }).where("id", "=", entry.id).execute();
    await publishScenario({ challengeId: scenario.challengeId });
    await recordInterest(await officer(COVENTRY), entry.reference, interest("interested"));
    expect(await outboxTo(entry.entrantEmail, "council-interest")).toHaveLength(1);
    expect(await outboxTo("office@nocontact.example.org", "council-interest")).toHaveLength(0);
  });

  it("cannot record interest in an idea that is not shared", async () => {
    const scenario = await createScenario({
      entries: 2,
      withoutConsent: [1],
      localAuthorityCodes: [BIRMINGHAM],
    });
    const coventry = await officer(COVENTRY);
    await expect(
      recordInterest(coventry, scenario.entries[0]!.reference, interest("interested")),
    ).rejects.toMatchObject({
      kind: "not_found",
    });
    await publishScenario({ challengeId: scenario.challengeId });
    await expect(
      recordInterest(coventry, scenario.entries[1]!.reference, interest("interested")),
    ).rejects.toMatchObject({
      kind: "not_found",
    });
    expect(await t.db.selectFrom("council_interest").select("id").execute()).toHaveLength(0);
  });

  it("sums take-up by status and council for staff and the board report", async () => {
    const scenario = await publishedScenario({
      entries: 3,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Takeup",
    });
    const [a, b] = scenario.entries.map((e) => e.reference) as [string, string];
    const coventry = await officer(COVENTRY);
    const dudley = await officer(DUDLEY);
    await recordInterest(coventry, a, interest("taken_forward"));
    await recordInterest(coventry, b, interest("interested"));
    await recordInterest(dudley, a, interest("interested"));
    const summary = await takeUpSummary(scenario.challengeId);
    expect(summary).toMatchObject({
      interests: 3,
      ideas: 2,
      ideasTakenForward: 1,
      councils: 2,
    });
    expect(summary.byStatus.map((s) => [s.status, s.count])).toEqual([
      ["interested", 2],
      ["in_discussion", 0],
      ["taken_forward", 1],
      ["not_pursued", 0],
    ]);
    expect(summary.byCouncil.map((c) => [c.name, c.total, c.byStatus.taken_forward])).toEqual([
      ["Coventry", 2, 1],
      ["Dudley", 1, 0],
    ]);
  });
});

describe("digests for council officers", () => {
  it("sends each officer one publication digest of the ideas for their area", async () => {
    const scenario = await createScenario({
      entries: 4,
      withoutConsent: [3],
      localAuthorityCodes: [BIRMINGHAM, COVENTRY],
      label: "Digest",
    });
    const publishedAt = new Date();
    await publishScenario({
      challengeId: scenario.challengeId,
      winners: [scenario.entries[2]!.id],
      publishedAt,
    });
    const birmingham = await officer(BIRMINGHAM);
    const coventry = await officer(COVENTRY);

    expect(await sendPublicationDigests(new Date(publishedAt.getTime() + 1000))).toEqual({ queued: 2, skipped: 0 });
    expect(await sendPublicationDigests(new Date(publishedAt.getTime() + 2000))).toEqual({ queued: 0, skipped: 0 });
    const mail = await t.db
      .selectFrom("email_outbox")
      .select(["to_address", "props"])
      .where("template", "=", "council-publication-digest")
      .execute();
    expect(mail).toHaveLength(2);
    const forBirmingham = mail.find((m) => m.to_address === birmingham.email)!.props as unknown as {
      count: number;
      top: { reference: string; award: string | null }[];
      totalShared: number;
    };
    // Birmingham: entries 0 and 2 (entry 2 the winner, listed first); 3 of 4 shared in all.
    expect(forBirmingham.count).toBe(2);
    expect(forBirmingham.totalShared).toBe(3);
    expect(forBirmingham.top.map((i) => i.reference)).toEqual([
      scenario.entries[2]!.reference,
      scenario.entries[0]!.reference,
    ]);
    expect(forBirmingham.top[0]!.award).toBe("Top 3");
    const forCoventry = mail.find((m) => m.to_address === coventry.email)!.props as unknown as { count: number };
    // Coventry: entry 1 (entry 3 did not consent).
    expect(forCoventry.count).toBe(1);
  });

  it("sends no publication digest for a challenge published long ago", async () => {
    const scenario = await createScenario({
      entries: 1,
      localAuthorityCodes: [BIRMINGHAM],
    });
    await publishScenario({
      challengeId: scenario.challengeId,
      publishedAt: new Date("2021-05-20T09:00:00Z"),
    });
    await officer(BIRMINGHAM);
    expect(await sendPublicationDigests(new Date())).toEqual({
      queued: 0,
      skipped: 0,
    });
  });

  it("sends a weekly digest only when other councils changed something, once per week", async () => {
    const scenario = await createScenario({
      entries: 2,
      localAuthorityCodes: [BIRMINGHAM],
      label: "Weekly",
    });
    const publishedAt = new Date(Date.now() - 60_000);
    await publishScenario({ challengeId: scenario.challengeId, publishedAt });
    const birmingham = await officer(BIRMINGHAM);
    const coventry = await officer(COVENTRY);
    await sendPublicationDigests(new Date());
    const weekly = () =>
      t.db
        .selectFrom("email_outbox")
        .select(["to_address", "props"])
        .where("template", "=", "council-weekly-digest")
        .execute();

    // A week on with no changes: nothing.
    expect(await sendWeeklyDigests(new Date(publishedAt.getTime() + WEEK_MS + 1000))).toEqual({
      queued: 0,
      skipped: 0,
    });
    // Birmingham recording its own interest is not news for Birmingham; Coventry's is.
    await recordInterest(birmingham, scenario.entries[1]!.reference, interest("interested"));
    expect(await sendWeeklyDigests(new Date(publishedAt.getTime() + WEEK_MS + 2000))).toEqual({
      queued: 0,
      skipped: 0,
    });
    await recordInterest(
      coventry,
      scenario.entries[0]!.reference,
      interest("in_discussion", { initiativeName: "Coventry Repair Network" }),
    );
    // Less than a week after publication: not yet.
    expect(await sendWeeklyDigests(new Date(publishedAt.getTime() + WEEK_MS - 1000))).toEqual({
      queued: 0,
      skipped: 0,
    });
    const due = new Date(publishedAt.getTime() + WEEK_MS + 3000);
    const run = await sendWeeklyDigests(due);
    // Birmingham hears of Coventry's interest; Coventry hears of nothing (no idea of its area).
    expect(run).toEqual({ queued: 1, skipped: 0 });
    const sent = await weekly();
    expect(sent.map((m) => m.to_address)).toEqual([birmingham.email]);
    expect((sent[0]!.props as unknown as { changes: unknown[] }).changes).toEqual([
      {
        reference: scenario.entries[0]!.reference,
        title: scenario.entries[0]!.title,
        council: "Coventry",
        status: "In discussion",
        initiative: "Coventry Repair Network",
      },
    ]);
    // Running again (another instance, or the next tick) sends nothing more.
    expect(await sendWeeklyDigests(new Date(due.getTime() + 60_000))).toEqual({
      queued: 0,
      skipped: 0,
    });
    expect(await weekly()).toHaveLength(1);
  });
});
