import { describe, expect, it } from "vitest";
import {
  acceptanceSchema,
  defaultAgreementTemplate,
  fillAgreement,
  PLACEHOLDERS,
  templateSchema,
  unknownPlaceholders,
  type AgreementFigures,
} from "../../app/domain/grant-agreement";
import { parseValues } from "../../app/domain/forms";
import { parseRichText } from "../../app/domain/rich-text";

const FIGURES: AgreementFigures = {
  organisationName: "Ladywood Lantern Kitchen CIC",
  ideaTitle: "Cook well, eat well",
  reference: "JC-2021-0042",
  tierName: "Top 3",
  cashPence: 1_500_000,
  supportCapPence: 1_000_000,
  awardDate: new Date("2021-05-20T09:00:00Z"),
  challengeTitle: "Jobs and communities challenge 2021",
  version: 2,
};

describe("fillAgreement", () => {
  it("puts the award's figures where the placeholders are", () => {
    const text = fillAgreement(
      "{{organisation}} wins {{cash_prize}} and support up to {{support_cap}} for “{{idea_title}}” ({{reference}}), {{prize_tier}} of {{challenge}}, on {{award_date}}. Version {{version}}.",
      FIGURES,
    );
    expect(text).toBe(
      "Ladywood Lantern Kitchen CIC wins £15,000 and support up to £10,000 for “Cook well, eat well” (JC-2021-0042), Top 3 of Jobs and communities challenge 2021, on 20 May 2021. Version 2.",
    );
  });

  it("reads placeholders with spaces inside the braces and in any case", () => {
    expect(fillAgreement("Dear {{ Organisation }}", FIGURES)).toBe("Dear Ladywood Lantern Kitchen CIC");
  });

  it("says so when there is no cash prize or support plan, rather than £0", () => {
    const text = fillAgreement("{{cash_prize}}; {{support_cap}}", { ...FIGURES, cashPence: 0, supportCapPence: 0 });
    expect(text).toBe("no cash prize; no support plan");
  });

  it("cannot let an organisation's name change the formatting of the terms", () => {
    const text = fillAgreement("**Between** {{organisation}} and us", {
      ...FIGURES,
      organisationName: "Evil **bold**\n\n* list",
    });
    expect(text).not.toContain("\n");
    expect(parseRichText(text)).toHaveLength(1);
    expect(text).not.toContain("**bold**");
  });

  it("refuses a template with a placeholder it does not know, never leaving a gap", () => {
    expect(() => fillAgreement("Pay {{bank_account}}", FIGURES)).toThrow(/bank_account/);
  });

  it("leaves other braces as typed", () => {
    expect(fillAgreement("{single} {{ }} {{not a name}}", FIGURES)).toBe("{single} {{ }} {{not a name}}");
  });
});

describe("unknownPlaceholders", () => {
  it("lists each unknown name once, in order", () => {
    expect(unknownPlaceholders("{{organisation}} {{iban}} {{ sort_code }} {{iban}}")).toEqual(["iban", "sort_code"]);
    expect(unknownPlaceholders("{{organisation}} {{cash_prize}}")).toEqual([]);
  });
});

describe("the template form", () => {
  it("refuses unknown placeholders with a message naming them", () => {
    const result = parseValues(templateSchema, { body: "Terms for {{organisation}} and {{charity_no}}" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.body).toContain("{{charity_no}}");
  });

  it("refuses empty terms", () => {
    const result = parseValues(templateSchema, { body: "   " });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.body).toBe("Enter the terms");
  });

  it("accepts terms using only known placeholders", () => {
    expect(parseValues(templateSchema, { body: "For {{organisation}}: {{cash_prize}}" }).ok).toBe(true);
  });
});

describe("defaultAgreementTemplate", () => {
  const light = defaultAgreementTemplate({ cashPence: 50_000, supportCapPence: 0 });
  const full = defaultAgreementTemplate({ cashPence: 1_500_000, supportCapPence: 1_000_000 });

  it("is lighter for the £500 tier than for the £15,000 tier", () => {
    expect(light.length).toBeLessThan(full.length);
    expect(full).not.toBe(light);
  });

  it("covers use of funds, reporting, publicity, repayment and data protection in both", () => {
    for (const terms of [light, full]) {
      for (const topic of [/use of (the prize|funds)/i, /report/i, /publicity/i, /repayment/i, /data protection/i]) {
        expect(terms).toMatch(topic);
      }
    }
  });

  it("uses only placeholders we can fill", () => {
    expect(unknownPlaceholders(light)).toEqual([]);
    expect(unknownPlaceholders(full)).toEqual([]);
    expect(fillAgreement(full, FIGURES)).toContain("£10,000");
  });

  it("lists every placeholder with what it stands for", () => {
    for (const p of Object.values(PLACEHOLDERS)) expect(p.meaning.length).toBeGreaterThan(5);
  });
});

describe("the acceptance form", () => {
  const valid = {
    version: "1",
    sha256: "a".repeat(64),
    signatoryName: "Amara Okafor",
    signatoryRole: "Director",
    authorised: ["yes"],
  };

  it("needs the signatory's name, role and their authority confirmed", () => {
    const result = parseValues(acceptanceSchema, { version: "1", sha256: "a".repeat(64) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["authorised", "signatoryName", "signatoryRole"]);
  });

  it("needs the hash of the text the page showed", () => {
    const result = parseValues(acceptanceSchema, { ...valid, sha256: "not-a-hash" });
    expect(result.ok).toBe(false);
  });

  it("accepts a complete form", () => {
    const result = parseValues(acceptanceSchema, valid);
    expect(result.ok && result.data).toMatchObject({ version: 1, signatoryName: "Amara Okafor" });
  });
});
