import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, hydrated, test } from "./fixtures";

// The right of access (decision 052), as people use it: an entrant whose organisation submitted an
// entry reads everything the service holds about them and downloads it as JSON; a member of staff
// records a request that came by letter for someone else, produces that person's data and marks
// the request done. Both with JavaScript on and off.

/** Today in the UK, as the boxes of the GOV.UK date input. */
function londonToday(): { day: string; month: string; year: string } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    day: "numeric",
    month: "numeric",
    year: "numeric",
  }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: get("day"), month: get("month"), year: get("year") };
}

async function downloadJson(page: Page, linkName: string | RegExp, fileName: RegExp) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: linkName }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(fileName);
  return JSON.parse(readFileSync((await download.path())!, "utf8")) as {
    account: { email: string; name: string };
    entries: { reference: string; submittedVersions: { snapshot: { title: string } }[] }[];
  };
}

async function expectPrintOffer(page: Page) {
  if (test.info().project.use.javaScriptEnabled === false) {
    await expect(page.getByText("To print this page, use your browser's print option.")).toBeVisible();
  } else {
    await hydrated(page);
    await expect(page.getByRole("link", { name: "Print this page" })).toBeVisible();
  }
}

test.describe("the right of access", () => {
  test(
    "an entrant whose organisation submitted an entry reads and downloads their data",
    { tag: "@nojs" },
    async ({ page, scenario, signInAs, checkA11y }) => {
      const s = await scenario({ entries: 1, label: `Acc${Date.now().toString(36)}` });
      const entry = s.entries[0]!;
      // A member of the organisation that submitted it.
      const me = await signInAs("entrant", { organisationId: entry.organisationId, name: "Ada Access" });

      await page.goto("/account");
      await page.getByRole("link", { name: "See and download your data" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your data" })).toBeVisible();
      await expect(page.getByText(me.email).first()).toBeVisible();
      // The organisation's entry, with its submitted answers.
      await expect(page.getByRole("heading", { level: 3, name: new RegExp(entry.reference) })).toBeVisible();
      await expect(page.getByRole("heading", { level: 4, name: /^Version \d+, submitted at / })).toBeVisible();
      await expect(page.getByText(entry.title).first()).toBeVisible();
      await expectPrintOffer(page);
      await checkA11y();

      const data = await downloadJson(page, "Download as JSON", /^your-data-\d{4}-\d{2}-\d{2}\.json$/);
      expect(data.account.email).toBe(me.email);
      const submitted = data.entries.find((e) => e.reference === entry.reference)!;
      expect(submitted.submittedVersions[0]!.snapshot.title).toBe(entry.title);
    },
  );

  test(
    "staff record a request received by letter, produce the person's data and close the request",
    { tag: "@nojs" },
    async ({ page, createUser, signInAs, checkA11y }) => {
      test.slow();
      // A name of this test's own: the list is shared with every other test's requests.
      const name = `Dana Requester ${Date.now().toString(36)}`;
      const person = await createUser("entrant", { organisation: true, name });
      await signInAs("staff");

      await page.goto("/staff");
      await page.getByRole("link", { name: "Data-rights requests" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Data-rights requests" })).toBeVisible();
      await checkA11y();
      await page.getByRole("link", { name: "Record a request" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Record a request" })).toBeVisible();

      // Nothing filled in: every question is explained, in the error summary and beside it.
      await page.getByRole("button", { name: "Record the request" }).click();
      await expect(page).toHaveTitle(/^Error: /);
      const summary = page.getByRole("alert");
      await expect(summary.getByRole("link", { name: "Enter the email address of their account" })).toBeVisible();
      await expect(summary.getByRole("link", { name: "Select what the person asked for" })).toBeVisible();
      await expect(summary.getByRole("link", { name: "Enter the date received" })).toBeVisible();
      await checkA11y();

      const today = londonToday();
      await page.getByLabel("Email address of their account").fill(person.email.toUpperCase());
      await page.getByLabel("A copy of their data (access)").check();
      await page.getByLabel("Day").fill(today.day);
      await page.getByLabel("Month").fill(today.month);
      await page.getByLabel("Year").fill(today.year);
      await page.getByLabel("How it was received").fill("Letter to the programme office");
      await page.getByLabel("Notes (optional)").fill("Identity checked against the signature on file.");
      await page.getByRole("button", { name: "Record the request" }).click();

      await expect(page.getByRole("heading", { level: 1, name: `Request from ${name}` })).toBeVisible();
      await expect(page.getByText("Request recorded")).toBeVisible();
      await expect(page.getByText(/\(\d+ days left\)/)).toBeVisible();
      await checkA11y();

      await page.getByRole("link", { name: "Produce their data" }).click();
      await expect(page.getByRole("heading", { level: 1, name: `Data held about ${name}` })).toBeVisible();
      await expect(page.getByText(person.email).first()).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: "Organisations" })).toBeVisible();
      await expectPrintOffer(page);
      await checkA11y();
      const data = await downloadJson(page, "Download as JSON", /^data-request-\d+-\d{4}-\d{2}-\d{2}\.json$/);
      expect(data.account).toMatchObject({ email: person.email, name });

      await page.getByRole("link", { name: "Back to the request" }).click();
      await page.getByRole("button", { name: "Mark as completed" }).click();
      await expect(page.getByText("Request marked as completed")).toBeVisible();
      await expect(page.getByRole("button", { name: "Mark as completed" })).toHaveCount(0);
      await checkA11y();

      await page.getByRole("link", { name: "Data-rights requests" }).click();
      const answered = page.getByRole("table", { name: "Answered requests" });
      await expect(answered.getByRole("row", { name: new RegExp(name) })).toContainText("Completed");
    },
  );
});
