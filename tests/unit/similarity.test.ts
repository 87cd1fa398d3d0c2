import { describe, expect, it } from "vitest";
import { possibleDuplicates, titleSimilarity } from "../../app/domain/similarity";

describe("possible duplicates", () => {
  it("flags near-identical titles from the same organisation", () => {
    const pairs = possibleDuplicates([
      { id: 1, organisationId: 7, title: "Community fridge for Handsworth" },
      { id: 2, organisationId: 7, title: "A community fridge for Handsworth!" },
      { id: 3, organisationId: 7, title: "Digital skills for older people" },
    ]);
    expect(pairs).toEqual([[1, 2]]);
  });

  it("does not flag the same title from two different organisations", () => {
    expect(
      possibleDuplicates([
        { id: 1, organisationId: 1, title: "Community fridge" },
        { id: 2, organisationId: 2, title: "Community fridge" },
      ]),
    ).toEqual([]);
  });

  it("scores identical titles 1 and unrelated titles low", () => {
    expect(titleSimilarity("Men's shed", "MEN'S SHED")).toBe(1);
    expect(titleSimilarity("Men's shed", "Youth football league")).toBeLessThan(0.3);
  });
});
