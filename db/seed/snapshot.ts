import type { OrganisationType } from "../schema";

// What an entry_submission snapshot holds: everything a judge needs to read the idea as it was
// submitted, names included, so that renaming a priority area or an organisation later does not
// change what was judged. The entries service writes the same shape when someone submits.

/** The sections of the entry task list, in the order an entrant works through them. */
export const ENTRY_SECTIONS = [
  "idea",
  "priority",
  "need",
  "beneficiaries",
  "delivery",
  "costs",
  "prize-use",
  "sharing",
] as const;
export type EntrySection = (typeof ENTRY_SECTIONS)[number];

export interface EntrySnapshot {
  reference: string;
  version: number;
  organisation: {
    id: number;
    name: string;
    type: OrganisationType;
    localAuthorityCode: string;
    postcode: string;
  };
  priorityArea: { id: number; name: string } | null;
  principles: { id: number; name: string }[];
  areas: { code: string; name: string }[];
  title: string;
  summary: string;
  need: string;
  beneficiaries: string;
  delivery: string;
  costs: string;
  prizeUse: string;
  consentShare: boolean;
  consentContact: boolean;
  declaration: boolean;
}

/** Copies the fields in a fixed order, so equal entries give byte-identical snapshots. */
export function buildEntrySnapshot(input: EntrySnapshot): EntrySnapshot {
  return {
    reference: input.reference,
    version: input.version,
    organisation: { ...input.organisation },
    priorityArea: input.priorityArea ? { ...input.priorityArea } : null,
    principles: input.principles.map((p) => ({ id: p.id, name: p.name })),
    areas: input.areas.map((a) => ({ code: a.code, name: a.name })),
    title: input.title,
    summary: input.summary,
    need: input.need,
    beneficiaries: input.beneficiaries,
    delivery: input.delivery,
    costs: input.costs,
    prizeUse: input.prizeUse,
    consentShare: input.consentShare,
    consentContact: input.consentContact,
    declaration: input.declaration,
  };
}
