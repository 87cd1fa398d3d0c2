import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

// Column types for the tables in db/migrations, written by hand and checked against the migrated
// database by `npm run db:types` and tests/integration/schema-types.test.ts (CI fails on drift).
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type OrganisationType =
  "community_group" | "charity" | "cic" | "social_enterprise" | "cooperative" | "mutual" | "sme";
export type Role = "entrant" | "judge" | "staff" | "council_officer";
export type InvitableRole = Exclude<Role, "entrant">;
export type ChallengeStatus = "draft" | "open" | "closed" | "archived";
export type EntryStatus = "draft" | "submitted" | "withdrawn" | "ineligible";
export type TokenPurpose = "verify_email" | "reset_password" | "change_email";
export type OutboxStatus = "pending" | "sent" | "failed";

export type LocalAuthorityKind = "metropolitan_borough" | "county" | "district" | "unitary";

export interface LocalAuthorityTable {
  code: string;
  name: string;
  constituent: boolean;
  kind: LocalAuthorityKind;
}

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  type: OrganisationType;
  registration_number: string | null;
  local_authority_code: string;
  postcode: string;
  website: string | null;
  contact_name: string;
  contact_email: string;
  contact_phone: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  email_verified_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** When the account was erased: its personal data is replaced by a pseudonym (2026120704_erasure). */
  erased_at: Timestamp | null;
}

export interface OrganisationMemberTable {
  organisation_id: number;
  user_id: number;
  joined_at: CreatedAt;
}

export interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  local_authority_code: string | null;
  granted_by: number | null;
  granted_at: CreatedAt;
  /** The approved proposal a staff grant came from; null for other roles and the first staff account (2026120606_two_people). */
  staff_proposal_id: number | null;
}

/** Giving someone the staff role: proposed by one member of staff, approved by another (2026120606_two_people). */
export interface StaffProposalTable {
  id: Generated<number>;
  /** The staff invitation whose email waits for the approval. */
  invitation_id: number;
  proposed_by: number | null;
  proposed_at: CreatedAt;
  approved_by: number | null;
  approved_at: Timestamp | null;
  declined_by: number | null;
  declined_at: Timestamp | null;
  /** Approved by the set-up: the first staff account's first proposal, while they are the only staff. */
  bootstrap: Generated<boolean>;
}

/** The live one-time link for the first staff account (2026120501_first_staff_setup). */
export interface FirstStaffSetupTable {
  id: Generated<boolean>;
  token_hash: string;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface SessionTable {
  id: string;
  user_id: number;
  expires_at: Timestamp;
  created_at: CreatedAt;
  /** When the second factor was last given in this session; null: password only so far. */
  second_factor_at: Timestamp | null;
  last_used_at: Generated<Date>;
  /** The latest the session may last however much it is used (null: no absolute limit set). */
  absolute_expires_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
  /** The person's roles changed: the next request using this session gives it a new token (2026120603_session_limits). */
  rotate_required: Generated<boolean>;
}

/** An authenticator app's shared key (2026120601_second_factor). */
export interface TotpCredentialTable {
  user_id: number;
  key: Uint8Array;
  confirmed_at: Timestamp | null;
  last_used_step: number | null;
  created_at: CreatedAt;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export type PasskeyDeviceType = "singleDevice" | "multiDevice";

export interface PasskeyCredentialTable {
  id: string;
  user_id: number;
  public_key: Uint8Array;
  counter: Generated<number>;
  transports: Generated<string[]>;
  device_type: PasskeyDeviceType;
  backed_up: Generated<boolean>;
  name: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
}

export type WebauthnChallengePurpose = "registration" | "authentication";

/** A passkey challenge waiting for its answer, one per session and purpose (2026120604_webauthn_challenges). */
export interface WebauthnChallengeTable {
  id: Generated<number>;
  session_id: string;
  user_id: number;
  purpose: WebauthnChallengePurpose;
  challenge: string;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface OneTimeTokenTable {
  id: string;
  purpose: TokenPurpose;
  user_id: number;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
  /** The address a 'change_email' link moves the account to; null for other purposes (2026120703_email_change). */
  new_email: string | null;
}

export interface InvitationTable {
  id: Generated<number>;
  token_hash: string;
  email: string;
  role: InvitableRole;
  local_authority_code: string | null;
  invited_by: number | null;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_user_id: number | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ChallengeTable {
  id: Generated<number>;
  slug: string;
  title: string;
  summary: string;
  description: Generated<string>;
  who_can_enter: Generated<string>;
  opens_at: Timestamp;
  closes_at: Timestamp;
  status: Generated<ChallengeStatus>;
  judges_see_organisation: Generated<boolean>;
  results_published_at: Timestamp | null;
  rubric_locked_at: Timestamp | null;
  rubric_locked_by: number | null;
  how_judging_works: Generated<string>;
  share_text: Generated<string>;
  /** The programme's budget for the challenge, in pence; null when none is set (2026120801). */
  budget_pence: number | null;
  /** How many supporting documents an entry may have: 0 means none (2026120802). */
  entry_max_files: Generated<number>;
  /** The largest supporting document, in MB (1 to 25). */
  entry_max_file_mb: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PriorityAreaTable {
  id: Generated<number>;
  challenge_id: number;
  name: string;
  description: Generated<string>;
  sponsor_code: string;
  position: Generated<number>;
}

export interface PrincipleTable {
  id: Generated<number>;
  challenge_id: number;
  name: string;
  description: Generated<string>;
  position: Generated<number>;
}

export interface CriterionLevel {
  score: number;
  label: string;
}

export interface CriterionTable {
  id: Generated<number>;
  challenge_id: number;
  name: string;
  guidance: Generated<string>;
  weight: number;
  scale_min: Generated<number>;
  scale_max: Generated<number>;
  levels: ColumnType<CriterionLevel[], string | undefined, string>;
  position: Generated<number>;
}

export interface PrizeTierTable {
  id: Generated<number>;
  challenge_id: number;
  name: string;
  description: Generated<string>;
  places: number;
  cash_pence: number;
  support_cap_pence: Generated<number>;
  masterclass: Generated<boolean>;
  position: Generated<number>;
  /** The due-diligence checks its awards need; null: by the prize's size (2026120804_due_diligence). */
  due_diligence_checks: string[] | null;
}

export interface EntryTable {
  id: Generated<number>;
  reference: Generated<string>;
  challenge_id: number;
  organisation_id: number;
  priority_area_id: number | null;
  title: Generated<string>;
  summary: Generated<string>;
  need: Generated<string>;
  beneficiaries: Generated<string>;
  delivery: Generated<string>;
  costs: Generated<string>;
  prize_use: Generated<string>;
  consent_share: Generated<boolean>;
  consent_contact: Generated<boolean>;
  declaration: Generated<boolean>;
  completed_sections: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<EntryStatus>;
  eligibility_reason: string | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  submitted_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  eligibility_decided_by: number | null;
  eligibility_decided_at: Timestamp | null;
  /** Generated tsvector (2026112203_councils): never written, and never selected raw. */
  search_document: ColumnType<string | null, never, never>;
}

export interface EntryPrincipleTable {
  entry_id: number;
  principle_id: number;
}

export interface EntryAreaTable {
  entry_id: number;
  local_authority_code: string;
}

export interface EntrySubmissionTable {
  id: Generated<number>;
  entry_id: number;
  entry_version: number;
  snapshot: Json<Record<string, unknown>>;
  submitted_by: number | null;
  submitted_at: CreatedAt;
}

export interface AuditEventTable {
  id: Generated<string>;
  occurred_at: CreatedAt;
  actor_user_id: number | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  details: Json<Record<string, unknown>>;
  /** SHA-256 of the event's content, by its writer (app/domain/audit-chain.ts contentHash). */
  content_hash: string;
}

/**
 * The audit trail's hash chain: one link per event, appended by the database when the event's
 * transaction commits (trigger audit_event_seal); the app's role may only read it.
 */
export interface AuditChainTable {
  /** The link's place in the chain: the order events were sealed in. */
  seq: Generated<string>;
  event_id: string;
  /** The hash of the link before (64 zeros for the first). */
  prev_hash: string;
  /** SHA-256 of "audit-v2|prev_hash|content_hash" (app/domain/audit-chain.ts linkHash). */
  hash: string;
  sealed_at: CreatedAt;
}

/** How far the audit trail's hash chain was last found intact (one row). */
export interface AuditChainCheckpointTable {
  id: Generated<number>;
  /** The last link found intact, and its event. */
  seq: number;
  event_id: number;
  hash: string;
  events: number;
  verified_at: UpdatedAt;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  idempotency_key: string;
  to_address: string;
  template: string;
  props: Json<Record<string, unknown>>;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  /** When the current run of attempts began: queued, or sent again by staff. Retries stop 3 days on. */
  tries_started_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MailboxMessageTable {
  id: Generated<number>;
  outbox_id: number;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  delivered_at: CreatedAt;
}

export interface RateLimitBucketTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export interface ChallengeKeyDateTable {
  id: Generated<number>;
  challenge_id: number;
  label: string;
  /** A `date` column: read it with to_char(happens_on, 'YYYY-MM-DD'), never directly (pg would make a local-midnight Date). */
  happens_on: ColumnType<string, string, string>;
}

export interface ChallengeFaqTable {
  id: Generated<number>;
  challenge_id: number;
  question: string;
  answer: string;
  position: Generated<number>;
}

export interface OrganisationInvitationTable {
  id: Generated<number>;
  organisation_id: number;
  email: string;
  token_hash: string;
  invited_by: number | null;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_user_id: number | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface DeadlineExtensionTable {
  id: Generated<number>;
  challenge_id: number;
  organisation_id: number;
  closes_at: Timestamp;
  reason: string;
  granted_by: number | null;
  granted_at: CreatedAt;
}

export interface PendingSaveTable {
  id: string;
  path: string;
  form: Json<Record<string, string | string[]>>;
  created_at: CreatedAt;
  expires_at: Timestamp;
  /** SHA-256 of the key in the cookie of the browser that made the save (2026112113_entries). */
  browser_hash: string | null;
}

export * from "./schema-lifecycle";
import type { LifecycleTables } from "./schema-lifecycle";
export * from "./schema-parts/attachments";
export * from "./schema-parts/due-diligence";
export * from "./schema-parts/agreements";
export * from "./schema-parts/monitoring";
export * from "./schema-parts/support-requests";
export * from "./schema-parts/budget";
export * from "./schema-parts/recoveries";
import type { AttachmentTables } from "./schema-parts/attachments";
import type { DueDiligenceTables } from "./schema-parts/due-diligence";
import type { AgreementTables } from "./schema-parts/agreements";
import type { MonitoringTables } from "./schema-parts/monitoring";
import type { SupportRequestTables } from "./schema-parts/support-requests";
import type { BudgetTables } from "./schema-parts/budget";
import type { RecoveryTables } from "./schema-parts/recoveries";

export interface Database
  extends
    LifecycleTables,
    AttachmentTables,
    DueDiligenceTables,
    AgreementTables,
    MonitoringTables,
    SupportRequestTables,
    BudgetTables,
    RecoveryTables {
  local_authority: LocalAuthorityTable;
  organisation: OrganisationTable;
  app_user: AppUserTable;
  organisation_member: OrganisationMemberTable;
  role_grant: RoleGrantTable;
  staff_proposal: StaffProposalTable;
  session: SessionTable;
  totp_credential: TotpCredentialTable;
  recovery_code: RecoveryCodeTable;
  passkey_credential: PasskeyCredentialTable;
  webauthn_challenge: WebauthnChallengeTable;
  one_time_token: OneTimeTokenTable;
  first_staff_setup: FirstStaffSetupTable;
  invitation: InvitationTable;
  challenge: ChallengeTable;
  priority_area: PriorityAreaTable;
  principle: PrincipleTable;
  criterion: CriterionTable;
  prize_tier: PrizeTierTable;
  entry: EntryTable;
  entry_principle: EntryPrincipleTable;
  entry_area: EntryAreaTable;
  entry_submission: EntrySubmissionTable;
  audit_event: AuditEventTable;
  audit_chain: AuditChainTable;
  audit_chain_checkpoint: AuditChainCheckpointTable;
  email_outbox: EmailOutboxTable;
  mailbox_message: MailboxMessageTable;
  rate_limit_bucket: RateLimitBucketTable;
  challenge_faq: ChallengeFaqTable;
  challenge_key_date: ChallengeKeyDateTable;
  organisation_invitation: OrganisationInvitationTable;
  deadline_extension: DeadlineExtensionTable;
  pending_save: PendingSaveTable;
}

export type User = Selectable<AppUserTable>;
export type NewUser = Insertable<AppUserTable>;
export type UserUpdate = Updateable<AppUserTable>;
export type Challenge = Selectable<ChallengeTable>;
export type Entry = Selectable<EntryTable>;
export type Organisation = Selectable<OrganisationTable>;
