import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, otherBrowser, test } from "./fixtures";

// People's accounts: registering, confirming the email address, signing in and out, resetting a
// forgotten password and changing a known one, as a person does them in the browser.

const SERVICE_NAME = "Community Recovery Innovation Challenge";
const PASSWORD = "lantern orchard pebble";
const NEW_PASSWORD = "harbour violet teaspoon";

function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.org`;
}

/** Whether the browser holds a session cookie (whatever its name in this configuration). */
async function hasSessionCookie(page: Page): Promise<boolean> {
  return (await page.context().cookies()).some((c) => c.name.endsWith("cric_session"));
}

test.describe("accounts", () => {
  test(
    "register, confirm the email address, sign out and in, then reset a forgotten password",
    { tag: "@nojs" },
    async ({ page, mailbox, checkA11y }) => {
      // About twenty pages, each with an axe scan: longer than one page's journey.
      test.slow();
      const email = uniqueEmail("priya");

      await page.goto("/register");
      await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
      await expect(page).toHaveTitle(`Create an account - ${SERVICE_NAME}`);
      await checkA11y();

      // A common password is refused; what was typed comes back.
      await page.getByLabel("Full name").fill("Priya Chauhan");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Create a password").fill("Password1234");
      await page.getByLabel("Confirm password").fill("Password1234");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("alert").getByText("There is a problem")).toBeVisible();
      await expect(page.getByRole("link", { name: /harder to guess/ })).toBeVisible();
      await expect(page.getByLabel("Full name")).toHaveValue("Priya Chauhan");
      await expect(page.getByLabel("Email address")).toHaveValue(email);
      await checkA11y();

      await page.getByLabel("Create a password").fill(PASSWORD);
      await page.getByLabel("Confirm password").fill(PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
      await expect(page.getByText(`We have sent an email to ${email}`)).toBeVisible();
      await checkA11y();
      // Not signed in yet: registering looks the same whether or not the address had an account,
      // so only the emailed link signs a person in.
      expect(await hasSessionCookie(page)).toBe(false);
      await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();

      const confirmation = await mailbox.latestTo(email, { subject: /Confirm your email address/ });
      const verifyLink = confirmation.links.find((l) => l.includes("/verify-email/"));
      expect(verifyLink, `the email should carry the link: ${confirmation.links.join(", ")}`).toBeDefined();

      await page.goto(verifyLink!);
      // Opening the link only shows a button: pressing it confirms and signs in.
      await expect(page.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeVisible();
      expect(await hasSessionCookie(page)).toBe(false);
      await checkA11y();
      await page.getByRole("button", { name: "Confirm and sign in" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Email address confirmed" })).toBeVisible();
      await expect(page.getByText(`You are signed in as ${email}`)).toBeVisible();
      // The token is no longer in the address bar (or in anything this page links to).
      expect(page.url()).not.toContain(verifyLink!.split("/").at(-1)!);
      expect(await hasSessionCookie(page)).toBe(true);
      await checkA11y();
      await page.getByRole("button", { name: "Continue to your account" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      await expect(page.getByText("Priya Chauhan")).toBeVisible();
      await expect(page.getByText(/^Yes, on /)).toBeVisible();
      await expect(page.getByText("Entrant", { exact: true })).toBeVisible();
      await checkA11y();

      // The link has done its job.
      const reused = await page.goto(verifyLink!);
      expect(reused?.status()).toBe(410);
      await expect(page.getByRole("heading", { level: 1, name: "This link has already been used" })).toBeVisible();
      await expect(page.getByText("Your email address is already confirmed")).toBeVisible();
      await checkA11y();

      await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "You are signed out" })).toBeVisible();
      await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
      await checkA11y();

      // Signing in again: a wrong password gets the one message that gives nothing away.
      await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
      await checkA11y();
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill("not my password");
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert").getByText("There is a problem")).toBeVisible();
      await expect(page.getByRole("link", { name: "Enter a correct email address and password" })).toBeVisible();
      await expect(page.getByLabel("Email address")).toHaveValue(email);
      await checkA11y();

      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "You are signed out" })).toBeVisible();

      // Forgotten password.
      await page.goto("/sign-in");
      await page.getByRole("link", { name: "I have forgotten my password" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
      await checkA11y();
      await page.getByLabel("Email address").fill(email.toUpperCase());
      await page.getByRole("button", { name: "Send the link" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
      await checkA11y();

      const resetEmail = await mailbox.latestTo(email, { subject: /Reset your password/ });
      const resetLink = resetEmail.links.find((l) => l.includes("/reset-password/"));
      expect(resetLink, `the email should carry the link: ${resetEmail.links.join(", ")}`).toBeDefined();
      await page.goto(resetLink!);
      await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
      await checkA11y();

      // Passwords that do not match.
      await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}!`);
      await page.getByRole("button", { name: "Save password" }).click();
      await expect(page.getByRole("link", { name: "Enter the same password in both boxes" })).toBeVisible();
      await checkA11y();

      await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Save password" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      await expect(page.getByText("Your password has been reset and you are signed in")).toBeVisible();
      await checkA11y();
      await mailbox.latestTo(email, { subject: /Your password has been changed/ });

      // The reset link works once.
      const usedReset = await page.goto(resetLink!);
      expect(usedReset?.status()).toBe(410);
      await expect(page.getByRole("heading", { level: 1, name: "This link has already been used" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Get a new link" })).toBeVisible();
      await checkA11y();

      // Only the new password works now.
      await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "You are signed out" })).toBeVisible();
      await page.goto("/sign-in");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("link", { name: "Enter a correct email address and password" })).toBeVisible();
      await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    },
  );

  test(
    "registering with an address that has an account looks the same, and its owner is emailed",
    { tag: "@nojs" },
    async ({ page, createUser, mailbox, checkA11y }) => {
      const owner = await createUser("entrant", { email: uniqueEmail("owner"), password: PASSWORD });

      await page.goto("/register");
      await page.getByLabel("Full name").fill("Someone Else");
      await page.getByLabel("Email address").fill(owner.email);
      await page.getByLabel("Create a password").fill(NEW_PASSWORD);
      await page.getByLabel("Confirm password").fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
      await expect(page.getByText(`We have sent an email to ${owner.email}`)).toBeVisible();
      expect(await hasSessionCookie(page)).toBe(false);
      await checkA11y();

      const message = await mailbox.latestTo(owner.email, { subject: /You already have an account/ });
      expect(message.links.some((l) => l.endsWith("/sign-in"))).toBe(true);
      expect(message.links.some((l) => l.endsWith("/forgot-password"))).toBe(true);
      // Nothing changed: the owner's password still works and the other one does not.
      await page.goto("/sign-in");
      await page.getByLabel("Email address").fill(owner.email);
      await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("link", { name: "Enter a correct email address and password" })).toBeVisible();
    },
  );

  test("a new address and one with an account get the same status, the same page and no cookie", async ({
    request,
    createUser,
  }) => {
    const owner = await createUser("entrant", { email: uniqueEmail("known"), password: PASSWORD });
    const fresh = uniqueEmail("fresh");
    const post = (email: string) =>
      request.post("/register", {
        form: { name: "Someone Else", email, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      });

    const [newAnswer, knownAnswer] = [await post(fresh), await post(owner.email)];

    expect(newAnswer.status()).toBe(200);
    expect(knownAnswer.status()).toBe(200);
    expect(newAnswer.headers()["set-cookie"]).toBeUndefined();
    expect(knownAnswer.headers()["set-cookie"]).toBeUndefined();
    // The same page, word for word, once the address typed (and per-response nonces) are set aside.
    const visibleText = async (response: typeof newAnswer, email: string) =>
      (await response.text())
        .replace(/<script[\s\S]*?<\/script>/g, "")
        .replace(/nonce="[^"]*"/g, "")
        .replaceAll(email, "ADDRESS");
    expect(await visibleText(knownAnswer, owner.email)).toBe(await visibleText(newAnswer, fresh));
  });

  test(
    "signing in brings a person back to the page they were sent from",
    { tag: "@nojs" },
    async ({ page, createUser }) => {
      const user = await createUser("entrant", { email: uniqueEmail("back"), password: PASSWORD });
      await page.goto("/account/password");
      await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faccount%2Fpassword$/);
      await page.getByLabel("Email address").fill(user.email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();
      await expect(page).toHaveURL(/\/account\/password$/);
    },
  );

  test("a returnTo that points at another site is ignored", async ({ page, createUser, baseURL }) => {
    const user = await createUser("entrant", { email: uniqueEmail("evil"), password: PASSWORD });
    await page.goto("/sign-in?returnTo=//evil.example.com/phish");
    await page.getByLabel("Email address").fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(baseURL!).host);
  });

  test("the page a confirmation link lands on only continues to a path on this site", async ({ page, signInAs }) => {
    await signInAs("entrant", { email: uniqueEmail("landing") });
    await page.goto("/verify-email?confirmed=1&returnTo=//evil.example.com/phish");
    await expect(page.getByRole("heading", { level: 1, name: "Email address confirmed" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Continue to your account" })).toHaveAttribute("href", "/account");
    await page.goto(`/verify-email?confirmed=1&returnTo=${encodeURIComponent("/organisation")}`);
    await expect(page.getByRole("button", { name: "Continue" })).toHaveAttribute("href", "/organisation");
  });

  test(
    "changing the password signs out every other browser",
    { tag: "@nojs" },
    async ({ page, browser, signInAs, mailbox, checkA11y }) => {
      const user = await signInAs("entrant", { email: uniqueEmail("change"), password: PASSWORD });

      // The same person, signed in on another device.
      const other = await otherBrowser(browser);
      const otherPage = await other.newPage();
      await otherPage.goto("/sign-in");
      await otherPage.getByLabel("Email address").fill(user.email);
      await otherPage.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await otherPage.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      await expect(otherPage.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();

      await page.goto("/account");
      await page.getByRole("link", { name: "Change your password" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();
      await checkA11y();

      await page.getByLabel("Current password").fill("a wrong guess at it");
      await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Save password" }).click();
      await expect(page.getByRole("link", { name: "Your current password is not correct" })).toBeVisible();
      await checkA11y();

      await page.getByLabel("Current password").fill(PASSWORD);
      await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Save password" }).click();
      await expect(page.getByText("Your password has been changed")).toBeVisible();
      await checkA11y();
      await mailbox.latestTo(user.email, { subject: /Your password has been changed/ });

      // This browser stays signed in with its fresh session; the other one is signed out.
      await page.goto("/account");
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      await otherPage.goto("/account");
      await expect(otherPage.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
      await other.close();
    },
  );

  test("an unconfirmed person can ask for a new confirmation link", async ({ page, signInAs, mailbox, checkA11y }) => {
    const user = await signInAs("entrant", { email: uniqueEmail("unconfirmed"), verified: false });
    await page.goto("/account");
    await expect(page.getByText("No", { exact: true })).toBeVisible();
    await page.getByRole("link", { name: "Send a new confirmation link" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeVisible();
    await checkA11y();
    await page.getByRole("button", { name: "Send a new link" }).click();
    await expect(page.getByText(`We have sent a new link to ${user.email}`)).toBeVisible();
    await checkA11y();
    const message = await mailbox.latestTo(user.email, { subject: /Confirm your email address/ });
    await page.goto(message.links.find((l) => l.includes("/verify-email/"))!);
    // Opening the link only shows a button: pressing it confirms and signs in.
    await expect(page.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeVisible();
    await page.getByRole("button", { name: "Confirm and sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Email address confirmed" })).toBeVisible();
  });

  test(
    "GET /sign-out does not sign anyone out; its button does",
    { tag: "@nojs" },
    async ({ page, signInAs, checkA11y }) => {
      const user = await signInAs("entrant", { email: uniqueEmail("signout") });
      await page.goto("/sign-out");
      await expect(page.getByRole("heading", { level: 1, name: "Sign out" })).toBeVisible();
      await expect(page.getByText(`You are signed in as ${user.email}`)).toBeVisible();
      await checkA11y();
      await page.goto("/account");
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      await page.goto("/sign-out");
      await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "You are signed out" })).toBeVisible();
      await page.goto("/account");
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    },
  );

  test("links that are not valid say so plainly", { tag: "@nojs" }, async ({ page, checkA11y }) => {
    for (const path of [
      "/verify-email/not-a-real-token",
      `/verify-email/${"a".repeat(5000)}`,
      "/verify-email/%00%27%22",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path.slice(0, 40)).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "This link is not valid" })).toBeVisible();
    }
    await checkA11y();
    for (const path of ["/reset-password/abcdefghijklmnopqrstuvwxyz234567", `/reset-password/${"b".repeat(5000)}`]) {
      const response = await page.goto(path);
      expect(response?.status(), path.slice(0, 40)).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "This link is not valid" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Get a new link" })).toBeVisible();
    }
    await checkA11y();
  });

  test("hostile form posts get the form back with a 4xx, never a 500", async ({ request }) => {
    const huge = "x".repeat(100 * 1024);
    const posts: { path: string; form: Record<string, string> }[] = [
      { path: "/register", form: {} },
      { path: "/register", form: { name: huge, email: huge, password: huge, confirmPassword: huge } },
      {
        path: "/register",
        form: { name: "\u0000\u0007<script>alert(1)</script>", email: "a@b", password: "short", confirmPassword: "x" },
      },
      { path: "/sign-in", form: { email: huge, password: huge } },
      { path: "/sign-in", form: { email: "nobody@example.org", password: huge } },
      { path: "/sign-in", form: { email: "\u0000", password: "" } },
      { path: "/forgot-password", form: { email: huge } },
      { path: "/forgot-password", form: {} },
      { path: "/reset-password/abcdefghijklmnopqrstuvwxyz234567", form: { password: huge, confirmPassword: huge } },
    ];
    for (const { path, form } of posts) {
      const response = await request.post(path, { form });
      expect(response.status(), `${path} ${JSON.stringify(form).slice(0, 60)}`).toBeGreaterThanOrEqual(400);
      expect(response.status(), `${path} ${JSON.stringify(form).slice(0, 60)}`).toBeLessThan(500);
    }
    // Repeated fields: the first value counts and nothing breaks.
    const repeated = await request.post("/sign-in", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      data: "email=a%40example.org&email=b%40example.org&password=one&password=two",
    });
    expect(repeated.status()).toBe(400);
    // A refused form never sends a password back to the browser.
    const refused = await request.post("/register", {
      form: { name: "Priya", email: "priya@example.org", password: "Sunshine2024!", confirmPassword: "Sunshine2024!" },
    });
    expect(refused.status()).toBe(400);
    const refusedBody = await refused.text();
    expect(refusedBody).toContain("harder to guess");
    expect(refusedBody).not.toContain("Sunshine2024!");
    // Markup typed into a field comes back as text, never as markup.
    const html = await request.post("/register", {
      form: { name: '<img src=x onerror="alert(1)">', email: "not an email", password: "", confirmPassword: "" },
    });
    expect(html.status()).toBe(400);
    const body = await html.text();
    expect(body).not.toContain('<img src=x onerror="alert(1)">');
    expect(body).toContain("&lt;img src=x");
  });
});
