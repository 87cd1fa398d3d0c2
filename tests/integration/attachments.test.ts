import { describe, expect, it } from "vitest";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import {
  attachmentsOf,
  checkUpload,
  downloadAttachment,
  removeAttachment,
  storeAttachments,
} from "../../app/services/attachments/attachments.server";
import { grantStaffDirectly } from "../../db/seed/staff-grants";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";
import { htmlPage, samplePdf, samplePng, svgImage } from "../support/sample-files";

const t = useTestDatabase();

async function person(name: string) {
  return t.db
    .insertInto("app_user")
    .values({ email: `${name}@example.org`, name, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
}

describe("a file's type is decided from its content", () => {
  it("refuses a web page or an SVG whatever its name says, and says which file and why", async () => {
    for (const [name, bytes] of [
      ["budget.pdf", htmlPage],
      ["photo.png", svgImage],
      ["notes.docx", new TextEncoder().encode("just some text")],
    ] as const) {
      await expect(checkUpload({ name, bytes })).rejects.toMatchObject({
        kind: "invalid",
        field: "files",
        message: expect.stringContaining(`“${name}” is not a type of file you can add`),
      });
    }
  });

  it("accepts a PDF or a picture whatever it is called, naming it for what it holds", async () => {
    expect(await checkUpload({ name: "evidence.exe", bytes: samplePdf() })).toMatchObject({
      fileName: "evidence.exe.pdf",
      mediaType: "application/pdf",
    });
    expect(await checkUpload({ name: "site visit", bytes: samplePng })).toMatchObject({
      fileName: "site visit.png",
      mediaType: "image/png",
    });
  });

  it("refuses a file over the limit before looking at it", async () => {
    const big = new Uint8Array(2 * 1024 * 1024);
    big.set(samplePdf());
    await expect(checkUpload({ name: "big.pdf", bytes: big }, { maxBytes: 1024 * 1024 })).rejects.toMatchObject({
      kind: "invalid",
      message: "“big.pdf” is 2 MB: the largest file you can add is 1 MB",
    });
  });
});

describe("who may download an entry's file", () => {
  it("its organisation's members and staff; anyone else, signed in or not, finds nothing there", async () => {
    const scenario = await createScenario({ entries: 2 });
    const [mine, theirs] = scenario.entries;
    const staff = await person("staff-member");
    await grantStaffDirectly(t.db, staff.id);
    const file = await checkUpload({ name: "plan.pdf", bytes: samplePdf("Our plan") });
    const [stored] = await t.db
      .transaction()
      .execute((trx) => storeAttachments(trx, { id: mine!.entrantUserId }, { kind: "entry", id: mine!.id }, [file]));

    const owner = await downloadAttachment({ id: mine!.entrantUserId }, stored!.id);
    expect(owner.fileName).toBe("plan.pdf");
    expect(Buffer.from(owner.bytes).toString("latin1")).toContain("Our plan");
    expect((await downloadAttachment({ id: staff.id }, stored!.id)).mediaType).toBe("application/pdf");
    for (const actor of [{ id: theirs!.entrantUserId }, { id: (await person("stranger")).id }, null]) {
      expect((await refusalOf(downloadAttachment(actor, stored!.id))).status).toBe(404);
    }
    expect((await refusalOf(downloadAttachment({ id: staff.id }, stored!.id + 1000))).status).toBe(404);
  });

  it("a removed file is no longer listed but is kept, and its bytes can never change", async () => {
    const scenario = await createScenario({ entries: 1 });
    const entry = scenario.entries[0]!;
    const owner = { kind: "entry" as const, id: entry.id };
    const actor = { id: entry.entrantUserId };
    const file = await checkUpload({ name: "a.pdf", bytes: samplePdf() });
    const [stored] = await t.db.transaction().execute((trx) => storeAttachments(trx, actor, owner, [file]));
    await t.db.transaction().execute((trx) => removeAttachment(trx, actor, owner, stored!.id));
    expect(await attachmentsOf(t.db, owner)).toEqual([]);
    expect(await attachmentsOf(t.db, owner, { ids: [stored!.id] })).toMatchObject([{ id: stored!.id, removed: true }]);
    await expect(
      t.db
        .updateTable("attachment")
        .set({ owner_id: entry.id + 1 })
        .where("id", "=", stored!.id)
        .execute(),
    ).rejects.toThrow(/attachment's file cannot change/);
    // Another record's file cannot be removed through this one.
    expect(
      (
        await refusalOf(
          t.db
            .transaction()
            .execute((trx) => removeAttachment(trx, actor, { kind: "entry", id: entry.id + 1 }, stored!.id)),
        )
      ).status,
    ).toBe(404);
  });
});
