import { expect, test } from "./fixtures";

// The quick eligibility check before registering: four questions, a clear answer and the reason.
// A plain GET form, so it runs the same with JavaScript off.

test.describe("eligibility check", () => {
  test(
    "a small charity in Walsall entering its own idea can enter, and is sent to register",
    { tag: "@nojs" },
    async ({ page, checkA11y }) => {
      await page.goto("/");
      await page.getByRole("main").getByRole("link", { name: "Check if your organisation can enter" }).first().click();
      await expect(page.getByRole("heading", { level: 1, name: "Check if your organisation can enter" })).toBeVisible();
      await expect(page).toHaveTitle(/^Check if your organisation can enter - /);
      await checkA11y();

      // Nothing answered: every question is asked for.
      await page.getByRole("button", { name: "Check eligibility" }).click();
      const summary = page.getByRole("alert");
      await expect(summary.getByText("There is a problem")).toBeVisible();
      await expect(summary.getByRole("link", { name: "Select what kind of organisation you are" })).toBeVisible();
      await expect(
        summary.getByRole("link", { name: "Select where your organisation is based or works" }),
      ).toBeVisible();
      await expect(
        summary.getByRole("link", { name: "Select how many employees your organisation has" }),
      ).toBeVisible();
      await expect(
        summary.getByRole("link", { name: "Select whether the idea is your organisation’s own" }),
      ).toBeVisible();
      await expect(page).toHaveTitle(/^Error: Check if your organisation can enter/);
      await checkA11y();

      // Two answers given: they are kept while the other two are asked for.
      await page.getByRole("radio", { name: "Charity" }).check();
      await page
        .getByLabel("Which council area is your organisation based in, or does most of its work in?")
        .selectOption({ label: "Walsall" });
      await page.getByRole("button", { name: "Check eligibility" }).click();
      await expect(page.getByRole("link", { name: "Select how many employees your organisation has" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Select what kind of organisation you are" })).toHaveCount(0);
      await expect(page.getByRole("radio", { name: "Charity" })).toBeChecked();
      await expect(
        page.getByLabel("Which council area is your organisation based in, or does most of its work in?"),
      ).toHaveValue("E08000030");

      await page.getByRole("radio", { name: /^Fewer than 250/ }).check();
      await page
        .getByRole("group", { name: /idea you want to enter your organisation’s own/ })
        .getByRole("radio", { name: "Yes" })
        .check();
      await page.getByRole("button", { name: "Check eligibility" }).click();

      await expect(page.getByRole("heading", { level: 1, name: "You can enter the challenge" })).toBeVisible();
      await expect(page).toHaveTitle(/^You can enter the challenge - /);
      await expect(page.getByRole("definition").filter({ hasText: "Walsall" })).toBeVisible();
      await checkA11y();
      await expect(page.getByRole("button", { name: "Register to enter" })).toHaveAttribute("href", "/register");
    },
  );

  test(
    "a council and a large business cannot enter, and are told why",
    { tag: "@nojs" },
    async ({ page, checkA11y }) => {
      await page.goto("/eligibility");
      await page.getByRole("radio", { name: "Public body" }).check();
      await page
        .getByLabel("Which council area is your organisation based in, or does most of its work in?")
        .selectOption({ label: "None of these: we are based and work outside the region" });
      await page.getByRole("radio", { name: "250 or more" }).check();
      await page
        .getByRole("group", { name: /idea you want to enter your organisation’s own/ })
        .getByRole("radio", { name: "Yes" })
        .check();
      await page.getByRole("button", { name: "Check eligibility" }).click();

      await expect(page.getByRole("heading", { level: 1, name: "You cannot enter the challenge" })).toBeVisible();
      await expect(page).toHaveTitle(/^You cannot enter the challenge - /);
      const reasons = page.getByRole("main").getByRole("list").first();
      await expect(reasons.getByText(/Public bodies, such as councils.*cannot enter/)).toBeVisible();
      await expect(reasons.getByText(/based in, or work in, one of the region’s council areas/)).toBeVisible();
      await expect(reasons.getByText(/fewer than 250 employees/)).toBeVisible();
      await expect(reasons.getByRole("listitem")).toHaveCount(3);
      await checkA11y();

      // Changing an answer brings back the form with every answer kept.
      await page.getByRole("link", { name: "Change kind of organisation" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Check if your organisation can enter" })).toBeVisible();
      await expect(page.getByRole("radio", { name: "Public body" })).toBeChecked();
      await expect(page.getByRole("radio", { name: "250 or more" })).toBeChecked();
      await page.getByRole("radio", { name: "Business" }).check();
      await page.getByRole("button", { name: "Check eligibility" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "You cannot enter the challenge" })).toBeVisible();
      await expect(page.getByText(/Public bodies/)).toHaveCount(0);
      await expect(page.getByRole("main").getByRole("list").first().getByRole("listitem")).toHaveCount(2);
      await checkA11y();
    },
  );

  test("a hand-made address with made-up or repeated answers gets the form back, not an error page", async ({
    page,
  }) => {
    const response = await page.goto(
      "/eligibility?organisationType=charity%3Cscript%3E&area=E09000001&size=under_250&size=250_or_more&ownIdea=%00yes",
    );
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("link", { name: "Select what kind of organisation you are" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Select where your organisation is based or works" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Select how many employees your organisation has" })).toHaveCount(0);
  });
});
