import { describe, expect, it } from "vitest";
import {
  beneficiaryLocation,
  checkedPackage,
  exportRefusal,
  GRANT_CSV_HEADER,
  grantCsvRow,
  penceToPounds,
  recipientOrganisation,
  toGrant,
  toPackage,
  type AwardForPublication,
} from "../../app/domain/three-sixty-giving";
import { orgIdProblem, threeSixtyGivingProblems } from "../../app/domain/three-sixty-giving-schema";

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
    areas: [{ code: "E08000025", name: "Birmingham" }],
    plannedEndDate: null,
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
      plannedDates: [{ startDate: "2026-05-14", endDate: "2026-05-14" }],
      recipientOrganization: [{ id: "GB-CHC-1123456", name: "Moseley Menders", charityNumber: "1123456" }],
      beneficiaryLocation: [{ name: "Birmingham", countryCode: "GB", geoCode: "E08000025", geoCodeType: "MD" }],
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

  it("plans the dates from the award to the end of the winner's support", () => {
    expect(toGrant(award({ plannedEndDate: "2027-05-31" }), SETTINGS).plannedDates).toEqual([
      { startDate: "2026-05-14", endDate: "2027-05-31" },
    ]);
    expect(toGrant(award({ areas: [] }), SETTINGS).beneficiaryLocation).toBeUndefined();
  });

  it("gives each kind of council area the geographic code type of the standard's codelist", () => {
    expect(beneficiaryLocation({ code: "E08000026", name: "Coventry" }).geoCodeType).toBe("MD");
    expect(beneficiaryLocation({ code: "E10000031", name: "Warwickshire" }).geoCodeType).toBe("CTY");
    expect(beneficiaryLocation({ code: "E06000051", name: "Shropshire" }).geoCodeType).toBe("UA");
    expect(beneficiaryLocation({ code: "E07000236", name: "Redditch" }).geoCodeType).toBe("NMD");
  });

  it("refuses a grant missing its identifier, with a bad date or the wrong currency, naming the problem", () => {
    const good = toGrant(award(), SETTINGS);
    const { id: _id, ...unidentified } = good;
    expect(threeSixtyGivingProblems({ grants: [unidentified] })).toEqual([
      "grant 1, id: the grant identifier is required",
    ]);
    expect(threeSixtyGivingProblems({ grants: [{ ...good, awardDate: "2026-02-30" }] })).toEqual([
      "grant 360G-CRIC-7, awardDate: the award date must be an ISO 8601 date (YYYY-MM-DD) or date-time",
    ]);
    expect(threeSixtyGivingProblems({ grants: [{ ...good, currency: "UKP" }] })).toEqual([
      "grant 360G-CRIC-7, currency: the currency must be an ISO 4217 code such as GBP",
    ]);
  });

  it("refuses what else the standard rules out", () => {
    const good = toGrant(award(), SETTINGS);
    const { title: _title, ...untitled } = good;
    const problems = (grant: unknown) => threeSixtyGivingProblems({ grants: [grant] });
    expect(problems(untitled)).toEqual(["grant 360G-CRIC-7, title: the title is required"]);
    expect(problems({ ...good, amountAwarded: "500" })).toEqual([
      "grant 360G-CRIC-7, amountAwarded: the amount awarded must be a number, without commas or a currency sign",
    ]);
    expect(problems({ ...good, amountAwarded: -1 })).toEqual([
      "grant 360G-CRIC-7, amountAwarded: the amount awarded must not be negative",
    ]);
    expect(problems({ ...good, id: "CRIC-7" })).toEqual([
      "grant CRIC-7, id: the grant identifier must start with the publisher's 360G- prefix",
    ]);
    expect(problems({ ...good, lastModified: "2026-05-14" })).toHaveLength(1);
    expect(problems({ ...good, recipientOrganization: [] })).toEqual([
      "grant 360G-CRIC-7, recipientOrganization: a recipient organisation is required",
    ]);
    expect(problems({ ...good, recipientOrganization: [{ id: "GB-CHC-12", name: "Too short" }] })).toEqual([
      'grant 360G-CRIC-7, recipientOrganization[0].id: the identifier "GB-CHC-12" has a number that is not in the form GB-CHC uses',
    ]);
    expect(
      problems({ ...good, recipientOrganization: [{ id: "GB-CHC-1123456", name: "M", charityNumber: "1999999" }] }),
    ).toEqual([
      "grant 360G-CRIC-7, recipientOrganization[0].charityNumber: the charity number must match the identifier",
    ]);
    expect(problems({ ...good, plannedDates: [{ startDate: "2026-05-14", endDate: "2026-05-01" }] })).toEqual([
      "grant 360G-CRIC-7, plannedDates[0].endDate: the planned end date is before its start date",
    ]);
    const location = good.beneficiaryLocation![0]!;
    expect(problems({ ...good, beneficiaryLocation: [{ ...location, geoCodeType: "LAD" }] })).toEqual([
      "grant 360G-CRIC-7, beneficiaryLocation[0].geoCodeType: the geographic code type must come from the 360Giving codelist",
    ]);
    expect(problems({ ...good, beneficiaryLocation: [{ ...location, geoCodeType: "CTY" }] })).toEqual([
      "grant 360G-CRIC-7, beneficiaryLocation[0].geoCodeType: the geographic code E08000025 is of type MD, not CTY",
    ]);
    expect(threeSixtyGivingProblems({ grants: [good, good] })).toEqual([
      "grant 360G-CRIC-7, id: the grant identifier 360G-CRIC-7 is used twice",
    ]);
  });

  it("checks organisation identifiers against org-id.guide's lists", () => {
    expect(orgIdProblem("GB-COH-09876543")).toBeNull();
    expect(orgIdProblem("GB-SC-SC012345")).toBeNull();
    expect(orgIdProblem("GB-NIC-100123")).toBeNull();
    expect(orgIdProblem("GB-LAE-WMCA")).toBeNull();
    expect(orgIdProblem("360G-CRIC-ORG-99")).toBeNull();
    expect(orgIdProblem("GB-XYZ-123")).toMatch(/org-id.guide list code/);
    expect(orgIdProblem("GB-COH-123")).toMatch(/not in the form GB-COH uses/);
  });

  it("hands out no package that breaks the rules, and says why", () => {
    expect(checkedPackage([award()], SETTINGS).ok).toBe(true);
    const refused = checkedPackage([award()], { ...SETTINGS, fundingOrganisation: { id: "WMCA", name: "WMCA" } });
    expect(refused).toEqual({
      ok: false,
      problems: [
        'grant 360G-CRIC-7, fundingOrganization[0].id: the identifier "WMCA" must start with an org-id.guide list code (such as GB-CHC- or GB-COH-) or a 360G- prefix',
      ],
    });
    expect(exportRefusal(["a", "b", "c", "d", "e", "f"])).toContain("(and 1 more)");
  });

  it("writes the spreadsheet with the standard's column titles", () => {
    expect(GRANT_CSV_HEADER.slice(0, 8)).toEqual([
      "Identifier",
      "Title",
      "Description",
      "Currency",
      "Amount Awarded",
      "Award Date",
      "Planned Dates:Start Date",
      "Planned Dates:End Date",
    ]);
    const row = grantCsvRow(toGrant(award(), SETTINGS));
    expect(row).toHaveLength(GRANT_CSV_HEADER.length);
    expect(row[GRANT_CSV_HEADER.indexOf("Amount Awarded")]).toBe("500.00");
    expect(row[GRANT_CSV_HEADER.indexOf("Funding Org:Identifier")]).toBe("GB-LAE-WMCA");
    expect(row[GRANT_CSV_HEADER.indexOf("Beneficiary Location:Geographic Code")]).toBe("E08000025");
    expect(row[GRANT_CSV_HEADER.indexOf("Beneficiary Location:Geographic Code Type")]).toBe("MD");
  });
});
