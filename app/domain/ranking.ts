// Ranking (issue 4): weighted percentages, normalisation for harsh and lenient judges, the
// disagreement flag, a deterministic tie-break, and the arithmetic behind every figure.
//
// THE RULES
//
// Weighted percent of one review: Σ w·(s − min)/(max − min) ÷ Σ w × 100, over the criteria the
// review scored (criteria with no score are left out and the weights of the rest re-scaled; a
// submitted review scores every criterion, so this only matters if the rubric was unlocked).
//
// Normalisation. For judge j with percents p over the entries they scored: mean m_j and
// POPULATION standard deviation s_j (divide by n: the judge's entries are the whole population
// we correct for, not a sample). μ and σ are the mean and population SD of every review's percent
// in the round. Then
//   - 2+ reviews and s_j > 0:  z = (p − m_j) ÷ s_j,  p' = μ + σ·z   (standardised)
//   - 2+ reviews and s_j = 0:  p' = p − m_j + μ = μ                  (shifted: the judge gave every
//                              entry the same score, so they tell entries apart not at all)
//   - exactly 1 review:        p' = p                                (unchanged: one score cannot
//                              tell a harsh judge from a weak entry, e.g. a judge added to one
//                              disputed entry, whose view should count as given)
// p' is NOT clamped to 0–100: clamping would merge distinct values at the ends and could change
// the order; a strict judge's favourite entry can therefore show slightly above 100.
// Consequences (tested): adding a constant to every percent of a judge with 2+ reviews (a
// uniformly harsh or lenient judge), or stretching their spread, leaves every z unchanged. μ and σ
// move a little (they are over all percents), which moves every normalised value the same way
// (p' = μ + σ·z with one μ and σ for the round), so the normalised ORDER does not change as long
// as no judge in the round has a single review (those are used unchanged, so they do not move
// with μ and σ).
//
// An entry's raw score is the mean of its judges' percents and its normalised score the mean of
// their p'. Spread = max − min of its judges' raw percents; flagged when spread > threshold
// (percentage points) — needs at least two judges.
//
// Ordering: see TIE_BREAK_RULE. Scores are compared after rounding to 6 decimal places so that
// floating-point noise from summation order can never decide a tie. All sums run in a fixed
// order (by judge id, then entry id), so the result does not depend on the order of the input.

export interface RankCriterion {
  id: number;
  weight: number;
  scaleMin: number;
  scaleMax: number;
  name?: string;
}
export interface RankEntry {
  id: number;
  reference: string;
}
export interface JudgeReview {
  judgeId: number;
  entryId: number;
  /** criterionId -> score. Only submitted reviews are passed in. */
  scores: Record<number, number>;
}
export interface RankingOptions {
  rankBy: "normalised" | "raw";
  /** Percentage points; the default is DEFAULT_DISAGREEMENT_THRESHOLD. */
  disagreementThreshold: number;
}
export const DEFAULT_DISAGREEMENT_THRESHOLD = 25;
export const DEFAULT_RANKING_OPTIONS: RankingOptions = {
  rankBy: "normalised",
  disagreementThreshold: DEFAULT_DISAGREEMENT_THRESHOLD,
};

export interface RankedEntry {
  entryId: number;
  reference: string;
  /** 1-based and distinct (ties are broken). Entries with no reviews come last, by reference. */
  rank: number;
  raw: number | null;
  normalised: number | null;
  judgeCount: number;
  spread: number | null;
  flagged: boolean;
}
export interface JudgeStats {
  judgeId: number;
  count: number;
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  /** The judge's percents, ascending, for the distribution chart. */
  percents: number[];
  /** How their scores are normalised (see the rules above). */
  method: NormalisationMethod | null;
}
export interface Leaderboard {
  entries: RankedEntry[];
  judges: JudgeStats[];
  overallMean: number | null;
  overallSd: number | null;
  /** Number of reviews that went into the figures. */
  reviewCount: number;
}

export type NormalisationMethod = "standardised" | "shifted" | "unchanged";

export const TIE_BREAK_RULE =
  "Entries are ordered by the chosen score (normalised by default), highest first. Equal scores " +
  "(compared to 6 decimal places) are separated by the other score (raw or normalised), highest " +
  "first; then by the smaller spread between judges; then by the larger number of judges; then " +
  "by entry reference, A to Z. Entries with no submitted scores come last.";

const ROUND = 1e6;
function key(x: number): number {
  return Math.round(x * ROUND) / ROUND;
}

function sortedCriteria(criteria: RankCriterion[]): RankCriterion[] {
  return [...criteria].sort((a, b) => a.id - b.id);
}

/** Criteria in id order, so sums run in the same order whatever the input order. */
function prepareCriteria(criteria: RankCriterion[]): RankCriterion[] {
  const sorted = sortedCriteria(criteria);
  for (const c of sorted) if (!(c.scaleMax > c.scaleMin)) throw new RangeError(`Criterion ${c.id} has an empty scale.`);
  return sorted;
}

/** The weighted percent over prepared criteria, or null when no weighted criterion was scored. */
function percentOf(sorted: RankCriterion[], scores: Record<number, number>): number | null {
  let weighted = 0;
  let weights = 0;
  for (const c of sorted) {
    const s = scores[c.id];
    if (s === undefined || s === null || !Number.isFinite(s)) continue;
    weighted += (c.weight * (s - c.scaleMin)) / (c.scaleMax - c.scaleMin);
    weights += c.weight;
  }
  return weights > 0 ? (weighted / weights) * 100 : null;
}

/** Weighted score as a percentage of the maximum (0–100). Throws if nothing weighted was scored. */
export function weightedPercent(criteria: RankCriterion[], scores: Record<number, number>): number {
  const percent = percentOf(prepareCriteria(criteria), scores);
  if (percent === null) throw new RangeError("No weighted criterion was scored.");
  return percent;
}

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
function populationSd(xs: number[], m: number): number {
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / xs.length);
}

/** A judge's standard deviation below this counts as zero (all their percents the same). */
const SD_EPSILON = 1e-9;

interface Scored {
  judgeId: number;
  entryId: number;
  percent: number;
  /** p' (see the rules above), filled in once the judge's statistics are known. */
  normalised: number;
}

interface JudgeModel {
  count: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  method: NormalisationMethod;
  percents: number[];
}

interface Model {
  scored: Scored[]; // sorted by judgeId, entryId
  judges: Map<number, JudgeModel>;
  overallMean: number | null;
  overallSd: number | null;
}

function buildModel(criteria: RankCriterion[], entryIds: Set<number>, reviews: JudgeReview[]): Model {
  const sortedCrit = prepareCriteria(criteria);
  const items: Scored[] = [];
  for (const r of reviews) {
    if (!entryIds.has(r.entryId)) continue;
    const percent = percentOf(sortedCrit, r.scores);
    if (percent === null) continue;
    items.push({ judgeId: r.judgeId, entryId: r.entryId, percent, normalised: percent });
  }
  // Sorting by percent last makes the merge of duplicates below independent of input order.
  items.sort((a, b) => a.judgeId - b.judgeId || a.entryId - b.entryId || a.percent - b.percent);
  // One figure per (judge, entry): duplicates (should not happen) are averaged.
  const scored: Scored[] = [];
  for (let i = 0; i < items.length;) {
    let j = i + 1;
    while (j < items.length && items[j]!.judgeId === items[i]!.judgeId && items[j]!.entryId === items[i]!.entryId) j++;
    if (j === i + 1) scored.push(items[i]!);
    else {
      const percent = mean(items.slice(i, j).map((x) => x.percent));
      scored.push({ judgeId: items[i]!.judgeId, entryId: items[i]!.entryId, percent, normalised: percent });
    }
    i = j;
  }

  const judges = new Map<number, JudgeModel>();
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < scored.length;) {
    let end = start;
    while (end < scored.length && scored[end]!.judgeId === scored[start]!.judgeId) end++;
    const percents = scored.slice(start, end).map((s) => s.percent);
    const m = mean(percents);
    const sd = populationSd(percents, m);
    const method: NormalisationMethod =
      percents.length < 2 ? "unchanged" : sd > SD_EPSILON ? "standardised" : "shifted";
    const ascending = [...percents].sort((a, b) => a - b);
    judges.set(scored[start]!.judgeId, {
      count: percents.length,
      mean: m,
      sd,
      min: ascending[0]!,
      max: ascending[ascending.length - 1]!,
      method,
      percents: ascending,
    });
    ranges.push([start, end]);
    start = end;
  }

  const all = scored.map((s) => s.percent);
  const overallMean = all.length > 0 ? mean(all) : null;
  const overallSd = overallMean === null ? null : populationSd(all, overallMean);

  for (const [start, end] of ranges) {
    const j = judges.get(scored[start]!.judgeId)!;
    for (let i = start; i < end; i++) {
      const s = scored[i]!;
      if (j.method === "shifted") s.normalised = s.percent - j.mean + overallMean!;
      else if (j.method === "standardised") s.normalised = overallMean! + overallSd! * ((s.percent - j.mean) / j.sd);
    }
  }
  return { scored, judges, overallMean, overallSd };
}

interface EntryFigures {
  entry: RankEntry;
  raw: number | null;
  normalised: number | null;
  judgeCount: number;
  spread: number | null;
}

interface SortKeys {
  figures: EntryFigures & { reviews: Scored[] };
  first: number;
  second: number;
  spread: number;
}

// Keys are rounded once per entry (not once per comparison): see ROUND.
function compareKeys(a: SortKeys, b: SortKeys): number {
  const fa = a.figures;
  const fb = b.figures;
  const aHas = fa.judgeCount > 0;
  const bHas = fb.judgeCount > 0;
  if (aHas !== bHas) return aHas ? -1 : 1;
  if (aHas && bHas) {
    if (a.first !== b.first) return b.first - a.first;
    if (a.second !== b.second) return b.second - a.second;
    if (a.spread !== b.spread) return a.spread - b.spread;
    if (fa.judgeCount !== fb.judgeCount) return fb.judgeCount - fa.judgeCount;
  }
  if (fa.entry.reference !== fb.entry.reference) return fa.entry.reference < fb.entry.reference ? -1 : 1;
  return fa.entry.id - fb.entry.id;
}

function figuresFor(model: Model, entries: RankEntry[]): Map<number, EntryFigures & { reviews: Scored[] }> {
  const byEntry = new Map<number, Scored[]>();
  for (const s of model.scored) {
    const list = byEntry.get(s.entryId) ?? [];
    list.push(s); // already in judge id order
    byEntry.set(s.entryId, list);
  }
  const out = new Map<number, EntryFigures & { reviews: Scored[] }>();
  for (const entry of entries) {
    if (out.has(entry.id)) continue;
    const reviews = byEntry.get(entry.id) ?? [];
    if (reviews.length === 0) {
      out.set(entry.id, { entry, raw: null, normalised: null, judgeCount: 0, spread: null, reviews });
      continue;
    }
    const raws = reviews.map((r) => r.percent);
    out.set(entry.id, {
      entry,
      raw: mean(raws),
      normalised: mean(reviews.map((r) => r.normalised)),
      judgeCount: reviews.length,
      spread: Math.max(...raws) - Math.min(...raws),
      reviews,
    });
  }
  return out;
}

function rankFromModel(model: Model, entries: RankEntry[], options: RankingOptions) {
  const sortedEntries = [...entries].sort((a, b) => a.id - b.id);
  const figures = figuresFor(model, sortedEntries);
  const keyed: SortKeys[] = [...figures.values()].map((f) => {
    const [first, second] = options.rankBy === "raw" ? [f.raw, f.normalised] : [f.normalised, f.raw];
    return { figures: f, first: key(first ?? 0), second: key(second ?? 0), spread: key(f.spread ?? 0) };
  });
  const ordered = keyed.sort(compareKeys).map((k) => k.figures);
  const ranked: RankedEntry[] = ordered.map((f, i) => ({
    entryId: f.entry.id,
    reference: f.entry.reference,
    rank: i + 1,
    raw: f.raw,
    normalised: f.normalised,
    judgeCount: f.judgeCount,
    spread: f.spread,
    flagged: f.judgeCount >= 2 && f.spread! > options.disagreementThreshold,
  }));
  return { ranked, figures };
}

export function rankEntries(
  criteria: RankCriterion[],
  entries: RankEntry[],
  reviews: JudgeReview[],
  options: RankingOptions,
): Leaderboard {
  const model = buildModel(criteria, new Set(entries.map((e) => e.id)), reviews);
  const { ranked } = rankFromModel(model, entries, options);
  const judges: JudgeStats[] = [...model.judges.entries()]
    .sort(([a], [b]) => a - b)
    .map(([judgeId, j]) => ({
      judgeId,
      count: j.count,
      mean: j.mean,
      sd: j.sd,
      min: j.min,
      max: j.max,
      percents: j.percents,
      method: j.method,
    }));
  return {
    entries: ranked,
    judges,
    overallMean: model.overallMean,
    overallSd: model.overallSd,
    reviewCount: model.scored.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Explanation of one entry's figures, for the staff page. Numbers are unrounded; the *Text
// strings round for reading (percents to 1 dp, z to 2 dp) and use typographic signs.

export interface CriterionExplanation {
  criterionId: number;
  name: string;
  weight: number;
  score: number | null;
  scaleMin: number;
  scaleMax: number;
  /** (score − min) ÷ (max − min), 0–1; null if not scored. */
  fraction: number | null;
  /** weight × fraction. */
  weighted: number | null;
  /** e.g. "4 on 0–5 → 0.80 × 60 = 48.0" */
  text: string;
}

export interface JudgeExplanation {
  judgeId: number;
  criteria: CriterionExplanation[];
  percent: number;
  /** e.g. "(48.0 + 20.0) ÷ 100 × 100 = 68.0" */
  percentText: string;
  judgeCount: number;
  judgeMean: number;
  judgeSd: number;
  /** e.g. "mean of 4 percents = 61.5, SD = 8.2" */
  judgeStatsText: string;
  method: NormalisationMethod;
  z: number | null;
  /** e.g. "(68.0 − 61.5) ÷ 8.2 = 0.79" or a sentence for the shifted/unchanged cases. */
  zText: string;
  normalised: number;
  /** e.g. "55.0 + 12.3 × 0.79 = 64.7" */
  normalisedText: string;
}

export interface EntryExplanation {
  entryId: number;
  reference: string;
  rank: number;
  entryCount: number;
  rankBy: RankingOptions["rankBy"];
  raw: number | null;
  normalised: number | null;
  spread: number | null;
  flagged: boolean;
  judgeCount: number;
  overallMean: number | null;
  overallSd: number | null;
  /** e.g. "all 15,000 percents in the round: mean 55.0, SD 12.3" */
  overallText: string;
  judges: JudgeExplanation[];
  /** e.g. "(68.0 + 72.0 + 50.0) ÷ 3 = 63.3" */
  rawText: string;
  normalisedText: string;
  /** e.g. "72.0 − 50.0 = 22.0 (threshold 25)" */
  spreadText: string;
  disagreementThreshold: number;
  tieBreakRule: string;
}

const MINUS = "\u2212";
function fmt(x: number, dp: number): string {
  const s = Math.abs(x).toFixed(dp);
  const negative = x < 0 && Number(s) !== 0;
  return negative ? `${MINUS}${s}` : s;
}
/** A number inside a formula: negative values in brackets so "a − (−b)" reads right. */
function term(x: number, dp: number): string {
  const s = fmt(x, dp);
  return s.startsWith(MINUS) ? `(${s})` : s;
}
function fmtWeight(w: number): string {
  return Number.isInteger(w) ? String(w) : fmt(w, 2);
}
function meanText(values: number[], dp: number): string {
  const m = mean(values);
  if (values.length === 1) return `${fmt(m, dp)}`;
  return `(${values.map((v) => fmt(v, dp)).join(" + ")}) ÷ ${values.length} = ${fmt(m, dp)}`;
}

export function explainEntry(
  criteria: RankCriterion[],
  entries: RankEntry[],
  reviews: JudgeReview[],
  entryId: number,
  options: RankingOptions,
): EntryExplanation {
  const model = buildModel(criteria, new Set(entries.map((e) => e.id)), reviews);
  const { ranked, figures } = rankFromModel(model, entries, options);
  const me = ranked.find((r) => r.entryId === entryId);
  if (!me) throw new RangeError(`Entry ${entryId} is not in the round.`);
  const fig = figures.get(entryId)!;
  const crit = sortedCriteria(criteria);
  const byPair = new Map<string, JudgeReview>();
  const usable = prepareCriteria(criteria);
  const mine = reviews.filter((r) => r.entryId === entryId && percentOf(usable, r.scores) !== null);
  for (const r of mine.sort((a, b) => a.judgeId - b.judgeId)) {
    if (!byPair.has(String(r.judgeId))) byPair.set(String(r.judgeId), r);
  }
  const mu = model.overallMean;
  const sigma = model.overallSd;

  const judges: JudgeExplanation[] = fig.reviews.map((s) => {
    const review = byPair.get(String(s.judgeId))!;
    const stats = model.judges.get(s.judgeId)!;
    const criteriaOut: CriterionExplanation[] = crit.map((c) => {
      const score = review.scores[c.id];
      const has = score !== undefined && Number.isFinite(score);
      const fraction = has ? (score - c.scaleMin) / (c.scaleMax - c.scaleMin) : null;
      const weighted = fraction === null ? null : fraction * c.weight;
      return {
        criterionId: c.id,
        name: c.name ?? `Criterion ${c.id}`,
        weight: c.weight,
        score: has ? score : null,
        scaleMin: c.scaleMin,
        scaleMax: c.scaleMax,
        fraction,
        weighted,
        text: has
          ? `${score} on ${c.scaleMin}–${c.scaleMax} → ${fmt(fraction!, 2)} × ${fmtWeight(c.weight)} = ${fmt(weighted!, 1)}`
          : "not scored (left out)",
      };
    });
    const used = criteriaOut.filter((c) => c.weighted !== null);
    const weightSum = used.reduce((sum, c) => sum + c.weight, 0);
    const percentText = `(${used.map((c) => fmt(c.weighted!, 1)).join(" + ")}) ÷ ${fmtWeight(weightSum)} × 100 = ${fmt(s.percent, 1)}`;
    const normalised = s.normalised;
    let z: number | null = null;
    let zText: string;
    let normalisedText: string;
    if (stats.method === "standardised") {
      z = (s.percent - stats.mean) / stats.sd;
      zText = `(${fmt(s.percent, 1)} ${MINUS} ${term(stats.mean, 1)}) ÷ ${fmt(stats.sd, 1)} = ${fmt(z, 2)}`;
      normalisedText = `${fmt(mu!, 1)} + ${fmt(sigma!, 1)} × ${term(z, 2)} = ${fmt(normalised, 1)}`;
    } else if (stats.method === "shifted") {
      zText = `this judge gave all ${stats.count} entries the same percent, so their scores are only shifted to the round's mean`;
      normalisedText = `${fmt(s.percent, 1)} ${MINUS} ${term(stats.mean, 1)} + ${fmt(mu!, 1)} = ${fmt(normalised, 1)}`;
    } else {
      zText = "this judge scored only this entry, so there is nothing to compare against: the percent is used as it is";
      normalisedText = `${fmt(normalised, 1)} (unchanged)`;
    }
    return {
      judgeId: s.judgeId,
      criteria: criteriaOut,
      percent: s.percent,
      percentText,
      judgeCount: stats.count,
      judgeMean: stats.mean,
      judgeSd: stats.sd,
      judgeStatsText: `mean of ${stats.count} ${stats.count === 1 ? "percent" : "percents"} = ${fmt(stats.mean, 1)}, SD = ${fmt(stats.sd, 1)}`,
      method: stats.method,
      z,
      zText,
      normalised,
      normalisedText,
    };
  });

  const raws = judges.map((j) => j.percent);
  return {
    entryId,
    reference: me.reference,
    rank: me.rank,
    entryCount: ranked.length,
    rankBy: options.rankBy,
    raw: me.raw,
    normalised: me.normalised,
    spread: me.spread,
    flagged: me.flagged,
    judgeCount: me.judgeCount,
    overallMean: mu,
    overallSd: sigma,
    overallText:
      mu === null
        ? "no submitted scores in the round yet"
        : `all ${model.scored.length} ${model.scored.length === 1 ? "percent" : "percents"} in the round: mean ${fmt(mu, 1)}, SD ${fmt(sigma!, 1)}`,
    judges,
    rawText: raws.length === 0 ? "no submitted scores" : meanText(raws, 1),
    normalisedText:
      raws.length === 0
        ? "no submitted scores"
        : meanText(
            judges.map((j) => j.normalised),
            1,
          ),
    spreadText:
      raws.length < 2
        ? "needs two or more judges"
        : `${fmt(Math.max(...raws), 1)} ${MINUS} ${fmt(Math.min(...raws), 1)} = ${fmt(me.spread!, 1)} (threshold ${fmtWeight(options.disagreementThreshold)})`,
    disagreementThreshold: options.disagreementThreshold,
    tieBreakRule: TIE_BREAK_RULE,
  };
}
