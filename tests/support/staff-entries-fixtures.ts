import type { DB } from "../../db/client";
import type { ChallengeStatus, EntryStatus, OrganisationType, Role } from "../../db/schema";
import { grantStaffDirectly } from "../../db/seed/staff-grants";

// Small builders for the staff-entries, extensions and reminders integration tests: a challenge
// with priority areas, organisations with members, entries with council areas and, for anything
// that has been submitted, a snapshot as the entries service writes it.

let counter = 0;
const next = () => ++counter;

export async function makeUser(
  db: DB,
  name: string,
  roles: Role[] = [],
): Promise<{ id: number; email: string; name: string }> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}.${next()}@example.org`;
  const user = await db
    .insertInto("app_user")
    .values({ email, name })
    .returning(["id", "email", "name"])
    .executeTakeFirstOrThrow();
  for (const role of roles) {
    if (role === "staff") {
      await grantStaffDirectly(db, user.id);
      continue;
    }
    await db
      .insertInto("role_grant")
      .values({
        user_id: user.id,
        role,
        local_authority_code: role === "council_officer" ? "E08000025" : null,
        granted_by: null,
      })
      .execute();
  }
  return user;
}

export interface ChallengeFixture {
  id: number;
  slug: string;
  title: string;
  closesAt: Date;
  areas: { id: number; name: string }[];
}

export async function makeChallenge(
  db: DB,
  options: {
    title?: string;
    opensAt?: Date;
    closesAt?: Date;
    status?: ChallengeStatus;
    areas?: string[];
  } = {},
): Promise<ChallengeFixture> {
  const n = next();
  const slug = `challenge-${n}`;
  const title = options.title ?? `Challenge ${n}`;
  const closesAt = options.closesAt ?? new Date("2027-03-21T23:59:00Z");
  const challenge = await db
    .insertInto("challenge")
    .values({
      slug,
      title,
      summary: "A test challenge",
      opens_at: options.opensAt ?? new Date("2026-11-01T09:00:00Z"),
      closes_at: closesAt,
      status: options.status ?? "open",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const areas: { id: number; name: string }[] = [];
  for (const [i, name] of (options.areas ?? ["Jobs and training", "Mental health support"]).entries()) {
    const area = await db
      .insertInto("priority_area")
      .values({ challenge_id: challenge.id, name, sponsor_code: "E08000025", position: i })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
    areas.push(area);
  }
  return { id: challenge.id, slug, title, closesAt, areas };
}

export interface OrganisationFixture {
  id: number;
  name: string;
  contactEmail: string;
  members: { id: number; email: string; name: string }[];
}

export async function makeOrganisation(
  db: DB,
  options: {
    name?: string;
    type?: OrganisationType;
    localAuthorityCode?: string;
    members?: string[];
    contactEmail?: string;
  } = {},
): Promise<OrganisationFixture> {
  const n = next();
  const name = options.name ?? `Organisation ${n}`;
  const members = [];
  for (const memberName of options.members ?? [`Member ${n}`])
    members.push(await makeUser(db, memberName, ["entrant"]));
  const contactEmail = options.contactEmail ?? members[0]?.email ?? `contact.${n}@example.org`;
  const organisation = await db
    .insertInto("organisation")
    .values({
      name,
      type: options.type ?? "community_group",
      registration_number: null,
      local_authority_code: options.localAuthorityCode ?? "E08000025",
      postcode: "B1 1AA",
      website: null,
      contact_name: members[0]?.name ?? "Contact",
      contact_email: contactEmail,
      contact_phone: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const member of members) {
    await db
      .insertInto("organisation_member")
      .values({ organisation_id: organisation.id, user_id: member.id })
      .execute();
  }
  return { id: organisation.id, name, contactEmail, members };
}

export interface EntryFixture {
  id: number;
  reference: string;
}

export async function makeEntry(
  db: DB,
  options: {
    challenge: ChallengeFixture;
    organisation: OrganisationFixture;
    title: string;
    status?: EntryStatus;
    area?: number;
    councils?: string[];
    submittedAt?: Date;
    /** Earlier submitted versions to record before the current one. */
    earlierVersions?: { title: string; submittedAt: Date }[];
  },
): Promise<EntryFixture> {
  const status = options.status ?? "submitted";
  const area = options.area === undefined ? options.challenge.areas[0] : options.challenge.areas[options.area];
  const submitted = status !== "draft";
  const submittedAt = submitted ? (options.submittedAt ?? new Date("2026-11-12T21:15:00Z")) : null;
  const versions = [
    ...(options.earlierVersions ?? []),
    ...(submitted ? [{ title: options.title, submittedAt: submittedAt! }] : []),
  ];
  const entry = await db
    .insertInto("entry")
    .values({
      challenge_id: options.challenge.id,
      organisation_id: options.organisation.id,
      priority_area_id: area?.id ?? null,
      title: options.title,
      summary: "A summary of the idea.",
      need: "The need.\n\nA second paragraph.",
      status,
      version: Math.max(1, versions.length),
      created_by: options.organisation.members[0]?.id ?? null,
      submitted_at: submittedAt,
      withdrawn_at: status === "withdrawn" ? new Date("2026-11-13T10:00:00Z") : null,
    })
    .returning(["id", "reference"])
    .executeTakeFirstOrThrow();
  for (const code of options.councils ?? ["E08000025"]) {
    await db.insertInto("entry_area").values({ entry_id: entry.id, local_authority_code: code }).execute();
  }
  for (const [i, version] of versions.entries()) {
    await db
      .insertInto("entry_submission")
      .values({
        entry_id: entry.id,
        entry_version: i + 1,
        snapshot: JSON.stringify({
          reference: entry.reference,
          version: i + 1,
          organisation: {
            id: options.organisation.id,
            name: options.organisation.name,
            type: "community_group",
            localAuthorityCode: "E08000025",
            postcode: "B1 1AA",
          },
          priorityArea: area ? { id: area.id, name: area.name } : null,
          principles: [{ id: 1, name: "Greener" }],
          areas: (options.councils ?? ["E08000025"]).map((code) => ({ code, name: code })),
          title: version.title,
          summary: "A summary of the idea.",
          need: "The need.",
          beneficiaries: "Neighbours.",
          delivery: "Volunteers.",
          costs: "£500",
          prizeUse: "Equipment.",
          consentShare: true,
          consentContact: false,
          declaration: true,
        }),
        submitted_by: options.organisation.members[0]?.id ?? null,
        submitted_at: version.submittedAt,
      })
      .execute();
  }
  return entry;
}
