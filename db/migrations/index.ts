import type { Migration } from "kysely/migration";
import * as core from "./2026112101_core";
import * as referenceData from "./2026112102_reference_data";
import * as entrantJourney from "./2026112110_entrant_journey";
import * as challenge from "./2026112111_challenge";
import * as organisations from "./2026112112_organisations";
import * as entries from "./2026112113_entries";
import * as judging from "./2026112201_judging";
import * as awards from "./2026112202_awards";
import * as councils from "./2026112203_councils";
import * as entryReference from "./2026112204_entry_reference";
import * as sharedIdeasVersion from "./2026112205_shared_ideas_version";
import * as firstStaffSetup from "./2026120501_first_staff_setup";
import * as stageOrder from "./2026120502_stage_order";
import * as secondFactor from "./2026120601_second_factor";
import * as sessionLimits from "./2026120603_session_limits";
import * as webauthnChallenges from "./2026120604_webauthn_challenges";
import * as auditChain from "./2026120605_audit_chain";
import * as twoPeople from "./2026120606_two_people";
import * as staffConflicts from "./2026120607_staff_conflicts";
import * as auditSealedAtCommit from "./2026120701_audit_sealed_at_commit";
import * as dataRequests from "./2026120702_data_requests";
import * as emailChange from "./2026120703_email_change";
import * as erasure from "./2026120704_erasure";
import * as outboxBacklog from "./2026120706_outbox_backlog";
import * as paymentGateAndAttachments from "./2026120801_payment_gate_and_attachments";
import * as entryAttachments from "./2026120802_entry_attachments";
import * as grantAgreements from "./2026120803_grant_agreements";
import * as dueDiligence from "./2026120804_due_diligence";
import * as supportRequests from "./2026120805_support_requests";
import * as budget from "./2026120806_budget";
import * as monitoring from "./2026120807_monitoring";

// Migrations are listed here rather than read from the folder so that they survive bundling.
// Add each new migration file below, in order; never edit one that has landed.
export const migrations: Record<string, Migration> = {
  "2026112101_core": core,
  "2026112102_reference_data": referenceData,
  "2026112110_entrant_journey": entrantJourney,
  "2026112111_challenge": challenge,
  "2026112112_organisations": organisations,
  "2026112113_entries": entries,
  "2026112201_judging": judging,
  "2026112202_awards": awards,
  "2026112203_councils": councils,
  "2026112204_entry_reference": entryReference,
  "2026112205_shared_ideas_version": sharedIdeasVersion,
  "2026120501_first_staff_setup": firstStaffSetup,
  "2026120502_stage_order": stageOrder,
  "2026120601_second_factor": secondFactor,
  "2026120603_session_limits": sessionLimits,
  "2026120604_webauthn_challenges": webauthnChallenges,
  "2026120605_audit_chain": auditChain,
  "2026120606_two_people": twoPeople,
  "2026120607_staff_conflicts": staffConflicts,
  "2026120701_audit_sealed_at_commit": auditSealedAtCommit,
  "2026120702_data_requests": dataRequests,
  "2026120703_email_change": emailChange,
  "2026120704_erasure": erasure,
  "2026120706_outbox_backlog": outboxBacklog,
  "2026120801_payment_gate_and_attachments": paymentGateAndAttachments,
  "2026120802_entry_attachments": entryAttachments,
  "2026120803_grant_agreements": grantAgreements,
  "2026120804_due_diligence": dueDiligence,
  "2026120805_support_requests": supportRequests,
  "2026120806_budget": budget,
  "2026120807_monitoring": monitoring,
};
