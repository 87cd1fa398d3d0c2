import type { DB } from "../../db/client";
import { sectionSchema, type EntryContent, type SectionInput, type SectionKey } from "../../app/domain/entry-sections";
import { parseValues } from "../../app/domain/forms";
import { saveSection, sectionPage } from "../../app/services/entries/entries.server";

// Rows the entries integration tests need: a challenge with its priority areas and principles,
// organisations and their members. Inserted directly; the services under test do the rest.

export const BIRMINGHAM = "E08000025";
export const COVENTRY = "E08000026";

export interface TestChallenge {
  id: number;
  areaIds: number[];
  principleIds: number[];
}

export async function makeChallenge(
  db: DB,
  options: { closesAt: Date; opensAt?: Date; status?: "open" | "closed" | "draft"; slug?: string },
): Promise<TestChallenge> {
  const challenge = await db
    .insertInto("challenge")
    .values({
      slug: options.slug ?? "recovery-test",
      title: "Community Recovery Innovation Challenge (test)",
      summary: "Ideas for recovery.",
      opens_at: options.opensAt ?? new Date("2026-11-01T09:00:00Z"),
      closes_at: options.closesAt,
      status: options.status ?? "open",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const areas = await db
    .insertInto("priority_area")
    .values([
      { challenge_id: challenge.id, name: "Jobs and training", sponsor_code: BIRMINGHAM, position: 1 },
      { challenge_id: challenge.id, name: "Mental health support and awareness", sponsor_code: COVENTRY, position: 2 },
    ])
    .returning("id")
    .execute();
  const principles = await db
    .insertInto("principle")
    .values([
      { challenge_id: challenge.id, name: "More inclusive", position: 1 },
      { challenge_id: challenge.id, name: "Greener", position: 2 },
    ])
    .returning("id")
    .execute();
  return { id: challenge.id, areaIds: areas.map((a) => a.id), principleIds: principles.map((p) => p.id) };
}

export async function makeOrganisation(db: DB, name: string): Promise<number> {
  const row = await db
    .insertInto("organisation")
    .values({
      name,
      type: "community_group",
      local_authority_code: BIRMINGHAM,
      postcode: "B11 1AA",
      contact_name: "Contact",
      contact_email: "contact@example.org",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

let people = 0;

/** A person, a member of the organisation if one is given. */
export async function makePerson(db: DB, organisationId: number | null, email?: string): Promise<number> {
  people += 1;
  const user = await db
    .insertInto("app_user")
    .values({
      email: email ?? `person${people}-${Date.now()}@example.org`,
      name: `Person ${people}`,
      email_verified_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("role_grant").values({ user_id: user.id, role: "entrant" }).execute();
  if (organisationId !== null) {
    await db.insertInto("organisation_member").values({ organisation_id: organisationId, user_id: user.id }).execute();
  }
  return user.id;
}

/** A section's input as the form would give it, checked by the same schema. */
export function sectionInput(section: SectionKey, values: Record<string, string | string[]>): SectionInput {
  const parsed = parseValues(sectionSchema(section), values);
  if (!parsed.ok) throw new Error(`test input for ${section} is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.data;
}

/** Every section completed, for a challenge's first priority area and principle. */
export function completeSections(challenge: TestChallenge, overrides: Partial<EntryContent> = {}): SectionInput[] {
  const c = {
    title: "Green Lanes community fridge",
    summary: "A shared fridge for surplus food from local shops, run by volunteers.",
    need: "Food is wasted while families on the same street go without.",
    beneficiaries: "Around 200 households.",
    delivery: "Volunteers run it with the corner shop.",
    costs: "Fridge £600, electricity £200. Total £800.",
    prizeUse: "Buy the fridge.",
    ...overrides,
  };
  return [
    sectionInput("idea", { title: c.title, summary: c.summary, completed: "yes" }),
    sectionInput("need", { need: c.need, beneficiaries: c.beneficiaries, completed: "yes" }),
    sectionInput("priority", {
      priorityArea: String(challenge.areaIds[0]),
      principles: [String(challenge.principleIds[0])],
      completed: "yes",
    }),
    sectionInput("where", { areas: [BIRMINGHAM], completed: "yes" }),
    sectionInput("delivery", { delivery: c.delivery, costs: c.costs, prizeUse: c.prizeUse, completed: "yes" }),
    sectionInput("declarations", { consentShare: "yes", declaration: "yes", completed: "yes" }),
  ];
}

/** Saves each section in turn as a person would, reading the page first for its version. */
export async function saveSections(
  userId: number,
  reference: string,
  inputs: SectionInput[],
  now: Date,
): Promise<void> {
  for (const input of inputs) {
    const page = await sectionPage({ id: userId }, reference, input.section, now);
    if (!page) throw new Error(`no page for ${reference}/${input.section}`);
    const result = await saveSection({ id: userId }, { reference, input, version: page.version, base: page.base }, now);
    if (result.outcome !== "saved") throw new Error(`saving ${input.section} gave ${JSON.stringify(result)}`);
  }
}
