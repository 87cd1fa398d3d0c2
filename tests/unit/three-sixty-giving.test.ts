import { describe, expect, it } from "vitest";
import {
  GRANT_CSV_HEADER,
  grantCsvRow,
  penceToPounds,
  recipientOrganisation,
  toGrant,
  toPackage,
  type AwardForPublication,
} from "../../app/domain/three-sixty-giving";
import { threeSixtyGivingProblems } from "../support/three-sixty-giving-validator";

const SETTINGS = {
  prefix: "360G-CRIC",
  fundingOrganisation: { id: "GB-LAE-WMCA", name: "West Midlands Combined Authority" },
};

function award(overrides: Partial<AwardForPublication> = {}): AwardForPublication {
  return {
    awardId: 7,
    entryReference: "CRI-0042",
    entryTitle: "Repair cafe and tool library",
    entrySummary: "A repair cafe for the neighbourhood.",
    prizeName: "Top 20",
    challengeTitle: "Community Recovery Innovation Challenge 2026",
    cashPence: 50_000,
    supportCapPence: 0,
    awardDate: "2026-05-14",
    lastModified: new Date("2026-05-14T09:30:00.000Z"),
    organisation: { id: 12, name: "Moseley Menders", type: "charity", registrationNumber: "1123456" },
    ...overrides,
  };
}

describe("360Giving grants from awards", () => {
  it("maps an award to a grant with every required field", () => {
    expect(toGrant(award(), SETTINGS)).toEqual({
      id: "360G-CRIC-7",
      title: "Top 20: Repair cafe and tool library",
      description: "A repair cafe for the neighbourhood.",
      currency: "GBP",
      amountAwarded: 500,
      awardDate: "2026-05-14",
      recipientOrganization: [{ id: "GB-CHC-1123456", name: "Moseley Menders", charityNumber: "1123456" }],
      fundingOrganization: [{ id: "GB-LAE-WMCA", name: "West Midlands Combined Authority" }],
      lastModified: "2026-05-14T09:30:00Z",
      grantProgramme: [{ title: "Community Recovery Innovation Challenge 2026" }],
    });
  });

  it("counts a winner's support cap in the amount and says so", () => {
    const grant = toGrant(award({ prizeName: "Top 3", cashPence: 0, supportCapPence: 1_500_000 }), SETTINGS);
    expect(grant.amountAwarded).toBe(15000);
    expect(grant.description).toContain("up to £15000.00");
  });

  it("gives amounts in pounds without floating-point drift", () => {
    expect(penceToPounds(1)).toBe(0.01);
    expect(penceToPounds(1_234_567)).toBe(12345.67);
    expect(penceToPounds(10)).toBe(0.1);
    expect(() => penceToPounds(-1)).toThrow(RangeError);
  });

  it("identifies recipients on the register their kind of organisation uses", () => {
    const org = (type: AwardForPublication["organisation"]["type"], registrationNumber: string | null) =>
      recipientOrganisation({ id: 99, name: "Org", type, registrationNumber }, "360G-CRIC").id;
    expect(org("charity", "1123456")).toBe("GB-CHC-1123456");
    expect(org("cic", "9876543")).toBe("GB-COH-09876543");
    expect(org("sme", "SC123456")).toBe("GB-COH-SC123456");
    expect(org("cooperative", "RS007654")).toBe("GB-MPR-RS007654");
    expect(org("mutual", "IP12345R")).toBe("GB-MPR-IP12345R");
    expect(org("community_group", null)).toBe("360G-CRIC-ORG-99");
    expect(org("charity", "not a number")).toBe("360G-CRIC-ORG-99");
  });

  it("makes a package that passes the standard's required-field check", () => {
    const data = toPackage(
      [
        award(),
        award({
          awardId: 8,
          organisation: { id: 13, name: "Tipton Tots", type: "community_group", registrationNumber: null },
        }),
      ],
      SETTINGS,
    );
    expect(threeSixtyGivingProblems(JSON.parse(JSON.stringify(data)))).toEqual([]);
  });

  it("the check itself catches a grant missing a required field or with the wrong type", () => {
    const good = toGrant(award(), SETTINGS);
    const { title: _title, ...untitled } = good;
    expect(threeSixtyGivingProblems({ grants: [untitled] })).toEqual(["grants[0].title is required"]);
    expect(threeSixtyGivingProblems({ grants: [{ ...good, amountAwarded: "500" }] })).toEqual([
      "grants[0].amountAwarded must be a number",
    ]);
    expect(threeSixtyGivingProblems({ grants: [{ ...good, awardDate: "14/05/2026" }] })).toEqual([
      "grants[0].awardDate must be an ISO 8601 date",
    ]);
    expect(threeSixtyGivingProblems({ grants: [good, good] })).toEqual(["grants[1].id 360G-CRIC-7 is not unique"]);
    expect(threeSixtyGivingProblems({ grants: [{ ...good, recipientOrganization: [] }] })).toEqual([
      "grants[0].recipientOrganization must be a non-empty array",
    ]);
  });

  it("writes the spreadsheet with the standard's column titles", () => {
    expect(GRANT_CSV_HEADER.slice(0, 8)).toEqual([
      "Identifier",
      "Title",
      "Description",
      "Currency",
      "Amount Awarded",
      "Award Date",
      "Recipient Org:Identifier",
      "Recipient Org:Name",
    ]);
    const row = grantCsvRow(toGrant(award(), SETTINGS));
    expect(row).toHaveLength(GRANT_CSV_HEADER.length);
    expect(row[GRANT_CSV_HEADER.indexOf("Amount Awarded")]).toBe("500.00");
    expect(row[GRANT_CSV_HEADER.indexOf("Funding Org:Identifier")]).toBe("GB-LAE-WMCA");
  });
});
