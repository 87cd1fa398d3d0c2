import { describe, expect, it } from "vitest";
import { dataRequestDueOn, daysUntilDue, isDataRequestOverdue } from "../../app/domain/data-requests";

// One calendar month to answer a request about someone's data, counted as the ICO counts it: from
// the day it arrived to the same date next month, or the last day of next month when it has none.

describe("the date a data-rights request is due", () => {
  it("is the same date in the next month", () => {
    expect(dataRequestDueOn("2027-03-03")).toBe("2027-04-03");
    expect(dataRequestDueOn("2027-06-15")).toBe("2027-07-15");
  });

  it("is the last day of February for a request received on 31 January", () => {
    expect(dataRequestDueOn("2027-01-31")).toBe("2027-02-28");
    expect(dataRequestDueOn("2028-01-31")).toBe("2028-02-29");
  });

  it("is the last day of February for 29 and 30 January in a common year, the same date in a leap year", () => {
    expect(dataRequestDueOn("2027-01-29")).toBe("2027-02-28");
    expect(dataRequestDueOn("2027-01-30")).toBe("2027-02-28");
    expect(dataRequestDueOn("2028-01-29")).toBe("2028-02-29");
  });

  it("is the last day of a 30-day month for a request received on the 31st", () => {
    expect(dataRequestDueOn("2027-03-31")).toBe("2027-04-30");
    expect(dataRequestDueOn("2027-08-31")).toBe("2027-09-30");
  });

  it("runs into the next year from December", () => {
    expect(dataRequestDueOn("2026-12-31")).toBe("2027-01-31");
    expect(dataRequestDueOn("2026-12-07")).toBe("2027-01-07");
  });

  it("counts from the day it arrived even at a weekend", () => {
    // 6 March 2027 is a Saturday.
    expect(dataRequestDueOn("2027-03-06")).toBe("2027-04-06");
  });

  it("refuses something that is not a calendar date", () => {
    expect(() => dataRequestDueOn("31/01/2027")).toThrow();
  });
});

describe("an overdue request", () => {
  it("is open and past its due date", () => {
    expect(isDataRequestOverdue({ status: "open", dueOn: "2027-02-28" }, "2027-03-01")).toBe(true);
  });

  it("is not overdue on its due date itself", () => {
    expect(isDataRequestOverdue({ status: "open", dueOn: "2027-02-28" }, "2027-02-28")).toBe(false);
  });

  it("is never overdue once answered", () => {
    expect(isDataRequestOverdue({ status: "completed", dueOn: "2020-01-01" }, "2027-03-01")).toBe(false);
    expect(isDataRequestOverdue({ status: "refused", dueOn: "2020-01-01" }, "2027-03-01")).toBe(false);
  });

  it("counts the days left, across a clock change", () => {
    expect(daysUntilDue("2027-04-03", "2027-03-03")).toBe(31);
    expect(daysUntilDue("2027-03-01", "2027-03-02")).toBe(-1);
  });
});
