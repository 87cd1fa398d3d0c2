import { z } from "zod";
import type { OrganisationType } from "../../db/schema";
import { ORGANISATION_TYPES } from "./organisation-types";

// The quick check at /eligibility, before anyone registers: who may enter the challenge. The
// challenge is for grassroots organisations and small or medium-sized businesses (fewer than 250
// employees) based in, or working in, the region, entering an idea of their own.

/** Organisations this size and above are not small or medium-sized, nor grassroots. */
export const MAX_EMPLOYEES = 250;

export type EligibilityOrganisationType = OrganisationType | "public_body" | "individual" | "other";
export type EligibilitySize = "under_250" | "250_or_more";
export type EligibilityOwnIdea = "yes" | "no";
/** A local authority code, or "outside" for somewhere outside the region. */
export type EligibilityArea = string;

export interface EligibilityAnswers {
  organisationType: EligibilityOrganisationType;
  area: EligibilityArea;
  size: EligibilitySize;
  ownIdea: EligibilityOwnIdea;
}

export type EligibilityQuestion = keyof EligibilityAnswers;

export interface EligibilityReason {
  question: EligibilityQuestion;
  text: string;
}

export type EligibilityResult = { eligible: true } | { eligible: false; reasons: EligibilityReason[] };

export const OUTSIDE_REGION = "outside";

export const ELIGIBILITY_TYPE_OPTIONS: readonly { value: EligibilityOrganisationType; label: string; hint?: string }[] =
  [
    ...ORGANISATION_TYPES.map((t) =>
      t.value === "sme"
        ? { value: t.value, label: "Business", hint: "Including sole traders, partnerships and limited companies" }
        : { value: t.value, label: t.label, hint: t.hint },
    ),
    {
      value: "public_body",
      label: "Public body",
      hint: "For example a council, NHS organisation, school or university",
    },
    { value: "individual", label: "I am not part of an organisation" },
    { value: "other", label: "Something else" },
  ];

export const SIZE_OPTIONS: readonly { value: EligibilitySize; label: string; hint?: string }[] = [
  { value: "under_250", label: `Fewer than ${MAX_EMPLOYEES}`, hint: "Including none, if you are run by volunteers" },
  { value: "250_or_more", label: `${MAX_EMPLOYEES} or more` },
];

export const OWN_IDEA_OPTIONS: readonly { value: EligibilityOwnIdea; label: string }[] = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

const ELIGIBLE_TYPES = new Set<string>(ORGANISATION_TYPES.map((t) => t.value));

const TYPE_REASONS: Record<Exclude<EligibilityOrganisationType, OrganisationType>, string> = {
  public_body:
    "Public bodies, such as councils, NHS organisations, schools and universities, cannot enter. They can support an entry from a community organisation or small business.",
  individual:
    "Entries must come from an organisation. An informal group of volunteers counts: if you are part of one, choose ‘Community group’.",
  other:
    "The challenge is for community groups, charities, community interest companies, social enterprises, co-operatives, mutuals and businesses with fewer than 250 employees. If your organisation is one of these, choose it.",
};

/**
 * Whether an organisation answering this way can enter, and every reason it cannot. Answers
 * about the region are checked against `regionCodes`, the region's local authorities.
 */
export function checkEligibility(answers: EligibilityAnswers, regionCodes: ReadonlySet<string>): EligibilityResult {
  const reasons: EligibilityReason[] = [];
  if (!ELIGIBLE_TYPES.has(answers.organisationType)) {
    const reason = TYPE_REASONS[answers.organisationType as keyof typeof TYPE_REASONS] ?? TYPE_REASONS.other;
    reasons.push({ question: "organisationType", text: reason });
  }
  if (!regionCodes.has(answers.area)) {
    reasons.push({
      question: "area",
      text: "Your organisation must be based in, or work in, one of the region’s council areas.",
    });
  }
  if (answers.size !== "under_250") {
    reasons.push({
      question: "size",
      text: `Only organisations with fewer than ${MAX_EMPLOYEES} employees can enter: grassroots organisations and small or medium-sized businesses.`,
    });
  }
  if (answers.ownIdea !== "yes") {
    reasons.push({
      question: "ownIdea",
      text: "The idea you enter must be your organisation’s own. You can work with partners and build on what others have done, but you cannot enter someone else’s idea.",
    });
  }
  return reasons.length ? { eligible: false, reasons } : { eligible: true };
}

const TYPE_VALUES = ELIGIBILITY_TYPE_OPTIONS.map((o) => o.value) as [
  EligibilityOrganisationType,
  ...EligibilityOrganisationType[],
];

/**
 * The form's schema. An area that is neither one of the region's councils nor "outside" is
 * treated as not answered (it can only come from a hand-made request).
 */
export function eligibilitySchema(regionCodes: ReadonlySet<string>) {
  return z.object({
    organisationType: z.enum(TYPE_VALUES, { error: "Select what kind of organisation you are" }),
    area: z
      .string({ error: "Select where your organisation is based or works" })
      .refine((code) => code === OUTSIDE_REGION || regionCodes.has(code), {
        message: "Select where your organisation is based or works",
      }),
    size: z.enum(["under_250", "250_or_more"], { error: "Select how many employees your organisation has" }),
    ownIdea: z.enum(["yes", "no"], { error: "Select whether the idea is your organisation’s own" }),
  });
}

export const ELIGIBILITY_QUESTIONS: readonly EligibilityQuestion[] = ["organisationType", "area", "size", "ownIdea"];
