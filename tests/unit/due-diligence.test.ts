import { describe, expect, it } from "vitest";
import {
  checkRegistrationNumber,
  checksForTier,
  checksStage,
  declarationYears,
  financialYearOf,
  type Register,
} from "../../app/domain/due-diligence";

describe("registration numbers", () => {
  const good: [Register, string][] = [
    ["charity_ew", "1123456"],
    ["charity_ew", "220949"],
    ["charity_ew", "1123456-1"],
    ["charity_scotland", "SC012345"],
    ["charity_scotland", "sc 012345"],
    ["charity_ni", "NIC100123"],
    ["company", "09876543"],
    ["company", "SC123456"],
    ["company", "NI612345"],
    ["company", "OC301234"],
    ["company", "R0000123"],
    ["mutual", "31234R"],
    ["mutual", "IP12345R"],
    ["mutual", "RS007654"],
  ];
  it.each(good)("accepts %s %s", (register, number) => {
    expect(checkRegistrationNumber(register, number).ok).toBe(true);
  });

  const bad: [Register, string][] = [
    ["charity_ew", "12345"],
    ["charity_ew", "2234567"],
    ["charity_ew", "SC012345"],
    ["charity_scotland", "SC12345"],
    ["charity_ni", "NI100123"],
    ["company", "9876543"],
    ["company", "XX123456"],
    ["company", "SC1234567"],
    ["mutual", "31234"],
    ["mutual", ""],
  ];
  it.each(bad)("refuses %s %s, saying what it looks like", (register, number) => {
    const result = checkRegistrationNumber(register, number);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(number ? /it looks like/ : /Enter the registration number/);
  });

  it("keeps the number in one form: upper case, no spaces", () => {
    expect(checkRegistrationNumber("company", " sc 123456 ")).toEqual({ ok: true, number: "SC123456" });
  });
});

describe("the checks a prize needs", () => {
  it("is lighter for £500 than for £15,000, unless the challenge set its own list", () => {
    expect(checksForTier({ cash_pence: 50_000, due_diligence_checks: null })).not.toContain("safeguarding");
    expect(checksForTier({ cash_pence: 1_500_000, due_diligence_checks: null })).toEqual([
      "registration",
      "bank_details",
      "duplicate_funding",
      "conflicts",
      "safeguarding",
      "subsidy_control",
      "risk_rating",
    ]);
    expect(checksForTier({ cash_pence: 1_500_000, due_diligence_checks: ["risk_rating", "registration"] })).toEqual([
      "registration",
      "risk_rating",
    ]);
  });

  it("says where the checks stand", () => {
    expect(checksStage({ checksDone: 0, checksCompletedAt: null, signedOffAt: null })).toBe("not_started");
    expect(checksStage({ checksDone: 2, checksCompletedAt: null, signedOffAt: null })).toBe("in_progress");
    expect(checksStage({ checksDone: 5, checksCompletedAt: new Date(), signedOffAt: null })).toBe(
      "waiting_for_sign_off",
    );
    expect(checksStage({ checksDone: 5, checksCompletedAt: new Date(), signedOffAt: new Date() })).toBe("signed_off");
  });
});

describe("UK financial years", () => {
  it("run April to March", () => {
    expect(financialYearOf(new Date("2027-03-31T12:00:00Z"))).toBe(2026);
    expect(financialYearOf(new Date("2027-04-01T12:00:00Z"))).toBe(2027);
    expect(declarationYears(new Date("2026-12-06T12:00:00Z"))).toEqual([2026, 2025, 2024]);
  });
});
