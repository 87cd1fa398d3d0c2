import { describe, expect, it } from "vitest";
import { describeLifetime, isWellFormedToken, tokenExpiresAt, tokenState } from "../../app/domain/tokens";

const issued = new Date("2026-11-21T10:00:00.000Z");

describe("how long emailed links last", () => {
  it("a password reset link lasts 1 hour", () => {
    expect(tokenExpiresAt("reset_password", issued).toISOString()).toBe("2026-11-21T11:00:00.000Z");
    expect(describeLifetime("reset_password")).toBe("1 hour");
  });

  it("an email confirmation link lasts 24 hours", () => {
    expect(tokenExpiresAt("verify_email", issued).toISOString()).toBe("2026-11-22T10:00:00.000Z");
    expect(describeLifetime("verify_email")).toBe("24 hours");
  });

  it("lasts the same length across the change from British Summer Time", () => {
    // Clocks go back at 02:00 BST on 25 October 2026: still 24 hours of elapsed time.
    const before = new Date("2026-10-24T23:30:00.000Z");
    expect(tokenExpiresAt("verify_email", before).toISOString()).toBe("2026-10-25T23:30:00.000Z");
  });
});

describe("whether a link still works", () => {
  const expiresAt = tokenExpiresAt("reset_password", issued);

  it("works when just issued", () => {
    expect(tokenState({ expiresAt, usedAt: null }, issued)).toBe("valid");
  });

  it("works one millisecond before its expiry", () => {
    expect(tokenState({ expiresAt, usedAt: null }, new Date("2026-11-21T10:59:59.999Z"))).toBe("valid");
  });

  it("has expired at the expiry instant itself", () => {
    expect(tokenState({ expiresAt, usedAt: null }, new Date("2026-11-21T11:00:00.000Z"))).toBe("expired");
  });

  it("has expired after it", () => {
    expect(tokenState({ expiresAt, usedAt: null }, new Date("2026-11-22T09:00:00.000Z"))).toBe("expired");
  });

  it("a confirmation link still works 23 hours 59 minutes later, not 24 hours later", () => {
    const verifyExpires = tokenExpiresAt("verify_email", issued);
    expect(tokenState({ expiresAt: verifyExpires, usedAt: null }, new Date("2026-11-22T09:59:00.000Z"))).toBe("valid");
    expect(tokenState({ expiresAt: verifyExpires, usedAt: null }, new Date("2026-11-22T10:00:00.000Z"))).toBe(
      "expired",
    );
  });

  it("a used link says it was used, before and after its expiry", () => {
    const usedAt = new Date("2026-11-21T10:05:00.000Z");
    expect(tokenState({ expiresAt, usedAt }, new Date("2026-11-21T10:06:00.000Z"))).toBe("used");
    expect(tokenState({ expiresAt, usedAt }, new Date("2026-11-23T10:00:00.000Z"))).toBe("used");
  });
});

describe("the shape of a token in a link", () => {
  it("is 32 characters of lower-case base32", () => {
    expect(isWellFormedToken("abcdefghijklmnopqrstuvwxyz234567")).toBe(true);
    expect(isWellFormedToken("abcdefghijklmnopqrstuvwxyz23456")).toBe(false);
    expect(isWellFormedToken("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")).toBe(false);
    expect(isWellFormedToken("abcdefghijklmnopqrstuvwxyz012345")).toBe(false);
    expect(isWellFormedToken("abcdefghijklmnopqrstuvwxyz234567/../x")).toBe(false);
  });
});
