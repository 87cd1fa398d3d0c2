import { expect, otherBrowser, test } from "./fixtures";
import { NOT_YET, startEntry, taskRow } from "./support/entry-steps";
import { signInAs as signInWith } from "./support/users";

// Two colleagues in one organisation editing the same section at once: the second to save is
// told, sees the first's version, and keeps their own text; nothing is silently overwritten.

test(
  "a colleague's save is never silently overwritten: the second saver sees the conflict and keeps their text",
  { tag: "@nojs" },
  async ({ page, browser, baseURL, signInAs, checkA11y }) => {
    const amina = await signInAs("entrant", { organisation: true, name: "Amina Hussain" });
    const reference = await startEntry(page, "Shared allotment");

    // Her colleague, in the same organisation, in a browser of their own.
    const colleagueContext = await otherBrowser(browser);
    try {
      const colleague = await colleagueContext.newPage();
      await signInWith(colleague.request, colleagueContext, baseURL!, "entrant", {
        organisationId: amina.organisationId!,
        name: "Ben Okafor",
      });

      // Both open "About the idea".
      await taskRow(page, "About the idea").getByRole("link").click();
      await colleague.goto(`/entries/${reference}/idea`);
      await expect(colleague.getByRole("heading", { level: 1, name: "About the idea" })).toBeVisible();

      // Amina saves first.
      await page.getByLabel("Summarise your idea").fill("Amina's summary: raised beds for the estate.");
      await page.getByRole("radio", { name: NOT_YET }).check();
      await page.getByRole("button", { name: "Save and continue" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Shared allotment" })).toBeVisible();

      // Ben, whose page was opened before her save, saves his own words.
      const bens = "Ben's summary: a community orchard and compost scheme.";
      await colleague.getByLabel("Summarise your idea").fill(bens);
      await colleague.getByRole("radio", { name: NOT_YET }).check();
      await colleague.getByRole("button", { name: "Save and continue" }).click();

      const problem = colleague.getByRole("alert");
      await expect(
        problem.getByText(
          "A colleague changed this section while you were editing it. Their version is shown below; your text is kept here so you can copy it",
        ),
      ).toBeVisible();
      await expect(colleague.getByRole("heading", { level: 2, name: "Their version" })).toBeVisible();
      await expect(colleague.getByText("Amina's summary: raised beds for the estate.")).toBeVisible();
      await expect(colleague.getByLabel("Summarise your idea")).toHaveValue(bens);
      await checkA11y(colleague);

      // Nothing of Amina's was overwritten.
      await page.goto(`/entries/${reference}/idea`);
      await expect(page.getByLabel("Summarise your idea")).toHaveValue("Amina's summary: raised beds for the estate.");

      // Having seen hers, Ben saves his version on purpose.
      await colleague.getByRole("button", { name: "Save and continue" }).click();
      await expect(colleague.getByRole("heading", { level: 1, name: "Shared allotment" })).toBeVisible();
      await page.reload();
      await expect(page.getByLabel("Summarise your idea")).toHaveValue(bens);
    } finally {
      await colleagueContext.close();
    }
  },
);
