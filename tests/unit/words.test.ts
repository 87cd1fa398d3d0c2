import { describe, expect, it } from "vitest";
import { countWords, plural } from "../../app/domain/words";

describe("plural", () => {
  it("says 1 judge, never 1 judges, and every other count in the plural", () => {
    expect(plural(1, "judge")).toBe("1 judge");
    expect(plural(0, "judge")).toBe("0 judges");
    expect(plural(3, "judge")).toBe("3 judges");
  });

  it("takes an irregular plural, and groups thousands as people read them", () => {
    expect(plural(1, "entry", "entries")).toBe("1 entry");
    expect(plural(2, "entry", "entries")).toBe("2 entries");
    expect(plural(1250, "entry", "entries")).toBe("1,250 entries");
  });
});

describe("countWords", () => {
  it("counts runs of non-space characters", () => {
    expect(countWords("  a  community\nfridge ")).toBe(3);
    expect(countWords("")).toBe(0);
  });
});
