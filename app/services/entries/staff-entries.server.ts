import { snapshotFiles, type ShownFile } from "../../domain/entry-snapshot";
import { sql, type Expression, type SqlBool } from "kysely";
import { z } from "zod";
import { db, type Executor } from "../../../db/client";
import type { EntryStatus, OrganisationType } from "../../../db/schema";
import { absoluteUrl } from "../../../emails/components/url";
import { entryReferenceFromSearch, isEntryReference } from "../../domain/entry-reference";
import { cleanText } from "../../domain/forms";
import { ORGANISATION_TYPES, ORGANISATION_TYPE_VALUES } from "../../domain/organisation-types";
import { PAGE_SIZE, pageCount, pageOffset, pageParam } from "../../domain/pagination";
import { containsPattern, normaliseSearch } from "../../domain/search-text";
import { possibleDuplicates } from "../../domain/similarity";
import { recordAudit } from "../platform/audit.server";
import { actionLabel } from "../reports/audit-trail.server";
import { extensionFor, type Extension } from "./extensions.server";
import { queueEmail } from "../email/outbox.server";
import { assertStaff } from "../accounts/roles.server";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, invalid, notFound } from "../app-error.server";

// The staff side of entries: the list with its filters, search and counts, the CSV export, one
// entry in full (the submitted snapshots, the audit trail), and the eligibility decision. Every
// function checks that the actor is staff now, whatever the route already checked.

export const ENTRY_STATUSES = [
  "draft",
  "submitted",
  "withdrawn",
  "ineligible",
] as const satisfies readonly EntryStatus[];

export const STATUS_LABELS: Record<EntryStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  withdrawn: "Withdrawn",
  ineligible: "Not eligible",
};

const optionalParam = (value: string | null) => (value === null || value.trim() === "" ? null : value.trim());

/**
 * The list's filters as they appear in the address (?challenge=&status=&area=&council=&type=&q=
 * &page=). A value that is not one of the choices is dropped rather than refused: the address is
 * something people edit and share.
 */
const querySchema = z.object({
  challenge: z.string().max(100).nullable().catch(null),
  status: z.enum(ENTRY_STATUSES).nullable().catch(null),
  area: z.coerce.number().int().min(1).max(2_147_483_647).nullable().catch(null),
  council: z
    .string()
    .regex(/^[EW][0-9]{8}$/)
    .nullable()
    .catch(null),
  type: z.enum(ORGANISATION_TYPE_VALUES).nullable().catch(null),
  q: z.string().catch(""),
  page: pageParam,
});

export interface StaffEntryFilters {
  /** A challenge's slug; null for the current challenge. */
  challenge: string | null;
  status: EntryStatus | null;
  /** A priority area's id. */
  area: number | null;
  /** A council's ONS code (one of the entry's council areas). */
  council: string | null;
  type: OrganisationType | null;
  /** Title or reference; "" for no search. */
  q: string;
}

export type StaffEntryQuery = StaffEntryFilters & { page: number };

export function parseStaffEntryQuery(params: URLSearchParams): StaffEntryQuery {
  const parsed = querySchema.parse({
    challenge: optionalParam(params.get("challenge")),
    status: optionalParam(params.get("status")),
    area: optionalParam(params.get("area")),
    council: optionalParam(params.get("council")),
    type: optionalParam(params.get("type")),
    q: params.get("q") ?? "",
    page: params.get("page") ?? undefined,
  });
  return { ...parsed, q: normaliseSearch(parsed.q) };
}

/** "cri-42", "CRI 0042", "42" all mean CRI-0042; null when the text cannot be a reference. */
const referenceFromSearch = (text: string) => entryReferenceFromSearch(text, { bareNumber: true });

export interface ChallengeSummary {
  id: number;
  slug: string;
  title: string;
  status: string;
  closesAt: Date;
}

/**
 * The challenge asked for by slug, or the current one: the open challenge, else the one that
 * opened most recently (staff see drafts too). Null when there is no such challenge.
 */
async function findChallenge(executor: Executor, slug: string | null): Promise<ChallengeSummary | null> {
  const row = await executor
    .selectFrom("challenge")
    .select(["id", "slug", "title", "status", "closes_at"])
    .$if(slug !== null, (qb) => qb.where("slug", "=", slug!))
    .orderBy((eb) => eb.case().when("status", "=", "open").then(0).else(1).end())
    .orderBy("opens_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row
    ? { id: row.id, slug: row.slug, title: row.title, status: row.status, closesAt: new Date(row.closes_at) }
    : null;
}

/**
 * Drops a priority area that belongs to another challenge (left in the address after switching
 * challenge), so the list shows the chosen challenge's entries instead of none.
 */
async function forChallenge(
  executor: Executor,
  challengeId: number,
  filters: StaffEntryFilters,
): Promise<StaffEntryFilters> {
  if (filters.area === null) return filters;
  const area = await executor
    .selectFrom("priority_area")
    .select("id")
    .where("id", "=", filters.area)
    .where("challenge_id", "=", challengeId)
    .executeTakeFirst();
  return area ? filters : { ...filters, area: null };
}

function matching(executor: Executor, challengeId: number, filters: StaffEntryFilters) {
  const q = filters.q;
  const reference = q ? referenceFromSearch(q) : null;
  return executor
    .selectFrom("entry")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .where("entry.challenge_id", "=", challengeId)
    .$if(filters.status !== null, (qb) => qb.where("entry.status", "=", filters.status!))
    .$if(filters.area !== null, (qb) => qb.where("entry.priority_area_id", "=", filters.area!))
    .$if(filters.type !== null, (qb) => qb.where("organisation.type", "=", filters.type!))
    .$if(filters.council !== null, (qb) =>
      qb.where((eb) =>
        eb.exists(
          eb
            .selectFrom("entry_area")
            .select(sql.lit(1).as("one"))
            .whereRef("entry_area.entry_id", "=", "entry.id")
            .where("entry_area.local_authority_code", "=", filters.council!),
        ),
      ),
    )
    .$if(q !== "", (qb) =>
      qb.where((eb) => {
        const pattern = containsPattern(q);
        const either: Expression<SqlBool>[] = [
          eb("entry.title", "ilike", pattern),
          eb("entry.reference", "ilike", pattern),
        ];
        if (reference) either.push(eb("entry.reference", "=", reference));
        return eb.or(either);
      }),
    );
}

export interface StaffEntryRow {
  id: number;
  reference: string;
  title: string;
  organisationId: number;
  organisationName: string;
  organisationType: OrganisationType;
  priorityArea: string | null;
  councils: string[];
  status: EntryStatus;
  submittedAt: Date | null;
  /** References of the same organisation's entries with a near-identical title. */
  duplicateOf: string[];
}

export interface FilterOptions {
  challenges: { slug: string; title: string; status: string }[];
  priorityAreas: { id: number; name: string }[];
  councils: { code: string; name: string }[];
  organisationTypes: { value: OrganisationType; label: string }[];
  statuses: { value: EntryStatus; label: string }[];
}

export interface EntryCounts {
  total: number;
  byStatus: { status: EntryStatus; label: string; count: number }[];
  byPriorityArea: { id: number | null; name: string; count: number }[];
  /** An entry naming several councils counts once for each. */
  byCouncil: { code: string; name: string; count: number }[];
}

export interface StaffEntryList {
  challenge: ChallengeSummary;
  filters: StaffEntryFilters;
  options: FilterOptions;
  rows: StaffEntryRow[];
  counts: EntryCounts;
  page: number;
  pageCount: number;
  /** A reference searched for that belongs to another challenge: where it is. */
  elsewhere: { reference: string; challengeTitle: string } | null;
}

/** The challenge's priority areas in the order staff set: the filter's choices and the count's rows. */
function priorityAreasFor(executor: Executor, challengeId: number) {
  return executor
    .selectFrom("priority_area")
    .select(["id", "name"])
    .where("challenge_id", "=", challengeId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

async function filterOptions(executor: Executor, challengeId: number): Promise<FilterOptions> {
  const [challenges, priorityAreas, councils] = await Promise.all([
    executor.selectFrom("challenge").select(["slug", "title", "status"]).orderBy("opens_at", "desc").execute(),
    priorityAreasFor(executor, challengeId),
    executor.selectFrom("local_authority").select(["code", "name"]).orderBy("name").execute(),
  ]);
  return {
    challenges,
    priorityAreas,
    councils,
    organisationTypes: ORGANISATION_TYPES.map((t) => ({ value: t.value, label: t.label })),
    statuses: ENTRY_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] })),
  };
}

/** Council names of each entry, in name order. */
async function councilsOf(executor: Executor, entryIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (entryIds.length === 0) return map;
  const rows = await executor
    .selectFrom("entry_area")
    .innerJoin("local_authority", "local_authority.code", "entry_area.local_authority_code")
    .select(["entry_area.entry_id", "local_authority.name"])
    .where("entry_area.entry_id", "in", entryIds)
    .orderBy("local_authority.name")
    .execute();
  for (const row of rows) map.set(row.entry_id, [...(map.get(row.entry_id) ?? []), row.name]);
  return map;
}

/**
 * For each entry of these organisations in the challenge, the references of its possible
 * duplicates. Every entry of the organisation is compared, not just those on the page, so a pair
 * is flagged however the list is filtered. Withdrawn entries are left out: withdrawing and
 * entering again is how people are told to replace an entry.
 */
async function duplicatesAmong(
  executor: Executor,
  challengeId: number,
  organisationIds: number[],
): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (organisationIds.length === 0) return map;
  const entries = await executor
    .selectFrom("entry")
    .select(["id", "reference", "organisation_id", "title"])
    .where("challenge_id", "=", challengeId)
    .where("organisation_id", "in", [...new Set(organisationIds)])
    .where("status", "!=", "withdrawn")
    .where("title", "!=", "")
    .orderBy("id")
    .execute();
  const references = new Map(entries.map((e) => [e.id, e.reference]));
  const pairs = possibleDuplicates(
    entries.map((e) => ({ id: e.id, organisationId: e.organisation_id, title: e.title })),
  );
  for (const [a, b] of pairs) {
    map.set(a, [...(map.get(a) ?? []), references.get(b)!]);
    map.set(b, [...(map.get(b) ?? []), references.get(a)!]);
  }
  return map;
}

async function countEntries(executor: Executor, challengeId: number, filters: StaffEntryFilters): Promise<EntryCounts> {
  const base = matching(executor, challengeId, filters);
  const [byStatus, byArea, byCouncil, areas] = await Promise.all([
    base
      .select(["entry.status", (eb) => eb.fn.countAll<number>().as("count")])
      .groupBy("entry.status")
      .execute(),
    base
      .select(["entry.priority_area_id", (eb) => eb.fn.countAll<number>().as("count")])
      .groupBy("entry.priority_area_id")
      .execute(),
    base
      .innerJoin("entry_area", "entry_area.entry_id", "entry.id")
      .innerJoin("local_authority", "local_authority.code", "entry_area.local_authority_code")
      .select(["local_authority.code", "local_authority.name", (eb) => eb.fn.countAll<number>().as("count")])
      .groupBy(["local_authority.code", "local_authority.name"])
      .orderBy("local_authority.name")
      .execute(),
    priorityAreasFor(executor, challengeId),
  ]);
  const statusCount = new Map(byStatus.map((r) => [r.status, Number(r.count)]));
  const areaCount = new Map(byArea.map((r) => [r.priority_area_id, Number(r.count)]));
  const byPriorityArea: EntryCounts["byPriorityArea"] = areas.map((a) => ({
    id: a.id,
    name: a.name,
    count: areaCount.get(a.id) ?? 0,
  }));
  const noArea = areaCount.get(null) ?? 0;
  if (noArea > 0) byPriorityArea.push({ id: null, name: "No priority area chosen yet", count: noArea });
  return {
    total: [...statusCount.values()].reduce((a, b) => a + b, 0),
    byStatus: ENTRY_STATUSES.map((status) => ({
      status,
      label: STATUS_LABELS[status],
      count: statusCount.get(status) ?? 0,
    })),
    byPriorityArea,
    byCouncil: byCouncil.map((r) => ({ code: r.code, name: r.name, count: Number(r.count) })),
  };
}

function orderForSearch(q: string) {
  const reference = q ? referenceFromSearch(q) : null;
  // An exact reference comes first; otherwise reference order, which new entries only append to,
  // so a page's address keeps showing the same entries.
  return sql<number>`case when entry.reference = ${reference ?? ""} then 0 else 1 end`;
}

/**
 * The challenge the filters ask for (the current one by default) and the filters that apply to
 * it; null when no challenge has been set up yet. A challenge asked for that does not exist is
 * not found.
 */
async function challengeAndFilters(
  executor: Executor,
  asked: StaffEntryFilters,
): Promise<{ challenge: ChallengeSummary; filters: StaffEntryFilters } | null> {
  const challenge = await findChallenge(executor, asked.challenge);
  if (!challenge) {
    if (asked.challenge) throw notFound();
    return null;
  }
  return { challenge, filters: await forChallenge(executor, challenge.id, asked) };
}

/**
 * The entries matching the filters, in the list's order, with their councils and possible
 * duplicates: the one query behind the list (one page of it) and the CSV export (all of it,
 * `page` null), so the two always hold the same entries for the same filters.
 */
async function matchingRows(
  executor: Executor,
  challengeId: number,
  filters: StaffEntryFilters,
  page: number | null,
): Promise<StaffEntryExportRow[]> {
  const entries = await matching(executor, challengeId, filters)
    .leftJoin("priority_area", "priority_area.id", "entry.priority_area_id")
    .select([
      "entry.id",
      "entry.reference",
      "entry.title",
      "entry.status",
      "entry.submitted_at",
      "entry.eligibility_reason",
      "organisation.id as organisation_id",
      "organisation.name as organisation_name",
      "organisation.type as organisation_type",
      "organisation.contact_name",
      "organisation.contact_email",
      "priority_area.name as priority_area_name",
    ])
    .orderBy(orderForSearch(filters.q))
    .orderBy("entry.id")
    .$if(page !== null, (qb) => qb.limit(PAGE_SIZE).offset(pageOffset(page!)))
    .execute();
  const [councils, duplicates] = await Promise.all([
    councilsOf(
      executor,
      entries.map((e) => e.id),
    ),
    duplicatesAmong(
      executor,
      challengeId,
      entries.map((e) => e.organisation_id),
    ),
  ]);
  return entries.map((e) => ({
    id: e.id,
    reference: e.reference,
    title: e.title,
    organisationId: e.organisation_id,
    organisationName: e.organisation_name,
    organisationType: e.organisation_type,
    organisationTypeLabel:
      ORGANISATION_TYPES.find((t) => t.value === e.organisation_type)?.label ?? e.organisation_type,
    contactName: e.contact_name,
    contactEmail: e.contact_email,
    priorityArea: e.priority_area_name,
    councils: councils.get(e.id) ?? [],
    status: e.status,
    submittedAt: e.submitted_at ? new Date(e.submitted_at) : null,
    eligibilityReason: e.eligibility_reason,
    duplicateOf: duplicates.get(e.id) ?? [],
  }));
}

/**
 * A page of the challenge's entries matching the filters, with the counts and filter choices;
 * null when no challenge has been set up yet (the page says so).
 */
export async function listStaffEntries(actor: Actor, query: StaffEntryQuery): Promise<StaffEntryList | null> {
  await assertStaff(db(), actor);
  const { page, ...asked } = query;
  const found = await challengeAndFilters(db(), asked);
  if (!found) return null;
  const { challenge, filters } = found;
  const [options, counts] = await Promise.all([
    filterOptions(db(), challenge.id),
    countEntries(db(), challenge.id, filters),
  ]);
  const pages = pageCount(counts.total);
  const entries = await matchingRows(db(), challenge.id, filters, page);
  const reference = filters.q ? referenceFromSearch(filters.q) : null;
  const elsewhere =
    reference && !entries.some((e) => e.reference === reference)
      ? await db()
          .selectFrom("entry")
          .innerJoin("challenge", "challenge.id", "entry.challenge_id")
          .select(["entry.reference", "challenge.title as challengeTitle"])
          .where("entry.reference", "=", reference)
          .where("entry.challenge_id", "!=", challenge.id)
          .executeTakeFirst()
      : undefined;
  return {
    challenge,
    filters,
    options,
    counts,
    page,
    pageCount: pages,
    elsewhere: elsewhere ?? null,
    // The page shows no contact details: they leave the service only in the audited export.
    rows: entries.map(
      ({
        organisationTypeLabel: _type,
        contactName: _name,
        contactEmail: _email,
        eligibilityReason: _reason,
        ...row
      }) => row,
    ),
  };
}

export interface StaffEntryExportRow extends StaffEntryRow {
  organisationTypeLabel: string;
  contactName: string;
  contactEmail: string;
  eligibilityReason: string | null;
}

export interface StaffEntryExport {
  challenge: ChallengeSummary;
  rows: StaffEntryExportRow[];
}

/**
 * Every entry matching the filters (no paging), for the CSV download. Staff only; audited. Not
 * found when there is no challenge to export from.
 */
export async function exportStaffEntries(actor: Actor, asked: StaffEntryFilters): Promise<StaffEntryExport> {
  assertRecentSecondFactor(actor);
  await assertStaff(db(), actor);
  const found = await challengeAndFilters(db(), asked);
  if (!found) throw notFound();
  const { challenge, filters } = found;
  const entries = await matchingRows(db(), challenge.id, filters, null);
  // Contact details leave the service in this file, so the download is on the record.
  await recordAudit(db(), {
    action: "entries_exported",
    actorUserId: actor.id,
    subjectType: "challenge",
    subjectId: challenge.id,
    ip: actor.ip,
    details: { challenge: challenge.title, rows: entries.length, filters: describeFilters(filters) },
  });
  return { challenge, rows: entries };
}

function describeFilters(filters: StaffEntryFilters): string {
  const parts = [
    filters.status ? `status ${filters.status}` : null,
    filters.area ? `priority area ${filters.area}` : null,
    filters.council ? `council ${filters.council}` : null,
    filters.type ? `type ${filters.type}` : null,
    filters.q ? `search "${filters.q.slice(0, 50)}"` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "none";
}

// ---------------------------------------------------------------------------------------------
// One entry

export interface SubmissionSummary {
  entryVersion: number;
  submittedAt: Date;
  submittedByName: string | null;
}

/** What staff read of a submitted snapshot. Unknown or missing fields read as empty. */
export interface SnapshotView {
  entryVersion: number;
  submittedAt: Date;
  submittedByName: string | null;
  title: string;
  summary: string;
  need: string;
  beneficiaries: string;
  delivery: string;
  costs: string;
  prizeUse: string;
  priorityArea: string | null;
  principles: string[];
  areas: string[];
  organisationName: string;
  consentShare: boolean;
  consentContact: boolean;
  declaration: boolean;
  /** The supporting documents submitted with this version. */
  documents: ShownFile[];
}

export interface AuditLine {
  id: number;
  occurredAt: Date;
  actorName: string | null;
  action: string;
  actionLabel: string;
  details: Record<string, string>;
}

export interface StaffEntryDetail {
  id: number;
  reference: string;
  title: string;
  status: EntryStatus;
  statusLabel: string;
  version: number;
  /** Identifies the state the eligibility decision was made on; the decision form sends it back. */
  screeningToken: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  withdrawnAt: Date | null;
  eligibility: { reason: string | null; decidedAt: Date | null; decidedByName: string | null };
  challenge: ChallengeSummary;
  organisation: {
    id: number;
    name: string;
    type: OrganisationType;
    typeLabel: string;
    registrationNumber: string | null;
    localAuthority: string;
    postcode: string;
    contactName: string;
    contactEmail: string;
    members: { name: string; email: string }[];
  };
  priorityArea: string | null;
  councils: string[];
  submissions: SubmissionSummary[];
  /** The snapshot asked for (by version), else the latest; null when never submitted. */
  snapshot: SnapshotView | null;
  /** True when the entry has been changed since its latest snapshot (changes not resubmitted). */
  changedSinceSubmission: boolean;
  duplicateOf: { reference: string; title: string }[];
  extension: Extension | null;
  audit: AuditLine[];
  /** Whether staff can record an eligibility decision now. */
  canDecide: boolean;
  /** The organisation's choices about councils now; they may have changed since a version was submitted. */
  consentNow: { share: boolean; contact: boolean };
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const names = (value: unknown): string[] =>
  Array.isArray(value)
    ? value
        .map((item) => (item && typeof item === "object" ? text((item as Record<string, unknown>).name) : ""))
        .filter(Boolean)
    : [];

function readSnapshot(
  snapshot: unknown,
  meta: { entryVersion: number; submittedAt: Date; submittedByName: string | null },
): SnapshotView {
  const s =
    snapshot && typeof snapshot === "object" && !Array.isArray(snapshot) ? (snapshot as Record<string, unknown>) : {};
  const organisation =
    s.organisation && typeof s.organisation === "object" ? (s.organisation as Record<string, unknown>) : {};
  const priorityArea =
    s.priorityArea && typeof s.priorityArea === "object" ? text((s.priorityArea as Record<string, unknown>).name) : "";
  return {
    ...meta,
    title: text(s.title),
    summary: text(s.summary),
    need: text(s.need),
    beneficiaries: text(s.beneficiaries),
    delivery: text(s.delivery),
    costs: text(s.costs),
    prizeUse: text(s.prizeUse),
    priorityArea: priorityArea || null,
    principles: names(s.principles),
    areas: names(s.areas),
    organisationName: text(organisation.name),
    consentShare: s.consentShare === true,
    consentContact: s.consentContact === true,
    declaration: s.declaration === true,
    documents: snapshotFiles(s),
  };
}

function stringDetails(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!details || typeof details !== "object" || Array.isArray(details)) return out;
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = String(value);
  }
  return out;
}

/**
 * What a decision is made on: the entry's version (bumped by every change the entrant saves), its
 * status and the last decision's time. If any has moved since the page was shown, whoever
 * decides is asked to look again rather than overwrite what changed.
 */
export function screeningToken(version: number, status: EntryStatus, decidedAt: Date | string | null): string {
  return `${version}.${status}.${decidedAt ? new Date(decidedAt).getTime() : 0}`;
}

/** Entries staff can decide on: ones that have been submitted (and not withdrawn). */
const DECIDABLE: readonly EntryStatus[] = ["submitted", "ineligible"];

/**
 * One entry in full for staff, by reference: not found when there is no such entry. `version`
 * picks one of its submitted snapshots; an unknown version is not found either.
 */
export async function getStaffEntry(
  actor: Actor,
  reference: string,
  options: { version?: number | null } = {},
): Promise<StaffEntryDetail> {
  await assertStaff(db(), actor);
  if (!isEntryReference(reference)) throw notFound();
  const entry = await db()
    .selectFrom("entry")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("local_authority", "local_authority.code", "organisation.local_authority_code")
    .leftJoin("priority_area", "priority_area.id", "entry.priority_area_id")
    .leftJoin("app_user as decider", "decider.id", "entry.eligibility_decided_by")
    .select([
      "entry.id",
      "entry.reference",
      "entry.title",
      "entry.status",
      "entry.version",
      "entry.challenge_id",
      "entry.created_at",
      "entry.updated_at",
      "entry.submitted_at",
      "entry.withdrawn_at",
      "entry.eligibility_reason",
      "entry.eligibility_decided_at",
      "entry.consent_share",
      "entry.consent_contact",
      "decider.name as decided_by_name",
      "organisation.id as organisation_id",
      "organisation.name as organisation_name",
      "organisation.type as organisation_type",
      "organisation.registration_number",
      "organisation.postcode",
      "organisation.contact_name",
      "organisation.contact_email",
      "local_authority.name as organisation_area",
      "priority_area.name as priority_area_name",
    ])
    .where("entry.reference", "=", reference)
    .executeTakeFirst();
  if (!entry) throw notFound();

  const [challenge, members, councils, submissions, duplicates, extension, audit] = await Promise.all([
    db()
      .selectFrom("challenge")
      .select(["id", "slug", "title", "status", "closes_at"])
      .where("id", "=", entry.challenge_id)
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("organisation_member")
      .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
      .select(["app_user.name", "app_user.email"])
      .where("organisation_member.organisation_id", "=", entry.organisation_id)
      .orderBy("organisation_member.joined_at")
      .orderBy("app_user.id")
      .execute(),
    councilsOf(db(), [entry.id]),
    db()
      .selectFrom("entry_submission")
      .leftJoin("app_user", "app_user.id", "entry_submission.submitted_by")
      .select(["entry_submission.entry_version", "entry_submission.submitted_at", "app_user.name as submitted_by_name"])
      .where("entry_submission.entry_id", "=", entry.id)
      .orderBy("entry_submission.entry_version", "desc")
      .execute(),
    duplicatesAmong(db(), entry.challenge_id, [entry.organisation_id]),
    extensionFor(entry.challenge_id, entry.organisation_id),
    auditFor(entry.id, entry.reference, entry.organisation_id, entry.challenge_id),
  ]);

  const chosen =
    options.version === undefined || options.version === null
      ? submissions[0]
      : submissions.find((s) => s.entry_version === options.version);
  if (options.version !== undefined && options.version !== null && !chosen) throw notFound();
  const snapshotRow = chosen
    ? await db()
        .selectFrom("entry_submission")
        .select("snapshot")
        .where("entry_id", "=", entry.id)
        .where("entry_version", "=", chosen.entry_version)
        .executeTakeFirstOrThrow()
    : null;

  const duplicateRefs = duplicates.get(entry.id) ?? [];
  const duplicateOf = duplicateRefs.length
    ? await db()
        .selectFrom("entry")
        .select(["reference", "title"])
        .where("reference", "in", duplicateRefs)
        .orderBy("id")
        .execute()
    : [];

  return {
    id: entry.id,
    reference: entry.reference,
    title: entry.title,
    status: entry.status,
    statusLabel: STATUS_LABELS[entry.status],
    version: entry.version,
    screeningToken: screeningToken(entry.version, entry.status, entry.eligibility_decided_at),
    createdAt: new Date(entry.created_at),
    updatedAt: new Date(entry.updated_at),
    submittedAt: entry.submitted_at ? new Date(entry.submitted_at) : null,
    withdrawnAt: entry.withdrawn_at ? new Date(entry.withdrawn_at) : null,
    eligibility: {
      reason: entry.eligibility_reason,
      decidedAt: entry.eligibility_decided_at ? new Date(entry.eligibility_decided_at) : null,
      decidedByName: entry.decided_by_name,
    },
    challenge: {
      id: challenge.id,
      slug: challenge.slug,
      title: challenge.title,
      status: challenge.status,
      closesAt: new Date(challenge.closes_at),
    },
    organisation: {
      id: entry.organisation_id,
      name: entry.organisation_name,
      type: entry.organisation_type,
      typeLabel: ORGANISATION_TYPES.find((t) => t.value === entry.organisation_type)?.label ?? entry.organisation_type,
      registrationNumber: entry.registration_number,
      localAuthority: entry.organisation_area,
      postcode: entry.postcode,
      contactName: entry.contact_name,
      contactEmail: entry.contact_email,
      members,
    },
    priorityArea: entry.priority_area_name,
    councils: councils.get(entry.id) ?? [],
    submissions: submissions.map((s) => ({
      entryVersion: s.entry_version,
      submittedAt: new Date(s.submitted_at),
      submittedByName: s.submitted_by_name,
    })),
    snapshot:
      chosen && snapshotRow
        ? readSnapshot(snapshotRow.snapshot, {
            entryVersion: chosen.entry_version,
            submittedAt: new Date(chosen.submitted_at),
            submittedByName: chosen.submitted_by_name,
          })
        : null,
    changedSinceSubmission:
      submissions.length > 0 && entry.status === "submitted" && entry.version > submissions[0]!.entry_version,
    duplicateOf,
    extension,
    audit,
    canDecide: DECIDABLE.includes(entry.status),
    consentNow: { share: entry.consent_share, contact: entry.consent_contact },
  };
}

/**
 * The trail of one entry: events about the entry itself (recorded under its id or its
 * reference) and the deadline extensions of its organisation for its challenge. Newest first.
 */
async function auditFor(
  entryId: number,
  reference: string,
  organisationId: number,
  challengeId: number,
): Promise<AuditLine[]> {
  const rows = await db()
    .selectFrom("audit_event")
    .leftJoin("app_user", "app_user.id", "audit_event.actor_user_id")
    .select([
      "audit_event.id",
      "audit_event.occurred_at",
      "audit_event.action",
      "audit_event.details",
      "app_user.name as actor_name",
    ])
    .where((eb) =>
      eb.or([
        eb.and([
          eb("audit_event.subject_type", "=", "entry"),
          eb("audit_event.subject_id", "in", [String(entryId), reference]),
        ]),
        eb.and([
          eb("audit_event.subject_type", "=", "organisation"),
          eb("audit_event.subject_id", "=", String(organisationId)),
          eb("audit_event.action", "like", "deadline\\_extension\\_%"),
          eb(sql`audit_event.details->>'challengeId'`, "=", String(challengeId)),
        ]),
      ]),
    )
    .orderBy("audit_event.occurred_at", "desc")
    .orderBy("audit_event.id", "desc")
    .limit(200)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    occurredAt: new Date(row.occurred_at),
    actorName: row.actor_name,
    action: row.action,
    actionLabel: actionLabel(row.action),
    details: stringDetails(row.details),
  }));
}

// ---------------------------------------------------------------------------------------------
// Eligibility

export const MAX_ELIGIBILITY_REASON = 2000;

export interface EligibilityInput {
  reference: string;
  /** screeningToken() of the entry as shown: a decision on an entry that has changed since is refused. */
  token: string;
  decision: "eligible" | "ineligible";
  /** Required when ineligible; ignored when eligible. */
  reason?: string | null;
}

export interface EligibilityResult {
  status: EntryStatus;
  emailed: number;
}

/**
 * Records staff's eligibility decision on a submitted entry: status 'ineligible' with the reason,
 * or back to 'submitted' (a decision can be changed). The organisation's members are emailed the decision, in the same
 * transaction, unless the decision and reason are the ones already recorded. Refused as invalid
 * (the reason), or as a conflict when the entry cannot be decided on now or changed meanwhile.
 */
export async function decideEligibility(actor: Actor, input: EligibilityInput): Promise<EligibilityResult> {
  const reason = input.decision === "ineligible" ? cleanText(input.reason ?? "").trim() : null;
  if (input.decision === "ineligible" && !reason) {
    throw invalid("Enter the reason the entry is not eligible", "reason");
  }
  if (reason && reason.length > MAX_ELIGIBILITY_REASON) {
    throw invalid(`The reason must be ${MAX_ELIGIBILITY_REASON} characters or fewer`, "reason");
  }
  if (!isEntryReference(input.reference)) throw notFound();
  return db()
    .transaction()
    .execute(async (trx): Promise<EligibilityResult> => {
      await assertStaff(trx, actor);
      const entry = await trx
        .selectFrom("entry")
        .innerJoin("organisation", "organisation.id", "entry.organisation_id")
        .select([
          "entry.id",
          "entry.reference",
          "entry.title",
          "entry.status",
          "entry.version",
          "entry.eligibility_reason",
          "entry.eligibility_decided_at",
          "entry.challenge_id",
          "organisation.id as organisation_id",
          "organisation.name as organisation_name",
          "organisation.contact_name",
          "organisation.contact_email",
        ])
        .where("entry.reference", "=", input.reference)
        .forUpdate(["entry"])
        .executeTakeFirst();
      if (!entry) throw notFound();
      if (!DECIDABLE.includes(entry.status)) {
        throw conflict(
          entry.status === "withdrawn"
            ? "This entry has been withdrawn, so there is nothing to decide"
            : "This entry has not been submitted yet, so its eligibility cannot be decided",
        );
      }
      if (screeningToken(entry.version, entry.status, entry.eligibility_decided_at) !== input.token) {
        throw conflict("This entry has changed since you opened it. Check it again below, then record your decision");
      }
      // Round 1's confirmed result ranked every eligible entry once and for all: an entry found
      // eligible after that would be left out of judging without anyone deciding so.
      if (entry.status === "ineligible" && input.decision === "eligible") {
        const round1 = await trx
          .selectFrom("judging_round")
          .select("status")
          .where("challenge_id", "=", entry.challenge_id)
          .where("number", "=", 1)
          .executeTakeFirst();
        if (round1?.status === "confirmed") {
          throw conflict(
            "Round 1's shortlist is confirmed, so this entry can no longer be judged: it stays not eligible",
          );
        }
      }
      const status: EntryStatus = input.decision === "ineligible" ? "ineligible" : "submitted";
      const previousDecision = entry.eligibility_decided_at
        ? entry.status === "ineligible"
          ? "ineligible"
          : "eligible"
        : null;
      const unchanged = previousDecision === input.decision && (entry.eligibility_reason ?? null) === reason;
      const updated = await trx
        .updateTable("entry")
        .set({
          status,
          eligibility_reason: reason,
          eligibility_decided_by: actor.id,
          eligibility_decided_at: sql`now()`,
        })
        .where("id", "=", entry.id)
        // The entry's version and updated_at are the entrant's: a decision is not a change to
        // what they wrote, and must not look like unsubmitted changes on their side.
        .returning("eligibility_decided_at")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: input.decision === "ineligible" ? "entry_marked_ineligible" : "entry_marked_eligible",
        actorUserId: actor.id,
        subjectType: "entry",
        subjectId: entry.reference,
        ip: actor.ip,
        details: {
          organisation: entry.organisation_name,
          ...(reason ? { reason } : {}),
          ...(previousDecision ? { previousDecision } : {}),
        },
      });
      let emailed = 0;
      if (!unchanged) {
        for (const recipient of await recipientsOf(trx, entry.organisation_id, {
          name: entry.contact_name,
          email: entry.contact_email,
        })) {
          const queued = await queueEmail(trx, {
            to: recipient.email,
            template: "eligibility-decision",
            props: {
              name: recipient.name,
              organisationName: entry.organisation_name,
              reference: entry.reference,
              title: entry.title,
              decision: input.decision,
              reason,
              entryUrl: absoluteUrl(`/entries/${entry.reference}`),
            },
            // One email per person per decision: a replayed request cannot send it twice.
            idempotencyKey: `eligibility:${entry.id}:${new Date(updated.eligibility_decided_at!).getTime()}:${recipient.email}`,
          });
          if (queued.queued) emailed++;
        }
      }
      return { status, emailed };
    });
}

/**
 * Who hears about an organisation's entries: its members (the people who can edit them) and the
 * organisation's named contact, each address once.
 */
export async function recipientsOf(
  executor: Executor,
  organisationId: number,
  contact: { name: string; email: string },
): Promise<{ name: string; email: string }[]> {
  const members = await executor
    .selectFrom("organisation_member")
    .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
    .select(["app_user.name", "app_user.email"])
    .where("organisation_member.organisation_id", "=", organisationId)
    .orderBy("app_user.id")
    .execute();
  const seen = new Set<string>();
  const out: { name: string; email: string }[] = [];
  for (const person of [...members, contact]) {
    const email = person.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254 || seen.has(email)) continue;
    seen.add(email);
    out.push({ name: person.name, email });
  }
  return out;
}
