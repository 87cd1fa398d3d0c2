import { describe, expect, it } from "vitest";
import {
  checkTransition,
  isOutstanding,
  nextStatuses,
  PAYMENT_STATUSES,
  paymentAgeDays,
} from "../../app/domain/payments";

describe("prize payment transitions", () => {
  it("goes forward one step at a time to paid", () => {
    expect(nextStatuses("awaiting_acceptance")).toEqual(["accepted", "cancelled"]);
    expect(nextStatuses("accepted")).toEqual(["details_received", "cancelled"]);
    expect(nextStatuses("details_received")).toEqual(["approved", "cancelled"]);
    expect(nextStatuses("approved")).toEqual(["paid", "cancelled"]);
  });

  it("allows nothing after paid or cancelled", () => {
    expect(nextStatuses("paid")).toEqual([]);
    expect(nextStatuses("cancelled")).toEqual([]);
    for (const to of PAYMENT_STATUSES) {
      expect(checkTransition("paid", to, "staff", { reason: "x", financeReference: "x" }).ok).toBe(false);
      expect(checkTransition("cancelled", to, "staff", { reason: "x", financeReference: "x" }).ok).toBe(false);
    }
  });

  it("refuses skipping a step, with a message that names both statuses", () => {
    expect(checkTransition("awaiting_acceptance", "paid", "staff", { financeReference: "PR-1" })).toEqual({
      ok: false,
      field: "status",
      message: "A payment that is “awaiting acceptance” cannot become “paid”",
    });
  });

  it("lets the winner accept and confirm details, and nothing else", () => {
    expect(nextStatuses("awaiting_acceptance", "winner")).toEqual(["accepted"]);
    expect(nextStatuses("accepted", "winner")).toEqual(["details_received"]);
    expect(nextStatuses("details_received", "winner")).toEqual([]);
    expect(checkTransition("awaiting_acceptance", "cancelled", "winner", { reason: "no" })).toMatchObject({
      ok: false,
      field: "status",
    });
    expect(checkTransition("accepted", "details_received", "winner")).toEqual({ ok: true });
  });

  it("needs a reason to cancel and a finance reference to record a payment as paid", () => {
    expect(checkTransition("approved", "cancelled", "staff", { reason: "  " })).toMatchObject({
      ok: false,
      field: "reason",
    });
    expect(checkTransition("approved", "cancelled", "staff", { reason: "Organisation closed" })).toEqual({ ok: true });
    expect(checkTransition("approved", "paid", "staff", {})).toMatchObject({ ok: false, field: "financeReference" });
    expect(checkTransition("approved", "paid", "staff", { financeReference: "PAY-2027-014" })).toEqual({ ok: true });
  });

  it("counts only unpaid, uncancelled payments as outstanding", () => {
    expect(PAYMENT_STATUSES.filter(isOutstanding)).toEqual([
      "awaiting_acceptance",
      "accepted",
      "details_received",
      "approved",
    ]);
  });
});

describe("paymentAgeDays", () => {
  it("counts whole days waited, never negative", () => {
    const now = new Date("2027-05-10T12:00:00Z");
    expect(paymentAgeDays(new Date("2027-05-01T13:00:00Z"), now)).toBe(8);
    expect(paymentAgeDays(new Date("2027-05-10T11:00:00Z"), now)).toBe(0);
    expect(paymentAgeDays(new Date("2027-05-11T11:00:00Z"), now)).toBe(0);
    expect(paymentAgeDays(null, now)).toBeNull();
  });
});
