import type { APIRequestContext } from "@playwright/test";
import { expect, otherBrowser, test, testAwards } from "./fixtures";
import { signInAs as signInWith } from "./support/users";
import { samplePdf } from "../support/sample-files";

// Support requests and recoveries (decision 062): a winner asks for support and a member of staff
// approves it into the ledger; staff record money due back and a second member of staff writes it
// off. Each journey has its own scenario challenge, awards made through POST /test-hooks/support.

async function awardsFor(request: APIRequestContext, challengeId: number, entryId: number) {
  const awards = await testAwards(request, {
    challengeId,
    awards: [
      { entryId, tier: "top20", paymentStatus: "paid" },
      { entryId, tier: "top3" },
    ],
  });
  return {
    cash: awards.find((a) => a.tier === "top20")!.awardId,
    support: awards.find((a) => a.tier === "top3")!.awardId,
  };
}

test(
  "a winner's support request approved into the ledger",
  { tag: "@nojs" },
  async ({ page, browser, baseURL, request, scenario, signInAs, mailbox, checkA11y }) => {
    const s = await scenario({ entries: 2 });
    const winner = s.entries[0]!;
    const { support } = await awardsFor(request, s.challengeId, winner.id);
    const member = await signInAs("entrant", { organisationId: winner.organisationId });

    await page.goto(`/awards/${support}/progress`);
    await expect(page.getByText("You have not asked for support yet.")).toBeVisible();
    await page.getByRole("button", { name: "Ask for support" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Ask for support" })).toBeVisible();
    await checkA11y();

    // A mistake is listed, and what was typed is kept.
    await page.getByRole("radio", { name: "Coaching session" }).check();
    await page.getByLabel("What you need").fill("Three sessions with a fundraising coach");
    await page.getByLabel("What it costs").fill("nine hundred");
    await page.getByRole("button", { name: "Send request" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("Enter who would provide it");
    await expect(summary).toContainText("Enter the cost in pounds and pence");
    await expect(summary).toContainText("Enter why you need it");
    await expect(page.getByLabel("What you need")).toHaveValue("Three sessions with a fundraising coach");
    await checkA11y();

    await page.getByLabel("Who would provide it").fill("Priya Shah");
    await page.getByLabel("What it costs").fill("900");
    await page.getByLabel("Why you need it").fill("To plan our first appeal to local businesses.");
    await page.getByLabel("A quote (optional)").setInputFiles({
      name: "Quote from Priya.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(samplePdf("Quote: three sessions, £900")),
    });
    await page.getByRole("button", { name: "Send request" }).click();
    await expect(page.getByText("Your request for support has been sent to the programme team.")).toBeVisible();
    const mine = page.getByRole("table", { name: "Your requests" });
    await expect(mine.getByRole("row", { name: /fundraising coach/ })).toContainText("Waiting for a decision");
    await checkA11y();

    const staffContext = await otherBrowser(browser);
    try {
      const staff = await staffContext.newPage();
      await signInWith(staff.request, staffContext, baseURL!, "staff", { name: "Sam Decider" });
      await staff.goto("/staff/support");
      await staff
        .getByRole("table", { name: "Requests waiting for a decision" })
        .getByRole("link", { name: new RegExp(winner.organisationName) })
        .click();
      await expect(staff.getByRole("heading", { level: 1, name: "Request for support" })).toBeVisible();
      await expect(staff.getByText("To plan our first appeal to local businesses.")).toBeVisible();
      await expect(staff.getByRole("link", { name: "Quote from Priya.pdf" })).toBeVisible();
      await checkA11y(staff);
      await staff.getByRole("button", { name: "Approve" }).click();
      await expect(
        staff.getByText("Request approved: the support is on the ledger and the winner has been emailed."),
      ).toBeVisible();
      const ledger = staff.getByRole("table", { name: "Ledger" });
      await expect(ledger.getByRole("row", { name: /fundraising coach/ })).toContainText("£900");
      await expect(staff.getByText("£900 of the £15,000 cap spent (6%)")).toBeVisible();
      await expect(
        staff.getByRole("table", { name: "The winner's requests" }).getByRole("row", { name: /fundraising coach/ }),
      ).toContainText("Approved");
      await checkA11y(staff);
    } finally {
      await staffContext.close();
    }

    const email = await mailbox.latestTo(member.email, { subject: /request for support is approved/ });
    expect(email.text).toContain("Three sessions with a fundraising coach");
    await page.reload();
    await expect(mine.getByRole("row", { name: /fundraising coach/ })).toContainText("Approved");
    await expect(page.getByText("£900 of the £15,000 cap spent (6%)")).toBeVisible();
  },
);

test(
  "staff record a recovery; only another member of staff may write it off, and the totals count it",
  { tag: "@nojs" },
  async ({ page, browser, baseURL, request, scenario, signInAs, checkA11y }) => {
    const s = await scenario({ entries: 2 });
    const winner = s.entries[0]!;
    const { support } = await awardsFor(request, s.challengeId, winner.id);
    await signInAs("staff", { name: "Rita Recorder" });

    await page.goto(`/staff/support/${support}`);
    await page.getByRole("button", { name: "Record a recovery" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Record a recovery" })).toBeVisible();
    // The support plan's award is already chosen.
    await expect(page.getByLabel("Award", { exact: true })).toHaveValue(String(support));
    await checkA11y();
    await page.getByRole("button", { name: "Record the recovery" }).click();
    await expect(page.getByRole("alert")).toContainText("Select the reason");
    await checkA11y();
    await page.getByRole("radio", { name: "Support not spent" }).check();
    await page.getByLabel("What happened").fill("The apprentice left after four months.");
    await page.getByLabel("Amount due back").fill("1,812.50");
    await page.getByRole("button", { name: "Record the recovery" }).click();
    await expect(page.getByText("Recovery recorded.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("£1,812.50");
    // The one who recorded it cannot write it off.
    await expect(page.getByText("Another member of staff must write this recovery off: you recorded it")).toBeVisible();
    await expect(page.getByRole("radio", { name: "Write it off" })).toHaveCount(0);
    await checkA11y();

    await page.goto(`/staff/awards/${s.challengeId}/payments`);
    await expect(page.getByTestId("recovery-due-total")).toHaveText("£1,812.50");
    await expect(page.getByTestId("recovered-total")).toHaveText("£0");
    await checkA11y();

    const colleagueContext = await otherBrowser(browser);
    try {
      const colleague = await colleagueContext.newPage();
      await signInWith(colleague.request, colleagueContext, baseURL!, "staff", { name: "Will Writer" });
      await colleague.goto(`/staff/awards/${s.challengeId}/payments`);
      await colleague
        .getByRole("table", { name: "Recoveries" })
        .getByRole("link", { name: new RegExp(`recovery from ${winner.organisationName}`) })
        .click();
      await colleague.getByRole("radio", { name: "Write it off" }).check();
      await colleague.getByLabel("Note").fill("The organisation has closed; nothing is left to recover.");
      await colleague.getByRole("button", { name: "Save" }).click();
      await expect(colleague.getByText("Recovery written off.")).toBeVisible();
      await expect(colleague.getByText("Written off by")).toBeVisible();
      await checkA11y(colleague);
    } finally {
      await colleagueContext.close();
    }

    await page.goto(`/staff/support/${support}`);
    const recoveries = page.getByRole("table", { name: "Recoveries" });
    await expect(recoveries.getByRole("row", { name: /apprentice left/ })).toContainText("Written off");
    await page.goto(`/staff/awards/${s.challengeId}/payments`);
    await expect(page.getByTestId("recovery-due-total")).toHaveText("£0");
  },
);
