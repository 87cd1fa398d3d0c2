import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatTime } from "../../app/domain/time";

describe("times shown in Europe/London", () => {
  it("shows a winter instant in GMT", () => {
    expect(formatDateTime(new Date("2027-01-15T14:30:00Z"))).toBe("2:30pm on 15 January 2027");
  });

  it("shows a summer instant in BST, an hour ahead of UTC", () => {
    expect(formatDateTime(new Date("2021-06-01T08:00:00Z"))).toBe("9am on 1 June 2021");
  });

  it("names midnight and midday as GOV.UK style asks", () => {
    expect(formatTime(new Date("2027-01-15T00:00:00Z"))).toBe("midnight");
    expect(formatTime(new Date("2027-01-15T12:00:00Z"))).toBe("midday");
  });

  it("puts an instant just before midnight UTC in summer on the next London day", () => {
    expect(formatDate(new Date("2021-03-28T23:30:00Z"))).toBe("29 March 2021");
  });
});
