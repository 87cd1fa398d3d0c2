import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPence, parsePounds, poundsProblem } from "../../app/domain/money";

describe("formatPence", () => {
  it("shows whole pounds without pence, as GOV.UK style does", () => {
    expect(formatPence(50_000)).toBe("£500");
    expect(formatPence(1_500_000)).toBe("£15,000");
    expect(formatPence(0)).toBe("£0");
  });

  it("shows pence when there are any", () => {
    expect(formatPence(123_456)).toBe("£1,234.56");
    expect(formatPence(5)).toBe("£0.05");
  });

  it("refuses anything that is not a whole number of pence", () => {
    expect(() => formatPence(10.5)).toThrow(RangeError);
    expect(() => formatPence(Number.NaN)).toThrow(RangeError);
  });
});

describe("parsePounds", () => {
  it("reads amounts the way people type them", () => {
    expect(parsePounds("500")).toBe(50_000);
    expect(parsePounds("£15,000")).toBe(1_500_000);
    expect(parsePounds(" 1,234.5 ")).toBe(123_450);
    expect(parsePounds("0.07")).toBe(7);
  });

  it("refuses what is not an amount of money", () => {
    for (const bad of ["", "abc", "1.234", "-5", "15k", "1e3", "£", "1,23"]) {
      expect(parsePounds(bad), bad).toBeNull();
    }
  });

  it("round-trips every amount through formatting without drifting a penny", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (pence) => {
        expect(parsePounds(formatPence(pence))).toBe(pence);
      }),
    );
  });
});

describe("poundsProblem", () => {
  const rule = { noun: "amount", whenEmpty: "Enter the amount", maxPence: 100_000 } as const;
  it("says what is wrong with an amount in words, or nothing when it is right", () => {
    expect(poundsProblem("", rule)).toBe("Enter the amount");
    expect(poundsProblem("ten", rule)).toBe("Enter the amount in pounds and pence, like 250 or 250.50");
    expect(poundsProblem("0", rule)).toBe("Enter an amount more than £0");
    expect(poundsProblem("1000.01", rule)).toBe("The amount must be £1,000 or less");
    expect(poundsProblem("£250.50", rule)).toBeNull();
    expect(poundsProblem("0", { ...rule, noun: "cost" })).toBe("Enter a cost more than £0");
  });
});
