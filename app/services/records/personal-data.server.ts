import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";
import { findTemplate, withoutSecrets, type TemplateRegistry } from "../../../emails/registry";
import { templates } from "../../../emails/templates";
import { DATA_REQUEST_KIND_SHORT, DATA_REQUEST_STATUS_LABELS } from "../../domain/data-requests";
import { describeDevice } from "../../domain/device";
import { acceptedType, attachmentPath } from "../../domain/attachments";
import type { AttachmentOwnerKind } from "../../../db/schema";
import { describePlace } from "../../domain/network-place";
import { organisationTypeLabel } from "../../domain/organisation-types";
import { PAYMENT_STATUS_LABELS } from "../../domain/payments";
import { roleLabel } from "../../domain/roles";
import { SUPPORT_KIND_LABELS } from "../../domain/support-cap";
import { actionLabel } from "../reports/audit-trail.server";
import { assertStaff } from "../accounts/roles.server";
import type { Actor } from "../actor.server";
import { notFound } from "../app-error.server";

// The right of access (UK GDPR article 15, decision 052): everything the service holds about one
// person, grouped the way they would think of it and labelled in plain words, for the page they
// can print (/account/your-data) and the JSON file beside it. Staff produce the same for someone
// who asked by other means (/staff/data-requests/:id/data). Nobody else may ask: another person's
// data is "not found", as if the account did not exist.
//
// What is left out, and why, is listed in LEFT_OUT below; tests/integration/personal-data.test.ts
// reads the database's own list of tables and fails when a table with a column about a person is
// in neither list, so a new table cannot slip past the export unnoticed.
//
// Things other people wrote about someone's organisation (judges' scores of its entries, staff
// notes) are not the person's own data and are not included; awards appear only once the results
// are published, as they do everywhere else for entrants. Secrets are never included: password
// hashes, authenticator keys, passkey public keys, recovery codes, session and link tokens.

/** What a file that is not an entry's belongs to, in words (followed by the record's number). */
const ATTACHMENT_OWNER_LABELS: Record<AttachmentOwnerKind, string> = {
  entry: "Entry",
  due_diligence: "Due-diligence checks of award",
  monitoring_report: "Monitoring report",
  support_request: "Support request",
  recovery: "Recovery",
};

/** Instants are ISO 8601 strings in UTC; calendar dates are YYYY-MM-DD; money is whole pence. */
type Instant = string;

export interface PersonalData {
  /** When this copy was made. */
  producedAt: Instant;
  account: {
    id: number;
    name: string;
    email: string;
    createdAt: Instant;
    emailConfirmedAt: Instant | null;
    passwordChangedAt: Instant | null;
    hasPassword: boolean;
    roles: { role: string; givenAt: Instant }[];
    twoStepVerification: {
      authenticatorApp: { addedAt: Instant; confirmedAt: Instant | null } | null;
      passkeys: { name: string; addedAt: Instant; lastUsedAt: Instant | null; syncedBetweenDevices: boolean }[];
      recoveryCodes: { total: number; used: number };
    };
    sessions: { device: string; place: string; signedInAt: Instant; lastUsedAt: Instant; endsBy: Instant }[];
    /** Links to confirm an address or reset a password (the links themselves are not kept). */
    emailLinks: {
      purpose: string;
      /** For a change of email address: the address it would change to. */
      newEmail: string | null;
      sentAt: Instant;
      expiresAt: Instant;
      usedAt: Instant | null;
    }[];
    roleInvitations: {
      role: string;
      sentAt: Instant;
      expiresAt: Instant;
      acceptedAt: Instant | null;
      withdrawnAt: Instant | null;
    }[];
  };
  organisations: {
    name: string;
    type: string;
    council: string;
    postcode: string;
    website: string | null;
    registrationNumber: string | null;
    contactName: string;
    contactEmail: string;
    contactPhone: string | null;
    /** Null when the person is the organisation's contact without being a member. */
    memberSince: Instant | null;
  }[];
  organisationInvitations: {
    organisation: string;
    sentAt: Instant;
    expiresAt: Instant;
    acceptedAt: Instant | null;
    withdrawnAt: Instant | null;
  }[];
  entries: {
    reference: string;
    challenge: string;
    organisation: string;
    status: string;
    startedByYou: boolean;
    startedAt: Instant;
    lastChangedAt: Instant;
    submittedAt: Instant | null;
    withdrawnAt: Instant | null;
    reasonNotEligible: string | null;
    consentToShareWithCouncils: boolean;
    consentToBeContacted: boolean;
    /** The answers as they are now (a draft's, or the latest submitted). */
    answers: {
      title: string;
      summary: string;
      need: string;
      beneficiaries: string;
      delivery: string;
      costs: string;
      prizeUse: string;
    };
    /** Every submitted version, as it was submitted. */
    submittedVersions: {
      version: number;
      submittedAt: Instant;
      submittedByYou: boolean;
      snapshot: Record<string, unknown>;
    }[];
  }[];
  /** Emails the service sent (or is about to send) to the person's address. */
  messages: {
    subject: string;
    status: string;
    queuedAt: Instant;
    sentAt: Instant | null;
    /** What the email was built from; single-use links are removed. */
    content: unknown;
  }[];
  judging: {
    affiliations: { kind: string; with: string; role: string; addedAt: Instant }[];
    conflictsDeclared: { challenge: string; organisation: string; reason: string; source: string; at: Instant }[];
    declarationsCompleted: { challenge: string; at: Instant }[];
    rounds: {
      challenge: string;
      round: number;
      maxEntries: number | null;
      addedAt: Instant;
      withdrawnAt: Instant | null;
    }[];
    assignments: {
      challenge: string;
      round: number;
      entry: string;
      entryTitle: string;
      assignedAt: Instant;
      endedAt: Instant | null;
      endedBecause: string | null;
      review: {
        status: string;
        overallComment: string;
        startedAt: Instant;
        submittedAt: Instant | null;
        scores: { criterion: string; score: number | null; comment: string }[];
      } | null;
    }[];
    staffConflicts: { entry: string; reason: string; declaredAt: Instant }[];
  };
  councils: {
    interestRecorded: {
      entry: string;
      entryTitle: string;
      council: string;
      status: string;
      initiativeName: string | null;
      initiativeDescription: string;
      initiativeUrl: string | null;
      note: string;
      recordedAt: Instant;
      updatedAt: Instant;
    }[];
    digestsSent: { challenge: string; kind: string; sentAt: Instant }[];
  };
  awards: {
    challenge: string;
    entry: string;
    prize: string;
    cashPence: number;
    supportCapPence: number;
    payment: {
      status: string;
      amountPence: number;
      /** Finance's own references; the service never stores bank account details. */
      supplierReference: string | null;
      financeReference: string | null;
      acceptedAt: Instant | null;
      acceptedByYou: boolean;
      paidAt: Instant | null;
      cancelledAt: Instant | null;
      cancelReason: string | null;
    } | null;
    /** Every version of the award's grant agreement: who signed it and the hash of the text. */
    agreements: {
      version: number;
      issuedAt: Instant;
      acceptedAt: Instant | null;
      acceptedByYou: boolean;
      signatoryName: string | null;
      signatoryRole: string | null;
      sha256: string;
    }[];
    masterclasses: {
      title: string;
      startsAt: Instant;
      place: string;
      respondedAt: Instant | null;
      attended: boolean | null;
    }[];
    support: { kind: string; on: string; description: string; coach: string | null; amountPence: number }[];
    milestones: { title: string; dueOn: string; status: string; completedOn: string | null }[];
    progressUpdates: { writtenAt: Instant; byYou: boolean; text: string }[];
  }[];
  /** Requests about their data the programme staff recorded for them. */
  dataRequests: {
    kind: string;
    receivedOn: string;
    dueOn: string;
    howReceived: string;
    status: string;
    completedAt: Instant | null;
    refusalReason: string | null;
  }[];
  /**
   * Files the person uploaded to an entry, a check or a report: what they are and what they belong
   * to, with the link to download each (the files themselves belong with those records).
   */
  filesUploaded: {
    fileName: string;
    type: string;
    sizeBytes: number;
    uploadedAt: Instant;
    belongsTo: string;
    takenOffAt: Instant | null;
    link: string;
  }[];
  /** Other things the service records as done by the person (mostly staff and judges' work). */
  recordedActions: { what: string; at: Instant | null; about: string }[];
  /** The audit trail's events done by the person or about them, oldest first. */
  auditEvents: {
    at: Instant;
    what: string;
    byYou: boolean;
    aboutYou: boolean;
    /** The network address, for events the person did. */
    fromAddress: string | null;
    details: Record<string, unknown>;
  }[];
}

/**
 * Work a person did that the service records by a "who did it" column, listed generically: the
 * table, the column naming the person, when (a column of the same row) and what it was about.
 * The coverage test counts these columns as exported.
 */
const RECORDED_ACTIONS = [
  {
    table: "challenge",
    column: "rubric_locked_by",
    at: "rubric_locked_at",
    what: "Locked the rubric of a challenge",
    about: "title",
  },
  {
    table: "entry",
    column: "eligibility_decided_by",
    at: "eligibility_decided_at",
    what: "Decided an entry's eligibility",
    about: "reference",
  },
  {
    table: "deadline_extension",
    column: "granted_by",
    at: "granted_at",
    what: "Extended an organisation's deadline",
    about: "reason",
  },
  { table: "judging_round", column: "opened_by", at: "opened_at", what: "Opened a judging round", about: "number" },
  {
    table: "judging_round",
    column: "confirmed_by",
    at: "confirmed_at",
    what: "Confirmed a judging round",
    about: "number",
  },
  {
    table: "assignment",
    column: "created_by",
    at: "created_at",
    what: "Assigned an entry to a judge",
    about: "source",
  },
  {
    table: "review",
    column: "feedback_approved_by",
    at: "feedback_approved_at",
    what: "Approved a judge's feedback",
    about: "status",
  },
  {
    table: "moderation_decision",
    column: "decided_by",
    at: "decided_at",
    what: "Made a moderation decision",
    about: "reason",
  },
  {
    table: "award_list",
    column: "proposed_by",
    at: "proposed_at",
    what: "Proposed the awards of a challenge",
    about: "status",
  },
  {
    table: "award_list",
    column: "approved_by",
    at: "approved_at",
    what: "Approved the awards of a challenge",
    about: "status",
  },
  {
    table: "award_list",
    column: "published_by",
    at: "published_at",
    what: "Published the results of a challenge",
    about: "status",
  },
  {
    table: "prize_payment",
    column: "updated_by",
    at: "updated_at",
    what: "Last changed a prize payment",
    about: "status",
  },
  {
    table: "prize_payment",
    column: "details_recorded_by",
    at: "details_received_at",
    what: "Recorded a winner's supplier details",
    about: "status",
  },
  {
    table: "prize_payment",
    column: "approved_by",
    at: "approved_at",
    what: "Approved a prize payment",
    about: "status",
  },
  {
    table: "prize_payment",
    column: "paid_by",
    at: "paid_at",
    what: "Recorded a prize payment as paid",
    about: "status",
  },
  {
    table: "prize_payment_event",
    column: "changed_by",
    at: "changed_at",
    what: "Changed a prize payment's status",
    about: "to_status",
  },
  {
    table: "grant_agreement",
    column: "issued_by",
    at: "issued_at",
    what: "Issued a version of a grant agreement",
    about: "version",
  },
  {
    table: "grant_agreement",
    column: "accepted_by",
    at: "accepted_at",
    what: "Accepted a grant agreement for your organisation, as signatory",
    about: "signatory_name",
  },
  {
    table: "grant_agreement_template",
    column: "updated_by",
    at: "updated_at",
    what: "Changed a prize tier's grant agreement terms",
    about: "prize_tier_id",
  },
  {
    table: "masterclass_session",
    column: "created_by",
    at: "created_at",
    what: "Set up a masterclass",
    about: "title",
  },
  {
    table: "masterclass_place",
    column: "attendance_recorded_by",
    at: null,
    what: "Recorded masterclass attendance",
    about: "status",
  },
  {
    table: "support_item",
    column: "recorded_by",
    at: "recorded_at",
    what: "Recorded support for a winner",
    about: "description",
  },
  {
    table: "support_item",
    column: "override_by",
    at: "recorded_at",
    what: "Authorised support over the cap",
    about: "override_reason",
  },
  { table: "milestone", column: "created_by", at: "created_at", what: "Added a winner's milestone", about: "title" },
  {
    table: "support_request",
    column: "requested_by",
    at: "requested_at",
    what: "Asked for support for a winner's plan",
    about: "description",
  },
  {
    table: "support_request",
    column: "decided_by",
    at: "decided_at",
    what: "Decided a winner's request for support",
    about: "status",
  },
  {
    table: "recovery",
    column: "recorded_by",
    at: "recorded_at",
    what: "Recorded money due back from an award",
    about: "description",
  },
  {
    table: "recovery",
    column: "resolved_by",
    at: "resolved_at",
    what: "Recorded money due back as received or written off",
    about: "status",
  },
  { table: "role_grant", column: "granted_by", at: "granted_at", what: "Gave someone a role", about: "role" },
  { table: "invitation", column: "invited_by", at: "created_at", what: "Invited someone to a role", about: "role" },
  {
    table: "organisation_invitation",
    column: "invited_by",
    at: "created_at",
    what: "Invited a colleague to an organisation",
    about: "email",
  },
  {
    table: "staff_proposal",
    column: "proposed_by",
    at: "proposed_at",
    what: "Proposed someone for the staff role",
    about: "id",
  },
  {
    table: "staff_proposal",
    column: "approved_by",
    at: "approved_at",
    what: "Approved someone for the staff role",
    about: "id",
  },
  {
    table: "staff_proposal",
    column: "declined_by",
    at: "declined_at",
    what: "Declined someone for the staff role",
    about: "id",
  },
  {
    table: "progress_update",
    column: "author_user_id",
    at: "created_at",
    what: "Wrote a note on a winner's support plan",
    about: "body",
  },
  // Monitoring reports (decision 061): drafts saved and versions sent by a winner, reviews by staff.
  {
    table: "monitoring_report",
    column: "updated_by",
    at: "updated_at",
    what: "Last saved a monitoring report (the report's id)",
    about: "id",
  },
  {
    table: "monitoring_submission",
    column: "submitted_by",
    at: "submitted_at",
    what: "Sent a monitoring report (the report's id)",
    about: "report_id",
  },
  {
    table: "monitoring_submission",
    column: "reviewed_by",
    at: "reviewed_at",
    what: "Reviewed a monitoring report (accepted, or asked for more)",
    about: "outcome",
  },
  {
    table: "award_completion",
    column: "completed_by",
    at: "completed_at",
    what: "Completed an award by accepting its closing report (the award's id)",
    about: "award_id",
  },
  {
    table: "attachment",
    column: "removed_by",
    at: "removed_at",
    what: "Took a file off a record",
    about: "file_name",
  },
  {
    table: "due_diligence_check",
    column: "done_by",
    at: "done_at",
    what: "Recorded a due-diligence check on an award (the kind of check)",
    about: "kind",
  },
  {
    table: "due_diligence",
    column: "checks_completed_by",
    at: "checks_completed_at",
    what: "Completed the due-diligence checks on an award (its number)",
    about: "award_id",
  },
  {
    table: "due_diligence",
    column: "signed_off_by",
    at: "signed_off_at",
    what: "Signed off the due-diligence checks on an award (its number)",
    about: "award_id",
  },
  {
    table: "due_diligence",
    column: "subsidy_declared_by",
    at: "subsidy_declared_at",
    what: "Declared the organisation's other public support for an award (its number)",
    about: "award_id",
  },
  {
    table: "data_request",
    column: "created_by",
    at: "created_at",
    what: "Recorded a data-rights request",
    about: "kind",
  },
  {
    table: "data_request",
    column: "completed_by",
    at: "completed_at",
    what: "Closed a data-rights request",
    about: "status",
  },
] as const;

/**
 * The columns about a person each table's rows are found by, for the coverage test: the export
 * reads every one of them. Tables in LEFT_OUT are deliberately not read.
 */
export const EXPORTED_COLUMNS: Record<string, readonly string[]> = mergeColumns(
  {
    app_user: ["id", "email"],
    role_grant: ["user_id"],
    totp_credential: ["user_id"],
    passkey_credential: ["user_id"],
    recovery_code: ["user_id"],
    session: ["user_id", "ip"],
    one_time_token: ["user_id", "new_email"],
    invitation: ["email", "accepted_user_id"],
    organisation: ["contact_email"],
    organisation_member: ["user_id"],
    organisation_invitation: ["email", "accepted_user_id"],
    entry: ["created_by"],
    entry_submission: ["submitted_by"],
    email_outbox: ["to_address"],
    judge_affiliation: ["user_id"],
    judge_conflict: ["judge_user_id"],
    judge_declaration: ["judge_user_id"],
    round_judge: ["judge_user_id"],
    assignment: ["judge_user_id"],
    staff_conflict: ["user_id"],
    council_interest: ["recorded_by"],
    council_digest: ["user_id"],
    prize_payment: ["accepted_by"],
    masterclass_place: ["responded_by"],
    progress_update: ["author_user_id"],
    data_request: ["user_id"],
    attachment: ["uploaded_by"],
    audit_event: ["actor_user_id", "ip"],
  },
  RECORDED_ACTIONS,
);

/** Tables with a column about a person that the export leaves out, and why. */
export const LEFT_OUT: Record<string, string> = {
  webauthn_challenge:
    "a passkey challenge lives for a few minutes while a passkey is added or used, and holds only a random value",
  mailbox_message:
    "the local mailbox is a copy of the outbox's emails for the demonstration mode only; the export lists the same emails from the outbox",
  rate_limit_bucket:
    "counts of recent attempts by a hashed key, kept for minutes to slow down password guessing; they cannot be tied back to a person",
  pending_save:
    "a form kept for a few hours while someone signs in again; it is found only by the browser that made it",
  first_staff_setup: "the one-time link that sets up the first staff account; it names nobody",
  audit_chain_checkpoint: "how far the audit trail was last checked; it holds no event's content",
  // Interim, while the parts of issue 15 that use these tables are built: each is replaced by the
  // export of what a person uploaded, checked, signed off or signed.
};

function mergeColumns(
  base: Record<string, readonly string[]>,
  actions: readonly { table: string; column: string }[],
): Record<string, readonly string[]> {
  const merged: Record<string, string[]> = Object.fromEntries(Object.entries(base).map(([t, c]) => [t, [...c]]));
  for (const { table, column } of actions) {
    merged[table] ??= [];
    if (!merged[table].includes(column)) merged[table].push(column);
  }
  return merged;
}

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

const TOKEN_PURPOSES: Record<string, string> = {
  verify_email: "Confirm your email address",
  reset_password: "Reset your password",
  change_email: "Change your email address",
};

const ENTRY_STATUSES: Record<string, string> = {
  draft: "Draft",
  submitted: "Submitted",
  withdrawn: "Withdrawn",
  ineligible: "Not eligible",
};

const INTEREST_STATUSES: Record<string, string> = {
  interested: "Interested",
  in_discussion: "In discussion",
  taken_forward: "Taken forward",
  not_pursued: "Not pursued",
};

const OUTBOX_STATUSES: Record<string, string> = {
  pending: "Waiting to be sent",
  sent: "Sent",
  failed: "Could not be sent",
};

/**
 * Everything the service holds about `userId`, for the person themselves or for programme staff.
 * Anyone else, and an account that does not exist, gets not found. Reads only: producing a copy
 * for a request is audited by the data request's service (data_request.data_produced).
 */
export async function personalDataFor(executor: Executor, actor: Actor, userId: number): Promise<PersonalData> {
  if (actor.id !== userId) {
    try {
      await assertStaff(executor, actor);
    } catch {
      throw notFound();
    }
  }
  const user = await executor
    .selectFrom("app_user")
    .select(["id", "name", "email", "password_hash", "created_at", "email_verified_at", "password_changed_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) throw notFound();
  const email = user.email.toLowerCase();

  const [roles, totp, passkeys, codes, sessions, links, roleInvitations] = await Promise.all([
    executor
      .selectFrom("role_grant")
      .leftJoin("local_authority", "local_authority.code", "role_grant.local_authority_code")
      .select(["role_grant.role", "role_grant.granted_at", "local_authority.name as authority"])
      .where("role_grant.user_id", "=", userId)
      .orderBy("role_grant.id")
      .execute(),
    executor
      .selectFrom("totp_credential")
      .select(["created_at", "confirmed_at"])
      .where("user_id", "=", userId)
      .executeTakeFirst(),
    executor
      .selectFrom("passkey_credential")
      .select(["name", "created_at", "last_used_at", "backed_up"])
      .where("user_id", "=", userId)
      .orderBy("created_at")
      .execute(),
    executor.selectFrom("recovery_code").select(["used_at"]).where("user_id", "=", userId).execute(),
    executor
      .selectFrom("session")
      .select(["ip", "user_agent", "created_at", "last_used_at", "expires_at", "absolute_expires_at"])
      .where("user_id", "=", userId)
      .orderBy("created_at")
      .execute(),
    executor
      .selectFrom("one_time_token")
      .select(["purpose", "new_email", "created_at", "expires_at", "used_at"])
      .where("user_id", "=", userId)
      .orderBy("created_at")
      .execute(),
    executor
      .selectFrom("invitation")
      .leftJoin("local_authority", "local_authority.code", "invitation.local_authority_code")
      .select([
        "invitation.role",
        "invitation.created_at",
        "invitation.expires_at",
        "invitation.accepted_at",
        "invitation.revoked_at",
        "local_authority.name as authority",
      ])
      .where((eb) =>
        eb.or([eb(eb.fn("lower", ["invitation.email"]), "=", email), eb("invitation.accepted_user_id", "=", userId)]),
      )
      .orderBy("invitation.created_at")
      .execute(),
  ]);

  // Organisations: those they belong to, and any whose contact details are theirs.
  const organisations = await executor
    .selectFrom("organisation")
    .innerJoin("local_authority", "local_authority.code", "organisation.local_authority_code")
    .leftJoin("organisation_member", (join) =>
      join
        .onRef("organisation_member.organisation_id", "=", "organisation.id")
        .on("organisation_member.user_id", "=", userId),
    )
    .select([
      "organisation.id",
      "organisation.name",
      "organisation.type",
      "local_authority.name as council",
      "organisation.postcode",
      "organisation.website",
      "organisation.registration_number",
      "organisation.contact_name",
      "organisation.contact_email",
      "organisation.contact_phone",
      "organisation_member.joined_at",
    ])
    .where((eb) =>
      eb.or([
        eb("organisation_member.user_id", "is not", null),
        eb(eb.fn("lower", ["organisation.contact_email"]), "=", email),
      ]),
    )
    .orderBy("organisation.name")
    .execute();
  const memberOf = organisations.filter((o) => o.joined_at !== null).map((o) => o.id);

  const organisationInvitations = await executor
    .selectFrom("organisation_invitation")
    .innerJoin("organisation", "organisation.id", "organisation_invitation.organisation_id")
    .select([
      "organisation.name",
      "organisation_invitation.created_at",
      "organisation_invitation.expires_at",
      "organisation_invitation.accepted_at",
      "organisation_invitation.revoked_at",
    ])
    .where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["organisation_invitation.email"]), "=", email),
        eb("organisation_invitation.accepted_user_id", "=", userId),
      ]),
    )
    .orderBy("organisation_invitation.created_at")
    .execute();

  const [entries, submissions] = await Promise.all([
    executor
      .selectFrom("entry")
      .innerJoin("challenge", "challenge.id", "entry.challenge_id")
      .innerJoin("organisation", "organisation.id", "entry.organisation_id")
      .select([
        "entry.id",
        "entry.reference",
        "challenge.title as challenge",
        "organisation.name as organisation",
        "entry.status",
        "entry.created_by",
        "entry.created_at",
        "entry.updated_at",
        "entry.submitted_at",
        "entry.withdrawn_at",
        "entry.eligibility_reason",
        "entry.consent_share",
        "entry.consent_contact",
        "entry.title",
        "entry.summary",
        "entry.need",
        "entry.beneficiaries",
        "entry.delivery",
        "entry.costs",
        "entry.prize_use",
      ])
      .where((eb) =>
        eb.or([
          eb("entry.created_by", "=", userId),
          ...(memberOf.length ? [eb("entry.organisation_id", "in", memberOf)] : []),
        ]),
      )
      .orderBy("entry.created_at")
      .execute(),
    executor
      .selectFrom("entry_submission")
      .innerJoin("entry", "entry.id", "entry_submission.entry_id")
      .select([
        "entry_submission.entry_id",
        "entry_submission.entry_version",
        "entry_submission.snapshot",
        "entry_submission.submitted_by",
        "entry_submission.submitted_at",
      ])
      .where((eb) =>
        eb.or([
          eb("entry.created_by", "=", userId),
          eb("entry_submission.submitted_by", "=", userId),
          ...(memberOf.length ? [eb("entry.organisation_id", "in", memberOf)] : []),
        ]),
      )
      .orderBy("entry_submission.entry_version")
      .execute(),
  ]);

  const messages = await executor
    .selectFrom("email_outbox")
    .select(["template", "props", "status", "created_at", "sent_at"])
    .where(sql<string>`lower(to_address)`, "=", email)
    .orderBy("created_at")
    .orderBy("id")
    .execute();

  const judging = await judgingOf(executor, userId);
  const councils = await councilsOf(executor, userId);
  const awards = await awardsOf(executor, userId, memberOf);

  const dataRequests = await executor
    .selectFrom("data_request")
    .select([
      "kind",
      sql<string>`to_char(received_on, 'YYYY-MM-DD')`.as("received_on"),
      sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as("due_on"),
      "how_received",
      "status",
      "completed_at",
      "refusal_reason",
    ])
    .where("user_id", "=", userId)
    .orderBy("received_on")
    .orderBy("id")
    .execute();

  const recordedActions = await recordedActionsOf(executor, userId);

  const files = await executor
    .selectFrom("attachment")
    .leftJoin("entry", (join) =>
      join.onRef("entry.id", "=", "attachment.owner_id").on("attachment.owner_kind", "=", "entry"),
    )
    .select([
      "attachment.id",
      "attachment.file_name",
      "attachment.media_type",
      "attachment.size_bytes",
      "attachment.uploaded_at",
      "attachment.removed_at",
      "attachment.owner_kind",
      "attachment.owner_id",
      "entry.reference",
    ])
    .where("attachment.uploaded_by", "=", userId)
    .orderBy("attachment.uploaded_at")
    .orderBy("attachment.id")
    .execute();

  const audit = await executor
    .selectFrom("audit_event")
    .select(["occurred_at", "action", "actor_user_id", "subject_type", "subject_id", "ip", "details"])
    .where((eb) =>
      eb.or([
        eb("actor_user_id", "=", userId),
        eb.and([eb("subject_type", "=", "user"), eb("subject_id", "=", String(userId))]),
      ]),
    )
    .orderBy("id")
    .execute();

  return {
    producedAt: new Date().toISOString(),
    account: {
      id: user.id,
      name: user.name,
      email: user.email,
      createdAt: iso(user.created_at),
      emailConfirmedAt: isoOrNull(user.email_verified_at),
      passwordChangedAt: isoOrNull(user.password_changed_at),
      hasPassword: user.password_hash !== null,
      roles: roles.map((r) => ({ role: roleLabel(r.role, r.authority), givenAt: iso(r.granted_at) })),
      twoStepVerification: {
        authenticatorApp: totp ? { addedAt: iso(totp.created_at), confirmedAt: isoOrNull(totp.confirmed_at) } : null,
        passkeys: passkeys.map((p) => ({
          name: p.name,
          addedAt: iso(p.created_at),
          lastUsedAt: isoOrNull(p.last_used_at),
          syncedBetweenDevices: p.backed_up,
        })),
        recoveryCodes: { total: codes.length, used: codes.filter((c) => c.used_at !== null).length },
      },
      sessions: sessions.map((s) => ({
        device: describeDevice(s.user_agent),
        place: describePlace(s.ip),
        signedInAt: iso(s.created_at),
        lastUsedAt: iso(s.last_used_at),
        endsBy: iso(s.absolute_expires_at ?? s.expires_at),
      })),
      emailLinks: links.map((l) => ({
        purpose: TOKEN_PURPOSES[l.purpose] ?? l.purpose,
        newEmail: l.new_email,
        sentAt: iso(l.created_at),
        expiresAt: iso(l.expires_at),
        usedAt: isoOrNull(l.used_at),
      })),
      roleInvitations: roleInvitations.map((i) => ({
        role: roleLabel(i.role, i.authority),
        sentAt: iso(i.created_at),
        expiresAt: iso(i.expires_at),
        acceptedAt: isoOrNull(i.accepted_at),
        withdrawnAt: isoOrNull(i.revoked_at),
      })),
    },
    organisations: organisations.map((o) => ({
      name: o.name,
      type: organisationTypeLabel(o.type),
      council: o.council,
      postcode: o.postcode,
      website: o.website,
      registrationNumber: o.registration_number,
      contactName: o.contact_name,
      contactEmail: o.contact_email,
      contactPhone: o.contact_phone,
      memberSince: isoOrNull(o.joined_at),
    })),
    organisationInvitations: organisationInvitations.map((i) => ({
      organisation: i.name,
      sentAt: iso(i.created_at),
      expiresAt: iso(i.expires_at),
      acceptedAt: isoOrNull(i.accepted_at),
      withdrawnAt: isoOrNull(i.revoked_at),
    })),
    entries: entries.map((e) => ({
      reference: e.reference,
      challenge: e.challenge,
      organisation: e.organisation,
      status: ENTRY_STATUSES[e.status] ?? e.status,
      startedByYou: e.created_by === userId,
      startedAt: iso(e.created_at),
      lastChangedAt: iso(e.updated_at),
      submittedAt: isoOrNull(e.submitted_at),
      withdrawnAt: isoOrNull(e.withdrawn_at),
      reasonNotEligible: e.eligibility_reason,
      consentToShareWithCouncils: e.consent_share,
      consentToBeContacted: e.consent_contact,
      answers: {
        title: e.title,
        summary: e.summary,
        need: e.need,
        beneficiaries: e.beneficiaries,
        delivery: e.delivery,
        costs: e.costs,
        prizeUse: e.prize_use,
      },
      submittedVersions: submissions
        .filter((s) => s.entry_id === e.id)
        .map((s) => ({
          version: s.entry_version,
          submittedAt: iso(s.submitted_at),
          submittedByYou: s.submitted_by === userId,
          snapshot: s.snapshot,
        })),
    })),
    messages: messages.map((m) => {
      const template = findTemplate(templates as TemplateRegistry, m.template);
      const content = withoutSecrets(template, m.props);
      return {
        subject: subjectOf(template, content, m.template),
        status: OUTBOX_STATUSES[m.status] ?? m.status,
        queuedAt: iso(m.created_at),
        sentAt: isoOrNull(m.sent_at),
        content,
      };
    }),
    judging,
    councils,
    awards,
    dataRequests: dataRequests.map((r) => ({
      kind: DATA_REQUEST_KIND_SHORT[r.kind],
      receivedOn: r.received_on,
      dueOn: r.due_on,
      howReceived: r.how_received,
      status: DATA_REQUEST_STATUS_LABELS[r.status],
      completedAt: isoOrNull(r.completed_at),
      refusalReason: r.refusal_reason,
    })),
    filesUploaded: files.map((f) => ({
      fileName: f.file_name,
      type: acceptedType(f.media_type)?.label ?? f.media_type,
      sizeBytes: f.size_bytes,
      uploadedAt: iso(f.uploaded_at),
      belongsTo: f.reference ? `Entry ${f.reference}` : `${ATTACHMENT_OWNER_LABELS[f.owner_kind]} ${f.owner_id}`,
      takenOffAt: isoOrNull(f.removed_at),
      link: attachmentPath(f.id),
    })),
    recordedActions,
    auditEvents: audit.map((a) => {
      const byYou = a.actor_user_id === userId;
      return {
        at: iso(a.occurred_at),
        what: actionLabel(a.action),
        byYou,
        aboutYou: a.subject_type === "user" && a.subject_id === String(userId),
        // Someone else's network address is theirs, not this person's.
        fromAddress: byYou ? a.ip : null,
        details: a.details ?? {},
      };
    }),
  };
}

/** The asking person's own data, for /account/your-data and its JSON file. */
export function ownPersonalData(actor: Actor): Promise<PersonalData> {
  return personalDataFor(db(), actor, actor.id);
}

function subjectOf(template: ReturnType<typeof findTemplate>, props: unknown, name: string): string {
  if (!template) return name;
  try {
    return template.subject(props);
  } catch {
    return name;
  }
}

async function judgingOf(executor: Executor, userId: number): Promise<PersonalData["judging"]> {
  const [affiliations, conflicts, declarations, rounds, assignments, staffConflicts] = await Promise.all([
    executor
      .selectFrom("judge_affiliation")
      .leftJoin("organisation", "organisation.id", "judge_affiliation.organisation_id")
      .leftJoin("local_authority", "local_authority.code", "judge_affiliation.local_authority_code")
      .select([
        "judge_affiliation.kind",
        "organisation.name as organisation",
        "judge_affiliation.organisation_name",
        "local_authority.name as council",
        "judge_affiliation.role_description",
        "judge_affiliation.created_at",
      ])
      .where("judge_affiliation.user_id", "=", userId)
      .orderBy("judge_affiliation.id")
      .execute(),
    executor
      .selectFrom("judge_conflict")
      .innerJoin("challenge", "challenge.id", "judge_conflict.challenge_id")
      .innerJoin("organisation", "organisation.id", "judge_conflict.organisation_id")
      .select([
        "challenge.title as challenge",
        "organisation.name as organisation",
        "judge_conflict.reason",
        "judge_conflict.source",
        "judge_conflict.declared_at",
      ])
      .where("judge_conflict.judge_user_id", "=", userId)
      .orderBy("judge_conflict.id")
      .execute(),
    executor
      .selectFrom("judge_declaration")
      .innerJoin("challenge", "challenge.id", "judge_declaration.challenge_id")
      .select(["challenge.title as challenge", "judge_declaration.completed_at"])
      .where("judge_declaration.judge_user_id", "=", userId)
      .orderBy("judge_declaration.completed_at")
      .execute(),
    executor
      .selectFrom("round_judge")
      .innerJoin("judging_round", "judging_round.id", "round_judge.round_id")
      .innerJoin("challenge", "challenge.id", "judging_round.challenge_id")
      .select([
        "challenge.title as challenge",
        "judging_round.number",
        "round_judge.max_entries",
        "round_judge.added_at",
        "round_judge.withdrawn_at",
      ])
      .where("round_judge.judge_user_id", "=", userId)
      .orderBy("round_judge.added_at")
      .execute(),
    executor
      .selectFrom("assignment")
      .innerJoin("judging_round", "judging_round.id", "assignment.round_id")
      .innerJoin("challenge", "challenge.id", "judging_round.challenge_id")
      .innerJoin("entry", "entry.id", "assignment.entry_id")
      .leftJoin("review", "review.assignment_id", "assignment.id")
      .select([
        "challenge.title as challenge",
        "judging_round.number",
        "entry.reference",
        "entry.title",
        "assignment.created_at",
        "assignment.removed_at",
        "assignment.removed_reason",
        "review.id as review_id",
        "review.status as review_status",
        "review.overall_comment",
        "review.started_at",
        "review.submitted_at",
      ])
      .where("assignment.judge_user_id", "=", userId)
      .orderBy("assignment.id")
      .execute(),
    executor
      .selectFrom("staff_conflict")
      .innerJoin("entry", "entry.id", "staff_conflict.entry_id")
      .select(["entry.reference", "staff_conflict.reason", "staff_conflict.declared_at"])
      .where("staff_conflict.user_id", "=", userId)
      .orderBy("staff_conflict.declared_at")
      .execute(),
  ]);
  const reviewIds = assignments.map((a) => a.review_id).filter((id): id is number => id !== null);
  const scores = reviewIds.length
    ? await executor
        .selectFrom("score")
        .innerJoin("criterion", "criterion.id", "score.criterion_id")
        .select(["score.review_id", "criterion.name", "score.score", "score.comment"])
        .where("score.review_id", "in", reviewIds)
        .orderBy("criterion.position")
        .orderBy("criterion.id")
        .execute()
    : [];
  return {
    affiliations: affiliations.map((a) => ({
      kind: a.kind === "council" ? "Council" : "Organisation",
      with: a.council ?? a.organisation ?? a.organisation_name ?? "",
      role: a.role_description,
      addedAt: iso(a.created_at),
    })),
    conflictsDeclared: conflicts.map((c) => ({
      challenge: c.challenge,
      organisation: c.organisation,
      reason: c.reason,
      source: c.source === "declared" ? "Declared by you" : "Found from your affiliations",
      at: iso(c.declared_at),
    })),
    declarationsCompleted: declarations.map((d) => ({ challenge: d.challenge, at: iso(d.completed_at) })),
    rounds: rounds.map((r) => ({
      challenge: r.challenge,
      round: r.number,
      maxEntries: r.max_entries,
      addedAt: iso(r.added_at),
      withdrawnAt: isoOrNull(r.withdrawn_at),
    })),
    assignments: assignments.map((a) => ({
      challenge: a.challenge,
      round: a.number,
      entry: a.reference,
      entryTitle: a.title,
      assignedAt: iso(a.created_at),
      endedAt: isoOrNull(a.removed_at),
      endedBecause: a.removed_reason,
      review:
        a.review_id === null
          ? null
          : {
              status: a.review_status === "submitted" ? "Submitted" : "In progress",
              overallComment: a.overall_comment ?? "",
              startedAt: iso(a.started_at!),
              submittedAt: isoOrNull(a.submitted_at),
              scores: scores
                .filter((s) => s.review_id === a.review_id)
                .map((s) => ({ criterion: s.name, score: s.score, comment: s.comment })),
            },
    })),
    staffConflicts: staffConflicts.map((c) => ({
      entry: c.reference,
      reason: c.reason,
      declaredAt: iso(c.declared_at),
    })),
  };
}

async function councilsOf(executor: Executor, userId: number): Promise<PersonalData["councils"]> {
  const [interest, digests] = await Promise.all([
    executor
      .selectFrom("council_interest")
      .innerJoin("entry", "entry.id", "council_interest.entry_id")
      .innerJoin("local_authority", "local_authority.code", "council_interest.local_authority_code")
      .select([
        "entry.reference",
        "entry.title",
        "local_authority.name as council",
        "council_interest.status",
        "council_interest.initiative_name",
        "council_interest.initiative_description",
        "council_interest.initiative_url",
        "council_interest.note",
        "council_interest.created_at",
        "council_interest.updated_at",
      ])
      .where("council_interest.recorded_by", "=", userId)
      .orderBy("council_interest.id")
      .execute(),
    executor
      .selectFrom("council_digest")
      .innerJoin("challenge", "challenge.id", "council_digest.challenge_id")
      .select(["challenge.title as challenge", "council_digest.kind", "council_digest.sent_at"])
      .where("council_digest.user_id", "=", userId)
      .orderBy("council_digest.id")
      .execute(),
  ]);
  return {
    interestRecorded: interest.map((i) => ({
      entry: i.reference,
      entryTitle: i.title,
      council: i.council,
      status: INTEREST_STATUSES[i.status] ?? i.status,
      initiativeName: i.initiative_name,
      initiativeDescription: i.initiative_description,
      initiativeUrl: i.initiative_url,
      note: i.note,
      recordedAt: iso(i.created_at),
      updatedAt: iso(i.updated_at),
    })),
    digestsSent: digests.map((d) => ({
      challenge: d.challenge,
      kind: d.kind === "weekly" ? "Weekly summary" : "Results published",
      sentAt: iso(d.sent_at),
    })),
  };
}

async function awardsOf(executor: Executor, userId: number, memberOf: number[]): Promise<PersonalData["awards"]> {
  if (!memberOf.length) return [];
  // Published results only: until then an award is a decision still being made.
  const awards = await executor
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .leftJoin("prize_payment", "prize_payment.award_id", "award.id")
    .select([
      "award.id",
      "challenge.title as challenge",
      "entry.reference",
      "prize_tier.name as prize",
      "award.cash_pence",
      "award.support_cap_pence",
      "prize_payment.id as payment_id",
      "prize_payment.status as payment_status",
      "prize_payment.amount_pence",
      "prize_payment.supplier_reference",
      "prize_payment.finance_reference",
      "prize_payment.accepted_at",
      "prize_payment.accepted_by",
      "prize_payment.paid_at",
      "prize_payment.cancelled_at",
      "prize_payment.cancel_reason",
    ])
    .where("entry.organisation_id", "in", memberOf)
    .where("challenge.results_published_at", "is not", null)
    .orderBy("award.id")
    .execute();
  if (!awards.length) return [];
  const ids = awards.map((a) => a.id);
  const [agreements, places, items, milestones, updates] = await Promise.all([
    executor
      .selectFrom("grant_agreement")
      .select([
        "award_id",
        "version",
        "issued_at",
        "accepted_at",
        "accepted_by",
        "signatory_name",
        "signatory_role",
        "body_sha256",
      ])
      .where("award_id", "in", ids)
      .orderBy("version")
      .execute(),
    executor
      .selectFrom("masterclass_place")
      .innerJoin("masterclass_session", "masterclass_session.id", "masterclass_place.session_id")
      .select([
        "masterclass_place.award_id",
        "masterclass_session.title",
        "masterclass_session.starts_at",
        "masterclass_place.status",
        "masterclass_place.responded_at",
        "masterclass_place.attended",
      ])
      .where("masterclass_place.award_id", "in", ids)
      .orderBy("masterclass_session.starts_at")
      .execute(),
    executor
      .selectFrom("support_item")
      .select([
        "award_id",
        "kind",
        sql<string>`to_char(happened_on, 'YYYY-MM-DD')`.as("happened_on"),
        "description",
        "coach_name",
        "amount_pence",
      ])
      .where("award_id", "in", ids)
      .orderBy("happened_on")
      .orderBy("id")
      .execute(),
    executor
      .selectFrom("milestone")
      .select([
        "award_id",
        "title",
        sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as("due_on"),
        "status",
        sql<string | null>`to_char(completed_on, 'YYYY-MM-DD')`.as("completed_on"),
      ])
      .where("award_id", "in", ids)
      .orderBy("due_on")
      .orderBy("id")
      .execute(),
    // The winner's own updates; staff notes on the plan are the programme's, not the person's.
    executor
      .selectFrom("progress_update")
      .select(["award_id", "author_user_id", "body", "created_at"])
      .where("award_id", "in", ids)
      .where((eb) => eb.or([eb("kind", "=", "update"), eb("author_user_id", "=", userId)]))
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  ]);
  const PLACE_STATUSES: Record<string, string> = { invited: "Invited", accepted: "Accepted", declined: "Declined" };
  const MILESTONE_STATUSES: Record<string, string> = {
    not_started: "Not started",
    in_progress: "In progress",
    done: "Done",
  };
  return awards.map((a) => ({
    challenge: a.challenge,
    entry: a.reference,
    prize: a.prize,
    cashPence: a.cash_pence,
    supportCapPence: a.support_cap_pence,
    payment:
      a.payment_id === null
        ? null
        : {
            status: PAYMENT_STATUS_LABELS[a.payment_status!],
            amountPence: a.amount_pence!,
            supplierReference: a.supplier_reference,
            financeReference: a.finance_reference,
            acceptedAt: isoOrNull(a.accepted_at),
            acceptedByYou: a.accepted_by === userId,
            paidAt: isoOrNull(a.paid_at),
            cancelledAt: isoOrNull(a.cancelled_at),
            cancelReason: a.cancel_reason,
          },
    agreements: agreements
      .filter((g) => g.award_id === a.id)
      .map((g) => ({
        version: g.version,
        issuedAt: iso(g.issued_at),
        acceptedAt: isoOrNull(g.accepted_at),
        acceptedByYou: g.accepted_by === userId,
        signatoryName: g.signatory_name,
        signatoryRole: g.signatory_role,
        sha256: g.body_sha256,
      })),
    masterclasses: places
      .filter((p) => p.award_id === a.id)
      .map((p) => ({
        title: p.title,
        startsAt: iso(p.starts_at),
        place: PLACE_STATUSES[p.status] ?? p.status,
        respondedAt: isoOrNull(p.responded_at),
        attended: p.attended,
      })),
    support: items
      .filter((i) => i.award_id === a.id)
      .map((i) => ({
        kind: SUPPORT_KIND_LABELS[i.kind],
        on: i.happened_on,
        description: i.description,
        coach: i.coach_name,
        amountPence: i.amount_pence,
      })),
    milestones: milestones
      .filter((m) => m.award_id === a.id)
      .map((m) => ({
        title: m.title,
        dueOn: m.due_on,
        status: MILESTONE_STATUSES[m.status] ?? m.status,
        completedOn: m.completed_on,
      })),
    progressUpdates: updates
      .filter((u) => u.award_id === a.id)
      .map((u) => ({ writtenAt: iso(u.created_at), byYou: u.author_user_id === userId, text: u.body })),
  }));
}

async function recordedActionsOf(executor: Executor, userId: number): Promise<PersonalData["recordedActions"]> {
  const found: PersonalData["recordedActions"] = [];
  // Identifiers come from RECORDED_ACTIONS above, never from input.
  const rows = await Promise.all(
    RECORDED_ACTIONS.map((action) =>
      sql<{ at: Date | string | null; about: string | null }>`
        select ${action.at ? sql.ref(action.at) : sql`null`} as at, ${sql.ref(action.about)}::text as about
        from ${sql.table(action.table)} where ${sql.ref(action.column)} = ${userId}`.execute(executor),
    ),
  );
  RECORDED_ACTIONS.forEach((action, i) => {
    for (const row of rows[i]!.rows) {
      found.push({ what: action.what, at: row.at === null ? null : iso(row.at), about: row.about ?? "" });
    }
  });
  return found.sort((a, b) => (a.at ?? "").localeCompare(b.at ?? ""));
}
