import type { Page } from "@playwright/test";
import type { OpenRound } from "../../app/dev-tools/test-judging.server";
import { expect, test, type Scenario } from "./fixtures";
import { enterSecondStepCode } from "./support/second-factor";

// A judge's side of judging, on a challenge of the test's own with an open round where the
// judge has every entry (POST /test-hooks/judging): affiliations, the declaration of interests,
// a conflicted entry that cannot be opened even by its address, and scoring two entries over two
// sittings. Runs with JavaScript off as well (@nojs): everything is plain forms and links.

const CRITERIA = [
  "Impact on the community",
  "Feasibility",
  "Innovation",
  "Fit with the priorities and principles",
  "Value for money",
] as const;

async function scoreCriterion(page: Page, criterion: string, score: string) {
  await page.getByRole("group", { name: criterion }).getByRole("radio", { name: score, exact: true }).check();
}

test(
  "a judge declares a conflict, cannot open that entry, and scores two entries over two sittings",
  { tag: "@nojs" },
  async ({ page, request, signInAs, scenario, checkA11y }) => {
    // A long journey (a dozen pages, each scanned by axe): three times the usual time limit.
    test.slow();
    const s: Scenario = await scenario({ entries: 3 });
    const password = "Scoring-sittings-2026";
    const judge = await signInAs("judge", { name: "Jo Marsh", password });
    const response = await request.post("/test-hooks/judging", {
      data: { challengeId: s.challengeId, judgeUserIds: [judge.id] },
    });
    expect(response.status(), await response.text()).toBe(201);
    const round = (await response.json()) as OpenRound;
    const assignmentOf = (index: number) =>
      round.assignments.find((a) => a.entryId === s.entries[index]!.id)!.assignmentId;
    const [first, conflicted, second] = [s.entries[0]!, s.entries[1]!, s.entries[2]!];
    const title = `Scenario challenge ${s.label}`;

    // Nothing to read before the declaration.
    await page.goto("/judging");
    await expect(page.getByRole("heading", { level: 1, name: "Your judging" })).toBeVisible();
    await expect(page.getByRole("heading", { name: `${title}: declare your interests first` })).toBeVisible();
    await expect(page.getByRole("link", { name: first.reference })).toHaveCount(0);
    await checkA11y();
    expect((await page.goto(`/judging/${assignmentOf(0)}`))?.status()).toBe(404);
    await page.goto("/judging");

    // Affiliations.
    await page.getByRole("link", { name: "Organisations and councils you work for" }).click();
    await expect(
      page.getByRole("heading", { level: 1, name: "Organisations and councils you work for" }),
    ).toBeVisible();
    await checkA11y();
    await page.getByRole("button", { name: "Add organisation" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(
      page.getByRole("alert").getByRole("link", { name: "Enter the name of the organisation" }),
    ).toBeVisible();
    await checkA11y();
    await page.getByLabel("Name of the organisation").fill("Hillfields Allotment Society");
    await page.getByLabel("Your role (optional)").fill("Trustee");
    await page.getByRole("button", { name: "Add organisation" }).click();
    await expect(page.getByText("Affiliation added")).toBeVisible();
    await expect(page.getByRole("term").filter({ hasText: "Hillfields Allotment Society" })).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: "Trustee" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Remove Hillfields Allotment Society" })).toBeVisible();
    await checkA11y();

    // The declaration: one conflict, with its reason.
    await page.getByRole("link", { name: "Back to your judging" }).click();
    await page.getByRole("link", { name: `Declare your interests for the ${title}` }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Declare your interests" })).toBeVisible();
    for (const entry of s.entries)
      await expect(page.getByRole("checkbox", { name: entry.organisationName })).toBeVisible();
    await checkA11y();
    await page.getByRole("checkbox", { name: conflicted.organisationName }).check();
    await page.getByRole("button", { name: "Confirm your declaration" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    const problems = page.getByRole("alert");
    await expect(
      problems.getByRole("link", { name: `Enter why you have a conflict with ${conflicted.organisationName}` }),
    ).toBeVisible();
    await expect(
      problems.getByRole("link", { name: "Confirm that you have declared every conflict of interest you have" }),
    ).toBeVisible();
    await expect(page.getByRole("checkbox", { name: conflicted.organisationName })).toBeChecked();
    await checkA11y();
    await page
      .getByLabel(`Why do you have a conflict of interest with ${conflicted.organisationName}?`)
      .fill("My partner chairs its board");
    await page.getByRole("checkbox", { name: /I have declared every conflict of interest/ }).check();
    await page.getByRole("button", { name: "Confirm your declaration" }).click();
    await expect(page.getByText("Your declaration of interests is confirmed")).toBeVisible();
    await expect(page.getByText("1 entry has been taken out of your list because of a conflict.")).toBeVisible();
    await expect(page.getByText("0 of 2 scored", { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: conflicted.reference })).toHaveCount(0);
    await checkA11y();

    // The conflicted entry, even by its address: page not found.
    const missing = await page.goto(`/judging/${assignmentOf(1)}`);
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByText(conflicted.title)).toHaveCount(0);
    await checkA11y();

    // First sitting: part of the first entry, saved for later.
    await page.goto("/judging");
    await page.getByRole("link", { name: first.reference }).click();
    await expect(page.getByRole("heading", { level: 1, name: first.title })).toBeVisible();
    await expect(page.getByText("The organisation’s name is hidden in this round")).toBeVisible();
    await expect(page.getByText(first.organisationName)).toHaveCount(0);
    await checkA11y();
    await scoreCriterion(page, CRITERIA[0], "4");
    await scoreCriterion(page, CRITERIA[1], "2");
    await page.getByLabel("Your comment on feasibility (optional)").fill("The volunteer plan is thin.");
    await page.getByRole("button", { name: "Save and come back later" }).click();
    await expect(page.getByText(`Your scores for ${first.reference} are saved`)).toBeVisible();
    const firstRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: first.reference }) });
    await expect(firstRow.getByText("In progress")).toBeVisible();
    await checkA11y();

    // Signed out and back in: the saved scores are there; submitting needs every criterion.
    // Wait for each step to land: a sign-out still in flight could end the next session.
    await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "You are signed out" })).toBeVisible();
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(judge.email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
    await enterSecondStepCode(page, judge.totpKey!);
    await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toBeVisible();
    await page.getByRole("banner").getByRole("link", { name: "Judging" }).click();
    await page.getByRole("link", { name: first.reference }).click();
    const firstGroup = page.getByRole("group", { name: CRITERIA[0] });
    await expect(firstGroup.getByRole("radio", { name: "4", exact: true })).toBeChecked();
    await expect(
      page.getByRole("group", { name: CRITERIA[1] }).getByRole("radio", { name: "2", exact: true }),
    ).toBeChecked();
    await expect(page.getByLabel("Your comment on feasibility (optional)")).toHaveValue("The volunteer plan is thin.");
    await page.getByRole("button", { name: "Submit scores" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    for (const criterion of CRITERIA.slice(2)) {
      await expect(
        page.getByRole("alert").getByRole("link", { name: `Select a score for ${criterion}` }),
      ).toBeVisible();
    }
    await expect(firstGroup.getByRole("radio", { name: "4", exact: true })).toBeChecked();
    await checkA11y();
    for (const criterion of CRITERIA.slice(2)) await scoreCriterion(page, criterion, "3");
    await page.getByRole("button", { name: "Submit scores" }).click();
    await expect(page.getByText(`Your scores for ${first.reference} are submitted`)).toBeVisible();
    await expect(page.getByText("1 of 2 scored", { exact: true })).toBeVisible();

    // Second sitting: the other entry, in one go.
    await page.goto("/");
    await page.getByRole("banner").getByRole("link", { name: "Judging" }).click();
    await page.getByRole("link", { name: second.reference }).click();
    for (const [i, criterion] of CRITERIA.entries()) await scoreCriterion(page, criterion, String(i % 6));
    await page.getByLabel("Overall comment (optional)").fill("A practical idea with a clear need.");
    await page.getByRole("button", { name: "Submit scores" }).click();
    await expect(page.getByText(`Your scores for ${second.reference} are submitted`)).toBeVisible();
    await expect(page.getByText("2 of 2 scored", { exact: true })).toBeVisible();
    const progress = page.getByRole("progressbar", { name: "2 of 2 scored" });
    await expect(progress).toHaveAttribute("value", "2");
    await checkA11y();

    // A submitted review can be read and changed while the round is open.
    await page.getByRole("link", { name: second.reference }).click();
    await expect(page.getByText(/You submitted your scores at/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Submit changed scores" })).toBeVisible();
    await expect(page.getByLabel("Overall comment (optional)")).toHaveValue("A practical idea with a clear need.");
    await checkA11y();
  },
);

test("hostile posts to the judging forms get a 4xx, never a 500, and unknown addresses a 404", async ({
  page,
  signInAs,
  scenario,
}) => {
  const s: Scenario = await scenario({ entries: 2 });
  const judge = await signInAs("judge");
  const response = await page.request.post("/test-hooks/judging", {
    data: { challengeId: s.challengeId, judgeUserIds: [judge.id] },
  });
  expect(response.status()).toBe(201);
  const round = (await response.json()) as OpenRound;
  const assignmentId = round.assignments[0]!.assignmentId;
  const huge = "x".repeat(100 * 1024);
  const expect4xx = async (path: string, form: Record<string, string>) => {
    const result = await page.request.post(path, { form, maxRedirects: 0 });
    const label = `${path} ${JSON.stringify(form).slice(0, 60)}`;
    expect(result.status(), label).toBeGreaterThanOrEqual(400);
    expect(result.status(), label).toBeLessThan(500);
  };

  // Before the declaration the entry does not exist for this judge, whatever is posted.
  expect(
    (
      await page.request.post(`/judging/${assignmentId}`, { form: { version: "0", intent: "save" }, maxRedirects: 0 })
    ).status(),
  ).toBe(404);

  await expect4xx(`/judging/conflicts/${s.challengeId}`, { conflicts: huge, confirm: huge });
  await expect4xx(`/judging/conflicts/${s.challengeId}`, { conflicts: "999999", confirm: "yes" });
  await expect4xx(`/judging/conflicts/${s.challengeId}`, {
    conflicts: String(s.entries[0]!.organisationId),
    [`reason-${s.entries[0]!.organisationId}`]: huge,
    confirm: "yes",
  });
  await expect4xx("/judging/affiliations", { intent: "organisation", organisationName: huge, organisationRole: huge });
  await expect4xx("/judging/affiliations", { intent: huge });
  await expect4xx("/judging/affiliations", { intent: "council", council: "\u0000", councilRole: "" });
  await expect4xx("/judging/affiliations", { intent: "remove", id: huge });

  const declared = await page.request.post(`/judging/conflicts/${s.challengeId}`, {
    form: { confirm: "yes" },
    maxRedirects: 0,
  });
  expect(declared.status()).toBe(302);
  const criterion = s.criterionIds[0]!;
  await expect4xx(`/judging/${assignmentId}`, { version: huge, intent: huge });
  await expect4xx(`/judging/${assignmentId}`, {
    version: "0",
    intent: "submit",
    [`score-${criterion}`]: huge,
    [`comment-${criterion}`]: huge,
    overallComment: huge,
  });
  await expect4xx(`/judging/${assignmentId}`, { version: "0", intent: "save", [`score-${criterion}`]: "99" });

  for (const path of [
    "/judging/abc",
    `/judging/${"9".repeat(40)}`,
    "/judging/conflicts/abc",
    "/judging/conflicts/999999999",
  ]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
});
