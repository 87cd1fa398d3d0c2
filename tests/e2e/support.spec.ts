import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";

// A winner's support plan: staff record coaching up to the cap, are refused an item over it and
// then record it with an authorised override; the winner posts a progress update from their
// account. Each journey works on its own scenario challenge with awards made through
// POST /test-hooks/support, so nothing here touches the demo challenge.

interface TestAward {
  awardId: number;
  tier: "top20" | "top3";
}

async function awardsFor(
  request: APIRequestContext,
  challengeId: number,
  entryId: number,
): Promise<{ cash: number; support: number }> {
  const response = await request.post("/test-hooks/support", {
    data: {
      challengeId,
      awards: [
        { entryId, tier: "top20", paymentStatus: "paid" },
        { entryId, tier: "top3" },
      ],
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { awards } = (await response.json()) as { awards: TestAward[] };
  return {
    cash: awards.find((a) => a.tier === "top20")!.awardId,
    support: awards.find((a) => a.tier === "top3")!.awardId,
  };
}

test("staff add coaching up to the cap, are refused an item over it, then add it with an authorised override", async ({
  page,
  request,
  scenario,
  signInAs,
  checkA11y,
}) => {
  const s = await scenario({ entries: 2 });
  const winner = s.entries[0]!;
  await awardsFor(request, s.challengeId, winner.id);
  await signInAs("staff");

  await page.goto("/staff");
  await page.getByRole("main").getByRole("link", { name: "Support for winners" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Support for winners" })).toBeVisible();
  await checkA11y();
  await page.getByRole("link", { name: winner.organisationName }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Support plan: ${winner.organisationName}` })).toBeVisible();
  await expect(page.getByText("£0 of the £15,000 cap spent (0%)")).toBeVisible();
  await checkA11y();

  const addCoaching = async (amount: string, description: string) => {
    await page.getByRole("button", { name: "Add support" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Add support" })).toBeVisible();
    await page.getByRole("radio", { name: "Coaching session" }).check();
    const date = page.getByRole("group", { name: "Date" });
    await date.getByLabel("Day").fill("4");
    await date.getByLabel("Month").fill("5");
    await date.getByLabel("Year").fill("2026");
    await page.getByLabel("What the support was").fill(description);
    await page.getByLabel("Coach (coaching sessions only)").fill("Priya Shah");
    await page.getByLabel("Hours (coaching sessions only)").fill("3");
    await page.getByLabel("Cost or value").fill(amount);
    await page.getByRole("button", { name: "Add to the ledger" }).click();
  };

  await addCoaching("10,000", "Business model workshop");
  await expect(page.getByText("Support added to the ledger.")).toBeVisible();
  await addCoaching("5000.00", "Investor pitch coaching");
  await expect(page.getByText("£15,000 of the £15,000 cap spent (100%)")).toBeVisible();
  const ledger = page.getByRole("table", { name: "Ledger" });
  await expect(ledger.getByRole("row", { name: /Total/ })).toContainText("£15,000");
  await checkA11y();

  // £250 more would go over: refused, with what was typed kept.
  await addCoaching("250", "Follow-up session");
  await expect(page).toHaveTitle(/^Error: /);
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("This would take the total to £15,250.00, £250.00 over the £15,000.00 cap");
  await expect(page.getByLabel("Cost or value")).toHaveValue("250");
  await expect(page.getByLabel("What the support was")).toHaveValue("Follow-up session");
  await expect(page.getByRole("radio", { name: "Coaching session" })).toBeChecked();
  await checkA11y();

  await page
    .getByLabel("Reason for the authorised override")
    .fill("Agreed by the programme director on 5 May: the winner's launch needs one more session");
  await page.getByRole("button", { name: "Add to the ledger" }).click();
  await expect(page.getByText("Support added over the cap, with your authorised override recorded.")).toBeVisible();
  await expect(page.getByText("Over the cap by override")).toBeVisible();
  await expect(
    page.getByText(/£15,250 of the £15,000 cap spent \(100%\), £250 over the cap by authorised override/),
  ).toBeVisible();
  await checkA11y();

  // A milestone already past its due date shows as late.
  await page.getByRole("button", { name: "Add a milestone" }).click();
  await page.getByLabel("Milestone", { exact: true }).fill("Business plan agreed");
  const due = page.getByRole("group", { name: "Due date" });
  await due.getByLabel("Day").fill("1");
  await due.getByLabel("Month").fill("4");
  await due.getByLabel("Year").fill("2026");
  await page.getByLabel("In progress").check();
  await checkA11y();
  await page.getByRole("button", { name: "Add the milestone" }).click();
  await expect(page.getByText("Milestone added.")).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Milestones" }).getByRole("row", { name: /Business plan agreed/ }),
  ).toContainText("Late");

  await page.getByLabel("Add a note").fill("Strong pitch; follow up on the cash-flow forecast.");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByText("Note added.")).toBeVisible();
  await expect(page.getByText("Strong pitch; follow up on the cash-flow forecast.")).toBeVisible();
  await checkA11y();
});

test(
  "the winner sees their plan and posts a progress update",
  { tag: "@nojs" },
  async ({ page, request, scenario, signInAs, checkA11y }) => {
    const s = await scenario({ entries: 2 });
    const winner = s.entries[0]!;
    const { cash } = await awardsFor(request, s.challengeId, winner.id);
    await signInAs("entrant", { organisationId: winner.organisationId });

    // The winner's award page links here with either award's id; the cash prize's leads to the plan.
    await page.goto(`/awards/${cash}/progress`);
    await expect(page.getByRole("heading", { level: 1, name: "Your support plan and progress" })).toBeVisible();
    await expect(page.getByText("£0 of the £15,000 cap spent (0%)")).toBeVisible();
    await checkA11y();

    await page.getByRole("button", { name: "Post update" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByRole("alert")).toContainText("Enter your progress update");
    await checkA11y();

    await page.getByLabel("Your update").fill("We ran our first repair cafe: 40 people came and 25 items were fixed.");
    await page.getByRole("button", { name: "Post update" }).click();
    await expect(page.getByText("Your progress update has been sent to the programme team.")).toBeVisible();
    await expect(page.getByText("We ran our first repair cafe: 40 people came and 25 items were fixed.")).toBeVisible();
    await checkA11y();
  },
);

test("someone outside the winning organisation cannot see its plan", async ({ page, request, scenario, signInAs }) => {
  const s = await scenario({ entries: 2 });
  const { support } = await awardsFor(request, s.challengeId, s.entries[0]!.id);
  await signInAs("entrant", { organisationId: s.entries[1]!.organisationId });
  const response = await page.goto(`/awards/${support}/progress`);
  expect(response?.status()).toBe(404);
});
