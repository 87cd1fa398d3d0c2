import { sql, type Transaction } from "kysely";
import { db as processDb, type DB, type Executor } from "../../../db/client";
import type {
  Database,
  MilestoneProgress,
  MonitoringContent,
  MonitoringOutcome,
  MonitoringReportStatus,
} from "../../../db/schema";
import { absoluteUrl } from "../../../emails/components/url";
import { londonDate } from "../../domain/deadline";
import {
  addMonths,
  defaultScheduleMonths,
  describeSchedule,
  isLateOrMissing,
  MAX_MILESTONE_COMMENT,
  MAX_REPORT_FILE_BYTES,
  MAX_REPORT_FILES,
  MAX_REPORT_TEXT,
  MAX_REVIEW_MESSAGE,
  MAX_STORY,
  MILESTONE_PROGRESS_STATUSES,
  parseScheduleMonths,
  reminderDue,
  reportName,
  reportState,
  type ReportFormInput,
  type ReportState,
} from "../../domain/monitoring";
import { formatDate } from "../../domain/time";
import { assertStaff } from "../accounts/roles.server";
import type { Actor } from "../actor.server";
import { conflict, invalid, notFound } from "../app-error.server";
import {
  attachmentsOf,
  checkUpload,
  removeAttachment,
  storeAttachments,
  type AttachmentView,
  type CheckedUpload,
  type UploadedFile,
} from "../attachments/attachments.server";
import { memberOfWinningOrganisation } from "../attachments/who-may-see.server";
import { queueEmail } from "../email/outbox.server";
import { recipientsOf } from "../entries/staff-entries.server";
import { recordAudit } from "../platform/audit.server";
import { assertNoStaffConflict } from "./staff-conflicts.server";
import { milestonesOf } from "./support-plans.server";

// Monitoring to the end of support (decision 061). Each prize tier has a schedule of reports, in
// months after the results were published (its own, set by staff, or the default); each published
// award gets its reports, with due dates, when the results are published (or, for awards published
// before, when the scheduler next runs). Members of the winning organisation write a report (saved
// as a draft as often as they like) and send it; staff accept it or ask for more, with a message
// the winner is emailed; every version sent is kept with what staff said about it. Accepting the
// closing report completes the award: the support ledger then refuses more items.
//
// Each function checks who is asking itself (staff, or a member of the winning organisation once
// results are out), as well as the route; anyone else is told "not found".

export interface ReportSummary {
  id: number;
  awardId: number;
  monthsAfter: number;
  isClosing: boolean;
  /** YYYY-MM-DD. */
  dueOn: string;
  status: MonitoringReportStatus;
  state: ReportState;
  submissions: number;
}

interface ReportRow {
  id: number;
  award_id: number;
  months_after: number;
  is_closing: boolean;
  due_on: string;
  status: MonitoringReportStatus;
  submissions: number;
}

function reportColumns() {
  return [
    "monitoring_report.id",
    "monitoring_report.award_id",
    "monitoring_report.months_after",
    "monitoring_report.is_closing",
    sql<string>`to_char(monitoring_report.due_on, 'YYYY-MM-DD')`.as("due_on"),
    "monitoring_report.status",
    "monitoring_report.submissions",
  ] as const;
}

function toSummary(row: ReportRow, today: string): ReportSummary {
  return {
    id: row.id,
    awardId: row.award_id,
    monthsAfter: row.months_after,
    isClosing: row.is_closing,
    dueOn: row.due_on,
    status: row.status,
    state: reportState({ status: row.status, dueOn: row.due_on }, today),
    submissions: row.submissions,
  };
}

/** The reports of some awards, in due order. The caller has checked who is asking. */
export async function reportsOfAwards(executor: Executor, awardIds: number[], today: string): Promise<ReportSummary[]> {
  if (!awardIds.length) return [];
  const rows = await executor
    .selectFrom("monitoring_report")
    .select(reportColumns())
    .where("monitoring_report.award_id", "in", awardIds)
    .orderBy("monitoring_report.due_on")
    .orderBy("monitoring_report.id")
    .execute();
  return rows.map((r) => toSummary(r, today));
}

/** An award's reports as staff see them on its support plan. Staff only. */
export async function staffAwardReports(actor: Actor, awardId: number, today: string): Promise<ReportSummary[]> {
  const executor = processDb();
  await assertStaff(executor, actor);
  return reportsOfAwards(executor, [awardId], today);
}

export interface Completion {
  completedAt: Date;
  completedByName: string | null;
}

async function completionOf(executor: Executor, awardId: number): Promise<Completion | null> {
  const row = await executor
    .selectFrom("award_completion")
    .leftJoin("app_user", "app_user.id", "award_completion.completed_by")
    .select(["award_completion.completed_at", "app_user.name"])
    .where("award_completion.award_id", "=", awardId)
    .executeTakeFirst();
  return row ? { completedAt: new Date(row.completed_at), completedByName: row.name } : null;
}

/** Why no more support can be added to an award, or null while it can (the ledger asks). */
export async function completedAwardRefusal(executor: Executor, awardId: number): Promise<string | null> {
  const completion = await completionOf(executor, awardId);
  return completion
    ? `This award was completed on ${formatDate(completion.completedAt)}, when its closing report was accepted: no more support can be added to it`
    : null;
}

// ---------------------------------------------------------------------------------------------
// Schedules

export interface TierSchedule {
  tierId: number;
  tierName: string;
  places: number;
  supportCapPence: number;
  months: number[];
  /** No schedule of its own: the default applies. */
  isDefault: boolean;
  description: string;
}

async function tierSchedules(executor: Executor, challengeId: number): Promise<TierSchedule[]> {
  const tiers = await executor
    .selectFrom("prize_tier")
    .select(["id", "name", "places", "support_cap_pence"])
    .where("challenge_id", "=", challengeId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  if (!tiers.length) return [];
  const items = await executor
    .selectFrom("monitoring_schedule_item")
    .select(["prize_tier_id", "months_after"])
    .where(
      "prize_tier_id",
      "in",
      tiers.map((t) => t.id),
    )
    .orderBy("months_after")
    .execute();
  return tiers.map((tier) => {
    const own = items.filter((i) => i.prize_tier_id === tier.id).map((i) => i.months_after);
    const months = own.length ? own : defaultScheduleMonths({ supportCapPence: tier.support_cap_pence });
    return {
      tierId: tier.id,
      tierName: tier.name,
      places: tier.places,
      supportCapPence: tier.support_cap_pence,
      months,
      isDefault: own.length === 0,
      description: describeSchedule(months),
    };
  });
}

/**
 * Gives every published award that has no reports yet its tier's schedule, due from the day the
 * results were published (London). Run when results are published, in that transaction, and by
 * the scheduler for awards published before schedules existed. An award keeps the reports it was
 * given: changing a tier's schedule affects awards published afterwards. Returns how many reports
 * were created.
 */
export async function createMonitoringReports(executor: Executor, challengeId: number | null = null): Promise<number> {
  let query = executor
    .selectFrom("award")
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .select(["award.id", "award.challenge_id", "challenge.results_published_at"])
    .where("challenge.results_published_at", "is not", null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("monitoring_report").select("id").whereRef("monitoring_report.award_id", "=", "award.id"))),
    );
  if (challengeId !== null) query = query.where("award.challenge_id", "=", challengeId);
  const awards = await query.orderBy("award.id").execute();
  if (!awards.length) return 0;
  const tierOf = new Map(
    (
      await executor
        .selectFrom("award")
        .select(["id", "prize_tier_id"])
        .where(
          "id",
          "in",
          awards.map((a) => a.id),
        )
        .execute()
    ).map((a) => [a.id, a.prize_tier_id]),
  );
  const schedules = new Map<number, TierSchedule[]>();
  let created = 0;
  for (const award of awards) {
    if (!schedules.has(award.challenge_id)) {
      schedules.set(award.challenge_id, await tierSchedules(executor, award.challenge_id));
    }
    const schedule = schedules.get(award.challenge_id)!.find((t) => t.tierId === tierOf.get(award.id));
    if (!schedule) continue;
    const publishedOn = londonDate(new Date(award.results_published_at!));
    const last = Math.max(...schedule.months);
    const rows = await executor
      .insertInto("monitoring_report")
      .values(
        schedule.months.map((months) => ({
          award_id: award.id,
          months_after: months,
          is_closing: months === last,
          due_on: addMonths(publishedOn, months),
        })),
      )
      .onConflict((oc) => oc.columns(["award_id", "months_after"]).doNothing())
      .returning("id")
      .execute();
    created += rows.length;
  }
  return created;
}

export interface MonitoringOverviewAward {
  awardId: number;
  organisationName: string;
  entryReference: string;
  entryTitle: string;
  tierName: string;
  supportCapPence: number;
  reports: ReportSummary[];
  lateOrMissing: number;
  completion: Completion | null;
}

export interface MonitoringOverview {
  challenge: { id: number; title: string; resultsPublished: boolean };
  schedules: TierSchedule[];
  awards: MonitoringOverviewAward[];
  lateOrMissing: number;
}

/** /staff/awards/:challengeId/monitoring: the schedules and every award's reports. Staff only. */
export async function monitoringOverview(
  actor: Actor,
  challengeId: number,
  today: string,
): Promise<MonitoringOverview> {
  const executor = processDb();
  await assertStaff(executor, actor);
  const challenge = await executor
    .selectFrom("challenge")
    .select(["id", "title", "results_published_at"])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) throw notFound();
  const awards = await executor
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .select([
      "award.id",
      "award.support_cap_pence",
      "organisation.name as organisation_name",
      "entry.reference",
      "entry.title",
      "prize_tier.name as tier_name",
    ])
    .where("award.challenge_id", "=", challengeId)
    .orderBy("prize_tier.position")
    .orderBy("organisation.name")
    .orderBy("award.id")
    .execute();
  const ids = awards.map((a) => a.id);
  const reports = await reportsOfAwards(executor, ids, today);
  const completions = ids.length
    ? await executor
        .selectFrom("award_completion")
        .leftJoin("app_user", "app_user.id", "award_completion.completed_by")
        .select(["award_completion.award_id", "award_completion.completed_at", "app_user.name"])
        .where("award_completion.award_id", "in", ids)
        .execute()
    : [];
  const rows = awards.map((a) => {
    const own = reports.filter((r) => r.awardId === a.id);
    const done = completions.find((c) => c.award_id === a.id);
    return {
      awardId: a.id,
      organisationName: a.organisation_name,
      entryReference: a.reference,
      entryTitle: a.title,
      tierName: a.tier_name,
      supportCapPence: a.support_cap_pence,
      reports: own,
      lateOrMissing: own.filter((r) => isLateOrMissing(r.state)).length,
      completion: done ? { completedAt: new Date(done.completed_at), completedByName: done.name } : null,
    };
  });
  return {
    challenge: { id: challenge.id, title: challenge.title, resultsPublished: challenge.results_published_at !== null },
    schedules: await tierSchedules(executor, challengeId),
    awards: rows,
    lateOrMissing: rows.reduce((sum, a) => sum + a.lateOrMissing, 0),
  };
}

/** Sets a tier's schedule from "3, 6, 9, 12" (the last is the closing report). Staff only. */
export async function saveMonitoringSchedule(
  actor: Actor,
  challengeId: number,
  tierId: number,
  monthsText: string,
): Promise<TierSchedule> {
  const parsed = parseScheduleMonths(monthsText);
  return processDb()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const tier = await trx
        .selectFrom("prize_tier")
        .select(["id", "name"])
        .where("id", "=", tierId)
        .where("challenge_id", "=", challengeId)
        .forUpdate()
        .executeTakeFirst();
      if (!tier) throw notFound();
      if (!parsed.ok) throw invalid(parsed.message, `months-${tierId}`);
      await trx.deleteFrom("monitoring_schedule_item").where("prize_tier_id", "=", tierId).execute();
      await trx
        .insertInto("monitoring_schedule_item")
        .values(parsed.months.map((months) => ({ prize_tier_id: tierId, months_after: months })))
        .execute();
      await recordAudit(trx, {
        action: "monitoring_schedule_set",
        actorUserId: actor.id,
        subjectType: "challenge",
        subjectId: challengeId,
        ip: actor.ip,
        details: { prizeTierId: tierId, tier: tier.name, months: parsed.months },
      });
      return (await tierSchedules(trx, challengeId)).find((t) => t.tierId === tierId)!;
    });
}

// ---------------------------------------------------------------------------------------------
// One report, as the winner and staff see it

export interface ReportAward {
  awardId: number;
  challengeId: number;
  challengeTitle: string;
  tierName: string;
  entryId: number;
  entryReference: string;
  entryTitle: string;
  organisationId: number;
  organisationName: string;
  cashPence: number;
  supportCapPence: number;
}

export interface ReportDraft {
  milestones: MilestoneProgress[];
  supportBought: string;
  peopleReached: number | null;
  volunteers: number | null;
  jobsCreated: number | null;
  moneyRaisedPence: number | null;
  story: string;
}

export interface SubmissionView {
  number: number;
  content: MonitoringContent;
  attachments: AttachmentView[];
  submittedAt: Date;
  submittedByName: string | null;
  outcome: MonitoringOutcome | null;
  reviewMessage: string | null;
  reviewedAt: Date | null;
  reviewedByName: string | null;
}

/** A milestone the report is asked about: the award's plan's, with what the draft says of it. */
export interface ReportMilestone {
  id: number;
  title: string;
  dueOn: string;
  progress: MilestoneProgress | null;
}

export interface ReportPage {
  award: ReportAward;
  report: ReportSummary;
  draft: ReportDraft;
  milestones: ReportMilestone[];
  attachments: AttachmentView[];
  submissions: SubmissionView[];
  /** The winner may change and send it: not started, a draft, or more asked for. */
  editable: boolean;
  completion: Completion | null;
  otherReports: ReportSummary[];
  maxFiles: number;
  maxFileBytes: number;
}

async function reportAward(executor: Executor, awardId: number): Promise<ReportAward | null> {
  const row = await executor
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .select([
      "award.id",
      "award.challenge_id",
      "challenge.title as challenge_title",
      "prize_tier.name as tier_name",
      "entry.id as entry_id",
      "entry.reference",
      "entry.title",
      "organisation.id as organisation_id",
      "organisation.name as organisation_name",
      "award.cash_pence",
      "award.support_cap_pence",
    ])
    .where("award.id", "=", awardId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    awardId: row.id,
    challengeId: row.challenge_id,
    challengeTitle: row.challenge_title,
    tierName: row.tier_name,
    entryId: row.entry_id,
    entryReference: row.reference,
    entryTitle: row.title,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    cashPence: row.cash_pence,
    supportCapPence: row.support_cap_pence,
  };
}

/** The milestones a report asks about: those of the entry's support plan (either award leads to it). */
async function entryMilestones(executor: Executor, awardId: number, today: string) {
  const supported = await executor
    .selectFrom("award as given")
    .innerJoin("award as supported", "supported.entry_id", "given.entry_id")
    .select("supported.id")
    .where("given.id", "=", awardId)
    .where("supported.support_cap_pence", ">", 0)
    .execute();
  return milestonesOf(
    executor,
    supported.map((s) => s.id),
    today,
  );
}

async function loadReportPage(executor: Executor, awardId: number, reportId: number, today: string) {
  const award = await reportAward(executor, awardId);
  const row = await executor
    .selectFrom("monitoring_report")
    .select([
      ...reportColumns(),
      "milestone_progress",
      "support_bought",
      "people_reached",
      "volunteers",
      "jobs_created",
      "money_raised_pence",
      "story",
    ])
    .where("monitoring_report.id", "=", reportId)
    .where("monitoring_report.award_id", "=", awardId)
    .executeTakeFirst();
  if (!award || !row) throw notFound();
  const [milestones, attachments, submissionRows, completion, others] = await Promise.all([
    entryMilestones(executor, awardId, today),
    attachmentsOf(executor, { kind: "monitoring_report", id: reportId }),
    executor
      .selectFrom("monitoring_submission")
      .leftJoin("app_user as submitter", "submitter.id", "monitoring_submission.submitted_by")
      .leftJoin("app_user as reviewer", "reviewer.id", "monitoring_submission.reviewed_by")
      .select([
        "monitoring_submission.number",
        "monitoring_submission.content",
        "monitoring_submission.submitted_at",
        "submitter.name as submitted_by_name",
        "monitoring_submission.outcome",
        "monitoring_submission.review_message",
        "monitoring_submission.reviewed_at",
        "reviewer.name as reviewed_by_name",
      ])
      .where("monitoring_submission.report_id", "=", reportId)
      .orderBy("monitoring_submission.number", "desc")
      .execute(),
    completionOf(executor, awardId),
    reportsOfAwards(executor, [awardId], today),
  ]);
  const submissions: SubmissionView[] = [];
  for (const s of submissionRows) {
    submissions.push({
      number: s.number,
      content: s.content,
      attachments: await attachmentsOf(
        executor,
        { kind: "monitoring_report", id: reportId },
        { ids: s.content.attachmentIds },
      ),
      submittedAt: new Date(s.submitted_at),
      submittedByName: s.submitted_by_name,
      outcome: s.outcome,
      reviewMessage: s.review_message,
      reviewedAt: s.reviewed_at ? new Date(s.reviewed_at) : null,
      reviewedByName: s.reviewed_by_name,
    });
  }
  const progress = row.milestone_progress ?? [];
  const page: ReportPage = {
    award,
    report: toSummary(row, today),
    draft: {
      milestones: progress,
      supportBought: row.support_bought ?? "",
      peopleReached: row.people_reached,
      volunteers: row.volunteers,
      jobsCreated: row.jobs_created,
      moneyRaisedPence: row.money_raised_pence,
      story: row.story ?? "",
    },
    milestones: milestones.map((m) => ({
      id: m.id,
      title: m.title,
      dueOn: m.dueOn,
      progress: progress.find((p) => p.milestoneId === m.id) ?? null,
    })),
    attachments,
    submissions,
    editable: ["not_started", "draft", "more_asked"].includes(row.status) && completion === null,
    completion,
    otherReports: others,
    maxFiles: MAX_REPORT_FILES,
    maxFileBytes: MAX_REPORT_FILE_BYTES,
  };
  return page;
}

/** /awards/:awardId/reports/:reportId: for members of the winning organisation only. */
export async function loadWinnerReport(
  actor: Actor,
  awardId: number,
  reportId: number,
  today: string,
): Promise<ReportPage> {
  const executor = processDb();
  if (!(await memberOfWinningOrganisation(executor, actor, awardId))) throw notFound();
  return loadReportPage(executor, awardId, reportId, today);
}

/** /staff/support/:awardId/reports/:reportId. Staff only. */
export async function loadStaffReport(
  actor: Actor,
  awardId: number,
  reportId: number,
  today: string,
): Promise<ReportPage> {
  const executor = processDb();
  await assertStaff(executor, actor);
  return loadReportPage(executor, awardId, reportId, today);
}

/** The winner's award page: the award's reports and whether it is complete (the caller has checked). */
export async function winnerMonitoring(executor: Executor, awardId: number, today: string) {
  const [reports, completion] = await Promise.all([
    reportsOfAwards(executor, [awardId], today),
    completionOf(executor, awardId),
  ]);
  return { reports, completion };
}

// ---------------------------------------------------------------------------------------------
// The winner writes and sends

export type ReportInput = ReportFormInput;

function checkedInput(input: ReportInput, submitting: boolean): Omit<ReportDraft, "milestones"> {
  const supportBought = input.supportBought.trim();
  const story = input.story.trim();
  const errors: Record<string, string> = {};
  if (supportBought.length > MAX_REPORT_TEXT) {
    errors.supportBought = `What the support bought must be ${MAX_REPORT_TEXT} characters or fewer`;
  }
  if (story.length > MAX_STORY) errors.story = `Your story must be ${MAX_STORY} characters or fewer`;
  if (submitting && !supportBought) errors.supportBought = "Say what the prize and support paid for";
  if (submitting && !story) errors.story = "Tell us how the work is going";
  for (const [field, value] of [
    ["peopleReached", input.peopleReached],
    ["volunteers", input.volunteers],
    ["jobsCreated", input.jobsCreated],
    ["moneyRaised", input.moneyRaisedPence],
  ] as const) {
    if (value !== null && (!Number.isSafeInteger(value) || value < 0 || value > 1_000_000_000)) {
      errors[field] = "Enter a whole number, 0 or more";
    }
  }
  for (const m of input.milestones) {
    if (m.comment.trim().length > MAX_MILESTONE_COMMENT) {
      errors[`milestone-${m.milestoneId}-comment`] = `A comment must be ${MAX_MILESTONE_COMMENT} characters or fewer`;
    }
    if (m.status && !(MILESTONE_PROGRESS_STATUSES as readonly string[]).includes(m.status)) {
      errors[`milestone-${m.milestoneId}-status`] = "Choose where this milestone stands";
    }
  }
  const first = Object.entries(errors)[0];
  if (first) throw invalid(first[1], first[0]);
  return {
    supportBought,
    story,
    peopleReached: input.peopleReached,
    volunteers: input.volunteers,
    jobsCreated: input.jobsCreated,
    moneyRaisedPence: input.moneyRaisedPence,
  };
}

/** Checks the files a report form sent, before anything is saved: the error lands on the file field. */
export async function checkReportFiles(files: UploadedFile[]): Promise<CheckedUpload[]> {
  if (files.length > MAX_REPORT_FILES) throw invalid(`Add ${MAX_REPORT_FILES} files or fewer`, "files");
  const checked: CheckedUpload[] = [];
  for (const file of files) checked.push(await checkUpload(file, { maxBytes: MAX_REPORT_FILE_BYTES, field: "files" }));
  return checked;
}

async function lockWinnersReport(trx: Transaction<Database>, actor: Actor, awardId: number, reportId: number) {
  if (!(await memberOfWinningOrganisation(trx, actor, awardId))) throw notFound();
  const report = await trx
    .selectFrom("monitoring_report")
    .select(["id", "status", "submissions", "is_closing", "months_after"])
    .where("id", "=", reportId)
    .where("award_id", "=", awardId)
    .forUpdate()
    .executeTakeFirst();
  if (!report) throw notFound();
  if (await completionOf(trx, awardId)) throw conflict("This award is complete: its reports can no longer be changed");
  if (report.status === "submitted") {
    throw conflict("This report has been sent and is waiting for the programme team: it cannot be changed now");
  }
  if (report.status === "accepted") throw conflict("This report has been accepted: it cannot be changed");
  return report;
}

export interface SavedReport {
  status: MonitoringReportStatus;
  submitted: boolean;
}

/**
 * Saves what the winner wrote, with any new files (already checked by checkReportFiles), and, when
 * `submit`, sends it: the version sent is kept as it is, for staff to review.
 */
export async function saveWinnerReport(
  actor: Actor,
  awardId: number,
  reportId: number,
  input: ReportInput,
  files: CheckedUpload[],
  { submit, today }: { submit: boolean; today: string },
): Promise<SavedReport> {
  const fields = checkedInput(input, submit);
  return processDb()
    .transaction()
    .execute(async (trx) => {
      const report = await lockWinnersReport(trx, actor, awardId, reportId);
      const milestones = await entryMilestones(trx, awardId, today);
      const progress: MilestoneProgress[] = [];
      for (const m of milestones) {
        const given = input.milestones.find((g) => g.milestoneId === m.id);
        if (submit && !given?.status) throw invalid(`Say where “${m.title}” stands`, `milestone-${m.id}-status`);
        if (!given?.status) continue;
        progress.push({
          milestoneId: m.id,
          title: m.title,
          status: given.status as MilestoneProgress["status"],
          comment: given.comment.trim(),
        });
      }
      const current = await attachmentsOf(trx, { kind: "monitoring_report", id: reportId });
      if (current.length + files.length > MAX_REPORT_FILES) {
        throw invalid(
          `A report can have up to ${MAX_REPORT_FILES} files: it has ${current.length}, so add ${Math.max(0, MAX_REPORT_FILES - current.length)} or fewer`,
          "files",
        );
      }
      const added = await storeAttachments(trx, actor, { kind: "monitoring_report", id: reportId }, files);
      const status: MonitoringReportStatus = submit
        ? "submitted"
        : report.status === "more_asked"
          ? "more_asked"
          : "draft";
      await trx
        .updateTable("monitoring_report")
        .set({
          milestone_progress: JSON.stringify(progress),
          support_bought: fields.supportBought || null,
          people_reached: fields.peopleReached,
          volunteers: fields.volunteers,
          jobs_created: fields.jobsCreated,
          money_raised_pence: fields.moneyRaisedPence,
          story: fields.story || null,
          updated_by: actor.id,
          updated_at: new Date(),
          status,
          submissions: submit ? report.submissions + 1 : report.submissions,
        })
        .where("id", "=", reportId)
        .execute();
      if (submit) {
        const content: MonitoringContent = {
          milestones: progress,
          supportBought: fields.supportBought,
          peopleReached: fields.peopleReached,
          volunteers: fields.volunteers,
          jobsCreated: fields.jobsCreated,
          moneyRaisedPence: fields.moneyRaisedPence,
          story: fields.story,
          attachmentIds: [...current, ...added].map((a) => a.id),
        };
        await trx
          .insertInto("monitoring_submission")
          .values({
            report_id: reportId,
            number: report.submissions + 1,
            content: JSON.stringify(content),
            submitted_by: actor.id,
          })
          .execute();
      }
      await recordAudit(trx, {
        action: submit ? "monitoring_report_submitted" : "monitoring_report_saved",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: awardId,
        ip: actor.ip,
        details: {
          monitoringReportId: reportId,
          monthsAfter: report.months_after,
          closing: report.is_closing,
          ...(submit ? { submission: report.submissions + 1 } : {}),
          filesAdded: added.length,
        },
      });
      return { status, submitted: submit };
    });
}

/** Takes a file off a report the winner can still change (a version already sent keeps it). */
export async function removeReportFile(
  actor: Actor,
  awardId: number,
  reportId: number,
  attachmentId: number,
): Promise<void> {
  await processDb()
    .transaction()
    .execute(async (trx) => {
      await lockWinnersReport(trx, actor, awardId, reportId);
      await removeAttachment(trx, actor, { kind: "monitoring_report", id: reportId }, attachmentId);
    });
}

// ---------------------------------------------------------------------------------------------
// Staff review

export interface ReviewInput {
  outcome: MonitoringOutcome;
  /** What more is needed (required when asking for more), or a note with the acceptance. */
  message: string;
}

export interface ReviewResult {
  outcome: MonitoringOutcome;
  completed: boolean;
  emailsQueued: number;
}

/**
 * Accepts the report as sent, or asks for more (the winner is emailed what is needed). Accepting
 * the closing report completes the award. Staff only.
 */
export async function reviewReport(
  actor: Actor,
  awardId: number,
  reportId: number,
  input: ReviewInput,
): Promise<ReviewResult> {
  const message = input.message.trim();
  if (message.length > MAX_REVIEW_MESSAGE) {
    throw invalid(`The message must be ${MAX_REVIEW_MESSAGE} characters or fewer`, "message");
  }
  return processDb()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const report = await trx
        .selectFrom("monitoring_report")
        .select([
          "id",
          "status",
          "submissions",
          "is_closing",
          "months_after",
          sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as("due_on"),
        ])
        .where("id", "=", reportId)
        .where("award_id", "=", awardId)
        .forUpdate()
        .executeTakeFirst();
      const award = await reportAward(trx, awardId);
      if (!report || !award) throw notFound();
      await assertNoStaffConflict(trx, actor, [award.entryId], "review this report");
      if (report.status !== "submitted") {
        throw conflict(
          report.status === "accepted"
            ? "This report has already been accepted"
            : "This report is not waiting for review: the winner has not sent it (again) yet",
        );
      }
      if (input.outcome === "more_asked" && !message) {
        throw invalid("Say what more the winner needs to send", "message");
      }
      const now = new Date();
      await trx
        .updateTable("monitoring_submission")
        .set({ outcome: input.outcome, review_message: message || null, reviewed_by: actor.id, reviewed_at: now })
        .where("report_id", "=", reportId)
        .where("number", "=", report.submissions)
        .execute();
      await trx.updateTable("monitoring_report").set({ status: input.outcome }).where("id", "=", reportId).execute();
      let completed = false;
      if (input.outcome === "accepted" && report.is_closing) {
        const row = await trx
          .insertInto("award_completion")
          .values({ award_id: awardId, closing_report_id: reportId, completed_by: actor.id, completed_at: now })
          .onConflict((oc) => oc.column("award_id").doNothing())
          .returning("award_id")
          .executeTakeFirst();
        completed = row !== undefined;
      }
      let emailsQueued = 0;
      if (input.outcome === "more_asked") {
        const contact = await trx
          .selectFrom("organisation")
          .select(["contact_name", "contact_email"])
          .where("id", "=", award.organisationId)
          .executeTakeFirstOrThrow();
        for (const to of await recipientsOf(trx, award.organisationId, {
          name: contact.contact_name,
          email: contact.contact_email,
        })) {
          const result = await queueEmail(trx, {
            to: to.email,
            template: "monitoring-more-asked",
            props: {
              name: to.name,
              organisationName: award.organisationName,
              challengeTitle: award.challengeTitle,
              reportName: reportName(report.months_after, report.is_closing),
              message,
              reportUrl: absoluteUrl(`/awards/${awardId}/reports/${reportId}`),
            },
            idempotencyKey: `monitoring-more-asked:${reportId}:${report.submissions}:${to.email}`,
          });
          if (result.queued) emailsQueued += 1;
        }
      }
      await recordAudit(trx, {
        action: input.outcome === "accepted" ? "monitoring_report_accepted" : "monitoring_report_more_asked",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: awardId,
        ip: actor.ip,
        details: {
          monitoringReportId: reportId,
          submission: report.submissions,
          closing: report.is_closing,
          organisation: award.organisationName,
          ...(completed ? { awardCompleted: true } : {}),
        },
      });
      if (completed) {
        await recordAudit(trx, {
          action: "award_completed",
          actorUserId: actor.id,
          subjectType: "award",
          subjectId: awardId,
          ip: actor.ip,
          details: { closingReportId: reportId, organisation: award.organisationName },
        });
      }
      return { outcome: input.outcome, completed, emailsQueued };
    });
}

// ---------------------------------------------------------------------------------------------
// Reminders and the board report

export interface MonitoringReminderRun {
  reportsScheduled: number;
  before: number;
  after: number;
  queued: number;
  alreadyQueued: number;
}

/**
 * The scheduler's job: first gives published awards without reports their schedule, then sends
 * each report's reminders, REMINDER_DAYS_BEFORE days before it is due and REMINDER_DAYS_AFTER days
 * after when it has not been sent. Each reminder is claimed by its sent-at column in the same
 * transaction that queues its emails, so it goes once however often and wherever the job runs;
 * the outbox's idempotency key guards each email as well.
 */
export async function sendMonitoringReminders(
  now = new Date(),
  database: DB = processDb(),
): Promise<MonitoringReminderRun> {
  const today = londonDate(now);
  const run: MonitoringReminderRun = { reportsScheduled: 0, before: 0, after: 0, queued: 0, alreadyQueued: 0 };
  run.reportsScheduled = await database.transaction().execute((trx) => createMonitoringReports(trx));
  const reports = await database
    .selectFrom("monitoring_report")
    .innerJoin("award", "award.id", "monitoring_report.award_id")
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .leftJoin("award_completion", "award_completion.award_id", "award.id")
    .select([
      ...reportColumns(),
      "monitoring_report.reminder_before_sent_at",
      "monitoring_report.reminder_after_sent_at",
    ])
    .where("monitoring_report.status", "in", ["not_started", "draft"])
    .where("award_completion.award_id", "is", null)
    .where("challenge.results_published_at", "is not", null)
    .orderBy("monitoring_report.id")
    .execute();
  for (const report of reports) {
    const which = reminderDue(
      {
        status: report.status,
        dueOn: report.due_on,
        beforeSent: report.reminder_before_sent_at !== null,
        afterSent: report.reminder_after_sent_at !== null,
      },
      today,
    );
    if (!which) continue;
    await database.transaction().execute(async (trx) => {
      const column = which === "before" ? "reminder_before_sent_at" : "reminder_after_sent_at";
      const claimed = await trx
        .updateTable("monitoring_report")
        .set({ [column]: now })
        .where("id", "=", report.id)
        .where(column, "is", null)
        .where("status", "in", ["not_started", "draft"])
        .returning("id")
        .executeTakeFirst();
      if (!claimed) return;
      run[which] += 1;
      const award = (await reportAward(trx, report.award_id))!;
      const contact = await trx
        .selectFrom("organisation")
        .select(["contact_name", "contact_email"])
        .where("id", "=", award.organisationId)
        .executeTakeFirstOrThrow();
      for (const to of await recipientsOf(trx, award.organisationId, {
        name: contact.contact_name,
        email: contact.contact_email,
      })) {
        const result = await queueEmail(trx, {
          to: to.email,
          template: "monitoring-reminder",
          props: {
            name: to.name,
            organisationName: award.organisationName,
            challengeTitle: award.challengeTitle,
            reportName: reportName(report.months_after, report.is_closing),
            dueOn: formatDate(new Date(`${report.due_on}T12:00:00Z`)),
            late: which === "after",
            reportUrl: absoluteUrl(`/awards/${report.award_id}/reports/${report.id}`),
          },
          idempotencyKey: `monitoring-reminder:${report.id}:${which}:${to.email}`,
        });
        if (result.queued) run.queued += 1;
        else run.alreadyQueued += 1;
      }
    });
  }
  return run;
}

export interface LateReportRow {
  awardId: number;
  reportId: number;
  organisationName: string;
  entryReference: string;
  tierName: string;
  reportName: string;
  dueOn: string;
  daysLate: number;
  state: "late" | "missing";
}

/**
 * The reports of a challenge past their due date and not sent, most overdue first: the board
 * report's table. The caller has checked who is asking.
 */
export async function lateReports(executor: Executor, challengeId: number, today: string): Promise<LateReportRow[]> {
  const rows = await executor
    .selectFrom("monitoring_report")
    .innerJoin("award", "award.id", "monitoring_report.award_id")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .select([
      ...reportColumns(),
      "organisation.name as organisation_name",
      "entry.reference",
      "prize_tier.name as tier_name",
      sql<number>`(${today}::date - monitoring_report.due_on)`.as("days_late"),
    ])
    .where("award.challenge_id", "=", challengeId)
    .where("monitoring_report.status", "in", ["not_started", "draft"])
    .where("monitoring_report.due_on", "<", sql<string>`${today}::date`)
    .orderBy("monitoring_report.due_on")
    .orderBy("organisation.name")
    .orderBy("monitoring_report.id")
    .execute();
  return rows.flatMap((r) => {
    const state = reportState({ status: r.status, dueOn: r.due_on }, today);
    if (state !== "late" && state !== "missing") return [];
    return [
      {
        awardId: r.award_id,
        reportId: r.id,
        organisationName: r.organisation_name,
        entryReference: r.reference,
        tierName: r.tier_name,
        reportName: reportName(r.months_after, r.is_closing),
        dueOn: r.due_on,
        daysLate: Number(r.days_late),
        state,
      },
    ];
  });
}

/** Late or missing reports per award, for the staff support list. The caller has checked who is asking. */
export async function lateReportCounts(
  executor: Executor,
  awardIds: number[],
  today: string,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const r of await reportsOfAwards(executor, awardIds, today)) {
    if (isLateOrMissing(r.state)) counts.set(r.awardId, (counts.get(r.awardId) ?? 0) + 1);
  }
  return counts;
}
