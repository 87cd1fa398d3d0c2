import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { checkAndSubmit, completeEveryRemainingSection, startEntry } from "./support/entry-steps";

// The right to erasure, as people use it: an entrant deletes their own account (their
// organisation's submitted entry stays, without their name), and a member of staff erases
// someone's account for a request received by other means.

const PASSWORD = "lantern orchard pebble";

async function signInByForm(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
}

test.describe("erasure", () => {
  test(
    "an entrant with a submitted entry deletes their account, cannot sign in again, and staff see the entry without their name",
    { tag: "@nojs" },
    async ({ page, createUser, signInAs, checkA11y }) => {
      const name = `Erin Erasable ${randomBytes(3).toString("hex")}`;
      const entrant = await createUser("entrant", { name, password: PASSWORD, organisation: true });
      await signInByForm(page, entrant.email);
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      const title = `Erasure test idea ${randomBytes(3).toString("hex")}`;
      const reference = await startEntry(page, title);
      await completeEveryRemainingSection(page);
      await checkAndSubmit(page, reference);

      await page.goto("/account");
      await page.getByRole("link", { name: "Delete your account" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Delete your account" })).toBeVisible();
      await expect(page.getByText(/They belong to the organisation, not to you/)).toBeVisible();
      await expect(page.getByText(/We must keep records of public money for seven years/)).toBeVisible();
      await checkA11y();

      // A wrong password is refused, and nothing is deleted.
      await page.getByLabel("Enter your password to confirm").fill("not my password");
      await page.getByRole("button", { name: "Delete my account" }).click();
      await expect(page.getByRole("alert").getByText("Enter your current password")).toBeVisible();
      await checkA11y();

      await page.getByLabel("Enter your password to confirm").fill(PASSWORD);
      await page.getByRole("button", { name: "Delete my account" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your account has been deleted" })).toBeVisible();
      await checkA11y();

      // Signed out, and the account is gone: the same answer as for an address nobody has.
      await page.goto("/account");
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
      await signInByForm(page, entrant.email);
      await expect(page.getByRole("alert").getByText("Enter a correct email address and password")).toBeVisible();

      // The organisation's entry is still there for staff, with the pseudonym where the name was.
      await signInAs("staff");
      await page.goto(`/staff/entries/${reference}`);
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(page.getByText(/by Erased person [0-9A-F]{6}\./)).toBeVisible();
      await expect(page.getByRole("main")).not.toContainText(name);
      await expect(page.getByRole("main")).not.toContainText(entrant.email);
      await checkA11y();
    },
  );

  test(
    "a member of staff erases someone's account for a request received by letter",
    { tag: "@nojs" },
    async ({ page, createUser, signInAs, checkA11y }) => {
      const name = `Pat Requester ${randomBytes(3).toString("hex")}`;
      const person = await createUser("entrant", { name, password: PASSWORD });
      await signInAs("staff");

      await page.goto(`/staff/people/${person.id}`);
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      await page.getByRole("link", { name: /^Erase this person.s account/ }).click();
      await expect(page.getByRole("heading", { level: 1, name: `Erase ${name}'s account?` })).toBeVisible();
      await checkA11y();

      // The request's reference is asked for, and kept: a name is not a reference.
      await page.getByRole("button", { name: "Erase this account" }).click();
      await expect(page.getByRole("alert").getByText("Enter the request's reference")).toBeVisible();
      await page.getByLabel("Request reference").fill(name);
      await page.getByRole("button", { name: "Erase this account" }).click();
      await expect(page.getByRole("alert").getByText(/Enter the request.s reference, such as/)).toBeVisible();
      await checkA11y();

      await page.getByLabel("Request reference").fill("DR-2026-014");
      await page.getByRole("button", { name: "Erase this account" }).click();
      await expect(page.getByText("Account erased")).toBeVisible();
      await expect(page.getByRole("heading", { level: 1, name: /^Erased person [0-9A-F]{6}$/ })).toBeVisible();
      await expect(page.getByRole("main")).not.toContainText(person.email);
      await expect(page.getByText(/This account was erased on/)).toBeVisible();
      await checkA11y();

      // They cannot sign in any more.
      await page.context().clearCookies();
      await signInByForm(page, person.email);
      await expect(page.getByRole("alert").getByText("Enter a correct email address and password")).toBeVisible();
    },
  );
});
