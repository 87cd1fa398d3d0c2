import { describe, expect, it } from "vitest";
import { proposeAwards, totalCashPence, widestAndNarrowest, type TierForProposal } from "../../app/domain/awards";

const TOP20: TierForProposal = {
  id: 11,
  name: "Top 20",
  places: 20,
  cashPence: 50_000,
  supportCapPence: 0,
  position: 0,
};
const TOP3: TierForProposal = {
  id: 12,
  name: "Top 3",
  places: 3,
  cashPence: 0,
  supportCapPence: 1_500_000,
  position: 1,
};

const shortlist = (n: number, selected = n) =>
  Array.from({ length: n }, (_, i) => ({ entryId: 100 + i, rank: i + 1, selected: i < selected }));

describe("proposeAwards", () => {
  it("gives the shortlist the widest tier and round 2's winners the narrowest too, with amounts from the tiers", () => {
    const { awards, notes } = proposeAwards({
      tiers: [TOP3, TOP20],
      round1: shortlist(25, 20),
      round2: [
        { entryId: 104, rank: 1, selected: true },
        { entryId: 100, rank: 2, selected: true },
        { entryId: 110, rank: 3, selected: true },
        { entryId: 101, rank: 4, selected: false },
      ],
    });
    expect(notes).toEqual([]);
    const top20 = awards.filter((a) => a.tierId === 11);
    expect(top20.map((a) => a.entryId)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    expect(top20.every((a) => a.cashPence === 50_000 && a.supportCapPence === 0)).toBe(true);
    const top3 = awards.filter((a) => a.tierId === 12);
    expect(top3).toEqual([
      { entryId: 104, tierId: 12, cashPence: 0, supportCapPence: 1_500_000, rank: 1 },
      { entryId: 100, tierId: 12, cashPence: 0, supportCapPence: 1_500_000, rank: 2 },
      { entryId: 110, tierId: 12, cashPence: 0, supportCapPence: 1_500_000, rank: 3 },
    ]);
    // A winner holds both tiers: £500 from the top 20 and the £15,000 cap from the top 3.
    expect(
      awards
        .filter((a) => a.entryId === 104)
        .map((a) => a.tierId)
        .sort(),
    ).toEqual([11, 12]);
    expect(totalCashPence(awards)).toBe(20 * 50_000);
  });

  it("awards only the places there are when fewer entries were shortlisted, and says so", () => {
    const { awards, notes } = proposeAwards({
      tiers: [TOP20, TOP3],
      round1: shortlist(6, 5),
      round2: [{ entryId: 102, rank: 1, selected: true }],
    });
    expect(awards.filter((a) => a.tierId === 11).map((a) => a.entryId)).toEqual([100, 101, 102, 103, 104]);
    expect(awards.filter((a) => a.tierId === 12).map((a) => a.entryId)).toEqual([102]);
    expect(notes).toEqual([
      "5 entries were shortlisted for the 20 places in “Top 20”, so 15 places stay empty.",
      "1 winner was chosen in round 2 for the 3 places in “Top 3”.",
    ]);
  });

  it("takes the best ranked when more were selected than there are places, whatever order the rows come in", () => {
    const tier = { ...TOP20, places: 2 };
    const { awards, notes } = proposeAwards({
      tiers: [tier],
      round1: [
        { entryId: 7, rank: 3, selected: true },
        { entryId: 8, rank: 1, selected: true },
        { entryId: 9, rank: 2, selected: true },
      ],
      round2: [],
    });
    expect(awards.map((a) => a.entryId)).toEqual([8, 9]);
    expect(notes[0]).toContain("only the 2 best ranked");
  });

  it("proposes nothing without prize tiers", () => {
    expect(proposeAwards({ tiers: [], round1: shortlist(3), round2: [] })).toEqual({
      awards: [],
      notes: ["The challenge has no prize tiers, so there is nothing to award."],
    });
  });

  it("never gives an entry the same tier twice", () => {
    const { awards } = proposeAwards({ tiers: [TOP20, TOP3], round1: shortlist(20), round2: shortlist(3) });
    const keys = awards.map((a) => `${a.entryId}:${a.tierId}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(awards).toHaveLength(23);
  });
});

describe("widestAndNarrowest", () => {
  it("breaks a tie in places by the tiers' order", () => {
    const a = { ...TOP20, id: 1, places: 5, position: 1 };
    const b = { ...TOP20, id: 2, places: 5, position: 0 };
    expect(widestAndNarrowest([a, b])).toEqual({ widest: b, narrowest: a });
  });
});
