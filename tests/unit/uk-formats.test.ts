import { describe, expect, it } from "vitest";
import { isCharityNumber, normaliseCompanyNumber, normalisePostcode } from "../../app/domain/uk-formats";

describe("postcodes", () => {
  it("accepts the region's postcodes however they are typed", () => {
    expect(normalisePostcode("b11bb")).toBe("B1 1BB");
    expect(normalisePostcode(" CV1  2GT ")).toBe("CV1 2GT");
    expect(normalisePostcode("WV10 9RU")).toBe("WV10 9RU");
    expect(normalisePostcode("B15 2TT")).toBe("B15 2TT");
  });

  it("refuses text that is not a postcode", () => {
    for (const bad of ["", "B1", "12345", "BB1 1BBB", "B1 1B"]) expect(normalisePostcode(bad), bad).toBeNull();
  });
});

describe("registration numbers", () => {
  it("checks charity numbers for shape", () => {
    expect(isCharityNumber("1098765")).toBe(true);
    expect(isCharityNumber("505410")).toBe(true);
    expect(isCharityNumber("1098765-1")).toBe(true);
    expect(isCharityNumber("12345")).toBe(false);
    expect(isCharityNumber("AB12345")).toBe(false);
  });

  it("normalises company numbers, adding the leading zeros Companies House uses", () => {
    expect(normaliseCompanyNumber("1234567")).toBe("01234567");
    expect(normaliseCompanyNumber("sc123456")).toBe("SC123456");
    expect(normaliseCompanyNumber("123456789")).toBeNull();
    expect(normaliseCompanyNumber("S1234567")).toBeNull();
  });
});
