import type { AppLoadContext } from "@remix-run/node";
import { withAppErrorResponse } from "../../app/security/app-error-responses.server";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../app/auth/session.server";
import { createSessionWithSecondFactor } from "../support/second-factor";
import {
  decideEligibility,
  exportStaffEntries,
  getStaffEntry,
  listStaffEntries,
  parseStaffEntryQuery,
  type StaffEntryQuery,
} from "../../app/services/entries/staff-entries.server";
import { loader as csvLoader } from "../../app/routes/staff.entries[.]csv";
import { useTestDatabase } from "../support/database";
import { makeChallenge, makeEntry, makeOrganisation, makeUser } from "../support/staff-entries-fixtures";

const t = useTestDatabase();

const BIRMINGHAM = "E08000025";
const COVENTRY = "E08000026";
const WALSALL = "E08000030";

const query = (params: Record<string, string> = {}): StaffEntryQuery =>
  parseStaffEntryQuery(new URLSearchParams(params));

async function listed(actor: { id: number }, params: Record<string, string> = {}) {
  const list = await listStaffEntries(actor, query(params));
  if (!list) throw new Error("no list: no challenge");
  return list;
}

/** Three organisations and five entries in one challenge, with the figures worked out by hand. */
async function world() {
  const staff = await makeUser(t.db, "Sam Staff", ["staff"]);
  const challenge = await makeChallenge(t.db, { areas: ["Jobs and training", "Mental health support"] });
  const charity = await makeOrganisation(t.db, {
    name: "Walsall Wellbeing Trust",
    type: "charity",
    localAuthorityCode: WALSALL,
  });
  const sme = await makeOrganisation(t.db, { name: "Coventry Makers Ltd", type: "sme", localAuthorityCode: COVENTRY });
  const group = await makeOrganisation(t.db, { name: "Aston Allotments", type: "community_group" });
  const e1 = await makeEntry(t.db, {
    challenge,
    organisation: charity,
    title: "Walking for wellbeing",
    area: 1,
    councils: [WALSALL],
  });
  const e2 = await makeEntry(t.db, {
    challenge,
    organisation: sme,
    title: "Repair cafe apprenticeships",
    area: 0,
    councils: [COVENTRY, BIRMINGHAM],
  });
  const e3 = await makeEntry(t.db, {
    challenge,
    organisation: group,
    title: "Grow your own jobs",
    area: 0,
    status: "draft",
    councils: [BIRMINGHAM],
  });
  const e4 = await makeEntry(t.db, {
    challenge,
    organisation: charity,
    title: "Peer support cafe",
    area: 1,
    status: "withdrawn",
    councils: [WALSALL],
  });
  const e5 = await makeEntry(t.db, {
    challenge,
    organisation: group,
    title: "Seed library",
    area: 0,
    status: "ineligible",
    councils: [BIRMINGHAM],
  });
  return { staff, challenge, charity, sme, group, entries: { e1, e2, e3, e4, e5 } };
}

describe("the staff list of entries", () => {
  it("lists every entry of the current challenge with counts by status, priority area and council", async () => {
    const { staff } = await world();
    const list = await listed(staff);
    expect(list.rows.map((r) => r.reference)).toEqual(["CRI-0001", "CRI-0002", "CRI-0003", "CRI-0004", "CRI-0005"]);
    expect(list.counts.total).toBe(5);
    expect(Object.fromEntries(list.counts.byStatus.map((s) => [s.status, s.count]))).toEqual({
      draft: 1,
      submitted: 2,
      withdrawn: 1,
      ineligible: 1,
    });
    expect(list.counts.byPriorityArea.map((a) => [a.name, a.count])).toEqual([
      ["Jobs and training", 3],
      ["Mental health support", 2],
    ]);
    // The repair cafe works in Coventry and Birmingham, so it counts in both.
    expect(list.counts.byCouncil.map((c) => [c.name, c.count])).toEqual([
      ["Birmingham", 3],
      ["Coventry", 1],
      ["Walsall", 2],
    ]);
    const repair = list.rows.find((r) => r.title === "Repair cafe apprenticeships")!;
    expect(repair).toMatchObject({
      organisationName: "Coventry Makers Ltd",
      priorityArea: "Jobs and training",
      status: "submitted",
    });
    expect(repair.councils).toEqual(["Birmingham", "Coventry"]);
    expect(repair.submittedAt).toEqual(new Date("2026-11-12T21:15:00Z"));
  });

  it("filters by status, priority area, council area and organisation type, together", async () => {
    const { staff, challenge } = await world();
    const titles = async (params: Record<string, string>) => (await listed(staff, params)).rows.map((r) => r.title);
    expect(await titles({ status: "submitted" })).toEqual(["Walking for wellbeing", "Repair cafe apprenticeships"]);
    expect(await titles({ area: String(challenge.areas[1]!.id) })).toEqual([
      "Walking for wellbeing",
      "Peer support cafe",
    ]);
    expect(await titles({ council: BIRMINGHAM })).toEqual([
      "Repair cafe apprenticeships",
      "Grow your own jobs",
      "Seed library",
    ]);
    expect(await titles({ type: "community_group" })).toEqual(["Grow your own jobs", "Seed library"]);
    expect(await titles({ council: BIRMINGHAM, type: "community_group", status: "draft" })).toEqual([
      "Grow your own jobs",
    ]);
    const filtered = await listed(staff, { council: BIRMINGHAM });
    expect(filtered.counts.total).toBe(3);
    expect(filtered.counts.byPriorityArea.map((a) => a.count)).toEqual([3, 0]);
  });

  it("ignores filter values that are not among the choices instead of failing", async () => {
    const { staff } = await world();
    const list = await listed(staff, {
      status: "everything",
      area: "-1",
      council: "'; drop table entry; --",
      type: "<b>",
      page: "x",
    });
    expect(list.filters).toMatchObject({ status: null, area: null, council: null, type: null });
    expect(list.counts.total).toBe(5);
    expect(list.page).toBe(1);
  });

  it("shows another challenge's entries when asked for by its slug, and says so when there is no such challenge", async () => {
    const { staff } = await world();
    const older = await makeChallenge(t.db, {
      status: "archived",
      opensAt: new Date("2021-02-08T09:00:00Z"),
      closesAt: new Date("2021-03-21T23:59:00Z"),
    });
    const organisation = await makeOrganisation(t.db);
    await makeEntry(t.db, { challenge: older, organisation, title: "From the first year" });
    expect((await listed(staff, { challenge: older.slug })).rows.map((r) => r.title)).toEqual(["From the first year"]);
    // Searching the current challenge for that entry's reference says where it is.
    const search = await listed(staff, { q: "cri-6" });
    expect(search.rows).toEqual([]);
    expect(search.elsewhere).toEqual({ reference: "CRI-0006", challengeTitle: older.title });
    expect((await listed(staff, { q: "cri-2" })).elsewhere).toBeNull();
    await expect(listStaffEntries(staff, query({ challenge: "no-such-challenge" }))).rejects.toMatchObject({
      kind: "not_found",
    });
  });

  it("finds entries by words of the title in any case, and puts an exact reference first", async () => {
    const { staff, challenge, sme } = await world();
    // A title that mentions another entry's reference comes before that entry in reference order.
    await t.db
      .updateTable("entry")
      .set({ title: "Follow-up to cri-0005 by the same team" })
      .where("reference", "=", "CRI-0001")
      .execute();
    expect((await listed(staff, { q: "REPAIR CAFE" })).rows.map((r) => r.reference)).toEqual(["CRI-0002"]);
    expect((await listed(staff, { q: "CRI-0005" })).rows.map((r) => r.reference)).toEqual(["CRI-0005", "CRI-0001"]);
    // People type references loosely.
    expect((await listed(staff, { q: "cri 5" })).rows[0]!.reference).toBe("CRI-0005");
    // LIKE's wildcards are searched for as themselves.
    await makeEntry(t.db, { challenge, organisation: sme, title: "100% recycled" });
    expect((await listed(staff, { q: "100%" })).rows.map((r) => r.title)).toEqual(["100% recycled"]);
    expect((await listed(staff, { q: "_" })).rows).toEqual([]);
  });

  it("cuts a 100 KB search down to size and strips control characters rather than failing", async () => {
    const { staff } = await world();
    const huge = `walking\u0000\u0007 ${"x".repeat(100_000)}`;
    const q = query({ q: huge });
    expect(q.q.length).toBe(200);
    expect(q.q.startsWith("walking x")).toBe(true);
    const list = await listed(staff, { q: huge });
    expect(list.rows).toEqual([]);
  });

  it("flags entries of the same organisation with near-identical titles as possible duplicates", async () => {
    const { staff, challenge, charity, sme } = await world();
    await makeEntry(t.db, { challenge, organisation: charity, title: "Walking for Wellbeing!" });
    // The same title from another organisation is not a duplicate.
    await makeEntry(t.db, { challenge, organisation: sme, title: "Walking for wellbeing" });
    const list = await listed(staff);
    const flags = Object.fromEntries(list.rows.map((r) => [r.reference, r.duplicateOf]));
    expect(flags["CRI-0001"]).toEqual(["CRI-0006"]);
    expect(flags["CRI-0006"]).toEqual(["CRI-0001"]);
    expect(flags["CRI-0007"]).toEqual([]);
    expect(flags["CRI-0002"]).toEqual([]);
    // Flagged even when the twin is filtered out of the list.
    expect((await listed(staff, { q: "CRI-0001" })).rows[0]!.duplicateOf).toEqual(["CRI-0006"]);
  });

  it("pages through a long list with stable pages", async () => {
    const { staff, challenge, group } = await world();
    for (let i = 0; i < 26; i++)
      await makeEntry(t.db, {
        challenge,
        organisation: group,
        title: `Bulk idea number ${i} ${"abcdefghijklmnopqrstuvwxyz"[i]}`,
      });
    const first = await listed(staff);
    const second = await listed(staff, { page: "2" });
    expect(first.pageCount).toBe(2);
    expect(first.rows).toHaveLength(25);
    expect(second.rows.map((r) => r.reference)).toEqual([
      "CRI-0026",
      "CRI-0027",
      "CRI-0028",
      "CRI-0029",
      "CRI-0030",
      "CRI-0031",
    ]);
  });

  it("is refused to anyone who is not programme staff", async () => {
    const { charity, entries } = await world();
    const entrant = charity.members[0]!;
    const judge = await makeUser(t.db, "Jo Judge", ["judge"]);
    for (const actor of [entrant, judge]) {
      await expect(listStaffEntries(actor, query())).rejects.toMatchObject({ kind: "forbidden" });
      await expect(exportStaffEntries(actor, query())).rejects.toMatchObject({ kind: "forbidden" });
      await expect(getStaffEntry(actor, entries.e1.reference)).rejects.toMatchObject({ kind: "forbidden" });
      await expect(
        decideEligibility(actor, { reference: entries.e1.reference, token: "x", decision: "ineligible", reason: "No" }),
      ).rejects.toMatchObject({ kind: "forbidden" });
    }
    const entry = await t.db
      .selectFrom("entry")
      .select("status")
      .where("id", "=", entries.e1.id)
      .executeTakeFirstOrThrow();
    expect(entry.status).toBe("submitted");
  });
});

function contextFor(): AppLoadContext {
  return { nonce: "n", requestId: "r", ip: "203.0.113.9", setCookies: [] } as unknown as AppLoadContext;
}

async function csvAs(userId: number, search = "") {
  const { token } = await createSessionWithSecondFactor(userId);
  const request = new Request(`http://localhost/staff/entries.csv${search}`, {
    headers: { cookie: `${SESSION_COOKIE}=${token}` },
  });
  return (await csvLoader({ request, context: contextFor(), params: {} })) as Response;
}

describe("the CSV export", () => {
  it("downloads the filtered entries as a CSV that Excel opens: BOM, quoting, formulas neutralised", async () => {
    const { staff, challenge, charity } = await world();
    await makeEntry(t.db, {
      challenge,
      organisation: charity,
      title: '=HYPERLINK("http://evil.example","Click me"), "quoted"\nand a second line',
      councils: [WALSALL],
    });
    await makeEntry(t.db, { challenge, organisation: charity, title: "@SUM(A1:A9)", councils: [WALSALL] });
    const response = await csvAs(staff.id, `?council=${WALSALL}&status=submitted`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      new RegExp(`^attachment; filename="entries-${challenge.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe(
      "Reference,Title,Organisation,Organisation type,Priority area,Council areas,Status,Submitted (UK time),Reason not eligible,Possible duplicate of,Contact name,Contact email",
    );
    // Walking for wellbeing (submitted, Walsall), then the two hostile titles; nothing else.
    expect(text).toContain(
      "CRI-0001,Walking for wellbeing,Walsall Wellbeing Trust,Charity,Mental health support,Walsall,Submitted,2026-11-12 21:15,",
    );
    expect(text).toContain(
      `CRI-0006,"'=HYPERLINK(""http://evil.example"",""Click me""), ""quoted""\nand a second line",`,
    );
    expect(text).toContain("CRI-0007,'@SUM(A1:A9),");
    expect(text).not.toContain("Repair cafe");
    expect(text.endsWith("\r\n")).toBe(true);
    // The download is on the record.
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "actor_user_id"])
      .where("action", "=", "entries_exported")
      .execute();
    expect(audit).toEqual([{ action: "entries_exported", actor_user_id: staff.id }]);
  });

  it("is refused to entrants", async () => {
    const { charity } = await world();
    await expect(csvAs(charity.members[0]!.id)).rejects.toMatchObject({ status: 403 });
  });

  it("holds exactly the entries the list shows for the same filters, in the same order, across every page", async () => {
    const { staff, challenge, group } = await world();
    // 26 more of the allotment group's ideas, withdrawn (CRI-0006 to CRI-0031, "Bulk idea n" is
    // CRI-(n + 6)): the unfiltered list has two pages.
    for (let i = 0; i < 26; i++) {
      await makeEntry(t.db, {
        challenge,
        organisation: group,
        title: `Bulk idea ${i}`,
        area: 0,
        status: "withdrawn",
        councils: [BIRMINGHAM],
      });
    }
    const everyPage = async (params: Record<string, string>) => {
      const first = await listed(staff, params);
      const rest = [];
      for (let page = 2; page <= first.pageCount; page++)
        rest.push(...(await listed(staff, { ...params, page: String(page) })).rows);
      return [...first.rows, ...rest].map((r) => r.reference);
    };
    const exported = async (params: Record<string, string>) => {
      const { page: _page, ...filters } = query(params);
      const result = await exportStaffEntries(staff, filters);
      return result.rows.map((r) => r.reference);
    };
    const cases: [Record<string, string>, string[] | null][] = [
      [{}, null],
      [{ status: "submitted" }, ["CRI-0001", "CRI-0002"]],
      [{ area: String(challenge.areas[1]!.id) }, ["CRI-0001", "CRI-0004"]],
      [{ council: WALSALL }, ["CRI-0001", "CRI-0004"]],
      [{ type: "sme" }, ["CRI-0002"]],
      [{ q: "cafe" }, ["CRI-0002", "CRI-0004"]],
      // An exact reference comes first in both.
      [{ q: "cri-4" }, ["CRI-0004"]],
      // "3" is CRI-0003 first, then every title or reference holding a 3.
      [{ q: "3" }, ["CRI-0003", "CRI-0009", "CRI-0013", "CRI-0019", "CRI-0023", "CRI-0029", "CRI-0030", "CRI-0031"]],
      [{ council: BIRMINGHAM, type: "community_group", status: "draft" }, ["CRI-0003"]],
    ];
    for (const [params, expected] of cases) {
      const listedRefs = await everyPage(params);
      if (expected) expect(listedRefs, JSON.stringify(params)).toEqual(expected);
      expect(await exported(params), JSON.stringify(params)).toEqual(listedRefs);
    }
    expect(await everyPage({})).toHaveLength(31);
  });
});

describe("one entry for staff", () => {
  it("shows the latest submitted snapshot, earlier ones on request, and nothing for an unknown reference", async () => {
    const { staff, challenge, sme } = await world();
    const entry = await makeEntry(t.db, {
      challenge,
      organisation: sme,
      title: "Second thoughts",
      earlierVersions: [{ title: "First thoughts", submittedAt: new Date("2026-11-10T10:00:00Z") }],
      submittedAt: new Date("2026-11-11T10:00:00Z"),
    });
    const latest = await getStaffEntry(staff, entry.reference);
    expect(latest?.snapshot?.title).toBe("Second thoughts");
    expect(latest?.submissions.map((s) => s.entryVersion)).toEqual([2, 1]);
    expect((await getStaffEntry(staff, entry.reference, { version: 1 }))?.snapshot?.title).toBe("First thoughts");
    const notFound = { kind: "not_found" };
    await expect(getStaffEntry(staff, entry.reference, { version: 9 })).rejects.toMatchObject(notFound);
    await expect(getStaffEntry(staff, "CRI-9999")).rejects.toMatchObject(notFound);
    await expect(getStaffEntry(staff, "../../etc/passwd")).rejects.toMatchObject(notFound);
  });
});

describe("the eligibility decision", () => {
  async function screening() {
    const w = await world();
    const colleague = await makeUser(t.db, "Colleague", ["entrant"]);
    await t.db.insertInto("organisation_member").values({ organisation_id: w.sme.id, user_id: colleague.id }).execute();
    const entry = (await getStaffEntry(w.staff, w.entries.e2.reference))!;
    return { ...w, colleague, entry };
  }

  it("marks an entry not eligible with the reason, emails the organisation's people and records it", async () => {
    const { staff, sme, colleague, entry } = await screening();
    const result = await decideEligibility(staff, {
      reference: entry.reference,
      token: entry.screeningToken,
      decision: "ineligible",
      reason: "  Based outside the region.  ",
    });
    expect(result).toEqual({ status: "ineligible", emailed: 2 });
    const row = await t.db.selectFrom("entry").selectAll().where("id", "=", entry.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "ineligible",
      eligibility_reason: "Based outside the region.",
      eligibility_decided_by: staff.id,
    });
    expect(row.eligibility_decided_at).not.toBeNull();
    // A decision is not a change to what the entrant wrote.
    expect(row.version).toBe(entry.version);

    const emails = await t.db
      .selectFrom("email_outbox")
      .select(["to_address", "template", "props"])
      .orderBy("to_address")
      .execute();
    expect(emails.map((e) => e.to_address).sort()).toEqual([sme.members[0]!.email, colleague.email].sort());
    for (const email of emails) {
      expect(email.template).toBe("eligibility-decision");
      expect(email.props).toMatchObject({
        reference: "CRI-0002",
        decision: "ineligible",
        reason: "Based outside the region.",
      });
    }
    const audit = await t.db
      .selectFrom("audit_event")
      .selectAll()
      .where("action", "=", "entry_marked_ineligible")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: staff.id, subject_type: "entry", subject_id: "CRI-0002" });
    expect(audit[0]!.details).toMatchObject({ reason: "Based outside the region." });
    const shown = await getStaffEntry(staff, entry.reference);
    expect(shown?.audit.map((a) => a.action)).toContain("entry_marked_ineligible");
  });

  it("puts an entry found not eligible back to submitted when it is marked eligible", async () => {
    const { staff, entries } = await screening();
    const entry = (await getStaffEntry(staff, entries.e5.reference))!;
    const result = await decideEligibility(staff, {
      reference: entry.reference,
      token: entry.screeningToken,
      decision: "eligible",
    });
    expect(result).toMatchObject({ status: "submitted" });
    const row = await t.db.selectFrom("entry").selectAll().where("id", "=", entry.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "submitted", eligibility_reason: null, eligibility_decided_by: staff.id });
    const email = await t.db.selectFrom("email_outbox").select("props").executeTakeFirstOrThrow();
    expect(email.props).toMatchObject({ decision: "eligible", reason: null });
  });

  it("needs a reason for an entry that is not eligible, and changes nothing without one", async () => {
    const { staff, entry } = await screening();
    for (const reason of [undefined, "", "   "]) {
      const result = decideEligibility(staff, {
        reference: entry.reference,
        token: entry.screeningToken,
        decision: "ineligible",
        reason,
      });
      await expect(result).rejects.toMatchObject({
        kind: "invalid",
        field: "reason",
        message: "Enter the reason the entry is not eligible",
      });
    }
    const row = await t.db
      .selectFrom("entry")
      .select(["status", "eligibility_decided_at"])
      .where("id", "=", entry.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "submitted", eligibility_decided_at: null });
    expect(await t.db.selectFrom("email_outbox").select("id").execute()).toEqual([]);
  });

  it("refuses a decision made on a page that is out of date, so a colleague's decision is not overwritten", async () => {
    const { staff, entry } = await screening();
    const other = await makeUser(t.db, "Other Staff", ["staff"]);
    expect(
      await decideEligibility(other, { reference: entry.reference, token: entry.screeningToken, decision: "eligible" }),
    ).toMatchObject({ status: "submitted" });
    const late = decideEligibility(staff, {
      reference: entry.reference,
      token: entry.screeningToken,
      decision: "ineligible",
      reason: "Too late",
    });
    await expect(late).rejects.toMatchObject({ kind: "conflict", message: expect.stringMatching(/has changed since/) });
    const row = await t.db
      .selectFrom("entry")
      .select(["status", "eligibility_decided_by"])
      .where("id", "=", entry.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "submitted", eligibility_decided_by: other.id });
  });

  it("does not decide on drafts or withdrawn entries, nor on references that do not exist", async () => {
    const { staff, entries } = await screening();
    for (const ref of [entries.e3.reference, entries.e4.reference]) {
      const entry = (await getStaffEntry(staff, ref))!;
      expect(entry.canDecide).toBe(false);
      const result = decideEligibility(staff, {
        reference: ref,
        token: entry.screeningToken,
        decision: "ineligible",
        reason: "No",
      });
      await expect(result).rejects.toMatchObject({ kind: "conflict" });
    }
    await expect(
      decideEligibility(staff, { reference: "CRI-9999", token: "1.submitted.0", decision: "eligible" }),
    ).rejects.toMatchObject({ kind: "not_found" });
    await expect(
      decideEligibility(staff, { reference: "nonsense", token: "1.submitted.0", decision: "eligible" }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });

  it("does not email the same decision twice when it is saved again unchanged", async () => {
    const { staff, entry } = await screening();
    const first = await decideEligibility(staff, {
      reference: entry.reference,
      token: entry.screeningToken,
      decision: "ineligible",
      reason: "Outside the region",
    });
    expect(first).toMatchObject({ emailed: 2 });
    const again = (await getStaffEntry(staff, entry.reference))!;
    const second = await decideEligibility(staff, {
      reference: entry.reference,
      token: again.screeningToken,
      decision: "ineligible",
      reason: "Outside the region",
    });
    expect(second).toMatchObject({ emailed: 0 });
    expect(await t.db.selectFrom("email_outbox").select("id").execute()).toHaveLength(2);
  });
});

describe("the staff entry pages with hostile input", () => {
  async function call(
    handler: (args: { request: Request; context: AppLoadContext; params: Record<string, string> }) => Promise<unknown>,
    userId: number,
    options: { path: string; params: Record<string, string>; form?: [string, string][] },
  ): Promise<{ status: number; body: unknown }> {
    const { token } = await createSessionWithSecondFactor(userId);
    const request = new Request(`http://localhost${options.path}`, {
      method: options.form ? "POST" : "GET",
      headers: { cookie: `${SESSION_COOKIE}=${token}`, "content-type": "application/x-www-form-urlencoded" },
      body: options.form ? new URLSearchParams(options.form).toString() : undefined,
    });
    try {
      // As the request handler runs it: a service's AppError becomes its page.
      const result = await withAppErrorResponse(handler)({ request, context: contextFor(), params: options.params });
      if (result instanceof Response) return { status: result.status, body: null };
      // Remix's data(): { type: "DataWithResponseInit", data, init }
      const withInit = result as { init?: { status?: number }; data?: unknown };
      return { status: withInit.init?.status ?? 200, body: withInit.data ?? result };
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, body: null };
      throw thrown;
    }
  }

  it("answers every malformed decision with a 4xx and changes nothing", async () => {
    const { staff, entries } = await world();
    const detail = await import("../../app/routes/staff.entries.$ref._index");
    const entry = (await getStaffEntry(staff, entries.e2.reference))!;
    const params = { ref: entry.reference };
    const path = `/staff/entries/${entry.reference}`;
    const forms: [string, string][][] = [
      [],
      [["token", entry.screeningToken]],
      [
        ["token", entry.screeningToken],
        ["decision", "maybe"],
      ],
      [
        ["token", entry.screeningToken],
        ["decision", "ineligible"],
        ["reason", "x".repeat(100_000)],
      ],
      [
        ["token", entry.screeningToken],
        ["decision", "ineligible"],
        ["reason", "\u0000\u0001 \u0007"],
      ],
      [
        ["token", "'; drop table entry; --"],
        ["decision", "eligible"],
      ],
      [
        ["token", "x".repeat(100_000)],
        ["decision", "eligible"],
      ],
    ];
    for (const form of forms) {
      const result = await call(detail.action, staff.id, { path, params, form });
      expect(result.status, JSON.stringify(form).slice(0, 100)).toBeGreaterThanOrEqual(400);
      expect(result.status).toBeLessThan(500);
    }
    const kept = await call(detail.action, staff.id, {
      path,
      params,
      form: [
        ["token", entry.screeningToken],
        ["decision", "ineligible"],
        ["reason", ""],
      ],
    });
    expect(kept).toMatchObject({
      status: 400,
      body: { errors: { reason: "Enter the reason the entry is not eligible" }, values: { decision: "ineligible" } },
    });
    for (const ref of ["CRI-9999", "cri-00x", "x".repeat(10_000), "%00"]) {
      const valid: [string, string][] = [
        ["token", entry.screeningToken],
        ["decision", "eligible"],
      ];
      expect((await call(detail.action, staff.id, { path, params: { ref }, form: valid })).status).toBe(404);
      expect((await call(detail.loader, staff.id, { path, params: { ref } })).status).toBe(404);
    }
    const row = await t.db
      .selectFrom("entry")
      .select(["status", "eligibility_decided_at"])
      .where("id", "=", entry.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "submitted", eligibility_decided_at: null });
  });

  it("answers malformed extension forms with a 400 and the values typed", async () => {
    const { staff, entries, challenge, sme } = await world();
    const page = await import("../../app/routes/staff.entries.$ref.extension");
    const params = { ref: entries.e2.reference };
    const path = `/staff/entries/${entries.e2.reference}/extension`;
    const cases: { form: [string, string][]; errors: Record<string, string> }[] = [
      {
        form: [],
        errors: {
          closesOn: "Enter the new closing date",
          closesAtTime: "Enter the new closing time",
          reason: "Enter the reason for the extension",
        },
      },
      {
        form: [
          ["closesOnDay", "31"],
          ["closesOnMonth", "2"],
          ["closesOnYear", "2027"],
          ["closesAtTime", "25:00"],
          ["reason", "Flood"],
        ],
        errors: {
          closesOn: "New closing date must be a real date",
          closesAtTime: "Enter the new closing time like 9:00am, 5:30pm or 17:30",
        },
      },
      {
        form: [
          ["closesOnDay", "x".repeat(100_000)],
          ["closesOnMonth", "3"],
          ["closesOnYear", "2027"],
          ["closesAtTime", "5pm"],
          ["reason", "Flood"],
        ],
        errors: { closesOn: "New closing date must be a real date" },
      },
      {
        form: [
          ["closesOnDay", "1"],
          ["closesOnMonth", "3"],
          ["closesOnYear", "2027"],
          ["closesAtTime", "5pm"],
          ["reason", "Flood"],
        ],
        errors: { closesOn: "The new closing time must be after the challenge closes (2027-03-21 23:59)" },
      },
    ];
    for (const { form, errors } of cases) {
      const result = await call(page.action, staff.id, { path, params, form });
      expect(result.status).toBe(400);
      expect((result.body as { errors: unknown }).errors).toEqual(errors);
    }
    expect(await t.db.selectFrom("deadline_extension").select("id").execute()).toEqual([]);
    const granted = await call(page.action, staff.id, {
      path,
      params,
      form: [
        ["closesOnDay", "28"],
        ["closesOnMonth", "March"],
        ["closesOnYear", "2027"],
        ["closesAtTime", "11:59pm"],
        ["reason", "Flood"],
      ],
    });
    expect(granted.status).toBe(302);
    const row = await t.db
      .selectFrom("deadline_extension")
      .select(["closes_at", "organisation_id", "challenge_id"])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      closes_at: new Date("2027-03-28T22:59:00Z"),
      organisation_id: sme.id,
      challenge_id: challenge.id,
    });
  });

  it("keeps the list page working for a search of 100 KB", async () => {
    const { staff } = await world();
    const list = await import("../../app/routes/staff.entries._index");
    const result = await call(list.loader, staff.id, {
      path: `/staff/entries?q=${"%41".repeat(30_000)}&page=99999999999`,
      params: {},
    });
    expect(result.status).toBe(200);
  });
});
