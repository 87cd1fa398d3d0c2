import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  entryReferenceFromSearch,
  formatEntryReference,
  isEntryReference,
  parseEntryReference,
} from "../../app/domain/entry-reference";

describe("the entry reference format", () => {
  it("writes the nth entry as CRI- and at least four digits, as the database does", () => {
    expect(formatEntryReference(1)).toBe("CRI-0001");
    expect(formatEntryReference(42)).toBe("CRI-0042");
    expect(formatEntryReference(9999)).toBe("CRI-9999");
    // After CRI-9999 the database's next_entry_reference() makes CRI-10000 (it no longer wraps).
    expect(formatEntryReference(10000)).toBe("CRI-10000");
    expect(formatEntryReference(123456789)).toBe("CRI-123456789");
  });

  it("refuses numbers that are no entry's", () => {
    expect(() => formatEntryReference(-1)).toThrow(RangeError);
    expect(() => formatEntryReference(1.5)).toThrow(RangeError);
  });

  it("recognises only references exactly as stored", () => {
    for (const good of ["CRI-0042", "CRI-9999", "CRI-10000", "CRI-123456789"])
      expect(isEntryReference(good)).toBe(true);
    for (const bad of ["cri-0042", "CRI-42", "CRI-0042x", " CRI-0042", "CRI-1234567890", "0042", ""]) {
      expect(isEntryReference(bad)).toBe(false);
    }
  });
});

describe("entry references in addresses", () => {
  it("reads CRI references in any case and nothing else", () => {
    expect(parseEntryReference("cri-0042")).toBe("CRI-0042");
    expect(parseEntryReference("CRI-12345")).toBe("CRI-12345");
    expect(parseEntryReference("CRI-10000")).toBe("CRI-10000");
    for (const bad of ["CRI-42", "CRI-0042x", "0042", "CRI-0042/../x", "CRI 0042", "crı-0042", "", undefined, null]) {
      expect(parseEntryReference(bad)).toBeNull();
    }
  });

  it("reads back every reference it writes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => {
        const reference = formatEntryReference(n);
        expect(isEntryReference(reference)).toBe(true);
        expect(parseEntryReference(reference.toLowerCase())).toBe(reference);
      }),
    );
  });
});

describe("entry references in a search box", () => {
  it("reads cri-42, CRI 0042 and CRI-00042 as CRI-0042", () => {
    for (const typed of ["cri-42", "CRI 0042", "CRI-00042", " CRI-0042 ", "cri42"]) {
      expect(entryReferenceFromSearch(typed)).toBe("CRI-0042");
    }
    expect(entryReferenceFromSearch("cri-10000")).toBe("CRI-10000");
  });

  it("reads a number alone as a reference only where asked to", () => {
    expect(entryReferenceFromSearch("42")).toBeNull();
    expect(entryReferenceFromSearch("42", { bareNumber: true })).toBe("CRI-0042");
    expect(entryReferenceFromSearch("2021", { bareNumber: true })).toBe("CRI-2021");
  });

  it("reads words and over-long numbers as no reference", () => {
    for (const typed of ["community garden", "cri-", "cri-42a", "cri-1234567890", ""]) {
      expect(entryReferenceFromSearch(typed, { bareNumber: true })).toBeNull();
    }
  });
});
