import { cleanText } from "./forms";

// What a person types into a search box, made safe to search with. Pure, so the same rules run
// in loaders, services and the browser.

/** Longest search kept; anything longer is cut (a title is at most a few hundred characters). */
export const MAX_SEARCH_LENGTH = 200;

/** Control characters gone, runs of white space made one space, trimmed and cut to length. */
export function normaliseSearch(text: string): string {
  return cleanText(text.slice(0, MAX_SEARCH_LENGTH * 4))
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, MAX_SEARCH_LENGTH);
}

/**
 * An ILIKE pattern matching the text anywhere, with `%`, `_` and `\` taken literally (PostgreSQL's
 * default escape character is the backslash).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
