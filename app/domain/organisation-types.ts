import type { OrganisationType } from "../../db/schema";

// The kinds of organisation that can enter: the social economy and small businesses (BRIEF.md).
// The values match the check constraint on organisation.type; the labels are what people read.

export interface OrganisationTypeOption {
  value: OrganisationType;
  label: string;
  hint?: string;
}

export const ORGANISATION_TYPES: readonly OrganisationTypeOption[] = [
  {
    value: "community_group",
    label: "Community group",
    hint: "For example a residents' association or a volunteer group",
  },
  {
    value: "charity",
    label: "Charity",
    hint: "Registered with the Charity Commission, or an exempt or excepted charity",
  },
  { value: "cic", label: "Community interest company (CIC)" },
  { value: "social_enterprise", label: "Social enterprise" },
  { value: "cooperative", label: "Co-operative" },
  { value: "mutual", label: "Mutual" },
  { value: "sme", label: "Small or medium-sized business (SME)", hint: "Fewer than 250 employees" },
];

export const ORGANISATION_TYPE_VALUES = ORGANISATION_TYPES.map((t) => t.value) as [
  OrganisationType,
  ...OrganisationType[],
];

export function organisationTypeLabel(value: string): string {
  return ORGANISATION_TYPES.find((t) => t.value === value)?.label ?? value;
}
