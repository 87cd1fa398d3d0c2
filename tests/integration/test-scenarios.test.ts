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

  it("can make two scenarios side by side", async () => {
    const a = await createScenario({ entries: 1 });
    const b = await createScenario({ entries: 1 });
    expect(a.challengeId).not.toBe(b.challengeId);
    expect(a.slug).not.toBe(b.slug);
  });
});
