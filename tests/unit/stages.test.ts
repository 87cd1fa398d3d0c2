import { describe, expect, it } from "vitest";
import {
  canChangeDeadline,
  canCreateRound,
  canJudge,
  canProposeAwards,
  canPublishResults,
  type StageFacts,
} from "../../app/domain/stages";

// What stage may happen now, and if not why: worked examples around a challenge closing at
// 11:59pm on 21 March 2027 (GMT then), the demo's 2027 challenge.

const CLOSES = new Date("2027-03-21T23:59:00Z");
const BEFORE = new Date("2026-12-05T10:00:00Z");
const AFTER = new Date("2027-03-22T09:00:00Z");

function facts(overrides: Partial<StageFacts> = {}): StageFacts {
  return { status: "closed", closesAt: CLOSES, latestExtension: null, rounds: [], awardList: null, ...overrides };
}

describe("creating a round", () => {
  it("is refused while entries are open, naming the closing time", () => {
    expect(canCreateRound(facts({ status: "open" }), 1, BEFORE)).toEqual({
      ok: false,
      reason: "Entries are open until 11:59pm on 21 March 2027. Judging can start once the challenge has closed",
    });
  });

  it("is refused after the closing time while the challenge is still open", () => {
    expect(canCreateRound(facts({ status: "open" }), 1, AFTER)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("Close the challenge first"),
    });
  });

  it("is refused while an extension is still running, even on a closed challenge", () => {
    const latestExtension = new Date("2027-03-28T17:00:00+01:00");
    expect(canCreateRound(facts({ latestExtension }), 1, AFTER)).toEqual({
      ok: false,
      reason:
        "An organisation has an extension until 5pm on 28 March 2027. Judging can start once it has passed and the challenge has closed",
    });
    expect(canCreateRound(facts({ latestExtension }), 1, new Date("2027-03-28T16:00:00Z"))).toEqual({ ok: true });
  });

  it("is refused on a draft, and allowed on a closed or archived challenge", () => {
    expect(canCreateRound(facts({ status: "draft" }), 1, AFTER).ok).toBe(false);
    expect(canCreateRound(facts({ status: "closed" }), 1, AFTER)).toEqual({ ok: true });
    expect(canCreateRound(facts({ status: "archived" }), 1, AFTER)).toEqual({ ok: true });
  });

  it("allows round 2 only once round 1 is confirmed, and never a round twice", () => {
    expect(canCreateRound(facts(), 2, AFTER)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("round 1's shortlist is confirmed"),
    });
    expect(canCreateRound(facts({ rounds: [{ number: 1, status: "closed" }] }), 2, AFTER).ok).toBe(false);
    expect(canCreateRound(facts({ rounds: [{ number: 1, status: "confirmed" }] }), 2, AFTER)).toEqual({ ok: true });
    expect(canCreateRound(facts({ rounds: [{ number: 1, status: "confirmed" }] }), 1, AFTER)).toEqual({
      ok: false,
      reason: "Round 1 already exists",
    });
  });
});

describe("judging, awarding and publishing", () => {
  const bothConfirmed = [
    { number: 1, status: "confirmed" as const },
    { number: 2, status: "confirmed" as const },
  ];

  it("scoring and confirming wait for the challenge to close", () => {
    expect(canJudge(facts({ status: "open", rounds: [{ number: 1, status: "open" }] }), BEFORE).ok).toBe(false);
    expect(canJudge(facts({ rounds: [{ number: 1, status: "open" }] }), AFTER)).toEqual({ ok: true });
  });

  it("awards wait for both rounds to be confirmed", () => {
    expect(
      canProposeAwards(
        facts({
          rounds: [
            { number: 1, status: "confirmed" },
            { number: 2, status: "closed" },
          ],
        }),
        AFTER,
      ).ok,
    ).toBe(false);
    expect(canProposeAwards(facts({ rounds: bothConfirmed }), AFTER)).toEqual({ ok: true });
  });

  it("publishing waits for closing, both rounds, and a second person's approval", () => {
    expect(canPublishResults(facts({ status: "open", rounds: bothConfirmed, awardList: "approved" }), BEFORE).ok).toBe(
      false,
    );
    expect(
      canPublishResults(facts({ rounds: [{ number: 1, status: "confirmed" }], awardList: "approved" }), AFTER),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^The results can only be published once both judging rounds are confirmed/),
    });
    expect(canPublishResults(facts({ rounds: bothConfirmed, awardList: "proposed" }), AFTER).ok).toBe(false);
    expect(canPublishResults(facts({ rounds: bothConfirmed, awardList: null }), AFTER).ok).toBe(false);
    expect(canPublishResults(facts({ rounds: bothConfirmed, awardList: "approved" }), AFTER)).toEqual({ ok: true });
  });

  it("the closing time and extensions are fixed once any round exists", () => {
    expect(canChangeDeadline(facts())).toEqual({ ok: true });
    expect(canChangeDeadline(facts({ rounds: [{ number: 1, status: "setup" }] })).ok).toBe(false);
  });
});
