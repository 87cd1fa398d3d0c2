import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "../../app/domain/csv";

describe("CSV for Excel", () => {
  it("starts with a byte-order mark so Excel reads UTF-8 (the £ sign, accents)", () => {
    const csv = toCsv(["Name"], [["Café £500"]]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toBe("\uFEFFName\r\nCafé £500\r\n");
  });

  it("neutralises text that Excel would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+44 121")).toBe("'+44 121");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
  });

  it("leaves real numbers alone", () => {
    expect(csvCell(-1)).toBe("-1");
    expect(csvCell(50000)).toBe("50000");
  });

  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell('He said "yes", twice\nthen left')).toBe('"He said ""yes"", twice\nthen left"');
  });
});
