import { describe, expect, it } from "vitest";
import {
  councilIdeasSearch,
  effectiveSort,
  HIGHLIGHT_START as S,
  HIGHLIGHT_STOP as E,
  interestSchema,
  isWebAddress,
  parseCouncilIdeaQuery,
  splitHighlight,
  withoutHighlight,
} from "../../app/domain/council-search";
import { parseForm } from "../../app/domain/forms";

const parse = (query: string) => parseCouncilIdeaQuery(new URLSearchParams(query));

describe("the shared ideas list's address", () => {
  it("reads every filter and keeps the search tidy", () => {
    expect(
      parse("q=%20repair%0A%20cafe%20&area=4&council=E08000026&type=cic&award=winner&stage=interest&sort=score&page=3"),
    ).toEqual({
      q: "repair cafe",
      area: 4,
      council: "E08000026",
      type: "cic",
      award: "winner",
      stage: "interest",
      sort: "score",
      page: 3,
    });
  });

  it("drops values that are not among the choices rather than failing", () => {
    expect(parse("area=abc&council=Birmingham&type=bank&award=gold&stage=done&sort=random&page=-2")).toEqual({
      q: "",
      area: null,
      council: null,
      type: null,
      award: null,
      stage: null,
      sort: null,
      page: 1,
    });
  });

  it("accepts 'all' councils and cuts a very long search", () => {
    const parsed = parse(`council=all&q=${"a".repeat(5000)}`);
    expect(parsed.council).toBe("all");
    expect(parsed.q).toHaveLength(200);
  });

  it("builds the same address for the same view, in a fixed order, without empty values", () => {
    expect(
      councilIdeasSearch({
        sort: "date",
        q: "repair cafe",
        council: "all",
        page: 2,
        area: null,
        award: "top20",
      }),
    ).toBe("?q=repair+cafe&council=all&award=top20&sort=date&page=2");
    expect(councilIdeasSearch({ q: "", page: 1 })).toBe("");
    const query = parse("q=garden&council=all&stage=new&page=2");
    expect(parse(councilIdeasSearch(query).slice(1))).toEqual(query);
  });

  it("sorts by relevance only when there is a search", () => {
    expect(effectiveSort({ q: "garden", sort: null })).toBe("relevance");
    expect(effectiveSort({ q: "", sort: null })).toBe("date");
    expect(effectiveSort({ q: "", sort: "relevance" })).toBe("date");
    expect(effectiveSort({ q: "garden", sort: "score" })).toBe("score");
  });
});

describe("highlighted search results", () => {
  it("splits the text into plain and matched parts", () => {
    expect(splitHighlight(`A ${S}repair${E} ${S}cafe${E} for all`)).toEqual([
      { text: "A ", match: false },
      { text: "repair", match: true },
      { text: " ", match: false },
      { text: "cafe", match: true },
      { text: " for all", match: false },
    ]);
  });

  it("keeps markup-looking text as text (React escapes it) and never invents a match", () => {
    expect(splitHighlight(`<b>${S}x${E}</b>`)).toEqual([
      { text: "<b>", match: false },
      { text: "x", match: true },
      { text: "</b>", match: false },
    ]);
    expect(splitHighlight(`stray${E} stop`)).toEqual([{ text: "stray stop", match: false }]);
    expect(splitHighlight(`open ${S}to the end`)).toEqual([
      { text: "open ", match: false },
      { text: "to the end", match: true },
    ]);
    expect(splitHighlight("")).toEqual([]);
    expect(withoutHighlight(`${S}a${E} b`)).toBe("a b");
  });
});

describe("recording a council's interest", () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.append(k, v);
    return parseForm(interestSchema, data);
  };

  it("needs a status, and a name for an initiative that has a description or a link", () => {
    const noStatus = form({});
    expect(noStatus.ok).toBe(false);
    if (!noStatus.ok) expect(noStatus.errors.status).toBe("Select where your council is with this idea");
    const noName = form({
      status: "interested",
      initiativeUrl: "https://example.gov.uk/x",
    });
    expect(noName.ok).toBe(false);
    if (!noName.ok) expect(noName.errors.initiativeName).toMatch(/name of the local initiative/);
    const ok = form({
      status: "in_discussion",
      initiativeName: " Food plan ",
      version: "2",
    });
    expect(ok.ok && ok.data).toMatchObject({
      status: "in_discussion",
      initiativeName: "Food plan",
      initiativeUrl: "",
      version: 2,
    });
  });

  it("takes only web links", () => {
    expect(isWebAddress("https://www.example.gov.uk/plan")).toBe(true);
    expect(isWebAddress("http://example.org")).toBe(true);
    expect(isWebAddress("javascript:alert(1)")).toBe(false);
    expect(isWebAddress("https://localhost")).toBe(false);
    expect(isWebAddress("www.example.gov.uk")).toBe(false);
    const bad = form({
      status: "interested",
      initiativeName: "Plan",
      initiativeUrl: "ftp://example.org/x",
    });
    expect(bad.ok).toBe(false);
  });

  it("refuses over-long text with a message, not an exception", () => {
    const long = form({ status: "interested", note: "x".repeat(5001) });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.errors.note).toBe("The note must be 5000 characters or fewer");
  });
});
