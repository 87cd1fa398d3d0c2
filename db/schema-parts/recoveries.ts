import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

// Recoveries (2026120801_payment_gate_and_attachments and later): money that must come back to the
// programme from an award. Part of `Database` in db/schema.ts.
export type RecoveryReason = "conditions_broken" | "support_unspent" | "other";
export type RecoveryStatus = "due" | "received" | "written_off";

export interface RecoveryTable {
  id: Generated<number>;
  award_id: number;
  reason: RecoveryReason;
  description: string;
  amount_pence: number;
  status: Generated<RecoveryStatus>;
  recorded_by: number | null;
  recorded_at: CreatedAt;
  resolved_by: number | null;
  resolved_at: Timestamp | null;
  resolution_note: string | null;
  version: Generated<number>;
}

export interface RecoveryTables {
  recovery: RecoveryTable;
}
