import { describe, expect, it } from "vitest";
import { parseForm } from "../../app/domain/forms";
import { organisationSchema } from "../../app/domain/organisation-schema";
import { createOrganisation, updateOrganisation } from "../../app/services/entries/organisations.server";
import { useTestDatabase } from "../support/database";

// What reaches the database from a posted form: names lose the invisible characters that can
// disguise them (a right-to-left override makes "Pantry" show as "yrtnaP"), and names in other
// scripts are stored exactly as typed, on both database engines.

const t = useTestDatabase();

const RLO = "\u202E";
const PDF = "\u202C";
const ZWSP = "\u200B";
const RLI = "\u2067";
const PDI = "\u2069";

async function entrant(email: string) {
  const user = await t.db
    .insertInto("app_user")
    .values({ email, name: "Amina Hussain", password_hash: null, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("role_grant").values({ user_id: user.id, role: "entrant", granted_by: null }).execute();
  return { id: user.id, ip: "203.0.113.7" };
}

function posted(name: string, contactName: string) {
  const form = new FormData();
  for (const [key, value] of Object.entries({
    name,
    type: "community_group",
    registrationNumber: "",
    localAuthorityCode: "E08000025",
    postcode: "B11 1AA",
    website: "",
    contactName,
    contactEmail: "amina@example.org",
    contactPhone: "",
  })) {
    form.append(key, value);
  }
  const parsed = parseForm(organisationSchema, form);
  if (!parsed.ok) throw new Error(`the form was refused: ${JSON.stringify(parsed.errors)}`);
  return parsed.data;
}

async function storedOrganisation(id: number) {
  return t.db
    .selectFrom("organisation")
    .select(["name", "contact_name"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

describe("names posted with invisible directional controls", () => {
  it("an organisation's name and contact are stored without overrides, isolates or zero-width spaces", async () => {
    const amina = await entrant("amina@example.org");
    const created = await createOrganisation(
      amina,
      posted(`Sparkbrook ${RLO}yrtnaP${PDF}${ZWSP}`, `${RLI}Amina${PDI} Hussain`),
    );
    expect(await storedOrganisation(created)).toEqual({
      name: "Sparkbrook yrtnaP",
      contact_name: "Amina Hussain",
    });
  });

  it("a name changed later is cleaned too, and a name in Arabic script is kept exactly", async () => {
    const amina = await entrant("amina@example.org");
    const created = await createOrganisation(amina, posted("Sparkbrook Pantry", "Amina Hussain"));
    const arabic = "جمعية الخير الخيرية";
    const updated = await updateOrganisation(amina, posted(`${RLO}${arabic}`, "أمينة حسين"));
    expect(updated.changed).toContain("name");

    expect(await storedOrganisation(created)).toEqual({ name: arabic, contact_name: "أمينة حسين" });
  });
});
