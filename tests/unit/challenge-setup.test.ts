import { describe, expect, it } from "vitest";
import {
  buildChallengePage,
  prizeSentence,
  prizeWords,
  weightTexts,
  type ChallengeData,
} from "../../app/domain/challenge-page";
import { datesSchema, openingProblems, parseItem, parseNewChallenge, slugify } from "../../app/domain/challenge-setup";
import { formValues, parseValues } from "../../app/domain/forms";
import { instantToParts, readClockTime, readDateParts } from "../../app/domain/london-date-input";

// Setting up a challenge: dates typed in the GOV.UK date pattern and read in Europe/London, the
// rules for opening, and the public page's words worked out from the data.

describe("dates typed into day, month and year boxes", () => {
  it("reads a real date, with the month as a number or a name", () => {
    expect(readDateParts({ day: "21", month: "3", year: "2027" }, "Closing date")).toEqual({
      ok: true,
      date: "2027-03-21",
    });
    expect(readDateParts({ day: " 1 ", month: "Nov", year: "2026" }, "Closing date")).toEqual({
      ok: true,
      date: "2026-11-01",
    });
    expect(readDateParts({ day: "1", month: "september", year: "2026" }, "Closing date")).toEqual({
      ok: true,
      date: "2026-09-01",
    });
  });

  it("says which part is missing, in the GOV.UK wording", () => {
    expect(readDateParts({ day: "", month: "", year: "" }, "Closing date")).toEqual({
      ok: false,
      message: "Enter the closing date",
    });
    expect(readDateParts({ day: "21", month: "", year: "2027" }, "Closing date")).toEqual({
      ok: false,
      message: "Closing date must include a month",
    });
    expect(readDateParts({ day: "", month: "3", year: "" }, "Closing date")).toEqual({
      ok: false,
      message: "Closing date must include a day and year",
    });
  });

  it("refuses dates that do not exist", () => {
    for (const parts of [
      { day: "30", month: "2", year: "2027" },
      { day: "29", month: "2", year: "2027" },
      { day: "32", month: "1", year: "2027" },
      { day: "1", month: "13", year: "2027" },
      { day: "x", month: "1", year: "2027" },
      { day: "1", month: "ma", year: "2027" },
    ]) {
      expect(readDateParts(parts, "Opening date")).toEqual({ ok: false, message: "Opening date must be a real date" });
    }
    expect(readDateParts({ day: "29", month: "2", year: "2028" }, "Opening date")).toEqual({
      ok: true,
      date: "2028-02-29",
    });
    expect(readDateParts({ day: "1", month: "1", year: "27" }, "Opening date")).toEqual({
      ok: false,
      message: "Year must include 4 numbers",
    });
  });
});

describe("times typed as people write them", () => {
  it.each([
    ["23:59", "23:59"],
    ["9:00", "09:00"],
    ["9.30", "09:30"],
    ["9am", "09:00"],
    ["9 AM", "09:00"],
    ["11:59pm", "23:59"],
    ["12pm", "12:00"],
    ["12am", "00:00"],
    ["midday", "12:00"],
  ])("reads %j as %s", (typed, time) => {
    expect(readClockTime(typed, "Closing time")).toEqual({ ok: true, time });
  });

  it("refuses midnight as ambiguous and nonsense as not a time", () => {
    expect(readClockTime("midnight", "Closing time")).toMatchObject({
      ok: false,
      message: expect.stringContaining("11:59pm"),
    });
    for (const typed of ["24:00", "13pm", "9", "noonish", "12:60"]) {
      expect(readClockTime(typed, "Closing time")).toEqual({
        ok: false,
        message: "Enter the closing time like 9:00am, 5:30pm or 17:30",
      });
    }
    expect(readClockTime("  ", "Closing time")).toEqual({ ok: false, message: "Enter the closing time" });
  });
});

function dateFields(opens: [string, string, string, string], closes: [string, string, string, string]) {
  return {
    opensDay: opens[0],
    opensMonth: opens[1],
    opensYear: opens[2],
    opensTime: opens[3],
    closesDay: closes[0],
    closesMonth: closes[1],
    closesYear: closes[2],
    closesTime: closes[3],
  };
}

describe("opening and closing times", () => {
  it("reads London wall-clock times into instants on both sides of the clock change", () => {
    // 1 November 2026 is GMT; 21 June 2027 is BST (UTC+1).
    const result = parseValues(datesSchema, dateFields(["1", "11", "2026", "9am"], ["21", "6", "2027", "11:59pm"]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.opensAt.toISOString()).toBe("2026-11-01T09:00:00.000Z");
    expect(result.data.closesAt.toISOString()).toBe("2027-06-21T22:59:00.000Z");
  });

  it("refuses a closing time before (or at) the opening time", () => {
    const before = parseValues(datesSchema, dateFields(["21", "3", "2027", "9:00"], ["20", "3", "2027", "9:00"]));
    expect(before).toMatchObject({ ok: false, errors: { closes: "The closing time must be after the opening time" } });
    const same = parseValues(datesSchema, dateFields(["21", "3", "2027", "9:00"], ["21", "3", "2027", "9am"]));
    expect(same).toMatchObject({ ok: false, errors: { closes: "The closing time must be after the opening time" } });
  });

  it("reports each box's problem on its own field", () => {
    const result = parseValues(datesSchema, dateFields(["31", "2", "2027", "9:00"], ["1", "", "2027", "25:00"]));
    expect(result).toMatchObject({
      ok: false,
      errors: {
        opens: "Opening date must be a real date",
        closes: "Closing date must include a month",
        closesTime: "Enter the closing time like 9:00am, 5:30pm or 17:30",
      },
    });
  });

  it("lists every problem at once and never fails on hostile input", () => {
    // What a script could post: control characters, a 100 KB field, a field sent twice, nonsense ids.
    const form = new FormData();
    form.append("title", "\u0000\u0007");
    form.append("summary", "s".repeat(100_000));
    form.append("opensDay", "9".repeat(100_000));
    form.append("opensMonth", "\u0007");
    form.append("opensYear", "2027");
    form.append("opensYear", "1999");
    form.append("opensTime", "<script>");
    form.append("copyFrom", "1; drop table challenge");
    const result = parseNewChallenge(formValues(form));
    expect(result).toEqual({
      ok: false,
      values: expect.anything(),
      errors: {
        title: "Enter the title",
        summary: "The summary must be 600 characters or fewer",
        opens: "Opening date must include a month",
        opensTime: "Enter the opening time like 9:00am, 5:30pm or 17:30",
        closes: "Enter the closing date",
        closesTime: "Enter the closing time",
      },
    });
  });

  it("reads a new challenge's title, summary and dates together", () => {
    const result = parseNewChallenge({
      title: " Challenge 2028 ",
      summary: "Ideas",
      copyFrom: "7",
      ...dateFields(["1", "11", "2027", "9am"], ["21", "3", "2028", "11:59pm"]),
    });
    expect(result).toMatchObject({ ok: true, data: { title: "Challenge 2028", summary: "Ideas", copyFrom: 7 } });
  });

  it("fills the form with a saved time as London wall time", () => {
    expect(instantToParts(new Date("2027-06-21T22:59:00Z"))).toEqual({
      day: "21",
      month: "6",
      year: "2027",
      time: "23:59",
    });
    expect(instantToParts(new Date("2027-03-21T23:59:00Z"))).toEqual({
      day: "21",
      month: "3",
      year: "2027",
      time: "23:59",
    });
  });
});

describe("what stops a challenge from opening", () => {
  const now = new Date("2027-01-10T12:00:00Z");
  const ready = {
    opensAt: new Date("2027-01-01T09:00:00Z"),
    closesAt: new Date("2027-03-21T23:59:00Z"),
    now,
    priorityAreas: 6,
    prizeTiers: 2,
  };

  it("nothing, when the closing time is ahead and there are areas and prizes", () => {
    expect(openingProblems(ready)).toEqual([]);
  });

  it("a closing time in the past", () => {
    expect(openingProblems({ ...ready, closesAt: new Date("2027-01-10T11:59:00Z") })).toEqual([
      "The closing time has passed. Change it to a time in the future before you open the challenge",
    ]);
    expect(openingProblems({ ...ready, closesAt: now })).toHaveLength(1);
  });

  it("no priority areas or no prize tiers", () => {
    expect(openingProblems({ ...ready, priorityAreas: 0, prizeTiers: 0 })).toEqual([
      "Add at least one priority area",
      "Add at least one prize tier",
    ]);
  });
});

describe("list items staff add", () => {
  it("reads a prize tier's money in pounds into pence", () => {
    const result = parseItem("prizes", {
      name: "Top 3",
      places: "3",
      cash: "£0",
      supportCap: "15,000",
      masterclass: "no",
      description: "",
    });
    expect(result).toEqual({
      ok: true,
      values: expect.anything(),
      data: {
        kind: "prizes",
        name: "Top 3",
        description: "",
        places: 3,
        cash: 0,
        supportCap: 1_500_000,
        masterclass: false,
      },
    });
  });

  it("refuses amounts that are not money and places out of range", () => {
    const result = parseItem("prizes", {
      name: "Top 20",
      places: "0",
      cash: "15k",
      supportCap: "-5",
      masterclass: "perhaps",
    });
    expect(result).toMatchObject({
      ok: false,
      errors: {
        places: "Places must be 1 or more",
        cash: "Cash prize must be an amount of money, like 500 or 15,000",
        supportCap: "Support cap must be an amount of money, like 500 or 15,000",
        masterclass: "Select whether winners get a masterclass place",
      },
    });
    expect(parseItem("prizes", { name: "X", places: "20", cash: "2000000", masterclass: "yes" })).toMatchObject({
      ok: false,
      errors: { cash: "Cash prize must be £1,000,000 or less" },
    });
  });

  it("reads a key date and refuses one that does not exist", () => {
    expect(
      parseItem("key-dates", { label: "Winners announced", dateDay: "20", dateMonth: "5", dateYear: "2027" }),
    ).toMatchObject({
      ok: true,
      data: { kind: "key-dates", label: "Winners announced", date: "2027-05-20" },
    });
    expect(parseItem("key-dates", { label: "", dateDay: "31", dateMonth: "4", dateYear: "2027" })).toMatchObject({
      ok: false,
      errors: { label: "Enter what happens on the date", date: "Date must be a real date" },
    });
  });

  it("needs a sponsor council code for a priority area", () => {
    expect(parseItem("areas", { name: "Jobs", sponsorCode: "' or 1=1" })).toMatchObject({
      ok: false,
      errors: { sponsorCode: "Select the sponsor council" },
    });
  });
});

describe("a challenge's address-friendly name", () => {
  it("is made from the title", () => {
    expect(slugify("Community Recovery Innovation Challenge 2028")).toBe(
      "community-recovery-innovation-challenge-2028",
    );
    expect(slugify("  Café & Co-ops: Ideas!  ")).toBe("cafe-co-ops-ideas");
    expect(slugify("!!!")).toBe("challenge");
    expect(slugify("a".repeat(100))).toHaveLength(60);
  });
});

describe("the challenge page in plain words", () => {
  it("phrases the prize tiers from their figures", () => {
    expect(prizeSentence({ places: 20, cashPence: 50_000, supportCapPence: 0, masterclass: true })).toBe(
      "20 ideas each win £500 and a place at a business development masterclass.",
    );
    expect(prizeSentence({ places: 3, cashPence: 0, supportCapPence: 1_500_000, masterclass: false })).toBe(
      "3 ideas each win support, investment and coaching worth up to £15,000.",
    );
    expect(prizeSentence({ places: 1, cashPence: 125_050, supportCapPence: 200_000, masterclass: true })).toBe(
      "1 idea wins £1,250.50, a place at a business development masterclass and support, investment and coaching worth up to £2,000.",
    );
    expect(prizeWords({ cashPence: 0, supportCapPence: 0, masterclass: false })).toBe("");
  });

  it("shows weights as percentages when they add up to 100, otherwise as shares", () => {
    expect(weightTexts([30, 20, 20, 15, 15])).toEqual(["30%", "20%", "20%", "15%", "15%"]);
    expect(weightTexts([2, 1, 1])).toEqual(["2 out of 4", "1 out of 4", "1 out of 4"]);
  });

  const data: ChallengeData = {
    id: 1,
    title: "Challenge 2027",
    summary: "Ideas for the region.",
    description: "",
    whoCanEnter: "",
    howJudgingWorks: "",
    shareText: "",
    status: "open",
    opensAt: new Date("2026-11-01T09:00:00Z"),
    // 11:59pm on 21 March 2027 in London (GMT).
    closesAt: new Date("2027-03-21T23:59:00Z"),
    priorityAreas: [],
    principles: [],
    prizeTiers: [],
    criteria: [
      { id: 1, name: "Impact", guidance: "", weight: 60, scaleMin: 0, scaleMax: 5 },
      { id: 2, name: "Feasibility", guidance: "", weight: 40, scaleMin: 0, scaleMax: 5 },
    ],
    faqs: [],
    keyDates: [
      { id: 2, label: "Winners announced", date: "2027-05-20" },
      { id: 1, label: "Shortlist announced", date: "2027-04-15" },
    ],
  };

  it("counts the days to closing on London calendar dates, on the server's clock", () => {
    // 00:30 on 11 March in London is still 10 March in some places west of London; London decides.
    const page = buildChallengePage(data, {
      now: new Date("2027-03-11T00:30:00Z"),
      appUrl: "https://challenge.example",
    });
    expect(page.closingPhrase).toBe("Closes in 10 days");
    expect(page.state).toBe("open");
    expect(page.closesAtText).toBe("11:59pm on 21 March 2027");
    const lastDay = buildChallengePage(data, {
      now: new Date("2027-03-21T23:58:59Z"),
      appUrl: "https://challenge.example",
    });
    expect(lastDay.closingPhrase).toBe("Closes today");
    const after = buildChallengePage(data, {
      now: new Date("2027-03-21T23:59:00Z"),
      appUrl: "https://challenge.example",
    });
    expect(after.state).toBe("closed");
  });

  it("lists key dates in date order with opening and closing", () => {
    const page = buildChallengePage(data, {
      now: new Date("2027-01-01T12:00:00Z"),
      appUrl: "https://challenge.example",
    });
    expect(page.keyDates).toEqual([
      { label: "Entries open", when: "9am on 1 November 2026" },
      { label: "Entries close", when: "11:59pm on 21 March 2027" },
      { label: "Shortlist announced", when: "15 April 2027" },
      { label: "Winners announced", when: "20 May 2027" },
    ]);
    expect(page.criteria.map((c) => c.weightText)).toEqual(["60%", "40%"]);
    expect(page.scaleText).toContain("from 0 to 5");
  });

  it("gives partners a link and text to paste that ends with the link", () => {
    const page = buildChallengePage(data, {
      now: new Date("2027-01-01T12:00:00Z"),
      appUrl: "https://challenge.example",
    });
    expect(page.share.url).toBe("https://challenge.example/");
    expect(page.share.text).toBe(
      "Challenge 2027: Ideas for the region. Entries close at 11:59pm on 21 March 2027. Find out more and enter: https://challenge.example/",
    );
    const own = buildChallengePage(
      { ...data, shareText: "Got an idea? Enter now!" },
      { now: new Date(), appUrl: "https://challenge.example" },
    );
    expect(own.share.text).toBe("Got an idea? Enter now! https://challenge.example/");
  });
});
