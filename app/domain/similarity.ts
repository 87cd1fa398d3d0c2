// Spotting possible duplicate entries: the same organisation submitting near-identical titles.

function normalise(title: string): string[] {
  return title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9\s]/g, " ")
    .split(/\s+/)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w));
}

const STOP_WORDS = new Set(["a", "an", "the", "and", "of", "for", "in", "to", "our", "with", "on"]);

function bigrams(words: string[]): Set<string> {
  const text = words.join(" ");
  const grams = new Set<string>();
  for (let i = 0; i < text.length - 1; i++) grams.add(text.slice(i, i + 2));
  return grams;
}

/** Sørensen–Dice similarity of two titles' character bigrams, 0 (nothing shared) to 1 (same). */
export function titleSimilarity(a: string, b: string): number {
  const x = bigrams(normalise(a));
  const y = bigrams(normalise(b));
  if (x.size === 0 && y.size === 0) return 1;
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

export const DUPLICATE_THRESHOLD = 0.8;

export interface TitledEntry {
  id: number;
  organisationId: number;
  title: string;
}

/** Pairs of entries from the same organisation whose titles are near-identical. */
export function possibleDuplicates(
  entries: readonly TitledEntry[],
  threshold = DUPLICATE_THRESHOLD,
): [number, number][] {
  const byOrg = new Map<number, TitledEntry[]>();
  for (const e of entries) {
    const list = byOrg.get(e.organisationId) ?? [];
    list.push(e);
    byOrg.set(e.organisationId, list);
  }
  const pairs: [number, number][] = [];
  for (const list of byOrg.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (titleSimilarity(list[i]!.title, list[j]!.title) >= threshold) {
          pairs.push([Math.min(list[i]!.id, list[j]!.id), Math.max(list[i]!.id, list[j]!.id)]);
        }
      }
    }
  }
  return pairs;
}
