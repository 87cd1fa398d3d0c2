import { sql, type RawBuilder } from "kysely";
import { db } from "../../../db/client";
import type { InterestStatus, OrganisationType } from "../../../db/schema";
import { londonDate } from "../../domain/deadline";
import { countMilestones } from "../../domain/milestones";
import { ORGANISATION_TYPES, organisationTypeLabel } from "../../domain/organisation-types";
import { capPosition } from "../../domain/support-cap";
import { remainingOf, type ProgrammeMoney } from "../../domain/budget";
import type { AwardForPublication } from "../../domain/three-sixty-giving";
import { assertStaff } from "../accounts/roles.server";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { notFound } from "../app-error.server";
import { lateReportsTable } from "./late-reports-table.server";
import { milestonesOf } from "../awards/support-plans.server";

// The board report (/staff/reports): the programme at a glance for a board paper, for one
// challenge. Every figure is counted or summed by the database (money in integer pence) and
// handed to the page as tables: each table is shown with its chart and can be downloaded as CSV
// (/staff/reports/<key>.csv), so the page, the chart and the spreadsheet always agree.

export type ColumnKind = "text" | "count" | "money";

export interface ReportColumn {
  heading: string;
  kind: ColumnKind;
}

export interface ChartSpec {
  /** Which columns are drawn, as bars side by side for each row; the first column labels the rows. */
  series: { name: string; column: number }[];
  unit: "count" | "money";
}

export interface ReportTable {
  key: string;
  title: string;
  /** What the figures count, in a sentence (the chart's description too). */
  description: string;
  columns: ReportColumn[];
  rows: (string | number)[][];
  /** A totals row computed by the database separately from the rows, when the table has one. */
  totals: (string | number)[] | null;
  chart: ChartSpec | null;
  empty: string;
}

export interface BoardReport {
  challenge: { id: number; title: string; resultsPublishedAt: Date | null; awardListStatus: string | null };
  challenges: { id: number; title: string }[];
  today: string;
  tables: ReportTable[];
}

export const REPORT_TABLE_KEYS = [
  "entries-by-area",
  "entries-by-council",
  "entries-by-organisation-type",
  "judging",
  "awards-by-area",
  "payments-by-area",
  "support",
  "milestones",
  "late-reports",
  "council-interest",
  "programme-money",
] as const;
export type ReportTableKey = (typeof REPORT_TABLE_KEYS)[number];

const INTEREST_LABELS: Record<InterestStatus, string> = {
  interested: "Interested",
  in_discussion: "In discussion",
  taken_forward: "Taken forward",
  not_pursued: "Not pursued",
};

const ROUND_STATUS_LABELS: Record<string, string> = {
  setup: "Being set up",
  open: "Open for scoring",
  closed: "Scoring closed",
  confirmed: "Confirmed",
};

/** ?challenge=<id>: null when absent (the default challenge); not found when it is not an id. */
export function challengeParam(url: URL): number | null {
  const value = (url.searchParams.get("challenge") ?? "").trim();
  if (value === "") return null;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw notFound();
  return Number(value);
}

const n = (value: unknown): number => Number(value ?? 0);

/** The challenge asked for, or the most recent one with submitted entries (else the most recent). */
async function chooseChallenge(challengeId: number | null) {
  const base = db()
    .selectFrom("challenge")
    .leftJoin("award_list", "award_list.challenge_id", "challenge.id")
    .select([
      "challenge.id",
      "challenge.title",
      "challenge.results_published_at",
      "award_list.status as award_list_status",
    ]);
  if (challengeId !== null) return base.where("challenge.id", "=", challengeId).executeTakeFirst();
  return base
    .orderBy((eb) =>
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom("entry")
              .select("entry.id")
              .whereRef("entry.challenge_id", "=", "challenge.id")
              .where("entry.status", "=", "submitted"),
          ),
        )
        .then(0)
        .else(1)
        .end(),
    )
    .orderBy("challenge.opens_at", "desc")
    .orderBy("challenge.id", "desc")
    .limit(1)
    .executeTakeFirst();
}

function challengeSummary(
  challenge: NonNullable<Awaited<ReturnType<typeof chooseChallenge>>>,
): BoardReport["challenge"] {
  return {
    id: challenge.id,
    title: challenge.title,
    resultsPublishedAt: challenge.results_published_at ? new Date(challenge.results_published_at) : null,
    awardListStatus: challenge.award_list_status,
  };
}

/**
 * The board report of a challenge, or of the default one when none is asked for. Staff only. Not
 * found when the challenge asked for does not exist; null when there is no challenge at all (the
 * page says so).
 */
export async function loadBoardReport(
  actor: Actor,
  challengeId: number | null,
  today: string,
): Promise<BoardReport | null> {
  await assertStaff(db(), actor);
  const challenge = await chooseChallenge(challengeId);
  if (!challenge) {
    if (challengeId !== null) throw notFound();
    return null;
  }
  const id = challenge.id;
  const challenges = await db()
    .selectFrom("challenge")
    .select(["id", "title"])
    .orderBy("opens_at", "desc")
    .orderBy("id", "desc")
    .execute();
  const tables = await Promise.all([
    entriesByArea(id),
    entriesByCouncil(id),
    entriesByType(id),
    judging(id),
    awardsByArea(id),
    paymentsByArea(id),
    supportAndMilestones(id, today),
    lateReportsTable(db(), id, today),
    councilInterest(id),
    programmeMoney(id),
  ]);
  return {
    challenge: challengeSummary(challenge),
    challenges,
    today,
    tables: tables.flat(),
  };
}

async function entriesByArea(challengeId: number): Promise<ReportTable> {
  const { rows } = await sql<{ name: string; entries: unknown }>`
    select pa.name, count(e.id) as entries
    from priority_area pa
    left join entry e on e.priority_area_id = pa.id and e.status = 'submitted'
    where pa.challenge_id = ${challengeId}
    group by pa.id, pa.name, pa.position
    order by pa.position, pa.id`.execute(db());
  const total = await submittedCount(challengeId);
  return {
    key: "entries-by-area",
    title: "Entries by priority area",
    description: "Submitted entries in each of the challenge's priority areas.",
    columns: [
      { heading: "Priority area", kind: "text" },
      { heading: "Entries", kind: "count" },
    ],
    rows: rows.map((r) => [r.name, n(r.entries)]),
    totals: ["All priority areas", total],
    chart: { series: [{ name: "Entries", column: 1 }], unit: "count" },
    empty: "This challenge has no priority areas.",
  };
}

async function submittedCount(challengeId: number): Promise<number> {
  const { rows } = await sql<{ total: unknown }>`
    select count(*) as total from entry where challenge_id = ${challengeId} and status = 'submitted'`.execute(db());
  return n(rows[0]?.total);
}

async function entriesByCouncil(challengeId: number): Promise<ReportTable> {
  const { rows } = await sql<{ name: string; entries: unknown }>`
    select la.name, count(distinct e.id) as entries
    from entry e
    join entry_area ea on ea.entry_id = e.id
    join local_authority la on la.code = ea.local_authority_code
    where e.challenge_id = ${challengeId} and e.status = 'submitted'
    group by la.code, la.name
    order by count(distinct e.id) desc, la.name`.execute(db());
  return {
    key: "entries-by-council",
    title: "Entries by council area",
    description:
      "Submitted entries working in each council area. An entry working in several council areas counts once in each.",
    columns: [
      { heading: "Council area", kind: "text" },
      { heading: "Entries", kind: "count" },
    ],
    rows: rows.map((r) => [r.name, n(r.entries)]),
    totals: null,
    chart: { series: [{ name: "Entries", column: 1 }], unit: "count" },
    empty: "No submitted entry names a council area yet.",
  };
}

async function entriesByType(challengeId: number): Promise<ReportTable> {
  const { rows } = await sql<{ type: OrganisationType; entries: unknown }>`
    select o.type, count(e.id) as entries
    from entry e
    join organisation o on o.id = e.organisation_id
    where e.challenge_id = ${challengeId} and e.status = 'submitted'
    group by o.type`.execute(db());
  const counts = new Map(rows.map((r) => [r.type, n(r.entries)]));
  return {
    key: "entries-by-organisation-type",
    title: "Entries by organisation type",
    description: "Submitted entries by the kind of organisation that entered.",
    columns: [
      { heading: "Organisation type", kind: "text" },
      { heading: "Entries", kind: "count" },
    ],
    rows: ORGANISATION_TYPES.map((t) => [organisationTypeLabel(t.value), counts.get(t.value) ?? 0]),
    totals: ["All organisation types", await submittedCount(challengeId)],
    chart: { series: [{ name: "Entries", column: 1 }], unit: "count" },
    empty: "No entries yet.",
  };
}

async function judging(challengeId: number): Promise<ReportTable> {
  const { rows } = await sql<{
    number: number;
    status: string;
    entries: unknown;
    assignments: unknown;
    submitted: unknown;
  }>`
    select r.number, r.status,
      (select count(distinct a.entry_id) from assignment a where a.round_id = r.id and a.removed_at is null) as entries,
      (select count(*) from assignment a where a.round_id = r.id and a.removed_at is null) as assignments,
      (select count(*) from assignment a join review v on v.assignment_id = a.id
        where a.round_id = r.id and a.removed_at is null and v.status = 'submitted') as submitted
    from judging_round r
    where r.challenge_id = ${challengeId}
    order by r.number`.execute(db());
  return {
    key: "judging",
    title: "Judging progress",
    description: "For each judging round, the judges' assignments and how many of their reviews are submitted.",
    columns: [
      { heading: "Round", kind: "text" },
      { heading: "Status", kind: "text" },
      { heading: "Entries assigned", kind: "count" },
      { heading: "Assignments", kind: "count" },
      { heading: "Reviews submitted", kind: "count" },
      { heading: "Reviews to come", kind: "count" },
    ],
    rows: rows.map((r) => [
      r.number === 1 ? "Round 1 (shortlist)" : "Round 2 (final panel)",
      ROUND_STATUS_LABELS[r.status] ?? r.status,
      n(r.entries),
      n(r.assignments),
      n(r.submitted),
      n(r.assignments) - n(r.submitted),
    ]),
    totals: null,
    chart: {
      series: [
        { name: "Reviews submitted", column: 4 },
        { name: "Reviews to come", column: 5 },
      ],
      unit: "count",
    },
    empty: "Judging has not been set up for this challenge yet.",
  };
}

/**
 * The same measures over the challenge's awards, for each priority area (every area, in the
 * challenge's order, with zeros where nothing matches) and for the challenge as a whole. `joins`
 * adds tables beyond the area's entries (e) and their awards (a); `whole` is the from-and-where
 * of the totals, which are counted separately rather than added up from the rows.
 */
async function byPriorityArea<Measures>(
  challengeId: number,
  measures: RawBuilder<unknown>,
  joins: RawBuilder<unknown>,
  whole: RawBuilder<unknown>,
): Promise<{ rows: (Measures & { name: string })[]; totals: Measures | undefined }> {
  const [{ rows }, { rows: totals }] = await Promise.all([
    sql<Measures & { name: string }>`
      select pa.name, ${measures}
      from priority_area pa
      left join entry e on e.priority_area_id = pa.id
      left join award a on a.entry_id = e.id and a.challenge_id = ${challengeId}
      ${joins}
      where pa.challenge_id = ${challengeId}
      group by pa.id, pa.name, pa.position
      order by pa.position, pa.id`.execute(db()),
    sql<Measures>`select ${measures} ${whole}`.execute(db()),
  ]);
  return { rows, totals: totals[0] };
}

async function awardsByArea(challengeId: number): Promise<ReportTable> {
  const { rows, totals: t } = await byPriorityArea<{ awarded: unknown; supported: unknown; cash: unknown }>(
    challengeId,
    sql`count(distinct a.entry_id) as awarded,
      count(a.id) filter (where a.support_cap_pence > 0) as supported,
      coalesce(sum(a.cash_pence), 0) as cash`,
    sql``,
    sql`from award a where a.challenge_id = ${challengeId}`,
  );
  return {
    key: "awards-by-area",
    title: "Awards by priority area",
    description:
      "Ideas given a prize in each priority area, the winners among them with a support plan, and the cash prizes.",
    columns: [
      { heading: "Priority area", kind: "text" },
      { heading: "Ideas awarded", kind: "count" },
      { heading: "Winners with support", kind: "count" },
      { heading: "Cash prizes", kind: "money" },
    ],
    rows: rows.map((r) => [r.name, n(r.awarded), n(r.supported), n(r.cash)]),
    totals: ["All priority areas", n(t?.awarded), n(t?.supported), n(t?.cash)],
    chart: { series: [{ name: "Ideas awarded", column: 1 }], unit: "count" },
    empty: "This challenge has no priority areas.",
  };
}

// Paid: status 'paid'. Outstanding: owed and not yet paid, i.e. any status but paid or cancelled.
async function paymentsByArea(challengeId: number): Promise<ReportTable> {
  const { rows, totals: t } = await byPriorityArea<{
    paid: unknown;
    paid_pence: unknown;
    owed: unknown;
    owed_pence: unknown;
  }>(
    challengeId,
    sql`count(p.id) filter (where p.status = 'paid') as paid,
      coalesce(sum(p.amount_pence) filter (where p.status = 'paid'), 0) as paid_pence,
      count(p.id) filter (where p.status not in ('paid', 'cancelled')) as owed,
      coalesce(sum(p.amount_pence) filter (where p.status not in ('paid', 'cancelled')), 0) as owed_pence`,
    sql`left join prize_payment p on p.award_id = a.id`,
    sql`from prize_payment p join award a on a.id = p.award_id where a.challenge_id = ${challengeId}`,
  );
  return {
    key: "payments-by-area",
    title: "Prizes paid and outstanding by priority area",
    description:
      "Prize payments in each priority area: paid, and outstanding (awarded but not yet paid; cancelled payments are left out).",
    columns: [
      { heading: "Priority area", kind: "text" },
      { heading: "Paid (number)", kind: "count" },
      { heading: "Paid", kind: "money" },
      { heading: "Outstanding (number)", kind: "count" },
      { heading: "Outstanding", kind: "money" },
    ],
    rows: rows.map((r) => [r.name, n(r.paid), n(r.paid_pence), n(r.owed), n(r.owed_pence)]),
    totals: ["All priority areas", n(t?.paid), n(t?.paid_pence), n(t?.owed), n(t?.owed_pence)],
    chart: {
      series: [
        { name: "Paid", column: 2 },
        { name: "Outstanding", column: 4 },
      ],
      unit: "money",
    },
    empty: "This challenge has no priority areas.",
  };
}

async function supportAndMilestones(challengeId: number, today: string): Promise<ReportTable[]> {
  const { rows } = await sql<{ id: number; organisation: string; reference: string; cap: number; spent: unknown }>`
    select a.id, o.name as organisation, e.reference, a.support_cap_pence as cap,
      coalesce((select sum(s.amount_pence) from support_item s where s.award_id = a.id), 0) as spent
    from award a
    join entry e on e.id = a.entry_id
    join organisation o on o.id = e.organisation_id
    where a.challenge_id = ${challengeId} and a.support_cap_pence > 0
    order by o.name, a.id`.execute(db());
  const milestones = await milestonesOf(
    db(),
    rows.map((r) => r.id),
    today,
  );
  const support: ReportTable = {
    key: "support",
    title: "Support spent against each winner's cap",
    description:
      "Coaching, investment, grant payments and in-kind support recorded for each winner, against their cap.",
    columns: [
      { heading: "Winner", kind: "text" },
      { heading: "Entry", kind: "text" },
      { heading: "Cap", kind: "money" },
      { heading: "Spent", kind: "money" },
      { heading: "Remaining", kind: "money" },
    ],
    rows: rows.map((r) => {
      const position = capPosition(n(r.cap), n(r.spent));
      return [r.organisation, r.reference, position.capPence, position.spentPence, position.remainingPence];
    }),
    totals: null,
    chart: {
      series: [
        { name: "Spent", column: 3 },
        { name: "Cap", column: 2 },
      ],
      unit: "money",
    },
    empty: "No winner has a support plan yet.",
  };
  const milestoneTable: ReportTable = {
    key: "milestones",
    title: "Winners' milestones on track or late",
    description: `Each winner's milestones: done, on track, and late (not done and due before ${today}).`,
    columns: [
      { heading: "Winner", kind: "text" },
      { heading: "Milestones", kind: "count" },
      { heading: "Done", kind: "count" },
      { heading: "On track", kind: "count" },
      { heading: "Late", kind: "count" },
    ],
    rows: rows.map((r) => {
      const counts = countMilestones(
        milestones.filter((m) => m.awardId === r.id),
        today,
      );
      return [r.organisation, counts.total, counts.done, counts.onTrack, counts.late];
    }),
    totals: null,
    chart: {
      series: [
        { name: "Done", column: 2 },
        { name: "On track", column: 3 },
        { name: "Late", column: 4 },
      ],
      unit: "count",
    },
    empty: "No winner has a support plan yet.",
  };
  return [support, milestoneTable];
}

async function councilInterest(challengeId: number): Promise<ReportTable> {
  const { rows } = await sql<{ status: InterestStatus; records: unknown; ideas: unknown; councils: unknown }>`
    select ci.status, count(*) as records, count(distinct ci.entry_id) as ideas,
      count(distinct ci.local_authority_code) as councils
    from council_interest ci
    join entry e on e.id = ci.entry_id
    where e.challenge_id = ${challengeId}
    group by ci.status`.execute(db());
  const byStatus = new Map(rows.map((r) => [r.status, r]));
  return {
    key: "council-interest",
    title: "Ideas taken forward by councils",
    description: "Councils' interest in the shared ideas, by how far it has gone.",
    columns: [
      { heading: "Status", kind: "text" },
      { heading: "Council interests", kind: "count" },
      { heading: "Ideas", kind: "count" },
      { heading: "Councils", kind: "count" },
    ],
    rows: (Object.keys(INTEREST_LABELS) as InterestStatus[]).map((status) => {
      const r = byStatus.get(status);
      return [INTEREST_LABELS[status], n(r?.records), n(r?.ideas), n(r?.councils)];
    }),
    totals: null,
    chart: { series: [{ name: "Council interests", column: 1 }], unit: "count" },
    empty: "No council has recorded interest yet.",
  };
}

/**
 * The challenge's money against its budget (decision 063), each figure counted by the database on
 * its own: committed is every award's cash prize, unless its payment was cancelled, plus its
 * support cap; paid is prize payments marked paid; support spent is the support ledger; recovered
 * is recoveries received (those still due are a row of their own, written-off ones are left out);
 * remaining is budget - committed + recovered.
 */
async function programmeMoneyFigures(challengeId: number): Promise<ProgrammeMoney> {
  const { rows } = await sql<{
    budget: number | null;
    committed: unknown;
    paid: unknown;
    support: unknown;
    recovered: unknown;
    due: unknown;
  }>`
    select c.budget_pence as budget,
      (select coalesce(sum(a.support_cap_pence + case when exists (
          select 1 from prize_payment p where p.award_id = a.id and p.status = 'cancelled') then 0 else a.cash_pence end), 0)
        from award a where a.challenge_id = c.id) as committed,
      (select coalesce(sum(p.amount_pence), 0) from prize_payment p join award a on a.id = p.award_id
        where a.challenge_id = c.id and p.status = 'paid') as paid,
      (select coalesce(sum(s.amount_pence), 0) from support_item s join award a on a.id = s.award_id
        where a.challenge_id = c.id) as support,
      (select coalesce(sum(r.amount_pence), 0) from recovery r join award a on a.id = r.award_id
        where a.challenge_id = c.id and r.status = 'received') as recovered,
      (select coalesce(sum(r.amount_pence), 0) from recovery r join award a on a.id = r.award_id
        where a.challenge_id = c.id and r.status = 'due') as due
    from challenge c where c.id = ${challengeId}`.execute(db());
  const r = rows[0];
  const base = {
    budgetPence: r?.budget === null || r?.budget === undefined ? null : n(r.budget),
    committedPence: n(r?.committed),
    recoveredPence: n(r?.recovered),
  };
  return {
    ...base,
    paidPence: n(r?.paid),
    supportSpentPence: n(r?.support),
    recoveryDuePence: n(r?.due),
    remainingPence: remainingOf(base),
  };
}

async function programmeMoney(challengeId: number): Promise<ReportTable> {
  const money = await programmeMoneyFigures(challengeId);
  const rows: (string | number)[][] = [
    ...(money.budgetPence !== null ? [["Budget", money.budgetPence]] : []),
    ["Committed", money.committedPence],
    ["Prizes paid", money.paidPence],
    ["Support spent", money.supportSpentPence],
    ["Recovered", money.recoveredPence],
    ["Recoveries still due", money.recoveryDuePence],
    ...(money.remainingPence !== null ? [["Remaining", money.remainingPence]] : []),
  ];
  return {
    key: "programme-money",
    title: "The programme's money",
    description:
      (money.budgetPence === null ? "No budget is set for this challenge. " : "") +
      "Committed is every award's cash prize (unless its payment was cancelled) plus its support cap. " +
      "Prizes paid are payments marked paid; support spent is what the support ledger records. " +
      "Recovered is money received back; recoveries still due are not counted in it. " +
      "Remaining is the budget, less what is committed, plus what was recovered.",
    columns: [
      { heading: "Measure", kind: "text" },
      { heading: "Amount", kind: "money" },
    ],
    rows,
    totals: null,
    chart: { series: [{ name: "Amount", column: 1 }], unit: "money" },
    empty: "Nothing to show yet.",
  };
}

/** One table of the report, for its CSV download; not found when there is no such table or challenge. */
export async function loadReportTable(
  actor: Actor,
  key: string,
  challengeId: number | null,
  today: string,
): Promise<{ challenge: BoardReport["challenge"]; table: ReportTable }> {
  assertRecentSecondFactor(actor);
  if (!(REPORT_TABLE_KEYS as readonly string[]).includes(key)) throw notFound();
  const report = await loadBoardReport(actor, challengeId, today);
  const table = report?.tables.find((t) => t.key === key);
  if (!report || !table) throw notFound();
  return { challenge: report.challenge, table };
}

/**
 * The awards of a challenge as they go into the 360Giving export: only once the award list is
 * published (open data is never ahead of the announcement). Staff only; not found when there is no
 * such challenge (or none at all).
 */
export async function loadAwardsForPublication(
  actor: Actor,
  challengeId: number | null,
): Promise<{ challenge: BoardReport["challenge"]; awards: AwardForPublication[] }> {
  await assertStaff(db(), actor);
  const challenge = await chooseChallenge(challengeId);
  if (!challenge) throw notFound();
  const rows = await db()
    .selectFrom("award")
    .innerJoin("award_list", "award_list.challenge_id", "award.challenge_id")
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .select([
      "award.id",
      "award.cash_pence",
      "award.support_cap_pence",
      "award.created_at",
      "award.entry_id",
      "award_list.published_at",
      "challenge.title as challenge_title",
      "entry.reference",
      "entry.title",
      "entry.summary",
      "prize_tier.name as prize_name",
      "organisation.id as organisation_id",
      "organisation.name as organisation_name",
      "organisation.type as organisation_type",
      "organisation.registration_number",
    ])
    .where("award.challenge_id", "=", challenge.id)
    .where("award_list.status", "=", "published")
    .orderBy("award.id")
    .execute();
  const entryIds = [...new Set(rows.map((r) => r.entry_id))];
  const awardIds = rows.map((r) => r.id);
  const [areas, ends] = await Promise.all([
    entryIds.length
      ? db()
          .selectFrom("entry_area")
          .innerJoin("local_authority", "local_authority.code", "entry_area.local_authority_code")
          .select(["entry_area.entry_id", "local_authority.code", "local_authority.name"])
          .where("entry_area.entry_id", "in", entryIds)
          .orderBy("local_authority.name")
          .execute()
      : Promise.resolve([]),
    awardIds.length
      ? db()
          .selectFrom("milestone")
          .select(["award_id", sql<string>`to_char(max(due_on), 'YYYY-MM-DD')`.as("last_due")])
          .where("award_id", "in", awardIds)
          .groupBy("award_id")
          .execute()
      : Promise.resolve([]),
  ]);
  const endOf = new Map(ends.map((e) => [e.award_id, e.last_due]));
  return {
    challenge: challengeSummary(challenge),
    awards: rows.map((r) => {
      const published = new Date(r.published_at!);
      const created = new Date(r.created_at);
      return {
        awardId: r.id,
        entryReference: r.reference,
        entryTitle: r.title,
        entrySummary: r.summary,
        prizeName: r.prize_name,
        challengeTitle: r.challenge_title,
        cashPence: r.cash_pence,
        supportCapPence: r.support_cap_pence,
        awardDate: londonDate(published),
        lastModified: created > published ? created : published,
        organisation: {
          id: r.organisation_id,
          name: r.organisation_name,
          type: r.organisation_type,
          registrationNumber: r.registration_number,
        },
        areas: areas.filter((a) => a.entry_id === r.entry_id).map((a) => ({ code: a.code, name: a.name })),
        plannedEndDate: endOf.get(r.id) ?? null,
      };
    }),
  };
}
