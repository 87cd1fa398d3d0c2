import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { threeSixtyGivingProblems } from "../../app/domain/three-sixty-giving-schema";

// The board report of a scenario challenge with prizes paid, outstanding and cancelled: the
// figures, the charts, printing as a clean paper, the CSV of a table and the 360Giving export.

test(
  "the board report shows the prizes paid and outstanding, prints cleanly and downloads",
  { tag: "@nojs" },
  async ({ page, request, scenario, signInAs, checkA11y }) => {
    const s = await scenario({ entries: 3 });
    const [a, b, c] = s.entries;
    const response = await request.post("/test-hooks/support", {
      data: {
        challengeId: s.challengeId,
        awards: [
          { entryId: a!.id, tier: "top20", paymentStatus: "paid" },
          { entryId: a!.id, tier: "top3" },
          { entryId: b!.id, tier: "top20", paymentStatus: "accepted" },
          { entryId: c!.id, tier: "top20", paymentStatus: "cancelled" },
        ],
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    await signInAs("staff");

    await page.goto("/staff");
    await page.getByRole("main").getByRole("link", { name: "Board report" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Board report" })).toBeVisible();
    // The default: the most recent challenge with entries (the demo data's open challenge).
    await expect(page.getByRole("table", { name: "Table: Entries by council area" })).toBeVisible();
    await checkA11y();
    await page.getByLabel("Challenge", { exact: true }).selectOption({ label: `Scenario challenge ${s.label}` });
    await page.getByRole("button", { name: "Show report" }).click();
    await expect(page).toHaveURL(new RegExp(`challenge=${s.challengeId}`));
    await checkA11y();

    // One prize paid (£500), one outstanding (£500); the cancelled one is neither.
    const payments = page.getByRole("table", { name: "Table: Prizes paid and outstanding by priority area" });
    await expect(payments.getByRole("row", { name: /All priority areas/ })).toHaveText(
      /All priority areas\s*1\s*£500\s*1\s*£500/,
    );
    const entries = page.getByRole("table", { name: "Table: Entries by priority area" });
    await expect(entries.getByRole("row", { name: /All priority areas/ })).toHaveText(/All priority areas\s*3/);
    await expect(page.getByRole("img", { name: /Chart: Prizes paid and outstanding by priority area/ })).toBeVisible();
    await expect(
      page
        .getByRole("table", { name: "Table: Support spent against each winner's cap" })
        .getByRole("row", { name: a!.organisationName }),
    ).toContainText("£15,000");

    // Printed: no navigation or header, the tables and charts all there.
    const header = page.locator("header.govuk-template__header");
    const nav = page.locator("nav.govuk-service-navigation__wrapper");
    await expect(header).toBeVisible();
    await expect(nav).toBeVisible();
    await page.emulateMedia({ media: "print" });
    await expect(nav).toBeHidden();
    await expect(header).toBeHidden();
    await expect(page.locator("footer.govuk-footer")).toBeHidden();
    await expect(page.getByRole("button", { name: "Show report" })).toBeHidden();
    await expect(payments).toBeVisible();
    await expect(entries).toBeVisible();
    await expect(page.getByRole("img", { name: /Chart: Entries by priority area/ })).toBeVisible();
    await page.emulateMedia({ media: "screen" });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page
        .getByRole("link", {
          name: /^Download this table as a spreadsheet \(CSV\)\s+for Prizes paid and outstanding by priority area$/,
        })
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^payments-by-area-challenge-${s.challengeId}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
    );
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe(
      "\uFEFFPriority area,Paid (number),Paid (£),Outstanding (number),Outstanding (£)",
    );
    expect(csv).toContain("\r\nAll priority areas,1,500.00,1,500.00\r\n");

    // The awards as 360Giving open data: every grant with the standard's required fields.
    const json = await page.request.get(`/staff/reports/360giving.json?challenge=${s.challengeId}`);
    expect(json.status()).toBe(200);
    const data = await json.json();
    expect(data.grants).toHaveLength(4);
    expect(threeSixtyGivingProblems(data)).toEqual([]);
    const spreadsheet = await page.request.get(`/staff/reports/360giving.csv?challenge=${s.challengeId}`);
    expect((await spreadsheet.text()).split("\r\n")[0]).toContain(
      "Identifier,Title,Description,Currency,Amount Awarded,Award Date",
    );
  },
);

test("the board report is for programme staff only", async ({ page, signInAs }) => {
  await signInAs("entrant");
  const response = await page.goto("/staff/reports");
  expect(response?.status()).toBe(403);
  const csv = await page.request.get("/staff/reports/payments-by-area.csv");
  expect(csv.status()).toBe(403);
});
