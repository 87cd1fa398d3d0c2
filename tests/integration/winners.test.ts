import { describe, expect, it } from "vitest";
import { winnersPage } from "../../app/services/awards/publication.server";
import { publishScenario } from "../../app/dev-tools/test-councils.server";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { useTestDatabase } from "../support/database";

// /winners keeps earlier years' winners findable: once a newer challenge publishes its results,
// the page leads with them and links to every other published year.

useTestDatabase();

describe("/winners and other years", () => {
  it("shows the newest winners and links to every earlier year, newest first, but never an unpublished one", async () => {
    const first = await createScenario({ entries: 1, label: "Year2025" });
    const second = await createScenario({ entries: 1, label: "Year2026" });
    const unpublished = await createScenario({ entries: 1, label: "Unpublished" });
    const latest = await createScenario({ entries: 1, label: "Year2027" });
    await publishScenario({
      challengeId: first.challengeId,
      winners: [first.entries[0]!.id],
      publishedAt: new Date("2025-05-20T09:00:00Z"),
    });
    await publishScenario({
      challengeId: second.challengeId,
      winners: [second.entries[0]!.id],
      publishedAt: new Date("2026-05-20T09:00:00Z"),
    });
    await publishScenario({
      challengeId: latest.challengeId,
      winners: [latest.entries[0]!.id],
      publishedAt: new Date("2027-05-20T09:00:00Z"),
    });

    const page = (await winnersPage())!;
    expect(page.challenge.slug).toBe(latest.slug);
    expect(page.otherYears.map((y) => y.slug)).toEqual([second.slug, first.slug]);
    expect(JSON.stringify(page.otherYears)).not.toContain(unpublished.slug);

    // An earlier year's own page links to the others, the newest included.
    const earlier = await winnersPage(first.slug);
    expect(earlier.tiers.flatMap((t) => t.entries.map((e) => e.reference))).toContain(first.entries[0]!.reference);
    expect(earlier.otherYears.map((y) => y.slug)).toEqual([latest.slug, second.slug]);
  });
});
