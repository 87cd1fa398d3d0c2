import { randomBytes } from "node:crypto";
import { expect, hydrated, test } from "./fixtures";

// Staff invite people to take a role; the invitee accepts with the link in the email.

const PASSWORD = "lantern orchard pebble";

function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.org`;
}

test.describe("invitations", () => {
  test(
    "staff invite a judge, who sets a password and lands signed in as a judge",
    { tag: "@nojs" },
    async ({ page, signInAs, mailbox, checkA11y }) => {
      const judgeEmail = uniqueEmail("judge");
      await signInAs("staff");

      await page.goto("/staff");
      await expect(page.getByRole("heading", { level: 1, name: "Run the challenge" })).toBeVisible();
      await checkA11y();

      await page.getByRole("main").getByRole("link", { name: "Invite someone" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Invite someone" })).toBeVisible();
      await checkA11y();

      // Nothing filled in: the error summary, a 400, and the form again.
      await page.getByRole("button", { name: "Send invitation" }).click();
      await expect(page.getByRole("alert").getByText("There is a problem")).toBeVisible();
      await expect(page.getByRole("link", { name: "Enter their email address" })).toBeVisible();
      await checkA11y();

      await page.getByLabel("Email address").fill(judgeEmail);
      await page.getByRole("radio", { name: "Judge" }).check();
      await page.getByRole("button", { name: "Send invitation" }).click();
      await expect(page.getByRole("heading", { name: `Invitation sent to ${judgeEmail}` })).toBeVisible();
      const row = page.getByRole("row", { name: new RegExp(judgeEmail) });
      await expect(row.getByText("Pending")).toBeVisible();
      await checkA11y();

      const email = await mailbox.latestTo(judgeEmail, { subject: /invited to be a judge/ });
      const link = email.links.find((l) => l.includes("/invitations/"));
      expect(link, `the invitation email should carry the link: ${email.links.join(", ")}`).toBeDefined();

      // The judge opens the link in a browser where nobody is signed in.
      await page.context().clearCookies();
      await page.goto(link!);
      await expect(page.getByRole("heading", { level: 1, name: "Create your account" })).toBeVisible();
      await expect(page.getByText(judgeEmail)).toBeVisible();
      await checkA11y();

      // A password on the block-list is refused, with the name kept.
      await page.getByLabel("Full name").fill("Jo Judge");
      await page.getByLabel("Create a password").fill("password1234");
      await page.getByRole("button", { name: "Create account and accept" }).click();
      await expect(page.getByRole("link", { name: /harder to guess/ })).toBeVisible();
      await expect(page.getByLabel("Full name")).toHaveValue("Jo Judge");
      await checkA11y();

      await page.getByLabel("Create a password").fill(PASSWORD);
      await page.getByRole("button", { name: "Create account and accept" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Invitation accepted" })).toBeVisible();
      await expect(page.getByText("Your role: Judge")).toBeVisible();
      // Signed in: the header offers to sign out, not to sign in.
      await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toBeVisible();
      await checkA11y();

      // The link has done its job.
      await page.context().clearCookies();
      const reused = await page.goto(link!);
      expect(reused?.status()).toBe(410);
      await expect(
        page.getByRole("heading", { level: 1, name: "This invitation has already been used" }),
      ).toBeVisible();
      await checkA11y();

      // The programme team see it as accepted.
      await signInAs("staff");
      await page.goto("/staff/invitations?status=accepted");
      await expect(
        page.getByRole("row", { name: new RegExp(judgeEmail) }).getByText("Accepted", { exact: true }),
      ).toBeVisible();
      await checkA11y();
    },
  );

  test(
    "someone who already has an account signs in and then accepts",
    { tag: "@nojs" },
    async ({ page, signInAs, createUser, mailbox, checkA11y }) => {
      const entrant = await createUser("entrant", { email: uniqueEmail("entrant"), password: PASSWORD });
      await signInAs("staff");
      await page.goto("/staff/invitations/new");
      await page.getByLabel("Email address").fill(entrant.email);
      await page.getByRole("radio", { name: "Council officer" }).check();
      await page.getByLabel("Council (for a council officer)").selectOption({ label: "Coventry" });
      await page.getByRole("button", { name: "Send invitation" }).click();
      await expect(page.getByRole("heading", { name: `Invitation sent to ${entrant.email}` })).toBeVisible();

      const email = await mailbox.latestTo(entrant.email, { subject: /council officer for Coventry/ });
      const link = email.links.find((l) => l.includes("/invitations/"))!;

      await page.context().clearCookies();
      await page.goto(link);
      await expect(page.getByRole("heading", { level: 1, name: "Sign in to accept your invitation" })).toBeVisible();
      await checkA11y();
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();

      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
      await page.getByLabel("Email address").fill(entrant.email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();

      await expect(page.getByRole("heading", { level: 1, name: "Accept your invitation" })).toBeVisible();
      await checkA11y();
      await page.getByRole("button", { name: "Accept invitation" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Invitation accepted" })).toBeVisible();
      await expect(page.getByText("Your role: Council officer for Coventry")).toBeVisible();
      await checkA11y();
    },
  );

  test("a second press while the first is on its way is ignored, and a correction made at once after an error is sent", async ({
    page,
    signInAs,
    mailbox,
  }) => {
    const judgeEmail = uniqueEmail("judge");
    await signInAs("staff");
    await page.goto("/staff/invitations/new");
    await hydrated(page);
    const send = page.getByRole("button", { name: "Send invitation" });

    // The answer to the first press is on the screen: the next press is sent, however soon.
    await send.click();
    await expect(page.getByRole("link", { name: "Enter their email address" })).toBeVisible();
    await page.getByLabel("Email address").fill(judgeEmail);
    await page.getByRole("radio", { name: "Judge" }).check();
    // A second press while the first is on its way is ignored: the invitation is sent once. (The
    // first is held back until then; a second one sent would be refused as a duplicate.)
    let sent = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/staff/invitations/new*", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      sent += 1;
      await held;
      await route.continue().catch(() => {});
    });
    await send.click();
    await expect.poll(() => sent).toBe(1);
    await send.click();
    release();
    await expect(page.getByRole("heading", { name: `Invitation sent to ${judgeEmail}` })).toBeVisible();
    await expect(page.getByText("There is a problem")).toHaveCount(0);
    await expect(page.getByRole("row", { name: new RegExp(judgeEmail) })).toHaveCount(1);
    await mailbox.latestTo(judgeEmail, { subject: /invited to be a judge/ });
    expect(await mailbox.allTo(judgeEmail)).toHaveLength(1);
    expect(sent, "presses sent").toBe(1);
  });

  test("staff send an invitation again, and the first link stops working", async ({
    page,
    signInAs,
    mailbox,
    checkA11y,
  }) => {
    const judgeEmail = uniqueEmail("judge");
    await signInAs("staff");
    await page.goto("/staff/invitations/new");
    await page.getByLabel("Email address").fill(judgeEmail);
    await page.getByRole("radio", { name: "Judge" }).check();
    await page.getByRole("button", { name: "Send invitation" }).click();
    const first = await mailbox.latestTo(judgeEmail, { subject: /invited/ });

    await page.getByRole("button", { name: `Send again to ${judgeEmail}` }).click();
    await expect(page.getByRole("heading", { name: `Invitation sent again to ${judgeEmail}` })).toBeVisible();
    await checkA11y();
    const second = await mailbox.latestTo(judgeEmail, { subject: /invited/, after: first });
    const firstLink = first.links.find((l) => l.includes("/invitations/"))!;
    const secondLink = second.links.find((l) => l.includes("/invitations/"))!;
    expect(secondLink).not.toBe(firstLink);

    await page.getByRole("button", { name: `Revoke invitation to ${judgeEmail}` }).click();
    await expect(page.getByRole("heading", { name: `Invitation to ${judgeEmail} revoked` })).toBeVisible();

    await page.context().clearCookies();
    const old = await page.goto(firstLink);
    expect(old?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "This link is not valid" })).toBeVisible();
    await expect(page.getByText("Ask the programme team to send you a new invitation")).toBeVisible();
    await checkA11y();
    const revoked = await page.goto(secondLink);
    expect(revoked?.status()).toBe(410);
    await expect(page.getByRole("heading", { level: 1, name: "This invitation has been withdrawn" })).toBeVisible();
    await checkA11y();
  });

  test("a link that is not an invitation says so plainly with a 404", { tag: "@nojs" }, async ({ page, checkA11y }) => {
    for (const path of [
      "/invitations/not-a-real-token",
      `/invitations/${"a".repeat(5000)}`,
      "/invitations/%00%27%22",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path.slice(0, 40)).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "This link is not valid" })).toBeVisible();
    }
    await checkA11y();
  });
});
