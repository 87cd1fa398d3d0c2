import { randomBytes } from "node:crypto";
import { expect, otherBrowser, test } from "./fixtures";

// An entrant sets up their organisation, invites a colleague, and the colleague joins with the
// link in the email.

const PASSWORD = "lantern orchard pebble";

function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.org`;
}

test.describe("organisations", () => {
  test(
    "an entrant sets up their organisation, with mistakes pointed out and what they typed kept",
    { tag: "@nojs" },
    async ({ page, signInAs, checkA11y }) => {
      const suffix = randomBytes(3).toString("hex");
      const name = `Sparkbrook Community Pantry ${suffix}`;
      await signInAs("entrant", { name: "Amina Hussain" });

      await page.goto("/organisation");
      await expect(page.getByRole("heading", { level: 1, name: "Your organisation" })).toBeVisible();
      await expect(
        page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Your organisation" }),
      ).toBeVisible();
      await checkA11y();

      await page.getByRole("button", { name: "Set up your organisation" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Set up your organisation" })).toBeVisible();
      await expect(page.getByText("You can belong to one organisation.")).toBeVisible();
      // The person setting it up is offered as the main contact.
      await expect(page.getByLabel("Full name")).toHaveValue("Amina Hussain");
      await checkA11y();

      // A CIC without its company number, a postcode that isn't one, and a script for a website.
      await page.getByRole("radio", { name: "Community interest company (CIC)" }).check();
      await page.getByLabel("Postcode").fill("nowhere");
      await page.getByLabel("Website (optional)").fill("javascript:alert(1)");
      await page.getByLabel("Telephone number (optional)").fill("0121 496 0000");
      await page.getByRole("button", { name: "Save and continue" }).click();

      const summary = page.getByRole("alert");
      await expect(summary.getByText("There is a problem")).toBeVisible();
      await expect(summary.getByRole("link", { name: "Enter the name of your organisation" })).toBeVisible();
      await expect(summary.getByRole("link", { name: "Enter your company number, like 01234567" })).toBeVisible();
      await expect(
        summary.getByRole("link", { name: "Select the local authority area where your organisation is based" }),
      ).toBeVisible();
      await expect(summary.getByRole("link", { name: "Enter a full UK postcode, like B1 1BB" })).toBeVisible();
      await expect(summary.getByRole("link", { name: /Enter a website address in the correct format/ })).toBeVisible();
      await expect(page).toHaveTitle(/^Error: /);
      // What was typed is still there.
      await expect(page.getByRole("radio", { name: "Community interest company (CIC)" })).toBeChecked();
      await expect(page.getByLabel("Postcode")).toHaveValue("nowhere");
      await expect(page.getByLabel("Website (optional)")).toHaveValue("javascript:alert(1)");
      await expect(page.getByLabel("Telephone number (optional)")).toHaveValue("0121 496 0000");
      await checkA11y();

      // The error summary links to the field it names.
      await summary.getByRole("link", { name: "Enter the name of your organisation" }).click();
      await expect(page.getByLabel("Name of your organisation")).toBeFocused();

      await page.getByLabel("Name of your organisation").fill(name);
      await page.getByLabel("Registration number (if you have one)").fill("1234 567");
      await page.getByLabel("Local authority area").selectOption({ label: "Birmingham" });
      await page.getByLabel("Postcode").fill("b11 1aa");
      await page.getByLabel("Website (optional)").fill("www.sparkbrookpantry.example");
      await page.getByRole("button", { name: "Save and continue" }).click();

      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      await expect(page.getByText(`You have set up ${name}`)).toBeVisible();
      const details = page.locator(".govuk-summary-list");
      await expect(details.getByText("Community interest company (CIC)")).toBeVisible();
      // Written the usual way: the company number padded, the postcode spaced, https added.
      await expect(details.getByText("01234567")).toBeVisible();
      await expect(details.getByText("B11 1AA")).toBeVisible();
      await expect(details.getByText("https://www.sparkbrookpantry.example/")).toBeVisible();
      await expect(page.getByRole("row", { name: /Amina Hussain \(you\)/ })).toBeVisible();
      await checkA11y();

      // The form is not offered again: one organisation per person.
      await page.goto("/organisation/new");
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

      // Changing a detail.
      await page.getByRole("link", { name: "Change your organisation’s details" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Change your organisation’s details" })).toBeVisible();
      await expect(page.getByLabel("Name of your organisation")).toHaveValue(name);
      await checkA11y();
      await page.getByLabel("Postcode").fill("B12 9AA");
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page.getByText("Your organisation's details have been saved")).toBeVisible();
      await expect(page.locator(".govuk-summary-list").getByText("B12 9AA")).toBeVisible();
      await checkA11y();
    },
  );

  test(
    "a member invites a colleague, who registers through the link and joins",
    { tag: "@nojs" },
    async ({ page, browser, signInAs, mailbox, checkA11y }) => {
      const colleagueEmail = uniqueEmail("colleague");
      const member = await signInAs("entrant", { organisation: true, name: "Amina Hussain" });

      await page.goto("/organisation");
      const organisationName = await page.getByRole("heading", { level: 1 }).textContent();
      expect(organisationName).toMatch(/^Test Community Group/);
      await checkA11y();

      await page.getByRole("button", { name: "Invite a colleague" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Invite a colleague" })).toBeVisible();
      await checkA11y();

      await page.getByRole("button", { name: "Send invitation" }).click();
      await expect(page.getByRole("link", { name: "Enter your colleague's email address" })).toBeVisible();
      await checkA11y();
      await page.getByLabel("Your colleague's email address").fill(member.email);
      await page.getByRole("button", { name: "Send invitation" }).click();
      await expect(page.getByRole("link", { name: `You are already a member of ${organisationName}` })).toBeVisible();

      await page.getByLabel("Your colleague's email address").fill(colleagueEmail.toUpperCase());
      await page.getByRole("button", { name: "Send invitation" }).click();
      await expect(page.getByText(`Invitation sent to ${colleagueEmail}`)).toBeVisible();
      await expect(page.getByRole("row", { name: new RegExp(colleagueEmail) })).toBeVisible();
      await checkA11y();

      const email = await mailbox.latestTo(colleagueEmail, { subject: new RegExp(`Join ${organisationName}`) });
      expect(email.text).toContain("Amina Hussain has invited you");
      const link = email.links.find((l) => l.includes("/organisation/join/"));
      expect(link, `the invitation email should carry the link: ${email.links.join(", ")}`).toBeDefined();

      // The colleague, on their own computer, has no account yet.
      const colleagueContext = await otherBrowser(browser);
      const colleague = await colleagueContext.newPage();
      try {
        await colleague.goto(link!);
        await expect(colleague.getByRole("heading", { level: 1, name: "Join your organisation" })).toBeVisible();
        await expect(colleague.getByText(`Amina Hussain has invited you to join ${organisationName}`)).toBeVisible();
        await checkA11y(colleague);

        await colleague.getByRole("button", { name: "Create an account" }).click();
        await expect(colleague.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
        await checkA11y(colleague);
        await colleague.getByLabel("Full name").fill("Sam Lee");
        await colleague.getByLabel("Email address").fill(colleagueEmail);
        await colleague.getByLabel("Create a password").fill(PASSWORD);
        await colleague.getByLabel("Confirm password").fill(PASSWORD);
        await colleague.getByRole("button", { name: "Create account" }).click();
        await expect(colleague.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
        await expect(
          colleague.getByText("The link will sign you in and bring you back to where you were"),
        ).toBeVisible();
        await checkA11y(colleague);

        // The confirmation link signs them in and brings them back to the invitation.
        const confirmation = await mailbox.latestTo(colleagueEmail, { subject: /Confirm your email address/ });
        const verifyLink = confirmation.links.find((l) => l.includes("/verify-email/"));
        expect(verifyLink, `the email should carry the link: ${confirmation.links.join(", ")}`).toBeDefined();
        await colleague.goto(verifyLink!);
        // Opening the link only shows a button: pressing it confirms and signs in.
        await expect(colleague.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeVisible();
        await colleague.getByRole("button", { name: "Confirm and sign in" }).click();
        await expect(colleague.getByRole("heading", { level: 1, name: "Email address confirmed" })).toBeVisible();
        await checkA11y(colleague);
        await colleague.getByRole("button", { name: "Continue" }).click();
        await expect(colleague.getByRole("heading", { level: 1, name: "Join your organisation" })).toBeVisible();
        await checkA11y(colleague);
        await colleague.getByRole("button", { name: `Join ${organisationName}` }).click();

        await expect(colleague.getByRole("heading", { level: 1, name: organisationName! })).toBeVisible();
        await expect(colleague.getByText(`You have joined ${organisationName}`)).toBeVisible();
        await expect(colleague.getByRole("row", { name: /Sam Lee \(you\)/ })).toBeVisible();
        await expect(colleague.getByRole("row", { name: /Amina Hussain/ })).toBeVisible();
        await checkA11y(colleague);

        // The link has done its job.
        const reused = await colleague.goto(link!.replace(/\/join\/.*/, "/join/" + "a".repeat(32)));
        expect(reused?.status()).toBe(404);
        await colleagueContext.clearCookies();
        const used = await colleague.goto(link!);
        expect(used?.status()).toBe(410);
        await expect(
          colleague.getByRole("heading", { level: 1, name: "This invitation has already been used" }),
        ).toBeVisible();
        await checkA11y(colleague);
      } finally {
        await colleagueContext.close();
      }

      // The member who invited them sees them too, and no invitation waiting.
      await page.goto("/organisation");
      await expect(page.getByRole("row", { name: /Sam Lee/ })).toBeVisible();
      await expect(page.getByText("There are no invitations waiting to be accepted.")).toBeVisible();
      await checkA11y();
    },
  );

  test(
    "a member who has not confirmed their email address is told so, and cannot invite anyone until they do",
    { tag: "@nojs" },
    async ({ page, signInAs, mailbox, checkA11y }) => {
      const member = await signInAs("entrant", {
        organisation: true,
        verified: false,
        email: uniqueEmail("unconfirmed"),
      });
      const invitee = uniqueEmail("invitee");

      await page.goto("/organisation/invite");
      await expect(
        page.getByText("You need to confirm your email address before you can invite a colleague"),
      ).toBeVisible();
      await checkA11y();

      // The form is still there (the page is the same for everyone); sending is refused.
      await page.getByLabel("Your colleague's email address").fill(invitee);
      await page.getByRole("button", { name: "Send invitation" }).click();
      await expect(
        page.getByRole("alert").getByText("Confirm your email address before you invite a colleague"),
      ).toBeVisible();
      await expect(page.getByLabel("Your colleague's email address")).toHaveValue(invitee);
      await checkA11y();
      expect(await mailbox.allTo(invitee)).toEqual([]);

      await page.getByRole("link", { name: "Send a new confirmation link" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeVisible();
      await page.getByRole("button", { name: "Send a new link" }).click();
      await expect(page.getByText(`We have sent a new link to ${member.email}`)).toBeVisible();
      const message = await mailbox.latestTo(member.email, { subject: /Confirm your email address/ });
      await page.goto(message.links.find((l) => l.includes("/verify-email/"))!);
      // Opening the link only shows a button: pressing it confirms and signs in.
      await expect(page.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeVisible();
      await page.getByRole("button", { name: "Confirm and sign in" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Email address confirmed" })).toBeVisible();

      // Confirmed: now the invitation goes.
      await page.goto("/organisation/invite");
      await expect(page.getByText("You need to confirm your email address")).toHaveCount(0);
      await page.getByLabel("Your colleague's email address").fill(invitee);
      await page.getByRole("button", { name: "Send invitation" }).click();
      await expect(page.getByText(`Invitation sent to ${invitee}`)).toBeVisible();
      await mailbox.latestTo(invitee, { subject: /Join/ });
    },
  );

  test("a withdrawn invitation's link says so, and another organisation's forms give nothing away", async ({
    page,
    signInAs,
    mailbox,
    checkA11y,
  }) => {
    const inviteeEmail = uniqueEmail("withdrawn");
    await signInAs("entrant", { organisation: true });
    await page.goto("/organisation/invite");
    await page.getByLabel("Your colleague's email address").fill(inviteeEmail);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(`Invitation sent to ${inviteeEmail}`)).toBeVisible();
    const email = await mailbox.latestTo(inviteeEmail);
    const link = email.links.find((l) => l.includes("/organisation/join/"))!;

    await page.getByRole("button", { name: `Withdraw the invitation to ${inviteeEmail}` }).click();
    await expect(page.getByText(`Invitation to ${inviteeEmail} withdrawn`)).toBeVisible();
    await expect(page.getByText("There are no invitations waiting to be accepted.")).toBeVisible();
    await checkA11y();

    const response = await page.goto(link);
    expect(response?.status()).toBe(410);
    await expect(page.getByRole("heading", { level: 1, name: "This invitation has been withdrawn" })).toBeVisible();
    await checkA11y();

    // Someone in another organisation trying to withdraw this organisation's invitations by
    // number, and hostile input on every form: a 4xx, never a 500.
    await signInAs("entrant", { organisation: true });
    const huge = "x".repeat(100 * 1024);
    const posts: { path: string; form: Record<string, string>; status?: number }[] = [
      // An index route's own action is addressed with ?index, as Remix's <Form> does.
      { path: "/organisation?index", form: { invitationId: "1" }, status: 404 },
      { path: "/organisation?index", form: { invitationId: "2147483647" }, status: 404 },
      { path: "/organisation?index", form: { invitationId: huge } },
      { path: "/organisation?index", form: {} },
      { path: "/organisation/invite", form: { email: huge } },
      { path: "/organisation/invite", form: { email: "\u0000<script>" } },
      { path: "/organisation/edit", form: { name: huge, type: huge, localAuthorityCode: huge, postcode: huge } },
      { path: "/organisation/edit", form: {} },
      { path: `/organisation/join/${"a".repeat(32)}`, form: {}, status: 404 },
      { path: `/organisation/join/${"b".repeat(5000)}`, form: {}, status: 404 },
    ];
    for (const { path, form, status } of posts) {
      const result = await page.request.post(path, { form });
      const label = `${path.slice(0, 40)} ${JSON.stringify(form).slice(0, 60)}`;
      if (status) expect(result.status(), label).toBe(status);
      expect(result.status(), label).toBeGreaterThanOrEqual(400);
      expect(result.status(), label).toBeLessThan(500);
    }
  });
});
