import { expect, test } from "./fixtures";

// The retention schedule as people see it: the public read it on the privacy notice, and staff
// see what the hourly retention job will remove next. Both come from the same schedule.

const PERIODS = [
  "Until the session ends",
  "30 days after the email was sent, then deleted.",
  "6 months after the challenge closed",
  "2 years after the later of",
  "7 years after the challenge the award was made in closed",
];

test.describe("keeping and removing records", () => {
  test(
    "the privacy notice lists how long each kind of record is kept, and why",
    { tag: "@nojs" },
    async ({ page, checkA11y }) => {
      await page.goto("/privacy");
      await expect(page.getByRole("heading", { level: 2, name: "How long we keep it" })).toBeVisible();
      const table = page.getByRole("table", { name: "How long we keep each kind of record" });
      await expect(table.getByRole("rowheader")).toHaveCount(14);
      await expect(table.getByRole("rowheader", { name: "Copies of the emails we sent you" })).toBeVisible();
      for (const period of PERIODS) await expect(table.getByText(period)).toBeVisible();
      await expect(table.getByText(/Public bodies must keep records of money they spend for 7 years/)).toBeVisible();
      await checkA11y();
    },
  );

  test(
    "staff see what the next run will remove, rule by rule",
    { tag: "@nojs" },
    async ({ page, context, baseURL, signInAs, checkA11y }) => {
      await signInAs("staff");
      await page.goto("/staff");
      await page.getByRole("link", { name: "Keeping and removing records" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Keeping and removing records" })).toBeVisible();
      await expect(
        page.getByText(/^(Last run: .+\.|It has not run yet\.) Next run: .+ or soon after\.$/),
      ).toBeVisible();
      const table = page.getByRole("table", { name: "What the next run will remove" });
      await expect(table.getByRole("rowheader")).toHaveCount(14);
      const sessions = table.getByRole("row", { name: /^Signed-in sessions/ });
      await expect(sessions.getByRole("cell").nth(1)).toHaveText("Deleted");
      await checkA11y();

      // A century from now every session open today has ended: the page counts at least this one.
      await context.addCookies([{ name: "cric_test_now", value: "2126-12-01T12:00:00Z", url: baseURL! }]);
      await page.reload();
      await expect(sessions.getByRole("cell").nth(2)).not.toHaveText("0");
      await expect(page.getByText(/^[\d,]+ records? (is|are) due to be removed\.$/)).toBeVisible();
    },
  );
});
