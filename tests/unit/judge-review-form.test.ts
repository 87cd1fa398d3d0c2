import { describe, expect, it } from "vitest";
import { reviewSchema } from "../../app/domain/judge-review-form";
import { parseValues } from "../../app/domain/forms";

const criteria = [
  { id: 7, name: "Impact on the community", scaleMin: 0, scaleMax: 5 },
  { id: 9, name: "Feasibility", scaleMin: 1, scaleMax: 4 },
];

describe("the score form", () => {
  it("keeps a partial set of scores when saving for later", () => {
    const result = parseValues(reviewSchema(criteria, "save"), { "score-7": "4", "comment-9": "  Needs a plan  " });
    expect(result.ok && result.data).toEqual({
      scores: [
        { criterionId: 7, score: 4, comment: "" },
        { criterionId: 9, score: null, comment: "Needs a plan" },
      ],
      overallComment: "",
    });
  });

  it("needs a score for every criterion to submit, naming each one missing", () => {
    const result = parseValues(reviewSchema(criteria, "submit"), { "score-7": "0" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual({ "score-9": "Select a score for Feasibility" });
  });

  it("refuses a score outside the criterion's scale, or not a whole number", () => {
    for (const value of ["0", "5", "2.5", "-1", "x"]) {
      const result = parseValues(reviewSchema(criteria, "save"), { "score-9": value });
      expect(result.ok, value).toBe(false);
    }
    const edge = parseValues(reviewSchema(criteria, "submit"), { "score-7": "5", "score-9": "1" });
    expect(edge.ok).toBe(true);
  });

  it("refuses a comment over the limit with a message that names the criterion", () => {
    const result = parseValues(reviewSchema(criteria, "save"), { "comment-7": "a".repeat(10_001) });
    expect(!result.ok && result.errors["comment-7"]).toBe(
      "Your comment on Impact on the community must be 10000 characters or fewer",
    );
  });
});
