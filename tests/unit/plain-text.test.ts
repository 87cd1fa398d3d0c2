import { describe, expect, it } from "vitest";
import {
  cleanPostedText,
  optionalParagraphs,
  optionalText,
  requiredParagraphs,
  requiredText,
} from "../../app/domain/forms";
import { cleanMultiLine, cleanSingleLine } from "../../app/domain/plain-text";

// Invisible characters written as escapes so that a reader of this file can see them.
const RLO = "\u202E";
const PDF = "\u202C";
const LRI = "\u2066";
const PDI = "\u2069";
const ZWSP = "\u200B";
const ZWNJ = "\u200C";
const ZWJ = "\u200D";
const LRM = "\u200E";
const RLM = "\u200F";
const BOM = "\uFEFF";
const SHY = "\u00AD";

describe("cleanSingleLine: names, titles and organisation names", () => {
  it("removes a right-to-left override that would make a name read backwards", () => {
    expect(cleanSingleLine(`Acme ${RLO}gnp.exe${PDF} Ltd`)).toBe("Acme gnp.exe Ltd");
  });

  it("removes directional isolates, marks and zero-width characters", () => {
    expect(cleanSingleLine(`${LRI}Green${PDI} ${LRM}Lanes${RLM} Fr${ZWSP}idge${BOM}`)).toBe("Green Lanes Fridge");
  });

  it("removes a soft hyphen and word joiner that make identical-looking names differ", () => {
    expect(cleanSingleLine(`Com${SHY}munity\u2060 Trust`)).toBe("Community Trust");
  });

  it("leaves nothing of a name made only of invisible characters", () => {
    expect(cleanSingleLine(`${ZWSP}${RLO}\u3164${ZWJ} ${BOM}`)).toBe("");
  });

  it("turns line breaks and tabs into single spaces and trims", () => {
    expect(cleanSingleLine("  Asha\t\tPatel\r\nSmith  ")).toBe("Asha Patel Smith");
  });

  it.each([
    ["Arabic", "جمعية الخير الخيرية"],
    ["Hebrew", "עמותת יד ביד"],
    ["Chinese", "社区厨房"],
    ["Japanese", "みんなの食堂"],
    ["Devanagari (with a virama)", "सामुदायिक रसोई"],
    ["Welsh", "Cymdeithas Gŵyl Dewi Sant, Ynys Môn"],
    ["Polish", "Stowarzyszenie Łódź"],
    ["emoji", "Community fridge 🥕🍞"],
  ])("keeps %s exactly", (_script, name) => {
    expect(cleanSingleLine(name)).toBe(name);
  });

  it("keeps ZWNJ inside a Persian word and ZWJ inside a Devanagari conjunct", () => {
    const persian = `می${ZWNJ}خواهم`;
    const devanagari = `क्${ZWJ}ष`;
    expect(cleanSingleLine(persian)).toBe(persian);
    expect(cleanSingleLine(devanagari)).toBe(devanagari);
  });

  it("keeps ZWJ inside emoji sequences: a technologist, a skin tone, a heart on fire", () => {
    const emoji = `👩${ZWJ}💻 👩🏽${ZWJ}🔧 ❤️${ZWJ}🔥`;
    expect(cleanSingleLine(emoji)).toBe(emoji);
  });

  it("keeps the flags of England, Scotland and Wales, which are spelt with tag characters", () => {
    const flags = "🏴󠁧󠁢󠁥󠁮󠁧󠁿 🏴󠁧󠁢󠁳󠁣󠁴󠁿 🏴󠁧󠁢󠁷󠁬󠁳󠁿";
    expect(cleanSingleLine(flags)).toBe(flags);
  });

  it("removes tag characters that smuggle invisible text outside a flag", () => {
    // "hi" in tag letters, invisible in every browser, after a visible word.
    expect(cleanSingleLine("Trust\u{E0068}\u{E0069}")).toBe("Trust");
  });

  it("removes joiners at the ends, next to spaces and doubled", () => {
    expect(cleanSingleLine(`${ZWJ}Asha${ZWNJ} Patel${ZWJ}`)).toBe("Asha Patel");
    expect(cleanSingleLine(`می${ZWNJ}${ZWNJ}خواهم`)).toBe(`می${ZWNJ}خواهم`);
    expect(cleanSingleLine(`👩${ZWJ}${ZWJ}${ZWJ}💻`)).toBe(`👩${ZWJ}💻`);
  });

  it("composes letters typed as a letter and a combining accent (NFC)", () => {
    // "w" + combining circumflex (U+0302) is stored as the single letter "ŵ" (U+0175).
    expect(cleanSingleLine("Gw\u0302yl")).toBe("G\u0175yl");
  });
});

describe("cleanMultiLine: paragraphs", () => {
  it("removes overrides, isolates and zero-width spaces but keeps line breaks and spacing", () => {
    expect(cleanMultiLine(`First  line\n${RLO}second${PDF}\n\n${LRI}third${PDI}${ZWSP}`)).toBe(
      "First  line\nsecond\n\nthird",
    );
  });

  it("keeps the marks that right-to-left writers use around punctuation, and soft hyphens", () => {
    const text = `نحن نعمل مع 50 عائلة${RLM}.\nDonau${SHY}dampf${SHY}schiff`;
    expect(cleanMultiLine(text)).toBe(text);
  });
});

describe("the shared form helpers clean every field", () => {
  it("a required name loses an override; the message for a blank one still shows", () => {
    expect(requiredText("your full name").parse(`${RLO}Asha Patel`)).toBe("Asha Patel");
    const blank = requiredText("your full name").safeParse(`${ZWSP}${RLO}`);
    expect(blank.success).toBe(false);
    expect(blank.error?.issues[0]?.message).toBe("Enter your full name");
  });

  it("an optional field is cleaned the same way", () => {
    expect(optionalText("the coach's name").parse(` Sam${ZWSP} Jones${BOM} `)).toBe("Sam Jones");
  });

  it("a text of paragraphs keeps its line breaks (a list, a second paragraph) and loses overrides", () => {
    const typed = `Ideas for **stronger** places.\r\n\r\n* cleaner${RLO} parks\r\n* safer${ZWSP} streets\r\n`;
    expect(requiredParagraphs("the answer", 5000).parse(typed)).toBe(
      "Ideas for **stronger** places.\n\n* cleaner parks\n* safer streets",
    );
    expect(optionalParagraphs("the note", 2000).parse(` first\n\nsecond${BOM} `)).toBe("first\n\nsecond");
    expect(optionalParagraphs("the note", 2000).parse(undefined)).toBe("");
    expect(requiredParagraphs("the reason", 2000).safeParse(`${ZWSP}\n`).error?.issues[0]?.message).toBe(
      "Enter the reason",
    );
  });

  it("every posted field but a password loses overrides", () => {
    expect(cleanPostedText("description", `a${RLO}b`)).toBe("ab");
    // A password keeps everything but control characters, so existing passwords still match.
    expect(cleanPostedText("password", `a${RLO}b\u0000`)).toBe(`a${RLO}b`);
  });
});
