import { expect, test } from "./fixtures";

// The programme's budget: staff set it on the challenge's set-up pages; proposing the awards shows
// what they commit against it and is refused over it without a reason; the approver sees the
// reason; the board report shows the money against the budget as a chart and a table.

test(
  "staff set the budget; awards over it need a reason the approver sees; the board report shows the money",
  { tag: "@nojs" },
  async ({ page, request, scenario, signInAs, checkA11y }) => {
    test.slow();
    const s = await scenario({ entries: 4 });
    const [first, second, third] = s.entries;
    // Three £500 prizes and one £15,000 support cap: £16,500 committed.
    const hook = await request.post("/test-hooks/awards", {
      data: { challengeId: s.challengeId, shortlist: [first!.id, second!.id, third!.id], winners: [first!.id] },
    });
    expect(hook.status(), await hook.text()).toBe(201);

    await signInAs("staff", { name: "Sam Proposer" });
    await page.goto(`/staff/challenge/${s.challengeId}`);
    await expect(page.getByRole("heading", { level: 2, name: "Budget" })).toBeVisible();
    await page.getByRole("link", { name: "Change budget" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Budget" })).toBeVisible();
    await checkA11y();
    await page.getByLabel("Budget in pounds").fill("lots");
    await page.getByRole("button", { name: "Save the budget" }).click();
    await expect(page.getByRole("alert")).toContainText("The budget must be an amount of money");
    await expect(page.getByLabel("Budget in pounds")).toHaveValue("lots");
    await checkA11y();
    await page.getByLabel("Budget in pounds").fill("3,000");
    await page.getByRole("button", { name: "Save the budget" }).click();
    await expect(page.getByText("Your changes have been saved")).toBeVisible();
    await expect(page.locator(".govuk-summary-list__row", { hasText: "Programme budget" })).toContainText("£3,000");

    // The proposal shows what it commits against the budget, and is refused over it without a reason.
    const awardsUrl = `/staff/awards/${s.challengeId}`;
    await page.goto(awardsUrl);
    const row = (key: string) => page.locator(".govuk-summary-list__row", { hasText: key });
    await expect(row("These awards would commit")).toContainText("£16,500 (cash prizes plus support caps)");
    await expect(row("Over the budget by")).toContainText("£13,500");
    await checkA11y();
    await page.getByRole("button", { name: "Propose these awards" }).click();
    await expect(page.getByRole("alert")).toContainText(
      "These awards commit £16,500 (cash prizes and support caps), £13,500 over the budget of £3,000",
    );
    await expect(page.getByRole("button", { name: "Approve the awards" })).toHaveCount(0);
    await checkA11y();
    await page.getByLabel("Why should these awards go over the budget?").fill("The board agreed the extra support");
    await page.getByRole("button", { name: "Propose these awards" }).click();
    await expect(
      page.getByText("The awards are proposed. Another member of staff must now approve them."),
    ).toBeVisible();

    // The approver sees the overspend and the reason before approving.
    await signInAs("staff", { name: "Kim Approver" });
    await page.goto(awardsUrl);
    await expect(row("This list commits")).toContainText("£16,500");
    await expect(page.getByText("This list goes £13,500 over the budget.")).toContainText(
      "The board agreed the extra support",
    );
    await expect(page.getByRole("button", { name: "Approve the awards" })).toBeVisible();
    await checkA11y();

    // The board report: the money against the budget, as a chart and its table.
    await page.goto(`/staff/reports?challenge=${s.challengeId}`);
    await expect(page.getByRole("img", { name: /Chart: The programme's money/ })).toBeVisible();
    const money = page.getByRole("table", { name: "Table: The programme's money" });
    const figure = (measure: string) => money.getByRole("row", { name: new RegExp(`^${measure}`) });
    await expect(figure("Budget")).toContainText("£3,000");
    await expect(figure("Committed")).toContainText("£16,500");
    await expect(figure("Prizes paid")).toContainText("£0");
    await expect(figure("Support spent")).toContainText("£0");
    await expect(figure("Recovered")).toContainText("£0");
    await expect(figure("Remaining")).toContainText("-£13,500");
    await checkA11y();
  },
);
