import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

// Grant agreements (2026120801_payment_gate_and_attachments and later). Part of `Database` in
// db/schema.ts.
export interface GrantAgreementTable {
  id: Generated<number>;
  award_id: number;
  version: number;
  body: string;
  body_sha256: string;
  issued_by: number | null;
  issued_at: CreatedAt;
  accepted_at: Timestamp | null;
  accepted_by: number | null;
  signatory_name: string | null;
  signatory_role: string | null;
}

export interface AgreementTables {
  grant_agreement: GrantAgreementTable;
}
