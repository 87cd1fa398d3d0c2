import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { enterSecondStepCode } from "./support/second-factor";

// Who can reach the staff area, and how staff manage who holds which role.

const FORBIDDEN = "You do not have permission to see this page";
const STAFF_PAGES = ["/staff", "/staff/invitations", "/staff/invitations/new", "/staff/people", "/staff/audit"];

test.describe("access to the staff area", () => {
  test(
    "an entrant who opens a staff page gets the 403 page",
    { tag: "@nojs" },
    async ({ page, signInAs, checkA11y }) => {
      await signInAs("entrant");
      for (const path of STAFF_PAGES) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(403);
        await expect(page.getByRole("heading", { level: 1, name: FORBIDDEN })).toBeVisible();
        await expect(page).toHaveTitle(new RegExp(`^${FORBIDDEN}`));
      }
      await expect(page.getByRole("main").getByRole("link", { name: "Go to the challenge page" })).toBeVisible();
      // The staff area is not offered to them either.
      await expect(
        page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Programme staff" }),
      ).toHaveCount(0);
      await checkA11y();
    },
  );

  test("a judge and a council officer get the 403 page too", async ({ page, signInAs }) => {
    for (const role of ["judge", "council_officer"] as const) {
      await page.context().clearCookies();
      await signInAs(role);
      const response = await page.goto("/staff/people");
      expect(response?.status(), role).toBe(403);
      await expect(page.getByRole("heading", { level: 1, name: FORBIDDEN })).toBeVisible();
    }
  });

  test(
    "a signed-out visitor to /staff is sent to sign in and brought back",
    { tag: "@nojs" },
    async ({ page, createUser, checkA11y }) => {
      const password = "quiet harbour lantern";
      const staff = await createUser("staff", { password });

      await page.goto("/staff/audit?page=1");
      await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fstaff%2Faudit%3Fpage%3D1$/);
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
      await checkA11y();

      await page.getByLabel("Email address").fill(staff.email);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      // Staff give a second factor after the password (test hook users have an authenticator app).
      await expect(page).toHaveURL(/\/sign-in\/second-step\?returnTo=%2Fstaff%2Faudit%3Fpage%3D1$/);
      await enterSecondStepCode(page, staff.totpKey!);
      await expect(page).toHaveURL(/\/staff\/audit\?page=1$/);
      await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
      // The trail's hash chain, checked as the page is shown: this sign-in is in it already.
      await expect(page.getByText(/^Audit trail verified: [\d,]+ events?, chain intact\.$/)).toBeVisible();
      await checkA11y();

      await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Programme staff" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Run the challenge" })).toBeVisible();
    },
  );
});

test.describe("managing roles", () => {
  test(
    "staff remove a judge's role after confirming, and the audit log records it",
    { tag: "@nojs" },
    async ({ page, signInAs, createUser, checkA11y }) => {
      const judge = await createUser("judge", { name: `Jude ${randomBytes(3).toString("hex")}` });
      const staff = await signInAs("staff");

      // Many people hold roles, so staff find the judge by name rather than paging.
      await page.goto("/staff/people?role=judge");
      await expect(page.getByRole("heading", { level: 1, name: "People and roles" })).toBeVisible();
      await page.getByLabel("Search by name or email address").fill(judge.name.toUpperCase());
      await page.getByRole("button", { name: "Show people" }).click();
      await expect(page).toHaveURL(/\/staff\/people\?q=.+&role=judge$/);
      await expect(
        page.getByRole("table", { name: `People with the role: Judge matching “${judge.name.toUpperCase()}” (1)` }),
      ).toBeVisible();
      await expect(page.getByLabel("Search by name or email address")).toHaveValue(judge.name.toUpperCase());
      await checkA11y();
      const found = page.url();
      await page.getByRole("link", { name: `Remove the role Judge from ${judge.name}` }).click();

      await expect(
        page.getByRole("heading", { level: 1, name: `Are you sure you want to remove ${judge.name} as a judge?` }),
      ).toBeVisible();
      await checkA11y();
      // Cancelling changes nothing.
      await page.getByRole("link", { name: "Cancel" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "People and roles" })).toBeVisible();
      await page.goto(found);
      await page.getByRole("link", { name: `Remove the role Judge from ${judge.name}` }).click();
      await page.getByRole("button", { name: "Remove role" }).click();

      await expect(page.getByRole("heading", { name: "Role removed" })).toBeVisible();
      await page.goto(found);
      await expect(page.getByText("No one with a role matches your search.")).toBeVisible();
      await expect(page.getByText(judge.name)).toHaveCount(0);

      // Staff can't take away their own staff role: there is no link to do it.
      await page.goto(`/staff/people?role=staff&q=${encodeURIComponent(staff.email)}`);
      await expect(page.getByRole("row", { name: new RegExp(`${staff.name} \\(you\\)`) })).toBeVisible();
      await expect(page.getByRole("link", { name: `Remove the role Programme staff from ${staff.name}` })).toHaveCount(
        0,
      );

      await page.goto("/staff/audit");
      await page.getByLabel("Show only").selectOption({ label: "Role removed" });
      await page.getByRole("button", { name: "Show" }).click();
      await expect(page).toHaveURL(/\/staff\/audit\?action=role_revoked$/);
      const entry = page.getByRole("row", { name: new RegExp(judge.name) });
      await expect(entry).toContainText(staff.name);
      await expect(entry).toContainText("Role removed");
      await expect(entry).toContainText("Role: Judge");
      await checkA11y();
    },
  );
});
