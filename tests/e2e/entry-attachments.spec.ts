import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { checkAndSubmit, COMPLETED, completeEveryRemainingSection, startEntry, taskRow } from "./support/entry-steps";
import type { OpenRound } from "../../app/dev-tools/test-judging.server";
import { htmlPage, samplePdf } from "../support/sample-files";

// Supporting documents on an entry (decision 058), from the entrant who adds one to the judge who
// opens it. A web page named like a PDF is refused with the error summary, everything typed kept;
// a real PDF is added with the section, listed, submitted with the entry, and downloads as a file
// (never shown in the page), for the entrant and for the judge who scores the submitted snapshot.
// Runs with JavaScript off as well (@nojs): a plain file input in a plain form.
//
// Where the continuous journey happens: judging can only start on a closed challenge (the
// database refuses a round otherwise), no entry can be submitted once it has, and only one
// challenge can be open at a time: the demo's, which the tests running beside this one share and
// only the lifecycle project may close. So the journey has a challenge of its own (a scenario,
// closed two days ago, taking up to 3 files of 10 MB) with one entry its organisation has just
// started, blank; the entrant's browser carries the test clock at a moment before the closing
// time, so they write and submit it through the pages as they would have then; then the test hook
// opens round 1 with the judge assigned to it, and the judge, on the real clock, scores it.

const DELIVERY = "Delivery, costs and how you would use the prize";

/** Answers the delivery section's questions and marks it completed; returns the first answer. */
async function fillDeliverySection(page: Page): Promise<string> {
  const delivery = "Volunteers lend tools from the church hall every Saturday.";
  await page.getByLabel("How would you deliver your idea?").fill(delivery);
  await page.getByLabel("What would it cost?").fill("Shelving £400; tools £1,100.");
  await page.getByLabel("How would you use the prize?").fill("To buy the first tools.");
  await page.getByRole("radio", { name: COMPLETED }).check();
  return delivery;
}
const DAY = 86_400_000;

test(
  "an entrant attaches a file to their entry and submits it, and the judge assigned to it opens the file from the snapshot",
  { tag: "@nojs" },
  async ({ page, context, baseURL, request, signInAs, scenario, checkA11y }) => {
    test.slow();
    // Closed two days ago: recently, as a draft left after a closing is kept for months, not
    // deleted by the retention sweep running beside the tests.
    const closesAt = new Date(Date.now() - 2 * DAY);
    const s = await scenario({
      entries: 0,
      otherEntries: ["draft"],
      blankDrafts: true,
      entryDocuments: { maxFiles: 3, maxFileMb: 10 },
      // Sent as JSON: the dates go as ISO instants.
      opensAt: new Date(closesAt.getTime() - 60 * DAY),
      closesAt,
    });
    const draft = s.entries[0]!;
    // The entrant's browser acts the day before the closing time.
    const beforeClosing = new Date(closesAt.getTime() - DAY).toISOString();
    await context.addCookies([{ name: "cric_test_now", value: beforeClosing, url: baseURL! }]);
    await signInAs("entrant", { organisationId: draft.organisationId });

    await page.goto("/entries");
    await checkA11y();
    await page.getByRole("link", { name: draft.title }).click();
    await expect(page.getByRole("heading", { level: 1, name: draft.title })).toBeVisible();
    await checkA11y();
    await taskRow(page, DELIVERY).getByRole("link", { name: DELIVERY }).click();
    await expect(page.getByRole("heading", { level: 1, name: DELIVERY })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Supporting documents (optional)" })).toBeVisible();
    await checkA11y();

    // A web page named like a PDF: refused, and everything typed is still there.
    const delivery = await fillDeliverySection(page);
    await page.getByLabel("Add supporting documents").setInputFiles({
      name: "quote.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(htmlPage),
    });
    await page.getByRole("button", { name: "Save and continue" }).click();
    const problems = page.getByRole("alert");
    await expect(problems.getByText("There is a problem")).toBeVisible();
    await expect(problems.getByRole("link", { name: /“quote\.pdf” is not a type of file you can add/ })).toBeVisible();
    await expect(page.getByLabel("How would you deliver your idea?")).toHaveValue(delivery);
    await expect(page.getByLabel("What would it cost?")).toHaveValue("Shelving £400; tools £1,100.");
    await expect(page.getByLabel("How would you use the prize?")).toHaveValue("To buy the first tools.");
    await expect(page.getByRole("radio", { name: COMPLETED })).toBeChecked();
    await expect(page.getByText("You have not added any supporting documents.")).toBeVisible();
    await checkA11y();

    // The real PDF is added with the section.
    await page.getByLabel("Add supporting documents").setInputFiles({
      name: "Quote from the timber yard.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(samplePdf("Quote from the timber yard")),
    });
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: draft.title })).toBeVisible();
    await taskRow(page, DELIVERY).getByRole("link", { name: DELIVERY }).click();
    await expect(
      page.getByTestId("attachments").getByRole("link", { name: "Quote from the timber yard.pdf" }),
    ).toBeVisible();
    await page.getByRole("link", { name: "Back to your entry" }).click();
    await expect(page.getByRole("heading", { level: 1, name: draft.title })).toBeVisible();

    await completeEveryRemainingSection(page, { checkA11y, skip: [DELIVERY] });
    await checkAndSubmit(page, draft.reference, checkA11y);

    // Judging starts on the closed challenge, with a judge assigned this entry.
    await context.clearCookies();
    const judge = await signInAs("judge");
    const opened = await request.post("/test-hooks/judging", {
      data: { challengeId: s.challengeId, judgeUserIds: [judge.id], entryIds: [draft.id] },
    });
    expect(opened.status(), await opened.text()).toBe(201);
    expect(((await opened.json()) as OpenRound).assignments).toMatchObject([{ reference: draft.reference }]);

    await page.goto("/judging");
    await checkA11y();
    await page.getByRole("link", { name: `Declare your interests for the Scenario challenge ${s.label}` }).click();
    await checkA11y();
    await page.getByRole("checkbox", { name: /I have declared every conflict of interest/ }).check();
    await page.getByRole("button", { name: "Confirm your declaration" }).click();
    await expect(page.getByText("Your declaration of interests is confirmed")).toBeVisible();
    await checkA11y();
    await page.getByRole("link", { name: draft.reference }).click();
    await expect(page.getByRole("heading", { level: 1, name: draft.title })).toBeVisible();
    await expect(page.getByText(delivery)).toBeVisible();
    await expect(page.getByRole("term").filter({ hasText: "Supporting documents" })).toBeVisible();
    const link = page.getByRole("link", { name: "Quote from the timber yard.pdf" });
    await expect(link).toBeVisible();
    await checkA11y();

    const response = await page.request.get((await link.getAttribute("href"))!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    expect(response.headers()["content-disposition"]).toMatch(
      /^attachment; filename="Quote from the timber yard\.pdf"/,
    );
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    const body = Buffer.from(await response.body());
    expect(body.subarray(0, 4).toString("latin1")).toBe("%PDF");
    expect(body.toString("latin1")).toContain("Quote from the timber yard");
  },
);

// On the demo's open challenge (up to 3 files of 10 MB), as most entrants meet it: the entrant's own
// download, and taking a file off again without losing what was typed in the section.
test(
  "an entrant adds a supporting document to an entry of the open challenge, downloads it, and takes it off again with the rest kept",
  { tag: "@nojs" },
  async ({ page, signInAs, checkA11y }) => {
    test.slow();
    await signInAs("entrant", { organisation: true });
    const title = `Tool library ${randomBytes(2).toString("hex")}`;
    const reference = await startEntry(page, title);
    expect(reference).toMatch(/^CRI-/);
    await taskRow(page, DELIVERY).getByRole("link", { name: DELIVERY }).click();
    await expect(page.getByRole("heading", { level: 1, name: DELIVERY })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Supporting documents (optional)" })).toBeVisible();
    await checkA11y();

    const delivery = await fillDeliverySection(page);
    await page.getByLabel("Add supporting documents").setInputFiles({
      name: "Quote from the timber yard.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(samplePdf("Quote")),
    });
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

    await taskRow(page, DELIVERY).getByRole("link", { name: DELIVERY }).click();
    const link = page.getByTestId("attachments").getByRole("link", { name: "Quote from the timber yard.pdf" });
    await expect(link).toBeVisible();
    await expect(page.getByLabel("How would you deliver your idea?")).toHaveValue(delivery);
    await checkA11y();

    const response = await page.request.get((await link.getAttribute("href"))!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    expect(response.headers()["content-disposition"]).toMatch(
      /^attachment; filename="Quote from the timber yard\.pdf"/,
    );
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(Buffer.from(await response.body()).toString("latin1")).toContain("Quote");

    // Taken off again: the typed answers stay in the form.
    await page.getByLabel("How would you deliver your idea?").fill(`${delivery} And on Sundays.`);
    await page.getByRole("button", { name: "Remove Quote from the timber yard.pdf" }).click();
    await expect(page.getByText("“Quote from the timber yard.pdf” has been removed")).toBeVisible();
    await expect(page.getByText("You have not added any supporting documents.")).toBeVisible();
    await expect(page.getByLabel("How would you deliver your idea?")).toHaveValue(`${delivery} And on Sundays.`);
    await checkA11y();
  },
);
