import { CHECK_KINDS, financialYearLabel, financialYearOf } from "../../app/domain/due-diligence";
import { expect, otherBrowser, test, testAwards } from "./fixtures";
import { signInAs as signInWith } from "./support/users";

// Subsidy control before a prize is paid (decision 059): a winning SME whose checks include
// subsidy control declares, from its award page, the other public support it received in this
// financial year and the two before it. A mistake is refused with the error summary and what was
// typed kept. Staff then see the declaration on the award's subsidy-control check, with the total
// against the Minimal Financial Assistance threshold (£315,000) and a warning when it is over.
// Runs with JavaScript off as well (@nojs): plain forms.

test(
  "an SME winner declares other public support from their award page, and staff see it against the threshold",
  { tag: "@nojs" },
  async ({ page, browser, baseURL, request, scenario, signInAs, checkA11y }) => {
    test.slow();
    const s = await scenario({ entries: 1, organisationTypes: ["sme"], dueDiligenceChecks: [...CHECK_KINDS] });
    const entry = s.entries[0]!;
    const { awardId } = (
      await testAwards(request, {
        challengeId: s.challengeId,
        awards: [{ entryId: entry.id, tier: "top20" }],
      })
    )[0]!;
    const thisYear = financialYearLabel(financialYearOf(new Date()));
    const lastYear = financialYearLabel(financialYearOf(new Date()) - 1);

    // The winner, a member of the SME, finds the link on their award page.
    await signInAs("entrant", { organisationId: entry.organisationId, name: "Wendy Winner" });
    await page.goto("/awards");
    await page.getByRole("link", { name: new RegExp(entry.title) }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Other public support" })).toBeVisible();
    await expect(
      page.getByText("Before we pay the prize, tell us what other public support your organisation has received."),
    ).toBeVisible();
    await checkA11y();
    await page.getByRole("link", { name: "Declare other public support" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Other public support you received" })).toBeVisible();
    await checkA11y();

    // A mistake first: the amount in words. Refused, with everything typed kept.
    const first = page.getByRole("group", { name: "Support 1" });
    const second = page.getByRole("group", { name: "Support 2" });
    await first.getByLabel("Financial year").selectOption({ label: thisYear });
    await first.getByLabel("Who gave it").fill("UK Shared Prosperity Fund");
    await first.getByLabel("Amount in pounds").fill("three hundred thousand");
    await second.getByLabel("Financial year").selectOption({ label: lastYear });
    await second.getByLabel("Who gave it").fill("Birmingham City Council");
    await second.getByLabel("Amount in pounds").fill("20,000");
    await page.getByRole("button", { name: "Save the declaration" }).click();
    const problems = page.getByRole("alert");
    await expect(problems.getByText("There is a problem")).toBeVisible();
    await expect(
      problems.getByRole("link", { name: "Enter the amount in row 1 in pounds, for example 12,500" }),
    ).toBeVisible();
    await expect(first.getByLabel("Who gave it")).toHaveValue("UK Shared Prosperity Fund");
    await expect(first.getByLabel("Amount in pounds")).toHaveValue("three hundred thousand");
    await expect(first.getByLabel("Financial year")).toHaveValue(String(financialYearOf(new Date())));
    await expect(second.getByLabel("Who gave it")).toHaveValue("Birmingham City Council");
    await expect(second.getByLabel("Amount in pounds")).toHaveValue("20,000");
    await checkA11y();

    // Then correctly: £300,000 and £20,000, over the £315,000 threshold together.
    await first.getByLabel("Amount in pounds").fill("300,000");
    await page.getByRole("button", { name: "Save the declaration" }).click();
    await expect(page.getByText("Your declaration is saved")).toBeVisible();
    await expect(page.getByText("There is a problem")).toHaveCount(0);
    const summary = page.locator(".govuk-summary-list");
    await expect(summary).toContainText("Wendy Winner");
    await expect(summary).toContainText("£320,000");
    await checkA11y();

    // Back on the award page, it shows as declared.
    await page.goto(`/awards/${awardId}`);
    await expect(
      page.getByText("You have declared the other public support your organisation received."),
    ).toBeVisible();
    await expect(page.getByRole("link", { name: "Check or change your subsidy declaration" })).toBeVisible();

    // A member of staff, in a browser of their own, sees it on the subsidy-control check.
    const context = await otherBrowser(browser);
    try {
      const staff = await context.newPage();
      await signInWith(staff.request, context, baseURL!, "staff");
      await staff.goto(`/staff/awards/${s.challengeId}/due-diligence/${awardId}`);
      await expect(staff.getByRole("heading", { level: 1, name: "Due diligence" })).toBeVisible();
      await checkA11y(staff);
      await staff.getByRole("link", { name: "Record subsidy control", exact: true }).click();
      await expect(staff.getByText(/^Declared by Wendy Winner on /)).toBeVisible();
      const table = staff.getByRole("table", { name: "Other public support declared" });
      await expect(table.getByRole("row", { name: `${thisYear} UK Shared Prosperity Fund £300,000` })).toBeVisible();
      await expect(table.getByRole("row", { name: `${lastYear} Birmingham City Council £20,000` })).toBeVisible();
      await expect(staff.locator(".govuk-summary-list")).toContainText("Total in the three years£320,000");
      await expect(staff.locator(".govuk-summary-list")).toContainText(
        "Minimal Financial Assistance threshold£315,000",
      );
      await expect(
        staff.getByText("The declared support is over the Minimal Financial Assistance threshold."),
      ).toBeVisible();
      await checkA11y(staff);
    } finally {
      await context.close();
    }
  },
);
