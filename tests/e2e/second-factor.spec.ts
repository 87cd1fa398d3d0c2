import { expect, test } from "./fixtures";
import { DEMO_PASSWORD } from "../../app/domain/demo-accounts";
import { enterSecondStepCode, totpCode } from "./support/second-factor";

// Two-step verification: a judge who has none is made to set up an authenticator app before any
// other page, saves recovery codes, and signs in with a code and then with a recovery code; a
// member of staff whose second factor is older than 5 minutes gives a fresh code before approving
// awards. Plain forms throughout, so every journey runs with JavaScript off too.

const PASSWORD = "orchard lantern pebble harbour";

test.describe("two-step verification", () => {
  test(
    "a new judge sets up an authenticator app, then signs in with a code and with a recovery code",
    { tag: "@nojs" },
    async ({ page, createUser, checkA11y }) => {
      test.slow();
      const judge = await createUser("judge", { password: PASSWORD, secondFactor: false });
      const signInWithPassword = async () => {
        await page.goto("/sign-in");
        await page.getByLabel("Email address").fill(judge.email);
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      };
      const summaryRow = (key: string) => page.locator(".govuk-summary-list__row", { hasText: key });
      const signOut = async () => {
        await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
        await expect(page.getByRole("heading", { level: 1, name: "You are signed out" })).toBeVisible();
      };

      // Signed in with the password only, every page sends the judge to set up a second factor.
      await signInWithPassword();
      await expect(page.getByRole("heading", { level: 1, name: "Two-step verification" })).toBeVisible();
      await expect(page.getByText("Set up an authenticator app or a passkey to continue.")).toBeVisible();
      await checkA11y();
      await page.goto("/judging");
      await expect(page).toHaveURL(/\/account\/two-factor\?returnTo=%2Fjudging$/);

      await page.getByRole("link", { name: "Set up an authenticator app" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Set up an authenticator app" })).toBeVisible();
      await expect(page.getByRole("img", { name: "QR code to scan with your authenticator app" })).toBeVisible();
      await checkA11y();
      const key = (await page.locator("#authenticator-key").textContent())!;
      expect(key).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);

      // A wrong code first: the error summary, and the same key again.
      await page.getByLabel("Code from your authenticator app").fill("000000");
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(
        page.getByRole("alert").getByRole("link", { name: "Enter a correct code from your authenticator app" }),
      ).toBeVisible();
      await expect(page.locator("#authenticator-key")).toHaveText(key);
      await checkA11y();

      await page.getByLabel("Code from your authenticator app").fill(totpCode(key));
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Save your recovery codes" })).toBeVisible();
      const codes = await page
        .getByRole("list", { name: "Your recovery codes" })
        .getByRole("listitem")
        .allTextContents();
      expect(codes).toHaveLength(10);
      await checkA11y();
      await page.getByRole("button", { name: "I have saved my codes" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your judging" })).toBeVisible();

      await page.goto("/account/two-factor");
      await expect(summaryRow("Authenticator app")).toContainText("On");
      await expect(summaryRow("Recovery codes")).toContainText("10 of 10 left");
      await signOut();

      // The password alone is not enough now: then a code (the next one: this one has been used).
      await signInWithPassword();
      await expect(page).toHaveURL(/\/sign-in\/second-step\?returnTo=%2Faccount$/);
      await checkA11y();
      await page.getByLabel("Code from your authenticator app").fill("123 12");
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(
        page.getByRole("alert").getByRole("link", { name: "Enter a correct code from your authenticator app" }),
      ).toBeVisible();
      await checkA11y();
      await enterSecondStepCode(page, key, { steps: 1 });
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      await expect(summaryRow("Two-step verification")).toContainText("On");
      await signOut();

      // Phone lost: a recovery code instead, once.
      await signInWithPassword();
      await page.getByRole("link", { name: "Use a recovery code" }).click();
      await expect(page.getByLabel("Recovery code")).toBeVisible();
      await checkA11y();
      await page.getByLabel("Recovery code").fill(codes[0]!);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      await page.goto("/account/two-factor");
      await expect(summaryRow("Recovery codes")).toContainText("9 of 10 left");
    },
  );

  test(
    "staff approving awards with a second factor older than 5 minutes give a fresh code first",
    { tag: "@nojs" },
    async ({ page, request, scenario, signInAs, checkA11y }) => {
      const s = await scenario({ entries: 2 });
      const [first, second] = s.entries;
      const hook = await request.post("/test-hooks/awards", {
        data: { challengeId: s.challengeId, shortlist: [first!.id, second!.id], winners: [first!.id] },
      });
      expect(hook.status(), await hook.text()).toBe(201);
      const awardsUrl = `/staff/awards/${s.challengeId}`;

      await signInAs("staff", { name: "Pat Proposer" });
      await page.goto(awardsUrl);
      await page.getByRole("button", { name: "Propose these awards" }).click();
      await expect(page.getByText("The awards are proposed.", { exact: false })).toBeVisible();

      const approver = await signInAs("staff", { name: "Ali Approver", secondFactorAgeMinutes: 30 });
      await page.goto(awardsUrl);
      await page.getByRole("button", { name: "Approve the awards" }).click();
      await expect(page).toHaveURL(
        new RegExp(`/account/confirm-identity\\?returnTo=${encodeURIComponent(awardsUrl)}$`),
      );
      await expect(page.getByRole("heading", { level: 1, name: "Confirm it is you" })).toBeVisible();
      await checkA11y();
      await page.getByLabel("Code from your authenticator app").fill(totpCode(approver.totpKey!));
      await page.getByRole("button", { name: "Continue" }).click();

      // Back on the awards page: nothing was approved yet; now it goes through.
      await expect(page).toHaveURL(new RegExp(`${awardsUrl}$`));
      await page.getByRole("button", { name: "Approve the awards" }).click();
      await expect(page.getByText("The awards are approved. They can now be published.")).toBeVisible();
    },
  );

  test("in the demo, the sign-in pages show the demo judge's current code", async ({ page, checkA11y }) => {
    await page.goto("/sign-in");
    const row = page.getByRole("row", { name: /judge@demo\.test/ });
    await expect(row.getByText(/^[0-9]{6}$/)).toBeVisible();
    await page.getByLabel("Email address").fill("judge@demo.test");
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Enter a code to finish signing in" })).toBeVisible();
    await checkA11y();
    const shown = await page.getByText("This is a demo account").locator("code").textContent();
    await page.getByLabel("Code from your authenticator app").fill(shown!);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  });
});
