import { randomBytes } from "node:crypto";
import { test as base, expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { closeScratchPages, expectAccessible } from "./support/a11y";
import { mailbox, type Mailbox } from "./support/mailbox";
import type { Scenario, ScenarioInput } from "../../app/dev-tools/test-scenarios.server";
import type { TestAward, TestAwardsInput } from "../../app/dev-tools/test-support-plans.server";
import { createUser, signInAs, type TestRole, type TestUser, type TestUserOptions } from "./support/users";

// Every e2e spec imports `test` and `expect` from here. The fixtures:
//   signInAs(role, options?)   a new user with that role and a session in this page's browser
//   createUser(role, options?) a new user with no session (pass `password` to sign in by form)
//   mailbox.latestTo(email)    waits for the newest email to that address in the local mailbox
//   checkA11y(page?)           axe scan of the page as it is now; fails on any WCAG 2.2 AA violation
//   scenario(options?)         a closed challenge of the test's own with submitted entries
//                              (app/dev-tools/test-scenarios.server.ts), for journeys that judge,
//                              award or publish without disturbing the demo challenge
// Every test is a visitor at a network address of its own (see visitorAddress below).
// Also exported: hydrated(page), which waits until the page's JavaScript has taken over,
// otherBrowser(browser), a second person's browser (or the same person's other device), and
// testAwards(request, input), published awards for a scenario's entries.
// Besides, every test fails if a page breaks the Content-Security-Policy or throws an uncaught
// error: the app must pass its own CSP with JavaScript on.

export type { MailMessage } from "./support/mailbox";
export type { Scenario, ScenarioInput } from "../../app/dev-tools/test-scenarios.server";
export type { TestRole, TestUser, TestUserOptions } from "./support/users";
export { expectAccessible };

interface Fixtures {
  signInAs: (role: TestRole, options?: TestUserOptions) => Promise<TestUser>;
  createUser: (role: TestRole | null, options?: TestUserOptions) => Promise<TestUser>;
  mailbox: Mailbox;
  checkA11y: (page?: Page) => Promise<void>;
  scenario: (options?: ScenarioInput) => Promise<Scenario>;
  pageProblems: void;
}

export const test = base.extend<Fixtures>({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => {
    await use({ ...extraHTTPHeaders, ...visitorAddress() });
  },
  signInAs: async ({ request, context, baseURL }, use) => {
    await use((role, options) => signInAs(request, context, baseURL!, role, options));
  },
  createUser: async ({ request }, use) => {
    await use((role, options) => createUser(request, role, options));
  },
  mailbox: async ({ request }, use) => {
    await use(mailbox(request));
  },
  scenario: async ({ request }, use) => {
    await use(async (options = {}) => {
      const response = await request.post("/test-hooks/scenarios", { data: options });
      expect(response.status(), await response.text()).toBe(201);
      return (await response.json()) as Scenario;
    });
  },
  checkA11y: async ({ page }, use) => {
    await use((target = page) => expectAccessible(target));
    await closeScratchPages();
  },
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("console", (message) => {
        if (/Content[- ]Security[- ]Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`Uncaught error: ${error.message}`));
      await use();
      expect(problems, "the pages should run without CSP violations or uncaught errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Waits until the page has hydrated (GOV.UK Frontend initialises its components from a React
 * effect), so that a form submitted next goes through Remix rather than as a plain HTML post.
 */
export async function hydrated(page: Page) {
  if (test.info().project.use.javaScriptEnabled === false) return;
  await expect(page.locator('[data-module="govuk-service-navigation"]')).toHaveAttribute(
    "data-govuk-service-navigation-init",
    "",
  );
}

/**
 * Published awards for a scenario's entries, with their payments, agreements and reports, made
 * through POST /test-hooks/support (app/dev-tools/test-support-plans.server.ts), for journeys that
 * start after the award.
 */
export async function testAwards(request: APIRequestContext, input: TestAwardsInput): Promise<TestAward[]> {
  const response = await request.post("/test-hooks/support", { data: input });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { awards: TestAward[] }).awards;
}

/**
 * A made-up client address (10.x.x.x) for one visitor, sent as X-Forwarded-For; the e2e server
 * trusts it from loopback only. Without it every test shares 127.0.0.1, and a run's sign-ins
 * together reach the per-address limit that is meant for one person or one attacker.
 */
function visitorAddress(): Record<string, string> {
  const [a, b, c] = randomBytes(3);
  return { "X-Forwarded-For": `10.${a}.${b}.${c}` };
}

/**
 * Another browser, with cookies and a network address of its own, and JavaScript on or off as
 * the project runs it. Close it when done.
 */
export function otherBrowser(browser: Browser) {
  const { baseURL, javaScriptEnabled } = test.info().project.use;
  return browser.newContext({
    baseURL,
    javaScriptEnabled: javaScriptEnabled !== false,
    extraHTTPHeaders: visitorAddress(),
  });
}
