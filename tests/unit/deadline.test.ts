import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  closingPhrase,
  daysUntil,
  effectiveClosingTime,
  isBeforeDeadline,
  londonWallTime,
  londonWallTimeToInstant,
} from "../../app/domain/deadline";

// 21 March 2021 23:59 in London is GMT (clocks went forward on 28 March 2021).
const CLOSES = new Date("2021-03-21T23:59:00Z");

describe("the closing instant", () => {
  it("accepts a submission one millisecond before closing and refuses one at closing", () => {
    expect(isBeforeDeadline({ closesAt: CLOSES }, new Date(CLOSES.getTime() - 1))).toBe(true);
    expect(isBeforeDeadline({ closesAt: CLOSES }, CLOSES)).toBe(false);
  });

  it("lets an organisation with an extension submit after the general close", () => {
    const extendedTo = new Date("2021-03-24T17:00:00Z");
    const afterClose = new Date("2021-03-22T10:00:00Z");
    expect(isBeforeDeadline({ closesAt: CLOSES, extendedTo }, afterClose)).toBe(true);
    expect(isBeforeDeadline({ closesAt: CLOSES, extendedTo }, extendedTo)).toBe(false);
  });

  it("never lets an 'extension' make the deadline earlier", () => {
    const earlier = new Date("2021-03-01T00:00:00Z");
    expect(effectiveClosingTime({ closesAt: CLOSES, extendedTo: earlier })).toEqual(CLOSES);
  });
});

describe("London wall-clock times", () => {
  it("reads a winter time as GMT and a summer time as BST", () => {
    expect(londonWallTimeToInstant("2021-03-21", "23:59")).toEqual(new Date("2021-03-21T23:59:00Z"));
    expect(londonWallTimeToInstant("2021-06-21", "23:59")).toEqual(new Date("2021-06-21T22:59:00Z"));
  });

  it("handles the day the clocks go forward (28 March 2021, 1am becomes 2am)", () => {
    expect(londonWallTimeToInstant("2021-03-28", "00:30")).toEqual(new Date("2021-03-28T00:30:00Z"));
    expect(londonWallTimeToInstant("2021-03-28", "03:00")).toEqual(new Date("2021-03-28T02:00:00Z"));
  });

  it("takes the first of the two 1:30am instants when the clocks go back (31 October 2021)", () => {
    expect(londonWallTimeToInstant("2021-10-31", "01:30")).toEqual(new Date("2021-10-31T00:30:00Z"));
  });

  it("refuses dates and times that do not exist on any calendar", () => {
    for (const [d, t] of [
      ["2021-02-30", "10:00"],
      ["2021-13-01", "10:00"],
      ["2021-03-21", "24:00"],
      ["21/03/2021", "10:00"],
      ["2021-03-21", "noon"],
    ]) {
      expect(londonWallTimeToInstant(d!, t!), `${d} ${t}`).toBeNull();
    }
  });

  it("round-trips every instant on a whole minute through its London wall time", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }), (seconds) => {
        const instant = new Date(Math.floor(seconds / 60) * 60_000);
        const [date, time] = londonWallTime(instant).split(" ");
        const back = londonWallTimeToInstant(date!, time!)!;
        // The repeated autumn hour maps to its first instant; every other minute maps exactly.
        expect(londonWallTime(back)).toBe(londonWallTime(instant));
      }),
    );
  });
});

describe("closes in N days", () => {
  it("counts London calendar days, not 24-hour periods", () => {
    // 11pm on 20 March London time is one calendar day before the closing day.
    expect(daysUntil(CLOSES, new Date("2021-03-20T23:00:00Z"))).toBe(1);
    expect(closingPhrase(CLOSES, new Date("2021-03-21T08:00:00Z"))).toBe("Closes today");
    expect(closingPhrase(CLOSES, new Date("2021-03-11T08:00:00Z"))).toBe("Closes in 10 days");
    expect(closingPhrase(CLOSES, CLOSES)).toBe("Closed");
  });

  it("is not thrown off by the clocks going forward in between", () => {
    const closes = new Date("2021-04-02T22:59:00Z"); // 11:59pm BST on 2 April
    expect(daysUntil(closes, new Date("2021-03-27T12:00:00Z"))).toBe(6);
  });
});
