import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// Pages fit a 390px phone (an iPhone 12-15): the page itself never scrolls sideways. A wide table
// scrolls inside its own labelled region instead (app/components/TableScroll.tsx), which a
// keyboard user can focus and scroll. Checked on the pages whose tables were widest: the entrant's
// entries and their organisation's members, and the staff leaderboard, assignment, entries,
// awards, payments and board report.

test.use({ viewport: { width: 390, height: 844 } });

async function expectNoSidewaysScroll(page: Page, what: string) {
  await expect(page.locator("main")).toBeVisible();
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${what} scrolls the whole page sideways on a 390px phone`).toBeLessThanOrEqual(innerWidth);
}

test.describe("pages on a 390px phone", () => {
  test(
    "an entrant's entries and their organisation's members fit the screen",
    { tag: "@nojs" },
    async ({ page, signInAs, scenario, checkA11y }) => {
      const s = await scenario({ entries: 1 });
      await signInAs("entrant", {
        organisationId: s.entries[0]!.organisationId,
        name: "Philippa Featherstonehaugh-Cholmondeley",
        email: `philippa.featherstonehaugh-cholmondeley.${s.label.toLowerCase()}@community-recovery-example.org.uk`,
      });

      await page.goto("/entries");
      await expect(page.getByRole("region", { name: "Your organisation's entries" })).toBeVisible();
      await expectNoSidewaysScroll(page, "Your entries");
      await checkA11y();

      await page.goto("/organisation");
      await expect(page.getByRole("region", { name: "Members" })).toBeVisible();
      await expectNoSidewaysScroll(page, "Your organisation");
      await checkA11y();
    },
  );

  test(
    "the staff tables scroll inside their own region",
    { tag: "@nojs" },
    async ({ page, request, signInAs, createUser, scenario, checkA11y }) => {
      test.slow();
      const s = await scenario({ entries: 4, label: "Phone" });
      const judges = [];
      for (const letter of ["A", "B", "C"])
        judges.push(await createUser("judge", { name: `Judge ${s.label} ${letter}` }));
      const staff = await signInAs("staff");
      const prepared = await request.post("/test-hooks/staff-judging", {
        data: {
          action: "prepare-round",
          challengeId: s.challengeId,
          number: 1,
          staffUserId: staff.id,
          judgeUserIds: judges.map((j) => j.id),
          scores: true,
        },
      });
      expect(prepared.status(), await prepared.text()).toBe(201);

      const pages: [string, string][] = [
        [`/staff/judging/${s.challengeId}/rounds/1/leaderboard`, "The leaderboard"],
        [`/staff/judging/${s.challengeId}/rounds/1/assignment`, "The assignment"],
        ["/staff/entries", "The entries list"],
        ["/staff/reports", "The board report"],
      ];
      for (const [address, what] of pages) {
        await page.goto(address);
        await expectNoSidewaysScroll(page, what);
        await checkA11y();
      }
      await expect(page.getByRole("region").first()).toBeVisible();

      // The demo's 2021 challenge has awards and payments at every stage.
      await page.goto("/staff/awards");
      await page.getByRole("link", { name: "Community Recovery Innovation Challenge 2021" }).click();
      await expect(page).toHaveTitle(/Awards: Community Recovery Innovation Challenge 2021/);
      await expectNoSidewaysScroll(page, "The awards");
      await checkA11y();
      await page.getByRole("link", { name: "Prize payments" }).click();
      await expect(page.getByRole("region", { name: "Prize payments" })).toBeVisible();
      await expectNoSidewaysScroll(page, "The prize payments");
      await checkA11y();
    },
  );
});
