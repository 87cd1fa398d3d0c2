import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { afterFailedAttempt, MAX_EMAIL_ATTEMPTS, retryDelayMs } from "../../app/domain/backoff";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe("retryDelayMs", () => {
  it("waits 30 seconds, 2 minutes, 10 minutes, 1, 3, 6 then 12 hours after successive failures", () => {
    expect(retryDelayMs(1)).toBe(30 * SECOND);
    expect(retryDelayMs(2)).toBe(2 * MINUTE);
    expect(retryDelayMs(3)).toBe(10 * MINUTE);
    expect(retryDelayMs(4)).toBe(1 * HOUR);
    expect(retryDelayMs(5)).toBe(3 * HOUR);
    expect(retryDelayMs(6)).toBe(6 * HOUR);
    expect(retryDelayMs(7)).toBe(12 * HOUR);
  });

  it("never waits longer than 12 hours, however many failures there were", () => {
    expect(retryDelayMs(8)).toBe(12 * HOUR);
    expect(retryDelayMs(1000)).toBe(12 * HOUR);
  });

  it("spreads retries by up to 10% either way so that emails failing together do not return together", () => {
    expect(retryDelayMs(1, 0)).toBe(27 * SECOND);
    expect(retryDelayMs(1, 0.25)).toBe(28.5 * SECOND);
    expect(retryDelayMs(2, 1)).toBe(132 * SECOND);
  });

  it("keeps every wait within 10% of the schedule and never shorter than an earlier one would be", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (attempt, random) => {
          const delay = retryDelayMs(attempt, random);
          const scheduled = retryDelayMs(attempt);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(scheduled * 0.9));
          expect(delay).toBeLessThanOrEqual(Math.ceil(scheduled * 1.1));
          expect(retryDelayMs(attempt + 1, random)).toBeGreaterThanOrEqual(delay);
        },
      ),
    );
  });

  it("refuses an attempt number that cannot happen", () => {
    expect(() => retryDelayMs(0)).toThrow(RangeError);
    expect(() => retryDelayMs(1.5)).toThrow(RangeError);
  });
});

describe("afterFailedAttempt", () => {
  it("gives up after the 8th failed attempt, about 22 hours after the first", () => {
    expect(MAX_EMAIL_ATTEMPTS).toBe(8);
    expect(afterFailedAttempt(7)).toEqual({ retry: true, delayMs: 12 * HOUR });
    expect(afterFailedAttempt(8)).toEqual({ retry: false });
    // 30 s + 2 min + 10 min + 1 h + 3 h + 6 h + 12 h between the 1st and the 8th attempt.
    const total = [1, 2, 3, 4, 5, 6, 7].reduce((sum, attempt) => sum + retryDelayMs(attempt), 0);
    expect(total).toBe(22 * HOUR + 12 * MINUTE + 30 * SECOND);
  });

  it("never retries a message the provider rejected as undeliverable", () => {
    expect(afterFailedAttempt(1, { permanent: true })).toEqual({ retry: false });
  });

  it("honours a different limit on attempts", () => {
    expect(afterFailedAttempt(2, { maxAttempts: 3 })).toEqual({ retry: true, delayMs: 2 * MINUTE });
    expect(afterFailedAttempt(3, { maxAttempts: 3 })).toEqual({ retry: false });
  });
});
