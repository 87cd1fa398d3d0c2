import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";
import { londonWallTime } from "../../domain/deadline";
import { canChangeDeadline } from "../../domain/stages";
import { recordAudit } from "../platform/audit.server";
import { assertStaff } from "../accounts/roles.server";
import type { Actor } from "../actor.server";
import { conflict, invalid, notFound } from "../app-error.server";
import { loadStageFacts } from "../challenges/stages.server";

// Deadline extensions: staff give one organisation a later closing time for one challenge (one
// row per challenge and organisation, so granting again changes it). The entries service reads
// it through extensionFor to enforce that organisation's own deadline; reminders use it too.
// Every grant, change and revocation goes in the audit trail with the organisation as subject.

export interface Extension {
  challengeId: number;
  organisationId: number;
  /** The organisation's own closing time. */
  closesAt: Date;
  reason: string;
  grantedBy: number | null;
  grantedByName: string | null;
  grantedAt: Date;
}

/**
 * The extension one organisation has for one challenge, or null. Pass a transaction to read it
 * inside the change that depends on it (a submission checking its deadline).
 */
export async function extensionFor(
  challengeId: number,
  organisationId: number,
  executor: Executor = db(),
): Promise<Extension | null> {
  const row = await executor
    .selectFrom("deadline_extension")
    .leftJoin("app_user", "app_user.id", "deadline_extension.granted_by")
    .select([
      "deadline_extension.challenge_id",
      "deadline_extension.organisation_id",
      "deadline_extension.closes_at",
      "deadline_extension.reason",
      "deadline_extension.granted_by",
      "deadline_extension.granted_at",
      "app_user.name as granted_by_name",
    ])
    .where("deadline_extension.challenge_id", "=", challengeId)
    .where("deadline_extension.organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    challengeId: row.challenge_id,
    organisationId: row.organisation_id,
    closesAt: new Date(row.closes_at),
    reason: row.reason,
    grantedBy: row.granted_by,
    grantedByName: row.granted_by_name,
    grantedAt: new Date(row.granted_at),
  };
}

export const MAX_EXTENSION_REASON = 2000;

export interface ExtensionInput {
  challengeId: number;
  organisationId: number;
  closesAt: Date;
  reason: string;
  /** The entry staff were looking at, recorded with the grant so the trail reads naturally. */
  entryReference?: string;
}

export type ExtensionResult = { outcome: "granted" | "changed" | "unchanged"; closesAt: Date };

/**
 * Grants an organisation a later closing time, or changes the one it has. Staff only. The time
 * must be after the challenge's own closing time (an earlier one is no extension) and still to
 * come (one already past would extend nothing): invalid otherwise, against the field. Refused
 * (conflict) once the challenge is archived or judging has begun.
 */
export async function setExtension(actor: Actor, input: ExtensionInput, now = new Date()): Promise<ExtensionResult> {
  const reason = input.reason.trim();
  if (!reason) throw invalid("Enter the reason for the extension", "reason");
  if (reason.length > MAX_EXTENSION_REASON) {
    throw invalid(`The reason must be ${MAX_EXTENSION_REASON} characters or fewer`, "reason");
  }
  if (Number.isNaN(input.closesAt.getTime())) throw invalid("Enter a real date", "closesOn");
  return db()
    .transaction()
    .execute(async (trx): Promise<ExtensionResult> => {
      await assertStaff(trx, actor);
      const challenge = await trx
        .selectFrom("challenge")
        .select(["id", "title", "closes_at", "status"])
        .where("id", "=", input.challengeId)
        // Locked as creating a judging round locks it, so an extension and a new round cannot
        // both slip past each other's check.
        .forUpdate()
        .executeTakeFirst();
      const organisation = await trx
        .selectFrom("organisation")
        .select(["id", "name"])
        .where("id", "=", input.organisationId)
        .executeTakeFirst();
      if (!challenge || !organisation) throw notFound();
      if (challenge.status === "archived") {
        throw conflict("This challenge has been archived, so its deadline cannot be extended");
      }
      // Once judging has begun an entry submitted late would never be judged: refuse rather than
      // leave it out silently (app/domain/stages.ts).
      const stage = canChangeDeadline((await loadStageFacts(trx, challenge.id))!);
      if (!stage.ok) {
        throw conflict(
          "Judging has started, so no extension can be granted or changed: an entry submitted now would not be judged",
        );
      }
      const challengeCloses = new Date(challenge.closes_at);
      if (input.closesAt.getTime() <= challengeCloses.getTime()) {
        throw invalid(
          `The new closing time must be after the challenge closes (${londonWallTime(challengeCloses)})`,
          "closesOn",
        );
      }
      if (input.closesAt.getTime() <= now.getTime()) {
        throw invalid("The new closing time must be in the future", "closesOn");
      }
      // Lock the current grant, if any, so that two staff changing it take turns and each
      // audit record names the value it replaced.
      const previous = await trx
        .selectFrom("deadline_extension")
        .select(["closes_at", "reason"])
        .where("challenge_id", "=", challenge.id)
        .where("organisation_id", "=", organisation.id)
        .forUpdate()
        .executeTakeFirst();
      if (
        previous &&
        new Date(previous.closes_at).getTime() === input.closesAt.getTime() &&
        previous.reason === reason
      ) {
        return { outcome: "unchanged", closesAt: input.closesAt };
      }
      // granted_at says when the current terms were set, so a change moves it too (the typed
      // schema keeps it insert-only, hence the plain SQL). xmax is 0 on a freshly inserted row:
      // it tells a first grant from a change even when a concurrent grant slipped in between.
      const { rows } = await sql<{ inserted: boolean }>`
        insert into deadline_extension (challenge_id, organisation_id, closes_at, reason, granted_by)
        values (${challenge.id}, ${organisation.id}, ${input.closesAt.toISOString()}, ${reason}, ${actor.id})
        on conflict (challenge_id, organisation_id) do update
          set closes_at = excluded.closes_at, reason = excluded.reason,
              granted_by = excluded.granted_by, granted_at = now()
        returning (xmax = 0) as inserted`.execute(trx);
      const saved = rows[0]!;
      const outcome = saved.inserted ? "granted" : "changed";
      await recordAudit(trx, {
        action: outcome === "granted" ? "deadline_extension_granted" : "deadline_extension_changed",
        actorUserId: actor.id,
        subjectType: "organisation",
        subjectId: organisation.id,
        ip: actor.ip,
        details: {
          organisation: organisation.name,
          challenge: challenge.title,
          challengeId: challenge.id,
          ...(input.entryReference ? { entry: input.entryReference } : {}),
          closesAt: londonWallTime(input.closesAt),
          ...(previous && !saved.inserted ? { previousClosesAt: londonWallTime(new Date(previous.closes_at)) } : {}),
          reason,
        },
      });
      return { outcome, closesAt: input.closesAt };
    });
}

/** Whether there was an extension to take away. */
export type RevokeExtensionResult = { revoked: boolean };

/** Takes an extension away: the organisation's deadline is the challenge's again. Staff only. */
export async function revokeExtension(
  actor: Actor,
  input: { challengeId: number; organisationId: number; entryReference?: string },
): Promise<RevokeExtensionResult> {
  return db()
    .transaction()
    .execute(async (trx): Promise<RevokeExtensionResult> => {
      await assertStaff(trx, actor);
      const organisation = await trx
        .selectFrom("organisation")
        .select(["id", "name"])
        .where("id", "=", input.organisationId)
        .executeTakeFirst();
      const challenge = await trx
        .selectFrom("challenge")
        .select(["id", "title"])
        .where("id", "=", input.challengeId)
        .executeTakeFirst();
      if (!organisation || !challenge) throw notFound();
      const deleted = await trx
        .deleteFrom("deadline_extension")
        .where("challenge_id", "=", challenge.id)
        .where("organisation_id", "=", organisation.id)
        .returning(["closes_at", "reason"])
        .executeTakeFirst();
      if (!deleted) return { revoked: false };
      await recordAudit(trx, {
        action: "deadline_extension_revoked",
        actorUserId: actor.id,
        subjectType: "organisation",
        subjectId: organisation.id,
        ip: actor.ip,
        details: {
          organisation: organisation.name,
          challenge: challenge.title,
          challengeId: challenge.id,
          ...(input.entryReference ? { entry: input.entryReference } : {}),
          previousClosesAt: londonWallTime(new Date(deleted.closes_at)),
        },
      });
      return { revoked: true };
    });
}

// ---------------------------------------------------------------------------------------------
// The same, addressed by one of the organisation's entries (how staff reach it: from the entry).

export interface ExtensionContext {
  reference: string;
  title: string;
  organisation: { id: number; name: string };
  challenge: { id: number; title: string; status: string; closesAt: Date };
  extension: Extension | null;
}

async function entryIds(executor: Executor, reference: string) {
  return executor
    .selectFrom("entry")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("challenge", "challenge.id", "entry.challenge_id")
    .select([
      "entry.reference",
      "entry.title",
      "organisation.id as organisation_id",
      "organisation.name as organisation_name",
      "challenge.id as challenge_id",
      "challenge.title as challenge_title",
      "challenge.status as challenge_status",
      "challenge.closes_at",
    ])
    .where("entry.reference", "=", reference)
    .executeTakeFirst();
}

/** What the extension page shows for the organisation behind an entry. Staff only. */
export async function extensionContext(actor: Actor, reference: string): Promise<ExtensionContext> {
  await assertStaff(db(), actor);
  const entry = await entryIds(db(), reference);
  if (!entry) throw notFound();
  return {
    reference: entry.reference,
    title: entry.title,
    organisation: { id: entry.organisation_id, name: entry.organisation_name },
    challenge: {
      id: entry.challenge_id,
      title: entry.challenge_title,
      status: entry.challenge_status,
      closesAt: new Date(entry.closes_at),
    },
    extension: await extensionFor(entry.challenge_id, entry.organisation_id),
  };
}

/** setExtension for the organisation and challenge of an entry. */
export async function setExtensionForEntry(
  actor: Actor,
  reference: string,
  input: { closesAt: Date; reason: string },
  now = new Date(),
): Promise<ExtensionResult> {
  await assertStaff(db(), actor);
  const entry = await entryIds(db(), reference);
  if (!entry) throw notFound();
  return setExtension(
    actor,
    {
      ...input,
      challengeId: entry.challenge_id,
      organisationId: entry.organisation_id,
      entryReference: entry.reference,
    },
    now,
  );
}

/** revokeExtension for the organisation and challenge of an entry. */
export async function revokeExtensionForEntry(actor: Actor, reference: string): Promise<RevokeExtensionResult> {
  await assertStaff(db(), actor);
  const entry = await entryIds(db(), reference);
  if (!entry) throw notFound();
  return revokeExtension(actor, {
    challengeId: entry.challenge_id,
    organisationId: entry.organisation_id,
    entryReference: entry.reference,
  });
}
