import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

// Attachments (2026120801_payment_gate_and_attachments): files kept in the database, each belonging
// to one record. Part of `Database` in db/schema.ts.
export type AttachmentOwnerKind = "entry" | "due_diligence" | "monitoring_report" | "support_request" | "recovery";

export interface AttachmentTable {
  id: Generated<number>;
  owner_kind: AttachmentOwnerKind;
  owner_id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: ColumnType<Uint8Array, Uint8Array, never>;
  uploaded_by: number | null;
  uploaded_at: CreatedAt;
  removed_at: Timestamp | null;
  removed_by: number | null;
}

export interface AttachmentTables {
  attachment: AttachmentTable;
}
