import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { COMPLETED, startEntry, taskRow } from "./support/entry-steps";
import type { OpenRound } from "../../app/dev-tools/test-judging.server";
import { htmlPage, samplePdf } from "../support/sample-files";

// Supporting documents on an entry (decision 058): the demo's open challenge takes up to 3 files
// of 10 MB. A web page named like a PDF is refused with the error summary, everything typed kept;
// a real PDF is added with the section, listed, and downloads as a file (never shown in the page).
// Runs with JavaScript off as well (@nojs): a plain file input in a plain form.

const DELIVERY = "Delivery, costs and how you would use the prize";

test(
  "an entrant adds a supporting document, a wrong type is refused with the rest kept, and the file downloads safely",
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

    const delivery = "Volunteers lend tools from the church hall every Saturday.";
    await page.getByLabel("How would you deliver your idea?").fill(delivery);
    await page.getByLabel("What would it cost?").fill("Shelving £400; tools £1,100.");
    await page.getByLabel("How would you use the prize?").fill("To buy the first tools.");
    await page.getByRole("radio", { name: COMPLETED }).check();
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
    await expect(page.getByText("You have not added any supporting documents.")).toBeVisible();
    await checkA11y();

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

// The judge's side: an entry of a challenge of the test's own, submitted with a PDF its entrant
// attached (the scenario keeps the file on the entry and lists it in the submitted snapshot, as
// submitting through the pages does), opened from the judge's scoring page. Runs with JavaScript
// off as well (@nojs).
test(
  "a judge opens a supporting document from the entry they score, and it downloads as a file",
  { tag: "@nojs" },
  async ({ page, request, signInAs, scenario, checkA11y }) => {
    test.slow();
    const s = await scenario({
      entries: 1,
      documents: [
        { entry: 0, fileName: "Costed plan.pdf", base64: Buffer.from(samplePdf("Costed plan")).toString("base64") },
      ],
    });
    const entry = s.entries[0]!;
    const judge = await signInAs("judge");
    const opened = await request.post("/test-hooks/judging", {
      data: { challengeId: s.challengeId, judgeUserIds: [judge.id] },
    });
    expect(opened.status(), await opened.text()).toBe(201);
    expect(((await opened.json()) as OpenRound).assignments).toHaveLength(1);

    await page.goto("/judging");
    await page.getByRole("link", { name: `Declare your interests for the Scenario challenge ${s.label}` }).click();
    await page.getByRole("checkbox", { name: /I have declared every conflict of interest/ }).check();
    await page.getByRole("button", { name: "Confirm your declaration" }).click();
    await expect(page.getByText("Your declaration of interests is confirmed")).toBeVisible();
    await page.getByRole("link", { name: entry.reference }).click();
    await expect(page.getByRole("heading", { level: 1, name: entry.title })).toBeVisible();

    const documents = page.getByRole("term").filter({ hasText: "Supporting documents" });
    await expect(documents).toBeVisible();
    const link = page.getByRole("link", { name: "Costed plan.pdf" });
    await expect(link).toBeVisible();
    await checkA11y();

    const response = await page.request.get((await link.getAttribute("href"))!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="Costed plan\.pdf"/);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(
      Buffer.from(await response.body())
        .subarray(0, 4)
        .toString("latin1"),
    ).toBe("%PDF");
  },
);
