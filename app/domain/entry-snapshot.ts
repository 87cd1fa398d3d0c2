import type { OrganisationType } from "../../db/schema";
import { attachmentPath, formatBytes } from "./attachments";
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
  /**
   * The supporting documents the entry had when it was submitted (their bytes stay in the
   * attachment table; a file taken off the draft later is still served to whoever may read this
   * snapshot). Missing from submissions made before entries could have files.
   */
  attachments?: SnapshotFile[];
}

export interface SnapshotFile {
  id: number;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
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
    attachments: (input.attachments ?? []).map((f) => ({
      id: f.id,
      fileName: f.fileName,
      mediaType: f.mediaType,
      sizeBytes: f.sizeBytes,
    })),
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
  /** Files, shown as links to download them (the text holds their names and sizes). */
  files?: ShownFile[];
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

/** A supporting document as the pages list it: its name, its size in words, where to download it. */
export interface ShownFile {
  id: number;
  fileName: string;
  size: string;
  href: string;
}

/**
 * The supporting documents a stored snapshot lists, for the pages that read snapshots as stored
 * (older ones have none; anything malformed is left out).
 */
export function snapshotFiles(snapshot: unknown): ShownFile[] {
  const list = snapshot && typeof snapshot === "object" ? (snapshot as { attachments?: unknown }).attachments : null;
  if (!Array.isArray(list)) return [];
  return list.flatMap((f: Partial<SnapshotFile> | null) =>
    f && Number.isSafeInteger(f.id) && typeof f.fileName === "string" && typeof f.sizeBytes === "number"
      ? [{ id: f.id!, fileName: f.fileName, size: formatBytes(f.sizeBytes), href: attachmentPath(f.id!) }]
      : [],
  );
}

/** The entry's supporting documents, when it has any. */
function documentsRow(snapshot: EntrySnapshot): SummaryRow[] {
  const shown = snapshotFiles(snapshot);
  if (!shown.length) return [];
  return [
    {
      field: "documents",
      label: "Supporting documents",
      text: shown.map((f) => `${f.fileName} (${f.size})`),
      list: true,
      files: shown,
    },
  ];
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
    delivery: [
      textRow(snapshot, "delivery"),
      textRow(snapshot, "costs"),
      textRow(snapshot, "prizeUse"),
      ...documentsRow(snapshot),
    ],
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
