import type { Page } from "@playwright/test";
import { expect, hydrated, otherBrowser, test } from "./fixtures";
import { signInAs as signInElsewhere } from "./support/users";

// Sessions a person can see and end (/account/sessions), and a member of staff resetting the
// second factor someone has lost, as people do them in the browser.

const PASSWORD = "lantern orchard pebble";

async function signInByForm(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
}

/** Whether the page, opened afresh, still finds the person signed in. */
async function expectSignedOut(page: Page) {
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
}

test.describe("sessions", () => {
  test(
    "a person signed in on two devices ends the other one, then all others",
    { tag: "@nojs" },
    async ({ page, browser, createUser, checkA11y }) => {
      const user = await createUser("entrant", { password: PASSWORD });
      await signInByForm(page, user.email);
      const other = await otherBrowser(browser);
      try {
        const otherPage = await other.newPage();
        await signInByForm(otherPage, user.email);

        await page.getByRole("link", { name: "See where you are signed in" }).click();
        await expect(page.getByRole("heading", { level: 1, name: "Where you are signed in" })).toBeVisible();
        const table = page.getByRole("table", { name: "Devices signed in to your account" });
        const rows = table.getByRole("row");
        // A header row and one row per device.
        await expect(rows).toHaveCount(3);
        await expect(table.getByText("This device", { exact: true })).toHaveCount(1);
        // Each test is a visitor with a private (10.x) address of its own.
        await expect(table.getByRole("cell", { name: "A private network" })).toHaveCount(2);
        await expect(table.getByRole("rowheader", { name: /^Chrome on / })).toHaveCount(2);
        await checkA11y();

        await hydrated(page);
        await table.getByRole("button", { name: /^End session/ }).click();
        await expect(page.getByText("The session has ended.")).toBeVisible();
        await expect(rows).toHaveCount(2);
        await expect(page.getByText("You are not signed in anywhere else.")).toBeVisible();
        await checkA11y();
        await expectSignedOut(otherPage);

        // Signed in there again: this time, everywhere else at once.
        await signInByForm(otherPage, user.email);
        await page.reload();
        await expect(rows).toHaveCount(3);
        await hydrated(page);
        await page.getByRole("button", { name: "Sign out of all other devices" }).click();
        await expect(page.getByText("You have been signed out everywhere else.")).toBeVisible();
        await expect(rows).toHaveCount(2);
        await expectSignedOut(otherPage);

        // This device is still signed in.
        await page.goto("/account");
        await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      } finally {
        await other.close();
      }
    },
  );

  test(
    "a member of staff resets a judge's lost second factor; the judge is signed out and emailed",
    { tag: "@nojs" },
    async ({ page, browser, baseURL, request, signInAs, mailbox, checkA11y }) => {
      const staff = await signInAs("staff", { secondFactor: true });
      const judgesBrowser = await otherBrowser(browser);
      try {
        const judge = await signInElsewhere(request, judgesBrowser, baseURL!, "judge", { secondFactor: true });
        const judgesPage = await judgesBrowser.newPage();
        await judgesPage.goto("/account");
        await expect(judgesPage.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();

        await page.goto(`/staff/people?q=${encodeURIComponent(judge.email)}`);
        await page.getByRole("link", { name: judge.name, exact: true }).click();
        await expect(page.getByRole("heading", { level: 1, name: judge.name })).toBeVisible();
        await expect(page.getByText(/^Authenticator app, 0 recovery codes left$/)).toBeVisible();
        await checkA11y();

        await page.getByRole("link", { name: `Reset two-step verification for ${judge.name}` }).click();
        await expect(
          page.getByRole("heading", { level: 1, name: `Reset two-step verification for ${judge.name}?` }),
        ).toBeVisible();
        await expect(page.getByText("Never do it because of an email alone.")).toBeVisible();
        await checkA11y();
        await hydrated(page);
        await page.getByRole("button", { name: "Reset two-step verification" }).click();

        await expect(page.getByRole("heading", { name: "Two-step verification reset" })).toBeVisible();
        await expect(page.getByText("Not set up", { exact: true })).toBeVisible();
        await checkA11y();

        const email = await mailbox.latestTo(judge.email, { subject: /two-step verification has been reset/ });
        expect(email.text).toContain(`${staff.name} from the programme team reset the two-step verification`);
        expect(email.text).toContain("If you did not ask for this, contact the programme team straight away");
        await expectSignedOut(judgesPage);

        // Nobody resets their own: another member of staff must.
        await page.goto(`/staff/people/${staff.id}`);
        await expect(page.getByText("You cannot reset your own two-step verification.")).toBeVisible();
        await expect(page.getByRole("link", { name: /Reset two-step verification/ })).toHaveCount(0);
      } finally {
        await judgesBrowser.close();
      }
    },
  );

  test(
    "a judge whose role is removed stays signed in with a new cookie, and the old one stops working",
    { tag: "@nojs" },
    async ({ page, browser, baseURL, request, signInAs }) => {
      await signInAs("staff", { secondFactor: true });
      const judgesBrowser = await otherBrowser(browser);
      const copied = await otherBrowser(browser);
      try {
        const judge = await signInElsewhere(request, judgesBrowser, baseURL!, "judge", { secondFactor: true });
        const sessionCookieOf = async () =>
          (await judgesBrowser.cookies()).find((c) => c.name.endsWith("cric_session"))!;
        const before = await sessionCookieOf();

        await page.goto(`/staff/people?q=${encodeURIComponent(judge.email)}`);
        await page.getByRole("link", { name: `Remove the role Judge from ${judge.name}` }).click();
        await hydrated(page);
        await page.getByRole("button", { name: "Remove role" }).click();
        await expect(page.getByText("Role removed")).toBeVisible();

        const judgesPage = await judgesBrowser.newPage();
        await judgesPage.goto("/account");
        await expect(judgesPage.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
        await expect(judgesPage.getByText("None yet")).toBeVisible();
        const after = await sessionCookieOf();
        expect(after.value).not.toBe(before.value);

        // The token from before the change, copied elsewhere, is no use.
        await copied.addCookies([{ ...before, expires: -1 }]);
        const copiedPage = await copied.newPage();
        await expectSignedOut(copiedPage);
        // Nor did trying it sign the judge out.
        await judgesPage.goto("/account");
        await expect(judgesPage.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      } finally {
        await copied.close();
        await judgesBrowser.close();
      }
    },
  );
});
