import type { Selectable, Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database, OrganisationTable } from "../../../db/schema";
import { absoluteUrl } from "../../../emails/components/url";
import { generateSessionToken, hashToken } from "../../auth/session.server";
import type { OrganisationInput } from "../../domain/organisation-schema";
import { formatDateTime } from "../../domain/time";
import { recordAudit } from "../platform/audit.server";
import { isTokenFormat } from "../accounts/invitations.server";
import { queueEmail } from "../email/outbox.server";
import { hit, type RateLimit } from "../accounts/rate-limit.server";
import { assertEntrant, grantRole } from "../accounts/roles.server";
import type { Actor } from "../actor.server";
import { conflict, forbidden, invalid, notFound } from "../app-error.server";

// Organisations that enter the challenge, their members and the colleagues they invite.
//
// A person belongs to at most one organisation: entries belong to organisations, so "your
// entries" must mean one list, and nobody should see two organisations' drafts. Creating and
// joining both check it under a lock on the person's row, and a unique index on
// organisation_member.user_id holds it even so.
//
// Every read and change is scoped by the actor's own membership: there is no way to name another
// organisation, and another organisation's invitation looks exactly like one that doesn't exist.

export type Organisation = Selectable<OrganisationTable>;

/** Colleague invitation links work for this long. */
export const ORGANISATION_INVITATION_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Invitations an organisation may send in a day: enough for any team, too few to spam with. */
export const INVITATIONS_PER_ORGANISATION: RateLimit = { limit: 30, windowSeconds: 24 * 60 * 60 };

/** The organisation the person belongs to, or null when they have not created or joined one. */
export async function organisationForUser(actor: Actor): Promise<Selectable<OrganisationTable> | null> {
  return membershipOf(db(), actor.id);
}

async function membershipOf(executor: Executor, userId: number): Promise<Organisation | null> {
  const row = await executor
    .selectFrom("organisation")
    .innerJoin("organisation_member", "organisation_member.organisation_id", "organisation.id")
    .selectAll("organisation")
    .where("organisation_member.user_id", "=", userId)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Locks the person's account row for the rest of the transaction, so that two requests adding
 * them to organisations (two tabs, two invitations) take turns and the second sees the first.
 */
async function lockPerson(trx: Transaction<Database>, userId: number) {
  return (
    trx
      .selectFrom("app_user")
      .select(["id", "name", "email", "email_verified_at"])
      .where("id", "=", userId)
      // NO KEY: other rows referencing the person (a new session) need not wait for this.
      .forNoKeyUpdate()
      .executeTakeFirst()
  );
}

async function knownLocalAuthority(executor: Executor, code: string): Promise<boolean> {
  const row = await executor.selectFrom("local_authority").select("code").where("code", "=", code).executeTakeFirst();
  return !!row;
}

const AREA_UNKNOWN = "Select the local authority area where your organisation is based";

function columnsOf(input: OrganisationInput) {
  return {
    name: input.name,
    type: input.type,
    registration_number: input.registrationNumber,
    local_authority_code: input.localAuthorityCode,
    postcode: input.postcode,
    website: input.website,
    contact_name: input.contactName,
    contact_email: input.contactEmail,
    contact_phone: input.contactPhone,
  };
}

/** The choices the organisation form offers: local authority areas, by name. */
export async function organisationFormOptions(): Promise<{ localAuthorities: { code: string; name: string }[] }> {
  const localAuthorities = await db().selectFrom("local_authority").select(["code", "name"]).orderBy("name").execute();
  return { localAuthorities };
}

/**
 * Creates an organisation with the actor as its first member, and returns its id. Entrants only;
 * someone who already belongs to an organisation cannot create another (conflict).
 */
export async function createOrganisation(actor: Actor, input: OrganisationInput): Promise<number> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertEntrant(trx, actor);
      const person = await lockPerson(trx, actor.id);
      if (!person) throw forbidden();
      const existing = await membershipOf(trx, actor.id);
      if (existing) throw conflict(`You already belong to ${existing.name}`);
      if (!(await knownLocalAuthority(trx, input.localAuthorityCode))) {
        throw invalid(AREA_UNKNOWN, "localAuthorityCode");
      }
      const organisation = await trx
        .insertInto("organisation")
        .values(columnsOf(input))
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("organisation_member")
        .values({ organisation_id: organisation.id, user_id: actor.id })
        .execute();
      await recordAudit(trx, {
        action: "organisation_created",
        actorUserId: actor.id,
        subjectType: "organisation",
        subjectId: organisation.id,
        ip: actor.ip,
        details: { name: input.name, type: input.type, localAuthorityCode: input.localAuthorityCode },
      });
      return organisation.id;
    });
}

/**
 * Changes the actor's own organisation's details, and returns the columns that changed. Any
 * member may; someone in no organisation finds none to change (not found).
 */
export async function updateOrganisation(actor: Actor, input: OrganisationInput): Promise<{ changed: string[] }> {
  return db()
    .transaction()
    .execute(async (trx) => {
      const current = await membershipOf(trx, actor.id);
      if (!current) throw notFound();
      // Two members saving at once: the second waits and then writes over the first, which the
      // audit trail shows. Details change rarely enough that a version check would be overkill.
      await trx.selectFrom("organisation").select("id").where("id", "=", current.id).forNoKeyUpdate().execute();
      if (!(await knownLocalAuthority(trx, input.localAuthorityCode))) {
        throw invalid(AREA_UNKNOWN, "localAuthorityCode");
      }
      const next = columnsOf(input);
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((key) => next[key] !== current[key]);
      if (changed.length === 0) return { changed };
      await trx
        .updateTable("organisation")
        .set({ ...next, updated_at: new Date() })
        .where("id", "=", current.id)
        .execute();
      await recordAudit(trx, {
        action: "organisation_updated",
        actorUserId: actor.id,
        subjectType: "organisation",
        subjectId: current.id,
        ip: actor.ip,
        details: { changed },
      });
      return { changed };
    });
}

export interface MemberView {
  userId: number;
  name: string;
  email: string;
  joinedAt: Date;
  isYou: boolean;
}

export interface PendingInvitationView {
  id: number;
  email: string;
  invitedBy: string | null;
  sentAt: Date;
  expiresAt: Date;
}

export interface OrganisationOverview {
  organisation: Organisation & { localAuthorityName: string };
  members: MemberView[];
  pendingInvitations: PendingInvitationView[];
  /** The invitation named by `focusInvitationId`, when it is this organisation's. */
  focus: { id: number; email: string } | null;
}

/**
 * The actor's organisation with its members and the invitations still waiting; null if none.
 * `focusInvitationId` names an invitation just sent or withdrawn, so the page can say which.
 */
export async function organisationOverview(
  actor: Actor,
  options: { focusInvitationId?: number | null } = {},
): Promise<OrganisationOverview | null> {
  const organisation = await membershipOf(db(), actor.id);
  if (!organisation) return null;
  const now = new Date();
  const [area, members, invitations, focus] = await Promise.all([
    db()
      .selectFrom("local_authority")
      .select("name")
      .where("code", "=", organisation.local_authority_code)
      .executeTakeFirst(),
    db()
      .selectFrom("organisation_member")
      .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
      .select(["app_user.id", "app_user.name", "app_user.email", "organisation_member.joined_at"])
      .where("organisation_member.organisation_id", "=", organisation.id)
      .orderBy("organisation_member.joined_at")
      .orderBy("app_user.id")
      .execute(),
    db()
      .selectFrom("organisation_invitation")
      .leftJoin("app_user as inviter", "inviter.id", "organisation_invitation.invited_by")
      .select([
        "organisation_invitation.id",
        "organisation_invitation.email",
        "organisation_invitation.created_at",
        "organisation_invitation.expires_at",
        "inviter.name as inviter_name",
      ])
      .where("organisation_invitation.organisation_id", "=", organisation.id)
      .where("organisation_invitation.accepted_at", "is", null)
      .where("organisation_invitation.revoked_at", "is", null)
      .where("organisation_invitation.expires_at", ">", now)
      .orderBy("organisation_invitation.created_at", "desc")
      .orderBy("organisation_invitation.id", "desc")
      .execute(),
    options.focusInvitationId
      ? db()
          .selectFrom("organisation_invitation")
          .select(["id", "email"])
          .where("id", "=", options.focusInvitationId)
          .where("organisation_id", "=", organisation.id)
          .executeTakeFirst()
      : undefined,
  ]);
  return {
    organisation: { ...organisation, localAuthorityName: area?.name ?? organisation.local_authority_code },
    members: members.map((m) => ({
      userId: m.id,
      name: m.name,
      email: m.email,
      joinedAt: new Date(m.joined_at),
      isYou: m.id === actor.id,
    })),
    pendingInvitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      invitedBy: i.inviter_name,
      sentAt: new Date(i.created_at),
      expiresAt: new Date(i.expires_at),
    })),
    focus: focus ?? null,
  };
}

export function organisationInvitationUrl(token: string): string {
  return absoluteUrl(`/organisation/join/${token}`);
}

// Too many invitations from one organisation is answered 429 with Retry-After, which no AppError
// kind means, so it is an outcome the route answers itself.
export type InviteColleagueResult =
  | { outcome: "invited"; invitationId: number; email: string; token: string; expiresAt: Date; resent: boolean }
  | { outcome: "rate_limited"; retryAfterSeconds: number };

/**
 * Invites someone by email to join the actor's organisation. Only a member who has confirmed
 * their own address may: the email goes out from the authority's sender with a name the inviter
 * chose, to any address, so an account nobody has proved they hold must not be able to send it. Inviting an address that already
 * has a pending invitation sends a new link, and the earlier link stops working. The email is
 * queued in the same transaction as the invitation. Refused: not found for someone in no
 * organisation, forbidden before they confirm their address, invalid for a member's address.
 */
export async function inviteColleague(actor: Actor, emailInput: string): Promise<InviteColleagueResult> {
  const email = emailInput.trim().toLowerCase();
  return db()
    .transaction()
    .execute(async (trx): Promise<InviteColleagueResult> => {
      const organisation = await membershipOf(trx, actor.id);
      if (!organisation) throw notFound();
      const inviter = await trx
        .selectFrom("app_user")
        .select(["name", "email_verified_at"])
        .where("id", "=", actor.id)
        .executeTakeFirstOrThrow();
      if (!inviter.email_verified_at) throw forbidden("Confirm your email address before you invite a colleague");
      const member = await trx
        .selectFrom("organisation_member")
        .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
        .select("app_user.id")
        .where("organisation_member.organisation_id", "=", organisation.id)
        .where("app_user.email", "=", email)
        .executeTakeFirst();
      if (member) {
        const who = member.id === actor.id ? "You are" : `${email} is`;
        throw invalid(`${who} already a member of ${organisation.name}`, "email");
      }
      const limit = await hit(`organisation-invite:${organisation.id}`, INVITATIONS_PER_ORGANISATION, {
        executor: trx,
      });
      if (!limit.allowed) return { outcome: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };

      const token = generateSessionToken();
      const tokenHash = hashToken(token);
      const expiresAt = new Date(Date.now() + ORGANISATION_INVITATION_DAYS * DAY_MS);
      // Concurrent invitations of one address to one organisation take turns on the organisation
      // row. NO KEY, so that a colleague joining (whose membership row references it) need not wait.
      await trx.selectFrom("organisation").select("id").where("id", "=", organisation.id).forNoKeyUpdate().execute();
      const pending = await trx
        .selectFrom("organisation_invitation")
        .select("id")
        .where("organisation_id", "=", organisation.id)
        .where("email", "=", email)
        .where("accepted_at", "is", null)
        .where("revoked_at", "is", null)
        .where("expires_at", ">", new Date())
        .executeTakeFirst();
      let invitationId: number;
      if (pending) {
        // A new hash replaces the old one, so only the newest email's link works.
        await trx
          .updateTable("organisation_invitation")
          .set({ token_hash: tokenHash, expires_at: expiresAt, invited_by: actor.id })
          .where("id", "=", pending.id)
          .execute();
        invitationId = pending.id;
      } else {
        const inserted = await trx
          .insertInto("organisation_invitation")
          .values({
            organisation_id: organisation.id,
            email,
            token_hash: tokenHash,
            invited_by: actor.id,
            expires_at: expiresAt,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        invitationId = inserted.id;
      }
      await queueEmail(trx, {
        to: email,
        template: "organisation-invitation",
        props: {
          inviterName: inviter.name,
          organisationName: organisation.name,
          joinUrl: organisationInvitationUrl(token),
          expiresAt: formatDateTime(expiresAt),
        },
        idempotencyKey: `organisation-invitation:${invitationId}:${tokenHash}`,
      });
      await recordAudit(trx, {
        action: "organisation_invitation_sent",
        actorUserId: actor.id,
        subjectType: "organisation",
        subjectId: organisation.id,
        ip: actor.ip,
        details: { invitationId, resent: !!pending },
      });
      return { outcome: "invited", invitationId, email, token, expiresAt, resent: !!pending };
    });
}

const NOT_REVOCABLE = {
  accepted: "That invitation has already been accepted, so it cannot be withdrawn",
  revoked: "That invitation has already been withdrawn",
  expired: "That invitation has already expired, so its link no longer works",
} as const;

/**
 * Withdraws a pending invitation of the actor's own organisation: its link stops working.
 * Another organisation's invitation is not found, like one that doesn't exist; one no longer
 * pending is a conflict saying why.
 */
export async function revokeOrganisationInvitation(actor: Actor, invitationId: number): Promise<{ email: string }> {
  return db()
    .transaction()
    .execute(async (trx) => {
      const organisation = await membershipOf(trx, actor.id);
      if (!organisation) throw notFound();
      const invitation = await trx
        .selectFrom("organisation_invitation")
        .select(["id", "email", "accepted_at", "revoked_at", "expires_at"])
        .where("id", "=", invitationId)
        .where("organisation_id", "=", organisation.id)
        .forUpdate()
        .executeTakeFirst();
      if (!invitation) throw notFound();
      const status = invitationStatus(invitation);
      if (status !== "pending") throw conflict(NOT_REVOCABLE[status]);
      await trx
        .updateTable("organisation_invitation")
        .set({ revoked_at: new Date() })
        .where("id", "=", invitation.id)
        .execute();
      await recordAudit(trx, {
        action: "organisation_invitation_revoked",
        actorUserId: actor.id,
        subjectType: "organisation",
        subjectId: organisation.id,
        ip: actor.ip,
        details: { invitationId: invitation.id },
      });
      return { email: invitation.email };
    });
}

type InvitationStatus = "pending" | "accepted" | "expired" | "revoked";

function invitationStatus(
  row: { accepted_at: Date | null; revoked_at: Date | null; expires_at: Date },
  now = new Date(),
): InvitationStatus {
  if (row.revoked_at) return "revoked";
  if (row.accepted_at) return "accepted";
  return new Date(row.expires_at).getTime() <= now.getTime() ? "expired" : "pending";
}

/** What a colleague's invitation link leads to. */
export type OrganisationInvitationLookup =
  | { status: "not_found" }
  | { status: "expired" | "revoked"; organisationName: string }
  | { status: "accepted"; organisationName: string; acceptedUserId: number | null }
  | {
      status: "pending";
      email: string;
      organisationId: number;
      organisationName: string;
      inviterName: string | null;
      expiresAt: Date;
    };

/** Looks an invitation up by the token in its link. Anyone may ask: the token is the credential. */
export async function findOrganisationInvitation(token: string): Promise<OrganisationInvitationLookup> {
  if (!isTokenFormat(token)) return { status: "not_found" };
  const row = await db()
    .selectFrom("organisation_invitation")
    .innerJoin("organisation", "organisation.id", "organisation_invitation.organisation_id")
    .leftJoin("app_user as inviter", "inviter.id", "organisation_invitation.invited_by")
    .select([
      "organisation_invitation.email",
      "organisation_invitation.expires_at",
      "organisation_invitation.accepted_at",
      "organisation_invitation.accepted_user_id",
      "organisation_invitation.revoked_at",
      "organisation_invitation.organisation_id",
      "organisation.name as organisation_name",
      "inviter.name as inviter_name",
    ])
    .where("organisation_invitation.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: "not_found" };
  const status = invitationStatus(row);
  if (status === "expired" || status === "revoked") return { status, organisationName: row.organisation_name };
  if (status === "accepted") {
    return { status, organisationName: row.organisation_name, acceptedUserId: row.accepted_user_id };
  }
  return {
    status,
    email: row.email,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    inviterName: row.inviter_name,
    expiresAt: new Date(row.expires_at),
  };
}

export type JoinOrganisationResult =
  | { ok: true; organisationId: number; organisationName: string; entrantRoleGranted: boolean }
  | { ok: false; reason: "not_found" | "expired" | "revoked" | "accepted" }
  /** Signed in as someone other than the invited address. */
  | { ok: false; reason: "wrong_account"; invitedEmail: string }
  /** Already a member of an organisation (this one, through another invitation, or another). */
  | { ok: false; reason: "already_member"; organisationName: string; sameOrganisation: boolean };

/**
 * Joins the organisation as the signed-in person, who must be the invited address (the link was
 * emailed there, which also proves they own it). Gives them the entrant role if they lack it.
 */
export async function joinOrganisation(token: string, actor: Actor): Promise<JoinOrganisationResult> {
  const ip = actor.ip;
  if (!isTokenFormat(token)) return { ok: false, reason: "not_found" };
  return db()
    .transaction()
    .execute(async (trx): Promise<JoinOrganisationResult> => {
      // The invitation first, then the person: the same order everywhere, so no deadlock.
      const invitation = await trx
        .selectFrom("organisation_invitation")
        .innerJoin("organisation", "organisation.id", "organisation_invitation.organisation_id")
        .select([
          "organisation_invitation.id",
          "organisation_invitation.organisation_id",
          "organisation_invitation.email",
          "organisation_invitation.invited_by",
          "organisation_invitation.accepted_at",
          "organisation_invitation.revoked_at",
          "organisation_invitation.expires_at",
          "organisation.name as organisation_name",
        ])
        .where("organisation_invitation.token_hash", "=", hashToken(token))
        .forUpdate("organisation_invitation")
        .executeTakeFirst();
      if (!invitation) return { ok: false, reason: "not_found" };
      const status = invitationStatus(invitation);
      if (status !== "pending") return { ok: false, reason: status };
      const person = await lockPerson(trx, actor.id);
      if (!person || person.email !== invitation.email) {
        return { ok: false, reason: "wrong_account", invitedEmail: invitation.email };
      }
      const existing = await membershipOf(trx, person.id);
      if (existing) {
        return {
          ok: false,
          reason: "already_member",
          organisationName: existing.name,
          sameOrganisation: existing.id === invitation.organisation_id,
        };
      }
      await trx
        .insertInto("organisation_member")
        .values({ organisation_id: invitation.organisation_id, user_id: person.id })
        .execute();
      const now = new Date();
      await trx
        .updateTable("organisation_invitation")
        .set({ accepted_at: now, accepted_user_id: person.id })
        .where("id", "=", invitation.id)
        .execute();
      const grant = await grantRole(trx, {
        userId: person.id,
        role: "entrant",
        // The member who invited them decided they should work on the entries.
        grantedBy: invitation.invited_by,
        ip,
        details: { organisationInvitationId: invitation.id },
      });
      // The emailed link proves the address, as a verification link would.
      if (!person.email_verified_at) {
        await trx
          .updateTable("app_user")
          .set({ email_verified_at: now, updated_at: now })
          .where("id", "=", person.id)
          .execute();
      }
      await recordAudit(trx, {
        action: "organisation_member_joined",
        actorUserId: person.id,
        subjectType: "organisation",
        subjectId: invitation.organisation_id,
        ip,
        details: { invitationId: invitation.id },
      });
      return {
        ok: true,
        organisationId: invitation.organisation_id,
        organisationName: invitation.organisation_name,
        entrantRoleGranted: grant.outcome === "granted",
      };
    });
}
