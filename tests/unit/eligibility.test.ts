import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkEligibility,
  ELIGIBILITY_TYPE_OPTIONS,
  eligibilitySchema,
  type EligibilityAnswers,
} from "../../app/domain/eligibility";
import { parseValues } from "../../app/domain/forms";

const BIRMINGHAM = "E08000025";
const SHROPSHIRE = "E06000051";
const REGION = new Set([BIRMINGHAM, SHROPSHIRE, "E08000026"]);

const ELIGIBLE: EligibilityAnswers = {
  organisationType: "charity",
  area: BIRMINGHAM,
  size: "under_250",
  ownIdea: "yes",
};

describe("who can enter the challenge", () => {
  it("lets in a small charity in Birmingham entering its own idea", () => {
    expect(checkEligibility(ELIGIBLE, REGION)).toEqual({ eligible: true });
  });

  it.each(["community_group", "charity", "cic", "social_enterprise", "cooperative", "mutual", "sme"] as const)(
    "lets in a %s",
    (organisationType) => {
      expect(checkEligibility({ ...ELIGIBLE, organisationType }, REGION).eligible).toBe(true);
    },
  );

  it("lets in an organisation in a non-constituent member council such as Shropshire", () => {
    expect(checkEligibility({ ...ELIGIBLE, area: SHROPSHIRE }, REGION).eligible).toBe(true);
  });

  it("refuses a public body and says they can support an entry instead", () => {
    const result = checkEligibility({ ...ELIGIBLE, organisationType: "public_body" }, REGION);
    expect(result.eligible).toBe(false);
    if (result.eligible) return;
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]!.question).toBe("organisationType");
    expect(result.reasons[0]!.text).toMatch(/Public bodies.*cannot enter.*support an entry/);
  });

  it("refuses an individual, pointing informal groups to 'Community group'", () => {
    const result = checkEligibility({ ...ELIGIBLE, organisationType: "individual" }, REGION);
    expect(result).toMatchObject({ eligible: false, reasons: [{ question: "organisationType" }] });
    if (!result.eligible) expect(result.reasons[0]!.text).toContain("Community group");
  });

  it("refuses an organisation based and working outside the region", () => {
    const result = checkEligibility({ ...ELIGIBLE, area: "outside" }, REGION);
    expect(result).toEqual({
      eligible: false,
      reasons: [{ question: "area", text: expect.stringContaining("based in, or work in, one of the region") }],
    });
  });

  it("refuses a business with 250 or more employees: SMEs have fewer than 250", () => {
    const result = checkEligibility({ ...ELIGIBLE, organisationType: "sme", size: "250_or_more" }, REGION);
    expect(result).toEqual({
      eligible: false,
      reasons: [{ question: "size", text: expect.stringContaining("fewer than 250 employees") }],
    });
  });

  it("refuses someone else's idea", () => {
    const result = checkEligibility({ ...ELIGIBLE, ownIdea: "no" }, REGION);
    expect(result).toMatchObject({ eligible: false, reasons: [{ question: "ownIdea" }] });
  });

  it("gives every reason at once, in the order of the questions", () => {
    const result = checkEligibility(
      { organisationType: "other", area: "outside", size: "250_or_more", ownIdea: "no" },
      REGION,
    );
    expect(result.eligible).toBe(false);
    if (!result.eligible)
      expect(result.reasons.map((r) => r.question)).toEqual(["organisationType", "area", "size", "ownIdea"]);
  });

  it("is eligible exactly when every answer is an eligible one (any combination)", () => {
    const types = ELIGIBILITY_TYPE_OPTIONS.map((o) => o.value);
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.constantFrom(BIRMINGHAM, SHROPSHIRE, "outside", "E09000001"),
        fc.constantFrom("under_250" as const, "250_or_more" as const),
        fc.constantFrom("yes" as const, "no" as const),
        (organisationType, area, size, ownIdea) => {
          const expected =
            !["public_body", "individual", "other"].includes(organisationType) &&
            REGION.has(area) &&
            size === "under_250" &&
            ownIdea === "yes";
          expect(checkEligibility({ organisationType, area, size, ownIdea }, REGION).eligible).toBe(expected);
        },
      ),
    );
  });
});

describe("the eligibility questions as a form", () => {
  const schema = eligibilitySchema(REGION);

  it("asks for every unanswered question with its own message", () => {
    const result = parseValues(schema, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      organisationType: "Select what kind of organisation you are",
      area: "Select where your organisation is based or works",
      size: "Select how many employees your organisation has",
      ownIdea: "Select whether the idea is your organisation’s own",
    });
  });

  it("treats a council code from outside the list, or a made-up value, as not answered", () => {
    const result = parseValues(schema, {
      organisationType: "charity<script>",
      area: "E09000001",
      size: "1000",
      ownIdea: "maybe",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["area", "organisationType", "ownIdea", "size"]);
  });

  it("accepts 'outside' as an answer, which the rules then refuse", () => {
    const result = parseValues(schema, { organisationType: "cic", area: "outside", size: "under_250", ownIdea: "yes" });
    expect(result.ok).toBe(true);
  });
});
