import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  explainEntry,
  rankEntries,
  TIE_BREAK_RULE,
  weightedPercent,
  type JudgeReview,
  type RankCriterion,
  type RankEntry,
  type RankingOptions,
} from "../../app/domain/ranking";

// The worked example. Two criteria on a 0–5 scale, weights 60 and 40, so a review's percent is
// (60·s1/5 + 40·s2/5) ÷ 100 × 100 = 12·s1 + 8·s2.
const criteria: RankCriterion[] = [
  { id: 10, name: "Impact", weight: 60, scaleMin: 0, scaleMax: 5 },
  { id: 11, name: "Feasibility", weight: 40, scaleMin: 0, scaleMax: 5 },
];
const entries: RankEntry[] = [
  { id: 1, reference: "CRI-0001" },
  { id: 2, reference: "CRI-0002" },
  { id: 3, reference: "CRI-0003" },
  { id: 4, reference: "CRI-0004" },
];
const review = (judgeId: number, entryId: number, s1: number, s2: number): JudgeReview => ({
  judgeId,
  entryId,
  scores: { 10: s1, 11: s2 },
});
// Judge 1 (harsh):   entry 1 (4,3) = 48 + 24 = 72; entry 2 (3,2) = 36 + 16 = 52; entry 3 (2,1) = 24 + 8 = 32
// Judge 2 (lenient): entry 1 (5,5) = 60 + 40 = 100; entry 2 (4,4) = 48 + 32 = 80; entry 4 (5,3) = 60 + 24 = 84
// Judge 3:           entry 3 (3,3) = 36 + 24 = 60; entry 4 (2,2) = 24 + 16 = 40
const reviews: JudgeReview[] = [
  review(1, 1, 4, 3),
  review(1, 2, 3, 2),
  review(1, 3, 2, 1),
  review(2, 1, 5, 5),
  review(2, 2, 4, 4),
  review(2, 4, 5, 3),
  review(3, 3, 3, 3),
  review(3, 4, 2, 2),
];
// Judge means and population SDs:
//   judge 1: mean (72 + 52 + 32) ÷ 3 = 52; SD √((20² + 0² + 20²) ÷ 3) = √266.67 = 16.3299
//   judge 2: mean (100 + 80 + 84) ÷ 3 = 88; SD √((12² + 8² + 4²) ÷ 3) = √74.667 = 8.6410
//   judge 3: mean (60 + 40) ÷ 2 = 50; SD √((10² + 10²) ÷ 2) = 10
// Round: μ = (72 + 52 + 32 + 100 + 80 + 84 + 60 + 40) ÷ 8 = 520 ÷ 8 = 65
//   σ = √((7² + 13² + 33² + 35² + 15² + 19² + 5² + 25²) ÷ 8) = √(3768 ÷ 8) = √471 = 21.7025
// z and p' = 65 + 21.7025·z:
//   judge 1: entry 1 z = 20 ÷ 16.3299 = 1.2247 → 91.5801; entry 2 z = 0 → 65; entry 3 z = −1.2247 → 38.4199
//   judge 2: entry 1 z = 12 ÷ 8.6410 = 1.3887 → 95.1390; entry 2 z = −8 ÷ 8.6410 = −0.9258 → 44.9074;
//            entry 4 z = −4 ÷ 8.6410 = −0.4629 → 54.9537
//   judge 3: entry 3 z = 1 → 86.7025; entry 4 z = −1 → 43.2975
// Entries (raw = mean of percents, normalised = mean of p', spread = max − min of percents):
//   entry 1: raw (72 + 100) ÷ 2 = 86; normalised (91.5801 + 95.1390) ÷ 2 = 93.3595; spread 28
//   entry 2: raw (52 + 80) ÷ 2 = 66; normalised (65 + 44.9074) ÷ 2 = 54.9537; spread 28
//   entry 3: raw (32 + 60) ÷ 2 = 46; normalised (38.4199 + 86.7025) ÷ 2 = 62.5612; spread 28
//   entry 4: raw (84 + 40) ÷ 2 = 62; normalised (54.9537 + 43.2975) ÷ 2 = 49.1256; spread 44
// Ranked by normalised: 1, 3, 2, 4. Ranked by raw: 1, 2, 4, 3. Entry 3 was marked by the harsh
// judge, so normalising lifts it above entry 2, which was marked by the lenient one.
const normalised: RankingOptions = { rankBy: "normalised", disagreementThreshold: 30 };

describe("weighted percent", () => {
  it("is the weighted score as a percentage of the maximum", () => {
    expect(weightedPercent(criteria, { 10: 4, 11: 3 })).toBeCloseTo(72, 10);
    expect(weightedPercent(criteria, { 10: 5, 11: 5 })).toBe(100);
    expect(weightedPercent(criteria, { 10: 0, 11: 0 })).toBe(0);
  });

  it("measures from the bottom of each criterion's own scale", () => {
    // 1–4 scale: a 3 is (3 − 1) ÷ (4 − 1) = 2/3; 0–10 scale: a 5 is 0.5. Weights 1 and 3:
    // (1 × 2/3 + 3 × 0.5) ÷ 4 × 100 = (0.6667 + 1.5) ÷ 4 × 100 = 54.1667
    const mixed: RankCriterion[] = [
      { id: 1, weight: 1, scaleMin: 1, scaleMax: 4 },
      { id: 2, weight: 3, scaleMin: 0, scaleMax: 10 },
    ];
    expect(weightedPercent(mixed, { 1: 3, 2: 5 })).toBeCloseTo(54.1667, 4);
  });

  it("leaves out a criterion with no score and re-scales the other weights", () => {
    // Only impact scored: 60 × 4/5 ÷ 60 × 100 = 80
    expect(weightedPercent(criteria, { 10: 4 })).toBeCloseTo(80, 10);
  });

  it("refuses a review that scored nothing", () => {
    expect(() => weightedPercent(criteria, {})).toThrow(RangeError);
  });
});

describe("ranking the worked example", () => {
  it("gives the hand-computed raw and normalised scores, spreads and ranks", () => {
    const board = rankEntries(criteria, entries, reviews, normalised);
    expect(board.overallMean).toBeCloseTo(65, 10);
    expect(board.overallSd).toBeCloseTo(21.7025, 4);
    const byId = Object.fromEntries(board.entries.map((e) => [e.entryId, e]));
    expect(byId[1]).toMatchObject({ reference: "CRI-0001", rank: 1, judgeCount: 2, flagged: false });
    expect(byId[1]!.raw).toBeCloseTo(86, 10);
    expect(byId[1]!.normalised).toBeCloseTo(93.3595, 4);
    expect(byId[2]!.raw).toBeCloseTo(66, 10);
    expect(byId[2]!.normalised).toBeCloseTo(54.9537, 4);
    expect(byId[3]!.raw).toBeCloseTo(46, 10);
    expect(byId[3]!.normalised).toBeCloseTo(62.5612, 4);
    expect(byId[4]!.raw).toBeCloseTo(62, 10);
    expect(byId[4]!.normalised).toBeCloseTo(49.1256, 4);
    expect(board.entries.map((e) => e.spread)).toEqual([28, 28, 28, 44].map((x) => expect.closeTo(x, 10)));
    expect(board.entries.map((e) => e.entryId)).toEqual([1, 3, 2, 4]);
    expect(board.entries.map((e) => e.rank)).toEqual([1, 2, 3, 4]);
  });

  it("ranks by the raw score when staff choose it", () => {
    const board = rankEntries(criteria, entries, reviews, { ...normalised, rankBy: "raw" });
    expect(board.entries.map((e) => e.entryId)).toEqual([1, 2, 4, 3]);
  });

  it("flags entries whose judges disagree by more than the threshold", () => {
    // Spreads 28, 28, 28, 44: above 30 only entry 4; above the default 25, all four.
    const strict = rankEntries(criteria, entries, reviews, normalised);
    expect(strict.entries.filter((e) => e.flagged).map((e) => e.entryId)).toEqual([4]);
    const usual = rankEntries(criteria, entries, reviews, { rankBy: "normalised", disagreementThreshold: 25 });
    expect(usual.entries.filter((e) => e.flagged).map((e) => e.entryId)).toEqual([1, 3, 2, 4]);
    // Exactly at the threshold is not above it.
    const edge = rankEntries(criteria, entries, reviews, { rankBy: "normalised", disagreementThreshold: 28 });
    expect(edge.entries.filter((e) => e.flagged).map((e) => e.entryId)).toEqual([4]);
  });

  it("gives each judge's statistics for the distribution chart", () => {
    const board = rankEntries(criteria, entries, reviews, normalised);
    expect(board.judges.map((j) => j.judgeId)).toEqual([1, 2, 3]);
    const [one, two, three] = board.judges;
    expect(one).toMatchObject({ count: 3, min: 32, max: 72, method: "standardised" });
    expect(one!.mean).toBeCloseTo(52, 10);
    expect(one!.sd).toBeCloseTo(16.3299, 4);
    expect(one!.percents).toEqual([32, 52, 72].map((x) => expect.closeTo(x, 10)));
    expect(two!.mean).toBeCloseTo(88, 10);
    expect(two!.sd).toBeCloseTo(8.641, 3);
    expect(three!.sd).toBeCloseTo(10, 10);
    expect(board.reviewCount).toBe(8);
  });

  it("explains entry 3's rank with the arithmetic for each judge", () => {
    const why = explainEntry(criteria, entries, reviews, 3, normalised);
    expect(why).toMatchObject({ reference: "CRI-0003", rank: 2, entryCount: 4, judgeCount: 2, rankBy: "normalised" });
    expect(why.judges.map((j) => j.judgeId)).toEqual([1, 3]);
    const [harsh, other] = why.judges;
    expect(harsh!.criteria.map((c) => c.text)).toEqual(["2 on 0–5 → 0.40 × 60 = 24.0", "1 on 0–5 → 0.20 × 40 = 8.0"]);
    expect(harsh!.percentText).toBe("(24.0 + 8.0) ÷ 100 × 100 = 32.0");
    expect(harsh!.judgeStatsText).toBe("mean of 3 percents = 52.0, SD = 16.3");
    expect(harsh!.z).toBeCloseTo(-1.2247, 4);
    expect(harsh!.zText).toBe("(32.0 − 52.0) ÷ 16.3 = −1.22");
    expect(harsh!.normalisedText).toBe("65.0 + 21.7 × (−1.22) = 38.4");
    expect(other!.zText).toBe("(60.0 − 50.0) ÷ 10.0 = 1.00");
    expect(other!.normalisedText).toBe("65.0 + 21.7 × 1.00 = 86.7");
    expect(why.rawText).toBe("(32.0 + 60.0) ÷ 2 = 46.0");
    expect(why.normalisedText).toBe("(38.4 + 86.7) ÷ 2 = 62.6");
    expect(why.spreadText).toBe("60.0 − 32.0 = 28.0 (threshold 30)");
    expect(why.overallText).toBe("all 8 percents in the round: mean 65.0, SD 21.7");
    expect(why.normalised).toBeCloseTo(62.5612, 4);
    expect(why.tieBreakRule).toBe(TIE_BREAK_RULE);
  });

  it("refuses to explain an entry that is not in the round", () => {
    expect(() => explainEntry(criteria, entries, reviews, 99, normalised)).toThrow(RangeError);
  });
});

describe("degenerate cases", () => {
  it("uses a single-review judge's percent unchanged", () => {
    // Judge 9 scores only entry 4: (1,1) = 12 + 8 = 20. Their p' is 20 whatever the round does.
    const board = rankEntries(criteria, entries, [...reviews, review(9, 4, 1, 1)], normalised);
    const why = explainEntry(criteria, entries, [...reviews, review(9, 4, 1, 1)], 4, normalised);
    const nine = why.judges.find((j) => j.judgeId === 9)!;
    expect(nine.method).toBe("unchanged");
    expect(nine.normalised).toBeCloseTo(20, 10);
    expect(nine.z).toBeNull();
    expect(board.judges.find((j) => j.judgeId === 9)).toMatchObject({ count: 1, sd: 0, method: "unchanged" });
  });

  it("shifts a judge who gave every entry the same percent to the round's mean", () => {
    // Judge 8 gives entries 1 and 2 both (3,3) = 60: SD 0, so p' = 60 − 60 + μ = μ.
    // Round: the 8 percents above plus 60 and 60: μ = (520 + 120) ÷ 10 = 64.
    const more = [...reviews, review(8, 1, 3, 3), review(8, 2, 3, 3)];
    const why = explainEntry(criteria, entries, more, 1, normalised);
    const eight = why.judges.find((j) => j.judgeId === 8)!;
    expect(eight.method).toBe("shifted");
    expect(why.overallMean).toBeCloseTo(64, 10);
    expect(eight.normalised).toBeCloseTo(64, 10);
    expect(eight.normalisedText).toBe("60.0 − 60.0 + 64.0 = 64.0");
  });

  it("puts entries with no reviews last, by reference, with no scores", () => {
    const more = [...entries, { id: 6, reference: "CRI-0006" }, { id: 5, reference: "CRI-0005" }];
    const board = rankEntries(criteria, more, reviews, normalised);
    expect(board.entries.slice(4)).toEqual([
      {
        entryId: 5,
        reference: "CRI-0005",
        rank: 5,
        raw: null,
        normalised: null,
        judgeCount: 0,
        spread: null,
        flagged: false,
      },
      {
        entryId: 6,
        reference: "CRI-0006",
        rank: 6,
        raw: null,
        normalised: null,
        judgeCount: 0,
        spread: null,
        flagged: false,
      },
    ]);
    expect(explainEntry(criteria, more, reviews, 6, normalised).rawText).toBe("no submitted scores");
  });

  it("has no statistics for a round with no reviews", () => {
    const board = rankEntries(criteria, entries, [], normalised);
    expect(board).toMatchObject({ overallMean: null, overallSd: null, judges: [], reviewCount: 0 });
    expect(board.entries.map((e) => e.reference)).toEqual(["CRI-0001", "CRI-0002", "CRI-0003", "CRI-0004"]);
  });

  it("ignores reviews of entries outside the round and reviews with no scores", () => {
    const noise = [...reviews, review(1, 77, 5, 5), { judgeId: 2, entryId: 1, scores: {} }];
    const board = rankEntries(criteria, entries, noise, normalised);
    expect(board.reviewCount).toBe(8);
    expect(board.overallMean).toBeCloseTo(65, 10);
  });
});

describe("tie-break", () => {
  // One judge scoring all entries: their z is the same for equal percents, so the tie-break decides.
  const flat: RankCriterion[] = [{ id: 1, weight: 1, scaleMin: 0, scaleMax: 10 }];
  const r = (judgeId: number, entryId: number, score: number): JudgeReview => ({
    judgeId,
    entryId,
    scores: { 1: score },
  });

  it("falls back to the reference when everything else is equal", () => {
    const es = [
      { id: 1, reference: "CRI-0009" },
      { id: 2, reference: "CRI-0003" },
    ];
    const board = rankEntries(flat, es, [r(1, 1, 5), r(1, 2, 5)], normalised);
    expect(board.entries.map((e) => e.reference)).toEqual(["CRI-0003", "CRI-0009"]);
  });

  it("prefers the smaller spread, then more judges", () => {
    // Judges 1 and 2 give entry A 6 and 4 (spread 20) and entry B 5 and 5 (spread 0); judge 3
    // gives entry C 5. Raw: A (60 + 40) ÷ 2 = 50, B 50, C 50.
    const es = [
      { id: 1, reference: "CRI-A" },
      { id: 2, reference: "CRI-B" },
      { id: 3, reference: "CRI-C" },
    ];
    const rs = [r(1, 1, 6), r(2, 1, 4), r(1, 2, 5), r(2, 2, 5), r(3, 3, 5)];
    const board = rankEntries(flat, es, rs, { rankBy: "raw", disagreementThreshold: 25 });
    // Raw all 50. Normalised differ, so that decides first: judge 1 mean 5.5, judge 2 mean 4.5 (as
    // percents 55 and 45, SDs 5 and 5); μ = (60 + 40 + 50 + 50 + 50) ÷ 5 = 50.
    // A: z1 = (60 − 55) ÷ 5 = 1, z2 = (40 − 45) ÷ 5 = −1 → mean p' = 50.
    // B: z1 = −1, z2 = 1 → 50. C: judge 3 has one review → 50 unchanged. All equal: spread next
    // (B 0 and C 0 before A 20), then more judges (B 2 before C 1).
    expect(board.entries.map((e) => e.reference)).toEqual(["CRI-B", "CRI-C", "CRI-A"]);
  });

  it("uses the other score before anything else", () => {
    // Ranked by raw; all three entries have raw 50, so the normalised score decides.
    // Judge 1: entry 1 60, entry 2 40, entry 3 50 → mean 50, SD √((100 + 100 + 0) ÷ 3) = 8.165.
    // Judge 2: entry 1 40, entry 2 60 → mean 50, SD 10.
    // Raw: entry 1 (60 + 40) ÷ 2 = 50; entry 2 (40 + 60) ÷ 2 = 50; entry 3 50.
    // μ = 50, σ = √((100 + 100 + 0 + 100 + 100) ÷ 5) = √80 = 8.944.
    // Entry 1: z = 10 ÷ 8.165 = 1.2247 and −10 ÷ 10 = −1 → p' mean = 50 + 8.944 × (0.2247 ÷ 2) = 51.005.
    // Entry 2: the mirror image → 48.995. Entry 3: z = 0 → 50.
    // References alone would put entry 2 (CRI-0001) first; the normalised score does not.
    const es = [
      { id: 1, reference: "CRI-0002" },
      { id: 2, reference: "CRI-0001" },
      { id: 3, reference: "CRI-0003" },
    ];
    const rs = [r(1, 1, 6), r(1, 2, 4), r(1, 3, 5), r(2, 1, 4), r(2, 2, 6)];
    const board = rankEntries(flat, es, rs, { rankBy: "raw", disagreementThreshold: 25 });
    expect(board.entries.map((e) => e.entryId)).toEqual([1, 3, 2]);
    expect(board.entries[0]!.normalised).toBeCloseTo(51.005, 3);
  });

  it("is not decided by floating-point noise in the sums", () => {
    // 0.1 + 0.2 ≠ 0.3 in binary floating point. Two criteria of weight 1 on 0–1: entry 1 scores
    // (0.1, 0.2), entry 2 (0.3, 0) — both (0.3) ÷ 2 × 100 = 15 exactly on paper. Their references
    // must decide, in either input order.
    const twin: RankCriterion[] = [
      { id: 1, weight: 1, scaleMin: 0, scaleMax: 1 },
      { id: 2, weight: 1, scaleMin: 0, scaleMax: 1 },
    ];
    const es = [
      { id: 1, reference: "CRI-0002" },
      { id: 2, reference: "CRI-0001" },
    ];
    const rs: JudgeReview[] = [
      { judgeId: 1, entryId: 1, scores: { 1: 0.1, 2: 0.2 } },
      { judgeId: 1, entryId: 2, scores: { 1: 0.3, 2: 0 } },
    ];
    expect(
      rankEntries(twin, es, rs, { rankBy: "raw", disagreementThreshold: 25 }).entries.map((e) => e.entryId),
    ).toEqual([2, 1]);
  });

  it("is stated in plain English", () => {
    expect(TIE_BREAK_RULE).toMatch(/spread/);
    expect(TIE_BREAK_RULE).toMatch(/reference/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const scoreArb = fc.integer({ min: 1, max: 4 }); // room to shift a judge by one either way on 0–5
const rubricArb = fc
  .array(fc.record({ weight: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 4 })
  .map((cs) => cs.map((c, i) => ({ id: i + 1, weight: c.weight, scaleMin: 0, scaleMax: 5 })));

interface Round {
  criteria: RankCriterion[];
  entries: RankEntry[];
  reviews: JudgeReview[];
}
const roundArb: fc.Arbitrary<Round> = fc
  .record({
    criteria: rubricArb,
    entryCount: fc.integer({ min: 1, max: 12 }),
    judgeCount: fc.integer({ min: 1, max: 5 }),
    seed: fc.array(fc.array(scoreArb, { minLength: 4, maxLength: 4 }), { minLength: 60, maxLength: 60 }),
    who: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
  })
  .map(({ criteria, entryCount, judgeCount, seed, who }) => {
    const entries = Array.from({ length: entryCount }, (_, i) => ({
      id: i + 1,
      reference: `CRI-${String(100 - i).padStart(4, "0")}`,
    }));
    const reviews: JudgeReview[] = [];
    for (let j = 0; j < judgeCount; j++) {
      for (let e = 0; e < entryCount; e++) {
        const slot = j * 12 + e;
        if (!who[slot]) continue;
        const scores: Record<number, number> = {};
        criteria.forEach((c, ci) => (scores[c.id] = seed[slot]![ci]!));
        reviews.push({ judgeId: j + 1, entryId: e + 1, scores });
      }
    }
    return { criteria, entries, reviews };
  });

const optionsArb = fc.record({
  rankBy: fc.constantFrom<"normalised" | "raw">("normalised", "raw"),
  disagreementThreshold: fc.integer({ min: 0, max: 60 }),
});

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("ranking properties", () => {
  it("ranks every entry exactly once, 1 to n", () => {
    fc.assert(
      fc.property(roundArb, optionsArb, (round, options) => {
        const board = rankEntries(round.criteria, round.entries, round.reviews, options);
        expect(board.entries.map((e) => e.entryId).sort((a, b) => a - b)).toEqual(round.entries.map((e) => e.id));
        expect(board.entries.map((e) => e.rank)).toEqual(round.entries.map((_, i) => i + 1));
        // Reviewed entries first, in non-increasing order of the chosen score.
        const scores = board.entries.map((e) => (options.rankBy === "raw" ? e.raw : e.normalised));
        const firstUnscored = scores.indexOf(null);
        if (firstUnscored >= 0) expect(scores.slice(firstUnscored).every((s) => s === null)).toBe(true);
        const scored = scores.filter((s): s is number => s !== null);
        for (let i = 1; i < scored.length; i++) expect(scored[i]!).toBeLessThanOrEqual(scored[i - 1]! + 1e-6);
      }),
    );
  });

  it("does not depend on the order of the criteria, entries or reviews", () => {
    fc.assert(
      fc.property(roundArb, optionsArb, fc.integer(), (round, options, seed) => {
        const a = rankEntries(round.criteria, round.entries, round.reviews, options);
        const b = rankEntries(
          shuffled(round.criteria, seed),
          shuffled(round.entries, seed + 1),
          shuffled(round.reviews, seed + 2),
          options,
        );
        expect(b).toEqual(a);
      }),
    );
  });

  it("keeps every raw and normalised score within sensible bounds and means of the judges", () => {
    fc.assert(
      fc.property(roundArb, optionsArb, (round, options) => {
        const board = rankEntries(round.criteria, round.entries, round.reviews, options);
        for (const e of board.entries) {
          if (e.raw === null) continue;
          expect(e.raw).toBeGreaterThanOrEqual(0);
          expect(e.raw).toBeLessThanOrEqual(100 + 1e-9);
          expect(e.flagged).toBe(e.judgeCount >= 2 && e.spread! > options.disagreementThreshold);
        }
      }),
    );
  });

  it("is not changed in normalised order by a uniformly harsh judge", () => {
    fc.assert(
      fc.property(roundArb, fc.integer({ min: 0, max: 4 }), fc.constantFrom(-1, 1), (round, pick, direction) => {
        const counts = new Map<number, number>();
        for (const r of round.reviews) counts.set(r.judgeId, (counts.get(r.judgeId) ?? 0) + 1);
        // Single-review judges are used unchanged (documented), so the property is about rounds
        // where every judge scored at least two entries.
        fc.pre([...counts.values()].every((c) => c >= 2));
        const judgeIds = [...counts.keys()].sort((a, b) => a - b);
        const harsh = judgeIds[pick % judgeIds.length]!;
        // Every score of that judge moves by one point (scores were drawn from 1–4, so this stays
        // on the 0–5 scale), which moves each of their percents by exactly 20.
        const moved = round.reviews.map((r) =>
          r.judgeId !== harsh
            ? r
            : { ...r, scores: Object.fromEntries(Object.entries(r.scores).map(([c, s]) => [c, s + direction])) },
        );
        const options: RankingOptions = { rankBy: "normalised", disagreementThreshold: 25 };
        const before = rankEntries(round.criteria, round.entries, round.reviews, options);
        const after = rankEntries(round.criteria, round.entries, moved, options);
        const valueBefore = new Map(before.entries.map((e) => [e.entryId, e.normalised]));
        const valueAfter = new Map(after.entries.map((e) => [e.entryId, e.normalised]));
        // Pairwise: whichever of two entries was ahead on normalised score stays ahead (ties stay ties).
        const ids = round.entries.map((e) => e.id).filter((id) => valueBefore.get(id) !== null);
        for (const x of ids) {
          for (const y of ids) {
            const d0 = valueBefore.get(x)! - valueBefore.get(y)!;
            const d1 = valueAfter.get(x)! - valueAfter.get(y)!;
            if (Math.abs(d0) < 1e-6) expect(Math.abs(d1)).toBeLessThan(1e-6);
            else expect(Math.sign(d1)).toBe(Math.sign(d0));
          }
        }
        // And each judge's z-scores are untouched.
        for (const e of round.entries) {
          if (valueBefore.get(e.id) === null) continue;
          const zs = (reviews: JudgeReview[]) =>
            explainEntry(round.criteria, round.entries, reviews, e.id, options).judges.map((j) => j.z);
          const z0 = zs(round.reviews);
          const z1 = zs(moved);
          z0.forEach((z, i) => (z === null ? expect(z1[i]).toBeNull() : expect(z1[i]).toBeCloseTo(z, 9)));
        }
      }),
    );
  });

  it("maps a judge's percents to the round's scale with their own mean and SD", () => {
    fc.assert(
      fc.property(roundArb, (round) => {
        const options: RankingOptions = { rankBy: "normalised", disagreementThreshold: 25 };
        const board = rankEntries(round.criteria, round.entries, round.reviews, options);
        for (const j of board.judges) {
          // The judge's normalised values have mean μ and SD σ when standardised.
          if (j.method !== "standardised") continue;
          const theirs = round.entries
            .map((e) => explainEntry(round.criteria, round.entries, round.reviews, e.id, options))
            .flatMap((x) => x.judges.filter((y) => y.judgeId === j.judgeId).map((y) => y.normalised));
          const m = theirs.reduce((s, x) => s + x, 0) / theirs.length;
          const sd = Math.sqrt(theirs.reduce((s, x) => s + (x - m) ** 2, 0) / theirs.length);
          expect(m).toBeCloseTo(board.overallMean!, 6);
          expect(sd).toBeCloseTo(board.overallSd!, 6);
        }
      }),
      { numRuns: 50 },
    );
  });
});
