import { randomBytes } from "node:crypto";
import { expect, otherBrowser, test } from "./fixtures";
import {
  checkAndSubmit,
  COMPLETED,
  completeEveryRemainingSection,
  expectTaskStatus,
  NOT_YET,
  SAMPLE,
  startEntry,
  taskRow,
  words,
} from "./support/entry-steps";
import { signInAs as signInWith } from "./support/users";

// An entrant's entry from a blank task list to a submitted idea with a receipt; changing it,
// submitting the changes and withdrawing it; and a submission after the closing time.

const PASSWORD = "lantern orchard pebble";

function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.org`;
}

test.describe("an entry", () => {
  test(
    "an entrant writes an entry over two sign-ins, submits it and receives the receipt",
    { tag: "@nojs" },
    async ({ page, createUser, mailbox, checkA11y }) => {
      // The longest journey: two sign-ins, six sections and a dozen accessibility scans.
      test.slow();
      const email = uniqueEmail("entrant");
      await createUser("entrant", { email, password: PASSWORD, organisation: true, name: "Amina Hussain" });
      const title = `Green Lanes community fridge ${randomBytes(2).toString("hex")}`;

      // First sign-in: the idea and part of the need.
      await page.goto("/sign-in");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Your entries" }).click();
      const reference = await startEntry(page, title, checkA11y);
      for (const section of ["About the idea", "The need and who benefits", "Declarations and consent"]) {
        await expectTaskStatus(page, section, section === "About the idea" ? "In progress" : "Not yet started");
      }

      await taskRow(page, "About the idea").getByRole("link", { name: "About the idea" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "About the idea" })).toBeVisible();
      await expect(page.getByLabel("What is your idea called?")).toHaveValue(title);
      await checkA11y();

      // Over the word limit, and said to be completed with nothing else: refused, text kept.
      const tooLong = words(101);
      await page.getByLabel("Summarise your idea").fill(tooLong);
      await page.getByRole("radio", { name: COMPLETED }).check();
      await page.getByRole("button", { name: "Save and continue" }).click();
      const problems = page.getByRole("alert");
      await expect(problems.getByText("There is a problem")).toBeVisible();
      await expect(problems.getByRole("link", { name: "Summary must be 100 words or fewer" })).toBeVisible();
      await expect(page.getByLabel("Summarise your idea")).toHaveValue(tooLong);
      await expect(page).toHaveTitle(/^Error: /);
      await checkA11y();

      await page.getByLabel("Summarise your idea").fill(SAMPLE.summary);
      await page.getByRole("button", { name: "Save and continue" }).click();
      await expectTaskStatus(page, "About the idea", "Completed");
      await checkA11y();

      await taskRow(page, "The need and who benefits").getByRole("link").click();
      await expect(page.getByRole("heading", { level: 1, name: "The need and who benefits" })).toBeVisible();
      await checkA11y();
      await page.getByLabel("What need does your idea meet?").fill(SAMPLE.need);
      await page.getByRole("radio", { name: NOT_YET }).check();
      await page.getByRole("button", { name: "Save and continue" }).click();
      await expectTaskStatus(page, "The need and who benefits", "In progress");

      // Signing out and coming back another day.
      // Wait for each step to land: a sign-out still in flight could end the next session.
      await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "You are signed out" })).toBeVisible();
      await page.goto("/sign-in");
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
      await checkA11y();
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toBeVisible();
      await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Your entries" }).click();
      const row = page.getByRole("row", { name: new RegExp(reference) });
      await expect(row.getByText("Draft")).toBeVisible();
      await checkA11y();
      await row.getByRole("link", { name: title }).click();
      await expectTaskStatus(page, "The need and who benefits", "In progress");

      await taskRow(page, "The need and who benefits").getByRole("link").click();
      await expect(page.getByLabel("What need does your idea meet?")).toHaveValue(SAMPLE.need);
      await page.getByLabel("Who would benefit, and how?").fill(SAMPLE.beneficiaries);
      await page.getByRole("radio", { name: COMPLETED }).check();
      await page.getByRole("button", { name: "Save and continue" }).click();
      await expectTaskStatus(page, "The need and who benefits", "Completed");

      await completeEveryRemainingSection(page, { checkA11y, skip: ["About the idea", "The need and who benefits"] });
      await expect(page.getByText("You have completed 6 of 6 sections.")).toBeVisible();
      await checkA11y();

      await page.getByRole("button", { name: "Check your answers" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Check your answers" })).toBeVisible();
      await expect(page.getByText(SAMPLE.summary)).toBeVisible();
      await expect(page.getByRole("link", { name: "Change summary" })).toBeVisible();
      await checkA11y();
      await page.getByRole("button", { name: "Submit entry" }).click();

      await expect(page.getByRole("heading", { level: 1, name: "Entry submitted" })).toBeVisible();
      await expect(page.locator(".govuk-panel")).toContainText(reference);
      await expect(page.getByText(`We have sent a copy of what was submitted to ${email}`)).toBeVisible();
      await checkA11y();

      const receipt = await mailbox.latestTo(email, {
        subject: new RegExp(`Your entry ${reference} has been submitted`),
      });
      expect(receipt.text).toContain(title);
      expect(receipt.text).toContain(SAMPLE.summary);
      expect(receipt.text).toContain(SAMPLE.costs);
      expect(receipt.links.some((link) => link.endsWith(`/entries/${reference}`))).toBe(true);

      await page.getByRole("link", { name: "Go to your entries" }).click();
      await expect(page.getByRole("row", { name: new RegExp(reference) }).getByText("Submitted")).toBeVisible();
    },
  );

  test(
    "an entrant changes a submitted entry, submits the changes, then withdraws it",
    { tag: "@nojs" },
    async ({ page, signInAs, mailbox, checkA11y }) => {
      const user = await signInAs("entrant", { organisation: true });
      const reference = await startEntry(page, "Sparkbrook repair café");
      await completeEveryRemainingSection(page);
      await checkAndSubmit(page, reference);
      const first = await mailbox.latestTo(user.email, { subject: /has been submitted/ });

      await page.getByRole("link", { name: "Go to your entry" }).click();
      await expect(page.getByText("You submitted this entry on")).toBeVisible();
      await checkA11y();
      await taskRow(page, "About the idea").getByRole("link").click();
      const changed = "A repair café every Saturday, now with a tool library.";
      await page.getByLabel("Summarise your idea").fill(changed);
      await page.getByRole("button", { name: "Save and continue" }).click();

      await expect(page.getByRole("heading", { name: "You have unsubmitted changes" })).toBeVisible();
      await expect(page.getByText("Submitted", { exact: true })).toBeVisible();
      await checkA11y();
      await page.getByRole("link", { name: "Your entries" }).first().click();
      const row = page.getByRole("row", { name: new RegExp(reference) });
      await expect(row.getByText("Changes not yet resubmitted")).toBeVisible();
      await checkA11y();

      await row.getByRole("link").first().click();
      await checkAndSubmit(page, reference, checkA11y, "Submit changes");
      await expect(page.getByRole("heading", { level: 1, name: "Changes submitted" })).toBeVisible();
      const second = await mailbox.latestTo(user.email, {
        subject: /Your changes to entry .* have been submitted/,
        after: first,
      });
      expect(second.text).toContain(changed);

      await page.getByRole("link", { name: "Go to your entry" }).click();
      await expect(page.getByRole("heading", { name: "You have unsubmitted changes" })).toHaveCount(0);
      await page.getByRole("link", { name: "Withdraw this entry" }).click();
      await expect(
        page.getByRole("heading", { level: 1, name: "Are you sure you want to withdraw this entry?" }),
      ).toBeVisible();
      await checkA11y();
      await page.getByRole("button", { name: "Withdraw entry" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Entry withdrawn" })).toBeVisible();
      await checkA11y();
      await page.getByRole("link", { name: "Go to your entries" }).click();
      await expect(page.getByRole("row", { name: new RegExp(reference) }).getByText("Withdrawn")).toBeVisible();
    },
  );

  test(
    "a submission after the closing time is refused with a plain message, and the draft is kept",
    { tag: "@nojs" },
    async ({ page, context, baseURL, signInAs, checkA11y }) => {
      await signInAs("entrant", { organisation: true });
      const reference = await startEntry(page, "Late night library");
      await completeEveryRemainingSection(page);
      await page.getByRole("button", { name: "Check your answers" }).click();
      await expect(page.getByRole("button", { name: "Submit entry" })).toBeVisible();

      // The closing time passes while the person reads their answers. Only this browser's
      // requests are dated after it (a test-only clock), so other tests are unaffected.
      await context.addCookies([{ name: "cric_test_now", value: "2099-01-01T00:00:00Z", url: baseURL! }]);
      await page.getByRole("button", { name: "Submit entry" }).click();
      const problem = page.getByRole("alert");
      await expect(
        problem.getByText(
          /Your entry has not been submitted because the closing time \(.+\) has passed\. Your draft has been kept\./,
        ),
      ).toBeVisible();
      await expect(page.getByRole("button", { name: "Submit entry" })).toHaveCount(0);
      await checkA11y();

      await page.getByRole("link", { name: "Return to your entry" }).click();
      await expect(page.getByText("Draft", { exact: true })).toBeVisible();
      await expect(page.getByText(/Your draft has been kept, but it can no longer be submitted/)).toBeVisible();
      await checkA11y();
      await taskRow(page, "About the idea").getByRole("link").click();
      await expect(page.getByLabel("Summarise your idea")).toHaveValue(SAMPLE.summary);
      expect(reference).toMatch(/^CRI-/);
    },
  );

  test(
    "an entrant who has not confirmed their email address can complete a draft but not submit it until they do",
    { tag: "@nojs" },
    async ({ page, signInAs, mailbox, checkA11y }) => {
      const user = await signInAs("entrant", {
        organisation: true,
        verified: false,
        email: uniqueEmail("unconfirmed"),
      });
      const reference = await startEntry(page, "Repair cafe");
      await completeEveryRemainingSection(page);
      await page.getByRole("button", { name: "Check your answers" }).click();
      await expect(
        page.getByText("You need to confirm your email address before you can submit your entry"),
      ).toBeVisible();
      await checkA11y();

      await page.getByRole("button", { name: "Submit entry" }).click();
      await expect(
        page
          .getByRole("alert")
          .getByText("Confirm your email address before you submit your entry. Your draft has been kept."),
      ).toBeVisible();
      await checkA11y();

      await page.getByRole("link", { name: "Send a new confirmation link" }).click();
      await page.getByRole("button", { name: "Send a new link" }).click();
      await expect(page.getByText(`We have sent a new link to ${user.email}`)).toBeVisible();
      const message = await mailbox.latestTo(user.email, { subject: /Confirm your email address/ });
      await page.goto(message.links.find((l) => l.includes("/verify-email/"))!);
      // Opening the link only shows a button: pressing it confirms and signs in.
      await expect(page.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeVisible();
      await page.getByRole("button", { name: "Confirm and sign in" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Email address confirmed" })).toBeVisible();

      await page.goto(`/entries/${reference}/check`);
      await expect(page.getByText("You need to confirm your email address")).toHaveCount(0);
      await page.getByRole("button", { name: "Submit entry" }).click();
      await expect(page.locator(".govuk-panel")).toContainText(reference);
    },
  );

  test("shows a live word count as the person types (with JavaScript)", async ({ page, signInAs, checkA11y }) => {
    await signInAs("entrant", { organisation: true });
    await startEntry(page, "Word counting");
    await taskRow(page, "About the idea").getByRole("link").click();
    await page.getByLabel("Summarise your idea").fill(words(97));
    await expect(page.getByText("You have 3 words remaining").first()).toBeVisible();
    await page.getByLabel("Summarise your idea").fill(words(102));
    await expect(page.getByText("You have 2 words too many").first()).toBeVisible();
    await checkA11y();
  });

  test("hostile input to a section is refused with a message and a 4xx, keeping what was sent", async ({
    page,
    signInAs,
  }) => {
    await signInAs("entrant", { organisation: true });
    const reference = await startEntry(page, "Robust idea");
    const pageOf = await page.request.get(`/entries/${reference}/idea`);
    const html = await pageOf.text();
    const version = /name="version" value="(\d+)"/.exec(html)?.[1];
    const base = /name="base" value="([0-9a-f]{64})"/.exec(html)?.[1];
    expect(version && base, "the section form carries its version and fingerprint").toBeTruthy();

    // A 100 KB paste with control characters in it: refused with a message, the text sent back.
    const paste = `Start\u0000${"x".repeat(100_000)}`;
    const tooLong = await page.request.post(`/entries/${reference}/idea`, {
      form: { title: "Robust idea", summary: paste, completed: "no", version: version!, base: base! },
      maxRedirects: 0,
    });
    expect(tooLong.status()).toBe(400);
    const body = await tooLong.text();
    expect(body).toContain("Summary is too long: it must be 100 words or fewer");
    expect(body).toContain(`Start${"x".repeat(1000)}`);
    expect(body).not.toContain("Start\u0000");

    // Choices that are not on the page, and a repeated field: refused, nothing saved.
    const params = new URLSearchParams([
      ["priorityArea", "999999"],
      ["principles", "1; drop table entry"],
      ["completed", "maybe"],
      ["completed", "yes"],
      ["version", version!],
      ["base", base!],
    ]);
    const bad = await page.request.post(`/entries/${reference}/priority`, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      data: params.toString(),
      maxRedirects: 0,
    });
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain("Select from the options on the page");

    // No version at all: treated as out of date, so it cannot overwrite anything silently.
    const noVersion = await page.request.post(`/entries/${reference}/idea`, {
      form: { title: "Overwrite", summary: "x", completed: "no" },
      maxRedirects: 0,
    });
    expect(noVersion.status()).toBe(409);

    await page.goto(`/entries/${reference}/idea`);
    await expect(page.getByLabel("What is your idea called?")).toHaveValue("Robust idea");
  });

  test("another organisation's entry, and addresses that are not entries, are not found", async ({
    page,
    browser,
    baseURL,
    signInAs,
    checkA11y,
  }) => {
    await signInAs("entrant", { organisation: true });
    const reference = await startEntry(page, "Private idea");

    const other = await otherBrowser(browser);
    const outsiderPage = await other.newPage();
    await signInWith(outsiderPage.request, other, baseURL!, "entrant", { organisation: true });
    try {
      for (const path of [
        `/entries/${reference}`,
        `/entries/${reference}/idea`,
        `/entries/${reference}/check`,
        `/entries/${reference}/withdraw`,
      ]) {
        const response = await outsiderPage.goto(path);
        expect(response?.status(), path).toBe(404);
        await expect(outsiderPage.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
      }
      await checkA11y(outsiderPage);
      // Posting to it changes nothing and finds nothing either.
      const posted = await outsiderPage.request.post(`/entries/${reference}/idea`, {
        form: { title: "Taken over", summary: "", completed: "no", version: "1" },
        maxRedirects: 0,
      });
      expect(posted.status()).toBe(404);
    } finally {
      await other.close();
    }
    await page.goto(`/entries/${reference}/idea`);
    await expect(page.getByLabel("What is your idea called?")).toHaveValue("Private idea");

    for (const path of ["/entries/not-a-reference", `/entries/${reference}/no-such-section`, "/entries/CRI-99999999"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
  });
});
