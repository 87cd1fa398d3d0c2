import { describe, expect, it } from "vitest";
import {
  acceptableSteps,
  groupKey,
  normaliseRecoveryCode,
  normaliseTotpCode,
  totpStep,
} from "../../app/domain/second-factor";
import { demoAccountHasAuthenticator, demoTotpKey, DEMO_ACCOUNTS } from "../../app/domain/demo-accounts";

describe("authenticator codes", () => {
  it("count 30-second steps", () => {
    expect(totpStep(new Date(0))).toBe(0);
    expect(totpStep(new Date(29_999))).toBe(0);
    expect(totpStep(new Date(30_000))).toBe(1);
  });

  it("are accepted from the current step and one either side, never at or before the last one used", () => {
    const now = new Date(30_000 * 100 + 5_000);
    expect(acceptableSteps(now, null)).toEqual([100, 99, 101]);
    expect(acceptableSteps(now, 99)).toEqual([100, 101]);
    expect(acceptableSteps(now, 100)).toEqual([101]);
    expect(acceptableSteps(now, 101)).toEqual([]);
  });

  it("may be typed with spaces, but must be 6 digits", () => {
    expect(normaliseTotpCode(" 123 456 ")).toBe("123456");
    expect(normaliseTotpCode("12345")).toBeNull();
    expect(normaliseTotpCode("12345a")).toBeNull();
  });
});

describe("recovery codes", () => {
  it("are read in any case, with or without the dash", () => {
    expect(normaliseRecoveryCode("ABCDE FGHIJ")).toBe("abcde-fghij");
    expect(normaliseRecoveryCode("abcde-fg234")).toBe("abcde-fg234");
    expect(normaliseRecoveryCode("abcde-fghi")).toBeNull();
    expect(normaliseRecoveryCode("abcde-fgh18")).toBeNull();
  });
});

describe("the key for typing", () => {
  it("comes in groups of 4", () => {
    expect(groupKey("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
  });
});

describe("the demo accounts", () => {
  it("with a role have a fixed 20-byte key each; the entrant has none", () => {
    expect(DEMO_ACCOUNTS.filter(demoAccountHasAuthenticator).map((a) => a.role)).toEqual([
      "judge",
      "staff",
      "staff",
      "council_officer",
    ]);
    const keys = DEMO_ACCOUNTS.map((a) => demoTotpKey(a.email));
    for (const key of keys) expect(key).toHaveLength(20);
    expect(demoTotpKey("judge@demo.test")).toEqual(demoTotpKey("JUDGE@demo.test"));
    expect(new Set(keys.map((k) => k.join(","))).size).toBe(keys.length);
  });
});
