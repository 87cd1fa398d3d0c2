import { expect, test } from "./fixtures";

// The challenge's stages in order, as staff meet them: no judging round, awards or results while
// entries are open (the demo's 2027 challenge), nor while an organisation's extension is running;
// each time the page says why instead of offering the step. Once entries are over, it works.

test.describe("the order of a challenge's stages", () => {
  test(
    "staff cannot start judging or propose awards while the challenge is open, and are told why",
    { tag: "@nojs" },
    async ({ page, signInAs, checkA11y }) => {
      const reason = "Entries are open until 11:59pm on 21 March 2027. Judging can start once the challenge has closed";
      await signInAs("staff");
      await page.goto("/staff/judging");
      await page.getByRole("link", { name: "Community Recovery Innovation Challenge 2027" }).click();
      await expect(
        page.getByRole("heading", { level: 1, name: "Community Recovery Innovation Challenge 2027" }),
      ).toBeVisible();
      await expect(page.getByText(`Not created yet. ${reason}.`).first()).toBeVisible();
      await expect(page.getByRole("link", { name: /^Create/ })).toHaveCount(0);
      await checkA11y();

      // The address of the creation form still works, but creating is refused with the reason.
      await page.goto(`${new URL(page.url()).pathname}/rounds/1/settings`);
      await page.getByRole("button", { name: "Create round 1" }).click();
      await expect(page.getByRole("alert")).toContainText(`${reason}.`);
      await checkA11y();
      await page.goto(page.url().replace(/\/rounds\/1\/settings$/, ""));
      await expect(page.getByText("Being set up")).toHaveCount(0);

      await page.goto("/staff/awards");
      await page.getByRole("link", { name: "Community Recovery Innovation Challenge 2027" }).click();
      await expect(page.getByText(`Not yet. ${reason}.`)).toBeVisible();
      await expect(page.getByRole("button", { name: /Propose|Publish/ })).toHaveCount(0);
      await checkA11y();
    },
  );

  test(
    "round 1 waits for an organisation's extension to pass, then can be created",
    { tag: "@nojs" },
    async ({ page, context, baseURL, signInAs, scenario, checkA11y }) => {
      const s = await scenario({ entries: 2, label: "Extension" });
      await signInAs("staff");

      // An extension a month from now (the scenario challenge itself closed in March 2026).
      const until = new Date(Date.now() + 30 * 86_400_000);
      const [year, month, day] = new Intl.DateTimeFormat("en-CA", {
        timeZone: "Europe/London",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      })
        .format(until)
        .split("-");
      const untilText = new Intl.DateTimeFormat("en-GB", {
        timeZone: "Europe/London",
        day: "numeric",
        month: "long",
        year: "numeric",
      }).format(until);
      await page.goto(`/staff/entries/${s.entries[0]!.reference}/extension`);
      await page.getByLabel("Day").fill(String(Number(day)));
      await page.getByLabel("Month").fill(String(Number(month)));
      await page.getByLabel("Year").fill(year!);
      await page.getByLabel("New closing time").fill("5pm");
      await page.getByLabel("Reason for the extension").fill("Their office flooded the week before closing");
      await page.getByRole("button", { name: "Grant extension" }).click();
      await expect(page.getByRole("heading", { name: "Extension granted" })).toBeVisible();

      await page.goto(`/staff/judging/${s.challengeId}`);
      await expect(
        page.getByText(
          `Not created yet. An organisation has an extension until 5pm on ${untilText}. Judging can start once it has passed and the challenge has closed.`,
        ),
      ).toBeVisible();
      await expect(page.getByRole("link", { name: "Create round 1" })).toHaveCount(0);
      await checkA11y();

      // The day after the extension ends (the test clock moves this browser's "now" only).
      await context.addCookies([
        {
          name: "cric_test_now",
          value: new Date(until.getTime() + 86_400_000).toISOString().replace(/\.\d+Z$/, "Z"),
          url: baseURL!,
        },
      ]);
      await page.reload();
      await page.getByRole("link", { name: "Create round 1" }).click();
      await page.getByRole("button", { name: "Create round 1" }).click();
      await expect(page.getByText("The round has been created")).toBeVisible();
      await checkA11y();

      // Judging has started: the extension can no longer be changed, so no late entry can slip in.
      await page.goto(`/staff/entries/${s.entries[0]!.reference}/extension`);
      await page.getByLabel("Reason for the extension").fill("Asked for a little more time");
      await page.getByRole("button", { name: "Save the new closing time" }).click();
      await expect(page.getByRole("alert")).toContainText(
        "Judging has started, so no extension can be granted or changed",
      );
      await checkA11y();
    },
  );
});
