import { describe, expect, it } from "vitest";
import { automaticConflicts, sameName, type JudgeAffiliationInput } from "../../app/domain/conflicts";

const BIRMINGHAM = "E08000025";
const COVENTRY = "E08000026";

const organisations = [
  { id: 1, name: "Ladywood Lantern Kitchen CIC", localAuthorityCode: BIRMINGHAM },
  { id: 2, name: "Foleshill Repair Cafe", localAuthorityCode: COVENTRY },
  { id: 3, name: "Sparkbrook Stitchers", localAuthorityCode: BIRMINGHAM },
];

function organisation(fields: Partial<JudgeAffiliationInput>): JudgeAffiliationInput {
  return {
    kind: "organisation",
    organisationId: null,
    organisationName: null,
    localAuthorityCode: null,
    localAuthorityName: null,
    ...fields,
  };
}

function council(code: string, name: string): JudgeAffiliationInput {
  return {
    kind: "council",
    organisationId: null,
    organisationName: null,
    localAuthorityCode: code,
    localAuthorityName: name,
  };
}

describe("conflicts found from a judge's affiliations", () => {
  it("flags the organisation a judge works for, chosen from the list", () => {
    expect(automaticConflicts([organisation({ organisationId: 2 })], organisations)).toEqual([
      { organisationId: 2, reason: "You work for Foleshill Repair Cafe" },
    ]);
  });

  it("flags an organisation typed by name, whatever its case and spacing", () => {
    expect(
      automaticConflicts([organisation({ organisationName: "  foleshill   REPAIR cafe " })], organisations),
    ).toEqual([{ organisationId: 2, reason: "You work for Foleshill Repair Cafe" }]);
  });

  it("does not flag an organisation whose name only contains the judge's", () => {
    expect(automaticConflicts([organisation({ organisationName: "Foleshill Repair" })], organisations)).toEqual([]);
  });

  it("flags every organisation based in the council area a judge works for, and says why", () => {
    expect(automaticConflicts([council(BIRMINGHAM, "Birmingham")], organisations)).toEqual([
      { organisationId: 1, reason: "You work for Birmingham council, where this organisation is based" },
      { organisationId: 3, reason: "You work for Birmingham council, where this organisation is based" },
    ]);
  });

  it("gives one conflict per organisation when several affiliations match it, the first one's reason", () => {
    const conflicts = automaticConflicts(
      [organisation({ organisationName: "Sparkbrook Stitchers" }), council(BIRMINGHAM, "Birmingham")],
      organisations,
    );
    expect(conflicts).toEqual([
      { organisationId: 1, reason: "You work for Birmingham council, where this organisation is based" },
      { organisationId: 3, reason: "You work for Sparkbrook Stitchers" },
    ]);
  });

  it("flags nothing for a judge with no matching affiliation", () => {
    expect(
      automaticConflicts([council("E08000027", "Dudley"), organisation({ organisationId: 99 })], organisations),
    ).toEqual([]);
    expect(automaticConflicts([], organisations)).toEqual([]);
  });

  it("compares names ignoring case and spaces only", () => {
    expect(sameName("Acme  Trust", "acme trust")).toBe(true);
    expect(sameName("Acme Trust", "Acme Trust Ltd")).toBe(false);
  });
});
