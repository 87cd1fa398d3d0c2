import { describe, expect, it } from "vitest";
import { budgetSchema, checkBudget, committedPence, remainingOf, signedPounds } from "../../app/domain/budget";

describe("the programme's budget", () => {
  it("commits every cash prize not cancelled plus every support cap", () => {
    expect(
      committedPence([
        { cashPence: 50_000, supportCapPence: 0 },
        { cashPence: 50_000, supportCapPence: 0, cashCancelled: true },
        { cashPence: 0, supportCapPence: 1_500_000 },
      ]),
    ).toBe(1_550_000);
  });

  it("says how far a list goes over the budget, to the penny, and sets no limit without one", () => {
    const awards = [{ cashPence: 50_001, supportCapPence: 0 }];
    expect(checkBudget(50_000, awards)).toEqual({
      budgetPence: 50_000,
      committedPence: 50_001,
      remainingPence: -1,
      overPence: 1,
    });
    expect(checkBudget(50_001, awards).overPence).toBe(0);
    expect(checkBudget(null, awards)).toEqual({
      budgetPence: null,
      committedPence: 50_001,
      remainingPence: null,
      overPence: 0,
    });
  });

  it("adds money recovered back to what remains", () => {
    expect(remainingOf({ budgetPence: 5_500_000, committedPence: 5_500_000, recoveredPence: 12_345 })).toBe(12_345);
    expect(remainingOf({ budgetPence: null, committedPence: 1, recoveredPence: 0 })).toBeNull();
  });

  it("reads the budget typed in pounds, and nothing as no budget", () => {
    expect(budgetSchema.safeParse({ budget: "£55,000" })).toMatchObject({ success: true, data: { budget: 5_500_000 } });
    expect(budgetSchema.safeParse({ budget: " " })).toMatchObject({ success: true, data: { budget: null } });
    expect(budgetSchema.safeParse({ budget: "55k" }).success).toBe(false);
  });

  it("writes amounts below zero for a spreadsheet", () => {
    expect(signedPounds(-1_350_000)).toBe("-13500.00");
    expect(signedPounds(1)).toBe("0.01");
  });
});
