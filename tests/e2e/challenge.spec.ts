import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, hydrated, test } from "./fixtures";

// The challenge page everyone reads, and staff setting up a challenge: creating it, filling in its
// page, previewing it and opening it. The demo data (db/seed) already has the 2027 challenge open,
// and these tests share the app with others running at the same time, so they never close it:
// opening a second challenge is refused while it is open, which is itself the rule under test.

const DEMO_TITLE = "Community Recovery Innovation Challenge 2027";
// The demo challenge closes at 11:59pm on 21 March 2027, London time.
const DEMO_CLOSING_DAY = "2027-03-21";

function suffix() {
  return randomBytes(3).toString("hex");
}

/** "Closes in N days" for the demo challenge, counted on London calendar days from now. */
function expectedClosingPhrase(): string {
  const today = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  const days = Math.round((Date.parse(DEMO_CLOSING_DAY) - Date.parse(today)) / 86_400_000);
  return days === 0 ? "Closes today" : days === 1 ? "Closes tomorrow" : `Closes in ${days} days`;
}

async function openDemoChallengeAsStaff(page: Page) {
  await page.goto("/staff/challenge");
  await page.getByRole("link", { name: DEMO_TITLE, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_TITLE })).toBeVisible();
}

test.describe("the challenge page", () => {
  test(
    "a visitor reads the prizes, the six areas and sponsors, how entries are judged, the dates, the questions and how to share it",
    { tag: "@nojs" },
    async ({ page, request, signInAs, checkA11y }) => {
      // Staff add a question to the open challenge; the change is recorded because it is live.
      const question = `Can two organisations enter together? (${suffix()})`;
      await signInAs("staff");
      await openDemoChallengeAsStaff(page);
      await checkA11y();
      await page.getByRole("link", { name: /^Change questions and answers/ }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Questions and answers" })).toBeVisible();
      await page.getByRole("button", { name: "Add a question" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Add a question" })).toBeVisible();
      await checkA11y();
      await page.getByLabel("Question").fill(question);
      await page
        .getByLabel("Answer")
        .fill(
          "Yes. One organisation leads the entry and:\n* names its partners\n* receives any prize\n\nSee [the rules](https://example.org/rules).",
        );
      await page.getByRole("button", { name: "Add question" }).click();
      await expect(page.getByRole("heading", { name: "Added" })).toBeVisible();
      await expect(page.getByRole("rowheader", { name: question })).toBeVisible();
      await checkA11y();

      await page.goto("/staff/audit?action=challenge_item_added");
      await expect(page.getByText(`Summary: Added question: ${question}`)).toBeVisible();

      // A visitor, not signed in.
      await page.context().clearCookies();
      const response = await page.goto("/");
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1, name: DEMO_TITLE })).toBeVisible();
      await expect(page.getByText(expectedClosingPhrase(), { exact: true })).toBeVisible();
      await expect(page.getByText("Entries close at 11:59pm on 21 March 2027.")).toBeVisible();
      await expect(page.getByRole("button", { name: "Register to enter" })).toHaveAttribute("href", "/register");
      await expect(
        page.getByRole("main").getByRole("link", { name: "Check if your organisation can enter" }).first(),
      ).toHaveAttribute("href", "/eligibility");

      const prizes = page.getByRole("region", { name: "Prizes" });
      await expect(prizes.getByRole("heading", { name: "Top 20" })).toBeVisible();
      await expect(
        prizes.getByText("20 ideas each win £500 and a place at a business development masterclass."),
      ).toBeVisible();
      await expect(prizes.getByRole("heading", { name: "Top 3" })).toBeVisible();
      await expect(
        prizes.getByText("3 ideas each win support, investment and coaching worth up to £15,000."),
      ).toBeVisible();

      const areas = page.getByRole("region", { name: "Priority areas" });
      await expect(
        areas.getByText("Your idea should help with one of these six priority areas.", { exact: false }),
      ).toBeVisible();
      const sponsors: [string, string][] = [
        ["Living safely with coronavirus", "Sandwell"],
        ["Accessing healthcare and improving physical health", "Wolverhampton"],
        ["Mental health support and awareness", "Coventry"],
        ["Education and young people", "Birmingham"],
        ["Jobs and training", "Walsall"],
        ["Local businesses and high streets", "Solihull"],
      ];
      await expect(areas.getByRole("heading", { level: 3 })).toHaveText(sponsors.map(([name]) => name));
      await expect(areas.getByText(/^Sponsor council: /)).toHaveText(
        sponsors.map(([, council]) => `Sponsor council: ${council}`),
      );

      await expect(
        page.getByRole("region", { name: "Cross-cutting principles" }).getByText("Greener", { exact: true }),
      ).toBeVisible();

      const criteria = page.getByRole("table", { name: "Judging criteria and weights" });
      await expect(criteria.getByRole("row", { name: /Impact on the community .* 30%/ })).toBeVisible();
      await expect(criteria.getByRole("row", { name: /Feasibility .* 20%/ })).toBeVisible();
      await expect(criteria.getByRole("row", { name: /Value for money .* 15%/ })).toBeVisible();
      await expect(criteria.getByRole("row")).toHaveCount(6);

      // Opening and closing with the demo challenge's other key dates, in date order.
      const dates = page.getByRole("region", { name: "Key dates" });
      await expect(dates.getByRole("term")).toHaveText([
        "Entries open",
        "Entries close",
        "Shortlist announced",
        "Final judging panel",
        "Winners announced",
        "Business development masterclass",
      ]);
      await expect(dates.getByRole("definition")).toHaveText([
        "9am on 1 November 2026",
        "11:59pm on 21 March 2027",
        "23 April 2027",
        "6 May 2027",
        "20 May 2027",
        "17 June 2027",
      ]);

      // Questions open without JavaScript too: each is a <details> element.
      const questions = page.getByRole("region", { name: "Questions and answers" });
      await expect(questions.getByText("Do we need to be a registered charity or company?")).toBeVisible();
      await expect(questions.getByText(/Community groups without a registration number can enter/)).toBeHidden();
      await questions.getByText("Do we need to be a registered charity or company?").click();
      await expect(questions.getByText(/Community groups without a registration number can enter/)).toBeVisible();
      const added = questions.locator("details", { hasText: question });
      await added.getByText(question).click();
      await expect(added.getByText("receives any prize")).toBeVisible();
      await expect(added.getByRole("link", { name: "the rules" })).toHaveAttribute("href", "https://example.org/rules");

      const share = page.getByRole("region", { name: "Help us spread the word" });
      const pageUrl = new URL("/", page.url()).toString();
      await expect(share.getByRole("textbox", { name: "Link to this page" })).toHaveValue(pageUrl);
      await expect(share.getByRole("textbox", { name: /Text to paste/ })).toHaveValue(
        new RegExp(`${DEMO_TITLE}.*${pageUrl}$`),
      );
      const qr = share.getByRole("img", { name: `QR code that opens ${pageUrl}` });
      await expect(qr).toBeVisible();
      const svg = await request.get((await qr.getAttribute("src"))!);
      expect(svg.status()).toBe(200);
      expect(svg.headers()["content-type"]).toContain("image/svg+xml");
      expect(await svg.text()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const png = await request.get(
        (await share.getByRole("link", { name: /Download the QR code/ }).getAttribute("href"))!,
      );
      expect(png.status()).toBe(200);
      expect(png.headers()["content-type"]).toBe("image/png");
      expect((await png.body()).subarray(0, 4).toString("hex")).toBe("89504e47");
      await checkA11y();
    },
  );
});

test.describe("setting up a challenge", () => {
  test("staff create a challenge, fill in its page, preview it, and cannot open it while another is open", async ({
    page,
    signInAs,
    checkA11y,
  }) => {
    const title = `Community Recovery Challenge 2028 ${suffix()}`;
    await signInAs("staff");
    await page.goto("/staff");
    await hydrated(page);
    await page.getByRole("main").getByRole("link", { name: "Challenges", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Challenges" })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(`^${DEMO_TITLE} Open`) })).toBeVisible();
    await expect(
      page.getByRole("row", { name: /^Community Recovery Innovation Challenge 2021 Archived/ }),
    ).toBeVisible();
    await checkA11y();

    // Create: nothing filled in, then closing before opening, then right.
    await page.getByRole("button", { name: "Create a new challenge" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Create a new challenge" })).toBeVisible();
    await page.getByRole("button", { name: "Create challenge" }).click();
    const summary = page.getByRole("alert");
    for (const message of [
      "Enter the title",
      "Enter the summary",
      "Enter the opening date",
      "Enter the opening time",
      "Enter the closing date",
    ]) {
      await expect(summary.getByRole("link", { name: message, exact: true })).toBeVisible();
    }
    await checkA11y();

    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Summary").fill("Ideas from community groups and small businesses for 2028.");
    const opening = page.getByRole("group", { name: "Opening date" });
    await opening.getByLabel("Day").fill("1");
    await opening.getByLabel("Month").fill("11");
    await opening.getByLabel("Year").fill("2027");
    await page.getByLabel("Opening time").fill("9am");
    const closing = page.getByRole("group", { name: "Closing date" });
    await closing.getByLabel("Day").fill("1");
    await closing.getByLabel("Month").fill("10");
    await closing.getByLabel("Year").fill("2027");
    await page.getByLabel("Closing time").fill("11:59pm");
    await page.getByRole("button", { name: "Create challenge" }).click();
    await expect(summary.getByRole("link", { name: "The closing time must be after the opening time" })).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await expect(page.getByLabel("Closing time")).toHaveValue("11:59pm");
    await checkA11y();

    await closing.getByLabel("Day").fill("21");
    await closing.getByLabel("Month").fill("3");
    await closing.getByLabel("Year").fill("2028");
    await page.getByRole("button", { name: "Create challenge" }).click();
    await expect(page.getByRole("heading", { name: "Challenge created" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByText("Draft", { exact: true })).toBeVisible();
    await checkA11y();
    const overview = new URL(page.url()).pathname;

    // The page texts, with simple formatting and some text that must stay text.
    await page.getByRole("link", { name: "Change title and page text" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Title and page text" })).toBeVisible();
    await checkA11y();
    await page
      .getByLabel("What the challenge is for")
      .fill("Ideas for **stronger** neighbourhoods.\n\n* cleaner parks\n* <script>alert(1)</script>");
    await page
      .getByLabel("Who can enter")
      .fill(
        "Community groups in the region. [Read the rules](https://example.org/rules) or [this](javascript:alert(1)).",
      );
    await page.getByLabel("How judging works").fill("Two judges score every entry.");
    await page
      .getByRole("group", { name: /judges see the names/ })
      .getByRole("radio", { name: "No" })
      .check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { name: "Your changes have been saved" })).toBeVisible();

    // Priority areas with their sponsors, in the order chosen.
    await page.getByRole("link", { name: /^Change priority areas/ }).click();
    await expect(page.getByText("There are none yet.")).toBeVisible();
    await page.getByRole("button", { name: "Add a priority area" }).click();
    await page.getByRole("button", { name: "Add priority area" }).click();
    await expect(page.getByRole("link", { name: "Enter the name of the priority area" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Select the sponsor council" })).toBeVisible();
    await checkA11y();
    await page.getByLabel("Name of the priority area").fill("Clean streets");
    await page.getByLabel("Sponsor council").selectOption({ label: "Walsall" });
    await page.getByRole("button", { name: "Add priority area" }).click();
    await expect(page.getByRole("heading", { name: "Added" })).toBeVisible();
    await page.getByRole("button", { name: "Add a priority area" }).click();
    await page.getByLabel("Name of the priority area").fill("Healthy lives");
    await page.getByLabel("What it covers").fill("Getting active **together**.");
    await page.getByLabel("Sponsor council").selectOption({ label: "Dudley" });
    await page.getByRole("button", { name: "Add priority area" }).click();
    await page.getByRole("button", { name: "Move up Healthy lives" }).click();
    await expect(page.getByRole("rowheader")).toHaveText(["Healthy lives", "Clean streets"]);
    await checkA11y();

    await page.goto(`${overview}/principles/new`);

    await hydrated(page);
    await page.getByLabel("Name of the principle").fill("Greener");
    await page.getByRole("button", { name: "Add principle" }).click();
    await expect(page.getByRole("rowheader", { name: "Greener" })).toBeVisible();

    // Prize tiers: money typed in pounds.
    await page.goto(`${overview}/prizes/new`);
    await hydrated(page);
    await page.getByLabel("Name of the prize tier").fill("Top 10");
    await page.getByLabel("How many places").fill("10");
    await page.getByLabel("Cash prize for each winner").fill("1,000");
    await page
      .getByRole("group", { name: /masterclass/ })
      .getByRole("radio", { name: "Yes" })
      .check();
    await page.getByRole("button", { name: "Add prize tier" }).click();
    await expect(
      page.getByRole("row", {
        name: /Top 10 10 ideas each win £1,000 and a place at a business development masterclass/,
      }),
    ).toBeVisible();
    await page.getByRole("button", { name: "Add a prize tier" }).click();
    await page.getByLabel("Name of the prize tier").fill("Winner");
    await page.getByLabel("How many places").fill("1");
    await page.getByLabel("Cash prize for each winner").fill("15k");
    await page.getByRole("button", { name: "Add prize tier" }).click();
    await expect(
      page.getByRole("link", { name: "Cash prize must be an amount of money, like 500 or 15,000" }),
    ).toBeVisible();
    await checkA11y();
    await page.getByLabel("Cash prize for each winner").fill("0");
    await page.getByLabel(/Support, investment and coaching/).fill("15,000");
    await page.getByRole("button", { name: "Add prize tier" }).click();
    await expect(
      page.getByRole("row", { name: /Winner 1 idea wins support, investment and coaching worth up to £15,000/ }),
    ).toBeVisible();

    await page.goto(`${overview}/faq/new`);

    await hydrated(page);
    await page.getByLabel("Question").fill("When will we hear?");
    await page.getByLabel("Answer").fill("By the end of May.");
    await page.getByRole("button", { name: "Add question" }).click();
    await expect(page.getByRole("rowheader", { name: "When will we hear?" })).toBeVisible();

    await page.goto(`${overview}/key-dates/new`);

    await hydrated(page);
    await page.getByLabel("What happens").fill("Winners announced");
    const keyDate = page.getByRole("group", { name: "Date" });
    await keyDate.getByLabel("Day").fill("20");
    await keyDate.getByLabel("Month").fill("5");
    await keyDate.getByLabel("Year").fill("2028");
    await page.getByRole("button", { name: "Add key date" }).click();
    await expect(page.getByRole("row", { name: "Winners announced 20 May 2028" })).toBeVisible();
    await checkA11y();

    // The preview is the public page for this challenge.
    await page.goto(overview);
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Priority areas (2)" })).toBeVisible();
    await page.getByRole("button", { name: "Preview the challenge page" }).click();
    await expect(
      page.getByText("This is a preview. The challenge is a draft and is not on the challenge page yet."),
    ).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(
      page.getByText("Entries open at 9am on 1 November 2027 and close at 11:59pm on 21 March 2028.", { exact: false }),
    ).toBeVisible();
    const what = page.getByRole("region", { name: "What the challenge is for" });
    await expect(what.locator("strong")).toHaveText("stronger");
    await expect(what.getByRole("listitem")).toHaveText(["cleaner parks", "<script>alert(1)</script>"]);
    const who = page.getByRole("region", { name: "Who can enter" });
    await expect(who.getByRole("link", { name: "Read the rules" })).toHaveAttribute(
      "href",
      "https://example.org/rules",
    );
    await expect(who.getByText("[this](javascript:alert(1))", { exact: false })).toBeVisible();
    await expect(who.getByRole("link", { name: "this" })).toHaveCount(0);
    const areas = page.getByRole("region", { name: "Priority areas" });
    await expect(areas.getByRole("heading", { level: 3 })).toHaveText(["Healthy lives", "Clean streets"]);
    await expect(areas.getByText(/^Sponsor council: /)).toHaveText([
      "Sponsor council: Dudley",
      "Sponsor council: Walsall",
    ]);
    const prizes = page.getByRole("region", { name: "Prizes" });
    await expect(
      prizes.getByText("10 ideas each win £1,000 and a place at a business development masterclass."),
    ).toBeVisible();
    await expect(prizes.getByText("1 idea wins support, investment and coaching worth up to £15,000.")).toBeVisible();
    const dates = page.getByRole("region", { name: "Key dates" });
    await expect(dates.getByRole("term")).toHaveText(["Entries open", "Entries close", "Winners announced"]);
    await expect(
      page.getByRole("region", { name: "Questions and answers" }).getByText("When will we hear?"),
    ).toBeVisible();
    await checkA11y();

    // Opening is refused while the demo challenge is open, with the reason.
    await page.getByRole("link", { name: "open the challenge" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Open the challenge" })).toBeVisible();
    await expect(page.getByText("You cannot open this challenge yet:")).toBeVisible();
    await expect(
      page.getByText(
        `${DEMO_TITLE} is open. Only one challenge can be open at a time: close it after its closing time before you open this one.`,
      ),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Open the challenge" })).toHaveCount(0);
    await checkA11y();
    // Posting anyway changes nothing: 409, the other open challenge is in the way.
    const refused = await page.request.post(page.url(), { form: {} });
    expect(refused.status()).toBe(409);

    await page.goto("/staff/challenge");

    await hydrated(page);
    await expect(page.getByRole("row", { name: new RegExp(`^${title} Draft`) })).toBeVisible();
    await page.goto("/");
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1, name: DEMO_TITLE })).toBeVisible();
  });

  test("bad addresses are 404s and hostile form posts get the form back with a 400", async ({
    page,
    signInAs,
    checkA11y,
  }) => {
    await signInAs("staff");
    for (const path of [
      "/staff/challenge/abc",
      "/staff/challenge/0",
      "/staff/challenge/99999999",
      "/staff/challenge/99999999/preview",
      "/staff/challenge/1/nonsense",
      "/staff/challenge/1/areas/12x",
      "/staff/challenge/1/faq/99999999",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await checkA11y();

    const huge = "x".repeat(100_000);
    const form = new URLSearchParams();
    form.append("title", huge);
    form.append("title", "second");
    form.append("summary", "\u0000\u0001\u0002");
    form.append("opensDay", huge);
    form.append("opensTime", "<script>alert(1)</script>");
    form.append("copyFrom", "-1 or 1=1");
    const response = await page.request.post("/staff/challenge/new", {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      data: form.toString(),
    });
    expect(response.status()).toBe(400);
    const html = await response.text();
    expect(html).toContain("The title must be 150 characters or fewer");
    expect(html).toContain("Enter the summary");
    expect(html).not.toContain("<script>alert(1)</script>");
  });

  test("people without the staff role cannot reach the set-up pages", async ({ page, signInAs }) => {
    await signInAs("entrant");
    for (const path of [
      "/staff/challenge",
      "/staff/challenge/new",
      "/staff/challenge/1",
      "/staff/challenge/1/preview",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
    }
    const post = await page.request.post("/staff/challenge/new", { form: { title: "Mine" } });
    expect(post.status()).toBe(403);
  });
});
