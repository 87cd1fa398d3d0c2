import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";

// Staff see the email waiting to be sent, and send a failed email again. The test hook puts three
// emails to one address in the outbox as a provider outage leaves them: a result letter failed for
// good, an invitation failed for good (its single-use link removed) and a result letter still
// being retried.

test.describe("email backlog", () => {
  test(
    "staff see what is waiting and failing, in plain words, and send a failed email again",
    { tag: "@nojs" },
    async ({ page, request, signInAs, mailbox, checkA11y }) => {
      const to = `backlog-${randomBytes(4).toString("hex")}@example.org`;
      const hook = await request.post("/test-hooks/email", { data: { to } });
      expect(hook.status(), await hook.text()).toBe(201);
      await signInAs("staff");

      await page.goto("/staff");
      await page.getByRole("link", { name: "Email waiting to be sent" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Email waiting to be sent" })).toBeVisible();
      await expect(page.getByText(/for 3 days\. Only then is it marked failed/)).toBeVisible();
      // The summary counts every email; at least ours is there.
      const summary = page.locator(".govuk-summary-list");
      await expect(summary.getByText("Failed", { exact: true })).toBeVisible();
      await checkA11y();

      const ours = page.getByRole("row").filter({ hasText: to });
      await expect(ours).toHaveCount(3);
      const failedResult = ours.filter({ hasText: "The results of" }).filter({ hasText: "Failed" });
      await expect(failedResult).toHaveCount(1);
      await expect(failedResult.getByText("The email provider had a fault of its own")).toBeVisible();
      await expect(failedResult.getByText(/HTTP 500/)).toBeVisible();

      const retrying = ours.filter({ hasText: "Trying again" });
      await expect(retrying).toHaveCount(1);
      await expect(retrying.getByText(/^Next try /)).toBeVisible();
      await expect(retrying.getByRole("button")).toHaveCount(0);

      // The invitation's link was removed when it failed: it cannot be sent again as it was.
      const invitation = ours.filter({ hasText: /invited/i });
      await expect(invitation).toHaveCount(1);
      await expect(
        invitation.getByText("The service could not reach the email provider, or it did not answer in time"),
      ).toBeVisible();
      await expect(invitation.getByRole("button")).toHaveCount(0);
      await expect(page.getByText(/cannot be sent again: the link was removed when it failed/)).toBeVisible();

      await failedResult.getByRole("button", { name: `Send again now to ${to}` }).click();
      await expect(page.getByRole("heading", { name: "1 email is being sent again" })).toBeVisible();
      await checkA11y();

      // The worker sends it (here to the local mailbox), and it leaves the list of problems.
      const email = await mailbox.latestTo(to, { subject: /The results of/ });
      expect(email.text).toContain("CRI-0042");
      await page.reload();
      await expect(page.getByRole("row").filter({ hasText: to })).toHaveCount(2);
    },
  );

  test("is for staff only", async ({ page, signInAs }) => {
    await signInAs("entrant");
    const response = await page.goto("/staff/email");
    expect(response?.status()).toBe(403);
  });
});
