import { sql } from "kysely";
import { z } from "zod";
import { db, type DB } from "../../../db/client";
import type { InterestStatus } from "../../../db/schema";
import { INTEREST_LABELS, INTEREST_STATUSES } from "../../domain/council-search";
import { PAGE_SIZE, pageCount, pageOffset, pageParam } from "../../domain/pagination";
import { recordAudit } from "../platform/audit.server";
import { sharedIdeasWithInterest } from "./ideas.server";
import { assertStaff } from "../accounts/roles.server";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { notFound } from "../app-error.server";

// Councils' take-up of the shared ideas across the region, for programme staff and the board
// report: which ideas, which councils, at what status.

export interface TakeUpSummary {
  /** Council interest records (one per idea and council). */
  interests: number;
  /** Ideas at least one council has recorded interest in (any status). */
  ideas: number;
  /** Ideas at least one council has taken forward. */
  ideasTakenForward: number;
  /** Councils that have recorded interest in at least one idea. */
  councils: number;
  byStatus: { status: InterestStatus; label: string; count: number }[];
  byCouncil: {
    code: string;
    name: string;
    total: number;
    byStatus: Record<InterestStatus, number>;
  }[];
}

function emptyByStatus(): Record<InterestStatus, number> {
  return { interested: 0, in_discussion: 0, taken_forward: 0, not_pursued: 0 };
}

/** The take-up of one challenge's shared ideas (for the board report; no permission check). */
export async function takeUpSummary(challengeId: number, executor: DB = db()): Promise<TakeUpSummary> {
  const rows = await sharedIdeasWithInterest(executor)
    .select([
      "local_authority.code",
      "local_authority.name",
      "council_interest.status",
      (eb) => eb.fn.countAll<number>().as("count"),
      sql<number[]>`array_agg(entry.id)`.as("entry_ids"),
    ])
    .where("entry.challenge_id", "=", challengeId)
    .groupBy(["local_authority.code", "local_authority.name", "council_interest.status"])
    .orderBy("local_authority.name")
    .execute();
  const statusCount = emptyByStatus();
  const councils = new Map<string, TakeUpSummary["byCouncil"][number]>();
  const ideas = new Set<number>();
  const forward = new Set<number>();
  for (const row of rows) {
    const count = Number(row.count);
    statusCount[row.status] += count;
    const council = councils.get(row.code) ?? {
      code: row.code,
      name: row.name,
      total: 0,
      byStatus: emptyByStatus(),
    };
    council.total += count;
    council.byStatus[row.status] += count;
    councils.set(row.code, council);
    for (const id of row.entry_ids) {
      ideas.add(id);
      if (row.status === "taken_forward") forward.add(id);
    }
  }
  return {
    interests: Object.values(statusCount).reduce((a, b) => a + b, 0),
    ideas: ideas.size,
    ideasTakenForward: forward.size,
    councils: councils.size,
    byStatus: INTEREST_STATUSES.map((status) => ({
      status,
      label: INTEREST_LABELS[status],
      count: statusCount[status],
    })),
    byCouncil: [...councils.values()],
  };
}

export interface TakeUpFilters {
  /** A challenge's slug; null for the most recently published challenge. */
  challenge: string | null;
  status: InterestStatus | null;
  council: string | null;
}

const optional = (value: string | null) => (value === null || value.trim() === "" ? null : value.trim());

const querySchema = z.object({
  challenge: z.string().max(200).nullable().catch(null),
  status: z.enum(INTEREST_STATUSES).nullable().catch(null),
  council: z
    .string()
    .regex(/^[EW][0-9]{8}$/)
    .nullable()
    .catch(null),
  page: pageParam,
});

/** The take-up list's filters from its address; unknown values are dropped. */
export function parseTakeUpQuery(params: URLSearchParams): TakeUpFilters & { page: number } {
  return querySchema.parse({
    challenge: optional(params.get("challenge")),
    status: optional(params.get("status")),
    council: optional(params.get("council")),
    page: params.get("page") ?? undefined,
  });
}

export interface TakeUpRow {
  reference: string;
  title: string;
  organisationName: string;
  council: string;
  status: InterestStatus;
  statusLabel: string;
  initiativeName: string | null;
  initiativeUrl: string | null;
  note: string;
  updatedAt: Date;
}

export interface TakeUpList {
  challenge: { id: number; slug: string; title: string };
  challenges: { slug: string; title: string }[];
  councilOptions: { code: string; name: string }[];
  filters: TakeUpFilters;
  summary: TakeUpSummary;
  rows: TakeUpRow[];
  total: number;
  page: number;
  pageCount: number;
}

async function publishedChallenges(executor: DB) {
  return executor
    .selectFrom("challenge")
    .select(["id", "slug", "title"])
    .where("results_published_at", "is not", null)
    .orderBy("results_published_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

/** The challenge the filters name (not found if it is unknown or unpublished), else the latest published; null if none is. */
function chosenChallenge(challenges: { id: number; slug: string; title: string }[], filters: TakeUpFilters) {
  if (!filters.challenge) return challenges[0] ?? null;
  const challenge = challenges.find((c) => c.slug === filters.challenge);
  if (!challenge) throw notFound();
  return challenge;
}

function interestRows(executor: DB, challengeId: number, filters: TakeUpFilters) {
  return sharedIdeasWithInterest(executor)
    .where("entry.challenge_id", "=", challengeId)
    .$if(filters.status !== null, (qb) => qb.where("council_interest.status", "=", filters.status!))
    .$if(filters.council !== null, (qb) => qb.where("council_interest.local_authority_code", "=", filters.council!));
}

async function rowsOf(
  executor: DB,
  challengeId: number,
  filters: TakeUpFilters,
  window: { limit: number; offset: number },
) {
  const rows = await interestRows(executor, challengeId, filters)
    .select([
      "entry.reference",
      "entry.title",
      "organisation.name as organisation_name",
      "local_authority.name as council",
      "council_interest.status",
      "council_interest.initiative_name",
      "council_interest.initiative_url",
      "council_interest.note",
      "council_interest.updated_at",
    ])
    .orderBy("entry.reference")
    .orderBy("local_authority.name")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
  return rows.map((r) => ({
    reference: r.reference,
    title: r.title,
    organisationName: r.organisation_name,
    council: r.council,
    status: r.status,
    statusLabel: INTEREST_LABELS[r.status],
    initiativeName: r.initiative_name,
    initiativeUrl: r.initiative_url,
    note: r.note,
    updatedAt: new Date(r.updated_at),
  }));
}

/**
 * Staff's view of take-up: the summary and a page of interest records. Null while no challenge has
 * published its results (the page says so).
 */
export async function listTakeUp(
  actor: Actor,
  filters: TakeUpFilters,
  page: number,
  executor: DB = db(),
): Promise<TakeUpList | null> {
  await assertStaff(executor, actor);
  const challenges = await publishedChallenges(executor);
  const challenge = chosenChallenge(challenges, filters);
  if (!challenge) return null;
  const [summary, count, rows, councilOptions] = await Promise.all([
    takeUpSummary(challenge.id, executor),
    interestRows(executor, challenge.id, filters)
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow(),
    rowsOf(executor, challenge.id, filters, {
      limit: PAGE_SIZE,
      offset: pageOffset(page),
    }),
    executor.selectFrom("local_authority").select(["code", "name"]).orderBy("name").execute(),
  ]);
  const total = Number(count.count);
  return {
    challenge,
    challenges: challenges.map((c) => ({ slug: c.slug, title: c.title })),
    councilOptions,
    filters,
    summary,
    rows,
    total,
    page,
    pageCount: pageCount(total),
  };
}

/** Every interest record matching the filters, for the CSV. Staff only; audited. Not found with no published challenge. */
export async function exportTakeUp(
  actor: Actor,
  filters: TakeUpFilters,
  executor: DB = db(),
): Promise<{
  challenge: { id: number; slug: string; title: string };
  rows: TakeUpRow[];
}> {
  assertRecentSecondFactor(actor);
  await assertStaff(executor, actor);
  const challenge = chosenChallenge(await publishedChallenges(executor), filters);
  if (!challenge) throw notFound();
  const rows = await rowsOf(executor, challenge.id, filters, {
    limit: 100_000,
    offset: 0,
  });
  await recordAudit(executor, {
    action: "council_take_up_exported",
    actorUserId: actor.id,
    subjectType: "challenge",
    subjectId: challenge.id,
    ip: actor.ip,
    details: {
      rows: rows.length,
      status: filters.status,
      council: filters.council,
    },
  });
  return { challenge, rows };
}
