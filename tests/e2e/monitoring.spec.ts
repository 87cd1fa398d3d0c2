import type { APIRequestContext } from "@playwright/test";
import { expect, otherBrowser, test, testAwards } from "./fixtures";
import { signInAs as signInWith } from "./support/users";
import { samplePdf } from "../support/sample-files";

// Monitoring reports (decision 061) in a browser: a winner sends a report with a file, staff ask for
// more, the winner sends it again and staff accept it; a report past its due date shows on the board
// report. Awards are made through POST /test-hooks/support, which gives published awards their reports.

async function supportAward(request: APIRequestContext, challengeId: number, entryId: number) {
  const { awardId } = (await testAwards(request, { challengeId, awards: [{ entryId, tier: "top3" }] }))[0]!;
  return awardId;
}

test(
  "a winner submits a monitoring report with an attachment, staff ask for more, the winner resubmits, staff accept",
  { tag: "@nojs" },
  async ({ page, browser, baseURL, request, scenario, signInAs, mailbox, checkA11y }) => {
    const s = await scenario({ entries: 2 });
    const winner = s.entries[0]!;
    const awardId = await supportAward(request, s.challengeId, winner.id);
    const member = await signInAs("entrant", { organisationId: winner.organisationId });

    await page.goto(`/awards/${awardId}`);
    const mine = page.getByRole("table", { name: "Your monitoring reports" });
    await expect(mine.getByRole("row", { name: /3-month report/ })).toContainText("Not due yet");
    await checkA11y();
    await mine.getByRole("link", { name: "3-month report" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "3-month report" })).toBeVisible();
    await checkA11y();

    await page.getByLabel("What the prize money and support bought").fill("A laptop and two coaching sessions.");
    await page.getByLabel("People reached").fill("120");
    await page.getByLabel("Volunteers involved").fill("8");
    await page.getByLabel("How the work is going").fill("The lunch club now runs twice a week.");
    await page.getByLabel("Add files (optional)").setInputFiles({
      name: "Photos of the lunch club.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(samplePdf("Lunch club photos")),
    });
    await page.getByRole("button", { name: "Send the report" }).click();
    await expect(page.getByText("Your report has been sent to the programme team.")).toBeVisible();
    await expect(page.getByText("Waiting for the programme team to review it.")).toBeVisible();
    await expect(page.getByRole("link", { name: /Photos of the lunch club\.pdf/ })).toBeVisible();
    await checkA11y();

    const staffContext = await otherBrowser(browser);
    try {
      const staff = await staffContext.newPage();
      await signInWith(staff.request, staffContext, baseURL!, "staff", { name: "Rhian Reviewer" });
      await staff.goto(`/staff/support/${awardId}`);
      await checkA11y(staff);
      await staff
        .getByRole("table", { name: "Monitoring reports" })
        .getByRole("link", { name: "3-month report" })
        .click();
      await expect(staff.getByRole("heading", { level: 1, name: "3-month report" })).toBeVisible();
      await expect(staff.getByText("The lunch club now runs twice a week.")).toBeVisible();
      await expect(staff.getByRole("link", { name: /Photos of the lunch club\.pdf/ })).toBeVisible();
      await checkA11y(staff);

      await staff.getByRole("radio", { name: "Ask the winner for more" }).check();
      await staff.getByLabel("Message to the winner").fill("Please tell us how many of the 120 were new to the club.");
      await staff.getByRole("button", { name: "Save the review" }).click();
      await expect(staff.getByText("The winner has been asked for more, by email.")).toBeVisible();
      await checkA11y(staff);

      const email = await mailbox.latestTo(member.email, { subject: /We need a little more in your 3-month report/ });
      expect(email.text).toContain("how many of the 120 were new");

      await page.reload();
      await expect(page.getByText(/The programme team asked for more: Please tell us how many/)).toBeVisible();
      await page.getByLabel("How the work is going").fill("The lunch club now runs twice a week; 45 people are new.");
      await page.getByRole("button", { name: "Send the report again" }).click();
      await expect(page.getByText("Your report has been sent to the programme team.")).toBeVisible();
      await checkA11y();

      await staff.reload();
      await expect(staff.getByRole("heading", { name: "Review version 2" })).toBeVisible();
      await expect(staff.getByText("45 people are new.")).toBeVisible();
      await staff.getByRole("radio", { name: "Accept the report" }).check();
      await staff.getByRole("button", { name: "Save the review" }).click();
      await expect(staff.getByText("The report is accepted.")).toBeVisible();
      await expect(
        staff.getByRole("table", { name: "Reports on this award" }).getByRole("row", { name: /3-month report/ }),
      ).toContainText("Accepted");
      await checkA11y(staff);
    } finally {
      await staffContext.close();
    }

    await page.goto(`/awards/${awardId}`);
    await expect(mine.getByRole("row", { name: /3-month report/ })).toContainText("Accepted");
  },
);

test(
  "a late report shows on the board report",
  { tag: "@nojs" },
  async ({ page, context, baseURL, request, scenario, signInAs, checkA11y }) => {
    const s = await scenario({ entries: 2 });
    const winner = s.entries[0]!;
    await supportAward(request, s.challengeId, winner.id);
    await signInAs("staff");

    // A hundred days on, the report due three months after publication is late and was never sent.
    const later = new Date(Date.now() + 100 * 24 * 60 * 60 * 1000).toISOString();
    await context.addCookies([{ name: "cric_test_now", value: later, url: baseURL! }]);

    await page.goto(`/staff/awards/${s.challengeId}`);
    await page.getByRole("link", { name: "Monitoring reports" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Monitoring reports" })).toBeVisible();
    await expect(page.getByText("1 report is late or missing.")).toBeVisible();
    await checkA11y();

    await page.goto("/staff/support");
    await expect(
      page
        .getByRole("table", { name: "Winners with a support plan" })
        .getByRole("row", { name: new RegExp(winner.organisationName) }),
    ).toContainText("1 late or missing");
    await checkA11y();

    await page.goto(`/staff/reports?challenge=${s.challengeId}`);
    const late = page.getByRole("region", { name: "Late and missing monitoring reports" });
    await expect(late.getByRole("row", { name: new RegExp(winner.organisationName) })).toContainText("3-month report");
    await checkA11y();
  },
);
