import { sql, type Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database, Role } from "../../../db/schema";
import { requireNewSessionTokens } from "../../auth/session.server";
import { PAGE_SIZE, pageCount, pageOffset } from "../../domain/pagination";
import { containsPattern } from "../../domain/search-text";
import { ROLE_LABELS, roleInSentence, roleLabel } from "../../domain/roles";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, forbidden, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";

// Who holds which role, and the staff actions that change it. Routes check the role with
// requireRole before calling; these services check again against the database, inside the
// transaction of the change, because a role can be removed between the two.

/**
 * Throws forbidden (an AppError: the 403 page) unless the actor holds the staff role now. Inside a transaction the grant is
 * locked (FOR SHARE) so that a concurrent removal of the actor's role waits for this change.
 */
export async function assertStaff(executor: Executor, actor: Actor): Promise<void> {
  const grant = await executor
    .selectFrom("role_grant")
    .select("id")
    .where("user_id", "=", actor.id)
    .where("role", "=", "staff")
    .forShare()
    .executeTakeFirst();
  if (!grant) throw forbidden();
}

// The other roles are checked the same way, so that every service refuses a wrong role with the
// same forbidden error and, inside a transaction, holds the grant until its change commits.

/** Throws forbidden unless the actor holds the judge role now (a judge removed from the role keeps no access). */
export async function assertJudge(executor: Executor, actor: Actor): Promise<void> {
  if (!(await heldGrant(executor, actor, "judge"))) throw forbidden();
}

/** Throws forbidden unless the actor holds the entrant role now. */
export async function assertEntrant(executor: Executor, actor: Actor): Promise<void> {
  if (!(await heldGrant(executor, actor, "entrant"))) throw forbidden();
}

/**
 * Throws forbidden unless the actor is a council officer now, and gives the code of the one local
 * authority they work for: what they may see is decided by it, so it is read with the check.
 */
export async function assertCouncilOfficer(executor: Executor, actor: Actor): Promise<string> {
  const grant = await heldGrant(executor, actor, "council_officer");
  if (!grant?.local_authority_code) throw forbidden();
  return grant.local_authority_code;
}

function heldGrant(executor: Executor, actor: Actor, role: Role) {
  return executor
    .selectFrom("role_grant")
    .select(["id", "local_authority_code"])
    .where("user_id", "=", actor.id)
    .where("role", "=", role)
    .forShare()
    .executeTakeFirst();
}

export type GrantOutcome =
  | { outcome: "granted"; grantId: number }
  | { outcome: "already_held"; grantId: number }
  /** A council officer already tied to another local authority (one authority per officer). */
  | { outcome: "other_authority"; localAuthorityCode: string };

/**
 * Gives a role inside the caller's transaction and records it. Granting a role someone already
 * holds changes nothing. The person's sessions get new tokens at their next request, so a token
 * copied before the grant never carries the new role.
 */
export async function grantRole(
  trx: Transaction<Database>,
  input: {
    userId: number;
    role: Role;
    localAuthorityCode?: string | null;
    grantedBy: number | null;
    /** The approved proposal a staff grant comes from (the database refuses a staff grant without one). */
    staffProposalId?: number | null;
    ip?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<GrantOutcome> {
  const localAuthorityCode = input.role === "council_officer" ? (input.localAuthorityCode ?? null) : null;
  const inserted = await trx
    .insertInto("role_grant")
    .values({
      user_id: input.userId,
      role: input.role,
      local_authority_code: localAuthorityCode,
      granted_by: input.grantedBy,
      staff_proposal_id: input.role === "staff" ? (input.staffProposalId ?? null) : null,
    })
    .onConflict((oc) => oc.columns(["user_id", "role"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) {
    const existing = await trx
      .selectFrom("role_grant")
      .select(["id", "local_authority_code"])
      .where("user_id", "=", input.userId)
      .where("role", "=", input.role)
      .executeTakeFirstOrThrow();
    if (existing.local_authority_code !== localAuthorityCode && existing.local_authority_code) {
      return { outcome: "other_authority", localAuthorityCode: existing.local_authority_code };
    }
    return { outcome: "already_held", grantId: existing.id };
  }
  await requireNewSessionTokens(trx, input.userId);
  await recordAudit(trx, {
    action: "role_granted",
    actorUserId: input.grantedBy,
    subjectType: "user",
    subjectId: input.userId,
    ip: input.ip,
    details: {
      role: input.role,
      localAuthorityCode,
      ...(input.staffProposalId ? { staffProposalId: input.staffProposalId } : {}),
      ...input.details,
    },
  });
  return { outcome: "granted", grantId: inserted.id };
}

export interface RoleGrantView {
  grantId: number;
  role: Role;
  label: string;
  localAuthorityCode: string | null;
  localAuthorityName: string | null;
  grantedAt: Date;
}

export interface PersonView {
  id: number;
  name: string;
  email: string;
  roles: RoleGrantView[];
}

/**
 * People holding at least one role (or the one role asked for), by name, a page at a time;
 * with `search`, only those whose name or email address contains it. Staff only.
 */
export async function listPeople(
  actor: Actor,
  options: { page: number; role?: Role | null; search?: string },
): Promise<{ people: PersonView[]; total: number; page: number; pageCount: number }> {
  await assertStaff(db(), actor);
  let matching = db()
    .selectFrom("app_user")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("role_grant")
          .select(sql.lit(1).as("one"))
          .whereRef("role_grant.user_id", "=", "app_user.id")
          .$if(!!options.role, (qb) => qb.where("role_grant.role", "=", options.role!)),
      ),
    )
    .$if(!!options.search, (qb) =>
      qb.where((eb) => {
        const pattern = containsPattern(options.search!);
        return eb.or([eb("app_user.name", "ilike", pattern), eb("app_user.email", "ilike", pattern)]);
      }),
    );
  const { total } = await matching.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  matching = matching.orderBy("app_user.name").orderBy("app_user.id");
  const users = await matching
    .select(["app_user.id", "app_user.name", "app_user.email"])
    .limit(PAGE_SIZE)
    .offset(pageOffset(options.page))
    .execute();
  const grants = users.length
    ? await db()
        .selectFrom("role_grant")
        .leftJoin("local_authority", "local_authority.code", "role_grant.local_authority_code")
        .select([
          "role_grant.id",
          "role_grant.user_id",
          "role_grant.role",
          "role_grant.local_authority_code",
          "role_grant.granted_at",
          "local_authority.name as local_authority_name",
        ])
        .where(
          "role_grant.user_id",
          "in",
          users.map((u) => u.id),
        )
        .orderBy("role_grant.id")
        .execute()
    : [];
  const people = users.map((user) => ({
    ...user,
    roles: grants
      .filter((g) => g.user_id === user.id)
      .map((g) => ({
        grantId: g.id,
        role: g.role,
        label: roleLabel(g.role, g.local_authority_name),
        localAuthorityCode: g.local_authority_code,
        localAuthorityName: g.local_authority_name,
        grantedAt: new Date(g.granted_at),
      })),
  }));
  const count = Number(total);
  return { people, total: count, page: options.page, pageCount: pageCount(count) };
}

export interface RoleGrantDetail {
  grantId: number;
  userId: number;
  userName: string;
  userEmail: string;
  role: Role;
  label: string;
  /** "a judge", "a council officer for Coventry". */
  inSentence: string;
  /** Removing this grant would take away the actor's own staff role, which is not allowed. */
  isOwnStaffRole: boolean;
}

/** One role grant, for the page that asks "are you sure?". Staff only; not found when it has gone. */
export async function getRoleGrant(actor: Actor, grantId: number): Promise<RoleGrantDetail> {
  await assertStaff(db(), actor);
  const row = await db()
    .selectFrom("role_grant")
    .innerJoin("app_user", "app_user.id", "role_grant.user_id")
    .leftJoin("local_authority", "local_authority.code", "role_grant.local_authority_code")
    .select([
      "role_grant.id",
      "role_grant.user_id",
      "role_grant.role",
      "app_user.name",
      "app_user.email",
      "local_authority.name as local_authority_name",
    ])
    .where("role_grant.id", "=", grantId)
    .executeTakeFirst();
  if (!row) throw notFound();
  return {
    grantId: row.id,
    userId: row.user_id,
    userName: row.name,
    userEmail: row.email,
    role: row.role,
    label: roleLabel(row.role, row.local_authority_name),
    inSentence: roleInSentence(row.role, row.local_authority_name),
    isOwnStaffRole: row.role === "staff" && row.user_id === actor.id,
  };
}

export const ROLE_ALREADY_REMOVED = "That role has already been removed";
const OWN_STAFF_ROLE =
  "You cannot remove your own programme staff role. Ask another member of the programme staff to do it";

/**
 * Takes one role away from someone. Nothing else about them changes: their account, other roles,
 * organisations and anything they wrote stay. Their next request is judged on the roles they
 * hold then, so the change takes effect at once without signing them out; their sessions get new
 * tokens at that request, as after any change of role. A grant that has gone
 * is a conflict (someone removed it first); staff may not remove their own staff role (forbidden).
 */
export async function revokeRole(actor: Actor, grantId: number): Promise<{ userName: string; label: string }> {
  assertRecentSecondFactor(actor);
  return db()
    .transaction()
    .execute(async (trx) => {
      const target = await trx
        .selectFrom("role_grant")
        .innerJoin("app_user", "app_user.id", "role_grant.user_id")
        .leftJoin("local_authority", "local_authority.code", "role_grant.local_authority_code")
        .select([
          "role_grant.id",
          "role_grant.user_id",
          "role_grant.role",
          "role_grant.local_authority_code",
          "app_user.name",
          "local_authority.name as local_authority_name",
        ])
        .where("role_grant.id", "=", grantId)
        .executeTakeFirst();
      if (target?.role === "staff") {
        // Two staff removing each other at the same moment could otherwise leave nobody able to
        // run the programme. Locking every staff grant, always in the same order, makes such
        // removals take turns: the second finds its actor is no longer staff.
        await trx.selectFrom("role_grant").select("id").where("role", "=", "staff").orderBy("id").forUpdate().execute();
      }
      await assertStaff(trx, actor);
      if (!target) throw conflict(ROLE_ALREADY_REMOVED, "form");
      if (target.role === "staff" && target.user_id === actor.id) throw forbidden(OWN_STAFF_ROLE, "form");
      const deleted = await trx.deleteFrom("role_grant").where("id", "=", grantId).returning("id").executeTakeFirst();
      if (!deleted) throw conflict(ROLE_ALREADY_REMOVED, "form");
      await requireNewSessionTokens(trx, target.user_id);
      await recordAudit(trx, {
        action: "role_revoked",
        actorUserId: actor.id,
        subjectType: "user",
        subjectId: target.user_id,
        ip: actor.ip,
        details: { role: target.role, localAuthorityCode: target.local_authority_code },
      });
      return { userName: target.name, label: roleLabel(target.role, target.local_authority_name) };
    });
}

/** Figures for the staff dashboard. Staff only. */
export async function staffOverview(actor: Actor): Promise<{
  pendingInvitations: number;
  /** Staff invitations waiting for a second member of staff to approve them (decision 049). */
  awaitingApproval: number;
  roleCounts: { role: Role; label: string; count: number }[];
}> {
  await assertStaff(db(), actor);
  const [pending, awaiting, counts] = await Promise.all([
    db()
      .selectFrom("invitation")
      .leftJoin("staff_proposal", "staff_proposal.invitation_id", "invitation.id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("invitation.accepted_at", "is", null)
      .where("invitation.revoked_at", "is", null)
      .where("invitation.expires_at", ">", new Date())
      .where((eb) => eb.or([eb("staff_proposal.id", "is", null), eb("staff_proposal.approved_at", "is not", null)]))
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("staff_proposal")
      .innerJoin("invitation", "invitation.id", "staff_proposal.invitation_id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("staff_proposal.approved_at", "is", null)
      .where("staff_proposal.declined_at", "is", null)
      .where("invitation.revoked_at", "is", null)
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("role_grant")
      .select(["role", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("role")
      .execute(),
  ]);
  const order: Role[] = ["staff", "judge", "council_officer", "entrant"];
  return {
    pendingInvitations: Number(pending.n),
    awaitingApproval: Number(awaiting.n),
    roleCounts: order.map((role) => ({
      role,
      label: ROLE_LABELS[role],
      count: Number(counts.find((c) => c.role === role)?.n ?? 0),
    })),
  };
}
