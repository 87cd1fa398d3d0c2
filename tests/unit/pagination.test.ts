import { describe, expect, it } from "vitest";
import { pageCount, pageItems, pageOffset, pageParam } from "../../app/domain/pagination";

describe("page numbers for long lists", () => {
  it("shows no page links when everything fits on one page", () => {
    expect(pageItems(1, 1)).toEqual([]);
  });

  it("shows every page of a short list", () => {
    expect(pageItems(2, 4)).toEqual([1, 2, 3, 4]);
  });

  it("shows the first, last, current and neighbouring pages, with an ellipsis for each gap", () => {
    expect(pageItems(1, 10)).toEqual([1, 2, "ellipsis", 10]);
    expect(pageItems(6, 10)).toEqual([1, "ellipsis", 5, 6, 7, "ellipsis", 10]);
    expect(pageItems(10, 10)).toEqual([1, "ellipsis", 9, 10]);
  });

  it("shows a single left-out page as its number rather than an ellipsis", () => {
    expect(pageItems(4, 10)).toEqual([1, 2, 3, 4, 5, "ellipsis", 10]);
  });

  it("counts pages of 25 and where each starts", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(25)).toBe(1);
    expect(pageCount(26)).toBe(2);
    expect(pageOffset(1)).toBe(0);
    expect(pageOffset(3)).toBe(50);
  });

  it("reads ?page= as page 1 unless it is a sensible page number", () => {
    expect(pageParam.parse("3")).toBe(3);
    for (const value of [undefined, "", "0", "-2", "1.5", "abc", "9".repeat(400), "100001"]) {
      expect(pageParam.parse(value), String(value).slice(0, 10)).toBe(1);
    }
  });
});
