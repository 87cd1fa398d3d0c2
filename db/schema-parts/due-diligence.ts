import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;

// Due diligence before a prize is paid (2026120801_payment_gate_and_attachments and later). Part of
// `Database` in db/schema.ts.
export interface DueDiligenceTable {
  award_id: number;
  checks_completed_by: number | null;
  checks_completed_at: Timestamp | null;
  signed_off_by: number | null;
  signed_off_at: Timestamp | null;
  version: Generated<number>;
}

export interface DueDiligenceTables {
  due_diligence: DueDiligenceTable;
}
