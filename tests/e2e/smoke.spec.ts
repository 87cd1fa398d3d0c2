import { expect, test } from "./fixtures";

// The public pages a visitor can reach without an account, and the safety basics every page
// carries: security headers, a CSP the app itself passes, refusal of cross-site form posts.

const SERVICE_NAME = "Community Recovery Innovation Challenge";
// The demo challenge loaded by the seed (db/seed).
const DEMO_CHALLENGE_TITLE = "Community Recovery Innovation Challenge 2027";

const FOOTER_PAGES = [
  { link: "Accessibility statement", path: "/accessibility", heading: "Accessibility statement" },
  { link: "Privacy notice", path: "/privacy", heading: "Privacy notice" },
  { link: "Cookies", path: "/cookies", heading: "Cookies" },
];

test.describe("public pages", () => {
  test(
    "the challenge page shows the service name and the current challenge",
    { tag: "@nojs" },
    async ({ page, checkA11y }) => {
      const response = await page.goto("/");
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("banner").getByRole("link", { name: SERVICE_NAME })).toBeVisible();
      await expect(page.getByRole("heading", { level: 1, name: DEMO_CHALLENGE_TITLE, exact: true })).toBeVisible();
      await expect(page).toHaveTitle(new RegExp(DEMO_CHALLENGE_TITLE));
      await checkA11y();
    },
  );

  test(
    "the footer links open the accessibility statement, privacy notice and cookies pages",
    { tag: "@nojs" },
    async ({ page, checkA11y }) => {
      for (const target of FOOTER_PAGES) {
        await page.goto("/");
        await page.getByRole("contentinfo").getByRole("link", { name: target.link, exact: true }).click();
        await expect(page).toHaveURL(target.path);
        await expect(page.getByRole("heading", { level: 1, name: target.heading, exact: true })).toBeVisible();
        await expect(page).toHaveTitle(`${target.heading} - ${SERVICE_NAME}`);
        await checkA11y();
      }
    },
  );

  test("a page that does not exist says so with a 404", { tag: "@nojs" }, async ({ page, checkA11y }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page).toHaveTitle(/^Page not found/);
    await expect(page.getByRole("main").getByRole("link", { name: "Go to the challenge page" })).toHaveAttribute(
      "href",
      "/",
    );
    await checkA11y();
  });

  test("the skip link takes a keyboard user straight to the main content", async ({ page }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    const skipLink = page.getByRole("link", { name: "Skip to main content" });
    await expect(skipLink).toBeFocused();
    await expect(skipLink).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
  });
});

test.describe("safety basics", () => {
  test("the health check answers 200 when the database does", async ({ request }) => {
    const response = await request.get("/healthz");
    expect(response.status()).toBe(200);
    expect(await response.text()).toBe("ok");
  });

  test("pages forbid framing and run under their Content-Security-Policy without violations", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto("/");
    const headers = response!.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // The nonce'd inline script ran and React took over the page: both need the CSP to allow them.
    await expect(page.locator("body")).toHaveClass(/\bjs-enabled\b/);
    await expect.poll(() => page.evaluate(() => "__remixRouter" in window)).toBe(true);
    // Navigating in the browser (a client-side fetch of the next page's data) stays inside the policy too.
    await page.getByRole("contentinfo").getByRole("link", { name: "Cookies", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Cookies" })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("a form posted from another website is refused", async ({ request }) => {
    const crossSite = await request.post("/sign-out", { headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.text()).toContain("sent from another website");
    // The same post from the service's own pages is not refused for its origin. (A real form
    // body: one with no content type would be refused for that instead, with a 415.)
    const sameSite = await request.post("/sign-out", { form: {}, maxRedirects: 0 });
    expect(sameSite.status()).toBe(302);
  });
});
