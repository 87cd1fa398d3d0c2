import { describe, expect, it } from "vitest";
import { containsPattern, MAX_SEARCH_LENGTH, normaliseSearch } from "../../app/domain/search-text";

describe("what a person types into a search box", () => {
  it("loses control characters and extra white space", () => {
    expect(normaliseSearch("  repair\n\t cafe\u0000 ")).toBe("repair cafe");
    expect(normaliseSearch("   ")).toBe("");
  });

  it("is cut to a length that any title fits in", () => {
    expect(normaliseSearch("a".repeat(10_000))).toHaveLength(MAX_SEARCH_LENGTH);
    // Cut after the white space is tidied, so a long run of spaces does not use up the length.
    expect(normaliseSearch(`${" ".repeat(300)}garden`)).toBe("garden");
  });
});

describe("a pattern that finds the text anywhere", () => {
  it("takes LIKE's wildcards and the escape character literally", () => {
    expect(containsPattern("green")).toBe("%green%");
    expect(containsPattern("100%")).toBe("%100\\%%");
    expect(containsPattern("a_b")).toBe("%a\\_b%");
    expect(containsPattern("back\\slash")).toBe("%back\\\\slash%");
  });
});
