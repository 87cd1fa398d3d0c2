import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import type { AttachmentOwnerKind } from "../../../db/schema";
import type { Actor } from "../actor.server";
import { sharedIdeas } from "../councils/ideas.server";
import { liveAssignments } from "../judging/reviews.server";

// Who may download an attachment: whoever may see the record it belongs to, decided per kind of
// record, here, in one place (decision 058). Anyone else gets "not found". Programme staff see
// every record's files; each kind adds the people its own pages show the record to.

export interface AttachmentRef {
  id: number;
  kind: AttachmentOwnerKind;
  ownerId: number;
}

type Rule = (executor: Executor, actor: Actor, attachment: AttachmentRef) => Promise<boolean>;

async function holdsRole(executor: Executor, actor: Actor, role: "staff" | "judge" | "council_officer") {
  const grant = await executor
    .selectFrom("role_grant")
    .select("id")
    .where("user_id", "=", actor.id)
    .where("role", "=", role)
    .executeTakeFirst();
  return grant !== undefined;
}

/** A member of the organisation whose entry this is. */
async function memberOfEntrysOrganisation(executor: Executor, actor: Actor, entryId: number) {
  const row = await executor
    .selectFrom("entry")
    .innerJoin("organisation_member", "organisation_member.organisation_id", "entry.organisation_id")
    .select("entry.id")
    .where("entry.id", "=", entryId)
    .where("organisation_member.user_id", "=", actor.id)
    .executeTakeFirst();
  return row !== undefined;
}

/** A submitted version of the entry that lists the file (the latest only, when asked). */
function listedInSnapshot(attachmentId: number, { latestOnly }: { latestOnly: boolean }) {
  const listed = sql<boolean>`s.snapshot->'attachments' @> jsonb_build_array(jsonb_build_object('id', ${attachmentId}::int))`;
  return latestOnly
    ? sql<boolean>`(select ${listed} from entry_submission s where s.entry_id = entry.id
        order by s.entry_version desc limit 1)`
    : sql<boolean>`exists (select 1 from entry_submission s where s.entry_id = entry.id and ${listed})`;
}

/**
 * A judge who may read a submitted version of the entry that lists the file: through a live
 * assignment of their own (the judging rule: not removed, round open or closed, declaration
 * confirmed, no conflict with the organisation), as for the scoring page.
 */
async function judgeOfSnapshot(executor: Executor, actor: Actor, a: AttachmentRef) {
  if (!(await holdsRole(executor, actor, "judge"))) return false;
  const row = await liveAssignments(executor, actor.id)
    .select("assignment.id")
    .where("assignment.entry_id", "=", a.ownerId)
    .where(listedInSnapshot(a.id, { latestOnly: false }))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A council officer, for a file of the latest submitted version of an idea councils may see (the
 * one rule of what councils see: published results, submitted, the organisation consenting).
 */
async function councilOfSharedIdea(executor: Executor, actor: Actor, a: AttachmentRef) {
  if (!(await holdsRole(executor, actor, "council_officer"))) return false;
  const row = await sharedIdeas(executor)
    .select("entry.id")
    .where("entry.id", "=", a.ownerId)
    .where(listedInSnapshot(a.id, { latestOnly: true }))
    .executeTakeFirst();
  return row !== undefined;
}

/** A member of the organisation that won this award, once the results are published. */
export async function memberOfWinningOrganisation(executor: Executor, actor: Actor, awardId: number) {
  const row = await executor
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .innerJoin("organisation_member", "organisation_member.organisation_id", "entry.organisation_id")
    .select("award.id")
    .where("award.id", "=", awardId)
    .where("organisation_member.user_id", "=", actor.id)
    .where("challenge.results_published_at", "is not", null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Beyond staff, who sees each kind of record. */
const OTHERS_WHO_MAY_SEE: Record<AttachmentOwnerKind, Rule> = {
  // An entry's files: its organisation's members (all of them, removed ones too); judges and council
  // officers only the files of a submitted version they may read (a file taken off the draft after
  // submitting stays readable through the version that lists it).
  entry: async (executor, actor, a) =>
    (await memberOfEntrysOrganisation(executor, actor, a.ownerId)) ||
    (await judgeOfSnapshot(executor, actor, a)) ||
    (await councilOfSharedIdea(executor, actor, a)),
  // Evidence for an award's checks (owner: the award): its winners, who may have sent it.
  due_diligence: (executor, actor, a) => memberOfWinningOrganisation(executor, actor, a.ownerId),
  // A monitoring report's files (owner: the report): the members of the organisation that won its award.
  monitoring_report: async (executor, actor, a) => {
    const report = await executor
      .selectFrom("monitoring_report")
      .select("award_id")
      .where("id", "=", a.ownerId)
      .executeTakeFirst();
    return report !== undefined && memberOfWinningOrganisation(executor, actor, report.award_id);
  },
  // A request for support's quotes: the winners who asked.
  support_request: async (executor, actor, a) => {
    const request = await executor
      .selectFrom("support_request")
      .select("award_id")
      .where("id", "=", a.ownerId)
      .executeTakeFirst();
    return request !== undefined && memberOfWinningOrganisation(executor, actor, request.award_id);
  },
  recovery: async () => false,
};

export async function maySeeAttachment(executor: Executor, actor: Actor, attachment: AttachmentRef): Promise<boolean> {
  if (await holdsRole(executor, actor, "staff")) return true;
  return OTHERS_WHO_MAY_SEE[attachment.kind](executor, actor, attachment);
}
