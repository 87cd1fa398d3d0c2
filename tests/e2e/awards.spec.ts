import { expect, test } from "./fixtures";

// Awards, on a challenge of the test's own whose judging rounds are confirmed (POST
// /test-hooks/awards): one member of staff proposes, a second approves, the results are
// published and emailed; a winner accepts the prize (with its grant agreement), confirms their supplier form went to
// finance and books a masterclass place (and its calendar file), another winner finds the
// session full; staff record the payment as paid; the public winners page lists the ideas.

test.describe("awards", () => {
  test(
    "propose, approve by a second person, publish; a winner accepts and books; staff pay",
    { tag: "@nojs" },
    async ({ page, request, scenario, signInAs, mailbox, checkA11y }) => {
      test.slow();
      const s = await scenario({ entries: 4 });
      const [first, second, third, fourth] = s.entries;
      const hook = await request.post("/test-hooks/awards", {
        data: { challengeId: s.challengeId, shortlist: [first!.id, second!.id, third!.id], winners: [first!.id] },
      });
      expect(hook.status(), await hook.text()).toBe(201);
      const awardsUrl = `/staff/awards/${s.challengeId}`;

      // The first member of staff proposes the awards from the confirmed rounds.
      await signInAs("staff", { name: "Sam Proposer" });
      await page.goto("/staff");
      await page.getByRole("main").getByRole("link", { name: "Awards", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Awards" })).toBeVisible();
      await checkA11y();
      await page.getByRole("link", { name: `Scenario challenge ${s.label}` }).click();
      await expect(page).toHaveURL(new RegExp(`${awardsUrl}$`));
      const top20 = page.getByRole("table", { name: /^Top 20: 3 of 20 places, £500 each/ });
      await expect(top20.getByRole("row")).toHaveCount(4);
      await expect(
        page
          .getByRole("table", { name: /^Top 3: 1 of 3 places/ })
          .getByRole("row", { name: new RegExp(first!.reference) }),
      ).toBeVisible();
      await checkA11y();
      await page.getByRole("button", { name: "Propose these awards" }).click();
      await expect(
        page.getByText("The awards are proposed. Another member of staff must now approve them."),
      ).toBeVisible();
      await expect(page.getByText("You proposed this list, so another member of staff must approve it.")).toBeVisible();
      await expect(page.getByRole("button", { name: "Approve the awards" })).toHaveCount(0);
      await checkA11y();
      // Even a hand-made request cannot approve one's own proposal.
      const selfApproval = await page.request.post(awardsUrl, { form: { intent: "approve" } });
      expect(selfApproval.status()).toBe(400);
      expect(await selfApproval.text()).toContain("You proposed this list, so another member of staff must approve it");

      // A second member of staff approves, then publishes.
      await signInAs("staff", { name: "Kim Approver" });
      await page.goto(awardsUrl);
      await page.getByRole("button", { name: "Approve the awards" }).click();
      await expect(page.getByText("The awards are approved. They can now be published.")).toBeVisible();
      await checkA11y();
      await page.getByRole("button", { name: "Publish the results" }).click();
      await expect(page.getByText("The results are published and the emails are on their way.")).toBeVisible();
      await expect(page.locator(".govuk-summary-list__row", { hasText: "Published by" })).toContainText("Kim Approver");
      await checkA11y();

      const offer = await mailbox.latestTo(first!.entrantEmail, { subject: /is a winner/ });
      expect(offer.text).toContain("Top 20 and Top 3");
      expect(offer.links.some((l) => l.endsWith("/awards"))).toBe(true);
      const result = await mailbox.latestTo(fourth!.entrantEmail, { subject: /The results of the/ });
      expect(result.text).toContain(fourth!.reference);

      // Staff add a masterclass session with one place: the award holders are invited.
      await page.getByRole("link", { name: "Masterclasses" }).click();
      await page.getByLabel("Title").fill("Pricing your service");
      await page.getByLabel("Day").fill("4");
      await page.getByLabel("Month").fill("6");
      await page.getByLabel("Year").fill("2031");
      await page.getByLabel("Start time").fill("10am");
      await page.getByLabel("End time").fill("1pm");
      await page.getByLabel("Venue").fill("The Exchange, Birmingham");
      await page.getByLabel("Number of places").fill("1");
      await page.getByRole("button", { name: "Add the session" }).click();
      await expect(page.getByText("Session added. The award holders have been invited.")).toBeVisible();
      await expect(page.getByRole("row", { name: /Pricing your service/ })).toContainText("10am to 1pm on 4 June 2031");
      await checkA11y();
      await mailbox.latestTo(first!.entrantEmail, { subject: /invited to a masterclass: Pricing your service/ });

      // The winner accepts the prize, confirms the supplier form went to finance and books the place.
      await signInAs("entrant", { organisationId: first!.organisationId });
      await page.goto("/entries");
      await page.getByRole("link", { name: "your awards" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your awards" })).toBeVisible();
      await checkA11y();
      await page.getByRole("link", { name: `Top 20: ${first!.title}` }).click();
      await expect(page.getByRole("heading", { level: 1, name: `Top 20: ${first!.title}` })).toBeVisible();
      await checkA11y();
      // Accepting the grant agreement accepts the prize (the agreement has its own journey).
      await page.getByRole("link", { name: "Read and accept your grant agreement" }).click();
      await page.getByLabel("Signatory's full name").fill("Asha Signatory");
      await page.getByLabel("Their role in the organisation").fill("Chair of trustees");
      await page.getByLabel(/I confirm the signatory has read these terms/).check();
      await page.getByRole("button", { name: "Accept the agreement" }).click();
      await expect(page.getByText("You have accepted the grant agreement and the prize")).toBeVisible();
      await page.getByRole("link", { name: "Back to your award" }).click();
      await page.getByRole("button", { name: "Confirm the form is sent" }).click();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(
        page.getByRole("link", { name: "Confirm that you have sent the supplier form to finance" }),
      ).toBeVisible();
      await checkA11y();
      await page.getByLabel("I have sent the supplier form to the authority's finance team").check();
      await page.getByLabel("Supplier reference (optional)").fill("SUP-4410");
      await page.getByRole("button", { name: "Confirm the form is sent" }).click();
      await expect(page.getByText(/Finance will pay the prize/).first()).toBeVisible();
      await expect(page.locator(".govuk-summary-list__row", { hasText: "Status" }).first()).toContainText(
        "Details received",
      );
      await page.getByRole("button", { name: /^Book a place/ }).click();
      await expect(page.getByText("Your masterclass place is booked")).toBeVisible();
      await expect(page.getByText("You have a place on “Pricing your service”.")).toBeVisible();
      await checkA11y();
      const icsLink = page.getByRole("link", { name: /Add to your calendar/ });
      const ics = await page.request.get((await icsLink.getAttribute("href"))!);
      expect(ics.status()).toBe(200);
      expect(ics.headers()["content-type"]).toContain("text/calendar");
      const calendar = await ics.text();
      expect(calendar).toContain("\r\nDTSTART:20310604T090000Z\r\nDTEND:20310604T120000Z\r\n");
      expect(calendar).toContain("\r\nSUMMARY:Pricing your service\r\n");
      expect(calendar).toContain("\r\nLOCATION:The Exchange\\, Birmingham\r\n");

      // Another winner finds the session full.
      await signInAs("entrant", { organisationId: second!.organisationId });
      await page.goto("/awards");
      await page.getByRole("link", { name: `Top 20: ${second!.title}` }).click();
      await page.getByRole("button", { name: /^Book a place/ }).click();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(page.getByRole("alert")).toContainText("This masterclass session is full");
      await checkA11y();

      // Staff approve the payment once its checks are signed off (the due-diligence journey walks
      // those pages), and a different member of staff records it as paid.
      const cleared = await request.post("/test-hooks/awards", { data: { clearForPayment: first!.id } });
      expect(cleared.status(), await cleared.text()).toBe(201);
      await signInAs("staff");
      await page.goto(`${awardsUrl}/payments`);
      await expect(page.getByTestId("outstanding-total")).toContainText("£1,500");
      await checkA11y();
      await page.getByRole("link", { name: `${first!.reference} payment` }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Prize payment" })).toBeVisible();
      await page.getByLabel("Approved for payment").check();
      await page.getByRole("button", { name: "Save the change" }).click();
      await expect(page.getByText("Payment updated: Approved for payment")).toBeVisible();
      // Whoever approved a payment may not record it paid: another member of staff does.
      await expect(
        page.getByText("Another member of staff must record this payment as paid: you approved it"),
      ).toBeVisible();
      const paymentUrl = page.url().replace(/\?.*$/, "");
      await signInAs("staff", { name: "Pat Payer" });
      await page.goto(paymentUrl);
      await page.getByLabel("Paid", { exact: true }).check();
      await page.getByRole("button", { name: "Save the change" }).click();
      await expect(page.getByRole("link", { name: "Enter the finance reference of the payment" })).toBeVisible();
      await page.getByLabel("Paid", { exact: true }).check();
      await page.getByLabel("Finance reference").fill("PAYRUN-2031-07");
      await page.getByRole("button", { name: "Save the change" }).click();
      await expect(page.getByText("Payment updated: Paid")).toBeVisible();
      const history = page.getByRole("table", { name: /Changes to this payment/ });
      await expect(history.getByRole("row")).toHaveCount(6);
      await expect(history.getByRole("row").nth(1)).toContainText("Approved for payment to Paid");
      await checkA11y();
      await page.getByRole("link", { name: "Prize payments" }).click();
      await expect(page.getByTestId("paid-total")).toContainText("£500");
      await expect(page.getByTestId("outstanding-total")).toContainText("£1,000");
      const csv = await page.request.get(`${awardsUrl}/payments.csv?status=all`);
      expect(csv.status()).toBe(200);
      expect(await csv.text()).toContain(`${first!.reference},`);

      // The public winners page lists the winning ideas, with no personal data.
      await page.goto(`/winners/${s.slug}`);
      await expect(page.getByRole("heading", { level: 2, name: "Top 3" })).toBeVisible();
      for (const entry of [first!, second!, third!])
        await expect(page.getByRole("heading", { level: 3, name: entry.title }).first()).toBeVisible();
      await expect(page.getByText(fourth!.title)).toHaveCount(0);
      await expect(page.getByText(first!.entrantEmail)).toHaveCount(0);
      await expect(page.getByText("0121 496 0000")).toHaveCount(0);
      await checkA11y();
    },
  );

  test("the winners page of an unpublished challenge does not exist; /winners always answers", async ({
    page,
    scenario,
    checkA11y,
  }) => {
    const s = await scenario({ entries: 1 });
    const missing = await page.goto(`/winners/${s.slug}`);
    expect(missing?.status()).toBe(404);
    const winners = await page.goto("/winners");
    expect(winners?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "Winners" })).toBeVisible();
    await checkA11y();
  });

  test("odd or hostile form posts get an answer, never a server error", async ({ page, scenario, signInAs }) => {
    const s = await scenario({ entries: 1 });
    await signInAs("staff");
    const huge = "x".repeat(100_000);
    const post = (url: string, form: Record<string, string>) => page.request.post(url, { form });
    expect((await post(`/staff/awards/${s.challengeId}`, { intent: huge })).status()).toBe(400);
    expect((await post(`/staff/awards/${s.challengeId}`, { intent: "withdraw", reason: huge })).status()).toBe(400);
    const notConfirmed = await post(`/staff/awards/${s.challengeId}`, { intent: "propose" });
    expect(notConfirmed.status()).toBe(400);
    expect(await notConfirmed.text()).toContain("both judging rounds are confirmed");
    expect(
      (
        await post(`/staff/awards/${s.challengeId}/masterclasses`, { title: huge, onDay: "\u0000", capacity: "-1" })
      ).status(),
    ).toBe(400);
    expect((await post(`/staff/awards/${s.challengeId}/masterclasses`, {})).status()).toBe(400);
    expect((await post("/staff/awards/999999999/masterclasses/1", { place: "1", attended: "yes" })).status()).toBe(404);
    expect((await post("/staff/awards/abc", { intent: "publish" })).status()).toBe(404);
    expect((await post(`/staff/awards/${s.challengeId}/payments/999999`, { to: "paid", version: "1" })).status()).toBe(
      404,
    );
    await signInAs("entrant", { organisation: true });
    expect((await post("/awards/1", { intent: "details-sent", version: huge })).status()).toBe(400);
    expect((await post("/awards/1/agreement", { version: "1", sha256: huge })).status()).toBe(400);
    expect((await post("/awards/999999", { intent: "accept-place", place: "1" })).status()).toBe(404);
    expect((await page.request.get("/awards/1/sessions/1.ics")).status()).toBe(404);
  });

  test("people who are not staff cannot reach the staff awards pages", async ({ page, signInAs }) => {
    await signInAs("entrant", { organisation: true });
    expect((await page.goto("/staff/awards"))?.status()).toBe(403);
    expect((await page.request.get("/staff/awards/1/payments.csv")).status()).toBe(403);
    expect((await page.goto("/awards/999999"))?.status()).toBe(404);
  });
});
