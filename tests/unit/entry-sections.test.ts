import { describe, expect, it } from "vitest";
import { buildEntrySnapshot as buildSeedSnapshot } from "../../db/seed/snapshot";
import {
  EMPTY_CONTENT,
  incompleteSections,
  missingAnswers,
  sectionFormValues,
  sectionSchema,
  sectionStatus,
  sectionValuesOnly,
  withCompletion,
  type EntryContent,
} from "../../app/domain/entry-sections";
import { buildEntrySnapshot, summariseEntry, type EntrySnapshot } from "../../app/domain/entry-snapshot";
import { parseForm, parseValues } from "../../app/domain/forms";

function words(n: number): string {
  return Array.from({ length: n }, (_, i) => `word${i}`).join(" ");
}

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

const COMPLETE: EntryContent = {
  title: "Green Lanes community fridge",
  summary: "A shared fridge for surplus food.",
  need: "Food waste and food poverty on the same street.",
  beneficiaries: "Around 200 households.",
  priorityAreaId: 3,
  principleIds: [1, 2],
  areaCodes: ["E08000025"],
  delivery: "Volunteers run it with the corner shop.",
  costs: "Fridge £600, electricity £200. Total £800.",
  prizeUse: "Buy the fridge.",
  consentShare: true,
  consentContact: false,
  declaration: true,
};

describe("word limits on the section forms", () => {
  it("accepts a summary of exactly 100 words and refuses 101, keeping the text", () => {
    const ok = parseValues(sectionSchema("idea"), { title: "Fridge", summary: words(100), completed: "no" });
    expect(ok.ok).toBe(true);
    const tooLong = parseValues(sectionSchema("idea"), { title: "Fridge", summary: words(101), completed: "no" });
    expect(tooLong).toMatchObject({ ok: false, errors: { summary: "Summary must be 100 words or fewer" } });
    expect(tooLong.values.summary).toBe(words(101));
  });

  it("counts words as runs of non-space characters, so extra spaces and new lines do not count", () => {
    const spaced = `${words(100).replace(/ /g, "   \n ")}   `;
    expect(parseValues(sectionSchema("idea"), { summary: spaced, completed: "no" }).ok).toBe(true);
  });

  it("allows 500 words for delivery and 250 for costs and the prize, each checked on its own", () => {
    const result = parseValues(sectionSchema("delivery"), {
      delivery: words(500),
      costs: words(251),
      prizeUse: words(250),
      completed: "no",
    });
    expect(result).toMatchObject({ ok: false, errors: { costs: "Costs must be 250 words or fewer" } });
    expect(Object.keys(result.ok ? {} : result.errors)).toEqual(["costs"]);
  });

  it("limits the idea's name to 150 characters", () => {
    expect(parseValues(sectionSchema("idea"), { title: "x".repeat(150), completed: "no" }).ok).toBe(true);
    expect(parseValues(sectionSchema("idea"), { title: "x".repeat(151), completed: "no" })).toMatchObject({
      ok: false,
      errors: { title: "Name of the idea must be 150 characters or fewer" },
    });
  });

  it("refuses a 100 KB paste with a message about the limit, not a crash, and keeps it for the page", () => {
    const paste = "a".repeat(100_000);
    const result = parseValues(sectionSchema("need"), { need: paste, beneficiaries: "", completed: "no" });
    expect(result).toMatchObject({
      ok: false,
      errors: { need: "The need is too long: it must be 300 words or fewer" },
    });
    expect(result.values.need).toHaveLength(100_000);
  });

  it("strips control characters and keeps the first of a repeated field", () => {
    const result = parseForm(
      sectionSchema("idea"),
      form([
        ["title", "Fri\u0000dge\u0007"],
        ["title", "second"],
        ["summary", "Line one\r\nLine two"],
        ["completed", "no"],
      ]),
    );
    expect(result).toMatchObject({ ok: true, data: { content: { title: "Fridge", summary: "Line one\nLine two" } } });
  });
});

describe("saving a section in progress and completing it", () => {
  it("saves a half-written section when the person says it is not completed", () => {
    const result = parseValues(sectionSchema("idea"), { title: "", summary: "Just a start", completed: "no" });
    expect(result).toMatchObject({
      ok: true,
      data: { section: "idea", completed: false, content: { title: "", summary: "Just a start" } },
    });
  });

  it("needs every answer once the person says the section is completed", () => {
    const result = parseValues(sectionSchema("idea"), { title: "", summary: "", completed: "yes" });
    expect(result).toMatchObject({
      ok: false,
      errors: { title: "Enter the name of your idea", summary: "Enter a summary of your idea" },
    });
  });

  it("asks whether the section is completed, and accepts only yes or no", () => {
    expect(parseValues(sectionSchema("need"), { need: "x" })).toMatchObject({
      ok: false,
      errors: { completed: "Select whether you have completed this section" },
    });
    expect(parseValues(sectionSchema("need"), { need: "x", completed: "maybe" }).ok).toBe(false);
  });

  it("reads the priority area and principles as ids, once each, and refuses anything else", () => {
    const ok = parseForm(
      sectionSchema("priority"),
      form([
        ["priorityArea", "3"],
        ["principles", "2"],
        ["principles", "1"],
        ["principles", "2"],
        ["completed", "yes"],
      ]),
      { arrays: ["principles"] },
    );
    expect(ok).toMatchObject({
      ok: true,
      data: { content: { priorityAreaId: 3, principleIds: [2, 1] }, completed: true },
    });
    const hostile = parseForm(
      sectionSchema("priority"),
      form([
        ["priorityArea", "3; drop table entry"],
        ["principles", "1 or 1=1"],
        ["completed", "no"],
      ]),
      { arrays: ["principles"] },
    );
    expect(hostile).toMatchObject({
      ok: false,
      errors: {
        priorityArea: "Select the priority area your idea addresses",
        principles: "Select from the options on the page",
      },
    });
  });

  it("needs a priority area and at least one principle to complete that section", () => {
    expect(
      parseValues(sectionSchema("priority"), { priorityArea: "", principles: [], completed: "yes" }),
    ).toMatchObject({
      ok: false,
      errors: {
        priorityArea: "Select the priority area your idea addresses",
        principles: "Select at least one principle your idea meets",
      },
    });
  });

  it("takes council areas as ONS codes and needs one to complete", () => {
    expect(parseValues(sectionSchema("where"), { areas: ["E08000025", "E08000026"], completed: "yes" })).toMatchObject({
      ok: true,
      data: { content: { areaCodes: ["E08000025", "E08000026"] } },
    });
    expect(parseValues(sectionSchema("where"), { areas: ["Birmingham"], completed: "no" }).ok).toBe(false);
    expect(parseValues(sectionSchema("where"), { areas: [], completed: "yes" })).toMatchObject({
      ok: false,
      errors: { areas: "Select at least one council area" },
    });
  });

  it("treats consents as opt-in ticks and needs the declaration to complete", () => {
    expect(parseValues(sectionSchema("declarations"), { consentShare: "yes", completed: "no" })).toMatchObject({
      ok: true,
      data: { content: { consentShare: true, consentContact: false, declaration: false } },
    });
    expect(parseValues(sectionSchema("declarations"), { consentShare: "yes", completed: "yes" })).toMatchObject({
      ok: false,
      errors: { declaration: "Confirm the declaration to complete this section" },
    });
    expect(parseValues(sectionSchema("declarations"), { declaration: "yes", completed: "yes" }).ok).toBe(true);
  });
});

describe("section status on the task list", () => {
  it("is not started, then in progress, then completed only when marked and fully answered", () => {
    const content = { ...EMPTY_CONTENT };
    expect(sectionStatus("idea", content, [])).toBe("not_started");
    expect(sectionStatus("idea", { ...content, title: "Fridge" }, [])).toBe("in_progress");
    expect(sectionStatus("idea", { ...content, title: "Fridge", summary: "Shared food." }, [])).toBe("in_progress");
    expect(sectionStatus("idea", { ...content, title: "Fridge", summary: "Shared food." }, ["idea"])).toBe("completed");
  });

  it("does not show a section as completed if its answers are missing or over the limit", () => {
    expect(sectionStatus("idea", { ...EMPTY_CONTENT, title: "Fridge" }, ["idea"])).toBe("in_progress");
    expect(sectionStatus("idea", { ...COMPLETE, summary: words(101) }, ["idea"])).toBe("in_progress");
    expect(missingAnswers("idea", { ...COMPLETE, summary: words(101) })).toEqual({
      summary: "Summary must be 100 words or fewer",
    });
  });

  it("lists what is left before an entry can be submitted", () => {
    const all = ["idea", "need", "priority", "where", "delivery", "declarations"];
    expect(incompleteSections(COMPLETE, all)).toEqual([]);
    expect(
      incompleteSections(
        COMPLETE,
        all.filter((s) => s !== "where"),
      ),
    ).toEqual(["where"]);
    expect(incompleteSections({ ...COMPLETE, declaration: false }, all)).toEqual(["declarations"]);
    expect(incompleteSections(EMPTY_CONTENT, [])).toEqual(all);
  });

  it("marks and unmarks a section without touching the others", () => {
    expect(withCompletion(["idea", "need"], "where", true)).toEqual(["idea", "need", "where"]);
    expect(withCompletion(["idea", "need"], "idea", false)).toEqual(["need"]);
    expect(withCompletion(["idea"], "idea", true)).toEqual(["idea"]);
  });

  it("fills a section's page from the saved answers, leaving the completed question unanswered at first", () => {
    expect(sectionFormValues("priority", { ...EMPTY_CONTENT }, false)).toEqual({
      priorityArea: "",
      principles: [],
      completed: "",
    });
    expect(sectionFormValues("declarations", COMPLETE, true)).toEqual({
      consentShare: "yes",
      declaration: "yes",
      completed: "yes",
    });
  });

  it("keeps only a section's own fields from a post", () => {
    expect(sectionValuesOnly("idea", { title: "T", need: "N", completed: "no", version: "3", sneaky: "x" })).toEqual({
      title: "T",
      completed: "no",
    });
  });
});

describe("the submitted snapshot", () => {
  const snapshot: EntrySnapshot = {
    reference: "CRI-0042",
    version: 7,
    organisation: {
      id: 5,
      name: "Green Lanes Residents",
      type: "community_group",
      localAuthorityCode: "E08000025",
      postcode: "B11 1AA",
    },
    priorityArea: { id: 3, name: "Mental health support and awareness" },
    principles: [
      { id: 1, name: "More inclusive" },
      { id: 2, name: "Greener" },
    ],
    areas: [{ code: "E08000025", name: "Birmingham" }],
    title: "Green Lanes community fridge",
    summary: "First paragraph.\nSecond line.\n\nSecond paragraph.",
    need: "",
    beneficiaries: "Around 200 households.",
    delivery: "Volunteers.",
    costs: "£800",
    prizeUse: "The fridge.",
    consentShare: true,
    consentContact: false,
    declaration: true,
  };

  it("has the same shape and field order as the demo data's snapshots", () => {
    const ours = JSON.stringify(buildEntrySnapshot({ ...snapshot, extra: "dropped" } as EntrySnapshot));
    expect(ours).toBe(JSON.stringify(buildSeedSnapshot(snapshot)));
    expect(ours).not.toContain("dropped");
  });

  it("reads back section by section: paragraphs, lists, consents, and what was not answered", () => {
    const sections = summariseEntry(snapshot);
    expect(sections.map((s) => s.title)).toEqual([
      "About the idea",
      "The need and who benefits",
      "Priority area and principles",
      "Where the idea would work",
      "Delivery, costs and how you would use the prize",
      "Declarations and consent",
    ]);
    const row = (key: string, field: string) =>
      sections.find((s) => s.key === key)!.rows.find((r) => r.field === field)!;
    expect(row("idea", "summary").text).toEqual(["First paragraph.\nSecond line.", "Second paragraph."]);
    expect(row("need", "need").text).toEqual([]);
    expect(row("priority", "principles")).toMatchObject({ text: ["More inclusive", "Greener"], list: true });
    expect(row("where", "areas").text).toEqual(["Birmingham"]);
    expect(row("declarations", "consentShare").text).toEqual(["Yes"]);
    expect(row("declarations", "consentContact").text).toEqual(["No"]);
    expect(row("declarations", "declaration").text).toEqual(["Confirmed"]);
  });
});
