// Invisible characters that change how text looks without being seen themselves. People paste
// them by accident (from word processors, chat apps, web pages) and attackers type them on
// purpose: a right-to-left override makes "CRI-0042 ‮txt.exe" read differently on a staff page
// or in a CSV export than what is stored, and zero-width characters make two organisations
// whose names look identical compare different. Both functions are pure and keep every real
// letter of every script (Arabic, Hebrew, CJK, Devanagari, Welsh diacritics, emoji).
//
// Two strengths:
// - cleanSingleLine: names, titles, organisation names and every other one-line answer. These
//   are shown inline, sorted, searched and compared, so nothing invisible survives except the
//   joiners that real words and emoji need.
// - cleanMultiLine: paragraphs (descriptions, notes, entry sections). Only the controls that can
//   disguise text go; the marks writers of right-to-left languages legitimately use between a
//   sentence and its punctuation (LRM, RLM, ALM) and soft hyphens stay.

/**
 * Bidirectional embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI,
 * PDI). They reorder the characters that follow them, which is how "Trojan Source" style text
 * hides what it says. Their effect can leak past the field into the rest of the line.
 */
const DIRECTIONAL_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Characters with no visible form and no place anywhere in typed text: zero width space, word
 * joiner, invisible mathematical operators, the deprecated format characters U+206A-U+206F,
 * byte order mark (a "zero width no-break space" when pasted mid-text) and interlinear
 * annotation controls.
 */
const INVISIBLE_EVERYWHERE = /[\u200B\u2060-\u2064\u206A-\u206F\uFEFF\uFFF9-\uFFFB]/g;

/**
 * Further invisibles removed from one-line text: the directional marks (LRM, RLM, ALM), which
 * only move neutral characters such as brackets and digits and make identical-looking names
 * differ; soft hyphens (a hyphenation hint that a name never needs); and the Hangul fillers
 * U+3164/U+FFA0 (compatibility characters that modern Korean never needs, used to make
 * "blank" names that look empty).
 */
const INVISIBLE_IN_ONE_LINE = /[\u200E\u200F\u061C\u00AD\u3164\uFFA0]/g;

/**
 * Joiners that real text needs between two characters: ZWNJ and ZWJ (Persian, Indic scripts,
 * emoji sequences such as 👩‍💻) and the Mongolian vowel separator. Anywhere else (at the start
 * or end, next to a space, doubled) they do nothing visible, so they go.
 */
// An alternation, not a class: a ZWJ inside a character class reads as a joined sequence.
const JOINER = /\u200C|\u200D|\u180E/u;
// Emoji_Component covers skin tones and the emoji variation selector (and the joiners
// themselves, hence the separate check below).
const JOINS = /[\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Component}]/u;
const joins = (char: string | undefined) => char !== undefined && !JOINER.test(char) && JOINS.test(char);

/**
 * Tag characters spell out the subdivision flags (England 🏴󠁧󠁢󠁥󠁮󠁧󠁿, Scotland, Wales): black flag,
 * tag letters, cancel tag. Outside such a sequence they are invisible text smuggling.
 */
const FLAG_TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;
const TAG_CHARACTERS = /[\u{E0000}-\u{E007F}]/gu;

// Line and paragraph breaks, in every form a script might send them.
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;

function removeStrayTags(text: string): string {
  let result = "";
  let last = 0;
  for (const match of text.matchAll(FLAG_TAG_SEQUENCE)) {
    result += text.slice(last, match.index).replace(TAG_CHARACTERS, "") + match[0];
    last = match.index + match[0].length;
  }
  return result + text.slice(last).replace(TAG_CHARACTERS, "");
}

function keepJoinersBetweenCharacters(text: string): string {
  if (!JOINER.test(text)) return text;
  const chars = Array.from(text);
  const kept: string[] = [];
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i]!;
    if (JOINER.test(char)) {
      const before = kept[kept.length - 1];
      const after = chars[i + 1];
      // Judged against what is kept so far, so of a doubled joiner only the last one stays.
      if (!joins(before) || !joins(after)) continue;
    }
    kept.push(char);
  }
  return kept.join("");
}

/**
 * Text from a paragraph field, cleaned of what can disguise it: directional overrides,
 * embeddings and isolates, zero width spaces and other invisible format characters, and
 * stray tag characters. Normalised to NFC so the same words are stored the same way however
 * the keyboard composed them. Line breaks, tabs, spacing, LRM/RLM, soft hyphens and joiners
 * between characters are kept.
 */
export function cleanMultiLine(text: string): string {
  const stripped = removeStrayTags(text.replace(DIRECTIONAL_CONTROLS, "").replace(INVISIBLE_EVERYWHERE, ""));
  return keepJoinersBetweenCharacters(stripped).normalize("NFC");
}

/**
 * A one-line answer (a name, a title, an organisation's name): cleaned as a paragraph is, then
 * without directional marks, soft hyphens and Hangul fillers, with line breaks and tabs as
 * spaces, runs of spaces as one, and no spaces at either end.
 */
export function cleanSingleLine(text: string): string {
  const cleaned = cleanMultiLine(text.replace(INVISIBLE_IN_ONE_LINE, "").replace(LINE_BREAKS, " "));
  // Removing a joiner can leave two spaces side by side, hence collapsing after cleaning.
  return cleaned.replace(/ {2,}/g, " ").trim();
}
