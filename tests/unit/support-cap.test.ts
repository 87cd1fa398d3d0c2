import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capPosition, checkSupportCap, formatPenceExact, overCapMessage } from "../../app/domain/support-cap";

const CAP = 1_500_000; // £15,000

describe("the support cap rule", () => {
  it("accepts an item that keeps the total within the cap, up to the cap exactly", () => {
    expect(checkSupportCap({ capPence: CAP, spentPence: 1_400_000, amountPence: 100_000 })).toEqual({
      ok: true,
      totalPence: 1_500_000,
      overCapPence: 0,
      overridden: false,
    });
  });

  it("refuses an item that would go over, saying by how much", () => {
    const decision = checkSupportCap({ capPence: CAP, spentPence: 1_400_000, amountPence: 125_000 });
    expect(decision).toEqual({
      ok: false,
      totalPence: 1_525_000,
      overCapPence: 25_000,
      message: "This would take the total to £15,250.00, £250.00 over the £15,000.00 cap",
    });
  });

  it("refuses one penny over", () => {
    expect(checkSupportCap({ capPence: CAP, spentPence: CAP, amountPence: 1 }).ok).toBe(false);
  });

  it("allows an item over the cap with an authorised override that gives a reason", () => {
    expect(
      checkSupportCap({
        capPence: CAP,
        spentPence: 1_400_000,
        amountPence: 125_000,
        overrideReason: "Board agreed on 3 May",
      }),
    ).toEqual({ ok: true, totalPence: 1_525_000, overCapPence: 25_000, overridden: true });
  });

  it("does not count a blank reason as an override", () => {
    expect(
      checkSupportCap({ capPence: CAP, spentPence: 1_400_000, amountPence: 125_000, overrideReason: "   " }).ok,
    ).toBe(false);
  });

  it("records an item within the cap as ordinary even when a reason was typed", () => {
    const decision = checkSupportCap({
      capPence: CAP,
      spentPence: 0,
      amountPence: 100,
      overrideReason: "Just in case",
    });
    expect(decision).toMatchObject({ ok: true, overridden: false });
  });

  it("refuses amounts that are not whole positive pence", () => {
    expect(() => checkSupportCap({ capPence: CAP, spentPence: 0, amountPence: 0 })).toThrow(RangeError);
    expect(() => checkSupportCap({ capPence: CAP, spentPence: 0, amountPence: 1.5 })).toThrow(RangeError);
    expect(() => checkSupportCap({ capPence: CAP, spentPence: -1, amountPence: 1 })).toThrow(RangeError);
  });

  it("writes the message with pence shown", () => {
    expect(overCapMessage(1_500_001, CAP)).toBe(
      "This would take the total to £15,000.01, £0.01 over the £15,000.00 cap",
    );
    expect(formatPenceExact(123_456_78)).toBe("£123,456.78");
  });

  it("never lets a sequence of additions exceed the cap without an override", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.array(fc.record({ amount: fc.integer({ min: 1, max: 2_000_000 }), override: fc.boolean() }), {
          maxLength: 40,
        }),
        (cap, additions) => {
          let total = 0;
          let overridden = false;
          for (const { amount, override } of additions) {
            const decision = checkSupportCap({
              capPence: cap,
              spentPence: total,
              amountPence: amount,
              overrideReason: override ? "Agreed" : null,
            });
            // The rule accepts without an override exactly when the total stays within the cap.
            if (!override) expect(decision.ok).toBe(total + amount <= cap);
            if (decision.ok) {
              total = decision.totalPence;
              overridden ||= decision.overridden;
            }
            if (!overridden) expect(total).toBeLessThanOrEqual(cap);
          }
        },
      ),
    );
  });
});

describe("the position against the cap", () => {
  it("gives what remains and how much of the cap is used", () => {
    expect(capPosition(CAP, 375_000)).toEqual({
      capPence: CAP,
      spentPence: 375_000,
      remainingPence: 1_125_000,
      overPence: 0,
      percentUsed: 25,
    });
  });

  it("shows nothing remaining and the excess when an override took it over", () => {
    expect(capPosition(CAP, 1_525_000)).toEqual({
      capPence: CAP,
      spentPence: 1_525_000,
      remainingPence: 0,
      overPence: 25_000,
      percentUsed: 100,
    });
  });

  it("rounds the percentage down, so a nearly full cap never reads as full", () => {
    expect(capPosition(CAP, 1_499_999).percentUsed).toBe(99);
  });
});
