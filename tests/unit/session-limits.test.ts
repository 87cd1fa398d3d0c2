import { describe, expect, it } from "vitest";
import { isPrivileged, sessionLimitsFor } from "../../app/auth/session-limits";
import { checkSession, newSessionTimes } from "../../app/domain/session-limits";

const SIGNED_IN = new Date("2026-12-01T09:00:00Z");
const minutes = (n: number) => n * 60 * 1000;
const hours = (n: number) => minutes(n * 60);
const days = (n: number) => hours(n * 24);
const at = (ms: number) => new Date(SIGNED_IN.getTime() + ms);

const STAFF = sessionLimitsFor(["staff"]);
const ENTRANT = sessionLimitsFor(["entrant"]);

function openedFor(roles: string[]) {
  const limits = sessionLimitsFor(roles);
  return {
    createdAt: SIGNED_IN,
    lastUsedAt: SIGNED_IN,
    absoluteExpiresAt: newSessionTimes(limits, SIGNED_IN).absoluteExpiresAt,
  };
}

describe("whose sessions are short", () => {
  it("treats programme staff, judges and council officers as privileged, entrants and people with no role not", () => {
    expect(isPrivileged(["staff"])).toBe(true);
    expect(isPrivileged(["entrant", "judge"])).toBe(true);
    expect(isPrivileged(["council_officer"])).toBe(true);
    expect(isPrivileged(["entrant"])).toBe(false);
    expect(isPrivileged([])).toBe(false);
  });

  it("gives privileged roles 2 hours without use and 12 hours in all; everyone else 30 days and 90", () => {
    expect(STAFF).toMatchObject({ idleMs: hours(2), absoluteMs: hours(12) });
    expect(ENTRANT).toMatchObject({ idleMs: days(30), absoluteMs: days(90) });
  });
});

describe("a session opened now", () => {
  it("ends unused after the idle limit, and at the latest after the absolute one", () => {
    expect(newSessionTimes(STAFF, SIGNED_IN)).toEqual({ expiresAt: at(hours(2)), absoluteExpiresAt: at(hours(12)) });
    expect(newSessionTimes(ENTRANT, SIGNED_IN)).toEqual({ expiresAt: at(days(30)), absoluteExpiresAt: at(days(90)) });
  });
});

describe("checking a session", () => {
  it("ends a member of staff's session after 2 hours without use", () => {
    const times = openedFor(["staff"]);
    expect(checkSession(times, STAFF, at(hours(2) - 1))).toMatchObject({ live: true });
    expect(checkSession(times, STAFF, at(hours(2)))).toEqual({ live: false, reason: "idle" });
  });

  it("ends a member of staff's session 12 hours after sign-in however often it is used", () => {
    const times = { ...openedFor(["staff"]), lastUsedAt: at(hours(11) + minutes(59)) };
    expect(checkSession(times, STAFF, at(hours(12) - 1))).toMatchObject({ live: true });
    expect(checkSession(times, STAFF, at(hours(12)))).toEqual({ live: false, reason: "absolute" });
  });

  it("keeps an entrant signed in through weeks of use, but not past 90 days", () => {
    const times = openedFor(["entrant"]);
    expect(checkSession(times, ENTRANT, at(days(29)))).toMatchObject({ live: true });
    expect(checkSession(times, ENTRANT, at(days(30)))).toEqual({ live: false, reason: "idle" });
    const used = { ...times, lastUsedAt: at(days(89)) };
    expect(checkSession(used, ENTRANT, at(days(90) - 1))).toMatchObject({ live: true });
    expect(checkSession(used, ENTRANT, at(days(90)))).toEqual({ live: false, reason: "absolute" });
  });

  it("applies a privileged role's limits to a session opened before the role was given", () => {
    // Opened as an entrant (90 days), made a judge since: 12 hours from sign-in.
    const times = { ...openedFor(["entrant"]), lastUsedAt: at(hours(11)) };
    const judge = sessionLimitsFor(["entrant", "judge"]);
    expect(checkSession(times, judge, at(hours(12)))).toEqual({ live: false, reason: "absolute" });
  });

  it("keeps the end set at sign-in when the role that set it has gone", () => {
    const times = { ...openedFor(["staff"]), lastUsedAt: at(hours(11)) };
    expect(checkSession(times, ENTRANT, at(hours(12)))).toEqual({ live: false, reason: "absolute" });
  });

  it("gives sessions from before the limits existed the limits counted from their sign-in", () => {
    const times = { createdAt: SIGNED_IN, lastUsedAt: at(days(89)), absoluteExpiresAt: null };
    expect(checkSession(times, ENTRANT, at(days(90)))).toEqual({ live: false, reason: "absolute" });
  });

  it("records a use at most once a minute, and moves the expiry with it", () => {
    const times = openedFor(["staff"]);
    expect(checkSession(times, STAFF, at(minutes(1) - 1))).toEqual({
      live: true,
      touch: false,
      expiresAt: at(hours(2)),
    });
    expect(checkSession(times, STAFF, at(minutes(1)))).toEqual({
      live: true,
      touch: true,
      expiresAt: at(minutes(1) + hours(2)),
    });
  });

  it("never lets the expiry run past the absolute end", () => {
    const times = { ...openedFor(["staff"]), lastUsedAt: at(hours(11)) };
    expect(checkSession(times, STAFF, at(hours(11) + minutes(30)))).toEqual({
      live: true,
      touch: true,
      expiresAt: at(hours(12)),
    });
  });
});
