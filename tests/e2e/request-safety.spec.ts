import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";

// A link that leads somewhere else after signing in (an open redirect), and pages for a signed-in
// person that a browser or proxy could keep. See app/domain/safe-redirect.ts and
// app/security/cache-control.server.ts.

const PASSWORD = "lantern orchard pebble";
// The report: %09 is a tab, which browsers drop from a Location header, leaving
// "//evil.example", another site.
const TAB_TRICK = "%2F%09%2Fevil.example";

test.describe("where people are sent", () => {
  test(
    "signing in from a link whose returnTo hides another site ends on this site's account page",
    { tag: "@nojs" },
    async ({ page, createUser, checkA11y, baseURL }) => {
      const user = await createUser("entrant", { password: PASSWORD });
      await page.goto(`/sign-in?returnTo=${TAB_TRICK}`);
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
      await checkA11y();

      await page.getByLabel("Email address").fill(user.email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();

      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
      expect(new URL(page.url()).pathname).toBe("/account");
      await checkA11y();
    },
  );

  test(
    "the register page and its confirmation email do not carry the hidden site anywhere",
    { tag: "@nojs" },
    async ({ page, checkA11y, mailbox }) => {
      await page.goto(`/register?returnTo=${TAB_TRICK}`);
      await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
      await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in");
      await checkA11y();

      const email = `sam-${randomBytes(4).toString("hex")}@example.org`;
      await page.getByLabel("Full name").fill("Sam Example");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Create a password").fill(PASSWORD);
      await page.getByLabel("Confirm password").fill(PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
      for (const href of await page
        .locator("a[href]")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href")))) {
        expect(href).not.toContain("evil.example");
      }
      await checkA11y();
      const confirmation = await mailbox.latestTo(email, { subject: /Confirm your email address/ });
      for (const link of confirmation.links) expect(decodeURIComponent(link)).not.toContain("evil.example");
    },
  );

  test("a safe returnTo still brings someone back after registering, through the confirmation link", async ({
    page,
    mailbox,
  }) => {
    const email = `alex-${randomBytes(4).toString("hex")}@example.org`;
    await page.goto(`/register?returnTo=${encodeURIComponent("/eligibility")}`);
    await page.getByLabel("Full name").fill("Alex Example");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Create a password").fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
    const confirmation = await mailbox.latestTo(email, { subject: /Confirm your email address/ });
    await page.goto(confirmation.links.find((l) => l.includes("/verify-email/"))!);
    await page.getByRole("button", { name: "Confirm and sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Email address confirmed" })).toBeVisible();
    await expect(page.getByRole("main").getByRole("button", { name: "Continue" })).toHaveAttribute(
      "href",
      "/eligibility",
    );
  });
});

test.describe("what browsers may keep", () => {
  test("pages for a signed-in person are never stored; public pages for everyone else may be", async ({
    page,
    signInAs,
    request,
  }) => {
    const anonymous = await request.get("/");
    expect(anonymous.status()).toBe(200);
    expect(anonymous.headers()["cache-control"]).toBeUndefined();
    // APP_URL is plain http in the tests, so no HSTS (it is on when APP_URL is https).
    expect(anonymous.headers()["strict-transport-security"]).toBeUndefined();

    await signInAs("entrant");
    for (const path of ["/", "/account", "/entries"]) {
      const response = await page.goto(path);
      expect(response!.status(), path).toBe(200);
      expect(await response!.headerValue("cache-control"), path).toBe("no-store");
    }
  });
});
