import type { RecoveryReason, RecoveryStatus } from "../../db/schema-parts/recoveries";

// Money due back to the programme from an award (decision 062): the words pages and the service
// share for a recovery's reason and status.

export const RECOVERY_REASONS = [
  "conditions_broken",
  "support_unspent",
  "other",
] as const satisfies readonly RecoveryReason[];

export const RECOVERY_REASON_LABELS: Record<RecoveryReason, string> = {
  conditions_broken: "Conditions of the award broken",
  support_unspent: "Support not spent",
  other: "Other",
};

export const RECOVERY_STATUS_LABELS: Record<RecoveryStatus, string> = {
  due: "Due",
  received: "Received",
  written_off: "Written off",
};

export const RECORDED_CANNOT_WRITE_OFF = "Another member of staff must write this recovery off: you recorded it";
