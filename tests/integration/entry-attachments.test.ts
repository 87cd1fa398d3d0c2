import { describe, expect, it } from "vitest";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { openRoundForJudges } from "../../app/dev-tools/test-judging.server";
import { publishScenario } from "../../app/dev-tools/test-councils.server";
import { SECTION_KEYS } from "../../app/domain/entry-sections";
import { downloadAttachment } from "../../app/services/attachments/attachments.server";
import { sharedIdea } from "../../app/services/councils/ideas.server";
import {
  latestSubmission,
  removeEntryDocument,
  saveSection,
  sectionPage,
  submitEntry,
} from "../../app/services/entries/entries.server";
import { confirmDeclaration } from "../../app/services/judging/conflicts.server";
import { scoringPage } from "../../app/services/judging/reviews.server";
import type { SectionInput } from "../../app/domain/entry-sections";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";
import { htmlPage, samplePdf, samplePng } from "../support/sample-files";
import { makeUser } from "../support/staff-entries-fixtures";

const t = useTestDatabase();

// Before the scenario's closing time (1 March 2026), so drafts can be changed and submitted.
const NOW = new Date("2026-02-15T10:00:00Z");

const DELIVERY: SectionInput = {
  section: "delivery",
  completed: true,
  content: { delivery: "Volunteers, weekly.", costs: "Fridge £800", prizeUse: "The fridge." },
} as SectionInput;

/** A scenario whose last entry is a complete draft, the challenge taking up to 2 files of 1 MB. */
async function world(options: { withoutConsent?: number[] } = {}) {
  const scenario = await createScenario({ entries: 2, otherEntries: ["draft"], ...options });
  await t.db
    .updateTable("challenge")
    .set({ entry_max_files: 2, entry_max_file_mb: 1 })
    .where("id", "=", scenario.challengeId)
    .execute();
  const draft = scenario.entries[2]!;
  await t.db
    .updateTable("entry")
    .set({ completed_sections: [...SECTION_KEYS] })
    .where("id", "=", draft.id)
    .execute();
  const principle = await t.db
    .selectFrom("principle")
    .select("id")
    .where("challenge_id", "=", scenario.challengeId)
    .executeTakeFirstOrThrow();
  await t.db.insertInto("entry_principle").values({ entry_id: draft.id, principle_id: principle.id }).execute();
  return { scenario, draft, entrant: { id: draft.entrantUserId } };
}

async function save(actor: { id: number }, reference: string, uploads: { name: string; bytes: Uint8Array }[]) {
  const { version, base } = await sectionPage(actor, reference, "delivery", NOW);
  return saveSection(actor, { reference, input: DELIVERY, version, base, uploads }, NOW);
}

async function submit(actor: { id: number }, reference: string) {
  const { version } = await sectionPage(actor, reference, "delivery", NOW);
  return submitEntry(actor, { reference, version }, NOW);
}

async function fileIds(entryId: number) {
  const rows = await t.db
    .selectFrom("attachment")
    .select(["id", "file_name", "removed_at"])
    .where("owner_kind", "=", "entry")
    .where("owner_id", "=", entryId)
    .orderBy("id")
    .execute();
  return rows;
}

describe("supporting documents on an entry", () => {
  it("are added with the delivery section and listed on it, within the challenge's number and size", async () => {
    const { draft, entrant } = await world();
    await save(entrant, draft.reference, [{ name: "quote.pdf", bytes: samplePdf("Quote") }]);
    const page = await sectionPage(entrant, draft.reference, "delivery", NOW);
    expect(page.documents).toMatchObject({ maxFiles: 2, maxFileBytes: 1024 * 1024 });
    expect(page.documents!.files.map((f) => f.fileName)).toEqual(["quote.pdf"]);

    // Two more would make three: refused, naming how many are left, and nothing of the form saved.
    await expect(
      save(entrant, draft.reference, [
        { name: "a.png", bytes: samplePng },
        { name: "b.png", bytes: samplePng },
      ]),
    ).rejects.toMatchObject({
      kind: "invalid",
      field: "documents",
      message: "You can add up to 2 supporting documents: this entry has 1, so you can add 1 more",
    });
    expect((await fileIds(draft.id)).length).toBe(1);
  });

  it("refuses a file whose content is not an allowed type whatever its name, or one too large, saving nothing", async () => {
    const { draft, entrant } = await world();
    const before = await t.db
      .selectFrom("entry")
      .select(["version", "delivery"])
      .where("id", "=", draft.id)
      .executeTakeFirstOrThrow();
    await expect(save(entrant, draft.reference, [{ name: "quote.pdf", bytes: htmlPage }])).rejects.toMatchObject({
      kind: "invalid",
      field: "documents",
      message: expect.stringContaining("“quote.pdf” is not a type of file you can add"),
    });
    const big = new Uint8Array(2 * 1024 * 1024);
    big.set(samplePdf());
    await expect(save(entrant, draft.reference, [{ name: "big.pdf", bytes: big }])).rejects.toMatchObject({
      field: "documents",
      message: "“big.pdf” is 2 MB: the largest file you can add is 1 MB",
    });
    const after = await t.db
      .selectFrom("entry")
      .select(["version", "delivery"])
      .where("id", "=", draft.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(await fileIds(draft.id)).toEqual([]);
  });

  it("are refused when the challenge takes none", async () => {
    const { scenario, draft, entrant } = await world();
    await t.db.updateTable("challenge").set({ entry_max_files: 0 }).where("id", "=", scenario.challengeId).execute();
    expect((await sectionPage(entrant, draft.reference, "delivery", NOW)).documents).toBeNull();
    await expect(save(entrant, draft.reference, [{ name: "plan.pdf", bytes: samplePdf() }])).rejects.toMatchObject({
      field: "documents",
      message: "This challenge does not take supporting documents with entries",
    });
  });
});

describe("the submitted version keeps the files it was submitted with", () => {
  it("a file removed after submitting stays in the snapshot, and the judge reading it can open it", async () => {
    const { scenario, draft, entrant } = await world();
    await save(entrant, draft.reference, [{ name: "plan.pdf", bytes: samplePdf("Our plan") }]);
    await submit(entrant, draft.reference);
    const [file] = await fileIds(draft.id);
    const submitted = await latestSubmission(draft.id);
    expect(submitted!.snapshot.attachments).toEqual([
      { id: file!.id, fileName: "plan.pdf", mediaType: "application/pdf", sizeBytes: expect.any(Number) },
    ]);

    // Taken off the draft: no longer listed on the entry, the entry shows unsubmitted changes.
    expect(await removeEntryDocument(entrant, { reference: draft.reference, attachmentId: file!.id }, NOW)).toBe(
      "plan.pdf",
    );
    const page = await sectionPage(entrant, draft.reference, "delivery", NOW);
    expect(page.documents!.files).toEqual([]);
    expect(page.header.unsubmittedChanges).toBe(true);

    const judge = await makeUser(t.db, "Judge Jo", ["judge"]);
    const round = await openRoundForJudges({
      challengeId: scenario.challengeId,
      judgeUserIds: [judge.id],
      entryIds: [draft.id],
    });
    await confirmDeclaration({ id: judge.id }, { challengeId: scenario.challengeId, conflicts: [], confirmed: true });
    const scoring = await scoringPage({ id: judge.id }, round.assignments[0]!.assignmentId);
    const delivery = scoring.sections.find((s) => s.key === "delivery")!;
    expect(delivery.rows.find((r) => r.field === "documents")!.files).toEqual([
      { id: file!.id, fileName: "plan.pdf", size: expect.stringMatching(/bytes|KB/), href: `/attachments/${file!.id}` },
    ]);
    const download = await downloadAttachment({ id: judge.id }, file!.id);
    expect(Buffer.from(download.bytes).toString("latin1")).toContain("Our plan");
    // The entrant's organisation still has it too.
    expect((await downloadAttachment(entrant, file!.id)).fileName).toBe("plan.pdf");
  });
});

describe("files are never served to someone who cannot see their record", () => {
  it("not to a judge not assigned, a conflicted judge, another entrant, or a council officer without consent", async () => {
    const { scenario, draft, entrant } = await world({ withoutConsent: [2] });
    await save(entrant, draft.reference, [{ name: "plan.pdf", bytes: samplePdf() }]);
    await submit(entrant, draft.reference);
    const [file] = await fileIds(draft.id);

    const assigned = await makeUser(t.db, "Judge Assigned", ["judge"]);
    const conflicted = await makeUser(t.db, "Judge Conflicted", ["judge"]);
    const elsewhere = await makeUser(t.db, "Judge Elsewhere", ["judge"]);
    await openRoundForJudges({
      challengeId: scenario.challengeId,
      judgeUserIds: [assigned.id, conflicted.id],
      entryIds: [draft.id],
    });
    await openRoundForJudges({
      challengeId: scenario.challengeId,
      judgeUserIds: [elsewhere.id],
      entryIds: [scenario.entries[0]!.id],
      number: 2,
    });
    for (const judge of [assigned, conflicted, elsewhere]) {
      await confirmDeclaration({ id: judge.id }, { challengeId: scenario.challengeId, conflicts: [], confirmed: true });
    }
    await t.db
      .insertInto("judge_conflict")
      .values({
        challenge_id: scenario.challengeId,
        judge_user_id: conflicted.id,
        organisation_id: draft.organisationId,
        source: "declared",
        reason: "I am one of its trustees",
      })
      .execute();
    await publishScenario({ challengeId: scenario.challengeId });
    const officer = await makeUser(t.db, "Officer Olu", ["council_officer"]);

    expect((await downloadAttachment({ id: assigned.id }, file!.id)).fileName).toBe("plan.pdf");
    for (const who of [conflicted, elsewhere, officer, { id: scenario.entries[0]!.entrantUserId }]) {
      expect((await refusalOf(downloadAttachment({ id: who.id }, file!.id))).status, `user ${who.id}`).toBe(404);
    }
  });

  it("a council officer opens the files of the latest version of an idea shared with councils, and no other", async () => {
    const { scenario, draft, entrant } = await world();
    await save(entrant, draft.reference, [{ name: "first.pdf", bytes: samplePdf("First") }]);
    await submit(entrant, draft.reference);
    const [first] = await fileIds(draft.id);
    await removeEntryDocument(entrant, { reference: draft.reference, attachmentId: first!.id }, NOW);
    await save(entrant, draft.reference, [{ name: "second.pdf", bytes: samplePdf("Second") }]);
    await submit(entrant, draft.reference);
    const [, second] = await fileIds(draft.id);
    await publishScenario({ challengeId: scenario.challengeId });
    const officer = await makeUser(t.db, "Officer Ola", ["council_officer"]);
    await t.db.updateTable("app_user").set({ email_verified_at: new Date() }).where("id", "=", officer.id).execute();

    expect((await downloadAttachment({ id: officer.id }, second!.id)).fileName).toBe("second.pdf");
    // Only in an earlier version: the councils read the latest.
    expect((await refusalOf(downloadAttachment({ id: officer.id }, first!.id))).status).toBe(404);
    const idea = await sharedIdea({ id: officer.id }, draft.reference);
    expect(idea.documents.map((d) => d.fileName)).toEqual(["second.pdf"]);

    // The organisation stops sharing: the file is gone for councils too.
    await t.db.updateTable("entry").set({ consent_share: false }).where("id", "=", draft.id).execute();
    expect((await refusalOf(downloadAttachment({ id: officer.id }, second!.id))).status).toBe(404);
  });
});
