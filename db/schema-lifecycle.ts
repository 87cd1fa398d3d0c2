import type { ColumnType, Generated } from "kysely";

// Column types for judging, awards and councils (migrations 2026112201-2026112203 and later).
// Kept apart from schema.ts only for size; `Database` in schema.ts includes these tables.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `date` column: read it with to_char(col, 'YYYY-MM-DD'), never directly (pg would make a local-midnight Date). */
type CalendarDate = ColumnType<string, string, string>;
/** A `numeric` column: pg returns it as a string to keep its precision. */
type Numeric = ColumnType<string, string | number, string | number>;

// ---- Judging (2026112201_judging) ----
export type RoundStatus = "setup" | "open" | "closed" | "confirmed";
export type RankBy = "normalised" | "raw";
export type AssignmentSource = "automatic" | "manual" | "moderation" | "reassignment";
export type ReviewStatus = "in_progress" | "submitted";
export type ModerationDecision = "scores_stand" | "judge_added" | "excluded" | "included";

export interface JudgeAffiliationTable {
  id: Generated<number>;
  user_id: number;
  kind: "organisation" | "council";
  organisation_id: number | null;
  organisation_name: string | null;
  local_authority_code: string | null;
  role_description: Generated<string>;
  created_at: CreatedAt;
}

export interface JudgeConflictTable {
  id: Generated<number>;
  challenge_id: number;
  judge_user_id: number;
  organisation_id: number;
  source: "declared" | "automatic";
  reason: string;
  declared_at: CreatedAt;
}

export interface JudgeDeclarationTable {
  challenge_id: number;
  judge_user_id: number;
  completed_at: UpdatedAt;
}

export interface JudgingRoundTable {
  id: Generated<number>;
  challenge_id: number;
  number: 1 | 2;
  status: Generated<RoundStatus>;
  judges_per_entry: Generated<number>;
  /** How many entries go through: round 1 the shortlist size, round 2 the winners (from the prize tiers). */
  advance_count: number;
  /** Round 1 can hide the organisation's name from judges (a challenge setting copied per round). */
  hide_organisation: Generated<boolean>;
  scoring_closes_at: Timestamp | null;
  rank_by: Generated<RankBy>;
  /** Percentage points of spread between an entry's judges above which it goes to moderation. */
  disagreement_threshold: Generated<number>;
  opened_at: Timestamp | null;
  opened_by: number | null;
  closed_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  confirmed_by: number | null;
  version: Generated<number>;
  created_at: CreatedAt;
}

export interface RoundJudgeTable {
  round_id: number;
  judge_user_id: number;
  max_entries: number | null;
  withdrawn_at: Timestamp | null;
  added_at: CreatedAt;
}

export interface AssignmentTable {
  id: Generated<number>;
  round_id: number;
  entry_id: number;
  judge_user_id: number;
  source: AssignmentSource;
  created_by: number | null;
  created_at: CreatedAt;
  removed_at: Timestamp | null;
  removed_reason: string | null;
  notified_at: Timestamp | null;
}

export interface ReviewTable {
  id: Generated<number>;
  assignment_id: number;
  status: Generated<ReviewStatus>;
  overall_comment: Generated<string>;
  version: Generated<number>;
  started_at: CreatedAt;
  updated_at: UpdatedAt;
  submitted_at: Timestamp | null;
  feedback_approved_at: Timestamp | null;
  feedback_approved_by: number | null;
}

export interface ScoreTable {
  review_id: number;
  criterion_id: number;
  score: number | null;
  comment: Generated<string>;
}

export interface ModerationDecisionTable {
  id: Generated<number>;
  round_id: number;
  entry_id: number;
  decision: ModerationDecision;
  reason: string;
  decided_by: number | null;
  decided_at: CreatedAt;
}

export interface RoundResultTable {
  round_id: number;
  entry_id: number;
  rank: number;
  raw_score: Numeric | null;
  normalised_score: Numeric | null;
  judge_count: Generated<number>;
  /** Round 1: on the shortlist. Round 2: one of the winners. */
  selected: boolean;
  override_reason: string | null;
}

// ---- Awards (2026112202_awards) ----
export type AwardListStatus = "proposed" | "approved" | "published";
export type PaymentStatus = "awaiting_acceptance" | "accepted" | "details_received" | "approved" | "paid" | "cancelled";
export type SupportKind = "coaching" | "investment" | "grant" | "in_kind";
export type MilestoneStatus = "not_started" | "in_progress" | "done";

export interface AwardListTable {
  challenge_id: number;
  status: Generated<AwardListStatus>;
  proposed_by: number | null;
  proposed_at: CreatedAt;
  approved_by: number | null;
  approved_at: Timestamp | null;
  published_by: number | null;
  published_at: Timestamp | null;
  version: Generated<number>;
  /** Why the list may commit more than the challenge's budget, and by how much it did (2026120806). */
  over_budget_reason: string | null;
  over_budget_pence: number | null;
}

export interface AwardTable {
  id: Generated<number>;
  challenge_id: number;
  entry_id: number;
  prize_tier_id: number;
  cash_pence: number;
  support_cap_pence: Generated<number>;
  created_at: CreatedAt;
}

export interface PrizePaymentTable {
  id: Generated<number>;
  award_id: number;
  status: Generated<PaymentStatus>;
  amount_pence: number;
  supplier_reference: string | null;
  finance_reference: string | null;
  accepted_at: Timestamp | null;
  accepted_by: number | null;
  details_received_at: Timestamp | null;
  approved_at: Timestamp | null;
  paid_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
  updated_by: number | null;
  updated_at: UpdatedAt;
  version: Generated<number>;
  /** Who recorded the winner's supplier details, approved the payment, recorded it paid (2026120606_two_people). */
  details_recorded_by: number | null;
  approved_by: number | null;
  paid_by: number | null;
}

export interface PrizePaymentEventTable {
  id: Generated<number>;
  payment_id: number;
  from_status: PaymentStatus | null;
  to_status: PaymentStatus;
  changed_by: number | null;
  changed_at: CreatedAt;
  note: Generated<string>;
}

export interface MasterclassSessionTable {
  id: Generated<number>;
  challenge_id: number;
  title: string;
  description: Generated<string>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  venue: string | null;
  online_url: string | null;
  capacity: number;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface MasterclassPlaceTable {
  id: Generated<number>;
  session_id: number;
  award_id: number;
  status: Generated<"invited" | "accepted" | "declined">;
  responded_at: Timestamp | null;
  responded_by: number | null;
  attended: boolean | null;
  attendance_recorded_by: number | null;
  reminder_sent_at: Timestamp | null;
}

export interface SupportItemTable {
  id: Generated<number>;
  award_id: number;
  kind: SupportKind;
  happened_on: CalendarDate;
  description: string;
  coach_name: string | null;
  hours: Numeric | null;
  amount_pence: number;
  override_reason: string | null;
  override_by: number | null;
  recorded_by: number | null;
  recorded_at: CreatedAt;
}

export interface MilestoneTable {
  id: Generated<number>;
  award_id: number;
  title: string;
  due_on: CalendarDate;
  status: Generated<MilestoneStatus>;
  completed_on: CalendarDate | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProgressUpdateTable {
  id: Generated<number>;
  award_id: number;
  author_user_id: number | null;
  kind: "update" | "note";
  body: string;
  created_at: CreatedAt;
}

// ---- Councils (2026112203_councils) ----
export type InterestStatus = "interested" | "in_discussion" | "taken_forward" | "not_pursued";

export interface CouncilInterestTable {
  id: Generated<number>;
  entry_id: number;
  local_authority_code: string;
  status: InterestStatus;
  initiative_name: string | null;
  initiative_description: Generated<string>;
  initiative_url: string | null;
  note: Generated<string>;
  recorded_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  version: Generated<number>;
}

export interface CouncilDigestTable {
  id: Generated<number>;
  user_id: number;
  challenge_id: number;
  kind: "publication" | "weekly";
  period_start: Timestamp | null;
  period_end: Timestamp;
  sent_at: CreatedAt;
}

/** One row: moved on by the database whenever what officers' idea lists show changes. */
export interface SharedIdeasVersionTable {
  id: Generated<boolean>;
  version: Generated<string>;
}

// ---- Staff conflicts of interest (2026120607_staff_conflicts) ----
/** A conflict a member of staff declared with one entry; withdrawing it deletes the row. */
export interface StaffConflictTable {
  user_id: number;
  entry_id: number;
  reason: string;
  declared_at: CreatedAt;
}

// ---- Data-rights requests (2026120702_data_requests) ----
export type DataRequestKind = "access" | "rectification" | "erasure" | "objection";
export type DataRequestStatus = "open" | "completed" | "refused";

/** A request about someone's personal data received by other means, tracked to its due date (decision 052). */
export interface DataRequestTable {
  id: Generated<number>;
  /** The person it is about; null only once their account has been deleted outright. */
  user_id: number | null;
  kind: DataRequestKind;
  received_on: CalendarDate;
  /** One calendar month after received_on (app/domain/data-requests.ts). */
  due_on: CalendarDate;
  how_received: string;
  notes: Generated<string>;
  status: Generated<DataRequestStatus>;
  refusal_reason: string | null;
  completed_at: Timestamp | null;
  completed_by: number | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface LifecycleTables {
  judge_affiliation: JudgeAffiliationTable;
  judge_conflict: JudgeConflictTable;
  judge_declaration: JudgeDeclarationTable;
  judging_round: JudgingRoundTable;
  round_judge: RoundJudgeTable;
  assignment: AssignmentTable;
  review: ReviewTable;
  score: ScoreTable;
  moderation_decision: ModerationDecisionTable;
  round_result: RoundResultTable;
  award_list: AwardListTable;
  award: AwardTable;
  prize_payment: PrizePaymentTable;
  prize_payment_event: PrizePaymentEventTable;
  masterclass_session: MasterclassSessionTable;
  masterclass_place: MasterclassPlaceTable;
  support_item: SupportItemTable;
  milestone: MilestoneTable;
  progress_update: ProgressUpdateTable;
  council_interest: CouncilInterestTable;
  council_digest: CouncilDigestTable;
  shared_ideas_version: SharedIdeasVersionTable;
  staff_conflict: StaffConflictTable;
  data_request: DataRequestTable;
}
