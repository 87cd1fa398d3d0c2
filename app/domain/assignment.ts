// Judge assignment (issue 4): every entry gets k distinct judges, nobody gets an entry they are
// conflicted with, loads are balanced, and each judge's set is spread across priority areas.
//
// Formulation: a maximum flow in a layered network
//
//   source ──need_e──▶ entry e ──1──▶ (judge j, area of e) ──areaCap(j,a)──▶ judge j ──load──▶ sink
//
// An entry→(judge, area) arc exists only when the judge has no conflict with the entry and is not
// already assigned to it. A flow that saturates every source arc is an assignment; the caps on
// the other arcs carry the balance rules. Flow algorithms are exact, so "no assignment exists"
// is only reported when none does (the minimum cut then names the entries that cannot be served).
//
// THE RULES (what a successful result guarantees)
//
// 1. Every entry has exactly k distinct judges (more only if `existing` already gave it more:
//    kept pairs are never removed). No pair in `conflicts` is assigned. No judge exceeds `cap`.
//
// 2. Loads ("water level"). Let ex_j be judge j's kept load and c_j its cap (∞ if none). The
//    level L is the largest integer with Σ_j (max(ex_j, min(c_j, L)) − ex_j) ≤ the new places
//    needed. Each judge then ends with a total load between max(ex_j, min(c_j, L)) and
//    max(ex_j, min(c_j, L + 1)) (exactly the lower figure when the places run out at L itself,
//    i.e. the sum above equals the places needed). So, with no caps and nothing kept, loads differ by at most one;
//    with caps, judges whose cap is above the level differ by at most one and capped judges sit
//    at their cap; with kept pairs, new work goes to the least-loaded judges, judges already
//    above the level get nothing new, and every other judge ends within one of the level.
//    If conflicts make this impossible the result is an error saying so — except when `existing`
//    is given (a judge dropped out): then the bounds are relaxed step by step (the maximum load
//    is raised one at a time) so the gaps are still filled, and `balanced` is false.
//
// 3. Priority-area spread. Let T be all judge places (Σ over entries of max(k, kept)), S_a the
//    places of area a's entries (entries with no area form one group of their own), and h_j the
//    judge's maximum load from rule 2 (its upper figure). A judge's share of area a is h_j · S_a / T; no judge gets
//    more than ⌈h_j · S_a / T⌉ + areaSlack entries from area a. areaSlack is the smallest value
//    (0, 1, 2, ...) for which an assignment satisfying rules 1–2 exists, so it is 0 whenever the
//    conflicts allow; with no conflicts and no kept pairs it is always 0 (the fractional solution
//    giving every judge exactly their share is feasible, and flows have integral optima).
//    Reported in the result as `areaSlack`.
//
// 4. Deterministic: inputs are de-duplicated and sorted by id, and the order in which an entry
//    tries judges is a fixed shuffle seeded by the entry id (so panels mix instead of the same
//    three judges sharing every entry, which the normalisation in ranking.ts relies on). The same
//    input in any order gives the same output.

export interface AssignmentEntry {
  id: number;
  priorityAreaId: number | null;
}
export interface AssignmentJudge {
  id: number;
  /** The most entries (kept plus new) this judge may have; null or absent for no cap. */
  cap?: number | null;
}
export interface AssignmentPair {
  judgeId: number;
  entryId: number;
}
export interface AssignmentInput {
  entries: AssignmentEntry[];
  judges: AssignmentJudge[];
  judgesPerEntry: number;
  conflicts: AssignmentPair[];
  /** Pairs that must be kept (a judge has scored); they count towards k and towards loads. */
  existing?: AssignmentPair[];
}
export type AssignmentResult =
  | {
      ok: true;
      /** The full assignment, kept pairs included, sorted by entryId then judgeId. */
      pairs: AssignmentPair[];
      /** Total entries per judge (kept plus new), for every judge given and every judge in `existing`. */
      loads: Record<number, number>;
      /** Only the pairs added by this run (not in `existing`), sorted like `pairs`. */
      added: AssignmentPair[];
      /** Rule 2 held exactly. Always true when there were no kept pairs (otherwise an error). */
      balanced: boolean;
      /** The water level L of rule 2: loads are L or L + 1 for judges not held by caps or kept work. */
      level: number;
      /**
       * Rule 3's slack: 0 means every judge's area counts are within their rounded-up share.
       * null when a relaxed (drop-out) run had to stop enforcing the area spread.
       */
      areaSlack: number | null;
    }
  | { ok: false; reason: string; entryIds: number[] };

// ---------------------------------------------------------------------------------------------
// Max flow (Dinic) on typed arrays. Capacities can be raised between runs and the flow carries on
// from where it was, which the phases below rely on.

class FlowNetwork {
  head: Int32Array;
  private to: Int32Array;
  private next: Int32Array;
  cap: Int32Array;
  private edgeCount = 0;
  private level: Int32Array;
  private iter: Int32Array;
  private queue: Int32Array;

  constructor(
    readonly nodeCount: number,
    maxEdges: number,
  ) {
    this.head = new Int32Array(nodeCount).fill(-1);
    this.to = new Int32Array(maxEdges * 2);
    this.next = new Int32Array(maxEdges * 2);
    this.cap = new Int32Array(maxEdges * 2);
    this.level = new Int32Array(nodeCount);
    this.iter = new Int32Array(nodeCount);
    this.queue = new Int32Array(nodeCount);
  }

  /** Adds u→v with capacity c; returns the edge index (its reverse is index ^ 1). */
  addEdge(u: number, v: number, c: number): number {
    const e = this.edgeCount;
    this.to[e] = v;
    this.cap[e] = c;
    this.next[e] = this.head[u]!;
    this.head[u] = e;
    this.to[e + 1] = u;
    this.cap[e + 1] = 0;
    this.next[e + 1] = this.head[v]!;
    this.head[v] = e + 1;
    this.edgeCount += 2;
    return e;
  }

  target(e: number): number {
    return this.to[e]!;
  }
  nextEdge(e: number): number {
    return this.next[e]!;
  }
  /** Flow on a forward edge = capacity of its reverse edge. */
  flow(e: number): number {
    return this.cap[e ^ 1]!;
  }
  raise(e: number, by: number): void {
    this.cap[e] = this.cap[e]! + by;
  }

  /** Pushes as much extra flow as possible from s to t; returns the amount pushed. */
  maxFlow(s: number, t: number): number {
    let total = 0;
    while (this.bfs(s, t)) {
      this.iter.set(this.head);
      for (;;) {
        const pushed = this.augment(s, t);
        if (pushed === 0) break;
        total += pushed;
      }
    }
    return total;
  }

  /** Nodes reachable from s in the residual network (the source side of a minimum cut). */
  reachable(s: number): Uint8Array {
    const seen = new Uint8Array(this.nodeCount);
    const queue = this.queue;
    let qh = 0;
    let qt = 0;
    queue[qt++] = s;
    seen[s] = 1;
    while (qh < qt) {
      const u = queue[qh++]!;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        const v = this.to[e]!;
        if (this.cap[e]! > 0 && !seen[v]) {
          seen[v] = 1;
          queue[qt++] = v;
        }
      }
    }
    return seen;
  }

  private bfs(s: number, t: number): boolean {
    const level = this.level;
    level.fill(-1);
    const queue = this.queue;
    let qh = 0;
    let qt = 0;
    queue[qt++] = s;
    level[s] = 0;
    while (qh < qt) {
      const u = queue[qh++]!;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        const v = this.to[e]!;
        if (this.cap[e]! > 0 && level[v]! < 0) {
          level[v] = level[u]! + 1;
          queue[qt++] = v;
        }
      }
    }
    return level[t]! >= 0;
  }

  // Iterative depth-first search along the level graph: paths in the residual network can be
  // thousands of arcs long, too deep for recursion.
  private pathEdges: number[] = [];
  private augment(s: number, t: number): number {
    const path = this.pathEdges;
    path.length = 0;
    const level = this.level;
    const iter = this.iter;
    let u = s;
    for (;;) {
      if (u === t) {
        let bottleneck = Infinity;
        for (const e of path) bottleneck = Math.min(bottleneck, this.cap[e]!);
        for (const e of path) {
          this.cap[e] = this.cap[e]! - bottleneck;
          this.cap[e ^ 1] = this.cap[e ^ 1]! + bottleneck;
        }
        return bottleneck;
      }
      let e = iter[u]!;
      while (e !== -1) {
        const v = this.to[e]!;
        if (this.cap[e]! > 0 && level[v] === level[u]! + 1) break;
        e = this.next[e]!;
      }
      iter[u] = e;
      if (e !== -1) {
        path.push(e);
        u = this.to[e]!;
        continue;
      }
      // Dead end: no augmenting path through u in this phase.
      level[u] = -1;
      if (path.length === 0) return 0;
      const back = path.pop()!;
      u = this.to[back ^ 1]!;
      iter[u] = this.next[iter[u]!]!;
    }
  }
}

// ---------------------------------------------------------------------------------------------

const NO_AREA = -1;
/** Effectively unbounded, while keeping Int32 arithmetic safe. */
const BIG = 1 << 29;

function pairKey(judgeIndex: number, entryIndex: number, entryCount: number): number {
  return judgeIndex * entryCount + entryIndex;
}

/** A small fixed pseudo-random sequence (mulberry32) so each entry tries judges in its own order. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "1, 2 and 3", or "1, 2, 3 and 7 others" for long lists. */
export function listIds(ids: number[], shown = 5): string {
  if (ids.length === 0) return "";
  if (ids.length === 1) return String(ids[0]);
  if (ids.length <= shown) return `${ids.slice(0, -1).join(", ")} and ${ids[ids.length - 1]}`;
  return `${ids.slice(0, shown).join(", ")} and ${ids.length - shown} others`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function fail(reason: string, entryIds: number[] = []): AssignmentResult {
  return { ok: false, reason, entryIds: [...entryIds].sort((a, b) => a - b) };
}

export function assignJudges(input: AssignmentInput): AssignmentResult {
  const k = input.judgesPerEntry;
  if (!Number.isInteger(k) || k < 1) {
    return fail(`The number of judges per entry must be a whole number of at least 1 (it is ${k}).`);
  }

  // De-duplicate and sort so the result does not depend on input order.
  const entries = dedupeById(
    [...input.entries].sort((a, b) => a.id - b.id || (a.priorityAreaId ?? NO_AREA) - (b.priorityAreaId ?? NO_AREA)),
  );
  const judges = dedupeById([...input.judges].sort((a, b) => a.id - b.id || (a.cap ?? BIG) - (b.cap ?? BIG)));
  const E = entries.length;
  const n = judges.length;
  const entryIndex = new Map(entries.map((e, i) => [e.id, i]));
  const judgeIndex = new Map(judges.map((j, i) => [j.id, i]));

  for (const j of judges) {
    if (j.cap != null && (!Number.isInteger(j.cap) || j.cap < 0)) {
      return fail(`Judge ${j.id}'s cap must be a whole number of 0 or more (it is ${j.cap}).`);
    }
  }

  // Kept pairs: by judges still on the panel (count towards loads) or by judges who have left but
  // whose submitted scores stand (count towards the entry's k only).
  const existingKeys = new Set<number>();
  const keptByEntry = new Int32Array(E);
  const keptByJudge = new Int32Array(n);
  const keptPairs: AssignmentPair[] = [];
  const offPanelKept = new Map<string, AssignmentPair>();
  const seenOffPanel = new Set<string>();
  for (const p of input.existing ?? []) {
    const ei = entryIndex.get(p.entryId);
    if (ei === undefined) {
      return fail(`A kept assignment refers to entry ${p.entryId}, which is not in the list of entries.`, [p.entryId]);
    }
    const ji = judgeIndex.get(p.judgeId);
    if (ji === undefined) {
      const key = `${p.judgeId}:${p.entryId}`;
      if (!seenOffPanel.has(key)) {
        seenOffPanel.add(key);
        offPanelKept.set(key, { judgeId: p.judgeId, entryId: p.entryId });
        keptByEntry[ei]!++;
      }
      continue;
    }
    const key = pairKey(ji, ei, E);
    if (existingKeys.has(key)) continue;
    existingKeys.add(key);
    keptByEntry[ei]!++;
    keptByJudge[ji]!++;
    keptPairs.push({ judgeId: p.judgeId, entryId: p.entryId });
  }
  keptPairs.push(...offPanelKept.values());

  const conflictKeys = new Set<number>();
  for (const c of input.conflicts) {
    const ei = entryIndex.get(c.entryId);
    const ji = judgeIndex.get(c.judgeId);
    if (ei === undefined || ji === undefined) continue;
    const key = pairKey(ji, ei, E);
    if (existingKeys.has(key)) {
      return fail(
        `Judge ${c.judgeId} has declared a conflict with entry ${c.entryId} but is still assigned to it. Remove that assignment first.`,
        [c.entryId],
      );
    }
    conflictKeys.add(key);
  }

  const need = new Int32Array(E);
  let demand = 0;
  for (let i = 0; i < E; i++) {
    need[i] = Math.max(0, k - keptByEntry[i]!);
    demand += need[i]!;
  }

  let mostNeeded = 0;
  for (let i = 0; i < E; i++) mostNeeded = Math.max(mostNeeded, need[i]!);
  if (mostNeeded > n) {
    return fail(
      `Each entry needs ${plural(k, "judge", "judges")}, but only ${plural(n, "judge is", "judges are")} available. Invite more judges or lower the number of judges per entry.`,
      entries.filter((_, i) => need[i]! > n).map((e) => e.id),
    );
  }

  // Room each judge has for new entries, under their cap and their kept work.
  const room = new Array<number>(n);
  for (let j = 0; j < n; j++) {
    const cap = judges[j]!.cap;
    room[j] = cap == null ? BIG : Math.max(0, cap - keptByJudge[j]!);
  }

  // Entries that cannot get k judges even if every judge had unlimited time.
  const short: number[] = [];
  let worst = { id: 0, available: 0 };
  for (let i = 0; i < E; i++) {
    if (need[i] === 0) continue;
    let available = 0;
    for (let j = 0; j < n; j++) {
      const key = pairKey(j, i, E);
      if (!conflictKeys.has(key) && !existingKeys.has(key) && room[j]! > 0) available++;
    }
    if (available < need[i]!) {
      if (short.length === 0) worst = { id: entries[i]!.id, available: available + keptByEntry[i]! };
      short.push(entries[i]!.id);
    }
  }
  if (short.length > 0) {
    const first = `Entry ${worst.id} has only ${plural(worst.available, "judge", "judges")} without a conflict${anyCaps(judges) ? " and with room under their cap" : ""}, but each entry needs ${k}.`;
    const rest =
      short.length > 1 ? ` ${short.length} entries are short of judges in the same way: ${listIds(short)}.` : "";
    return fail(first + rest + " Invite more judges, or check the declared conflicts.", short);
  }

  let totalRoom = 0;
  for (let j = 0; j < n; j++) totalRoom = Math.min(BIG, totalRoom + room[j]!);
  if (totalRoom < demand) {
    return fail(
      `The judges' caps leave room for ${plural(totalRoom, "more entry", "more entries")} in total, but ${demand} judge places are still needed. Raise some caps or invite more judges.`,
    );
  }

  if (demand === 0) return success(judges, keptPairs, [], keptByJudge, true, 0, 0);

  // Rule 2: the water level.
  const lowAt = (level: number, j: number) => Math.min(room[j]!, Math.max(0, level - keptByJudge[j]!));
  const sumLowAt = (level: number) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += lowAt(level, j);
    return s;
  };
  let lo = 0;
  let hi = demand + Math.max(0, ...Array.from(keptByJudge)) + 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (sumLowAt(mid) <= demand) lo = mid;
    else hi = mid - 1;
  }
  const level = lo;
  const lower = judges.map((_, j) => lowAt(level, j));
  // When the places divide exactly at the level, nobody goes above it.
  const upper = judges.map((_, j) => (sumLowAt(level) === demand ? lower[j]! : lowAt(level + 1, j)));

  // Rule 3: area shares, counted over all places including kept ones.
  const areaOf = entries.map((e) => e.priorityAreaId ?? NO_AREA);
  const areaIds = [...new Set(areaOf)].sort((a, b) => a - b);
  const areaIndex = new Map(areaIds.map((a, i) => [a, i]));
  const A = areaIds.length;
  const placesInArea = new Array<number>(A).fill(0);
  let allPlaces = 0;
  for (let i = 0; i < E; i++) {
    const places = Math.max(k, keptByEntry[i]!);
    placesInArea[areaIndex.get(areaOf[i]!)!]! += places;
    allPlaces += places;
  }
  const keptInArea = new Int32Array(n * A);
  for (const p of keptPairs) {
    const ji = judgeIndex.get(p.judgeId);
    if (ji === undefined) continue;
    keptInArea[ji * A + areaIndex.get(areaOf[entryIndex.get(p.entryId)!]!)!]!++;
  }
  const maxLoad = judges.map((_, j) => keptByJudge[j]! + upper[j]!);
  const areaShareCap = (j: number, a: number) => Math.ceil((maxLoad[j]! * placesInArea[a]!) / allPlaces);
  const areaCapacity = (j: number, a: number, slack: number) =>
    Math.max(0, Math.min(BIG, areaShareCap(j, a) + slack) - keptInArea[j * A + a]!);

  // Build the network. Nodes: 0 source, 1 sink, entries, judge×area, judges.
  const SOURCE = 0;
  const SINK = 1;
  const entryNode = (i: number) => 2 + i;
  const judgeAreaNode = (j: number, a: number) => 2 + E + j * A + a;
  const judgeNode = (j: number) => 2 + E + n * A + j;
  const nodeCount = 2 + E + n * A + n;
  const net = new FlowNetwork(nodeCount, E + E * n + n * A + n);

  for (let i = 0; i < E; i++) if (need[i]! > 0) net.addEdge(SOURCE, entryNode(i), need[i]!);
  const order = judges.map((_, j) => j);
  const entryArcs: Array<{ entry: number; judge: number; edge: number }> = [];
  for (let i = 0; i < E; i++) {
    if (need[i] === 0) continue;
    const random = seededRandom(entries[i]!.id * 2654435761);
    for (let x = n - 1; x > 0; x--) {
      const y = Math.floor(random() * (x + 1));
      const t = order[x]!;
      order[x] = order[y]!;
      order[y] = t;
    }
    const a = areaIndex.get(areaOf[i]!)!;
    for (const j of order) {
      const key = pairKey(j, i, E);
      if (room[j] === 0) continue;
      if (conflictKeys.has(key) || existingKeys.has(key)) continue;
      entryArcs.push({ entry: i, judge: j, edge: net.addEdge(entryNode(i), judgeAreaNode(j, a), 1) });
    }
  }
  const areaEdges = new Int32Array(n * A).fill(-1);
  const areaCapNow = new Int32Array(n * A);
  for (let j = 0; j < n; j++) {
    for (let a = 0; a < A; a++) {
      areaCapNow[j * A + a] = areaCapacity(j, a, 0);
      areaEdges[j * A + a] = net.addEdge(judgeAreaNode(j, a), judgeNode(j), areaCapNow[j * A + a]!);
    }
  }
  const sinkEdges = judges.map((_, j) => net.addEdge(judgeNode(j), SINK, lower[j]!));
  const sinkCap = [...lower];

  let slack = 0;
  const maxSlack = Math.max(0, ...maxLoad);
  const setSlack = (s: number) => {
    slack = s;
    for (let j = 0; j < n; j++) {
      for (let a = 0; a < A; a++) {
        const c = areaCapacity(j, a, s);
        const delta = c - areaCapNow[j * A + a]!;
        if (delta > 0) {
          net.raise(areaEdges[j * A + a]!, delta);
          areaCapNow[j * A + a] = c;
        }
      }
    }
  };
  const setSinkCaps = (caps: number[]) => {
    for (let j = 0; j < n; j++) {
      const delta = caps[j]! - sinkCap[j]!;
      if (delta > 0) {
        net.raise(sinkEdges[j]!, delta);
        sinkCap[j] = caps[j]!;
      }
    }
  };

  const relaxed = (input.existing?.length ?? 0) > 0;
  let balanced = true;

  // Phase 1: every judge reaches their lower bound. Judge→sink flows never fall when the flow is
  // augmented later (an augmenting path ends at the sink and never passes through it), so lower
  // bounds met here stay met.
  const lowerTotal = lower.reduce((s, x) => s + x, 0);
  let flow = net.maxFlow(SOURCE, SINK);
  while (flow < lowerTotal && slack < maxSlack) {
    setSlack(slack + 1);
    flow += net.maxFlow(SOURCE, SINK);
  }
  if (flow < lowerTotal) {
    if (!relaxed) {
      const infeasible = explainShortfall(input, entries, judges, k);
      if (infeasible) return infeasible;
      const starved = judges.filter((_, j) => net.flow(sinkEdges[j]!) < lower[j]!).map((j) => j.id);
      return fail(
        `No assignment gives every judge a balanced load: with the declared conflicts, ${starved.length === 1 ? "judge" : "judges"} ${listIds(starved)} cannot be given ${plural(level, "entry", "entries")}, the fewest each judge needs for loads to differ by at most one. Review the conflicts, or set caps for ${starved.length === 1 ? "that judge" : "those judges"}.`,
      );
    }
    balanced = false;
  }

  // Phase 2: fill up to the upper bounds.
  setSinkCaps(upper);
  flow += net.maxFlow(SOURCE, SINK);
  while (flow < demand && slack < maxSlack) {
    setSlack(slack + 1);
    flow += net.maxFlow(SOURCE, SINK);
  }

  if (flow < demand && relaxed) {
    // A judge dropped out and the balanced bounds cannot absorb the gaps: raise everyone's
    // maximum one at a time (within caps) until they can.
    balanced = false;
    setSlack(BIG);
    let extra = 1;
    while (flow < demand) {
      const caps = judges.map((_, j) => Math.min(room[j]!, upper[j]! + extra));
      if (caps.every((c, j) => c === sinkCap[j])) break;
      setSinkCaps(caps);
      flow += net.maxFlow(SOURCE, SINK);
      extra = extra < 64 ? extra + 1 : extra * 2;
    }
  }

  if (flow < demand) {
    const infeasible = explainShortfall(input, entries, judges, k);
    if (infeasible) return infeasible;
    // Only reachable without kept pairs: with them the bounds are relaxed until this succeeds.
    return fail(
      `An assignment that respects the conflicts exists, but not one where judges' loads differ by at most one (${level} or ${level + 1} entries each): the conflicts leave too few judges for some entries, so those judges would need more. Set caps for the judges concerned, or review the conflicts.`,
    );
  }

  const added: AssignmentPair[] = [];
  for (const arc of entryArcs) {
    if (net.flow(arc.edge) > 0) added.push({ judgeId: judges[arc.judge]!.id, entryId: entries[arc.entry]!.id });
  }
  return success(judges, keptPairs, added, keptByJudge, balanced, level, slack >= BIG ? null : slack);
}

function anyCaps(judges: AssignmentJudge[]): boolean {
  return judges.some((j) => j.cap != null);
}

function dedupeById<T extends { id: number }>(sorted: T[]): T[] {
  const out: T[] = [];
  for (const item of sorted) if (out.length === 0 || out[out.length - 1]!.id !== item.id) out.push(item);
  return out;
}

function success(
  judges: AssignmentJudge[],
  kept: AssignmentPair[],
  added: AssignmentPair[],
  keptByJudge: Int32Array,
  balanced: boolean,
  level: number,
  areaSlack: number | null,
): AssignmentResult {
  const byEntryThenJudge = (a: AssignmentPair, b: AssignmentPair) => a.entryId - b.entryId || a.judgeId - b.judgeId;
  added.sort(byEntryThenJudge);
  const pairs = [...kept, ...added].sort(byEntryThenJudge);
  const loads: Record<number, number> = {};
  judges.forEach((j, i) => (loads[j.id] = keptByJudge[i]!));
  const onPanel = new Set(judges.map((j) => j.id));
  for (const p of kept) if (!onPanel.has(p.judgeId)) loads[p.judgeId] = (loads[p.judgeId] ?? 0) + 1;
  for (const p of added) loads[p.judgeId]!++;
  return { ok: true, pairs, loads, added, balanced, level, areaSlack };
}

/**
 * The balanced network could not place everyone. Find out whether any assignment at all exists
 * (caps and conflicts only; null if one does), and if not name the entries on the source side of the minimum cut: they
 * need more places than the judges able to take them have room for (Hall's condition).
 */
function explainShortfall(
  input: AssignmentInput,
  entries: AssignmentEntry[],
  judges: AssignmentJudge[],
  k: number,
): AssignmentResult | null {
  const E = entries.length;
  const n = judges.length;
  const entryIndex = new Map(entries.map((e, i) => [e.id, i]));
  const judgeIndex = new Map(judges.map((j, i) => [j.id, i]));
  const blocked = new Set<number>();
  const kept = new Int32Array(E);
  const keptJ = new Int32Array(n);
  const seen = new Set<string>();
  for (const p of input.existing ?? []) {
    const ei = entryIndex.get(p.entryId)!;
    const key = `${p.judgeId}:${p.entryId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept[ei]!++;
    const ji = judgeIndex.get(p.judgeId);
    if (ji !== undefined) {
      keptJ[ji]!++;
      blocked.add(pairKey(ji, ei, E));
    }
  }
  for (const c of input.conflicts) {
    const ei = entryIndex.get(c.entryId);
    const ji = judgeIndex.get(c.judgeId);
    if (ei !== undefined && ji !== undefined) blocked.add(pairKey(ji, ei, E));
  }
  const net = new FlowNetwork(2 + E + n, E + E * n + n);
  let demand = 0;
  for (let i = 0; i < E; i++) {
    const need = Math.max(0, k - kept[i]!);
    demand += need;
    if (need > 0) net.addEdge(0, 2 + i, need);
  }
  for (let i = 0; i < E; i++) {
    for (let j = 0; j < n; j++) if (!blocked.has(pairKey(j, i, E))) net.addEdge(2 + i, 2 + E + j, 1);
  }
  const room = judges.map((j, ji) => (j.cap == null ? BIG : Math.max(0, j.cap - keptJ[ji]!)));
  judges.forEach((_, j) => net.addEdge(2 + E + j, 1, room[j]!));
  const flow = net.maxFlow(0, 1);
  if (flow >= demand) return null;
  const side = net.reachable(0);
  const stuck: number[] = [];
  for (let i = 0; i < E; i++) if (side[2 + i]) stuck.push(entries[i]!.id);
  const helpers: number[] = [];
  let helperRoom = 0;
  for (let j = 0; j < n; j++) {
    if (side[2 + E + j]) {
      helpers.push(judges[j]!.id);
      helperRoom += room[j]!;
    }
  }
  let stuckNeed = 0;
  for (const id of stuck) stuckNeed += Math.max(0, k - kept[entryIndex.get(id)!]!);
  return fail(
    `No assignment satisfies the conflicts and caps. Entries ${listIds(stuck)} need ${stuckNeed} judge places between them, but the only judges without a conflict for them (${helpers.length === 0 ? "none" : `judges ${listIds(helpers)}`}) have room for ${helperRoom} under their caps. Raise those caps or invite more judges.`,
    stuck,
  );
}
