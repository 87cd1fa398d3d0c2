import { describe, expect, it } from "vitest";
import { withdrawEntry } from "../../app/services/entries/entries.server";
import {
  extensionContext,
  extensionFor,
  revokeExtensionForEntry,
  setExtension,
  setExtensionForEntry,
} from "../../app/services/entries/extensions.server";
import { getStaffEntry } from "../../app/services/entries/staff-entries.server";
import { useTestDatabase } from "../support/database";
import { makeChallenge, makeEntry, makeOrganisation, makeUser } from "../support/staff-entries-fixtures";

const t = useTestDatabase();

// The challenge closes at 11:59pm on Sunday 21 March 2027, UK time (GMT, so 23:59 UTC). The clocks
// go forward at 1am on 28 March 2027, so 11:59pm that day in London is 22:59 UTC.
const CHALLENGE_CLOSES = new Date("2027-03-21T23:59:00Z");
const EXTENDED_TO = new Date("2027-03-28T22:59:00Z");
const BEFORE = new Date("2027-03-01T12:00:00Z");
const AFTER_CLOSING = new Date("2027-03-24T10:00:00Z");

async function world() {
  const staff = await makeUser(t.db, "Sam Staff", ["staff"]);
  const challenge = await makeChallenge(t.db, { closesAt: CHALLENGE_CLOSES, title: "Community Recovery 2027" });
  const late = await makeOrganisation(t.db, { name: "Flooded Out CIC", members: ["Lee Late"] });
  const other = await makeOrganisation(t.db, { name: "On Time Group", members: ["Olu Other"] });
  const lateEntry = await makeEntry(t.db, {
    challenge,
    organisation: late,
    title: "Dry rooms for all",
    status: "draft",
  });
  const otherEntry = await makeEntry(t.db, { challenge, organisation: other, title: "Warm spaces", status: "draft" });
  return { staff, challenge, late, other, lateEntry, otherEntry };
}

describe("deadline extensions", () => {
  it("gives one organisation a later closing time, recorded in the audit trail", async () => {
    const { staff, challenge, late, other, lateEntry } = await world();
    const result = await setExtensionForEntry(
      { id: staff.id, ip: "203.0.113.5" },
      lateEntry.reference,
      { closesAt: EXTENDED_TO, reason: "Their premises flooded in the last week" },
      BEFORE,
    );
    expect(result).toEqual({ outcome: "granted", closesAt: EXTENDED_TO });

    const extension = await extensionFor(challenge.id, late.id);
    expect(extension).toMatchObject({
      closesAt: EXTENDED_TO,
      reason: "Their premises flooded in the last week",
      grantedBy: staff.id,
    });
    expect(await extensionFor(challenge.id, other.id)).toBeNull();

    const audit = await t.db
      .selectFrom("audit_event")
      .selectAll()
      .where("action", "like", "deadline_extension%")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "deadline_extension_granted",
      actor_user_id: staff.id,
      subject_type: "organisation",
      subject_id: String(late.id),
      ip: "203.0.113.5",
    });
    expect(audit[0]!.details).toMatchObject({
      organisation: "Flooded Out CIC",
      challenge: "Community Recovery 2027",
      entry: lateEntry.reference,
      closesAt: "2027-03-28 23:59",
      reason: "Their premises flooded in the last week",
    });
    // Staff see it on every entry of that organisation, with its history.
    const shown = await getStaffEntry(staff, lateEntry.reference);
    expect(shown?.extension?.closesAt).toEqual(EXTENDED_TO);
    expect(shown?.audit.map((a) => a.action)).toEqual(["deadline_extension_granted"]);
  });

  it("lets that organisation, and only that one, keep working after the challenge has closed", async () => {
    const { staff, late, other, lateEntry, otherEntry } = await world();
    const lateMember = { id: late.members[0]!.id };
    const otherMember = { id: other.members[0]!.id };
    // Before any extension, both are past their deadline.
    await expect(withdrawEntry(lateMember, { reference: lateEntry.reference }, AFTER_CLOSING)).rejects.toMatchObject({
      kind: "conflict",
    });
    await setExtensionForEntry(staff, lateEntry.reference, { closesAt: EXTENDED_TO, reason: "Flood" }, BEFORE);
    await expect(withdrawEntry(otherMember, { reference: otherEntry.reference }, AFTER_CLOSING)).rejects.toMatchObject({
      kind: "conflict",
    });
    expect(await withdrawEntry(lateMember, { reference: lateEntry.reference }, AFTER_CLOSING)).toEqual({
      outcome: "withdrawn",
    });
  });

  it("ends at the exact instant of the new closing time", async () => {
    const { staff, late, lateEntry } = await world();
    await setExtensionForEntry(staff, lateEntry.reference, { closesAt: EXTENDED_TO, reason: "Flood" }, BEFORE);
    const member = { id: late.members[0]!.id };
    await expect(withdrawEntry(member, { reference: lateEntry.reference }, EXTENDED_TO)).rejects.toMatchObject({
      kind: "conflict",
    });
    expect(
      await withdrawEntry(member, { reference: lateEntry.reference }, new Date(EXTENDED_TO.getTime() - 1)),
    ).toEqual({
      outcome: "withdrawn",
    });
  });

  it("can be changed, and the change says what it replaced; saving the same again records nothing", async () => {
    const { staff, challenge, late, lateEntry } = await world();
    await setExtensionForEntry(staff, lateEntry.reference, { closesAt: EXTENDED_TO, reason: "Flood" }, BEFORE);
    const later = new Date("2027-04-02T16:00:00Z");
    const changed = await setExtensionForEntry(
      staff,
      lateEntry.reference,
      { closesAt: later, reason: "Flood, and then a fire" },
      BEFORE,
    );
    expect(changed).toMatchObject({ outcome: "changed" });
    expect((await extensionFor(challenge.id, late.id))?.closesAt).toEqual(later);
    const same = await setExtensionForEntry(
      staff,
      lateEntry.reference,
      { closesAt: later, reason: "Flood, and then a fire" },
      BEFORE,
    );
    expect(same).toMatchObject({ outcome: "unchanged" });
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "details"])
      .where("action", "like", "deadline_extension%")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["deadline_extension_granted", "deadline_extension_changed"]);
    expect(audit[1]!.details).toMatchObject({ closesAt: "2027-04-02 17:00", previousClosesAt: "2027-03-28 23:59" });
  });

  it("can be taken away, which is recorded and puts the challenge's closing time back", async () => {
    const { staff, challenge, late, lateEntry } = await world();
    await setExtensionForEntry(staff, lateEntry.reference, { closesAt: EXTENDED_TO, reason: "Flood" }, BEFORE);
    expect(await revokeExtensionForEntry(staff, lateEntry.reference)).toEqual({ revoked: true });
    expect(await extensionFor(challenge.id, late.id)).toBeNull();
    expect(await revokeExtensionForEntry(staff, lateEntry.reference)).toEqual({ revoked: false });
    const member = { id: late.members[0]!.id };
    await expect(withdrawEntry(member, { reference: lateEntry.reference }, AFTER_CLOSING)).rejects.toMatchObject({
      kind: "conflict",
    });
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "details"])
      .where("action", "=", "deadline_extension_revoked")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ previousClosesAt: "2027-03-28 23:59" });
  });

  it("refuses a time that is not after the challenge's closing time, or already past, or without a reason", async () => {
    const { staff, challenge, late, lateEntry } = await world();
    const at = (closesAt: Date, reason = "Flood", now = BEFORE) =>
      setExtensionForEntry(staff, lateEntry.reference, { closesAt, reason }, now);
    await expect(at(CHALLENGE_CLOSES)).rejects.toMatchObject({
      kind: "invalid",
      field: "closesOn",
      message: "The new closing time must be after the challenge closes (2027-03-21 23:59)",
    });
    await expect(at(new Date("2027-03-10T12:00:00Z"))).rejects.toMatchObject({
      kind: "invalid",
      field: "closesOn",
      message: expect.any(String),
    });
    await expect(at(EXTENDED_TO, "Flood", new Date("2027-03-29T00:00:00Z"))).rejects.toMatchObject({
      kind: "invalid",
      field: "closesOn",
      message: "The new closing time must be in the future",
    });
    await expect(at(EXTENDED_TO, "   ")).rejects.toMatchObject({
      kind: "invalid",
      field: "reason",
      message: "Enter the reason for the extension",
    });
    await expect(at(EXTENDED_TO, "x".repeat(2001))).rejects.toMatchObject({
      kind: "invalid",
      field: "reason",
      message: expect.any(String),
    });
    await expect(at(new Date(Number.NaN))).rejects.toMatchObject({ kind: "invalid", field: "closesOn" });
    expect(await extensionFor(challenge.id, late.id)).toBeNull();
    expect(await t.db.selectFrom("audit_event").select("id").execute()).toEqual([]);
  });

  it("cannot extend an archived challenge, nor an entry or organisation that does not exist", async () => {
    const { staff, late } = await world();
    const archived = await makeChallenge(t.db, {
      status: "archived",
      opensAt: new Date("2021-02-08T09:00:00Z"),
      closesAt: new Date("2021-03-21T23:59:00Z"),
    });
    const result = setExtension(
      staff,
      { challengeId: archived.id, organisationId: late.id, closesAt: EXTENDED_TO, reason: "Why not" },
      BEFORE,
    );
    await expect(result).rejects.toMatchObject({ kind: "conflict", message: expect.stringContaining("archived") });
    await expect(
      setExtensionForEntry(staff, "CRI-9999", { closesAt: EXTENDED_TO, reason: "Flood" }, BEFORE),
    ).rejects.toMatchObject({ kind: "not_found" });
    await expect(
      setExtension(
        staff,
        { challengeId: archived.id, organisationId: 999_999, closesAt: EXTENDED_TO, reason: "x" },
        BEFORE,
      ),
    ).rejects.toMatchObject({ kind: "not_found" });
    await expect(extensionContext(staff, "CRI-9999")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("is for programme staff only", async () => {
    const { late, lateEntry, challenge } = await world();
    const entrant = late.members[0]!;
    const judge = await makeUser(t.db, "Jo Judge", ["judge"]);
    for (const actor of [entrant, judge]) {
      await expect(
        setExtensionForEntry(actor, lateEntry.reference, { closesAt: EXTENDED_TO, reason: "Please" }, BEFORE),
      ).rejects.toMatchObject({ kind: "forbidden" });
      await expect(revokeExtensionForEntry(actor, lateEntry.reference)).rejects.toMatchObject({ kind: "forbidden" });
      await expect(extensionContext(actor, lateEntry.reference)).rejects.toMatchObject({ kind: "forbidden" });
    }
    expect(await extensionFor(challenge.id, late.id)).toBeNull();
  });
});
