import { expect, otherBrowser, test } from "./fixtures";
import { signInAs as signInWith } from "./support/users";

// Council officers and the shared ideas, on a scenario challenge of the test's own: nothing
// before the results are published; afterwards an officer searches, filters, opens an idea and
// records their council's interest linked to a local initiative; the entrant is emailed; an
// officer of another council sees that interest; programme staff see the take-up.

const BIRMINGHAM = "E08000025";
const COVENTRY = "E08000026";

test.describe("councils and the shared ideas", () => {
  test(
    "an officer finds ideas only after publication, records interest, and others see it",
    { tag: "@nojs" },
    async ({ page, browser, baseURL, request, scenario, signInAs, mailbox, checkA11y }) => {
      // A long journey (a dozen pages, each scanned by axe): three times the usual time limit.
      test.slow();
      const label = `Cou${Date.now().toString(36)}`;
      const s = await scenario({
        entries: 4,
        withoutConsent: [3],
        localAuthorityCodes: [BIRMINGHAM],
        label,
      });
      const [winner, second, , private_] = s.entries;
      await signInAs("council_officer", {
        localAuthorityCode: BIRMINGHAM,
        name: "Bea Officer",
      });

      // Before publication: the search finds none of the scenario's ideas, and their pages are not there.
      await page.goto(`/councils/ideas?q=${label}&council=all`);
      await expect(page.getByRole("heading", { level: 1, name: "Shared ideas" })).toBeVisible();
      // (The demo data may have published an earlier challenge; either way none of these ideas show.)
      await expect(
        page.getByText(/^0 ideas across all councils matching|^There are no ideas to see yet/),
      ).toBeVisible();
      await checkA11y();
      const hidden = await page.goto(`/councils/ideas/${winner!.reference}`);
      expect(hidden?.status()).toBe(404);

      // The results are published, with the first idea a winner.
      const published = await request.post("/test-hooks/councils", {
        data: { challengeId: s.challengeId, winners: [winner!.id] },
      });
      expect(published.status(), await published.text()).toBe(201);

      // Search: the consenting ideas, with the search word highlighted.
      await page.goto("/");
      await page.getByRole("link", { name: "Shared ideas" }).first().click();
      await expect(page.getByRole("heading", { level: 1, name: "Shared ideas" })).toBeVisible();
      await page.getByLabel("Search ideas").fill(label);
      await page.getByRole("button", { name: "Show ideas" }).click();
      await expect(page).toHaveURL(new RegExp(`q=${label}`));
      await expect(page.getByText(new RegExp(`^3 ideas from or for Birmingham matching ‘${label}’`))).toBeVisible();
      await expect(page.getByRole("link", { name: winner!.title })).toBeVisible();
      await expect(page.getByRole("link", { name: private_!.title })).toHaveCount(0);
      await expect(page.locator("mark", { hasText: label }).first()).toBeVisible();
      await checkA11y();

      // Filter to the winners: the address keeps the search and the filter, so it can be shared.
      await page.getByLabel("Award").selectOption({ label: "Winner" });
      await page.getByRole("button", { name: "Show ideas" }).click();
      await expect(page).toHaveURL(/award=winner/);
      await expect(page.getByText(/^1 idea from or for Birmingham/)).toBeVisible();
      await expect(page.getByRole("link", { name: second!.title })).toHaveCount(0);
      await checkA11y();

      // The idea's page: the submitted idea, the organisation with its contact details (it agreed).
      await page.getByRole("link", { name: winner!.title }).click();
      await expect(page.getByRole("heading", { level: 1, name: winner!.title })).toBeVisible();
      await expect(page.getByText(winner!.entrantEmail)).toBeVisible();
      await expect(page.getByText("No council has recorded interest in this idea yet.")).toBeVisible();
      await checkA11y();

      // Forgetting the status is explained, not lost.
      await page.getByLabel("Local initiative it links to (optional)").fill("Birmingham Repair Network");
      await page.getByRole("button", { name: "Record interest" }).click();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(
        page.getByRole("alert").getByRole("link", {
          name: "Select where your council is with this idea",
        }),
      ).toBeVisible();
      await expect(page.getByLabel("Local initiative it links to (optional)")).toHaveValue("Birmingham Repair Network");
      await checkA11y();

      await page.getByRole("radio", { name: "In discussion" }).check();
      await page.getByLabel("Link to the initiative (optional)").fill("https://www.example.gov.uk/repair-network");
      await page.getByRole("button", { name: "Record interest" }).click();
      await expect(page.getByText("Your council's interest has been saved.")).toBeVisible();
      const interested = page.getByRole("table", {
        name: "Councils interested in this idea",
      });
      await expect(interested.getByRole("row", { name: /Birmingham/ })).toContainText("In discussion");
      await expect(interested.getByRole("link", { name: "Birmingham Repair Network" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Update interest" })).toBeVisible();
      await checkA11y();

      // The entrant hears about it.
      const email = await mailbox.latestTo(winner!.entrantEmail, {
        subject: /Birmingham has recorded interest/,
      });
      expect(email.text).toContain("Birmingham Repair Network");
      expect(email.text).toContain("In discussion");

      // An officer of another council sees Birmingham's interest, to work together.
      const otherContext = await otherBrowser(browser);
      try {
        const other = await otherContext.newPage();
        await signInWith(other.request, otherContext, baseURL!, "council_officer", { localAuthorityCode: COVENTRY });
        await other.goto(`/councils/ideas?q=${label}&council=all`);
        await expect(other.getByText(/^3 ideas across all councils/)).toBeVisible();
        await expect(other.getByText("Councils interested: Birmingham (in discussion)")).toBeVisible();
        await other.getByRole("link", { name: winner!.title }).click();
        const table = other.getByRole("table", {
          name: "Councils interested in this idea",
        });
        await expect(table.getByRole("row", { name: /Birmingham/ })).toContainText("Birmingham Repair Network");
        await expect(other.getByRole("heading", { name: "Coventry's interest" })).toBeVisible();
        await checkA11y(other);
      } finally {
        await otherContext.close();
      }

      // Programme staff see the take-up.
      await signInAs("staff");
      await page.goto("/staff");
      await page.getByRole("main").getByRole("link", { name: "Council take-up" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Council take-up" })).toBeVisible();
      await page.getByLabel("Challenge").selectOption(s.slug);
      await page.getByRole("button", { name: "Show take-up" }).click();
      await expect(page.locator("span.govuk-caption-l")).toHaveText(`Scenario challenge ${label}`);
      const takeUp = page.getByRole("table", {
        name: "Which councils are taking which ideas forward",
      });
      await expect(takeUp.getByRole("row", { name: new RegExp(winner!.reference) })).toContainText("In discussion");
      await expect(
        page.getByRole("table", { name: "By council" }).getByRole("row", { name: /Birmingham/ }),
      ).toBeVisible();
      await checkA11y();
    },
  );

  test("other people cannot open the councils' pages", async ({ page, signInAs }) => {
    await signInAs("entrant", { organisation: true });
    const response = await page.goto("/councils/ideas");
    expect(response?.status()).toBe(403);
    const csv = await page.request.get("/councils/ideas.csv");
    expect(csv.status()).toBe(403);
  });
});
