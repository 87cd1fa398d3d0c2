import type { Page } from "@playwright/test";
import { CHECK_LABELS, CHECK_KINDS } from "../../app/domain/due-diligence";
import { samplePdf } from "../support/sample-files";
import { expect, otherBrowser, test, testAwards } from "./fixtures";
import { signInAs as signInWith } from "./support/users";

// Due diligence before a prize is paid (decision 059): one member of staff records each of the
// award's checks (evidence attached to the registration check) and marks them complete; they
// cannot sign them off themselves; a second member of staff, in a browser of their own, does. The
// payment cannot be approved before the sign-off and can after it. Staff also set which checks
// each prize tier needs.

/** Records every check the award's page still lists, as the staff member on `page`. */
async function recordEveryCheck(page: Page, checkA11y: (p?: Page) => Promise<void>) {
  for (const kind of CHECK_KINDS) {
    const link = page.getByRole("link", { name: `Record ${CHECK_LABELS[kind].toLowerCase()}`, exact: true });
    if (!(await link.count())) continue;
    await link.click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    if (kind === "registration") {
      await page.getByRole("radio", { name: "Companies House (companies, CICs, LLPs)" }).check();
      await page.getByLabel("Registration number").fill("12345678");
      await page.getByLabel("Evidence (optional)").setInputFiles({
        name: "companies-house-entry.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from(samplePdf("Companies House entry")),
      });
    }
    if (kind === "safeguarding") await page.getByRole("radio", { name: "No" }).check();
    if (kind === "risk_rating") await page.getByRole("radio", { name: "Low" }).check();
    await checkA11y(page);
    await page
      .locator('textarea[name="conclusion"]')
      .fill(`Checked ${CHECK_LABELS[kind].toLowerCase()}: all in order.`);
    await page.getByRole("button", { name: "Save the check" }).click();
    await expect(page.getByText("Check recorded")).toBeVisible();
  }
}

test(
  "staff complete due diligence with evidence and a second member of staff signs it off; the payment waits for it",
  { tag: "@nojs" },
  async ({ page, browser, baseURL, request, scenario, signInAs, checkA11y }) => {
    test.slow();
    const s = await scenario({ entries: 1 });
    const [award] = await testAwards(request, {
      challengeId: s.challengeId,
      awards: [
        {
          entryId: s.entries[0]!.id,
          tier: "top20",
          paymentStatus: "details_received",
          clearedForPayment: false,
          agreementAccepted: true,
        },
      ],
    });
    const checksUrl = `/staff/awards/${s.challengeId}/due-diligence/${award!.awardId}`;
    const paymentUrl = `/staff/awards/${s.challengeId}/payments/${award!.paymentId}`;

    // Before any check, the payment cannot be approved, and the page says why.
    await signInAs("staff", { name: "Cath Checker" });
    await page.goto(paymentUrl);
    await expect(page.getByText(/This payment cannot be approved yet: its due-diligence checks are/)).toBeVisible();
    await expect(page.getByRole("radio", { name: "Approved for payment" })).toHaveCount(0);
    await checkA11y();

    await page.goto(checksUrl);
    await expect(page.getByRole("heading", { level: 1, name: "Due diligence" })).toBeVisible();
    await checkA11y();
    await recordEveryCheck(page, checkA11y);
    await expect(page.getByRole("link", { name: "companies-house-entry.pdf" })).toBeVisible();
    await page.getByRole("button", { name: "Mark the checks as complete" }).click();
    await expect(page.getByText("Checks complete: another member of staff must now sign them off")).toBeVisible();
    // The one who did the checks cannot sign them off.
    await expect(
      page.getByText("Another member of staff must sign off these checks: you completed them."),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign off the checks" })).toHaveCount(0);
    await checkA11y();
    await page.goto(paymentUrl);
    await expect(page.getByText(/This payment cannot be approved yet/)).toBeVisible();
    await expect(page.getByRole("radio", { name: "Approved for payment" })).toHaveCount(0);

    const context = await otherBrowser(browser);
    try {
      const sue = await context.newPage();
      await signInWith(sue.request, context, baseURL!, "staff", { name: "Sue Signer" });
      await sue.goto(checksUrl);
      await expect(sue.getByText("Cath Checker").first()).toBeVisible();
      await checkA11y(sue);
      await sue.getByRole("button", { name: "Sign off the checks" }).click();
      await expect(sue.getByText("Checks signed off", { exact: true })).toBeVisible();
      await expect(sue.getByTestId("checks-stage")).toContainText(/signed off/i);
      await expect(sue.getByText("These checks are signed off: they cannot change.")).toBeVisible();
      await checkA11y(sue);

      // Signed off and the agreement accepted: now the payment can be approved.
      await sue.goto(paymentUrl);
      await expect(sue.getByTestId("gate-checks")).toContainText("Signed off by Sue Signer");
      await expect(sue.getByText(/This payment cannot be approved yet/)).toHaveCount(0);
      await sue.getByRole("radio", { name: "Approved for payment" }).check();
      await sue.getByRole("button", { name: "Save the change" }).click();
      await expect(sue.getByText("Payment updated: Approved for payment")).toBeVisible();
      await checkA11y(sue);
    } finally {
      await context.close();
    }
  },
);

test(
  "staff choose the checks a prize tier needs",
  { tag: "@nojs" },
  async ({ page, scenario, signInAs, checkA11y }) => {
    const s = await scenario({ entries: 1 });
    await signInAs("staff");
    await page.goto(`/staff/challenge/${s.challengeId}`);
    await page.getByRole("link", { name: "Change due diligence checks" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Due diligence checks" })).toBeVisible();
    await checkA11y();
    const first = page.getByRole("group", { name: /^Checks for / }).first();
    const tier = ((await first.locator("legend").textContent()) ?? "").replace(/^Checks for /, "").trim();
    const form = page.locator("form", { has: first });

    // Nothing chosen is refused, and the page says so.
    for (const box of await first.getByRole("checkbox").all()) await box.uncheck();
    await form.getByRole("button", { name: `Save the checks for ${tier}` }).click();
    await expect(page.getByRole("alert")).toContainText("Select at least one check");
    await checkA11y();

    const group = page.getByRole("group", { name: `Checks for ${tier}` });
    for (const box of await group.getByRole("checkbox").all()) await box.uncheck();
    await group.getByRole("checkbox", { name: "Registration verified" }).check();
    await group.getByRole("checkbox", { name: "Risk rating" }).check();
    await page.getByRole("button", { name: `Save the checks for ${tier}` }).click();
    await expect(page.getByText("Your changes have been saved")).toBeVisible();

    await page.goto(`/staff/challenge/${s.challengeId}/due-diligence`);
    const saved = page.getByRole("group", { name: `Checks for ${tier}` });
    await expect(saved.getByRole("checkbox", { checked: true })).toHaveCount(2);
    await expect(saved.getByRole("checkbox", { name: "Registration verified" })).toBeChecked();
    await expect(saved.getByRole("checkbox", { name: "Bank details verified by finance" })).not.toBeChecked();
  },
);

test(
  "a member of staff with a conflict of interest with the winner sees the checks but cannot do them",
  { tag: "@nojs" },
  async ({ page, request, scenario, signInAs, checkA11y }) => {
    const s = await scenario({ entries: 1 });
    const entry = s.entries[0]!;
    const { awardId } = (
      await testAwards(request, {
        challengeId: s.challengeId,
        awards: [{ entryId: entry.id, tier: "top20" }],
      })
    )[0]!;
    const checksUrl = `/staff/awards/${s.challengeId}/due-diligence/${awardId}`;

    await signInAs("staff", { name: "Connie Conflicted" });
    await page.goto(`/staff/entries/${entry.reference}`);
    await page.getByRole("link", { name: "Declare a conflict of interest" }).click();
    await page.getByLabel(`Why do you have a conflict of interest with ${entry.reference}?`).fill("I chair its board");
    await page.getByRole("button", { name: "Declare a conflict of interest" }).click();
    await expect(page.getByText("Conflict of interest declared")).toBeVisible();

    const plainly =
      "Because of your conflict of interest, another member of staff must record, complete and sign off these checks.";
    await page.goto(checksUrl);
    await expect(page.getByText("You have a conflict of interest with this entry (you declared it)")).toBeVisible();
    await expect(page.getByText(plainly)).toBeVisible();
    await expect(page.getByRole("link", { name: /^Record / })).toHaveCount(0);
    await checkA11y();

    // The check's own page shows the declared conflicts but no form.
    await page.goto(`${checksUrl}/conflicts`);
    await expect(page.getByRole("cell", { name: "I chair its board" })).toBeVisible();
    await expect(page.getByText(plainly)).toBeVisible();
    await expect(page.getByRole("button", { name: "Save the check" })).toHaveCount(0);
    await checkA11y();
  },
);
