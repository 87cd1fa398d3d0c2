import { describe, expect, it } from "vitest";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();

describe("test scenarios", () => {
  it("creates a closed challenge with submitted entries, each from its own organisation with a snapshot", async () => {
    const scenario = await createScenario({
      entries: 4,
      otherEntries: ["draft", "withdrawn"],
      withoutConsent: [1],
      label: "Alpha",
    });
    const challenge = await t.db
      .selectFrom("challenge")
      .selectAll()
      .where("id", "=", scenario.challengeId)
      .executeTakeFirstOrThrow();
    expect(challenge.status).toBe("closed");
    expect(challenge.results_published_at).toBeNull();
    expect(scenario.criterionIds).toHaveLength(5);
    expect(scenario.prizeTierIds).toHaveLength(2);
    expect(scenario.entries.map((e) => e.status)).toEqual([
      "submitted",
      "submitted",
      "submitted",
      "submitted",
      "draft",
      "withdrawn",
    ]);
    expect(new Set(scenario.entries.map((e) => e.organisationId)).size).toBe(6);
    const snapshots = await t.db
      .selectFrom("entry_submission")
      .select("entry_id")
      .where(
        "entry_id",
        "in",
        scenario.entries.map((e) => e.id),
      )
      .execute();
    expect(snapshots).toHaveLength(5);
    const consent = await t.db
      .selectFrom("entry")
      .select(["id", "consent_share"])
      .where("challenge_id", "=", scenario.challengeId)
      .orderBy("id")
      .execute();
    expect(consent.map((e) => e.consent_share)).toEqual([true, false, true, true, true, true]);
    expect(scenario.entries.every((e) => e.title.includes("Alpha"))).toBe(true);
  });

  it("can give a blank draft, entry documents, an SME and the checks every tier needs", async () => {
    const scenario = await createScenario({
      entries: 1,
      otherEntries: ["draft"],
      blankDrafts: true,
      entryDocuments: { maxFiles: 3, maxFileMb: 10 },
      organisationTypes: ["sme", "charity"],
      dueDiligenceChecks: ["registration", "subsidy_control"],
    });
    const challenge = await t.db
      .selectFrom("challenge")
      .select(["entry_max_files", "entry_max_file_mb"])
      .where("id", "=", scenario.challengeId)
      .executeTakeFirstOrThrow();
    expect(challenge).toEqual({ entry_max_files: 3, entry_max_file_mb: 10 });
    const tiers = await t.db
      .selectFrom("prize_tier")
      .select("due_diligence_checks")
      .where("challenge_id", "=", scenario.challengeId)
      .execute();
    expect(tiers.map((t) => t.due_diligence_checks)).toEqual([
      ["registration", "subsidy_control"],
      ["registration", "subsidy_control"],
    ]);
    const organisations = await t.db
      .selectFrom("organisation")
      .select("type")
      .where(
        "id",
        "in",
        scenario.entries.map((e) => e.organisationId),
      )
      .orderBy("id")
      .execute();
    expect(organisations.map((o) => o.type)).toEqual(["sme", "charity"]);
    // The draft is as starting an entry leaves it: a title and nothing else.
    const draft = await t.db
      .selectFrom("entry")
      .selectAll()
      .where("id", "=", scenario.entries[1]!.id)
      .executeTakeFirstOrThrow();
    expect(draft).toMatchObject({
      status: "draft",
      title: scenario.entries[1]!.title,
      summary: "",
      delivery: "",
      priority_area_id: null,
      completed_sections: [],
    });
    const areas = await t.db.selectFrom("entry_area").select("entry_id").where("entry_id", "=", draft.id).execute();
    expect(areas).toEqual([]);
  });

  it("can make two scenarios side by side", async () => {
    const a = await createScenario({ entries: 1 });
    const b = await createScenario({ entries: 1 });
    expect(a.challengeId).not.toBe(b.challengeId);
    expect(a.slug).not.toBe(b.slug);
  });
});
