import type { ColumnType, Generated } from "kysely";
import type { SupportKind } from "../schema-lifecycle";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

// Support requests (2026120805_support_requests): a winner asks for an item of support; staff
// approve it into the ledger or refuse it with a reason. Part of `Database` in db/schema.ts.
export type SupportRequestStatus = "waiting" | "approved" | "refused";

export interface SupportRequestTable {
  id: Generated<number>;
  award_id: number;
  kind: SupportKind;
  description: string;
  supplier: string;
  cost_pence: number;
  reason: string;
  status: Generated<SupportRequestStatus>;
  requested_by: number | null;
  requested_at: CreatedAt;
  decided_by: number | null;
  decided_at: Timestamp | null;
  refusal_reason: string | null;
  support_item_id: number | null;
  version: Generated<number>;
}

export interface SupportRequestTables {
  support_request: SupportRequestTable;
}
