import { readFile } from "node:fs/promises";
import { expect, test, testAwards } from "./fixtures";

// A grant agreement, on a scenario challenge of the test's own with a published Top 20 award (£500) made
// through POST /test-hooks/support (version 1 of its agreement issued, as publishing does): the
// organisation's signatory reads and accepts it, which accepts the prize, and downloads it as a
// PDF; staff see it accepted, issue a variation, and the organisation is asked to accept again.

test.describe("grant agreements", () => {
  test(
    "the signatory accepts the agreement and downloads the PDF; a variation must be accepted again",
    { tag: "@nojs" },
    async ({ page, request, scenario, signInAs, mailbox, checkA11y }) => {
      test.slow();
      const s = await scenario({ entries: 2 });
      const entry = s.entries[0]!;
      const { awardId } = (
        await testAwards(request, {
          challengeId: s.challengeId,
          awards: [{ entryId: entry.id, tier: "top20" }],
        })
      )[0]!;

      // The winner reads the whole text from their award and accepts it for the organisation.
      const winner = await signInAs("entrant", { organisationId: entry.organisationId, name: "Asha Patel" });
      await page.goto(`/awards/${awardId}`);
      await expect(page.getByRole("heading", { name: "Your grant agreement" })).toBeVisible();
      await page.getByRole("link", { name: "Read and accept your grant agreement" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Grant agreement" })).toBeVisible();
      const terms = page.getByRole("region", { name: "The terms" });
      await expect(terms).toContainText(entry.title);
      await expect(terms).toContainText("Repayment.");
      await checkA11y();

      // Nothing filled in: each question says what is missing, and the name given is kept.
      await page.getByLabel("Signatory's full name").fill("");
      await page.getByRole("button", { name: "Accept the agreement" }).click();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(page.getByRole("link", { name: "Enter the signatory's full name" })).toBeVisible();
      await expect(
        page.getByRole("link", { name: "Confirm that the signatory is authorised to sign for the organisation" }),
      ).toBeVisible();
      await checkA11y();

      await page.getByLabel("Signatory's full name").fill("Asha Patel");
      await page.getByLabel("Their role in the organisation").fill("Chair of trustees");
      await page.getByLabel(/I confirm the signatory has read these terms/).check();
      await page.getByRole("button", { name: "Accept the agreement" }).click();
      await expect(page.getByText("You have accepted the grant agreement and the prize")).toBeVisible();
      await expect(page.locator(".govuk-summary-list__row", { hasText: "Status" })).toContainText(
        "Accepted by Asha Patel (Chair of trustees) at",
      );
      await expect(page.getByRole("button", { name: "Accept the agreement" })).toHaveCount(0);
      await checkA11y();

      // The PDF: a download, never shown as a page.
      const link = page.getByRole("link", { name: "Download version 1 as a PDF" });
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      expect(download.suggestedFilename()).toBe(`grant-agreement-${entry.reference}-v1.pdf`);
      const bytes = await readFile((await download.path())!);
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const fingerprint = (await page.locator("#terms-heading ~ p code").textContent())!;
      expect(bytes.toString("latin1")).toContain(fingerprint);
      const response = await page.request.get((await link.getAttribute("href"))!);
      expect(response.headers()["content-type"]).toBe("application/pdf");
      expect(response.headers()["content-disposition"]).toMatch(/^attachment;/);
      expect(response.headers()["x-content-type-options"]).toBe("nosniff");

      // The prize is accepted with it, and the organisation has the notice.
      await page.getByRole("link", { name: "Back to your award" }).click();
      await expect(page.locator(".govuk-summary-list__row", { hasText: "Status" }).first()).toContainText("Accepted");
      const notice = await mailbox.latestTo(winner.email, {
        subject: new RegExp(`Grant agreement for ${entry.reference} accepted`),
      });
      expect(notice.text).toContain(fingerprint);

      // Staff see it accepted, and issue a variation with its reason.
      await signInAs("staff");
      await page.goto(`/staff/awards/${s.challengeId}`);
      await page.getByRole("link", { name: "Grant agreements" }).click();
      await expect(page.getByRole("row", { name: new RegExp(entry.reference) })).toContainText(
        "Version 1 accepted by Asha Patel",
      );
      await checkA11y();
      await page.getByRole("link", { name: new RegExp(entry.reference) }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Grant agreement" })).toBeVisible();
      await checkA11y();
      await page.getByRole("button", { name: "Issue the variation" }).click();
      await expect(page.getByRole("link", { name: "Enter the reason for the variation" })).toBeVisible();
      await page.getByLabel("Why the agreement is changing").fill("The prize is now paid in two parts.");
      await page.getByRole("button", { name: "Issue the variation" }).click();
      await expect(page.getByText("The variation is issued.")).toBeVisible();
      await expect(page.getByRole("heading", { name: "Version 2" })).toBeVisible();
      const staffPdf = await page.request.get(`/staff/awards/${s.challengeId}/agreements/${awardId}/1.pdf`);
      expect(staffPdf.status()).toBe(200);
      expect((await staffPdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
      await checkA11y();

      // The organisation is asked to accept again; the accepted version stays as it was.
      await signInAs("entrant", { organisationId: entry.organisationId });
      await page.goto(`/awards/${awardId}/agreement`);
      await expect(page.locator(".govuk-summary-list__row", { hasText: "Why it changed" }).first()).toContainText(
        "The prize is now paid in two parts.",
      );
      await expect(page.getByRole("button", { name: "Accept the agreement" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Version 1" })).toBeVisible();
      await checkA11y();
    },
  );

  test("nobody else can read an agreement or its PDF", async ({ page, request, scenario, signInAs }) => {
    const s = await scenario({ entries: 2 });
    const { awardId } = (
      await testAwards(request, {
        challengeId: s.challengeId,
        awards: [{ entryId: s.entries[0]!.id, tier: "top20" }],
      })
    )[0]!;
    await signInAs("entrant", { organisationId: s.entries[1]!.organisationId });
    expect((await page.goto(`/awards/${awardId}/agreement`))?.status()).toBe(404);
    expect((await page.request.get(`/awards/${awardId}/agreement/1.pdf`)).status()).toBe(404);
    expect((await page.request.get(`/staff/awards/${s.challengeId}/agreements/${awardId}/1.pdf`)).status()).toBe(403);
  });
});
