import { describe, expect, it } from "vitest";
import { secondFactorIsRecent } from "../../app/auth/session-limits";
import { assertRecentSecondFactor } from "../../app/services/actor.server";

const NOW = new Date("2026-12-05T12:00:00Z");
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe("a recent second factor", () => {
  it("is one given in the last five minutes, to the millisecond", () => {
    expect(secondFactorIsRecent(minutesAgo(0), NOW)).toBe(true);
    expect(secondFactorIsRecent(minutesAgo(5), NOW)).toBe(true);
    expect(secondFactorIsRecent(new Date(minutesAgo(5).getTime() - 1), NOW)).toBe(false);
    expect(secondFactorIsRecent(null, NOW)).toBe(false);
  });

  it("is asked of a person's request by the sensitive services too, but not of a scheduled job", () => {
    expect(() => assertRecentSecondFactor({ id: 1, secondFactorAt: minutesAgo(1) }, NOW)).not.toThrow();
    for (const secondFactorAt of [null, minutesAgo(6)]) {
      expect(() => assertRecentSecondFactor({ id: 1, secondFactorAt }, NOW)).toThrow(
        expect.objectContaining({ kind: "forbidden" }),
      );
    }
    // A job acting for no session carries no second factor at all.
    expect(() => assertRecentSecondFactor({ id: 1 }, NOW)).not.toThrow();
  });
});
