import { db } from "../../../db/client";
import type { Role } from "../../../db/schema";
import { PAGE_SIZE, pageCount, pageOffset } from "../../domain/pagination";
import { ROLE_LABELS, roleLabel } from "../../domain/roles";
import { assertStaff } from "../accounts/roles.server";
import type { Actor } from "../actor.server";
import { checkAuditChainSinceLastCheck } from "../platform/audit-chain.server";

// The audit trail as staff read it: newest first, in plain words. The trail itself is written by
// recordAudit (platform/audit.server.ts) in the transaction of each change, as a hash chain that
// shows whether anything in it has been altered since (platform/audit-chain.server.ts).

// Plain words for the actions the service records. An action not listed here (a capability added
// later) is still shown, with its code turned into words.
const ACTION_LABELS: Record<string, string> = {
  registered: "Registered",
  register_existing_email: "Tried to register an address that has an account",
  verification_email_sent: "Confirmation email sent",
  email_verified: "Email address confirmed",
  sign_in: "Signed in",
  sign_in_failed: "Sign-in failed",
  sign_out: "Signed out",
  password_changed: "Password changed",
  password_reset_requested: "Password reset asked for",
  password_reset: "Password reset",
  account_created: "Account created",
  invitation_sent: "Invitation sent",
  invitation_revoked: "Invitation revoked",
  invitation_accepted: "Invitation accepted",
  role_granted: "Role given",
  role_revoked: "Role removed",
  "session.ended": "Session ended",
  "second_factor.reset": "Two-step verification reset",
  "retention.applied": "Retention schedule applied",
  "account.name_changed": "Name changed",
  "account.email_change_requested": "Change of email address asked for",
  "account.email_changed": "Email address changed",
  "entry.consent_changed": "Consent about councils changed",
};

export function actionLabel(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const words = action.replace(/[_.-]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : action;
}

/** Audit action codes are short snake_case words; anything else in ?action= is ignored. */
export const ACTION_FORMAT = /^[a-z][a-z0-9_.-]{0,63}$/;

export interface AuditEventView {
  id: number;
  occurredAt: Date;
  actorName: string | null;
  action: string;
  actionLabel: string;
  subject: string | null;
  details: string[];
}

function isRole(value: unknown): value is Role {
  return typeof value === "string" && value in ROLE_LABELS;
}

// Identifiers already shown as the subject, or only meaningful to developers.
const HIDDEN_DETAILS = new Set(["role", "localAuthorityCode", "invitationId", "userId", "resent"]);

function describeDetails(details: unknown, subjectType: string | null, authorities: Map<string, string>): string[] {
  if (!details || typeof details !== "object" || Array.isArray(details)) return [];
  const lines: string[] = [];
  const record = details as Record<string, unknown>;
  if (isRole(record.role)) {
    const code = typeof record.localAuthorityCode === "string" ? record.localAuthorityCode : null;
    lines.push(`Role: ${roleLabel(record.role, code ? (authorities.get(code) ?? code) : null)}`);
  }
  if (record.resent === true) lines.push("Sent again with a new link");
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN_DETAILS.has(key)) continue;
    // An invitation is already named by its address in the subject column.
    if (key === "email" && subjectType === "invitation") continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
    const words = key
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .replace(/_/g, " ")
      .toLowerCase();
    const shown =
      typeof value === "boolean"
        ? value
          ? "yes"
          : "no"
        : /^[a-z]+(_[a-z]+)+$/.test(String(value))
          ? String(value).replace(/_/g, " ")
          : String(value);
    lines.push(`${words.charAt(0).toUpperCase()}${words.slice(1)}: ${shown}`);
  }
  return lines;
}

/** Whether the audit trail's hash chain holds, as the audit page reports it. */
export type AuditChainView = { intact: true; events: number } | { intact: false; reason: string };

/**
 * A page of the audit trail, newest first, optionally only one action. Staff only. Also lists the
 * actions that occur, for the filter, and whether the chain holds (checked from where the last
 * check ended, so a page view costs only the events recorded since).
 */
export async function auditTrail(
  actor: Actor,
  options: { page: number; action?: string | null },
): Promise<{
  events: AuditEventView[];
  total: number;
  page: number;
  pageCount: number;
  actions: { value: string; label: string }[];
  chain: AuditChainView;
}> {
  await assertStaff(db(), actor);
  const action = options.action && ACTION_FORMAT.test(options.action) ? options.action : null;
  const base = db()
    .selectFrom("audit_event")
    .$if(!!action, (qb) => qb.where("audit_event.action", "=", action!));
  const [{ total }, rows, actions, authorities, chain] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    base
      .leftJoin("app_user as actor", "actor.id", "audit_event.actor_user_id")
      .select([
        "audit_event.id",
        "audit_event.occurred_at",
        "audit_event.action",
        "audit_event.subject_type",
        "audit_event.subject_id",
        "audit_event.details",
        "actor.name as actor_name",
      ])
      .orderBy("audit_event.occurred_at", "desc")
      .orderBy("audit_event.id", "desc")
      .limit(PAGE_SIZE)
      .offset(pageOffset(options.page))
      .execute(),
    db().selectFrom("audit_event").select("action").distinct().orderBy("action").execute(),
    db().selectFrom("local_authority").select(["code", "name"]).execute(),
    checkAuditChainSinceLastCheck(),
  ]);

  // Subjects are named by a second query over just this page's rows, rather than a join on a
  // text id, so the page costs the same however long the trail grows.
  const ids = (type: string) =>
    [...new Set(rows.filter((r) => r.subject_type === type).map((r) => Number(r.subject_id)))].filter(
      Number.isSafeInteger,
    );
  const userIds = ids("user");
  const invitationIds = ids("invitation");
  const [users, invitations] = await Promise.all([
    userIds.length
      ? db().selectFrom("app_user").select(["id", "name", "email"]).where("id", "in", userIds).execute()
      : [],
    invitationIds.length
      ? db().selectFrom("invitation").select(["id", "email"]).where("id", "in", invitationIds).execute()
      : [],
  ]);
  const authorityNames = new Map(authorities.map((a) => [a.code, a.name]));

  const subjectOf = (type: string | null, id: string | null): string | null => {
    if (!type) return null;
    if (type === "user") {
      const user = users.find((u) => String(u.id) === id);
      return user ? `${user.name} (${user.email})` : "A removed account";
    }
    if (type === "invitation") {
      const invitation = invitations.find((i) => String(i.id) === id);
      return invitation ? `Invitation to ${invitation.email}` : "An invitation";
    }
    return `${type.replace(/_/g, " ")} ${id ?? ""}`.trim();
  };

  const count = Number(total);
  return {
    events: rows.map((row) => ({
      id: Number(row.id),
      occurredAt: new Date(row.occurred_at),
      actorName: row.actor_name,
      action: row.action,
      actionLabel: actionLabel(row.action),
      subject: subjectOf(row.subject_type, row.subject_id),
      details: describeDetails(row.details, row.subject_type, authorityNames),
    })),
    total: count,
    page: options.page,
    pageCount: pageCount(count),
    actions: actions.map((a) => ({ value: a.action, label: actionLabel(a.action) })),
    chain: chain.ok ? { intact: true, events: chain.events } : { intact: false, reason: chain.reason },
  };
}
