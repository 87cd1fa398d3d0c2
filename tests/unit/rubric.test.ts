import { describe, expect, it } from "vitest";
import {
  criterionValues,
  parseCriterion,
  parseRoundSettings,
  readLevels,
  rubricProblems,
  weightTotal,
} from "../../app/domain/rubric";

// The rubric's rules: what the criterion form accepts, and when scoring may start.

const levels = (min: number, max: number) =>
  Object.fromEntries(Array.from({ length: max - min + 1 }, (_, i) => [`level${min + i}`, `Means ${min + i}`]));

describe("the criterion form", () => {
  it("reads a criterion with one anchor per level of its scale", () => {
    const result = parseCriterion({
      name: " Impact ",
      guidance: "Who benefits",
      weight: "30",
      scaleMin: "0",
      scaleMax: "3",
      ...levels(0, 3),
      level9: "ignored",
    });
    expect(result).toEqual({
      ok: true,
      values: expect.any(Object),
      data: {
        name: "Impact",
        guidance: "Who benefits",
        weight: 30,
        scaleMin: 0,
        scaleMax: 3,
        levels: [
          { score: 0, label: "Means 0" },
          { score: 1, label: "Means 1" },
          { score: 2, label: "Means 2" },
          { score: 3, label: "Means 3" },
        ],
      },
    });
  });

  it("asks for a description of every level that has none", () => {
    const result = parseCriterion({
      name: "Impact",
      weight: "30",
      scaleMin: "1",
      scaleMax: "4",
      level1: "Poor",
      level2: "",
      level4: "Great",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual({
        level2: "Describe what a score of 2 means",
        level3: "Describe what a score of 3 means",
      });
    }
  });

  it("refuses weights that are not whole numbers from 1 to 100 and scales that run backwards", () => {
    for (const [weight, message] of [
      ["", "Enter the weight"],
      ["0", "The weight must be 1 or more"],
      ["101", "The weight must be 100 or fewer"],
      ["12.5", "The weight must be a whole number, like 20"],
      ["-3", "The weight must be a whole number, like 20"],
    ] as const) {
      const result = parseCriterion({ name: "Impact", weight, scaleMin: "0", scaleMax: "5", ...levels(0, 5) });
      expect(result.ok ? null : result.errors.weight).toBe(message);
    }
    const backwards = parseCriterion({ name: "Impact", weight: "10", scaleMin: "5", scaleMax: "5" });
    expect(backwards.ok ? null : backwards.errors.scaleMax).toBe(
      "The highest score must be more than the lowest score",
    );
    const tooBig = parseCriterion({ name: "Impact", weight: "10", scaleMin: "0", scaleMax: "11" });
    expect(tooBig.ok ? null : tooBig.errors.scaleMax).toBe("The highest score must be 10 or fewer");
  });

  it("keeps what was typed, refuses an over-long anchor, and round-trips saved values", () => {
    const long = "x".repeat(301);
    const result = parseCriterion({
      name: "Impact",
      weight: "10",
      scaleMin: "0",
      scaleMax: "1",
      level0: "None",
      level1: long,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.level1).toBe("The description of a score of 1 must be 300 characters or fewer");
      expect(result.values.level1).toBe(long);
    }
    const saved = {
      name: "Fit",
      guidance: "",
      weight: 15,
      scaleMin: 0,
      scaleMax: 1,
      levels: [
        { score: 0, label: "No" },
        { score: 1, label: "Yes" },
      ],
    };
    const again = parseCriterion(criterionValues(saved));
    expect(again.ok && again.data).toEqual(saved);
  });
});

describe("when scoring may start", () => {
  const complete = (name: string, weight: number) => ({
    name,
    weight,
    scaleMin: 0,
    scaleMax: 2,
    levels: [0, 1, 2].map((score) => ({ score, label: `L${score}` })),
  });

  it("needs the weights to add up to exactly 100", () => {
    expect(weightTotal([{ weight: 30 }, { weight: 20 }, { weight: 20 }, { weight: 15 }, { weight: 15 }])).toBe(100);
    expect(rubricProblems([complete("A", 60), complete("B", 40)])).toEqual([]);
    expect(rubricProblems([complete("A", 60), complete("B", 45)])).toEqual([
      "The weights of the criteria add up to 105; they must add up to 100",
    ]);
  });

  it("needs at least one criterion and an anchor for every level", () => {
    expect(rubricProblems([])).toEqual(["Add at least one criterion to the rubric"]);
    const gap = {
      ...complete("Impact", 100),
      levels: [
        { score: 0, label: "L0" },
        { score: 2, label: " " },
      ],
    };
    expect(rubricProblems([gap])).toEqual(["“Impact” needs a description for the scores 1, 2"]);
  });

  it("reads stored levels defensively", () => {
    expect(readLevels([{ score: 1, label: "One" }])).toEqual([{ score: 1, label: "One" }]);
    expect(readLevels("nonsense")).toEqual([]);
    expect(readLevels([{ score: "1" }])).toEqual([]);
  });

  it("reads stored levels from the lowest score to the highest, however they were stored", () => {
    const stored = [
      { score: 2, label: "Strong" },
      { score: 0, label: "None" },
      { score: 1, label: "Some" },
    ];
    expect(readLevels(stored)).toEqual([
      { score: 0, label: "None" },
      { score: 1, label: "Some" },
      { score: 2, label: "Strong" },
    ]);
  });
});

describe("the round settings form", () => {
  const base = {
    judgesPerEntry: "3",
    advanceCount: "20",
    hideOrganisation: "yes",
    disagreementThreshold: "25",
    rankBy: "normalised",
  };

  it("reads the settings with no closing time, or with one in UK time", () => {
    const none = parseRoundSettings(base);
    expect(none.ok && none.data).toEqual({
      judgesPerEntry: 3,
      advanceCount: 20,
      hideOrganisation: true,
      disagreementThreshold: 25,
      rankBy: "normalised",
      scoringClosesAt: null,
    });
    const summer = parseRoundSettings({
      ...base,
      scoringClosesDay: "1",
      scoringClosesMonth: "7",
      scoringClosesYear: "2027",
      scoringClosesTime: "5pm",
    });
    expect(summer.ok && summer.data.scoringClosesAt?.toISOString()).toBe("2027-07-01T16:00:00.000Z");
  });

  it("says what is wrong with each field", () => {
    const result = parseRoundSettings({
      ...base,
      judgesPerEntry: "0",
      rankBy: "best",
      scoringClosesDay: "31",
      scoringClosesMonth: "2",
      scoringClosesYear: "2027",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual({
        judgesPerEntry: "The number of judges for each entry must be 1 or more",
        rankBy: "Select which score ranks the entries",
        scoringCloses: "Closing date must be a real date",
        scoringClosesTime: "Enter the closing time",
      });
    }
  });
});
