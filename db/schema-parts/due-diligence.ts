import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultsToNow = ColumnType<Date, Date | string | undefined, Date | string>;

// Due diligence before a prize is paid (2026120801_payment_gate_and_attachments and
// 2026120804_due_diligence). Part of `Database` in db/schema.ts.
export interface DueDiligenceTable {
  award_id: number;
  checks_completed_by: number | null;
  checks_completed_at: Timestamp | null;
  signed_off_by: number | null;
  signed_off_at: Timestamp | null;
  version: Generated<number>;
  /** Who in the winning organisation declared its other public support, and when. */
  subsidy_declared_by: number | null;
  subsidy_declared_at: Timestamp | null;
}

export type DueDiligenceCheckKind =
  | "registration"
  | "bank_details"
  | "duplicate_funding"
  | "conflicts"
  | "safeguarding"
  | "subsidy_control"
  | "risk_rating";

/** One check's outcome on one award: what staff found, who, when. */
export interface DueDiligenceCheckTable {
  award_id: number;
  kind: DueDiligenceCheckKind;
  conclusion: string;
  register: "charity_ew" | "charity_scotland" | "charity_ni" | "company" | "mutual" | null;
  registration_number: string | null;
  works_with_vulnerable: boolean | null;
  risk_rating: "low" | "medium" | "high" | null;
  done_by: number | null;
  done_at: DefaultsToNow;
}

/** Other public support the winner declared, per financial year (by the calendar year it starts). */
export interface SubsidyDeclarationLineTable {
  id: Generated<number>;
  award_id: number;
  financial_year: number;
  amount_pence: number;
  provider: string;
}

export interface DueDiligenceTables {
  due_diligence: DueDiligenceTable;
  due_diligence_check: DueDiligenceCheckTable;
  subsidy_declaration_line: SubsidyDeclarationLineTable;
}
