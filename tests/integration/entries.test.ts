import { describe, expect, it } from "vitest";
import { hashToken } from "../../app/auth/session.server";
import {
  checkPage,
  confirmationPage,
  entryOverview,
  keepUnsavedSection,
  latestSubmission,
  listEntries,
  PENDING_SAVES_PER_ADDRESS,
  restoreSection,
  saveSection,
  SectionConflict,
  sectionPage,
  startEntry,
  submitEntry,
  withdrawEntry,
} from "../../app/services/entries/entries.server";
import { useTestDatabase } from "../support/database";
import {
  BIRMINGHAM,
  completeSections,
  COVENTRY,
  makeChallenge,
  makeOrganisation,
  makePerson,
  saveSections,
  sectionInput,
} from "../support/entry-fixtures";

const t = useTestDatabase();

// Well before the test challenge closes (23:59 on 21 March 2027, London = GMT then).
const NOW = new Date("2027-02-01T12:00:00Z");
const CLOSES = new Date("2027-03-21T23:59:00Z");

async function setUp() {
  const challenge = await makeChallenge(t.db, { closesAt: CLOSES });
  const organisationId = await makeOrganisation(t.db, "Green Lanes Residents");
  const userId = await makePerson(t.db, organisationId, "amina@example.org");
  const reference = await startEntry({ id: userId, ip: "203.0.113.5" }, { title: "Community fridge" }, NOW);
  return { challenge, organisationId, userId, reference };
}

async function entryRow(reference: string) {
  return t.db.selectFrom("entry").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
}

async function auditActions() {
  return (await t.db.selectFrom("audit_event").select("action").orderBy("id").execute()).map((r) => r.action);
}

describe("starting an entry", () => {
  it("starts a draft with a CRI reference for the person's organisation, in the open challenge, audited", async () => {
    const { reference, organisationId, challenge } = await setUp();
    expect(reference).toMatch(/^CRI-\d{4}$/);
    const row = await entryRow(reference);
    expect(row).toMatchObject({
      status: "draft",
      version: 1,
      title: "Community fridge",
      organisation_id: organisationId,
      challenge_id: challenge.id,
    });
    expect(await auditActions()).toEqual(["entry_created"]);
  });

  it("refuses someone with no organisation, and anyone when no challenge is open", async () => {
    await makeChallenge(t.db, { closesAt: CLOSES, status: "closed" });
    const organisationId = await makeOrganisation(t.db, "Org");
    const member = await makePerson(t.db, organisationId);
    const loner = await makePerson(t.db, null);
    await expect(startEntry({ id: loner }, { title: "x" }, NOW)).rejects.toMatchObject({
      kind: "conflict",
      message: "Create or join your organisation before you start an entry.",
    });
    await expect(startEntry({ id: member }, { title: "x" }, NOW)).rejects.toMatchObject({
      kind: "conflict",
      message: "The challenge is not open for entries at the moment.",
    });
    expect(await t.db.selectFrom("entry").select("id").execute()).toEqual([]);
  });
});

describe("one organisation's entries are invisible to every other", () => {
  it("finds nothing, changes nothing and lists nothing for a member of another organisation", async () => {
    const { reference, challenge } = await setUp();
    const otherOrg = await makeOrganisation(t.db, "Another group");
    const outsider = await makePerson(t.db, otherOrg);
    const before = await entryRow(reference);

    const notFound = { kind: "not_found" };
    await expect(entryOverview({ id: outsider }, reference, NOW)).rejects.toMatchObject(notFound);
    await expect(sectionPage({ id: outsider }, reference, "idea", NOW)).rejects.toMatchObject(notFound);
    await expect(checkPage({ id: outsider }, reference, NOW)).rejects.toMatchObject(notFound);
    await expect(confirmationPage({ id: outsider }, reference, NOW)).rejects.toMatchObject(notFound);
    const input = sectionInput("idea", { title: "Taken over", summary: "", completed: "no" });
    await expect(
      saveSection({ id: outsider }, { reference, input, version: before.version, base: null }, NOW),
    ).rejects.toMatchObject(notFound);
    await expect(submitEntry({ id: outsider }, { reference, version: before.version }, NOW)).rejects.toMatchObject(
      notFound,
    );
    await expect(withdrawEntry({ id: outsider }, { reference }, NOW)).rejects.toMatchObject(notFound);
    expect((await listEntries({ id: outsider }, NOW)).entries).toEqual([]);

    // Nor to someone in no organisation at all.
    const loner = await makePerson(t.db, null);
    await expect(entryOverview({ id: loner }, reference, NOW)).rejects.toMatchObject(notFound);

    expect(await entryRow(reference)).toEqual(before);
    // A colleague in the same organisation sees it.
    const colleague = await makePerson(t.db, before.organisation_id);
    expect((await entryOverview({ id: colleague }, reference, NOW))?.header.reference).toBe(reference);
    expect(challenge.id).toBe(before.challenge_id);
  });
});

describe("saving sections", () => {
  it("saves a partial draft, counts the version up, and shows the section in progress", async () => {
    const { userId, reference } = await setUp();
    const page = (await sectionPage({ id: userId }, reference, "idea", NOW))!;
    const result = await saveSection(
      { id: userId },
      {
        reference,
        input: sectionInput("idea", { title: "Fridge", summary: "", completed: "no" }),
        version: page.version,
        base: page.base,
      },
      NOW,
    );
    expect(result).toEqual({ outcome: "saved", version: 2 });
    const overview = (await entryOverview({ id: userId }, reference, NOW))!;
    expect(overview.sections.find((s) => s.key === "idea")?.status).toBe("in_progress");
    expect(overview.completedCount).toBe(0);
  });

  it("replaces the principles and council areas chosen, and refuses options from another challenge", async () => {
    const { userId, reference, challenge } = await setUp();
    await saveSections(
      userId,
      reference,
      [sectionInput("where", { areas: [BIRMINGHAM, COVENTRY], completed: "no" })],
      NOW,
    );
    await saveSections(userId, reference, [sectionInput("where", { areas: [COVENTRY], completed: "yes" })], NOW);
    const entry = await entryRow(reference);
    const areas = await t.db
      .selectFrom("entry_area")
      .select("local_authority_code")
      .where("entry_id", "=", entry.id)
      .execute();
    expect(areas.map((a) => a.local_authority_code)).toEqual([COVENTRY]);

    const other = await makeChallenge(t.db, { closesAt: CLOSES, status: "closed", slug: "another" });
    const page = (await sectionPage({ id: userId }, reference, "priority", NOW))!;
    const foreign = saveSection(
      { id: userId },
      {
        reference,
        input: sectionInput("priority", {
          priorityArea: String(other.areaIds[0]),
          principles: [String(challenge.principleIds[0])],
          completed: "no",
        }),
        version: page.version,
        base: page.base,
      },
      NOW,
    );
    await expect(foreign).rejects.toMatchObject({
      kind: "invalid",
      fields: { priorityArea: "Select the priority area your idea addresses" },
    });
    expect((await entryRow(reference)).priority_area_id).toBeNull();
  });
});

describe("two colleagues saving the same entry", () => {
  it("refuses a save made from an out-of-date page when the colleague changed that section, overwriting nothing", async () => {
    const { userId, reference, organisationId } = await setUp();
    const colleague = await makePerson(t.db, organisationId);
    const mine = (await sectionPage({ id: userId }, reference, "idea", NOW))!;
    const theirs = (await sectionPage({ id: colleague }, reference, "idea", NOW))!;

    await saveSection(
      { id: colleague },
      {
        reference,
        input: sectionInput("idea", { title: "Their title", summary: "Their summary", completed: "no" }),
        version: theirs.version,
        base: theirs.base,
      },
      NOW,
    );
    const result = await saveSection(
      { id: userId },
      {
        reference,
        input: sectionInput("idea", { title: "My title", summary: "My summary", completed: "no" }),
        version: mine.version,
        base: mine.base,
      },
      NOW,
    ).catch((error: unknown) => error);
    expect(result).toBeInstanceOf(SectionConflict);
    if (!(result instanceof SectionConflict)) throw new Error("expected a conflict");
    expect(result).toMatchObject({ kind: "conflict", version: 2 });
    expect(result.theirs.rows.find((r) => r.field === "summary")?.text).toEqual(["Their summary"]);
    expect(await entryRow(reference)).toMatchObject({ title: "Their title", summary: "Their summary", version: 2 });

    // Having seen theirs, saving again (with the version the conflict gave) replaces it deliberately.
    const again = await saveSection(
      { id: userId },
      {
        reference,
        input: sectionInput("idea", { title: "My title", summary: "My summary", completed: "no" }),
        version: result.version,
        base: result.base,
      },
      NOW,
    );
    expect(again).toEqual({ outcome: "saved", version: 3 });
  });

  it("lets colleagues save different sections from pages read at the same version", async () => {
    const { userId, reference, organisationId } = await setUp();
    const colleague = await makePerson(t.db, organisationId);
    const ideaPage = (await sectionPage({ id: userId }, reference, "idea", NOW))!;
    const needPage = (await sectionPage({ id: colleague }, reference, "need", NOW))!;
    expect(ideaPage.version).toBe(needPage.version);
    expect(
      await saveSection(
        { id: colleague },
        {
          reference,
          input: sectionInput("need", { need: "Their need", beneficiaries: "", completed: "no" }),
          version: needPage.version,
          base: needPage.base,
        },
        NOW,
      ),
    ).toMatchObject({ outcome: "saved" });
    expect(
      await saveSection(
        { id: userId },
        {
          reference,
          input: sectionInput("idea", { title: "My title", summary: "Mine", completed: "no" }),
          version: ideaPage.version,
          base: ideaPage.base,
        },
        NOW,
      ),
    ).toMatchObject({ outcome: "saved" });
    expect(await entryRow(reference)).toMatchObject({ title: "My title", need: "Their need", version: 3 });
  });

  it("lets exactly one of two saves from the same page through when they race", async () => {
    const { userId, reference, organisationId } = await setUp();
    const colleague = await makePerson(t.db, organisationId);
    const page = (await sectionPage({ id: userId }, reference, "need", NOW))!;
    const results = await Promise.allSettled(
      [userId, colleague].map((who, i) =>
        saveSection(
          { id: who },
          {
            reference,
            input: sectionInput("need", { need: `Need ${i}`, beneficiaries: "", completed: "no" }),
            version: page.version,
            base: page.base,
          },
          NOW,
        ),
      ),
    );
    const outcomes = results.map((r) =>
      r.status === "fulfilled" ? r.value.outcome : r.reason instanceof SectionConflict ? "conflict" : r.reason,
    );
    expect(outcomes.sort()).toEqual(["conflict", "saved"]);
    const winner = results.findIndex((r) => r.status === "fulfilled");
    expect(await entryRow(reference)).toMatchObject({ need: `Need ${winner}`, version: 2 });
  });
});

describe("submitting, changing and resubmitting", () => {
  it("refuses to submit until every section is completed", async () => {
    const { userId, reference, challenge } = await setUp();
    await saveSections(userId, reference, completeSections(challenge).slice(0, 5), NOW);
    const version = (await entryRow(reference)).version;
    await expect(submitEntry({ id: userId }, { reference, version }, NOW)).rejects.toMatchObject({
      kind: "invalid",
      message: "Complete every section before you submit. Still to complete: Declarations and consent.",
    });
    expect(await t.db.selectFrom("entry_submission").select("id").execute()).toEqual([]);
  });

  it("writes a snapshot of the version checked, the audit record and the receipt email in one go", async () => {
    const { userId, reference, challenge } = await setUp();
    await saveSections(userId, reference, completeSections(challenge), NOW);
    const entry = await entryRow(reference);
    await expect(submitEntry({ id: userId }, { reference, version: entry.version - 1 }, NOW)).rejects.toMatchObject({
      kind: "conflict",
      message: expect.stringMatching(/^Your entry changed while you were checking it/),
    });

    const result = await submitEntry({ id: userId, ip: "203.0.113.5" }, { reference, version: entry.version }, NOW);
    expect(result).toEqual({ outcome: "submitted", resubmission: false, version: entry.version });
    expect(await entryRow(reference)).toMatchObject({ status: "submitted", version: entry.version, submitted_at: NOW });

    const judged = (await latestSubmission(entry.id))!;
    expect(judged.entryVersion).toBe(entry.version);
    expect(judged.snapshot).toMatchObject({
      reference,
      version: entry.version,
      title: "Green Lanes community fridge",
      organisation: { name: "Green Lanes Residents" },
      priorityArea: { name: "Jobs and training" },
      principles: [{ name: "More inclusive" }],
      areas: [{ code: BIRMINGHAM, name: "Birmingham" }],
      consentShare: true,
      consentContact: false,
      declaration: true,
    });
    expect(await auditActions()).toEqual(["entry_created", "entry_submitted"]);

    const emails = await t.db.selectFrom("email_outbox").selectAll().execute();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to_address: "amina@example.org", template: "entry-receipt" });
    expect(JSON.stringify(emails[0]!.props)).toContain(
      "A shared fridge for surplus food from local shops, run by volunteers.",
    );
    expect(emails[0]!.props).toMatchObject({ reference, resubmission: false, closesAt: "11:59pm on 21 March 2027" });

    expect(await confirmationPage({ id: userId }, reference, NOW)).toMatchObject({
      reference,
      receiptTo: "amina@example.org",
      resubmission: false,
    });
  });

  it("queues the receipt in the submission's transaction: if the email cannot be queued, nothing is submitted", async () => {
    const { userId, reference, challenge } = await setUp();
    await saveSections(userId, reference, completeSections(challenge), NOW);
    // An address the outbox refuses makes queueing throw after the snapshot was written.
    await t.db.updateTable("app_user").set({ email: "not-an-address" }).where("id", "=", userId).execute();
    const version = (await entryRow(reference)).version;
    await expect(submitEntry({ id: userId }, { reference, version }, NOW)).rejects.toThrow(/not an email address/);
    expect(await entryRow(reference)).toMatchObject({ status: "draft", submitted_at: null });
    expect(await t.db.selectFrom("entry_submission").select("id").execute()).toEqual([]);
    expect(await auditActions()).toEqual(["entry_created"]);
  });

  it("keeps judges on the submitted snapshot while the entry is edited, and keeps both once resubmitted", async () => {
    const { userId, reference, challenge } = await setUp();
    await saveSections(userId, reference, completeSections(challenge), NOW);
    const first = (await entryRow(reference)).version;
    await submitEntry({ id: userId }, { reference, version: first }, NOW);

    const later = new Date(NOW.getTime() + 86_400_000);
    await saveSections(
      userId,
      reference,
      [
        sectionInput("idea", {
          title: "Green Lanes fridge and pantry",
          summary: "Now with a pantry.",
          completed: "yes",
        }),
      ],
      later,
    );
    const edited = await entryRow(reference);
    expect(edited).toMatchObject({ status: "submitted", version: first + 1, title: "Green Lanes fridge and pantry" });
    const overview = (await entryOverview({ id: userId }, reference, later))!;
    expect(overview.header.unsubmittedChanges).toBe(true);
    expect((await listEntries({ id: userId }, later)).entries).toMatchObject([
      { reference, status: "submitted", unsubmittedChanges: true },
    ]);
    // What a judge would read has not moved.
    expect((await latestSubmission(edited.id))!.snapshot).toMatchObject({
      title: "Green Lanes community fridge",
      version: first,
    });

    expect(await submitEntry({ id: userId }, { reference, version: first + 1 }, later)).toEqual({
      outcome: "submitted",
      resubmission: true,
      version: first + 1,
    });
    const snapshots = await t.db
      .selectFrom("entry_submission")
      .select(["entry_version"])
      .orderBy("entry_version")
      .execute();
    expect(snapshots.map((s) => s.entry_version)).toEqual([first, first + 1]);
    expect((await latestSubmission(edited.id))!.snapshot).toMatchObject({ title: "Green Lanes fridge and pantry" });
    expect((await entryOverview({ id: userId }, reference, later))!.header.unsubmittedChanges).toBe(false);
    expect(await auditActions()).toEqual(["entry_created", "entry_submitted", "entry_resubmitted"]);
    expect(await t.db.selectFrom("email_outbox").select("id").execute()).toHaveLength(2);

    // Submitting again with nothing changed writes nothing.
    expect(await submitEntry({ id: userId }, { reference, version: first + 1 }, later)).toEqual({
      outcome: "unchanged",
    });
    expect(await t.db.selectFrom("entry_submission").select("id").execute()).toHaveLength(2);
  });

  it("withdraws an entry (audited), which can be submitted again before the closing time", async () => {
    const { userId, reference, challenge } = await setUp();
    await saveSections(userId, reference, completeSections(challenge), NOW);
    const version = (await entryRow(reference)).version;
    await submitEntry({ id: userId }, { reference, version }, NOW);

    expect(await withdrawEntry({ id: userId }, { reference }, NOW)).toEqual({ outcome: "withdrawn" });
    expect(await entryRow(reference)).toMatchObject({ status: "withdrawn", withdrawn_at: NOW, version: version + 1 });
    expect(await withdrawEntry({ id: userId }, { reference }, NOW)).toEqual({ outcome: "already_withdrawn" });
    expect(await auditActions()).toEqual(["entry_created", "entry_submitted", "entry_withdrawn"]);

    expect(await submitEntry({ id: userId }, { reference, version: version + 1 }, NOW)).toMatchObject({
      outcome: "submitted",
      resubmission: true,
    });
    expect(await entryRow(reference)).toMatchObject({ status: "submitted", withdrawn_at: null });
  });

  it("does not let an ineligible entry be changed or submitted", async () => {
    const { userId, reference, challenge } = await setUp();
    await t.db
      .updateTable("entry")
      .set({ status: "ineligible", eligibility_reason: "Based outside the region" })
      .where("reference", "=", reference)
      .execute();
    const [idea] = completeSections(challenge);
    const page = (await sectionPage({ id: userId }, reference, "idea", NOW))!;
    await expect(
      saveSection({ id: userId }, { reference, input: idea!, version: page.version, base: page.base }, NOW),
    ).rejects.toMatchObject({
      kind: "conflict",
      message: "This entry was found not eligible, so it can no longer be changed.",
    });
    await expect(submitEntry({ id: userId }, { reference, version: page.version }, NOW)).rejects.toMatchObject({
      kind: "conflict",
      message: "This entry was found not eligible, so it cannot be submitted.",
    });
  });
});

describe("a save made after the session expired", () => {
  async function keep(reference: string, values: Record<string, string | string[]>, browserKey: string | null = null) {
    const kept = await keepUnsavedSection({ reference, section: "idea", values, browserKey, ip: "203.0.113.5" }, NOW);
    if (kept.outcome !== "kept") throw new Error("not kept");
    return kept;
  }

  it("is kept, then saved for the person who signs in again in the same browser, once", async () => {
    const { userId, reference } = await setUp();
    const page = (await sectionPage({ id: userId }, reference, "idea", NOW))!;
    const kept = await keep(reference, {
      title: "Typed before the session ran out",
      summary: "Every word of it",
      completed: "no",
      version: String(page.version),
      base: page.base,
      sneaky: "not kept",
    });
    expect(kept.returnTo).toBe(`/entries/${reference}/idea?restore=${kept.token}`);
    const row = await t.db.selectFrom("pending_save").selectAll().executeTakeFirstOrThrow();
    expect(row.id).toBe(hashToken(kept.token));
    expect(row.form).not.toHaveProperty("sneaky");
    expect(new Date(row.expires_at).getTime() - NOW.getTime()).toBe(24 * 60 * 60 * 1000);

    const restored = await restoreSection(
      { id: userId },
      { reference, section: "idea", token: kept.token, browserKey: kept.browserKey },
      NOW,
    );
    expect(restored?.restore).toEqual({ outcome: "saved" });
    expect(restored?.page.values).toMatchObject({
      title: "Typed before the session ran out",
      summary: "Every word of it",
    });
    expect(await entryRow(reference)).toMatchObject({
      title: "Typed before the session ran out",
      summary: "Every word of it",
      version: 2,
    });
    expect(await t.db.selectFrom("pending_save").select("id").execute()).toEqual([]);

    // Coming back to the same address later applies nothing a second time.
    const again = await restoreSection(
      { id: userId },
      { reference, section: "idea", token: kept.token, browserKey: kept.browserKey },
      NOW,
    );
    expect(again?.restore).toBeNull();
    expect((await entryRow(reference)).version).toBe(2);
  });

  it("is not applied for someone outside the organisation, nor from another browser", async () => {
    const { reference } = await setUp();
    const kept = await keep(reference, { title: "Planted text", summary: "", completed: "no", version: "1" });
    const outsider = await makePerson(t.db, await makeOrganisation(t.db, "Elsewhere"));
    await expect(
      restoreSection(
        { id: outsider },
        { reference, section: "idea", token: kept.token, browserKey: kept.browserKey },
        NOW,
      ),
    ).rejects.toMatchObject({ kind: "not_found" });

    // A member of the organisation following a link someone else made: a different browser key.
    const member = await makePerson(t.db, (await entryRow(reference)).organisation_id);
    const other = await keep(reference, { title: "x", summary: "", completed: "no" });
    expect(other.browserKey).not.toBe(kept.browserKey);
    const viaLink = await restoreSection(
      { id: member },
      { reference, section: "idea", token: kept.token, browserKey: other.browserKey },
      NOW,
    );
    expect(viaLink?.restore).toBeNull();
    expect(await entryRow(reference)).toMatchObject({ title: "Community fridge", version: 1 });
    expect(await t.db.selectFrom("pending_save").select("id").execute()).toHaveLength(2);
  });

  it("shows what was kept with the problems when it cannot be saved as it is, and keeps it", async () => {
    const { userId, reference } = await setUp();
    const tooLong = Array.from({ length: 120 }, () => "word").join(" ");
    const kept = await keep(reference, { title: "Fridge", summary: tooLong, completed: "no", version: "1" });
    const restored = await restoreSection(
      { id: userId },
      { reference, section: "idea", token: kept.token, browserKey: kept.browserKey },
      NOW,
    );
    expect(restored?.restore).toMatchObject({
      outcome: "invalid",
      errors: { summary: "Summary must be 100 words or fewer" },
      values: { title: "Fridge", summary: tooLong },
      version: 1,
    });
    expect(await entryRow(reference)).toMatchObject({ title: "Community fridge", version: 1 });
    expect(await t.db.selectFrom("pending_save").select("id").execute()).toHaveLength(1);

    // Saving the corrected section from that page uses the kept save up.
    const result = await saveSection(
      { id: userId },
      {
        reference,
        input: sectionInput("idea", { title: "Fridge", summary: "Short now", completed: "no" }),
        version: 1,
        base: null,
        clearsPendingToken: kept.token,
      },
      NOW,
    );
    expect(result).toMatchObject({ outcome: "saved" });
    expect(await t.db.selectFrom("pending_save").select("id").execute()).toEqual([]);
  });

  it("is a conflict, not an overwrite, when a colleague changed the section meanwhile", async () => {
    const { userId, reference, organisationId } = await setUp();
    const page = (await sectionPage({ id: userId }, reference, "idea", NOW))!;
    const kept = await keep(reference, {
      title: "Mine",
      summary: "My words",
      completed: "no",
      version: String(page.version),
      base: page.base,
    });
    const colleague = await makePerson(t.db, organisationId);
    await saveSections(
      colleague,
      reference,
      [sectionInput("idea", { title: "Theirs", summary: "Their words", completed: "no" })],
      NOW,
    );

    const restored = await restoreSection(
      { id: userId },
      { reference, section: "idea", token: kept.token, browserKey: kept.browserKey },
      NOW,
    );
    expect(restored?.restore).toMatchObject({ outcome: "conflict", values: { title: "Mine", summary: "My words" } });
    expect(await entryRow(reference)).toMatchObject({ title: "Theirs", summary: "Their words" });
  });

  it("is refused, not stored, past the hourly limit for one address", async () => {
    const { reference } = await setUp();
    for (let i = 0; i < PENDING_SAVES_PER_ADDRESS.limit; i++)
      await keep(reference, { title: `Save ${i}`, completed: "no" });
    const over = await keepUnsavedSection(
      {
        reference,
        section: "idea",
        values: { title: "One too many", completed: "no" },
        browserKey: null,
        ip: "203.0.113.5",
      },
      NOW,
    );
    expect(over).toMatchObject({ outcome: "rate_limited" });
    expect(await t.db.selectFrom("pending_save").select("id").execute()).toHaveLength(PENDING_SAVES_PER_ADDRESS.limit);
    // Someone else, elsewhere, is not held up by it.
    const elsewhere = await keepUnsavedSection(
      { reference, section: "idea", values: { title: "Mine", completed: "no" }, browserKey: null, ip: "198.51.100.7" },
      NOW,
    );
    expect(elsewhere).toMatchObject({ outcome: "kept" });
  });

  it("is not applied once it has expired", async () => {
    const { userId, reference } = await setUp();
    const kept = await keep(reference, { title: "Too late", summary: "", completed: "no", version: "1" });
    const nextDay = new Date(NOW.getTime() + 24 * 60 * 60 * 1000 + 1);
    const restored = await restoreSection(
      { id: userId },
      { reference, section: "idea", token: kept.token, browserKey: kept.browserKey },
      nextDay,
    );
    expect(restored?.restore).toBeNull();
    expect((await entryRow(reference)).title).toBe("Community fridge");
  });
});
