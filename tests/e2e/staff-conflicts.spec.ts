import type { APIRequestContext } from "@playwright/test";
import { expect, test, type Scenario } from "./fixtures";

// Staff conflicts of interest, on a challenge of the test's own whose judging rounds are
// confirmed (POST /test-hooks/awards): a member of staff who belongs to a winning entry's
// organisation sees the entry flagged on the award list and on the entry's page, finds no approve
// button and is refused even by a hand-made request; a colleague without a conflict approves. A
// member of staff declares a conflict from an entry's page, is flagged for it, and withdraws it.

/** Both judging rounds confirmed: the first two entries shortlisted, the first the winner. */
async function roundsConfirmed(s: Scenario, request: APIRequestContext) {
  const [first, second] = s.entries;
  const hook = await request.post("/test-hooks/awards", {
    data: { challengeId: s.challengeId, shortlist: [first!.id, second!.id], winners: [first!.id] },
  });
  expect(hook.status(), await hook.text()).toBe(201);
}

test.describe("staff conflicts of interest", () => {
  test(
    "a member of staff in a winning entry's organisation is flagged and cannot approve the awards",
    { tag: "@nojs" },
    async ({ page, request, scenario, signInAs, checkA11y }) => {
      const s = await scenario({ entries: 3 });
      const [first, second] = s.entries;
      await roundsConfirmed(s, request);
      const awardsUrl = `/staff/awards/${s.challengeId}`;

      await signInAs("staff", { name: "Sam Proposer" });
      await page.goto(awardsUrl);
      await page.getByRole("button", { name: "Propose these awards" }).click();
      await expect(page.getByText("The awards are proposed.")).toBeVisible();

      // A member of staff who is also a member of the winning organisation.
      await signInAs("staff", { name: "Casey Conflicted", organisationId: first!.organisationId });
      await page.goto(awardsUrl);
      const flag = `You have a conflict of interest with this entry (you belong to its organisation)`;
      for (const table of [/^Top 20:/, /^Top 3:/]) {
        const row = page.getByRole("table", { name: table }).getByRole("row", { name: new RegExp(first!.reference) });
        await expect(row).toContainText("Conflict of interest");
        await expect(row).toContainText(flag);
      }
      await expect(
        page.getByRole("table", { name: /^Top 20:/ }).getByRole("row", { name: new RegExp(second!.reference) }),
      ).not.toContainText("Conflict of interest");
      await expect(
        page.getByText(`You have a conflict of interest with ${first!.reference} (you belong to its organisation).`),
      ).toBeVisible();
      await expect(page.getByRole("button", { name: "Approve the awards" })).toHaveCount(0);
      await expect(
        page.getByText(
          "You have a conflict of interest with an entry on this list, so another member of staff must approve it.",
        ),
      ).toBeVisible();
      await checkA11y();

      // Even a hand-made request is refused, with the reason in words.
      const approval = await page.request.post(awardsUrl, { form: { intent: "approve" } });
      expect(approval.status()).toBe(403);
      expect(await approval.text()).toContain(
        `You cannot approve this award list: you have a conflict of interest with ${first!.reference} (you belong to its organisation)`,
      );

      // The entry's own page says so too.
      await page
        .getByRole("table", { name: /^Top 3:/ })
        .getByRole("link", { name: first!.reference })
        .click();
      await expect(page.getByRole("heading", { level: 1, name: first!.title })).toBeVisible();
      await expect(page.locator(".govuk-warning-text", { hasText: flag })).toBeVisible();
      await checkA11y();

      // A colleague without a conflict approves.
      await signInAs("staff", { name: "Kim Approver" });
      await page.goto(awardsUrl);
      await expect(page.getByText("Conflict of interest", { exact: true })).toHaveCount(0);
      await page.getByRole("button", { name: "Approve the awards" }).click();
      await expect(page.getByText("The awards are approved. They can now be published.")).toBeVisible();
    },
  );

  test(
    "a member of staff declares a conflict from an entry's page, is flagged for it, and withdraws it",
    { tag: "@nojs" },
    async ({ page, request, scenario, signInAs, checkA11y }) => {
      const s = await scenario({ entries: 3 });
      const [, second] = s.entries;
      await roundsConfirmed(s, request);

      await signInAs("staff", { name: "Dee Declarer" });
      await page.goto(`/staff/entries/${second!.reference}`);
      await page.getByRole("link", { name: "Declare a conflict of interest" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Conflict of interest" })).toBeVisible();
      await checkA11y();
      await page.getByRole("button", { name: "Declare a conflict of interest" }).click();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(
        page.getByRole("link", { name: "Enter why you have a conflict of interest with this entry" }),
      ).toBeVisible();
      await checkA11y();
      await page
        .getByLabel(`Why do you have a conflict of interest with ${second!.reference}?`)
        .fill("My sister runs it");
      await page.getByRole("button", { name: "Declare a conflict of interest" }).click();
      await expect(page.getByText("Conflict of interest declared")).toBeVisible();
      await expect(
        page.locator(".govuk-warning-text", {
          hasText: "You have a conflict of interest with this entry (you declared it)",
        }),
      ).toBeVisible();
      await expect(page.getByRole("row", { name: /Staff conflict declared/ })).toContainText("My sister runs it");
      await checkA11y();

      // The award list flags it.
      await page.goto(`/staff/awards/${s.challengeId}`);
      await expect(
        page.getByRole("table", { name: /^Top 20:/ }).getByRole("row", { name: new RegExp(second!.reference) }),
      ).toContainText("You have a conflict of interest with this entry (you declared it)");

      await page.goto(`/staff/entries/${second!.reference}`);
      await page.getByRole("link", { name: "Withdraw your declaration" }).click();
      await expect(page.getByText("Your reason: My sister runs it")).toBeVisible();
      await page.getByRole("button", { name: "Withdraw your declaration" }).click();
      await expect(page.getByText("Your declaration of a conflict of interest is withdrawn")).toBeVisible();
      await expect(page.locator(".govuk-warning-text", { hasText: "conflict of interest" })).toHaveCount(0);
      await expect(page.getByRole("row", { name: /Staff conflict withdrawn/ })).toBeVisible();
    },
  );
});
