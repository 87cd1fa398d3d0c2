import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, otherBrowser, test } from "./fixtures";
import { signInAs as signInWith } from "./support/users";

// Two people for every staff grant and every pound (decision 049). A staff invitation proposed by
// one member of staff is sent only when another approves it; a prize payment's details are
// recorded by one member of staff, approved by a second and recorded paid by a third. Each person
// has a browser of their own.

function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.org`;
}

test(
  "a staff invitation is sent only when a second member of staff approves it",
  { tag: "@nojs" },
  async ({ page, browser, baseURL, signInAs, mailbox, checkA11y }) => {
    const invitee = uniqueEmail("new-staff");
    await signInAs("staff", { name: "Ann Proposer" });
    await page.goto("/staff/invitations/new");
    await page.getByLabel("Email address").fill(invitee);
    await page.getByRole("radio", { name: "Programme staff" }).check();
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("heading", { name: `Invitation to ${invitee} waiting for approval` })).toBeVisible();
    const mine = page.getByRole("row", { name: new RegExp(invitee) });
    await expect(mine.getByText("Awaiting approval")).toBeVisible();
    await expect(mine.getByText("Waiting for another member of staff to approve")).toBeVisible();
    await expect(mine.getByRole("button", { name: /Approve/ })).toHaveCount(0);
    await checkA11y();
    expect(await mailbox.allTo(invitee)).toEqual([]);

    const bobContext = await otherBrowser(browser);
    try {
      const bob = await bobContext.newPage();
      await signInWith(bob.request, bobContext, baseURL!, "staff", { name: "Bob Approver" });
      await bob.goto("/staff");
      await bob.getByRole("link", { name: /waiting for a second member of staff to approve/ }).click();
      const waiting = bob.getByRole("row", { name: new RegExp(invitee) });
      await expect(waiting).toContainText("Ann Proposer");
      await checkA11y(bob);
      await waiting.getByRole("button", { name: `Approve and send invitation to ${invitee}` }).click();
      await expect(bob.getByRole("heading", { name: `Invitation approved and sent to ${invitee}` })).toBeVisible();
      await expect(bob.getByRole("row", { name: new RegExp(invitee) })).toContainText("Approved by Bob Approver");
      await checkA11y(bob);
    } finally {
      await bobContext.close();
    }

    const email = await mailbox.latestTo(invitee, { subject: /invited to be/ });
    expect(email.text).toContain("Ann Proposer");
    // One email, sent on approval: none went when it was proposed.
    expect(await mailbox.allTo(invitee)).toHaveLength(1);
  },
);

/** A published award for the scenario's first entry, its payment accepted by the winner. */
async function acceptedPayment(request: APIRequestContext, challengeId: number, entryId: number) {
  const response = await request.post("/test-hooks/support", {
    data: { challengeId, awards: [{ entryId, tier: "top20", paymentStatus: "accepted", clearedForPayment: true }] },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { awards } = (await response.json()) as { awards: { paymentId: number }[] };
  return `/staff/awards/${challengeId}/payments/${awards[0]!.paymentId}`;
}

async function changeStatus(page: Page, label: string, financeReference?: string) {
  await page.getByRole("radio", { name: label, exact: true }).check();
  if (financeReference) await page.getByLabel("Finance reference").fill(financeReference);
  await page.getByRole("button", { name: "Save the change" }).click();
  await expect(page.getByText(`Payment updated: ${label}`)).toBeVisible();
}

test(
  "a payment's details are recorded by one member of staff, approved by a second and paid by a third",
  { tag: "@nojs" },
  async ({ page, browser, baseURL, request, scenario, signInAs, checkA11y }) => {
    const s = await scenario({ entries: 1 });
    const paymentUrl = await acceptedPayment(request, s.challengeId, s.entries[0]!.id);

    await signInAs("staff", { name: "Rita Recorder" });
    await page.goto(paymentUrl);
    await changeStatus(page, "Details received");
    await expect(
      page.getByText("Another member of staff must approve this payment: you recorded its details"),
    ).toBeVisible();
    await expect(page.getByRole("radio", { name: "Approved for payment" })).toHaveCount(0);
    await checkA11y();

    const other = async (name: string, steps: (p: Page) => Promise<void>) => {
      const context = await otherBrowser(browser);
      try {
        const p = await context.newPage();
        await signInWith(p.request, context, baseURL!, "staff", { name });
        await p.goto(paymentUrl);
        await steps(p);
      } finally {
        await context.close();
      }
    };
    await other("Abe Approver", async (abe) => {
      await expect(abe.getByText("Details recorded by")).toBeVisible();
      await changeStatus(abe, "Approved for payment");
      await expect(
        abe.getByText("Another member of staff must record this payment as paid: you approved it"),
      ).toBeVisible();
      await expect(abe.getByRole("radio", { name: "Paid", exact: true })).toHaveCount(0);
      await checkA11y(abe);
    });
    await other("Pat Payer", async (pat) => {
      await changeStatus(pat, "Paid", "PAYRUN-2049-01");
      const summary = pat.locator(".govuk-summary-list").first();
      await expect(summary).toContainText("Rita Recorder");
      await expect(summary).toContainText("Abe Approver");
      await expect(summary).toContainText("Pat Payer (you)");
      await checkA11y(pat);
    });
  },
);
