// The entry reference people quote (CRI-0042), in one place: its pattern, how it is written from
// the database's sequence number, how it is read from an address, and how it is read from what
// someone typed into a search box.
//
// The database makes the references (next_entry_reference(): "CRI-" and the number padded to at
// least four digits, so CRI-9999 is followed by CRI-10000) and checks them ('^CRI-[0-9]{4,}$').
// Nine digits at most here: more than any challenge will see, and it keeps a typed number a safe
// integer.

/** A reference as the database makes it: CRI- and four to nine digits. */
export const ENTRY_REFERENCE_PATTERN = /^CRI-[0-9]{4,9}$/;

const ANY_CASE = new RegExp(ENTRY_REFERENCE_PATTERN.source, "i");
const MAX_DIGITS = 9;

/** Exactly a reference as the database stores it (upper case, no spaces). */
export function isEntryReference(text: string): boolean {
  return ENTRY_REFERENCE_PATTERN.test(text);
}

/** The reference of the nth entry: 42 is CRI-0042, 10000 is CRI-10000. */
export function formatEntryReference(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Not an entry number: ${n}`);
  return `CRI-${String(n).padStart(4, "0")}`;
}

/**
 * A reference in an address, as people type it: "cri-0042" is CRI-0042; anything that is not a
 * whole reference (CRI-42, 0042, CRI-0042x) is no entry, so the page is a 404.
 */
export function parseEntryReference(value: string | undefined | null): string | null {
  const text = (value ?? "").trim();
  return ANY_CASE.test(text) ? text.toUpperCase() : null;
}

/**
 * A reference in what someone typed into a search box: "cri-42", "CRI 0042" and "CRI-00042" all
 * mean CRI-0042. With `bareNumber`, "42" alone means it too (the staff list, whose search is
 * mostly references; a council officer's search is mostly words and years). Null when the text
 * cannot be a reference.
 */
export function entryReferenceFromSearch(text: string, options: { bareNumber?: boolean } = {}): string | null {
  const prefix = options.bareNumber ? "(?:cri)?" : "cri";
  const match = new RegExp(`^${prefix}[\\s-]*0*([0-9]{1,${MAX_DIGITS}})$`, "i").exec(text.trim());
  return match ? formatEntryReference(Number(match[1])) : null;
}
