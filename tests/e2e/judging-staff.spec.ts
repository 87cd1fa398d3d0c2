import type { APIRequestContext } from "@playwright/test";
import { expect, test, type Scenario, type TestUser } from "./fixtures";

// Programme staff run judging: the rubric, round 1 and its assignment, the leaderboard with the
// explanation of a rank and the judge chart, moderation, confirming the shortlist, and round 2
// choosing the winners. Each journey works on a scenario of its own (a closed challenge with
// submitted entries) with judges of its own. Scores are filled in through the staff-judging test
// hook, which gives deterministic scores, so a journey reaches the leaderboard quickly.

async function staffJudgingHook(request: APIRequestContext, data: Record<string, unknown>) {
  const response = await request.post("/test-hooks/staff-judging", { data });
  expect(response.status(), await response.text()).toBe(201);
}

async function judgesFor(
  createUser: (role: "judge", options: { name: string }) => Promise<TestUser>,
  scenario: Scenario,
  count: number,
) {
  const judges: TestUser[] = [];
  for (let i = 0; i < count; i++)
    judges.push(await createUser("judge", { name: `Judge ${scenario.label} ${String.fromCharCode(65 + i)}` }));
  return judges;
}

test.describe("staff side of judging", () => {
  test(
    "staff change the rubric, create and open round 1 and run the assignment",
    { tag: "@nojs" },
    async ({ page, signInAs, createUser, scenario, checkA11y, mailbox }) => {
      // A long journey (a dozen pages, each scanned by axe): three times the usual time limit.
      test.slow();
      const challenge = await scenario({ entries: 4 });
      const judges = await judgesFor(createUser, challenge, 3);
      await signInAs("staff");

      await page.goto("/staff");
      await page.getByRole("main").getByRole("link", { name: "Judging", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Judging" })).toBeVisible();
      await checkA11y();
      await page.getByRole("link", { name: `Scenario challenge ${challenge.label}` }).click();
      await expect(
        page.getByRole("heading", { level: 1, name: `Scenario challenge ${challenge.label}` }),
      ).toBeVisible();
      await checkA11y();

      // The rubric: change a weight, see the total and the warning, put it back.
      await page.getByRole("link", { name: "Rubric" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Rubric" })).toBeVisible();
      await checkA11y();
      await page.getByRole("link", { name: "Change Feasibility" }).click();
      await checkA11y();
      await page.getByLabel("Name").fill("");
      await page.getByLabel("Weight").fill("25");
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(
        page.getByRole("alert").getByRole("link", { name: "Enter the name of the criterion" }),
      ).toBeVisible();
      await expect(page.getByLabel("Weight")).toHaveValue("25");
      await checkA11y();
      await page.getByLabel("Name").fill("Feasibility and delivery");
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page.getByText("Your changes have been saved")).toBeVisible();
      await expect(
        page.getByRole("table", { name: "Criteria" }).getByRole("row", { name: /Total weight/ }),
      ).toContainText("105");
      await expect(page.getByText("The weights of the criteria add up to 105; they must add up to 100")).toBeVisible();
      await checkA11y();
      await page.getByRole("link", { name: "Change Feasibility and delivery" }).click();
      await page.getByLabel("Weight").fill("20");
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(
        page.getByRole("table", { name: "Criteria" }).getByRole("row", { name: /Total weight/ }),
      ).toContainText("100");

      // Round 1, with its defaults from the prize tiers and the challenge's setting.
      await page.getByRole("link", { name: `Scenario challenge ${challenge.label}` }).click();
      await page.getByRole("link", { name: "Create round 1" }).click();
      await expect(page.getByLabel("Entries on the shortlist")).toHaveValue("20");
      await expect(page.getByLabel("Judges for each entry")).toHaveValue("3");
      await expect(page.getByRole("radio", { name: "Yes, hide them" })).toBeChecked();
      await checkA11y();
      await page.getByRole("button", { name: "Create round 1" }).click();
      await expect(page.getByText("The round has been created")).toBeVisible();
      await checkA11y();

      await page.getByRole("navigation", { name: "Round 1" }).getByRole("link", { name: "Judges" }).click();
      for (const judge of judges) await page.getByLabel(`${judge.name} (${judge.email})`).check();
      await checkA11y();
      await page.getByRole("button", { name: "Save judges" }).click();
      await expect(page.getByText("The judges for the round have been saved")).toBeVisible();

      await page.getByRole("navigation", { name: "Round 1" }).getByRole("link", { name: "Overview" }).click();
      await page.getByRole("button", { name: "Open round 1 for scoring" }).click();
      await expect(page.getByText("Scoring is open. The rubric is now locked.")).toBeVisible();
      await checkA11y();

      await page.getByRole("navigation", { name: "Round 1" }).getByRole("link", { name: "Assignment" }).click();
      await page.getByRole("button", { name: "Run the assignment" }).click();
      await expect(page.getByText("The assignment has been run: 12 assignments added.")).toBeVisible();
      const loads = page.getByRole("table", { name: /Judges: load and spread/ });
      for (const judge of judges)
        await expect(
          loads
            .getByRole("row", { name: new RegExp(judge.name) })
            .getByRole("cell")
            .first(),
        ).toHaveText("4");
      await expect(page.getByRole("table", { name: "Entries and their judges" }).locator("tbody tr")).toHaveCount(4);
      await checkA11y();
      const mail = await mailbox.latestTo(judges[0]!.email, { subject: /to score/ });
      expect(mail.subject).toContain("You have 4 entries to score");

      // Running it again changes nothing.
      await page.getByRole("button", { name: "Run the assignment again" }).click();
      await expect(page.getByText("The assignment has been run: 0 assignments added.")).toBeVisible();

      // The rubric is locked now; unlocking needs a reason.
      await page.goto(`/staff/judging/${challenge.challengeId}/rubric`);
      await expect(page.getByText(/The rubric is locked: scoring started/)).toBeVisible();
      await expect(page.getByRole("link", { name: "Add a criterion" })).toHaveCount(0);
      await page.getByRole("button", { name: "Unlock the rubric" }).click();
      await expect(
        page.getByRole("alert").getByRole("link", { name: "Enter why the rubric must change" }),
      ).toBeVisible();
      await checkA11y();
      await page.getByLabel("Why must the rubric change?").fill("A typo in the guidance");
      await page.getByRole("button", { name: "Unlock the rubric" }).click();
      await expect(page.getByText("The rubric has been unlocked.")).toBeVisible();
      await expect(page.getByText(/unlocked by .* \(A typo in the guidance\)/)).toBeVisible();
      await checkA11y();
    },
  );

  test("staff read the leaderboard, the judge chart and how a rank was reached, moderate a flagged entry and confirm the shortlist", async ({
    page,
    request,
    signInAs,
    createUser,
    scenario,
    checkA11y,
  }) => {
    // A long journey (a dozen pages, each scanned by axe): three times the usual time limit.
    test.slow();
    const challenge = await scenario({ entries: 6 });
    const judges = await judgesFor(createUser, challenge, 4);
    const extra = await createUser("judge", { name: `Judge ${challenge.label} Extra` });
    const staff = await signInAs("staff");
    const disputed = challenge.entries[1]!;
    await staffJudgingHook(request, {
      action: "prepare-round",
      challengeId: challenge.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judges.map((j) => j.id),
      advanceCount: 3,
      scores: true,
      disagreeOn: [disputed.id],
    });
    const base = `/staff/judging/${challenge.challengeId}/rounds/1`;

    await page.goto(`${base}/leaderboard`);
    await expect(page.getByRole("heading", { level: 1, name: "Leaderboard" })).toBeVisible();
    await expect(page.getByText("18 of 18 reviews submitted.")).toBeVisible();
    const board = page.getByRole("table", { name: "Entries ranked" });
    await expect(board.locator("tbody tr")).toHaveCount(6);
    await expect(
      board.getByRole("row", { name: new RegExp(disputed.reference) }).getByText("Judges disagree"),
    ).toBeVisible();
    await expect(page.getByText(/Entries are ordered by the chosen score/).first()).toBeVisible();
    await expect(page.getByRole("img", { name: /Each judge's scores as a percentage of the maximum/ })).toBeVisible();
    const stats = page.getByRole("table", { name: "Judge statistics" });
    for (const judge of judges) await expect(stats.getByRole("row", { name: new RegExp(judge.name) })).toBeVisible();
    await checkA11y();

    // Staff choose the ranking: raw scores from now on.
    await page.getByRole("radio", { name: "Raw score" }).check();
    await page.getByRole("button", { name: "Change the ranking" }).click();
    await expect(page.getByText("The ranking has been changed")).toBeVisible();
    await expect(page.getByText("Ranked by: raw score")).toBeVisible();
    await checkA11y();

    // How the top entry's rank was reached.
    const top = board.locator("tbody tr").first();
    await top.getByRole("link").click();
    await expect(page.getByRole("heading", { level: 2, name: "Each judge's scores" })).toBeVisible();
    await expect(page.getByText(/^1 of 6 \(by raw score\)$/)).toBeVisible();
    await expect(page.getByRole("table", { name: /^Scores from Judge/ })).toHaveCount(3);
    await expect(page.getByText(/÷ 3 =/).first()).toBeVisible();
    await checkA11y();

    // Moderation: the disputed entry gets another judge and a decision.
    await page.getByRole("navigation", { name: "Round 1" }).getByRole("link", { name: "Moderation" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Moderation" })).toBeVisible();
    await checkA11y();
    await page
      .getByRole("table", { name: "Entries where the judges disagree" })
      .getByRole("link", { name: disputed.reference })
      .click();
    await expect(page.getByText("Yes: the judges disagree")).toBeVisible();
    await page.getByRole("button", { name: "Add the judge" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    await checkA11y();
    await page.getByLabel("Judge", { exact: true }).selectOption({ label: `${extra.name} (not yet on this round)` });
    await page.getByLabel("Why is a judge being added?").fill("The judges are 100 points apart");
    await page.getByRole("button", { name: "Add the judge" }).click();
    await expect(page.getByText("The judge has been added and emailed")).toBeVisible();
    await page.getByRole("radio", { name: "The scores stand" }).check();
    await page.getByLabel("Reason", { exact: true }).fill("Both views are reasonable; the third judge confirms");
    await page.getByRole("button", { name: "Record the decision" }).click();
    await expect(page.getByText("The decision has been recorded")).toBeVisible();
    const decisions = page.getByRole("table", { name: "Decisions" });
    await expect(decisions.getByRole("row", { name: /The scores stand/ })).toBeVisible();
    await expect(decisions.getByRole("row", { name: /A judge was added/ })).toBeVisible();
    await page
      .getByRole("button", { name: new RegExp(`Approve comments from ${judges[0]!.name}|Approve comments`) })
      .first()
      .click();
    await expect(page.getByText("The comments have been approved as feedback")).toBeVisible();
    await checkA11y();

    // Confirm the shortlist: a change to the proposal needs a reason.
    await page
      .getByRole("navigation", { name: "Round 1" })
      .getByRole("link", { name: "Confirm the shortlist" })
      .click();
    const ticked = page
      .getByRole("group", { name: "Entries on the shortlist" })
      .getByRole("checkbox", { checked: true });
    await expect(ticked).toHaveCount(3);
    await checkA11y();
    await ticked.first().uncheck();
    await page.getByRole("button", { name: "Confirm the shortlist" }).click();
    await expect(
      page.getByRole("alert").getByRole("link", { name: /Give the reason for changing the proposed list/ }),
    ).toBeVisible();
    await checkA11y();
    await page.getByLabel("Reason for any change to the proposal").fill("The entrant withdrew from the final");
    await page.getByRole("button", { name: "Confirm the shortlist" }).click();
    await expect(page.getByText("The shortlist is confirmed. Round 2 can now be created.")).toBeVisible();
    const result = page.getByRole("table", { name: "Confirmed result" });
    await expect(result.locator("tbody tr")).toHaveCount(6);
    await expect(result.getByText("Yes")).toHaveCount(2);
    await expect(result.getByText(/changed by staff: The entrant withdrew from the final/)).toBeVisible();
    await checkA11y();
  });

  test("round 2, scored by the final panel, gives the top 3", async ({
    page,
    request,
    signInAs,
    createUser,
    scenario,
    checkA11y,
  }) => {
    // A long journey (a dozen pages, each scanned by axe): three times the usual time limit.
    test.slow();
    const challenge = await scenario({ entries: 8 });
    const judges = await judgesFor(createUser, challenge, 3);
    const panel = [
      await createUser("judge", { name: `Panel ${challenge.label} One` }),
      await createUser("judge", { name: `Panel ${challenge.label} Two` }),
    ];
    const staff = await signInAs("staff");
    await staffJudgingHook(request, {
      action: "prepare-round",
      challengeId: challenge.challengeId,
      number: 1,
      staffUserId: staff.id,
      judgeUserIds: judges.map((j) => j.id),
      advanceCount: 5,
      confirm: true,
    });

    await page.goto(`/staff/judging/${challenge.challengeId}`);
    await page.getByRole("link", { name: "Create round 2" }).click();
    await expect(page.getByLabel("Winners")).toHaveValue("3");
    await checkA11y();
    await page.getByRole("button", { name: "Create round 2" }).click();
    await expect(page.getByText("The round has been created")).toBeVisible();
    await page.getByRole("navigation", { name: "Round 2" }).getByRole("link", { name: "Judges" }).click();
    for (const judge of panel) await page.getByLabel(`${judge.name} (${judge.email})`).check();
    await page.getByRole("button", { name: "Save judges" }).click();
    // Wait for the save to land: a navigation started before it would show the round unsaved.
    await expect(page.getByText("The judges for the round have been saved")).toBeVisible();
    await page.getByRole("navigation", { name: "Round 2" }).getByRole("link", { name: "Overview" }).click();
    // Every member of the panel scores every shortlisted entry.
    await expect(
      page.locator(".govuk-summary-list__row", { hasText: "Judges for each entry" }).getByRole("definition"),
    ).toHaveText("2");
    await page.getByRole("button", { name: "Open round 2 for scoring" }).click();
    await expect(page.getByText("Scoring is open.")).toBeVisible();
    await page.getByRole("navigation", { name: "Round 2" }).getByRole("link", { name: "Assignment" }).click();
    await page.getByRole("button", { name: "Run the assignment" }).click();
    await expect(page.getByText("The assignment has been run: 10 assignments added.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Entries and their judges" }).locator("tbody tr")).toHaveCount(5);
    await checkA11y();

    await staffJudgingHook(request, { action: "fill-scores", challengeId: challenge.challengeId, number: 2 });
    await page.getByRole("navigation", { name: "Round 2" }).getByRole("link", { name: "Leaderboard" }).click();
    await expect(page.getByText("10 of 10 reviews submitted.")).toBeVisible();
    await checkA11y();
    await page.getByRole("navigation", { name: "Round 2" }).getByRole("link", { name: "Confirm the winners" }).click();
    await expect(page.getByRole("group", { name: "Winners" }).getByRole("checkbox", { checked: true })).toHaveCount(3);
    await page.getByRole("button", { name: "Confirm the winners" }).click();
    await expect(page.getByText("The winners are confirmed.")).toBeVisible();
    const result = page.getByRole("table", { name: "Confirmed result" });
    await expect(result.locator("tbody tr")).toHaveCount(5);
    await expect(result.getByRole("cell", { name: "Yes", exact: true })).toHaveCount(3);
    await checkA11y();
  });
});
