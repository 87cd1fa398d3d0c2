import { sql, type Expression, type ExpressionBuilder, type SqlBool, type Transaction } from "kysely";
import { db } from "../../../db/client";
import { absoluteUrl } from "../../../emails/components/url";
import type { Database, InvitableRole } from "../../../db/schema";
import { hashPassword } from "../../auth/password.server";
import { createSession, generateSessionToken, hashToken } from "../../auth/session.server";
import { cleanText } from "../../domain/forms";
import { PAGE_SIZE, pageCount, pageOffset } from "../../domain/pagination";
import { passwordError } from "../../domain/password-policy";
import { roleInSentence, roleLabel } from "../../domain/roles";
import { formatDateTime } from "../../domain/time";
import { recordAudit } from "../platform/audit.server";
import { queueEmail } from "../email/outbox.server";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, forbidden, invalid, notFound } from "../app-error.server";
import { assertStaff, grantRole } from "./roles.server";

// Staff invite judges, council officers and other staff by email. The invitee gets a single-use
// link that expires after INVITATION_DAYS; only the SHA-256 of its token is stored, so a copy of
// the table cannot be used to accept an invitation. Following the link proves the invitee owns
// the address, so an account created from it starts verified.
//
// Two people for every staff grant (decision 049): a staff invitation is a proposal. It is stored
// with a link nobody has seen, and its email goes only when a different member of staff approves
// it (approveStaffInvitation), which issues a fresh link; until then it is "awaiting approval" and
// cannot be sent again or accepted. Judge and council officer invitations go at once, as before.

export const INVITATION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export type InvitationStatus = "awaiting_approval" | "pending" | "accepted" | "expired" | "revoked";

/** Tokens are 32 characters of lower-case base32 (generateSessionToken). Anything else is not one. */
const TOKEN_FORMAT = /^[a-z2-7]{32}$/;

export function isTokenFormat(token: string | undefined): token is string {
  return typeof token === "string" && TOKEN_FORMAT.test(token);
}

function statusOf(
  row: { accepted_at: Date | null; revoked_at: Date | null; expires_at: Date; awaiting_approval?: SqlBool | null },
  now = new Date(),
): InvitationStatus {
  if (row.revoked_at) return "revoked";
  if (row.accepted_at) return "accepted";
  if (row.awaiting_approval) return "awaiting_approval";
  return new Date(row.expires_at).getTime() <= now.getTime() ? "expired" : "pending";
}

/** A staff invitation no second member of staff has approved (or declined) yet. */
function awaitingApproval(eb: ExpressionBuilder<Database, "invitation">) {
  return eb.exists(
    eb
      .selectFrom("staff_proposal")
      .select(sql.lit(1).as("one"))
      .whereRef("staff_proposal.invitation_id", "=", "invitation.id")
      .where("staff_proposal.approved_at", "is", null)
      .where("staff_proposal.declined_at", "is", null),
  );
}

function whereStatus(status: InvitationStatus, now: Date) {
  return (eb: ExpressionBuilder<Database, "invitation">): Expression<SqlBool> => {
    switch (status) {
      case "awaiting_approval":
        return eb.and([
          eb("invitation.revoked_at", "is", null),
          eb("invitation.accepted_at", "is", null),
          awaitingApproval(eb),
        ]);
      case "revoked":
        return eb("invitation.revoked_at", "is not", null);
      case "accepted":
        return eb.and([eb("invitation.revoked_at", "is", null), eb("invitation.accepted_at", "is not", null)]);
      case "expired":
        return eb.and([
          eb("invitation.revoked_at", "is", null),
          eb("invitation.accepted_at", "is", null),
          eb.not(awaitingApproval(eb)),
          eb("invitation.expires_at", "<=", now),
        ]);
      case "pending":
        return eb.and([
          eb("invitation.revoked_at", "is", null),
          eb("invitation.accepted_at", "is", null),
          eb.not(awaitingApproval(eb)),
          eb("invitation.expires_at", ">", now),
        ]);
    }
  };
}

export function invitationUrl(token: string): string {
  return absoluteUrl(`/invitations/${token}`);
}

async function localAuthorityName(trx: Transaction<Database>, code: string | null): Promise<string | null> {
  if (!code) return null;
  const row = await trx.selectFrom("local_authority").select("name").where("code", "=", code).executeTakeFirst();
  return row?.name ?? null;
}

function newToken(): { token: string; tokenHash: string; expiresAt: Date } {
  const token = generateSessionToken();
  return { token, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + INVITATION_DAYS * DAY_MS) };
}

/** Queues the email carrying an invitation's link, in the transaction that issued the token. */
async function queueInvitationEmail(
  trx: Transaction<Database>,
  invitation: { id: number; email: string; role: InvitableRole; local_authority_code: string | null },
  issued: { token: string; tokenHash: string; expiresAt: Date },
  inviterName: string,
): Promise<void> {
  const laName = await localAuthorityName(trx, invitation.local_authority_code);
  await queueEmail(trx, {
    to: invitation.email,
    template: "invitation",
    props: {
      inviterName,
      roleDescription: roleInSentence(invitation.role, laName),
      acceptUrl: invitationUrl(issued.token),
      expiresAt: formatDateTime(issued.expiresAt),
    },
    // One email per token: the same link is never sent twice.
    idempotencyKey: `invitation:${invitation.id}:${issued.tokenHash}`,
  });
}

export interface InvitationInput {
  email: string;
  role: InvitableRole;
  /** Required for a council officer (the one local authority they work for); ignored otherwise. */
  localAuthorityCode?: string | null;
}

export interface CreatedInvitation {
  invitationId: number;
  /** The link's token, or null when the invitation waits for a second member of staff (nothing was sent). */
  token: string | null;
  expiresAt: Date;
  awaitingApproval: boolean;
}

const SELECT_COUNCIL = "Select the council the officer works for";

/**
 * Invites someone to take a role. Staff only. The email is queued in the same transaction, except
 * for a staff invitation: that waits for another member of staff to approve it (while the actor is
 * the service's only member of staff, see mayApproveAlone). A council missing or unknown, or an
 * address that already holds or was already invited to the role, is invalid (the form says which
 * field).
 */
export async function createInvitation(actor: Actor, input: InvitationInput): Promise<CreatedInvitation> {
  assertRecentSecondFactor(actor);
  const email = input.email.trim().toLowerCase();
  const localAuthorityCode = input.role === "council_officer" ? (input.localAuthorityCode ?? null) : null;
  if (input.role === "council_officer" && !localAuthorityCode) throw invalid(SELECT_COUNCIL, "localAuthorityCode");
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const inviter = await trx
        .selectFrom("app_user")
        .select("name")
        .where("id", "=", actor.id)
        .executeTakeFirstOrThrow();
      if (localAuthorityCode) {
        const known = await trx
          .selectFrom("local_authority")
          .select("code")
          .where("code", "=", localAuthorityCode)
          .executeTakeFirst();
        if (!known) throw invalid(SELECT_COUNCIL, "localAuthorityCode");
      }
      const holder = await trx
        .selectFrom("role_grant")
        .innerJoin("app_user", "app_user.id", "role_grant.user_id")
        .leftJoin("local_authority", "local_authority.code", "role_grant.local_authority_code")
        .select(["local_authority.name as local_authority_name"])
        .where("app_user.email", "=", email)
        .where("role_grant.role", "=", input.role)
        .executeTakeFirst();
      if (holder)
        throw invalid(`${email} is already ${roleInSentence(input.role, holder.local_authority_name)}`, "email");
      const now = new Date();
      const pending = await trx
        .selectFrom("invitation")
        .select("id")
        .where("email", "=", email)
        .where("role", "=", input.role)
        .where(whereStatus("pending", now))
        .executeTakeFirst();
      if (pending) {
        throw invalid(
          `${email} has already been invited to be ${roleInSentence(input.role)}. Send that invitation again from the list of invitations instead`,
          "email",
        );
      }
      const issued = newToken();
      const invitation = await trx
        .insertInto("invitation")
        .values({
          token_hash: issued.tokenHash,
          email,
          role: input.role,
          local_authority_code: localAuthorityCode,
          invited_by: actor.id,
          expires_at: issued.expiresAt,
        })
        .returning(["id", "email", "role", "local_authority_code"])
        .executeTakeFirstOrThrow();
      if (input.role === "staff") {
        const alone = await mayApproveAlone(trx, actor.id);
        await trx
          .insertInto("staff_proposal")
          .values({
            invitation_id: invitation.id,
            proposed_by: actor.id,
            proposed_at: now,
            ...(alone ? { bootstrap: true, approved_at: now } : {}),
          })
          .execute();
        await recordAudit(trx, {
          action: alone ? "staff_invitation_approved" : "staff_invitation_proposed",
          actorUserId: actor.id,
          subjectType: "invitation",
          subjectId: invitation.id,
          ip: actor.ip,
          details: { ...(alone ? { firstStaffAlone: true } : {}) },
        });
        if (!alone)
          return { invitationId: invitation.id, token: null, expiresAt: issued.expiresAt, awaitingApproval: true };
      }
      await queueInvitationEmail(trx, invitation, issued, inviter.name);
      await recordAudit(trx, {
        action: "invitation_sent",
        actorUserId: actor.id,
        subjectType: "invitation",
        subjectId: invitation.id,
        ip: actor.ip,
        details: { role: input.role, localAuthorityCode },
      });
      return { invitationId: invitation.id, token: issued.token, expiresAt: issued.expiresAt, awaitingApproval: false };
    });
}

/**
 * Whether the actor may approve their own staff invitation: only while they are the service's one
 * and only member of staff, and only once per service (the database allows one such approval).
 * Without it the first staff account could never add a second, as nobody else could approve.
 */
async function mayApproveAlone(trx: Transaction<Database>, actorId: number): Promise<boolean> {
  const staff = await trx.selectFrom("role_grant").select("user_id").where("role", "=", "staff").limit(2).execute();
  if (staff.length !== 1 || staff[0]!.user_id !== actorId) return false;
  const used = await trx.selectFrom("staff_proposal").select("id").where("bootstrap", "=", true).executeTakeFirst();
  return !used;
}

export const OWN_PROPOSAL =
  "You proposed this invitation. Another member of the programme staff must approve it before it is sent";
const NOT_AWAITING = "That invitation is no longer waiting for approval";

/** A staff invitation waiting for approval, locked with its proposal; a conflict when it has moved on. */
async function lockAwaiting(trx: Transaction<Database>, invitationId: number) {
  const row = await trx
    .selectFrom("invitation")
    .innerJoin("staff_proposal", "staff_proposal.invitation_id", "invitation.id")
    .select([
      "invitation.id",
      "invitation.email",
      "invitation.role",
      "invitation.local_authority_code",
      "invitation.revoked_at",
      "invitation.accepted_at",
      "staff_proposal.id as proposalId",
      "staff_proposal.proposed_by",
      "staff_proposal.approved_at",
      "staff_proposal.declined_at",
    ])
    .where("invitation.id", "=", invitationId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw refused("not_found");
  if (row.approved_at || row.declined_at || row.revoked_at || row.accepted_at) throw conflict(NOT_AWAITING, "form");
  return row;
}

/**
 * A second member of staff approves a staff invitation: only now is its email sent, with a fresh
 * link valid for INVITATION_DAYS. The proposer may not approve their own (forbidden, on the form).
 */
export async function approveStaffInvitation(actor: Actor, invitationId: number): Promise<InvitationActionResult> {
  assertRecentSecondFactor(actor);
  return db()
    .transaction()
    .execute(async (trx): Promise<InvitationActionResult> => {
      await assertStaff(trx, actor);
      const invitation = await lockAwaiting(trx, invitationId);
      if (invitation.proposed_by === actor.id) throw forbidden(OWN_PROPOSAL, "form");
      const now = new Date();
      await trx
        .updateTable("staff_proposal")
        .set({ approved_by: actor.id, approved_at: now })
        .where("id", "=", invitation.proposalId)
        .execute();
      // The proposer is named in the email: they decided to invite; the approver agreed.
      const proposer = invitation.proposed_by
        ? await trx.selectFrom("app_user").select("name").where("id", "=", invitation.proposed_by).executeTakeFirst()
        : undefined;
      const approver = await trx
        .selectFrom("app_user")
        .select("name")
        .where("id", "=", actor.id)
        .executeTakeFirstOrThrow();
      const issued = newToken();
      await trx
        .updateTable("invitation")
        .set({ token_hash: issued.tokenHash, expires_at: issued.expiresAt })
        .where("id", "=", invitation.id)
        .execute();
      await queueInvitationEmail(trx, invitation, issued, proposer?.name ?? approver.name);
      await recordAudit(trx, {
        action: "staff_invitation_approved",
        actorUserId: actor.id,
        subjectType: "invitation",
        subjectId: invitation.id,
        ip: actor.ip,
        details: { proposedBy: invitation.proposed_by },
      });
      await recordAudit(trx, {
        action: "invitation_sent",
        actorUserId: actor.id,
        subjectType: "invitation",
        subjectId: invitation.id,
        ip: actor.ip,
        details: { role: invitation.role, localAuthorityCode: null },
      });
      return { email: invitation.email, token: issued.token };
    });
}

/**
 * Declines a staff invitation waiting for approval (or, by its proposer, withdraws it): nothing is
 * sent and it shows as revoked.
 */
export async function declineStaffInvitation(actor: Actor, invitationId: number): Promise<InvitationActionResult> {
  return db()
    .transaction()
    .execute(async (trx): Promise<InvitationActionResult> => {
      await assertStaff(trx, actor);
      const invitation = await lockAwaiting(trx, invitationId);
      const now = new Date();
      await trx
        .updateTable("staff_proposal")
        .set({ declined_by: actor.id, declined_at: now })
        .where("id", "=", invitation.proposalId)
        .execute();
      await trx.updateTable("invitation").set({ revoked_at: now }).where("id", "=", invitation.id).execute();
      await recordAudit(trx, {
        action: invitation.proposed_by === actor.id ? "staff_invitation_withdrawn" : "staff_invitation_declined",
        actorUserId: actor.id,
        subjectType: "invitation",
        subjectId: invitation.id,
        ip: actor.ip,
        details: { proposedBy: invitation.proposed_by },
      });
      return { email: invitation.email };
    });
}

/** An invitation, locked for the rest of the transaction so two staff cannot act on it at once. */
function lockInvitation(trx: Transaction<Database>, invitationId: number) {
  return trx
    .selectFrom("invitation")
    .select(["id", "email", "role", "local_authority_code", "accepted_at", "revoked_at", "expires_at"])
    .select((eb) => awaitingApproval(eb).as("awaiting_approval"))
    .where("id", "=", invitationId)
    .forUpdate()
    .executeTakeFirst();
}

/** The invitation acted on: its address, and the new link's token when it was sent again. */
export interface InvitationActionResult {
  email: string;
  token?: string;
}

// Why staff cannot resend or revoke an invitation: it has moved on since the list was shown (a
// conflict, said in the list's error summary).
const REFUSALS: Record<"not_found" | "accepted" | "revoked" | "expired" | "awaiting_approval", string> = {
  awaiting_approval:
    "That invitation is waiting for another member of the programme staff to approve it, so it has not been sent yet",
  not_found: "That invitation could not be found. It may have been removed",
  accepted: "That invitation has already been accepted",
  revoked: "That invitation has been revoked. Invite the person again instead",
  expired: "That invitation has expired, so there is nothing to revoke. Send it again to give them a new link",
};

const refused = (reason: keyof typeof REFUSALS) => conflict(REFUSALS[reason], "form");

/**
 * Sends an invitation again with a new link (a pending one, or one that expired before it was
 * used). The old link stops working. Staff only.
 */
export async function resendInvitation(actor: Actor, invitationId: number): Promise<InvitationActionResult> {
  return db()
    .transaction()
    .execute(async (trx): Promise<InvitationActionResult> => {
      await assertStaff(trx, actor);
      const invitation = await lockInvitation(trx, invitationId);
      if (!invitation) throw refused("not_found");
      const status = statusOf(invitation);
      if (status === "accepted" || status === "revoked" || status === "awaiting_approval") throw refused(status);
      const inviter = await trx
        .selectFrom("app_user")
        .select("name")
        .where("id", "=", actor.id)
        .executeTakeFirstOrThrow();
      // A new token replaces the old one's hash, so the link sent before stops working.
      const issued = newToken();
      await trx
        .updateTable("invitation")
        .set({ token_hash: issued.tokenHash, expires_at: issued.expiresAt })
        .where("id", "=", invitation.id)
        .execute();
      await queueInvitationEmail(trx, invitation, issued, inviter.name);
      await recordAudit(trx, {
        action: "invitation_sent",
        actorUserId: actor.id,
        subjectType: "invitation",
        subjectId: invitation.id,
        ip: actor.ip,
        details: {
          role: invitation.role,
          localAuthorityCode: invitation.local_authority_code,
          resent: true,
        },
      });
      return { email: invitation.email, token: issued.token };
    });
}

/** Withdraws a pending invitation: its link stops working. Staff only. */
export async function revokeInvitation(actor: Actor, invitationId: number): Promise<InvitationActionResult> {
  return db()
    .transaction()
    .execute(async (trx): Promise<InvitationActionResult> => {
      await assertStaff(trx, actor);
      const invitation = await lockInvitation(trx, invitationId);
      if (!invitation) throw refused("not_found");
      const status = statusOf(invitation);
      if (status !== "pending") throw refused(status);
      await trx.updateTable("invitation").set({ revoked_at: new Date() }).where("id", "=", invitation.id).execute();
      await recordAudit(trx, {
        action: "invitation_revoked",
        actorUserId: actor.id,
        subjectType: "invitation",
        subjectId: invitation.id,
        ip: actor.ip,
        details: {
          role: invitation.role,
          localAuthorityCode: invitation.local_authority_code,
        },
      });
      return { email: invitation.email };
    });
}

export interface InvitationView {
  id: number;
  email: string;
  role: InvitableRole;
  roleLabel: string;
  status: InvitationStatus;
  invitedBy: string | null;
  /** Awaiting approval and proposed by the person looking: someone else must approve it. */
  proposedByYou: boolean;
  /** Who approved a staff invitation (null for other roles, or while it waits). */
  approvedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Invitations newest first, a page at a time, optionally only those with one status. Staff only.
 * `focusId` names an invitation just acted on, so the page can say which one (it may be on
 * another page of the list).
 */
export async function listInvitations(
  actor: Actor,
  options: { page: number; status?: InvitationStatus | null; focusId?: number | null },
): Promise<{
  invitations: InvitationView[];
  total: number;
  page: number;
  pageCount: number;
  focus: { id: number; email: string } | null;
}> {
  await assertStaff(db(), actor);
  const now = new Date();
  const base = db()
    .selectFrom("invitation")
    .$if(!!options.status, (qb) => qb.where(whereStatus(options.status!, now)));
  const [{ total }, focus, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    options.focusId
      ? db().selectFrom("invitation").select(["id", "email"]).where("id", "=", options.focusId).executeTakeFirst()
      : undefined,
    base
      .leftJoin("app_user as inviter", "inviter.id", "invitation.invited_by")
      .leftJoin("local_authority", "local_authority.code", "invitation.local_authority_code")
      .leftJoin("staff_proposal", "staff_proposal.invitation_id", "invitation.id")
      .leftJoin("app_user as approver", "approver.id", "staff_proposal.approved_by")
      .select([
        "invitation.id",
        "invitation.email",
        "invitation.role",
        "invitation.invited_by",
        "invitation.created_at",
        "invitation.expires_at",
        "invitation.accepted_at",
        "invitation.revoked_at",
        "inviter.name as inviter_name",
        "local_authority.name as local_authority_name",
        "approver.name as approver_name",
        "staff_proposal.bootstrap",
      ])
      .select((eb) => awaitingApproval(eb).as("awaiting_approval"))
      .orderBy("invitation.created_at", "desc")
      .orderBy("invitation.id", "desc")
      .limit(PAGE_SIZE)
      .offset(pageOffset(options.page))
      .execute(),
  ]);
  const count = Number(total);
  return {
    invitations: rows.map((row) => ({
      id: row.id,
      email: row.email,
      role: row.role,
      roleLabel: roleLabel(row.role, row.local_authority_name),
      status: statusOf(row, now),
      invitedBy: row.inviter_name,
      proposedByYou: Boolean(row.awaiting_approval) && row.invited_by === actor.id,
      approvedBy: row.bootstrap ? "No one (the first member of staff, alone)" : (row.approver_name ?? null),
      createdAt: new Date(row.created_at),
      expiresAt: new Date(row.expires_at),
      acceptedAt: row.accepted_at ? new Date(row.accepted_at) : null,
      revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
    })),
    total: count,
    page: options.page,
    pageCount: pageCount(count),
    focus: focus ?? null,
  };
}

/** The choices the invitation form offers. Staff only. */
export async function invitationFormOptions(
  actor: Actor,
): Promise<{ localAuthorities: { code: string; name: string }[] }> {
  await assertStaff(db(), actor);
  const localAuthorities = await db().selectFrom("local_authority").select(["code", "name"]).orderBy("name").execute();
  return { localAuthorities };
}

/** What an invitation link leads to, as the invitee sees it. */
export type InvitationLookup =
  | { status: "expired" | "revoked" }
  | { status: "accepted"; acceptedUserId: number | null; roleLabel: string; role: InvitableRole }
  | {
      status: "pending";
      email: string;
      role: InvitableRole;
      roleLabel: string;
      roleInSentence: string;
      inviterName: string | null;
      expiresAt: Date;
      /** Whether someone already has an account with the invited address. */
      accountExists: boolean;
    };

/**
 * Looks an invitation up by the token in its link. Anyone may ask: the token is the credential.
 * Null for a link that leads nowhere (the page says it is not valid).
 */
export async function findInvitation(token: string): Promise<InvitationLookup | null> {
  if (!isTokenFormat(token)) return null;
  const row = await db()
    .selectFrom("invitation")
    .leftJoin("app_user as inviter", "inviter.id", "invitation.invited_by")
    .leftJoin("local_authority", "local_authority.code", "invitation.local_authority_code")
    .select([
      "invitation.email",
      "invitation.role",
      "invitation.expires_at",
      "invitation.accepted_at",
      "invitation.accepted_user_id",
      "invitation.revoked_at",
      "inviter.name as inviter_name",
      "local_authority.name as local_authority_name",
      (eb) => awaitingApproval(eb).as("awaiting_approval"),
      (eb) =>
        eb
          .exists(
            eb.selectFrom("app_user").select(sql.lit(1).as("one")).whereRef("app_user.email", "=", "invitation.email"),
          )
          .as("account_exists"),
    ])
    .where("invitation.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  const status = statusOf(row);
  // A staff invitation nobody has approved was never sent: its link leads nowhere.
  if (status === "awaiting_approval") return null;
  if (status === "expired" || status === "revoked") return { status };
  const label = roleLabel(row.role, row.local_authority_name);
  if (status === "accepted") return { status, acceptedUserId: row.accepted_user_id, roleLabel: label, role: row.role };
  return {
    status,
    email: row.email,
    role: row.role,
    roleLabel: label,
    roleInSentence: roleInSentence(row.role, row.local_authority_name),
    inviterName: row.inviter_name,
    expiresAt: new Date(row.expires_at),
    accountExists: Boolean(row.account_exists),
  };
}

/**
 * Why an invitation cannot be accepted any more (a conflict; the page, loaded again, explains). An
 * unknown link is not found; the invited address having an account already is a conflict (sign in
 * to accept); signed in as someone else is forbidden; a council officer of another council is a
 * conflict shown in the error summary.
 */
export const INVITATION_GONE = {
  expired: "This invitation has expired",
  revoked: "This invitation has been withdrawn",
  accepted: "This invitation has already been used",
} as const;
export const ACCOUNT_EXISTS = "An account already exists for this email address. Sign in to accept your invitation";
export const WRONG_ACCOUNT = "This invitation is for a different account";
export const OTHER_AUTHORITY =
  "You are already a council officer for a different council. Ask the programme team to change your council";

type LockedInvitation = {
  id: number;
  email: string;
  role: InvitableRole;
  local_authority_code: string | null;
  invited_by: number | null;
  accepted_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date;
};

/** Finds and locks the invitation for this token, so two acceptances cannot both succeed. */
async function lockPending(trx: Transaction<Database>, token: string): Promise<LockedInvitation> {
  if (!isTokenFormat(token)) throw notFound();
  const invitation = await trx
    .selectFrom("invitation")
    .select(["id", "email", "role", "local_authority_code", "invited_by", "accepted_at", "revoked_at", "expires_at"])
    .select((eb) => awaitingApproval(eb).as("awaiting_approval"))
    .where("token_hash", "=", hashToken(token))
    .forUpdate()
    .executeTakeFirst();
  if (!invitation) throw notFound();
  const status = statusOf(invitation);
  // A staff invitation nobody has approved was never sent: its link leads nowhere.
  if (status === "awaiting_approval") throw notFound();
  if (status !== "pending") throw conflict(INVITATION_GONE[status]);
  return invitation;
}

async function completeAcceptance(
  trx: Transaction<Database>,
  invitation: LockedInvitation,
  userId: number,
  ip: string | null | undefined,
): Promise<void> {
  const proposal = await trx
    .selectFrom("staff_proposal")
    .select("id")
    .where("invitation_id", "=", invitation.id)
    .executeTakeFirst();
  const grant = await grantRole(trx, {
    userId,
    role: invitation.role,
    localAuthorityCode: invitation.local_authority_code,
    staffProposalId: proposal?.id ?? null,
    // The staff member who sent the invitation is the one who decided to give the role.
    grantedBy: invitation.invited_by,
    ip,
    details: { invitationId: invitation.id },
  });
  if (grant.outcome === "other_authority") throw conflict(OTHER_AUTHORITY, "form");
  await trx
    .updateTable("invitation")
    .set({ accepted_at: new Date(), accepted_user_id: userId })
    .where("id", "=", invitation.id)
    .execute();
  await recordAudit(trx, {
    action: "invitation_accepted",
    actorUserId: userId,
    subjectType: "invitation",
    subjectId: invitation.id,
    ip,
    details: { role: invitation.role, localAuthorityCode: invitation.local_authority_code },
  });
}

export interface AcceptNewAccountResult {
  userId: number;
  role: InvitableRole;
  session: { token: string; expiresAt: Date };
}

/**
 * Accepts an invitation for an address with no account yet: creates the account (verified: the
 * link was emailed there), gives the role and opens a session. A name or password that breaks a
 * rule is invalid, against its field.
 */
export async function acceptInvitationWithNewAccount(
  token: string,
  input: { name: string; password: string },
  ip?: string | null,
  userAgent?: string | null,
): Promise<AcceptNewAccountResult> {
  // Check the link before the deliberately slow password hash, so a stream of posts with made-up
  // tokens costs the server nothing.
  const before = await findInvitation(token);
  if (!before) throw notFound();
  if (before.status !== "pending") throw conflict(INVITATION_GONE[before.status]);
  if (before.accountExists) throw conflict(ACCOUNT_EXISTS);
  const name = cleanText(input.name).trim();
  if (name.length < 1 || name.length > 200) throw invalid("Enter your full name", "name");
  const problem = passwordError(input.password, { email: before.email, name });
  if (problem) throw invalid(problem, "password");
  const passwordHash = await hashPassword(input.password);
  return db()
    .transaction()
    .execute(async (trx): Promise<AcceptNewAccountResult> => {
      const invitation = await lockPending(trx, token);
      const now = new Date();
      const user = await trx
        .insertInto("app_user")
        .values({
          email: invitation.email,
          name,
          password_hash: passwordHash,
          email_verified_at: now,
          password_changed_at: now,
        })
        .onConflict((oc) => oc.column("email").doNothing())
        .returning("id")
        .executeTakeFirst();
      // Someone registered with this address since the page was shown.
      if (!user) throw conflict(ACCOUNT_EXISTS);
      await recordAudit(trx, {
        action: "account_created",
        actorUserId: user.id,
        subjectType: "user",
        subjectId: user.id,
        ip,
        details: { via: "invitation", invitationId: invitation.id },
      });
      await completeAcceptance(trx, invitation, user.id, ip);
      const session = await createSession(user.id, trx, { ip, userAgent });
      return { userId: user.id, role: invitation.role, session };
    });
}

export interface AcceptExistingResult {
  role: InvitableRole;
  alreadyHeld: boolean;
}

/**
 * Accepts an invitation as the signed-in account, which must be the invited address. Gives the
 * role; nothing else about the account changes (its password stays as it was).
 */
export async function acceptInvitationAsUser(token: string, actor: Actor): Promise<AcceptExistingResult> {
  const ip = actor.ip;
  return db()
    .transaction()
    .execute(async (trx): Promise<AcceptExistingResult> => {
      const invitation = await lockPending(trx, token);
      const account = await trx
        .selectFrom("app_user")
        .select(["id", "email", "email_verified_at"])
        .where("id", "=", actor.id)
        .executeTakeFirst();
      if (!account || account.email !== invitation.email) throw forbidden(WRONG_ACCOUNT);
      const held = await trx
        .selectFrom("role_grant")
        .select("id")
        .where("user_id", "=", account.id)
        .where("role", "=", invitation.role)
        .executeTakeFirst();
      await completeAcceptance(trx, invitation, account.id, ip);
      // The emailed link proves the address, as a verification link would.
      if (!account.email_verified_at) {
        await trx
          .updateTable("app_user")
          .set({ email_verified_at: new Date(), updated_at: new Date() })
          .where("id", "=", account.id)
          .execute();
      }
      return { role: invitation.role, alreadyHeld: !!held };
    });
}
