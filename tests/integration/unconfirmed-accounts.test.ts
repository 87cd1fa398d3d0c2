import { describe, expect, it } from "vitest";
import { register, resendVerification, signIn, verifyEmail } from "../../app/services/accounts/accounts.server";
import { startEntry, submitEntry } from "../../app/services/entries/entries.server";
import { createOrganisation, inviteColleague } from "../../app/services/entries/organisations.server";
import { useTestDatabase } from "../support/database";
import { completeSections, makeChallenge, saveSections } from "../support/entry-fixtures";

// An account that has not confirmed its email address could belong to anyone who typed that
// address. It may sign in and draft, but it may not speak for an organisation: no submitting an
// entry, and no invitations (which go out from the authority's sender, with a name the inviter
// chose, to any address) until the address is confirmed.

const t = useTestDatabase();

const IP = "203.0.113.9";
const PASSWORD = "lantern orchard pebble";
const NOW = new Date("2027-02-01T12:00:00Z");
const CLOSES = new Date("2027-03-21T23:59:00Z");

/** Registers through the service, as the form does, and signs in with the password. */
async function registeredEntrant(email = "amina@example.org") {
  const registered = await register({ name: "Amina Hussain", email, password: PASSWORD }, { ip: IP, now: NOW });
  expect(registered.kind).toBe("check_email");
  const signedIn = await signIn({ email, password: PASSWORD }, { ip: IP, now: NOW });
  // Unconfirmed people can still sign in: they can prepare everything before confirming.
  expect(signedIn.kind).toBe("signed_in");
  if (signedIn.kind !== "signed_in") throw new Error("sign-in refused");
  await createOrganisation(
    { id: signedIn.userId, ip: IP },
    {
      name: "Sparkbrook Community Pantry",
      type: "community_group",
      registrationNumber: null,
      localAuthorityCode: "E08000025",
      postcode: "B11 1AA",
      website: null,
      contactName: "Amina Hussain",
      contactEmail: email,
      contactPhone: null,
    },
  );
  return { userId: signedIn.userId, email };
}

/** Confirms the address the way a person does: a new link, opened. */
async function confirm(userId: number) {
  await resendVerification({ id: userId }, { ip: IP, now: NOW });
  const row = await t.db
    .selectFrom("email_outbox")
    .select("props")
    .where("template", "=", "verify-email")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const url = (row.props as { verifyUrl: string }).verifyUrl;
  const token = new URL(url).pathname.split("/").at(-1)!;
  expect((await verifyEmail(token, { ip: IP, now: NOW })).kind).toBe("verified");
}

async function outboxTemplates() {
  return (await t.db.selectFrom("email_outbox").select("template").orderBy("id").execute()).map((r) => r.template);
}

describe("an account whose email address is not confirmed", () => {
  it("can draft a complete entry but not submit it; once confirmed, it can", async () => {
    const challenge = await makeChallenge(t.db, { closesAt: CLOSES });
    const { userId } = await registeredEntrant();
    const reference = await startEntry({ id: userId, ip: IP }, { title: "Community fridge" }, NOW);
    await saveSections(userId, reference, completeSections(challenge), NOW);
    const entry = await t.db
      .selectFrom("entry")
      .selectAll()
      .where("reference", "=", reference)
      .executeTakeFirstOrThrow();

    const refused = submitEntry({ id: userId, ip: IP }, { reference, version: entry.version }, NOW);

    await expect(refused).rejects.toMatchObject({
      kind: "forbidden",
      message: "Confirm your email address before you submit your entry. Your draft has been kept.",
    });
    expect(await t.db.selectFrom("entry_submission").select("id").execute()).toEqual([]);
    expect(
      await t.db.selectFrom("entry").select("status").where("id", "=", entry.id).executeTakeFirstOrThrow(),
    ).toEqual({ status: "draft" });
    expect(await outboxTemplates()).not.toContain("entry-receipt");

    await confirm(userId);
    const submitted = await submitEntry({ id: userId, ip: IP }, { reference, version: entry.version }, NOW);
    expect(submitted).toMatchObject({ outcome: "submitted" });
    expect(await outboxTemplates()).toContain("entry-receipt");
  });

  it("cannot invite anyone to its organisation; once confirmed, it can", async () => {
    const { userId } = await registeredEntrant();

    const refused = inviteColleague({ id: userId, ip: IP }, "anyone@example.net");

    await expect(refused).rejects.toMatchObject({
      kind: "forbidden",
      message: "Confirm your email address before you invite a colleague",
    });
    expect(await t.db.selectFrom("organisation_invitation").select("id").execute()).toEqual([]);
    expect(await outboxTemplates()).not.toContain("organisation-invitation");
    const actions = (await t.db.selectFrom("audit_event").select("action").execute()).map((r) => r.action);
    expect(actions).not.toContain("organisation_invitation_sent");

    await confirm(userId);
    const sent = await inviteColleague({ id: userId, ip: IP }, "anyone@example.net");
    expect(sent).toMatchObject({ outcome: "invited", email: "anyone@example.net" });
    expect(await outboxTemplates()).toContain("organisation-invitation");
  });
});
