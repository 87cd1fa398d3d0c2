import { sql, type Expression, type RawBuilder, type SqlBool } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { InterestStatus, OrganisationType } from "../../../db/schema";
import {
  ALL_COUNCILS,
  AWARD_LABELS,
  effectiveSort,
  HIGHLIGHT_START,
  HIGHLIGHT_STOP,
  INTEREST_LABELS,
  type AwardFilter,
  type CouncilIdeaFilters,
  type CouncilIdeaQuery,
  type Sort,
} from "../../domain/council-search";
import { entryReferenceFromSearch } from "../../domain/entry-reference";
import { snapshotFiles, type ShownFile } from "../../domain/entry-snapshot";
import { organisationTypeLabel } from "../../domain/organisation-types";
import { PAGE_SIZE, pageCount, pageOffset } from "../../domain/pagination";
import { recordAudit } from "../platform/audit.server";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { assertCouncilOfficer } from "../accounts/roles.server";
import { forbidden, notFound } from "../app-error.server";
import { VersionedCache } from "../platform/versioned-cache.server";

// What council officers see of the competition's ideas, and the one place that decides it. An
// officer sees an entry only when:
//   - its challenge's results are published (challenge.results_published_at set),
//   - it was submitted and stayed so (never a draft, a withdrawn or an ineligible entry),
//   - its organisation consented to sharing it with councils (entry.consent_share);
// and sees the organisation's contact details only where it also consented to being contacted
// (entry.consent_contact). Judges' scores and comments are never read here; only round 1's
// moderated overall score orders the list. What is shown is the submitted snapshot (what was
// judged); the search runs over entry.search_document, which after closing holds the same text.
// Every loader, export, email and report about shared ideas starts from `sharedIdeas`.

export interface Officer {
  id: number;
  localAuthorityCode: string;
  localAuthorityName: string;
}

/**
 * The council officer acting, with their council. Throws the 403 page for anyone who does not
 * hold the role now (the database requires every council officer to have a council).
 */
export async function officerFor(actor: Actor, executor: Executor = db()): Promise<Officer> {
  const code = await assertCouncilOfficer(executor, actor);
  const council = await executor
    .selectFrom("local_authority")
    .select("name")
    .where("code", "=", code)
    .executeTakeFirstOrThrow();
  return { id: actor.id, localAuthorityCode: code, localAuthorityName: council.name };
}

/** Every entry a council officer may see: the visibility rule, in one place. */
export function sharedIdeas(executor: Executor) {
  return executor
    .selectFrom("entry")
    .innerJoin("challenge", "challenge.id", "entry.challenge_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .where("challenge.results_published_at", "is not", null)
    .where("entry.status", "=", "submitted")
    .where("entry.consent_share", "=", true);
}

/** The shared ideas, a row for each council's interest in one, with that council. */
export function sharedIdeasWithInterest(executor: Executor) {
  return sharedIdeas(executor)
    .innerJoin("council_interest", "council_interest.entry_id", "entry.id")
    .innerJoin("local_authority", "local_authority.code", "council_interest.local_authority_code");
}

const tsQuery = (q: string) => sql`websearch_to_tsquery('english', ${q})`;

/** "cri-42", "CRI 0042" mean CRI-0042 (a number alone is words); null when the text cannot be a reference. */
const referenceFromSearch = (text: string) => entryReferenceFromSearch(text);

// The winner tier is the one with the fewest places (the top 3); any other award is the top 20.
const winnerTierOf = (entryId: string) => sql<SqlBool>`exists (
  select 1 from award a join prize_tier t on t.id = a.prize_tier_id
  where a.entry_id = ${sql.ref(entryId)}
    and t.places = (select min(t2.places) from prize_tier t2 where t2.challenge_id = t.challenge_id))`;
const awardOf = (entryId: string) =>
  sql<SqlBool>`exists (select 1 from award a where a.entry_id = ${sql.ref(entryId)})`;
const holdsWinnerTier = winnerTierOf("entry.id");
const holdsAward = awardOf("entry.id");
// Computed for the rows shown only (outside the ranking), so a broad search does not pay for it.
const awardCategory = (entryId: string) =>
  sql<AwardFilter>`case when ${winnerTierOf(entryId)} then 'winner' when ${awardOf(entryId)} then 'top20' else 'other' end`;

function interestIn(statuses: InterestStatus[]) {
  return sql<SqlBool>`exists (select 1 from council_interest ci where ci.entry_id = entry.id and ci.status in (${sql.join(statuses)}))`;
}

// Round 1's moderated score, once staff confirmed the round: the only score officers' lists use.
// Joined (hashed once) rather than looked up per idea, since the score sort ranks every match.
function roundOneScores(executor: Executor) {
  return executor
    .selectFrom("round_result")
    .innerJoin("judging_round", "judging_round.id", "round_result.round_id")
    .select(["round_result.entry_id", "round_result.normalised_score"])
    .where("judging_round.number", "=", 1)
    .where("judging_round.status", "=", "confirmed");
}

/** The council code the list is for: the officer's own unless the address says otherwise. */
function councilFilter(officer: Officer, council: string | null): string | null {
  if (council === ALL_COUNCILS) return null;
  return council ?? officer.localAuthorityCode;
}

function matching(executor: Executor, officer: Officer, filters: CouncilIdeaFilters) {
  const council = councilFilter(officer, filters.council);
  const reference = filters.q ? referenceFromSearch(filters.q) : null;
  return sharedIdeas(executor)
    .$if(filters.q !== "", (qb) =>
      qb.where((eb) => {
        const either: Expression<SqlBool>[] = [sql<SqlBool>`entry.search_document @@ ${tsQuery(filters.q)}`];
        if (reference) either.push(eb("entry.reference", "=", reference));
        return eb.or(either);
      }),
    )
    .$if(filters.area !== null, (qb) => qb.where("entry.priority_area_id", "=", filters.area!))
    .$if(filters.type !== null, (qb) => qb.where("organisation.type", "=", filters.type!))
    .$if(council !== null, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb("organisation.local_authority_code", "=", council!),
          eb.exists(
            eb
              .selectFrom("entry_area")
              .select(sql.lit(1).as("one"))
              .whereRef("entry_area.entry_id", "=", "entry.id")
              .where("entry_area.local_authority_code", "=", council!),
          ),
        ]),
      ),
    )
    .$if(filters.award === "winner", (qb) => qb.where(holdsWinnerTier))
    .$if(filters.award === "top20", (qb) => qb.where(holdsAward).where(sql<SqlBool>`not ${holdsWinnerTier}`))
    .$if(filters.award === "other", (qb) => qb.where(sql<SqlBool>`not ${holdsAward}`))
    .$if(filters.stage === "taken_forward", (qb) => qb.where(interestIn(["taken_forward"])))
    .$if(filters.stage === "interest", (qb) =>
      qb.where(interestIn(["interested", "in_discussion"])).where(sql<SqlBool>`not ${interestIn(["taken_forward"])}`),
    )
    .$if(filters.stage === "new", (qb) =>
      qb.where(sql<SqlBool>`not ${interestIn(["interested", "in_discussion", "taken_forward"])}`),
    );
}

interface SortKey {
  expression: RawBuilder<unknown>;
  direction: "asc" | "desc";
}

/** The keys a sort orders by, most significant first; the entry id last keeps pages stable. */
function sortKeys(sort: Sort, q: string): [SortKey, SortKey, SortKey] {
  switch (sort) {
    case "relevance":
      // An exact title (or reference) comes first whatever the rank says: someone typing a title
      // they were told about is looking for that idea.
      return [
        {
          expression: sql`(lower(entry.title) = lower(${q}) or entry.reference = ${referenceFromSearch(q) ?? ""})`,
          direction: "desc",
        },
        {
          expression: sql`ts_rank_cd(entry.search_document, ${tsQuery(q)})`,
          direction: "desc",
        },
        { expression: sql`entry.id`, direction: "desc" },
      ];
    case "score":
      // Ideas without a confirmed round 1 score sort after every scored idea (-1 is below any).
      return [
        {
          expression: sql`coalesce(r1.normalised_score, -1)`,
          direction: "desc",
        },
        { expression: sql`entry.submitted_at`, direction: "desc" },
        { expression: sql`entry.id`, direction: "desc" },
      ];
    case "date":
      return [
        { expression: sql`entry.submitted_at`, direction: "desc" },
        { expression: sql`entry.id`, direction: "desc" },
        { expression: sql`0`, direction: "asc" },
      ];
  }
}

export interface InterestLine {
  localAuthorityCode: string;
  council: string;
  status: InterestStatus;
  statusLabel: string;
  initiativeName: string | null;
  updatedAt: Date;
}

export interface IdeaRow {
  id: number;
  reference: string;
  /** With ts_headline's markers around the matching words when searching (see splitHighlight). */
  title: string;
  summary: string;
  organisationName: string;
  organisationType: OrganisationType;
  organisationTypeLabel: string;
  priorityArea: string | null;
  challengeTitle: string;
  councils: string[];
  award: AwardFilter;
  awardLabel: string;
  awardNames: string[];
  submittedAt: Date | null;
  interests: InterestLine[];
}

export interface FilterOptions {
  priorityAreas: { id: number; name: string }[];
  councils: { code: string; name: string }[];
}

export type IdeaList =
  | { published: false; officer: Officer }
  | {
      published: true;
      officer: Officer;
      filters: CouncilIdeaFilters;
      /** The council the list is limited to (null: every council). */
      council: { code: string; name: string } | null;
      sort: Sort;
      options: FilterOptions;
      rows: IdeaRow[];
      total: number;
      page: number;
      pageCount: number;
    };

// ts_headline's options: the markers, every match highlighted in a title, a short extract of the
// summary around the matches.
const TITLE_HEADLINE = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, HighlightAll=true`;
const SUMMARY_HEADLINE = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;

// The filters' choices, whether any challenge has published its results yet (before that,
// officers see an explanation instead of a list) and the version of the data: read with the page,
// in the same statement (so in the same snapshot).
const FILTER_OPTIONS = sql<{
  areas: { id: number; name: string; challenge: string }[] | string;
  councils: FilterOptions["councils"] | string;
  published: boolean;
  version: string;
}>`(select
    (select coalesce(json_agg(json_build_object('id', pa.id, 'name', pa.name, 'challenge', c.title)
        order by c.results_published_at desc, pa.position, pa.id), '[]')
      from priority_area pa join challenge c on c.id = pa.challenge_id where c.results_published_at is not null) as areas,
    (select coalesce(json_agg(json_build_object('code', la.code, 'name', la.name) order by la.name), '[]')
      from local_authority la) as councils,
    exists (select 1 from challenge where results_published_at is not null) as published,
    (select version::text from shared_ideas_version) as version)`;

function filterOptions(row: {
  areas: { id: number; name: string; challenge: string }[] | string;
  councils: FilterOptions["councils"] | string;
}): FilterOptions {
  const areas = json(row.areas);
  const challenges = new Set(areas.map((a) => a.challenge));
  return {
    // Several published challenges can use the same area names: say which is which.
    priorityAreas: areas.map((a) => ({
      id: a.id,
      name: challenges.size > 1 ? `${a.name} (${a.challenge})` : a.name,
    })),
    councils: json(row.councils),
  };
}

/** A json column: pg parses json, PGlite may hand it over as text. */
function json<T>(value: T | string): T {
  return typeof value === "string" ? (JSON.parse(value) as T) : value;
}

/** Award tier names of these entries, in one query. */
async function awardsOf(executor: Executor, entryIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (entryIds.length === 0) return map;
  const rows = await executor
    .selectFrom("award")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .select(["award.entry_id", "prize_tier.name"])
    .where("award.entry_id", "in", entryIds)
    .orderBy("prize_tier.places")
    .execute();
  for (const row of rows) map.set(row.entry_id, [...(map.get(row.entry_id) ?? []), row.name]);
  return map;
}

interface SelectedIdea {
  id: number;
  reference: string;
  title: string;
  summary: string;
  organisation_name: string;
  organisation_type: OrganisationType;
  priority_area: string | null;
  challenge_title: string;
  award: AwardFilter;
  submitted_at: Date | null;
  councils: string[];
  award_names: string[];
  interests: {
    code: string;
    council: string;
    status: InterestStatus;
    initiative: string | null;
    updated_at: string;
  }[];
}

/**
 * The matching ideas in order, `limit` from `offset`, with the snapshot's text (highlighted when
 * searching), as a query to run or to embed. The ranking runs in an inner query and the headlines
 * only for the rows returned. Its rows carry their sort keys (k0, k1, k2), to order by in the
 * directions `keyDirections` gives.
 */
export function ideasPage(
  executor: Executor,
  officer: Officer,
  filters: CouncilIdeaFilters,
  sort: Sort,
  window: { limit: number; offset: number; highlight: boolean },
) {
  const [k0, k1, k2] = sortKeys(sort, filters.q);
  const ranked = matching(executor, officer, filters)
    .$if(sort === "score", (qb) => qb.leftJoin(roundOneScores(executor).as("r1"), "r1.entry_id", "entry.id"))
    .select([
      // The number of matches comes with the page: one pass over the matches instead of two.
      sql<number>`count(*) over ()`.as("total"),
      "entry.id",
      "entry.reference",
      "entry.submitted_at",
      "organisation.type as organisation_type",
      "challenge.title as challenge_title",
      k0.expression.as("k0"),
      k1.expression.as("k1"),
      k2.expression.as("k2"),
    ])
    .orderBy("k0", k0.direction)
    .orderBy("k1", k1.direction)
    .orderBy("k2", k2.direction)
    .limit(window.limit)
    .offset(window.offset);
  const q = filters.q;
  const text = (field: "title" | "summary", options: string) =>
    q && window.highlight
      ? sql<string>`ts_headline('english', s.snapshot->>${field}, ${tsQuery(q)}, ${options})`
      : sql<string>`s.snapshot->>${field}`;
  return executor
    .selectFrom(ranked.as("p"))
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("entry_submission")
          .select("entry_submission.snapshot")
          .whereRef("entry_submission.entry_id", "=", "p.id")
          .orderBy("entry_submission.entry_version", "desc")
          .limit(1)
          .as("s"),
      (join) => join.onTrue(),
    )
    .select([
      "p.id",
      "p.reference",
      "p.submitted_at",
      "p.organisation_type",
      "p.challenge_title",
      "p.total",
      "p.k0",
      "p.k1",
      "p.k2",
      awardCategory("p.id").as("award"),
      text("title", TITLE_HEADLINE).as("title"),
      text("summary", SUMMARY_HEADLINE).as("summary"),
      sql<string>`s.snapshot->'organisation'->>'name'`.as("organisation_name"),
      sql<string | null>`s.snapshot->'priorityArea'->>'name'`.as("priority_area"),
      // Each row's councils, awards and councils' interest come with the page, for the rows shown
      // only: the number of queries stays the same whatever the number of matches.
      sql<string[]>`(select coalesce(json_agg(la.name order by la.name), '[]')
        from entry_area ea join local_authority la on la.code = ea.local_authority_code where ea.entry_id = p.id)`.as(
        "councils",
      ),
      sql<string[]>`(select coalesce(json_agg(t.name order by t.places), '[]')
        from award a join prize_tier t on t.id = a.prize_tier_id where a.entry_id = p.id)`.as("award_names"),
      sql<SelectedIdea["interests"]>`(select coalesce(json_agg(json_build_object('code', ci.local_authority_code,
          'council', la.name, 'status', ci.status, 'initiative', ci.initiative_name, 'updated_at', ci.updated_at)
          order by la.name), '[]')
        from council_interest ci join local_authority la on la.code = ci.local_authority_code where ci.entry_id = p.id)`.as(
        "interests",
      ),
    ]);
}

/** The sort's direction for each key of a page's rows (see ideasPage). */
function keyDirections(sort: Sort, q: string) {
  return sortKeys(sort, q).map((k) => k.direction) as [
    SortKey["direction"],
    SortKey["direction"],
    SortKey["direction"],
  ];
}

/** A page's rows as the list and the export use them; the total, unknown past the end. */
function pageOf(
  rows: (Omit<SelectedIdea, "submitted_at"> & {
    submitted_at: Date | string | null;
    total: number | string | null;
  })[],
): { rows: SelectedIdea[]; total: number | null } {
  return {
    rows: rows.map((r) => ({
      ...r,
      submitted_at: r.submitted_at ? new Date(r.submitted_at) : null,
    })),
    total: rows.length ? Number(rows[0]!.total) : null,
  };
}

function toIdeaRow(r: SelectedIdea): IdeaRow {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title ?? "",
    summary: r.summary ?? "",
    organisationName: r.organisation_name ?? "",
    organisationType: r.organisation_type,
    organisationTypeLabel: organisationTypeLabel(r.organisation_type),
    priorityArea: r.priority_area,
    challengeTitle: r.challenge_title,
    councils: json(r.councils),
    award: r.award,
    awardLabel: AWARD_LABELS[r.award],
    awardNames: json(r.award_names),
    submittedAt: r.submitted_at,
    interests: json(r.interests).map((i) => ({
      localAuthorityCode: i.code,
      council: i.council,
      status: i.status,
      statusLabel: INTEREST_LABELS[i.status],
      initiativeName: i.initiative,
      updatedAt: new Date(i.updated_at),
    })),
  };
}

/** What a page of the list holds, whoever asks for it (the officer is added afterwards). */
interface ListPage {
  published: boolean;
  options: FilterOptions;
  rows: IdeaRow[];
  total: number;
}

// Pages of the list as last read, for the version of the data they were read at (the database
// moves shared_ideas_version on, in the same transaction, with any change to what a page shows).
// Ranking ten thousand ideas for a broad search or the score sort is most of a page's cost, and
// officers ask for the same pages again: a kept page costs one small query to confirm it is current.
// Each of a few hundred pages holds 25 rows.
const keptPages = new VersionedCache<ListPage>(400);

/**
 * The council officer acting (as officerFor: the 403 page without the role) and the data's current
 * version, in one statement: a kept page then costs this one small query, whoever asks for it.
 */
async function officerAndVersion(actor: Actor, executor: Executor): Promise<{ officer: Officer; version: string }> {
  const row = await executor
    .selectFrom("shared_ideas_version")
    .leftJoin("role_grant", (join) =>
      join.on("role_grant.user_id", "=", actor.id).on("role_grant.role", "=", "council_officer"),
    )
    .leftJoin("local_authority", "local_authority.code", "role_grant.local_authority_code")
    .select([
      sql<string>`shared_ideas_version.version::text`.as("version"),
      "local_authority.code",
      "local_authority.name",
    ])
    .executeTakeFirstOrThrow();
  if (!row.code || !row.name) throw forbidden();
  return {
    officer: { id: actor.id, localAuthorityCode: row.code, localAuthorityName: row.name },
    version: row.version,
  };
}

/**
 * A page of the shared ideas matching the filters, for a council officer. One statement reads the
 * page with its matches' number, each row's councils, interests and awards, the filters' choices
 * and the data's version; a page kept from an earlier read is reused while that version is
 * current. Either way the number of queries is the same whatever the page holds. The officer's
 * council is read from their role grant, in the statement that reads the data's version.
 */
export async function listSharedIdeas(
  actor: Actor,
  query: CouncilIdeaQuery,
  executor: Executor = db(),
): Promise<IdeaList> {
  const { officer, version } = await officerAndVersion(actor, executor);
  const filters: CouncilIdeaFilters = {
    q: query.q,
    area: query.area,
    council: query.council,
    type: query.type,
    award: query.award,
    stage: query.stage,
    sort: query.sort,
  };
  const sort = effectiveSort(filters);
  const councilCode = councilFilter(officer, filters.council);
  // Inside a transaction the data read may never be committed: read it, but do not keep it.
  const keep = !executor.isTransaction;
  const key = JSON.stringify([
    councilCode,
    filters.q,
    filters.area,
    filters.type,
    filters.award,
    filters.stage,
    sort,
    query.page,
  ]);
  let page = keep ? keptPages.get(key, version) : undefined;
  if (!page) {
    const read = await readListPage(executor, officer, filters, sort, query.page);
    page = read.page;
    if (keep) keptPages.set(key, read.version, page);
  }
  const { options, rows, total } = page;
  if (!page.published) return { published: false, officer };
  const council = councilCode
    ? (options.councils.find((c) => c.code === councilCode) ?? {
        code: councilCode,
        name: councilCode,
      })
    : null;
  return {
    published: true,
    officer,
    filters,
    council,
    sort,
    options,
    rows,
    total,
    page: query.page,
    pageCount: pageCount(total),
  };
}

/** A page of the list, its filters' choices and the version of the data it was read at. */
async function readListPage(
  executor: Executor,
  scope: Officer,
  filters: CouncilIdeaFilters,
  sort: Sort,
  pageNumber: number,
): Promise<{ page: ListPage; version: string }> {
  const [d0, d1, d2] = keyDirections(sort, filters.q);
  const found = await executor
    .selectFrom(FILTER_OPTIONS.as("o"))
    .leftJoinLateral(
      ideasPage(executor, scope, filters, sort, {
        limit: PAGE_SIZE,
        offset: pageOffset(pageNumber),
        highlight: true,
      }).as("p"),
      (join) => join.onTrue(),
    )
    .selectAll("p")
    // Named apart from the rows' own columns (a row's councils are the idea's areas).
    .select([
      "o.areas as option_areas",
      "o.councils as option_councils",
      "o.published as options_published",
      "o.version as data_version",
    ])
    .orderBy("p.k0", d0)
    .orderBy("p.k1", d1)
    .orderBy("p.k2", d2)
    .execute();
  const first = found[0]!;
  const published = first.options_published;
  const selected = pageOf(found.filter((r) => r.id !== null) as Parameters<typeof pageOf>[0]);
  // An empty page: count the matches separately (none on page 1 means none at all). The same
  // number of queries either way for a given page, whatever the number of matches.
  const total = await (selected.total !== null
    ? selected.total
    : pageNumber === 1 || !published
      ? 0
      : matching(executor, scope, filters)
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.count)));
  return {
    page: {
      published,
      options: filterOptions({
        areas: first.option_areas,
        councils: first.option_councils,
      }),
      rows: selected.rows.map(toIdeaRow),
      total,
    },
    version: first.data_version,
  };
}

/** Longest export: every shared idea of a large challenge fits many times over. */
export const MAX_EXPORT_ROWS = 20_000;

/** Every idea matching the filters (no paging), for the CSV. Contact details only with consent. */
export async function exportSharedIdeas(
  actor: Actor,
  filters: CouncilIdeaFilters,
  executor: Executor = db(),
): Promise<{
  officer: Officer;
  rows: (IdeaRow & { contact: Contact | null })[];
}> {
  assertRecentSecondFactor(actor);
  const officer = await officerFor(actor, executor);
  const sort = effectiveSort(filters);
  // The whole summary in a spreadsheet, not the search's extract of it.
  const [d0, d1, d2] = keyDirections(sort, filters.q);
  const selected = pageOf(
    await ideasPage(executor, officer, filters, sort, {
      limit: MAX_EXPORT_ROWS,
      offset: 0,
      highlight: false,
    })
      .orderBy("p.k0", d0)
      .orderBy("p.k1", d1)
      .orderBy("p.k2", d2)
      .execute(),
  );
  const rows = selected.rows.map(toIdeaRow);
  const contacts = await contactsOf(
    executor,
    rows.map((r) => r.id),
  );
  await recordAudit(executor, {
    action: "council_ideas_exported",
    actorUserId: actor.id,
    subjectType: "local_authority",
    subjectId: officer.localAuthorityCode,
    ip: actor.ip,
    details: {
      rows: rows.length,
      search: filters.q.slice(0, 100),
      council: filters.council ?? officer.localAuthorityCode,
    },
  });
  return {
    officer,
    rows: rows.map((r) => ({ ...r, contact: contacts.get(r.id) ?? null })),
  };
}

export interface Contact {
  name: string;
  email: string;
  phone: string | null;
}

/** The organisation's contact details of those entries whose organisation agreed to be contacted. */
async function contactsOf(executor: Executor, entryIds: number[]): Promise<Map<number, Contact>> {
  const map = new Map<number, Contact>();
  if (entryIds.length === 0) return map;
  const rows = await sharedIdeas(executor)
    .select(["entry.id", "organisation.contact_name", "organisation.contact_email", "organisation.contact_phone"])
    .where("entry.id", "in", entryIds)
    .where("entry.consent_contact", "=", true)
    .execute();
  for (const row of rows)
    map.set(row.id, {
      name: row.contact_name,
      email: row.contact_email,
      phone: row.contact_phone,
    });
  return map;
}

// ---------------------------------------------------------------------------------------------
// One idea

export interface InterestDetail extends InterestLine {
  initiativeDescription: string;
  initiativeUrl: string | null;
  note: string;
  version: number;
  recordedByName: string | null;
}

export interface IdeaDetail {
  officer: Officer;
  id: number;
  reference: string;
  challengeTitle: string;
  title: string;
  summary: string;
  need: string;
  beneficiaries: string;
  delivery: string;
  priorityArea: string | null;
  principles: string[];
  councils: string[];
  /** The supporting documents of the submitted version shown. */
  documents: ShownFile[];
  submittedAt: Date;
  organisation: {
    name: string;
    type: string;
    council: string;
    website: string | null;
    /** Null unless the organisation agreed to be contacted by councils. */
    contact: Contact | null;
  };
  award: AwardFilter;
  awardLabel: string;
  awardNames: string[];
  interests: InterestDetail[];
  /** This officer's council's interest, if recorded. */
  own: InterestDetail | null;
}

interface SnapshotText {
  title?: string;
  summary?: string;
  need?: string;
  beneficiaries?: string;
  delivery?: string;
  priorityArea?: { name?: string } | null;
  principles?: { name?: string }[];
  areas?: { name?: string }[];
  organisation?: { name?: string };
}

/** An idea a council officer may see. Unknown, not shared, or not published yet: the same not found, so nothing leaks. */
export async function sharedIdea(actor: Actor, reference: string, executor: Executor = db()): Promise<IdeaDetail> {
  const officer = await officerFor(actor, executor);
  const row = await sharedIdeas(executor)
    .innerJoin("local_authority", "local_authority.code", "organisation.local_authority_code")
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("entry_submission")
          .select(["entry_submission.snapshot", "entry_submission.submitted_at"])
          .whereRef("entry_submission.entry_id", "=", "entry.id")
          .orderBy("entry_submission.entry_version", "desc")
          .limit(1)
          .as("s"),
      (join) => join.onTrue(),
    )
    .select([
      "entry.id",
      "entry.reference",
      "entry.consent_contact",
      "challenge.title as challenge_title",
      "organisation.type",
      "organisation.website",
      "organisation.contact_name",
      "organisation.contact_email",
      "organisation.contact_phone",
      "local_authority.name as council",
      "s.snapshot",
      "s.submitted_at",
      awardCategory("entry.id").as("award"),
    ])
    .where("entry.reference", "=", reference)
    .executeTakeFirst();
  if (!row) throw notFound();
  const snapshot = (typeof row.snapshot === "string" ? JSON.parse(row.snapshot) : row.snapshot) as SnapshotText;
  const [awards, interests] = await Promise.all([awardsOf(executor, [row.id]), interestDetails(executor, row.id)]);
  return {
    officer,
    id: row.id,
    reference: row.reference,
    challengeTitle: row.challenge_title,
    title: snapshot.title ?? "",
    summary: snapshot.summary ?? "",
    need: snapshot.need ?? "",
    beneficiaries: snapshot.beneficiaries ?? "",
    delivery: snapshot.delivery ?? "",
    priorityArea: snapshot.priorityArea?.name ?? null,
    principles: (snapshot.principles ?? []).map((p) => p.name ?? "").filter(Boolean),
    councils: (snapshot.areas ?? []).map((a) => a.name ?? "").filter(Boolean),
    documents: snapshotFiles(snapshot),
    submittedAt: new Date(row.submitted_at),
    organisation: {
      name: snapshot.organisation?.name ?? "",
      type: organisationTypeLabel(row.type),
      council: row.council,
      website: row.website,
      contact: row.consent_contact
        ? {
            name: row.contact_name,
            email: row.contact_email,
            phone: row.contact_phone,
          }
        : null,
    },
    award: row.award,
    awardLabel: AWARD_LABELS[row.award],
    awardNames: awards.get(row.id) ?? [],
    interests,
    own: interests.find((i) => i.localAuthorityCode === officer.localAuthorityCode) ?? null,
  };
}

export async function interestDetails(executor: Executor, entryId: number): Promise<InterestDetail[]> {
  const rows = await executor
    .selectFrom("council_interest")
    .innerJoin("local_authority", "local_authority.code", "council_interest.local_authority_code")
    .leftJoin("app_user", "app_user.id", "council_interest.recorded_by")
    .select([
      "council_interest.local_authority_code",
      "local_authority.name",
      "council_interest.status",
      "council_interest.initiative_name",
      "council_interest.initiative_description",
      "council_interest.initiative_url",
      "council_interest.note",
      "council_interest.version",
      "council_interest.updated_at",
      "app_user.name as recorded_by_name",
    ])
    .where("council_interest.entry_id", "=", entryId)
    .orderBy("local_authority.name")
    .execute();
  return rows.map((r) => ({
    localAuthorityCode: r.local_authority_code,
    council: r.name,
    status: r.status,
    statusLabel: INTEREST_LABELS[r.status],
    initiativeName: r.initiative_name,
    initiativeDescription: r.initiative_description,
    initiativeUrl: r.initiative_url,
    note: r.note,
    version: r.version,
    updatedAt: new Date(r.updated_at),
    recordedByName: r.recorded_by_name,
  }));
}
