import { expect, test } from "../fixtures";
import { AFTER_DEMO_CHALLENGE } from "../support/clock";

// Staff close the demo challenge once its entries have closed and open the next one, which then
// becomes the challenge page. It changes what every other journey relies on (the open demo
// challenge), so it runs in the "lifecycle" project, after all the others. The browser carries
// the test clock (TEST_HOOKS only) set after the demo challenge and its extensions have closed.

const DEMO_TITLE = "Community Recovery Innovation Challenge 2027";
const LATER = AFTER_DEMO_CHALLENGE;

test("staff close the finished challenge and open the next one, which visitors then see", async ({
  page,
  context,
  baseURL,
  signInAs,
  scenario,
  checkA11y,
}) => {
  await context.addCookies([{ name: "cric_test_now", value: LATER, url: baseURL! }]);
  const next = await scenario({
    entries: 0,
    status: "draft",
    label: "Next",
    opensAt: new Date("2028-01-05T09:00:00Z"),
    closesAt: new Date("2028-03-31T22:59:00Z"),
  });
  await signInAs("staff");

  // Opening is refused while the demo challenge is still open.
  await page.goto(`/staff/challenge/${next.challengeId}/open`);
  await expect(
    page.getByText(`${DEMO_TITLE} is open. Only one challenge can be open at a time`, { exact: false }),
  ).toBeVisible();

  await page.goto("/staff/challenge");
  await page.getByRole("link", { name: DEMO_TITLE, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_TITLE })).toBeVisible();
  const demoOverview = new URL(page.url()).pathname;
  await page.goto(`${demoOverview}/close`);
  await expect(page.getByRole("heading", { level: 1, name: "Close the challenge" })).toBeVisible();
  await expect(page.getByText("Entries closed at 11:59pm on 21 March 2027.", { exact: false })).toBeVisible();
  await checkA11y();
  await page.getByRole("button", { name: "Close the challenge" }).click();
  await expect(page.getByRole("heading", { name: "The challenge is closed" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_TITLE })).toBeVisible();

  await page.goto(`/staff/challenge/${next.challengeId}/open`);
  await expect(page.getByRole("heading", { level: 1, name: "Open the challenge" })).toBeVisible();
  await expect(page.getByText("You cannot open this challenge yet:")).toHaveCount(0);
  await checkA11y();
  await page.getByRole("button", { name: "Open the challenge" }).click();
  await expect(
    page.getByRole("heading", { name: "The challenge is open. The challenge page now shows it" }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Scenario challenge Next" })).toBeVisible();
  await checkA11y();
  await page.goto("/staff/challenge");
  await expect(page.getByRole("row", { name: /^Scenario challenge Next Open/ })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`^${DEMO_TITLE} Closed`) })).toBeVisible();

  // The challenge page now shows the new challenge to everyone.
  await context.clearCookies({ name: "cric_session" });
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Scenario challenge Next" })).toBeVisible();
  // 22:59 UTC on 31 March 2028 is 11:59pm British Summer Time.
  await expect(page.getByText("Closes in 81 days", { exact: true })).toBeVisible();
  await expect(page.getByText("Entries close at 11:59pm on 31 March 2028.", { exact: false }).first()).toBeVisible();
  await checkA11y();
});
