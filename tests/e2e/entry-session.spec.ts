import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { expectTaskStatus, NOT_YET, startEntry, taskRow } from "./support/entry-steps";

// Nothing typed is lost when the session has expired: the section is kept while the person
// signs in again, then saved for them.

const PASSWORD = "lantern orchard pebble";

test(
  "text typed after the session expired is saved once the person signs in again",
  { tag: "@nojs" },
  async ({ page, createUser, checkA11y }) => {
    const email = `entrant-${randomBytes(4).toString("hex")}@example.org`;
    await createUser("entrant", { email, password: PASSWORD, organisation: true });
    const signIn = async () => {
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
    };
    await page.goto("/sign-in");
    await signIn();
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    const reference = await startEntry(page, "Evening coding club");

    await taskRow(page, "The need and who benefits").getByRole("link").click();
    const need = "Young people on the estate have nowhere to go in the evenings and no computers at home.";
    await page.getByLabel("What need does your idea meet?").fill(need);
    await page.getByRole("radio", { name: NOT_YET }).check();

    // The session ends (expired, or signed out elsewhere) while the person is typing.
    await page.context().clearCookies();
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page).toHaveURL(/\/sign-in\?returnTo=/);
    await expect(page.getByText("We have kept them: sign in again and they will be saved.")).toBeVisible();
    await checkA11y();
    await signIn();

    await expect(page.getByText("We saved the changes you made before you were signed out")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "The need and who benefits" })).toBeVisible();
    await expect(page.getByLabel("What need does your idea meet?")).toHaveValue(need);
    await checkA11y();

    // Saved for real: the task list shows it, and it is there on a fresh visit.
    await page.getByRole("link", { name: "Back to your entry" }).click();
    await expectTaskStatus(page, "The need and who benefits", "In progress");
    await page.goto(`/entries/${reference}/need`);
    await expect(page.getByLabel("What need does your idea meet?")).toHaveValue(need);
    await expect(page.getByText("We saved the changes you made before you were signed out")).toHaveCount(0);
  },
);
