import { sql, type Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { automaticConflicts, type EntrantOrganisation, type JudgeAffiliationInput } from "../../domain/conflicts";
import type { FieldErrors } from "../../domain/forms";
import type { Actor } from "../actor.server";
import { assertJudge } from "../accounts/roles.server";
import { invalidFields, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";

// Conflicts of interest: before a judge sees any entry of a challenge they go through the
// declaration (the entrant organisations, names only) and declare their conflicts, with a
// reason. Conflicts found from their affiliations are added automatically (source 'automatic').
//
// A conflict takes effect at once: in the same transaction, every live assignment of that judge
// to that organisation's entries in the challenge is ended. A review already submitted is kept
// (it is history) but its assignment is ended, so it no longer counts. judging/reviews.server.ts
// also refuses any conflicted entry, so a conflict protects even before staff re-assign.

export const CONFLICT_DECLARED = "Conflict declared";
export const CONFLICT_FROM_AFFILIATION = "Conflict found from the judge's affiliations";
export const MAX_REASON = 2000;
export const CONFIRM_MESSAGE = "Confirm that you have declared every conflict of interest you have";

export interface EndedAssignment {
  assignmentId: number;
  reference: string;
  /** The judge had already submitted scores: they are kept but no longer count. */
  reviewSubmitted: boolean;
}

/** Organisations with a submitted entry in the challenge: the ones a judge may be conflicted with. */
export async function entrantOrganisations(executor: Executor, challengeId: number): Promise<EntrantOrganisation[]> {
  const rows = await executor
    .selectFrom("organisation")
    .select(["organisation.id", "organisation.name", "organisation.local_authority_code"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("entry")
          .select(sql`1`.as("one"))
          .whereRef("entry.organisation_id", "=", "organisation.id")
          .where("entry.challenge_id", "=", challengeId)
          .where("entry.status", "=", "submitted"),
      ),
    )
    .orderBy("organisation.name")
    .orderBy("organisation.id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, localAuthorityCode: r.local_authority_code }));
}

/** Every judge's affiliations (or one judge's), as the conflict rule reads them. */
async function affiliationsByJudge(
  executor: Executor,
  judgeUserId?: number,
): Promise<Map<number, JudgeAffiliationInput[]>> {
  let query = executor
    .selectFrom("judge_affiliation")
    .leftJoin("local_authority", "local_authority.code", "judge_affiliation.local_authority_code")
    .select([
      "judge_affiliation.user_id",
      "judge_affiliation.kind",
      "judge_affiliation.organisation_id",
      "judge_affiliation.organisation_name",
      "judge_affiliation.local_authority_code",
      "local_authority.name as local_authority_name",
    ])
    .orderBy("judge_affiliation.id");
  if (judgeUserId !== undefined) query = query.where("judge_affiliation.user_id", "=", judgeUserId);
  const byJudge = new Map<number, JudgeAffiliationInput[]>();
  for (const row of await query.execute()) {
    const list = byJudge.get(row.user_id) ?? [];
    list.push({
      kind: row.kind,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      localAuthorityCode: row.local_authority_code,
      localAuthorityName: row.local_authority_name,
    });
    byJudge.set(row.user_id, list);
  }
  return byJudge;
}

/**
 * Ends the judge's live assignments to these organisations' entries in the challenge (rounds not
 * yet confirmed), with an audit event each. Submitted reviews stay, with their assignment ended.
 */
export async function endConflictedAssignments(
  trx: Transaction<Database>,
  input: {
    challengeId: number;
    judgeUserId: number;
    organisationIds: number[];
    reason: string;
    actorUserId: number | null;
    ip?: string | null;
  },
  now: Date,
): Promise<EndedAssignment[]> {
  if (!input.organisationIds.length) return [];
  const live = await trx
    .selectFrom("assignment")
    .innerJoin("judging_round", "judging_round.id", "assignment.round_id")
    .innerJoin("entry", "entry.id", "assignment.entry_id")
    .leftJoin("review", "review.assignment_id", "assignment.id")
    .select([
      "assignment.id",
      "assignment.round_id",
      "entry.id as entry_id",
      "entry.reference",
      "review.status as review_status",
    ])
    .where("judging_round.challenge_id", "=", input.challengeId)
    .where("judging_round.status", "!=", "confirmed")
    .where("assignment.judge_user_id", "=", input.judgeUserId)
    .where("assignment.removed_at", "is", null)
    .where("entry.organisation_id", "in", input.organisationIds)
    .orderBy("assignment.id")
    .forUpdate("assignment")
    .execute();
  const ended: EndedAssignment[] = [];
  for (const row of live) {
    await trx
      .updateTable("assignment")
      .set({ removed_at: now, removed_reason: input.reason })
      .where("id", "=", row.id)
      .execute();
    const reviewSubmitted = row.review_status === "submitted";
    await recordAudit(trx, {
      action: "judging.assignment_ended",
      actorUserId: input.actorUserId,
      subjectType: "assignment",
      subjectId: row.id,
      ip: input.ip ?? null,
      details: {
        reason: input.reason,
        roundId: row.round_id,
        entryId: row.entry_id,
        reference: row.reference,
        judgeUserId: input.judgeUserId,
        reviewSubmitted,
      },
    });
    ended.push({ assignmentId: row.id, reference: row.reference, reviewSubmitted });
  }
  return ended;
}

export interface RefreshResult {
  added: number;
  removed: number;
  assignmentsEnded: EndedAssignment[];
}

/**
 * Brings the automatic conflicts of one challenge in step with the judges' affiliations (every
 * judge's, or one judge's): adds the ones that now match, ending any live assignment they
 * affect, and drops automatic ones no affiliation supports any more. Declared conflicts are
 * never touched. Staff assignment calls this first, inside its own transaction, so a judge who
 * never opened the declaration is still never given an organisation they work for.
 */
export async function refreshAutomaticConflicts(
  trx: Transaction<Database>,
  challengeId: number,
  judgeUserId?: number,
  options: { actorUserId?: number | null; ip?: string | null; now?: Date } = {},
): Promise<RefreshResult> {
  const now = options.now ?? new Date();
  const organisations = await entrantOrganisations(trx, challengeId);
  const byJudge = await affiliationsByJudge(trx, judgeUserId);
  let existingQuery = trx
    .selectFrom("judge_conflict")
    .select(["judge_user_id", "organisation_id", "source"])
    .where("challenge_id", "=", challengeId);
  if (judgeUserId !== undefined) existingQuery = existingQuery.where("judge_user_id", "=", judgeUserId);
  const existing = await existingQuery.execute();

  const judges = new Set<number>([
    ...byJudge.keys(),
    ...existing.filter((c) => c.source === "automatic").map((c) => c.judge_user_id),
  ]);
  const result: RefreshResult = { added: 0, removed: 0, assignmentsEnded: [] };
  for (const judge of [...judges].sort((a, b) => a - b)) {
    const wanted = automaticConflicts(byJudge.get(judge) ?? [], organisations);
    const mine = existing.filter((c) => c.judge_user_id === judge);
    const known = new Set(mine.map((c) => c.organisation_id));
    const toAdd = wanted.filter((c) => !known.has(c.organisationId));
    const wantedIds = new Set(wanted.map((c) => c.organisationId));
    const toRemove = mine
      .filter((c) => c.source === "automatic" && !wantedIds.has(c.organisation_id))
      .map((c) => c.organisation_id);

    if (toAdd.length) {
      await trx
        .insertInto("judge_conflict")
        .values(
          toAdd.map((c) => ({
            challenge_id: challengeId,
            judge_user_id: judge,
            organisation_id: c.organisationId,
            source: "automatic" as const,
            reason: c.reason,
            declared_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(["challenge_id", "judge_user_id", "organisation_id"]).doNothing())
        .execute();
      const ended = await endConflictedAssignments(
        trx,
        {
          challengeId,
          judgeUserId: judge,
          organisationIds: toAdd.map((c) => c.organisationId),
          reason: CONFLICT_FROM_AFFILIATION,
          actorUserId: options.actorUserId ?? null,
          ip: options.ip,
        },
        now,
      );
      result.assignmentsEnded.push(...ended);
    }
    if (toRemove.length) {
      await trx
        .deleteFrom("judge_conflict")
        .where("challenge_id", "=", challengeId)
        .where("judge_user_id", "=", judge)
        .where("source", "=", "automatic")
        .where("organisation_id", "in", toRemove)
        .execute();
    }
    if (toAdd.length || toRemove.length) {
      await recordAudit(trx, {
        action: "judging.automatic_conflicts_updated",
        actorUserId: options.actorUserId ?? null,
        subjectType: "challenge",
        subjectId: challengeId,
        ip: options.ip ?? null,
        details: { judgeUserId: judge, added: toAdd, removedOrganisationIds: toRemove },
      });
    }
    result.added += toAdd.length;
    result.removed += toRemove.length;
  }
  return result;
}

/** Challenges a judge is judging: on a round's panel, or with a live assignment, in a round not yet confirmed. */
export async function challengesOfJudge(executor: Executor, judgeUserId: number) {
  return executor
    .selectFrom("challenge")
    .select(["challenge.id", "challenge.title"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("judging_round")
          .select(sql`1`.as("one"))
          .whereRef("judging_round.challenge_id", "=", "challenge.id")
          .where("judging_round.status", "in", ["setup", "open", "closed"])
          .where((inner) =>
            inner.or([
              inner.exists(
                inner
                  .selectFrom("round_judge")
                  .select(sql`1`.as("one"))
                  .whereRef("round_judge.round_id", "=", "judging_round.id")
                  .where("round_judge.judge_user_id", "=", judgeUserId)
                  .where("round_judge.withdrawn_at", "is", null),
              ),
              inner.exists(
                inner
                  .selectFrom("assignment")
                  .select(sql`1`.as("one"))
                  .whereRef("assignment.round_id", "=", "judging_round.id")
                  .where("assignment.judge_user_id", "=", judgeUserId)
                  .where("assignment.removed_at", "is", null),
              ),
            ]),
          ),
      ),
    )
    .orderBy("challenge.id")
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The declaration page.

export interface DeclarationOrganisation {
  id: number;
  name: string;
  /** A conflict already recorded (declared by the judge, or found from an affiliation). */
  recorded: { source: "declared" | "automatic"; reason: string } | null;
  /** Found from the judge's affiliations now; recorded when they confirm. */
  automaticReason: string | null;
}

export interface DeclarationPage {
  challenge: { id: number; title: string };
  organisations: DeclarationOrganisation[];
  completedAt: string | null;
  affiliationCount: number;
}

async function judgeChallenge(executor: Executor, judgeUserId: number, challengeId: number) {
  const challenges = await challengesOfJudge(executor, judgeUserId);
  return challenges.find((c) => c.id === challengeId) ?? null;
}

/** The declaration for a challenge the judge is judging; not found for any other challenge. */
export async function declarationPage(actor: Actor, challengeId: number): Promise<DeclarationPage> {
  const judgeUserId = actor.id;
  const executor = db();
  await assertJudge(executor, actor);
  const challenge = await judgeChallenge(executor, judgeUserId, challengeId);
  if (!challenge) throw notFound();
  const [organisations, affiliations, conflicts, declaration] = await Promise.all([
    entrantOrganisations(executor, challengeId),
    affiliationsByJudge(executor, judgeUserId),
    executor
      .selectFrom("judge_conflict")
      .select(["organisation_id", "source", "reason"])
      .where("challenge_id", "=", challengeId)
      .where("judge_user_id", "=", judgeUserId)
      .execute(),
    executor
      .selectFrom("judge_declaration")
      .select("completed_at")
      .where("challenge_id", "=", challengeId)
      .where("judge_user_id", "=", judgeUserId)
      .executeTakeFirst(),
  ]);
  const mine = affiliations.get(judgeUserId) ?? [];
  const automatic = new Map(automaticConflicts(mine, organisations).map((c) => [c.organisationId, c.reason]));
  const recorded = new Map(conflicts.map((c) => [c.organisation_id, { source: c.source, reason: c.reason }]));
  return {
    challenge,
    organisations: organisations.map((o) => ({
      id: o.id,
      name: o.name,
      recorded: recorded.get(o.id) ?? null,
      automaticReason: automatic.get(o.id) ?? null,
    })),
    completedAt: declaration ? new Date(declaration.completed_at).toISOString() : null,
    affiliationCount: mine.length,
  };
}

export interface ConfirmedDeclaration {
  declared: number;
  ended: EndedAssignment[];
}

/**
 * Confirms a judge's declaration for a challenge: the conflicts they ticked (each with a reason),
 * the automatic ones from their affiliations, and that they have no others. Conflicts already
 * recorded stay; only the programme team can take one back.
 */
export async function confirmDeclaration(
  actor: Actor,
  input: { challengeId: number; conflicts: { organisationId: number; reason: string }[]; confirmed: boolean },
  now = new Date(),
): Promise<ConfirmedDeclaration> {
  return db()
    .transaction()
    .execute(async (trx): Promise<ConfirmedDeclaration> => {
      await assertJudge(trx, actor);
      const challenge = await judgeChallenge(trx, actor.id, input.challengeId);
      if (!challenge) throw notFound();
      const organisations = new Map((await entrantOrganisations(trx, input.challengeId)).map((o) => [o.id, o]));
      const recorded = new Set(
        (
          await trx
            .selectFrom("judge_conflict")
            .select("organisation_id")
            .where("challenge_id", "=", input.challengeId)
            .where("judge_user_id", "=", actor.id)
            .execute()
        ).map((c) => c.organisation_id),
      );

      const errors: FieldErrors = {};
      const toDeclare: { organisationId: number; reason: string }[] = [];
      for (const conflict of input.conflicts) {
        const organisation = organisations.get(conflict.organisationId);
        if (!organisation) {
          errors.conflicts = "Select organisations from the list";
          continue;
        }
        if (recorded.has(organisation.id) || toDeclare.some((c) => c.organisationId === organisation.id)) continue;
        const reason = conflict.reason.trim();
        const field = `reason-${organisation.id}`;
        if (!reason) errors[field] = `Enter why you have a conflict with ${organisation.name}`;
        else if (reason.length > MAX_REASON)
          errors[field] = `The reason for ${organisation.name} must be ${MAX_REASON} characters or fewer`;
        else toDeclare.push({ organisationId: organisation.id, reason });
      }
      if (!input.confirmed) errors.confirm = CONFIRM_MESSAGE;
      if (Object.keys(errors).length) throw invalidFields(errors);

      if (toDeclare.length) {
        await trx
          .insertInto("judge_conflict")
          .values(
            toDeclare.map((c) => ({
              challenge_id: input.challengeId,
              judge_user_id: actor.id,
              organisation_id: c.organisationId,
              source: "declared" as const,
              reason: c.reason,
              declared_at: now,
            })),
          )
          .onConflict((oc) => oc.columns(["challenge_id", "judge_user_id", "organisation_id"]).doNothing())
          .execute();
      }
      const ended = await endConflictedAssignments(
        trx,
        {
          challengeId: input.challengeId,
          judgeUserId: actor.id,
          organisationIds: toDeclare.map((c) => c.organisationId),
          reason: CONFLICT_DECLARED,
          actorUserId: actor.id,
          ip: actor.ip,
        },
        now,
      );
      const automatic = await refreshAutomaticConflicts(trx, input.challengeId, actor.id, {
        actorUserId: actor.id,
        ip: actor.ip,
        now,
      });
      await trx
        .insertInto("judge_declaration")
        .values({ challenge_id: input.challengeId, judge_user_id: actor.id, completed_at: now })
        // The first confirmation stands as when the declaration was completed; later additions are audited.
        .onConflict((oc) => oc.columns(["challenge_id", "judge_user_id"]).doNothing())
        .execute();
      await recordAudit(trx, {
        action: "judging.declaration_confirmed",
        actorUserId: actor.id,
        subjectType: "challenge",
        subjectId: input.challengeId,
        ip: actor.ip ?? null,
        details: {
          declared: toDeclare.map((c) => ({
            organisationId: c.organisationId,
            name: organisations.get(c.organisationId)!.name,
            reason: c.reason,
          })),
          automaticAdded: automatic.added,
          assignmentsEnded: [...ended, ...automatic.assignmentsEnded].map((a) => a.assignmentId),
        },
      });
      return { declared: toDeclare.length, ended: [...ended, ...automatic.assignmentsEnded] };
    });
}

/** Refreshes one judge's automatic conflicts in every challenge they are judging (after their affiliations change). */
export async function refreshJudgeConflicts(
  trx: Transaction<Database>,
  actor: Actor,
  now: Date,
): Promise<EndedAssignment[]> {
  const ended: EndedAssignment[] = [];
  for (const challenge of await challengesOfJudge(trx, actor.id)) {
    const result = await refreshAutomaticConflicts(trx, challenge.id, actor.id, {
      actorUserId: actor.id,
      ip: actor.ip,
      now,
    });
    ended.push(...result.assignmentsEnded);
  }
  return ended;
}
