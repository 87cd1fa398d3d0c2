import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildIcs, escapeText, foldLine, icsDateTime } from "../../app/domain/ics";

const EVENT = {
  uid: "masterclass-place-42@cric.example",
  stamp: new Date("2027-05-01T08:00:00.123Z"),
  // 10am to 1pm on 3 June 2027 in London (BST, UTC+1).
  start: new Date("2027-06-03T09:00:00Z"),
  end: new Date("2027-06-03T12:00:00Z"),
  summary: "Masterclass: business planning, pricing; growth",
  description: "Bring your plan.\nLunch is provided",
  location: "The Exchange, 3 Centenary Square, Birmingham",
};

describe("buildIcs", () => {
  it("writes one VEVENT with UTC times, escaped text and CRLF line endings", () => {
    const text = buildIcs(EVENT);
    expect(text).toBe(
      [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Community Recovery Innovation Challenge//Masterclass//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        "UID:masterclass-place-42@cric.example",
        "DTSTAMP:20270501T080000Z",
        "DTSTART:20270603T090000Z",
        "DTEND:20270603T120000Z",
        "SUMMARY:Masterclass: business planning\\, pricing\\; growth",
        "DESCRIPTION:Bring your plan.\\nLunch is provided",
        "LOCATION:The Exchange\\, 3 Centenary Square\\, Birmingham",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
      ].join("\r\n"),
    );
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("puts an online link in URL, unescaped, and leaves out an absent location", () => {
    const text = buildIcs({ ...EVENT, description: undefined, location: null, url: "https://meet.example.org/a,b;c" });
    expect(text).toContain("\r\nURL:https://meet.example.org/a,b;c\r\n");
    expect(text).not.toContain("LOCATION");
    expect(text).not.toContain("DESCRIPTION");
  });

  it("refuses an event that ends before it starts", () => {
    expect(() => buildIcs({ ...EVENT, end: EVENT.start })).toThrow(RangeError);
  });
});

describe("icsDateTime and escapeText", () => {
  it("formats instants in UTC with a Z", () => {
    expect(icsDateTime(new Date("2027-12-31T23:59:59.999Z"))).toBe("20271231T235959Z");
  });

  it("escapes backslashes before the characters it adds backslashes for", () => {
    expect(escapeText("a\\b;c,d\r\ne")).toBe("a\\\\b\\;c\\,d\\ne");
  });
});

describe("foldLine", () => {
  it("keeps every physical line within 75 octets and unfolds back to the original, even with multi-byte characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (text) => {
        const folded = foldLine(`SUMMARY:${text}`);
        for (const line of folded.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, "")).toBe(`SUMMARY:${text}`);
      }),
    );
  });
});
