import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { afterFailedAttempt, GIVE_UP_AFTER_MS, retryDelayMs } from "../../app/domain/backoff";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("retryDelayMs", () => {
  it("waits 30 seconds, then 1, 2, 4 and 8 minutes, doubling after each failure", () => {
    expect(retryDelayMs(1)).toBe(30 * SECOND);
    expect(retryDelayMs(2)).toBe(1 * MINUTE);
    expect(retryDelayMs(3)).toBe(2 * MINUTE);
    expect(retryDelayMs(4)).toBe(4 * MINUTE);
    expect(retryDelayMs(5)).toBe(8 * MINUTE);
  });

  it("never waits longer than 15 minutes, however many failures there were", () => {
    expect(retryDelayMs(6)).toBe(15 * MINUTE);
    expect(retryDelayMs(7)).toBe(15 * MINUTE);
    expect(retryDelayMs(1000)).toBe(15 * MINUTE);
  });

  it("spreads retries by up to 10% either way so that emails failing together do not return together", () => {
    expect(retryDelayMs(1, 0)).toBe(27 * SECOND);
    expect(retryDelayMs(1, 0.25)).toBe(28.5 * SECOND);
    expect(retryDelayMs(2, 1)).toBe(66 * SECOND);
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
  it("never gives up within the first hour: a provider down for an hour loses no email", () => {
    let waited = 0;
    let attempt = 1;
    while (waited < HOUR) {
      const decision = afterFailedAttempt(attempt, { waitedMs: waited });
      expect(decision).toMatchObject({ retry: true });
      if (decision.retry) waited += decision.delayMs;
      attempt += 1;
    }
    // 30 s, 1, 2, 4 and 8 minutes, then every 15 minutes: the 9th attempt comes 60.5 minutes in.
    expect(attempt).toBe(9);
    expect(waited).toBe(60.5 * MINUTE);
  });

  it("keeps trying for 3 days, then gives up and leaves the email for a person", () => {
    expect(GIVE_UP_AFTER_MS).toBe(3 * DAY);
    expect(afterFailedAttempt(300, { waitedMs: 3 * DAY - MINUTE })).toEqual({ retry: true, delayMs: 15 * MINUTE });
    expect(afterFailedAttempt(300, { waitedMs: 3 * DAY })).toEqual({ retry: false });
    // Tried every 15 minutes or so while the provider is down: about 4 requests an hour per email.
    expect(afterFailedAttempt(1, { waitedMs: 3 * DAY + 1 })).toEqual({ retry: false });
  });

  it("never retries a message the provider rejected as undeliverable", () => {
    expect(afterFailedAttempt(1, { permanent: true })).toEqual({ retry: false });
  });

  it("honours a different period of trying", () => {
    expect(afterFailedAttempt(2, { waitedMs: 30 * SECOND, giveUpAfterMs: HOUR })).toEqual({
      retry: true,
      delayMs: 1 * MINUTE,
    });
    expect(afterFailedAttempt(3, { waitedMs: HOUR, giveUpAfterMs: HOUR })).toEqual({ retry: false });
  });
});
