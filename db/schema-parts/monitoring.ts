import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateOnly = ColumnType<string, string, string>;

// Monitoring to the end of support (2026120807_monitoring). Part of `Database` in db/schema.ts.

export type MonitoringReportStatus = "not_started" | "draft" | "submitted" | "more_asked" | "accepted";
export type MonitoringOutcome = "accepted" | "more_asked";

/** Where one milestone stands, as the winner reported it. */
export interface MilestoneProgress {
  milestoneId: number;
  title: string;
  status: "on_track" | "done" | "delayed" | "dropped";
  comment: string;
}

/** What one submission said, kept as it was sent. */
export interface MonitoringContent {
  milestones: MilestoneProgress[];
  supportBought: string;
  peopleReached: number | null;
  volunteers: number | null;
  jobsCreated: number | null;
  moneyRaisedPence: number | null;
  story: string;
  attachmentIds: number[];
}

export interface MonitoringScheduleItemTable {
  id: Generated<number>;
  prize_tier_id: number;
  months_after: number;
}

export interface MonitoringReportTable {
  id: Generated<number>;
  award_id: number;
  months_after: number;
  is_closing: Generated<boolean>;
  due_on: DateOnly;
  status: Generated<MonitoringReportStatus>;
  milestone_progress: ColumnType<MilestoneProgress[], string | undefined, string>;
  support_bought: string | null;
  people_reached: number | null;
  volunteers: number | null;
  jobs_created: number | null;
  money_raised_pence: number | null;
  story: string | null;
  updated_by: number | null;
  updated_at: Timestamp | null;
  submissions: Generated<number>;
  reminder_before_sent_at: Timestamp | null;
  reminder_after_sent_at: Timestamp | null;
}

export interface MonitoringSubmissionTable {
  id: Generated<number>;
  report_id: number;
  number: number;
  content: ColumnType<MonitoringContent, string, string>;
  submitted_by: number | null;
  submitted_at: ColumnType<Date, Date | string | undefined, Date | string>;
  outcome: MonitoringOutcome | null;
  review_message: string | null;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
}

export interface AwardCompletionTable {
  award_id: number;
  closing_report_id: number;
  completed_by: number | null;
  completed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MonitoringTables {
  monitoring_schedule_item: MonitoringScheduleItemTable;
  monitoring_report: MonitoringReportTable;
  monitoring_submission: MonitoringSubmissionTable;
  award_completion: AwardCompletionTable;
}
