/** Words as GOV.UK Frontend's character count counts them: runs of non-space characters. */
export function countWords(text: string): number {
  const matches = text.match(/\S+/g);
  return matches ? matches.length : 0;
}

/**
 * "1 judge", "3 judges", "0 entries": a count with its noun in the right number. Pass the plural
 * when it is not the singular plus "s" ("entry", "entries").
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? singular : pluralForm}`;
}
