import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, otherBrowser, test } from "./fixtures";
import { signInAs as signInWith } from "./support/users";

// Putting right what the service holds about a person, and withdrawing consent, as people do it
// in the browser: a person changes their name and email address (confirmed from the new address,
// the old one told twice) and signs in with the new one; an entrant stops sharing their idea with
// councils and a council officer can no longer find it.

const PASSWORD = "lantern orchard pebble";
const BIRMINGHAM = "E08000025";

function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.org`;
}

async function hasSessionCookie(page: Page): Promise<boolean> {
  return (await page.context().cookies()).some((c) => c.name.endsWith("cric_session"));
}

test.describe("rectification and consent", () => {
  test(
    "a person changes their name and email address, confirms from the new address and signs in with it",
    { tag: "@nojs" },
    async ({ page, browser, signInAs, mailbox, checkA11y }) => {
      test.slow();
      const oldEmail = uniqueEmail("priya");
      const newEmail = uniqueEmail("priya-new");
      await signInAs("entrant", { name: "Priya Chauhan", email: oldEmail, password: PASSWORD });

      // The name.
      await page.goto("/account");
      await page.getByRole("link", { name: "Change your name" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Change your name" })).toBeVisible();
      await checkA11y();
      await page.getByLabel("Change your name").fill("");
      await page.getByRole("button", { name: "Save name" }).click();
      await expect(page.getByRole("alert").getByText("There is a problem")).toBeVisible();
      await expect(page).toHaveTitle(/^Error: /);
      await checkA11y();
      await page.getByLabel("Change your name").fill("Priya Shah");
      await page.getByRole("button", { name: "Save name" }).click();
      await expect(page.getByText("Your name has been changed.")).toBeVisible();
      await expect(page.getByText("Priya Shah")).toBeVisible();

      // The email address: a wrong password is refused, and what was typed comes back.
      await page.getByRole("link", { name: "Change your email address" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Change your email address" })).toBeVisible();
      await checkA11y();
      await page.getByLabel("New email address").fill(newEmail);
      await page.getByLabel("Your password").fill("not my password");
      await page.getByRole("button", { name: "Send a link to my new address" }).click();
      await expect(page.getByRole("link", { name: "Your password is not correct" })).toBeVisible();
      await expect(page.getByLabel("New email address")).toHaveValue(newEmail);
      await checkA11y();
      await page.getByLabel("Your password").fill(PASSWORD);
      await page.getByRole("button", { name: "Send a link to my new address" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
      await expect(page.getByText(`We have sent an email to ${newEmail}`)).toBeVisible();
      await checkA11y();

      // The old address is told a change was asked for; the link goes to the new one.
      const told = await mailbox.latestTo(oldEmail, { subject: /Someone asked to change your email address/ });
      expect(told.text).toContain("Reset your password");
      expect(told.text).not.toContain(newEmail);
      const confirmation = await mailbox.latestTo(newEmail, { subject: /Confirm your new email address/ });
      const link = confirmation.links.find((l) => l.includes("/account/email/confirm/"));
      expect(link, `the email should carry the link: ${confirmation.links.join(", ")}`).toBeDefined();

      // Opened on another device that is not signed in: it changes the address and signs no one in.
      const elsewhere = await otherBrowser(browser);
      try {
        const other = await elsewhere.newPage();
        await other.goto(link!);
        await expect(other.getByRole("heading", { level: 1, name: "Confirm your new email address" })).toBeVisible();
        await expect(other.getByText(newEmail)).toBeVisible();
        await checkA11y(other);
        await other.getByRole("button", { name: "Confirm new email address" }).click();
        await expect(
          other.getByRole("heading", { level: 1, name: "Your email address has been changed" }),
        ).toBeVisible();
        await checkA11y(other);
        expect(await hasSessionCookie(other)).toBe(false);
        // The link works once.
        await other.goto(link!);
        await expect(other.getByRole("heading", { level: 1, name: "This link has already been used" })).toBeVisible();
      } finally {
        await elsewhere.close();
      }

      // The old address is told again; the first browser's session has ended.
      await mailbox.latestTo(oldEmail, { subject: /Your email address has been changed/ });
      await page.goto("/account");
      await expect(page).toHaveURL(/\/sign-in/);

      // The old address no longer signs in; the new one does.
      await page.getByLabel("Email address").fill(oldEmail);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert").getByText("There is a problem")).toBeVisible();
      await page.getByLabel("Email address").fill(newEmail);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).not.toHaveURL(/\/sign-in/);
      await page.goto("/account");
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      await expect(page.getByText(newEmail)).toBeVisible();
      await expect(page.getByText("Priya Shah")).toBeVisible();
    },
  );

  test(
    "an entrant stops sharing their idea and a council officer can no longer find it",
    { tag: "@nojs" },
    async ({ page, browser, baseURL, request, scenario, signInAs, checkA11y }) => {
      test.slow();
      const label = `Rec${Date.now().toString(36)}`;
      const s = await scenario({ entries: 2, localAuthorityCodes: [BIRMINGHAM], label });
      const idea = s.entries[0]!;
      const publishedResults = await request.post("/test-hooks/councils", { data: { challengeId: s.challengeId } });
      expect(publishedResults.status(), await publishedResults.text()).toBe(201);

      const councilBrowser = await otherBrowser(browser);
      try {
        const officer = await councilBrowser.newPage();
        await signInWith(officer.request, councilBrowser, baseURL!, "council_officer", {
          localAuthorityCode: BIRMINGHAM,
        });
        await officer.goto(`/councils/ideas?q=${label}&council=all`);
        await expect(officer.getByRole("link", { name: idea.title })).toBeVisible();
        await officer.goto(`/councils/ideas/${idea.reference}`);
        await expect(officer.getByRole("heading", { level: 1, name: idea.title })).toBeVisible();
        await expect(officer.getByText(idea.entrantEmail)).toBeVisible();

        // A member of the organisation withdraws consent to share, from the entry's page.
        await signInAs("entrant", { organisationId: idea.organisationId });
        await page.goto(`/entries/${idea.reference}`);
        await expect(page.getByRole("heading", { level: 2, name: "Your choices about sharing" })).toBeVisible();
        await expect(page.getByText(/Those copies are each council’s responsibility/)).toBeVisible();
        await checkA11y();
        await page.getByRole("button", { name: "Stop sharing this idea with councils" }).click();
        await expect(page.getByText("This idea is no longer shared with councils.")).toBeVisible();
        await expect(page.getByRole("button", { name: "Share this idea with councils" })).toBeVisible();
        await checkA11y();

        // The officer no longer finds it: not in the search, and its page is not there.
        await officer.goto(`/councils/ideas?q=${label}&council=all`);
        await expect(officer.getByRole("link", { name: s.entries[1]!.title })).toBeVisible();
        await expect(officer.getByRole("link", { name: idea.title })).toHaveCount(0);
        const gone = await officer.goto(`/councils/ideas/${idea.reference}`);
        expect(gone?.status()).toBe(404);
      } finally {
        await councilBrowser.close();
      }
    },
  );
});
