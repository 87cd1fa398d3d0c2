import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";

// Programme staff find, screen and export the entries, and extend one organisation's deadline.
// The demo data gives the open 2027 challenge about 150 entries to work with. Each journey that
// changes an entry picks a different kind of entry, so journeys running side by side never meet.

test.describe("staff side of entries", () => {
  test(
    "staff filter, search and page through the entries, then open one",
    { tag: "@nojs" },
    async ({ page, signInAs, checkA11y }) => {
      await signInAs("staff");
      await page.goto("/staff");
      await checkA11y();
      await page.getByRole("main").getByRole("link", { name: "Entries", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Entries" })).toBeVisible();
      const allCount = Number((await page.getByText(/^\d+ entries\./).textContent())!.match(/^(\d+)/)![1]);
      expect(allCount).toBeGreaterThan(100);
      await expect(page.getByRole("table", { name: /By priority area/ })).toBeVisible();
      await expect(page.getByRole("table", { name: /By council area/ })).toBeVisible();
      await checkA11y();

      // The second page of everything, by its own address.
      await page.getByRole("navigation", { name: "Pages of entries" }).getByRole("link", { name: "Page 2" }).click();
      await expect(page).toHaveURL(/[?&]page=2\b/);
      await expect(page.getByRole("table", { name: /page 2 of/ })).toBeVisible();
      await checkA11y();

      // Submitted entries in one priority area from charities.
      await page.getByLabel("Status").selectOption({ label: "Submitted" });
      await page.getByLabel("Priority area").selectOption({ label: "Jobs and training" });
      await page.getByLabel("Organisation type").selectOption({ label: "Charity" });
      await page.getByRole("button", { name: "Show entries" }).click();
      await expect(page).toHaveURL(/status=submitted/);
      await expect(page).not.toHaveURL(/page=2/);
      const results = page.getByRole("table", { name: /Matching entries/ });
      await expect(results).toBeVisible();
      const rows = results.locator("tbody tr");
      const filteredCount = await rows.count();
      expect(filteredCount).toBeGreaterThan(0);
      expect(filteredCount).toBeLessThan(allCount);
      for (let i = 0; i < filteredCount; i++) {
        await expect(rows.nth(i).getByRole("cell").nth(3)).toHaveText("Jobs and training");
        await expect(rows.nth(i).getByRole("cell").nth(4)).toHaveText("Submitted");
      }
      // The filters stay as chosen.
      await expect(page.getByLabel("Status")).toHaveValue("submitted");
      await checkA11y();

      // Search by a reference typed loosely: the exact entry comes first.
      await page.getByRole("link", { name: "Clear filters" }).click();
      await page.getByLabel("Search by title or reference").fill("cri-100");
      await page.getByRole("button", { name: "Show entries" }).click();
      const firstRow = page
        .getByRole("table", { name: /Matching entries/ })
        .locator("tbody tr")
        .first();
      await expect(firstRow.getByRole("link", { name: "CRI-0100" })).toBeVisible();
      await checkA11y();

      // Search by words of a title, in any case.
      const title = (await firstRow.getByRole("cell").nth(1).textContent())!
        .replace(/Possible duplicate.*$/, "")
        .trim();
      await page.getByLabel("Search by title or reference").fill(title.toUpperCase());
      await page.getByRole("button", { name: "Show entries" }).click();
      await expect(page.getByRole("link", { name: "CRI-0100" })).toBeVisible();
      await checkA11y();

      await page.getByRole("link", { name: "CRI-0100" }).click();
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: "Organisation" })).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: "History" })).toBeVisible();
      await checkA11y();
    },
  );

  test("an entrant cannot see the staff list of entries", async ({ page, signInAs, checkA11y }) => {
    await signInAs("entrant", { organisation: true });
    const response = await page.goto("/staff/entries");
    expect(response?.status()).toBe(403);
    await expect(
      page.getByRole("heading", { level: 1, name: "You do not have permission to see this page" }),
    ).toBeVisible();
    await checkA11y();
    const csv = await page.request.get("/staff/entries.csv");
    expect(csv.status()).toBe(403);
  });

  test("staff mark an entry not eligible with a reason, and the organisation is emailed", async ({
    page,
    signInAs,
    mailbox,
    checkA11y,
  }) => {
    await signInAs("staff");
    await page.goto("/staff/entries?status=submitted&type=cooperative");
    await checkA11y();
    await page
      .getByRole("table", { name: /Matching entries/ })
      .locator("tbody tr")
      .first()
      .getByRole("link")
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 2, name: "What was submitted" })).toBeVisible();
    // Members are listed as "Name (email)".
    const member = page
      .getByRole("main")
      .getByRole("listitem")
      .filter({ hasText: /\(.+@.+\)/ })
      .first();
    const memberEmail = (await member.textContent())!.match(/\(([^)]+@[^)]+)\)/)![1]!;
    await checkA11y();

    // Nothing chosen, then "not eligible" without a reason: each says what is missing.
    await page.getByRole("button", { name: "Save decision" }).click();
    await expect(page.getByRole("link", { name: "Select whether the entry is eligible" })).toBeVisible();
    await checkA11y();
    await page.getByRole("radio", { name: "Not eligible" }).check();
    await page.getByRole("button", { name: "Save decision" }).click();
    await expect(page.getByRole("link", { name: "Enter the reason the entry is not eligible" })).toBeVisible();
    await expect(page.getByRole("radio", { name: "Not eligible" })).toBeChecked();
    await checkA11y();

    const reason = "The organisation is based outside the region and does not deliver work in it.";
    await page.getByLabel("Reason it is not eligible").fill(reason);
    await page.getByRole("button", { name: "Save decision" }).click();
    await expect(page.getByRole("heading", { name: "Decision saved" })).toBeVisible();
    await expect(page.getByText("The entry is marked as not eligible.")).toBeVisible();
    await expect(
      page.getByRole("table", { name: /Changes recorded/ }).getByText("Entry marked ineligible"),
    ).toBeVisible();
    await checkA11y();

    const email = await mailbox.latestTo(memberEmail, { subject: /is not eligible/ });
    expect(email.text).toContain(reason);
  });

  test("staff download the filtered entries as a CSV that Excel opens", async ({ page, signInAs, checkA11y }) => {
    await signInAs("staff");
    await page.goto("/staff/entries?council=E08000026");
    await checkA11y();
    const shown = Number(
      (await page.getByText(/^\d+ entr(y|ies) match these filters/).textContent())!.match(/^(\d+)/)![1],
    );
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /Download these entries as a spreadsheet/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^entries-community-recovery-2027-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf-8").split("\r\n");
    expect(lines[0]).toBe(
      "Reference,Title,Organisation,Organisation type,Priority area,Council areas,Status,Submitted (UK time),Reason not eligible,Possible duplicate of,Contact name,Contact email",
    );
    // A header, one line per entry shown, and the final line break.
    expect(lines.filter((l) => /^CRI-\d{4,}/.test(l))).toHaveLength(shown);
    for (const line of lines.filter((l) => /^CRI-/.test(l))) expect(line).toContain("Coventry");
  });

  test("staff grant one organisation an extension, change it, and take it away", async ({
    page,
    signInAs,
    checkA11y,
  }) => {
    await signInAs("staff");
    await page.goto("/staff/entries?status=draft&type=sme");
    await page
      .getByRole("table", { name: /Matching entries/ })
      .locator("tbody tr")
      .first()
      .getByRole("link")
      .first()
      .click();
    await expect(page.getByText("(the challenge's closing time)")).toBeVisible();
    // The entry's history gains one line (it may have lines from an earlier run on this database).
    const grantedLines = page.getByRole("table", { name: /Changes recorded/ }).getByText("Deadline extension granted");
    const linesBefore = await grantedLines.count();
    await page.getByRole("link", { name: /Grant an extension/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Extend the deadline" })).toBeVisible();
    await checkA11y();

    await page.getByRole("button", { name: "Grant extension" }).click();
    await expect(page.getByRole("link", { name: "Enter the new closing date" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Enter the reason for the extension" })).toBeVisible();
    await checkA11y();

    // Before the challenge's own closing time: no extension at all.
    await page.getByLabel("Day").fill("14");
    await page.getByLabel("Month").fill("3");
    await page.getByLabel("Year").fill("2027");
    await page.getByLabel("New closing time").fill("5pm");
    await page.getByLabel("Reason for the extension").fill("Their community centre flooded the week before closing");
    await page.getByRole("button", { name: "Grant extension" }).click();
    await expect(page.getByRole("link", { name: /must be after the challenge closes/ })).toBeVisible();
    await expect(page.getByLabel("Reason for the extension")).toHaveValue(
      "Their community centre flooded the week before closing",
    );
    await checkA11y();

    await page.getByLabel("Day").fill("28");
    await page.getByLabel("New closing time").fill("11:59pm");
    await page.getByRole("button", { name: "Grant extension" }).click();
    await expect(page.getByRole("heading", { name: "Extension granted" })).toBeVisible();
    await expect(page.getByText("Extended to 11:59pm on 28 March 2027")).toBeVisible();
    await expect(grantedLines).toHaveCount(linesBefore + 1);
    await checkA11y();

    await page.getByRole("link", { name: /Change the extension/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Change the extension" })).toBeVisible();
    await expect(page.getByLabel("New closing time")).toHaveValue("23:59");
    await checkA11y();
    await page.getByLabel("Day").fill("29");
    await page.getByRole("button", { name: "Save the new closing time" }).click();
    await expect(page.getByRole("heading", { name: "Extension changed" })).toBeVisible();
    await expect(page.getByText("Extended to 11:59pm on 29 March 2027")).toBeVisible();

    await page.getByRole("link", { name: /Change the extension/ }).click();
    await page.getByRole("button", { name: "Remove extension" }).click();
    await expect(page.getByRole("heading", { name: "Extension removed" })).toBeVisible();
    await expect(page.getByText("(the challenge's closing time)")).toBeVisible();
    await checkA11y();
  });
});
