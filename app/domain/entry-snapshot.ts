import type { OrganisationType } from "../../db/schema";
import { SECTIONS, TEXT_FIELDS, type SectionKey, type TextFieldName } from "./entry-sections";

// What an entry_submission snapshot holds: everything a judge needs to read the idea as it was
// submitted, names included, so that renaming a priority area or an organisation later does not
// change what was judged. The same shape as the demo data's (db/seed/snapshot.ts), so demo and
// real submissions read alike; a unit test keeps the two in step.

export interface EntrySnapshot {
  reference: string;
  /** entry.version at submission. */
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
    organisation: {
      id: input.organisation.id,
      name: input.organisation.name,
      type: input.organisation.type,
      localAuthorityCode: input.organisation.localAuthorityCode,
      postcode: input.organisation.postcode,
    },
    priorityArea: input.priorityArea ? { id: input.priorityArea.id, name: input.priorityArea.name } : null,
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

/** One answer, for the check-your-answers page, the receipt email and whoever reads a snapshot. */
export interface SummaryRow {
  /** The form field the answer comes from (the page to change it has a field of that id). */
  field: string;
  label: string;
  /** Paragraphs of text, or the items of a list; empty when not answered. */
  text: string[];
  list?: boolean;
}

export interface SummarySection {
  key: SectionKey;
  title: string;
  rows: SummaryRow[];
}

export const NOT_ANSWERED = "Not answered";

const CONSENT_LABELS = {
  consentShare: "Share the idea with the region’s councils after the results",
  consentContact: "Give councils our contact details",
  declaration: "Declaration",
} as const;

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

function textRow(snapshot: EntrySnapshot, name: TextFieldName): SummaryRow {
  return { field: name, label: TEXT_FIELDS[name].noun, text: paragraphs(snapshot[name]) };
}

/** The answers of an entry, section by section, as people read them. */
export function summariseEntry(snapshot: EntrySnapshot): SummarySection[] {
  const yesNo = (value: boolean) => [value ? "Yes" : "No"];
  const rows: Record<SectionKey, SummaryRow[]> = {
    idea: [textRow(snapshot, "title"), textRow(snapshot, "summary")],
    need: [textRow(snapshot, "need"), textRow(snapshot, "beneficiaries")],
    priority: [
      {
        field: "priorityArea",
        label: "Priority area",
        text: snapshot.priorityArea ? [snapshot.priorityArea.name] : [],
      },
      { field: "principles", label: "Principles", text: snapshot.principles.map((p) => p.name), list: true },
    ],
    where: [{ field: "areas", label: "Council areas", text: snapshot.areas.map((a) => a.name), list: true }],
    delivery: [textRow(snapshot, "delivery"), textRow(snapshot, "costs"), textRow(snapshot, "prizeUse")],
    declarations: [
      { field: "consentShare", label: CONSENT_LABELS.consentShare, text: yesNo(snapshot.consentShare) },
      { field: "consentContact", label: CONSENT_LABELS.consentContact, text: yesNo(snapshot.consentContact) },
      {
        field: "declaration",
        label: CONSENT_LABELS.declaration,
        text: [snapshot.declaration ? "Confirmed" : "Not confirmed"],
      },
    ],
  };
  return (Object.keys(rows) as SectionKey[]).map((key) => ({ key, title: SECTIONS[key].title, rows: rows[key] }));
}
