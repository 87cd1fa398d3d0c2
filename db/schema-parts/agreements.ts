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
  /** Why staff issued this version: null for the first (2026120803_grant_agreements). */
  variation_reason: string | null;
}

/** A prize tier's terms, with placeholders for the award's figures (2026120803_grant_agreements). */
export interface GrantAgreementTemplateTable {
  prize_tier_id: number;
  body: string;
  updated_by: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AgreementTables {
  grant_agreement: GrantAgreementTable;
  grant_agreement_template: GrantAgreementTemplateTable;
}
