import { createHash } from "node:crypto";
import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { EntryStatus } from "../../../db/schema";
import { absoluteUrl } from "../../../emails/components/url";
import type { EntryReceiptEmailProps } from "../../../emails/entry-receipt";
import { generateSessionToken, hashToken } from "../../auth/session.server";
import { config } from "../../config.server";
import { effectiveClosingTime, isBeforeDeadline } from "../../domain/deadline";
import {
  incompleteSections,
  SECTION_KEYS,
  SECTIONS,
  sectionFormValues,
  sectionSchema,
  sectionStatus,
  sectionValuesOnly,
  withCompletion,
  type EntryContent,
  type SectionInput,
  type SectionKey,
  type SectionStatus,
} from "../../domain/entry-sections";
import {
  buildEntrySnapshot,
  summariseEntry,
  type EntrySnapshot,
  type SnapshotFile,
  type SummarySection,
} from "../../domain/entry-snapshot";
import { attachmentPath, ENTRY_DOCUMENTS_FIELD, formatBytes } from "../../domain/attachments";
import { checkUpload, removeAttachment, storeAttachments, type UploadedFile } from "../attachments/attachments.server";
import { parseValues, type FieldErrors, type FormValues } from "../../domain/forms";
import { formatDateTime } from "../../domain/time";
import type { Actor } from "../actor.server";
import { AppError, conflict, forbidden, invalid, invalidFields, isAppError, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { getCurrentChallenge, priorityAreasOf, principlesOf } from "../challenges/challenges.server";
import { extensionFor } from "./extensions.server";
import { queueEmail } from "../email/outbox.server";
import { hit } from "../accounts/rate-limit.server";

// Entries: an organisation's ideas for the open challenge, written section by section, checked,
// submitted, changed and resubmitted, or withdrawn. The rules that matter most:
//
// - Scoping. Every query goes through the person's organisation membership. An entry of another
//   organisation is simply not found (the pages answer 404), never "forbidden".
// - Deadline. Submitting (and changing or withdrawing a submitted entry) is allowed only before
//   the organisation's closing time (the challenge's, or a later one staff granted), compared at
//   the exact instant `now` passed in. A draft can still be saved after it, so text typed in the
//   last seconds is kept, but it can never be submitted.
// - Snapshots. Submitting copies the entry into entry_submission (immutable, one per version);
//   judges read the latest snapshot, never the live entry. Changing a submitted entry changes
//   only the live entry until it is submitted again.
// - Concurrency. Each section form carries the entry version it was read at and a fingerprint of
//   that section's answers. A save is refused as a conflict when the entry moved on AND this
//   section's answers changed meanwhile: a colleague saving another section is no conflict.
//   The entry row is locked (FOR UPDATE) for the check and the versioned UPDATE.
// - Nothing typed is lost: a section posted after the session expired is kept (pending_save) and
//   applied once the person signs in again in the same browser.

export function sectionPath(reference: string, section: SectionKey): string {
  return `/entries/${reference}/${section}`;
}

/** How many entries one organisation may start in one challenge. */
export const MAX_ENTRIES_PER_ORGANISATION = 20;
const PENDING_SAVE_MS = 24 * 60 * 60 * 1000;
/** Saves kept for people whose session expired, per address per hour: generous for people, not for floods. */
export const PENDING_SAVES_PER_ADDRESS = { limit: 60, windowSeconds: 60 * 60 };

// ---------------------------------------------------------------------------------------------
// Reading an entry, always through the person's membership.

async function findEntry(executor: Executor, userId: number, reference: string, forUpdate = false) {
  // One round trip for everything an entry's pages and changes need: the entry, its challenge
  // and organisation, its principles and council areas (with their names, for the snapshot), the
  // organisation's extension and the last submitted version. A deadline surge is mostly this
  // query, so it is one query, not seven.
  let query = executor
    .selectFrom("entry")
    .innerJoin("organisation_member", "organisation_member.organisation_id", "entry.organisation_id")
    .innerJoin("challenge", "challenge.id", "entry.challenge_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
    .leftJoin("priority_area", "priority_area.id", "entry.priority_area_id")
    .selectAll("entry")
    .select([
      "challenge.title as challenge_title",
      "challenge.closes_at as challenge_closes_at",
      "challenge.entry_max_files as challenge_max_files",
      "challenge.entry_max_file_mb as challenge_max_file_mb",
      "organisation.name as organisation_name",
      "organisation.type as organisation_type",
      "organisation.local_authority_code as organisation_local_authority_code",
      "organisation.postcode as organisation_postcode",
      "priority_area.name as priority_area_name",
      "app_user.email as member_email",
      sql<{ id: number; name: string }[]>`(
        select coalesce(json_agg(json_build_object('id', p.id, 'name', p.name) order by p.position, p.id), '[]'::json)
        from entry_principle ep join principle p on p.id = ep.principle_id
        where ep.entry_id = entry.id)`.as("principles"),
      sql<{ code: string; name: string }[]>`(
        select coalesce(json_agg(json_build_object('code', la.code, 'name', la.name) order by la.name), '[]'::json)
        from entry_area ea join local_authority la on la.code = ea.local_authority_code
        where ea.entry_id = entry.id)`.as("areas"),
      sql<Date | string | null>`(
        select de.closes_at from deadline_extension de
        where de.challenge_id = entry.challenge_id and de.organisation_id = entry.organisation_id)`.as("extended_to"),
      sql<number | null>`(select max(es.entry_version) from entry_submission es where es.entry_id = entry.id)`.as(
        "submitted_version",
      ),
      // The supporting documents on the entry now (not those taken off it).
      sql<SnapshotFile[]>`(
        select coalesce(json_agg(json_build_object('id', a.id, 'fileName', a.file_name, 'mediaType', a.media_type,
          'sizeBytes', a.size_bytes) order by a.uploaded_at, a.id), '[]'::json)
        from attachment a
        where a.owner_kind = 'entry' and a.owner_id = entry.id and a.removed_at is null)`.as("attachments"),
    ])
    .where("organisation_member.user_id", "=", userId)
    .where("entry.reference", "=", reference);
  if (forUpdate) query = query.forUpdate("entry");
  return query.executeTakeFirst();
}

type EntryRow = NonNullable<Awaited<ReturnType<typeof findEntry>>>;

function contentOf(entry: EntryRow): EntryContent {
  return {
    title: entry.title,
    summary: entry.summary,
    need: entry.need,
    beneficiaries: entry.beneficiaries,
    priorityAreaId: entry.priority_area_id,
    principleIds: entry.principles.map((p) => p.id).sort((a, b) => a - b),
    areaCodes: entry.areas.map((a) => a.code).sort(),
    delivery: entry.delivery,
    costs: entry.costs,
    prizeUse: entry.prize_use,
    consentShare: entry.consent_share,
    consentContact: entry.consent_contact,
    declaration: entry.declaration,
  };
}

interface Deadline {
  closesAt: Date;
  extended: boolean;
  open: boolean;
}

function deadlineOf(entry: EntryRow, now: Date): Deadline {
  const deadline = {
    closesAt: new Date(entry.challenge_closes_at),
    extendedTo: entry.extended_to === null ? null : new Date(entry.extended_to),
  };
  const closesAt = effectiveClosingTime(deadline);
  return {
    closesAt,
    extended: closesAt.getTime() !== deadline.closesAt.getTime(),
    open: isBeforeDeadline(deadline, now),
  };
}

/** Why an entry cannot be changed now, or null when it can. */
function lockMessage(status: EntryStatus, deadline: Deadline): string | null {
  if (status === "ineligible") return "This entry was found not eligible, so it can no longer be changed.";
  if (deadline.open || status === "draft") return null;
  return status === "submitted"
    ? `The closing time (${formatDateTime(deadline.closesAt)}) has passed, so your submitted entry can no longer be changed. The judges will see the version you submitted.`
    : `The closing time (${formatDateTime(deadline.closesAt)}) has passed, so this withdrawn entry can no longer be changed.`;
}

export interface EntryHeader {
  id: number;
  reference: string;
  title: string;
  status: EntryStatus;
  version: number;
  organisationName: string;
  challengeTitle: string;
  closesAtText: string;
  /** The organisation has a later closing time than the challenge's. */
  extended: boolean;
  /** Before the organisation's closing time. */
  open: boolean;
  /** Why the entry cannot be changed, or null when it can. */
  lockMessage: string | null;
  /** The version judges would see, if it has been submitted. */
  submittedVersion: number | null;
  /** Submitted, then changed, and the changes not yet submitted again. */
  unsubmittedChanges: boolean;
  submittedAtText: string | null;
  withdrawnAtText: string | null;
  canWithdraw: boolean;
  eligibilityReason: string | null;
  /** The organisation's choices about councils, as they stand (app/services/entries/consent.server.ts). */
  consentShare: boolean;
  consentContact: boolean;
}

function headerOf(entry: EntryRow, deadline: Deadline, submittedVersion: number | null): EntryHeader {
  return {
    id: entry.id,
    reference: entry.reference,
    title: entry.title,
    status: entry.status,
    version: entry.version,
    organisationName: entry.organisation_name,
    challengeTitle: entry.challenge_title,
    closesAtText: formatDateTime(deadline.closesAt),
    extended: deadline.extended,
    open: deadline.open,
    lockMessage: lockMessage(entry.status, deadline),
    submittedVersion,
    unsubmittedChanges: entry.status === "submitted" && submittedVersion !== null && entry.version > submittedVersion,
    submittedAtText: entry.submitted_at ? formatDateTime(new Date(entry.submitted_at)) : null,
    withdrawnAtText: entry.withdrawn_at ? formatDateTime(new Date(entry.withdrawn_at)) : null,
    canWithdraw: deadline.open && (entry.status === "draft" || entry.status === "submitted"),
    eligibilityReason: entry.eligibility_reason,
    consentShare: entry.consent_share,
    consentContact: entry.consent_contact,
  };
}

/** The entry, through the person's membership: another organisation's entry is not found. */
async function readEntry(executor: Executor, userId: number, reference: string, now: Date, forUpdate = false) {
  const entry = await findEntry(executor, userId, reference, forUpdate);
  if (!entry) throw notFound();
  const content = contentOf(entry);
  const deadline = deadlineOf(entry, now);
  const submittedVersion = entry.submitted_version === null ? null : Number(entry.submitted_version);
  return { entry, content, deadline, submittedVersion, header: headerOf(entry, deadline, submittedVersion) };
}

/** The entry as a snapshot: what would be (or was) submitted, with every name filled in. */
function snapshotOf(entry: EntryRow): EntrySnapshot {
  return buildEntrySnapshot({
    reference: entry.reference,
    version: entry.version,
    organisation: {
      id: entry.organisation_id,
      name: entry.organisation_name,
      type: entry.organisation_type,
      localAuthorityCode: entry.organisation_local_authority_code,
      postcode: entry.organisation_postcode,
    },
    priorityArea:
      entry.priority_area_id === null || entry.priority_area_name === null
        ? null
        : { id: entry.priority_area_id, name: entry.priority_area_name },
    principles: entry.principles,
    areas: entry.areas,
    title: entry.title,
    summary: entry.summary,
    need: entry.need,
    beneficiaries: entry.beneficiaries,
    delivery: entry.delivery,
    costs: entry.costs,
    prizeUse: entry.prize_use,
    consentShare: entry.consent_share,
    consentContact: entry.consent_contact,
    declaration: entry.declaration,
    attachments: entry.attachments,
  });
}

function fingerprint(section: SectionKey, content: EntryContent, completedSections: readonly string[]): string {
  const values = sectionFormValues(section, content, completedSections.includes(section));
  return createHash("sha256").update(JSON.stringify(values)).digest("hex");
}

function statusesOf(content: EntryContent, completedSections: readonly string[]) {
  return SECTION_KEYS.map((key) => ({
    key,
    title: SECTIONS[key].title,
    status: sectionStatus(key, content, completedSections),
  }));
}

// ---------------------------------------------------------------------------------------------
// The list and starting an entry.

export interface EntryListItem {
  reference: string;
  title: string;
  status: EntryStatus;
  unsubmittedChanges: boolean;
  challengeTitle: string;
  updatedAtText: string;
}

type StartRefusal = "no_organisation" | "no_challenge" | "not_open_yet" | "closed" | "too_many";

const START_REFUSALS: Record<StartRefusal, string> = {
  no_organisation: "Create or join your organisation before you start an entry.",
  no_challenge: "The challenge is not open for entries at the moment.",
  not_open_yet: "The challenge is not open for entries yet.",
  closed: "The challenge has closed, so new entries cannot be started.",
  too_many: `Your organisation already has ${MAX_ENTRIES_PER_ORGANISATION} entries in this challenge, which is the most it can have.`,
};

async function membershipOf(executor: Executor, userId: number) {
  return executor
    .selectFrom("organisation_member")
    .innerJoin("organisation", "organisation.id", "organisation_member.organisation_id")
    .select(["organisation.id", "organisation.name"])
    .where("organisation_member.user_id", "=", userId)
    .orderBy("organisation_member.joined_at")
    .executeTakeFirst();
}

/** The open challenge's id (what getCurrentChallenge shows), or null when none is open. */
async function openChallengeId(): Promise<number | null> {
  const current = await getCurrentChallenge();
  return current?.challenge.status === "open" ? current.challenge.id : null;
}

async function startCheck(
  executor: Executor,
  userId: number,
  challengeId: number | null,
  now: Date,
): Promise<
  | { ok: true; organisation: { id: number; name: string }; challenge: { id: number; title: string }; closesAt: Date }
  | {
      ok: false;
      reason: StartRefusal;
      organisation: { id: number; name: string } | null;
      challenge: { title: string } | null;
    }
> {
  const organisation = (await membershipOf(executor, userId)) ?? null;
  // Read again here so that, inside a transaction, the check sees the challenge as it commits.
  const challenge =
    challengeId === null
      ? null
      : ((await executor
          .selectFrom("challenge")
          .select(["id", "title", "opens_at", "closes_at"])
          .where("id", "=", challengeId)
          .where("status", "=", "open")
          .executeTakeFirst()) ?? null);
  if (!organisation) return { ok: false, reason: "no_organisation", organisation, challenge };
  if (!challenge) return { ok: false, reason: "no_challenge", organisation, challenge };
  if (now.getTime() < new Date(challenge.opens_at).getTime()) {
    return { ok: false, reason: "not_open_yet", organisation, challenge };
  }
  const extension = await extensionFor(challenge.id, organisation.id, executor);
  const deadline = { closesAt: new Date(challenge.closes_at), extendedTo: extension?.closesAt ?? null };
  if (!isBeforeDeadline(deadline, now)) return { ok: false, reason: "closed", organisation, challenge };
  return { ok: true, organisation, challenge, closesAt: effectiveClosingTime(deadline) };
}

export interface EntriesPage {
  organisationName: string | null;
  entries: EntryListItem[];
  /** Why a new entry cannot be started now, or null when it can. */
  startRefusal: string | null;
  hasOrganisation: boolean;
}

/** The organisation's entries, newest first, with whether a new one can be started. */
export async function listEntries(actor: Actor, now = new Date()): Promise<EntriesPage> {
  const rows = await db()
    .selectFrom("entry")
    .innerJoin("organisation_member", "organisation_member.organisation_id", "entry.organisation_id")
    .innerJoin("challenge", "challenge.id", "entry.challenge_id")
    .select((eb) => [
      "entry.reference",
      "entry.title",
      "entry.status",
      "entry.version",
      "entry.updated_at",
      "challenge.title as challenge_title",
      eb
        .selectFrom("entry_submission")
        .select((sub) => sub.fn.max("entry_submission.entry_version").as("v"))
        .whereRef("entry_submission.entry_id", "=", "entry.id")
        .as("submitted_version"),
    ])
    .where("organisation_member.user_id", "=", actor.id)
    .orderBy("entry.created_at", "desc")
    .orderBy("entry.id", "desc")
    .execute();
  const start = await startCheck(db(), actor.id, await openChallengeId(), now);
  return {
    organisationName: start.organisation?.name ?? null,
    hasOrganisation: start.organisation !== null,
    startRefusal: start.ok ? null : START_REFUSALS[start.reason],
    entries: rows.map((row) => ({
      reference: row.reference,
      title: row.title,
      status: row.status,
      unsubmittedChanges:
        row.status === "submitted" && row.submitted_version !== null && row.version > Number(row.submitted_version),
      challengeTitle: row.challenge_title,
      updatedAtText: formatDateTime(new Date(row.updated_at)),
    })),
  };
}

export interface NewEntryPage {
  organisationName: string | null;
  challengeTitle: string | null;
  closesAtText: string | null;
  refusal: { reason: StartRefusal; message: string } | null;
}

export async function newEntryPage(actor: Actor, now = new Date()): Promise<NewEntryPage> {
  const start = await startCheck(db(), actor.id, await openChallengeId(), now);
  return {
    organisationName: start.organisation?.name ?? null,
    challengeTitle: start.challenge?.title ?? null,
    closesAtText: start.ok ? formatDateTime(start.closesAt) : null,
    refusal: start.ok ? null : { reason: start.reason, message: START_REFUSALS[start.reason] },
  };
}

/**
 * Starts a draft entry for the person's organisation in the open challenge, and returns its
 * reference. Refused (conflict, with the words the page shows) when the person has no
 * organisation, no challenge is open, or the organisation has as many entries as it may.
 */
export async function startEntry(actor: Actor, input: { title: string }, now = new Date()): Promise<string> {
  // Outside the transaction: getCurrentChallenge uses the process's pool, and the embedded
  // database has a single connection, which the transaction would be holding.
  const challengeId = await openChallengeId();
  return db()
    .transaction()
    .execute(async (trx) => {
      const start = await startCheck(trx, actor.id, challengeId, now);
      if (!start.ok) throw conflict(START_REFUSALS[start.reason]);
      // Serialises starts by one organisation, so the cap holds when colleagues start at once.
      await trx.selectFrom("organisation").select("id").where("id", "=", start.organisation.id).forUpdate().execute();
      const { count } = await trx
        .selectFrom("entry")
        .select((eb) => eb.fn.countAll<string>().as("count"))
        .where("organisation_id", "=", start.organisation.id)
        .where("challenge_id", "=", start.challenge.id)
        .executeTakeFirstOrThrow();
      if (Number(count) >= MAX_ENTRIES_PER_ORGANISATION) {
        throw conflict(START_REFUSALS.too_many);
      }
      const entry = await trx
        .insertInto("entry")
        .values({
          challenge_id: start.challenge.id,
          organisation_id: start.organisation.id,
          title: input.title,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
        })
        .returning(["id", "reference"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: "entry_created",
        actorUserId: actor.id,
        subjectType: "entry",
        subjectId: entry.id,
        ip: actor.ip,
        details: { reference: entry.reference, title: input.title },
      });
      return entry.reference;
    });
}

// ---------------------------------------------------------------------------------------------
// The task list, a section's page, check your answers.

export interface EntryOverview {
  header: EntryHeader;
  sections: { key: SectionKey; title: string; status: SectionStatus }[];
  completedCount: number;
}

/** The entry's task list; not found unless the entry is the person's organisation's. */
export async function entryOverview(actor: Actor, reference: string, now = new Date()): Promise<EntryOverview> {
  const found = await readEntry(db(), actor.id, reference, now);
  const sections = statusesOf(found.content, found.entry.completed_sections);
  return {
    header: found.header,
    sections,
    completedCount: sections.filter((s) => s.status === "completed").length,
  };
}

export interface SectionOptions {
  priorityAreas: { id: number; name: string; description: string; sponsor: string }[];
  principles: { id: number; name: string; description: string }[];
  localAuthorities: { code: string; name: string; constituent: boolean }[];
}

async function optionsFor(executor: Executor, section: SectionKey, challengeId: number): Promise<SectionOptions> {
  const options: SectionOptions = { priorityAreas: [], principles: [], localAuthorities: [] };
  if (section === "priority") {
    [options.priorityAreas, options.principles] = await Promise.all([
      priorityAreasOf(executor, challengeId),
      principlesOf(executor, challengeId),
    ]);
  }
  if (section === "where") {
    options.localAuthorities = await executor
      .selectFrom("local_authority")
      .select(["code", "name", "constituent"])
      .orderBy("constituent", "desc")
      .orderBy("name")
      .execute();
  }
  return options;
}

export interface SectionPage {
  header: EntryHeader;
  section: SectionKey;
  sectionTitle: string;
  status: SectionStatus;
  /** The saved answers, as form values. */
  values: FormValues;
  /** What the form must send back: the entry version and this section's fingerprint. */
  version: number;
  base: string;
  options: SectionOptions;
  /** The saved answers as people read them (shown when the entry cannot be changed). */
  summary: SummarySection;
  /** On the delivery section, when the challenge takes supporting documents (or the entry has some). */
  documents: EntryDocuments | null;
}

/** What the challenge allows in supporting documents, and the entry's files now. */
export interface EntryDocuments {
  maxFiles: number;
  maxFileBytes: number;
  files: { id: number; fileName: string; size: string; href: string }[];
}

const DOCUMENTS_FIELD = ENTRY_DOCUMENTS_FIELD;
const DOCUMENTS_SECTION: SectionKey = "delivery";

function documentsOf(entry: EntryRow): EntryDocuments | null {
  if (entry.challenge_max_files === 0 && entry.attachments.length === 0) return null;
  return {
    maxFiles: entry.challenge_max_files,
    maxFileBytes: entry.challenge_max_file_mb * 1024 * 1024,
    files: entry.attachments.map((f) => ({
      id: f.id,
      fileName: f.fileName,
      size: formatBytes(f.sizeBytes),
      href: attachmentPath(f.id),
    })),
  };
}

async function buildSectionPage(
  executor: Executor,
  found: NonNullable<Awaited<ReturnType<typeof readEntry>>>,
  section: SectionKey,
): Promise<SectionPage> {
  const { entry, content } = found;
  const options = await optionsFor(executor, section, entry.challenge_id);
  const snapshot = snapshotOf(entry);
  return {
    header: found.header,
    section,
    sectionTitle: SECTIONS[section].title,
    status: sectionStatus(section, content, entry.completed_sections),
    values: sectionFormValues(section, content, entry.completed_sections.includes(section)),
    version: entry.version,
    base: fingerprint(section, content, entry.completed_sections),
    options,
    summary: summariseEntry(snapshot).find((s) => s.key === section)!,
    documents: section === DOCUMENTS_SECTION ? documentsOf(entry) : null,
  };
}

export async function sectionPage(
  actor: Actor,
  reference: string,
  section: SectionKey,
  now = new Date(),
): Promise<SectionPage> {
  const found = await readEntry(db(), actor.id, reference, now);
  return buildSectionPage(db(), found, section);
}

export interface CheckPage {
  header: EntryHeader;
  summary: SummarySection[];
  statuses: Record<SectionKey, SectionStatus>;
  incomplete: { key: SectionKey; title: string }[];
  /** Whether there is anything to submit: a draft, a withdrawn entry, or unsubmitted changes. */
  hasSomethingToSubmit: boolean;
  canSubmit: boolean;
}

export async function checkPage(actor: Actor, reference: string, now = new Date()): Promise<CheckPage> {
  const found = await readEntry(db(), actor.id, reference, now);
  const { entry, content, header } = found;
  const snapshot = snapshotOf(entry);
  const statuses = Object.fromEntries(
    statusesOf(content, entry.completed_sections).map((s) => [s.key, s.status]),
  ) as Record<SectionKey, SectionStatus>;
  const incomplete = incompleteSections(content, entry.completed_sections).map((key) => ({
    key,
    title: SECTIONS[key].title,
  }));
  const hasSomethingToSubmit =
    entry.status === "draft" ||
    entry.status === "withdrawn" ||
    (entry.status === "submitted" && header.unsubmittedChanges);
  return {
    header,
    summary: summariseEntry(snapshot),
    statuses,
    incomplete,
    hasSomethingToSubmit,
    canSubmit: hasSomethingToSubmit && incomplete.length === 0 && header.open && header.lockMessage === null,
  };
}

// ---------------------------------------------------------------------------------------------
// Saving a section.

export interface SaveSectionInput {
  reference: string;
  input: SectionInput;
  /** The entry version the form was read at (null when the form did not say). */
  version: number | null;
  /** The fingerprint of the section's answers when the form was read. */
  base: string | null;
  /** A kept save being applied: it must still exist, and is used up by this save. */
  applyingPendingToken?: string | null;
  /** A kept save the form came from: removed if it is still there. */
  clearsPendingToken?: string | null;
  /** Supporting documents added with the delivery section (ignored on any other). */
  uploads?: readonly UploadedFile[];
}

export type SaveSectionResult =
  | { outcome: "saved"; version: number }
  /** The kept save being applied was already used up (another tab applied it first). */
  | { outcome: "already_applied" };

export const SECTION_CONFLICT_MESSAGE =
  "A colleague changed this section while you were editing it. Their version is shown below; your text is kept here so you can copy it";

/**
 * A save refused because a colleague changed the section after the form was read. Besides the
 * message, the page needs the section as the colleague left it, and what a deliberate save over
 * theirs must send.
 */
export class SectionConflict extends AppError {
  constructor(
    readonly theirs: SummarySection,
    readonly version: number,
    readonly base: string,
  ) {
    super("conflict", SECTION_CONFLICT_MESSAGE, { field: "form" });
  }
}

const UNKNOWN_OPTION = "Select from the options on the page";

/** Checks the choices against what this challenge offers (the form could send any number). */
async function optionErrors(executor: Executor, entry: EntryRow, input: SectionInput): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const { content } = input;
  if (input.section === "priority") {
    if (content.priorityAreaId !== null && content.priorityAreaId !== undefined) {
      const area = await executor
        .selectFrom("priority_area")
        .select("id")
        .where("id", "=", content.priorityAreaId)
        .where("challenge_id", "=", entry.challenge_id)
        .executeTakeFirst();
      if (!area) errors.priorityArea = "Select the priority area your idea addresses";
    }
    const ids = content.principleIds ?? [];
    if (ids.length) {
      const found = await executor
        .selectFrom("principle")
        .select("id")
        .where("id", "in", ids)
        .where("challenge_id", "=", entry.challenge_id)
        .execute();
      if (found.length !== ids.length) errors.principles = UNKNOWN_OPTION;
    }
  }
  if (input.section === "where") {
    const codes = content.areaCodes ?? [];
    if (codes.length) {
      const found = await executor.selectFrom("local_authority").select("code").where("code", "in", codes).execute();
      if (found.length !== codes.length) errors.areas = UNKNOWN_OPTION;
    }
  }
  return errors;
}

function columnsFor(input: SectionInput) {
  const c = input.content;
  switch (input.section) {
    case "idea":
      return { title: c.title!, summary: c.summary! };
    case "need":
      return { need: c.need!, beneficiaries: c.beneficiaries! };
    case "priority":
      return { priority_area_id: c.priorityAreaId ?? null };
    case "where":
      return {};
    case "delivery":
      return { delivery: c.delivery!, costs: c.costs!, prize_use: c.prizeUse! };
    case "declarations":
      return { consent_share: c.consentShare!, consent_contact: c.consentContact!, declaration: c.declaration! };
  }
}

/**
 * Saves one section of an entry: the answers given (a partial draft is fine) and whether the
 * person says the section is completed. Refused with a SectionConflict when the form is out of
 * date and this section changed since it was read; with a conflict when the entry can no longer
 * be changed (its lock message); as invalid when a choice is not one the challenge offers.
 */
export async function saveSection(actor: Actor, save: SaveSectionInput, now = new Date()): Promise<SaveSectionResult> {
  // Files are checked (type from their content, size against the challenge's limit) before the
  // transaction: a refused file saves nothing, and the page comes back with everything as typed.
  const uploads = save.input.section === DOCUMENTS_SECTION ? (save.uploads ?? []) : [];
  const checked = uploads.length ? await checkDocuments(actor, save.reference, uploads, now) : [];
  return db()
    .transaction()
    .execute(async (trx): Promise<SaveSectionResult> => {
      const found = await readEntry(trx, actor.id, save.reference, now, true);
      const { entry, content } = found;
      const section = save.input.section;
      if (found.header.lockMessage) throw conflict(found.header.lockMessage);
      if (checked.length) assertRoomFor(entry, checked.length);

      // Two tabs applying one kept save queue on the entry's lock; the second finds it used up.
      if (save.applyingPendingToken) {
        const pending = await trx
          .selectFrom("pending_save")
          .select("id")
          .where("id", "=", hashToken(save.applyingPendingToken))
          .executeTakeFirst();
        if (!pending) return { outcome: "already_applied" };
      }

      const current = fingerprint(section, content, entry.completed_sections);
      if (save.version !== entry.version && save.base !== current) {
        const snapshot = snapshotOf(entry);
        throw new SectionConflict(
          summariseEntry(snapshot).find((s) => s.key === section)!,
          entry.version,
          current,
        );
      }

      const errors = await optionErrors(trx, entry, save.input);
      if (Object.keys(errors).length) throw invalidFields(errors);

      const updated = await trx
        .updateTable("entry")
        .set({
          ...columnsFor(save.input),
          completed_sections: withCompletion(entry.completed_sections, section, save.input.completed),
          version: sql<number>`version + 1`,
          updated_at: now,
        })
        .where("id", "=", entry.id)
        .where("version", "=", entry.version)
        .returning("version")
        .executeTakeFirst();
      // The row is locked, so this cannot happen; if it ever did, nothing is overwritten.
      if (!updated) throw new Error(`entry ${entry.id} changed while locked`);

      const usedToken = save.applyingPendingToken ?? save.clearsPendingToken;
      if (usedToken) await trx.deleteFrom("pending_save").where("id", "=", hashToken(usedToken)).execute();

      if (checked.length) await storeAttachments(trx, actor, { kind: "entry", id: entry.id }, checked);

      if (section === "priority") {
        await trx.deleteFrom("entry_principle").where("entry_id", "=", entry.id).execute();
        const ids = save.input.content.principleIds ?? [];
        if (ids.length) {
          await trx
            .insertInto("entry_principle")
            .values(ids.map((principle_id) => ({ entry_id: entry.id, principle_id })))
            .execute();
        }
      }
      if (section === "where") {
        await trx.deleteFrom("entry_area").where("entry_id", "=", entry.id).execute();
        const codes = save.input.content.areaCodes ?? [];
        if (codes.length) {
          await trx
            .insertInto("entry_area")
            .values(codes.map((local_authority_code) => ({ entry_id: entry.id, local_authority_code })))
            .execute();
        }
      }
      return { outcome: "saved", version: updated.version };
    });
}

// ---------------------------------------------------------------------------------------------
// Supporting documents.

async function checkDocuments(actor: Actor, reference: string, uploads: readonly UploadedFile[], now: Date) {
  const { entry } = await readEntry(db(), actor.id, reference, now);
  if (entry.challenge_max_files === 0) {
    throw invalid("This challenge does not take supporting documents with entries", DOCUMENTS_FIELD);
  }
  assertRoomFor(entry, uploads.length);
  const maxBytes = entry.challenge_max_file_mb * 1024 * 1024;
  const checked = [];
  for (const file of uploads) checked.push(await checkUpload(file, { maxBytes, field: DOCUMENTS_FIELD }));
  return checked;
}

/** Refuses files beyond the challenge's number (counted again under the entry's lock). */
function assertRoomFor(entry: EntryRow, adding: number) {
  const max = entry.challenge_max_files;
  const has = entry.attachments.length;
  if (has + adding <= max) return;
  const room = Math.max(0, max - has);
  throw invalid(
    `You can add up to ${max} supporting ${max === 1 ? "document" : "documents"}: this entry has ${has}, so ${
      room === 0 ? "remove one before you add another" : `you can add ${room} more`
    }`,
    DOCUMENTS_FIELD,
  );
}

/**
 * Takes a supporting document off the entry (while the entry can be changed). It stays stored: a
 * submitted version that lists it keeps it. Changes the entry's version, so a submitted entry shows
 * unsubmitted changes until it is submitted again. Returns the file's name.
 */
export async function removeEntryDocument(
  actor: Actor,
  input: { reference: string; attachmentId: number },
  now = new Date(),
): Promise<string> {
  return db()
    .transaction()
    .execute(async (trx) => {
      const found = await readEntry(trx, actor.id, input.reference, now, true);
      if (found.header.lockMessage) throw conflict(found.header.lockMessage);
      const file = found.entry.attachments.find((f) => f.id === input.attachmentId);
      if (!file) throw notFound();
      await removeAttachment(trx, actor, { kind: "entry", id: found.entry.id }, file.id);
      await trx
        .updateTable("entry")
        .set({ version: sql<number>`version + 1`, updated_at: now })
        .where("id", "=", found.entry.id)
        .execute();
      return file.fileName;
    });
}

// ---------------------------------------------------------------------------------------------
// Submitting and withdrawing.

async function hasConfirmedEmail(executor: Executor, userId: number): Promise<boolean> {
  const row = await executor
    .selectFrom("app_user")
    .select("email_verified_at")
    .where("id", "=", userId)
    .executeTakeFirst();
  return !!row?.email_verified_at;
}

export type SubmitResult =
  | { outcome: "submitted"; resubmission: boolean; version: number }
  /** The version asked for is already the one submitted: nothing to do. */
  | { outcome: "unchanged" };

/**
 * Submits an entry (or its changes): only by someone who has confirmed their email address
 * (forbidden otherwise; they can still draft), only before the organisation's closing time, only
 * with every section completed (invalid, naming what is left), and only the version the person
 * checked (conflict otherwise). Writes the snapshot judges will see, the audit record and the
 * receipt email in one transaction.
 */
export async function submitEntry(
  actor: Actor,
  input: { reference: string; version: number | null },
  now = new Date(),
): Promise<SubmitResult> {
  return db()
    .transaction()
    .execute(async (trx): Promise<SubmitResult> => {
      const found = await readEntry(trx, actor.id, input.reference, now, true);
      // Registering needs no proof of the address, so an unconfirmed account could be anyone's:
      // a submission (and its receipt) speaks for an organisation, so it waits for proof.
      if (!(await hasConfirmedEmail(trx, actor.id))) {
        throw forbidden("Confirm your email address before you submit your entry. Your draft has been kept.", "form");
      }
      const { entry, content, deadline, submittedVersion } = found;
      if (!deadline.open) {
        throw conflict(
          `Your entry has not been submitted because the closing time (${formatDateTime(deadline.closesAt)}) has passed. Your draft has been kept.`,
        );
      }
      if (entry.status === "ineligible")
        throw conflict("This entry was found not eligible, so it cannot be submitted.");
      if (entry.status === "submitted" && submittedVersion === entry.version) return { outcome: "unchanged" };
      if (input.version !== entry.version) {
        throw conflict(
          "Your entry changed while you were checking it (a colleague may have saved a section). Check your answers again, then submit.",
        );
      }
      const incomplete = incompleteSections(content, entry.completed_sections);
      if (incomplete.length) {
        throw invalid(
          `Complete every section before you submit. Still to complete: ${incomplete.map((s) => SECTIONS[s].title).join(", ")}.`,
        );
      }

      const snapshot = snapshotOf(entry);
      await trx
        .insertInto("entry_submission")
        .values({
          entry_id: entry.id,
          entry_version: entry.version,
          snapshot: JSON.stringify(snapshot),
          submitted_by: actor.id,
          submitted_at: now,
        })
        .execute();
      await trx
        .updateTable("entry")
        .set({ status: "submitted", submitted_at: now, withdrawn_at: null, updated_at: now })
        .where("id", "=", entry.id)
        .execute();

      const resubmission = submittedVersion !== null;
      await recordAudit(trx, {
        action: resubmission ? "entry_resubmitted" : "entry_submitted",
        actorUserId: actor.id,
        subjectType: "entry",
        subjectId: entry.id,
        ip: actor.ip,
        details: {
          reference: entry.reference,
          version: entry.version,
          ...(resubmission ? { previousVersion: submittedVersion } : {}),
        },
      });

      const props: EntryReceiptEmailProps = {
        reference: entry.reference,
        title: snapshot.title,
        organisationName: snapshot.organisation.name,
        submittedAt: formatDateTime(now),
        closesAt: formatDateTime(deadline.closesAt),
        resubmission,
        entryUrl: absoluteUrl(`/entries/${entry.reference}`),
        sections: summariseEntry(snapshot).map((s) => ({
          title: s.title,
          rows: s.rows.map((r) => ({ label: r.label, text: r.text })),
        })),
      };
      await queueEmail(trx, {
        to: entry.member_email,
        template: "entry-receipt",
        props,
        idempotencyKey: `entry-receipt:${entry.id}:${entry.version}`,
      });
      return { outcome: "submitted", resubmission, version: entry.version };
    });
}

export type WithdrawResult = { outcome: "withdrawn" } | { outcome: "already_withdrawn" };

/**
 * Withdraws a draft or submitted entry, before the closing time; refused (conflict) for an entry
 * found not eligible or after the closing time.
 */
export async function withdrawEntry(
  actor: Actor,
  input: { reference: string },
  now = new Date(),
): Promise<WithdrawResult> {
  return db()
    .transaction()
    .execute(async (trx): Promise<WithdrawResult> => {
      const found = await readEntry(trx, actor.id, input.reference, now, true);
      const { entry, deadline } = found;
      if (entry.status === "withdrawn") return { outcome: "already_withdrawn" };
      if (entry.status === "ineligible") {
        throw conflict("This entry was found not eligible, so there is nothing to withdraw.");
      }
      if (!deadline.open) {
        throw conflict(
          `The closing time (${formatDateTime(deadline.closesAt)}) has passed, so the entry can no longer be withdrawn here. Contact the programme team if you need to withdraw it.`,
        );
      }
      await trx
        .updateTable("entry")
        .set({ status: "withdrawn", withdrawn_at: now, version: sql<number>`version + 1`, updated_at: now })
        .where("id", "=", entry.id)
        .execute();
      await recordAudit(trx, {
        action: "entry_withdrawn",
        actorUserId: actor.id,
        subjectType: "entry",
        subjectId: entry.id,
        ip: actor.ip,
        details: { reference: entry.reference, previousStatus: entry.status },
      });
      return { outcome: "withdrawn" };
    });
}

export interface ConfirmationPage {
  reference: string;
  title: string;
  submittedAtText: string;
  receiptTo: string | null;
  resubmission: boolean;
  closesAtText: string;
}

/**
 * What the confirmation page shows: the latest submission of a submitted entry (not found for an
 * entry that is not submitted now: there is nothing to confirm).
 */
export async function confirmationPage(actor: Actor, reference: string, now = new Date()): Promise<ConfirmationPage> {
  const found = await readEntry(db(), actor.id, reference, now);
  if (found.entry.status !== "submitted") throw notFound();
  const submissions = await db()
    .selectFrom("entry_submission")
    .leftJoin("app_user", "app_user.id", "entry_submission.submitted_by")
    .select(["entry_submission.submitted_at", "entry_submission.snapshot", "app_user.email"])
    .where("entry_submission.entry_id", "=", found.entry.id)
    .orderBy("entry_submission.entry_version", "desc")
    .limit(2)
    .execute();
  const latest = submissions[0];
  if (!latest) throw notFound();
  return {
    reference: found.entry.reference,
    title: String((latest.snapshot as Record<string, unknown>).title ?? found.entry.title),
    submittedAtText: formatDateTime(new Date(latest.submitted_at)),
    receiptTo: latest.email,
    resubmission: submissions.length > 1,
    closesAtText: found.header.closesAtText,
  };
}

/**
 * The snapshot judges see: the latest submission of an entry, or null if it was never
 * submitted. For the judging and staff capabilities; not scoped by organisation.
 */
export async function latestSubmission(entryId: number, executor: Executor = db()) {
  const row = await executor
    .selectFrom("entry_submission")
    .selectAll()
    .where("entry_id", "=", entryId)
    .orderBy("entry_version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    entryVersion: row.entry_version,
    submittedAt: new Date(row.submitted_at),
    submittedBy: row.submitted_by,
    snapshot: row.snapshot as unknown as EntrySnapshot,
  };
}

// ---------------------------------------------------------------------------------------------
// Saves made after the session expired.

export const SAVER_COOKIE = "cric_saver";
const KEY_FORMAT = /^[a-z2-7]{32}$/;

export function isPendingToken(value: string | null | undefined): value is string {
  return typeof value === "string" && KEY_FORMAT.test(value);
}

/** The key identifying this browser's kept saves, from its cookie. */
export function readBrowserKey(request: Request): string | null {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index !== -1 && part.slice(0, index).trim() === SAVER_COOKIE) {
      const value = part.slice(index + 1).trim();
      return KEY_FORMAT.test(value) ? value : null;
    }
  }
  return null;
}

export function browserKeyCookie(key: string): string {
  const parts = [
    `${SAVER_COOKIE}=${key}`,
    "Path=/entries",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${PENDING_SAVE_MS / 1000}`,
  ];
  if (config.secureCookies) parts.push("Secure");
  return parts.join("; ");
}

// Too many kept saves from one address is answered 429 with Retry-After, which no AppError kind
// means, so it is an outcome the route answers itself.
export type KeepResult =
  | { outcome: "kept"; token: string; browserKey: string; returnTo: string }
  | { outcome: "rate_limited"; retryAfterSeconds: number };

/**
 * Keeps a section someone posted after their session expired, for a day, so it can be saved
 * once they sign in again (in the same browser). Returns where to send them after signing in.
 */
export async function keepUnsavedSection(
  input: { reference: string; section: SectionKey; values: FormValues; browserKey: string | null; ip: string | null },
  now = new Date(),
): Promise<KeepResult> {
  const limit = await hit(`pending-save:${input.ip ?? "unknown"}`, PENDING_SAVES_PER_ADDRESS, { now });
  if (!limit.allowed) return { outcome: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  const browserKey = input.browserKey ?? generateSessionToken();
  const token = generateSessionToken();
  const path = sectionPath(input.reference, input.section);
  const values = sectionValuesOnly(input.section, input.values);
  for (const meta of ["version", "base"]) {
    const value = input.values[meta];
    if (typeof value === "string") values[meta] = value;
  }
  await db()
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom("pending_save").where("expires_at", "<", now).execute();
      await trx
        .insertInto("pending_save")
        .values({
          id: hashToken(token),
          path,
          form: JSON.stringify(values),
          created_at: now,
          expires_at: new Date(now.getTime() + PENDING_SAVE_MS),
          browser_hash: hashToken(browserKey),
        })
        .execute();
    });
  return { outcome: "kept", token, browserKey, returnTo: `${path}?restore=${token}` };
}

export type RestoreOutcome =
  | { outcome: "saved" }
  | {
      outcome: "invalid";
      errors: FieldErrors;
      values: FormValues;
      version: number | null;
      base: string | null;
      token: string;
    }
  | {
      outcome: "conflict";
      values: FormValues;
      theirs: SummarySection;
      version: number;
      base: string;
      token: string;
    }
  | { outcome: "locked"; message: string; values: FormValues };

export interface RestorePage {
  page: SectionPage;
  restore: RestoreOutcome | null;
}

/** The version and fingerprint a kept form was read at. */
export function formMeta(values: FormValues): { version: number | null; base: string | null } {
  const version =
    typeof values.version === "string" && /^\d{1,9}$/.test(values.version) ? Number(values.version) : null;
  const base = typeof values.base === "string" && /^[0-9a-f]{64}$/.test(values.base) ? values.base : null;
  return { version, base };
}

/**
 * A section page reached after signing in again with a kept save's token: applies the kept save
 * for this person if it was made in this browser for this section and they may edit the entry,
 * with the same checks as any save. A save that cannot be applied (invalid, a conflict, the
 * entry locked) comes back with its values, so the page can show them; it stays kept until it
 * expires or the person saves the section. Not found unless the entry is the person's
 * organisation's.
 */
export async function restoreSection(
  actor: Actor,
  input: { reference: string; section: SectionKey; token: string; browserKey: string | null },
  now = new Date(),
): Promise<RestorePage> {
  const found = await readEntry(db(), actor.id, input.reference, now);
  const pending = await db()
    .selectFrom("pending_save")
    .selectAll()
    .where("id", "=", hashToken(input.token))
    .where("path", "=", sectionPath(input.reference, input.section))
    .where("expires_at", ">", now)
    .executeTakeFirst();
  const sameBrowser = !!input.browserKey && pending?.browser_hash === hashToken(input.browserKey);
  if (!pending || !sameBrowser) return { page: await buildSectionPage(db(), found, input.section), restore: null };

  const values = pending.form as FormValues;
  const meta = formMeta(values);
  const parsed = parseValues(sectionSchema(input.section), values);
  const shown = sectionValuesOnly(input.section, values);
  let restore: RestoreOutcome | null;
  if (!parsed.ok) {
    restore = { outcome: "invalid", errors: parsed.errors, values: shown, ...meta, token: input.token };
  } else {
    try {
      const result = await saveSection(
        actor,
        { reference: input.reference, input: parsed.data, ...meta, applyingPendingToken: input.token },
        now,
      );
      restore = result.outcome === "saved" ? { outcome: "saved" } : null;
    } catch (error) {
      if (error instanceof SectionConflict) {
        restore = {
          outcome: "conflict",
          values: shown,
          theirs: error.theirs,
          version: error.version,
          base: error.base,
          token: input.token,
        };
      } else if (isAppError(error, "invalid")) {
        const errors = error.fields ?? { [error.field ?? "form"]: error.message };
        restore = { outcome: "invalid", errors, values: shown, ...meta, token: input.token };
      } else if (isAppError(error, "conflict")) {
        // The entry can no longer be changed: the message says why.
        restore = { outcome: "locked", message: error.message, values: shown };
      } else if (isAppError(error, "not_found")) {
        // Gone between the two reads (the person left the organisation): the read below says so.
        restore = null;
      } else {
        throw error;
      }
    }
  }
  const fresh = await readEntry(db(), actor.id, input.reference, now);
  return { page: await buildSectionPage(db(), fresh, input.section), restore };
}
