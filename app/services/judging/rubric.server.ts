import type { Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { readLevels, rubricProblems, weightTotal, type CriterionInput } from "../../domain/rubric";
import { recordAudit } from "../platform/audit.server";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, invalid, notFound } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";

// Staff edit a challenge's rubric here. The rubric can change freely until scoring starts: opening
// round 1 locks it (challenge.rubric_locked_at/_by, set by judging/rounds.server.ts). While it is
// locked every write here is refused, because judges may already have scored against it; staff
// can unlock it explicitly, with a reason that goes in the audit trail, and lock it again.
// Every write takes the challenge row FOR UPDATE first, so an edit cannot slip in between the
// check of the lock and a round opening.

// A refusal is a thrown AppError: `conflict` while the lock is in the way, `invalid` for a change
// staff can correct.

type Trx = Transaction<Database>;

export const LOCKED_MESSAGE =
  "The rubric is locked because scoring has started. Unlock the rubric, giving a reason, before you change it.";

export interface RubricCriterionView extends CriterionInput {
  id: number;
  position: number;
}

export interface RubricView {
  challengeId: number;
  challengeTitle: string;
  lockedAt: Date | null;
  lockedBy: string | null;
  criteria: RubricCriterionView[];
  total: number;
  problems: string[];
  /** Unlocks and locks from the audit trail, newest first. */
  history: { action: string; at: Date; by: string | null; reason: string | null }[];
}

/**
 * A challenge's rubric: its criteria in the order staff set, each with its levels from the lowest
 * score to the highest. The one loader for both sides: staff editing it and judges scoring with it.
 */
export async function loadRubric(executor: Executor, challengeId: number): Promise<RubricCriterionView[]> {
  const rows = await executor
    .selectFrom("criterion")
    .select(["id", "name", "guidance", "weight", "scale_min", "scale_max", "levels", "position"])
    .where("challenge_id", "=", challengeId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    guidance: r.guidance,
    weight: r.weight,
    scaleMin: r.scale_min,
    scaleMax: r.scale_max,
    levels: readLevels(r.levels),
    position: r.position,
  }));
}

/** The rubric of a challenge as staff see it, or a 404. Staff only. */
export async function rubricForStaff(actor: Actor, challengeId: number): Promise<RubricView> {
  await assertStaff(db(), actor);
  const challenge = await db()
    .selectFrom("challenge")
    .leftJoin("app_user", "app_user.id", "challenge.rubric_locked_by")
    .select(["challenge.id", "challenge.title", "challenge.rubric_locked_at", "app_user.name as locked_by"])
    .where("challenge.id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) throw notFound();
  const criteria = await loadRubric(db(), challengeId);
  const history = await db()
    .selectFrom("audit_event")
    .leftJoin("app_user", "app_user.id", "audit_event.actor_user_id")
    .select(["audit_event.action", "audit_event.occurred_at", "audit_event.details", "app_user.name"])
    .where("audit_event.subject_type", "=", "challenge")
    .where("audit_event.subject_id", "=", String(challengeId))
    .where("audit_event.action", "in", ["rubric.unlocked", "rubric.locked"])
    .orderBy("audit_event.id", "desc")
    .execute();
  return {
    challengeId: challenge.id,
    challengeTitle: challenge.title,
    lockedAt: challenge.rubric_locked_at ? new Date(challenge.rubric_locked_at) : null,
    lockedBy: challenge.locked_by,
    criteria,
    total: weightTotal(criteria),
    problems: rubricProblems(criteria),
    history: history.map((h) => {
      const details = (h.details ?? {}) as Record<string, unknown>;
      return {
        action: h.action,
        at: new Date(h.occurred_at),
        by: h.name,
        reason: typeof details.reason === "string" ? details.reason : null,
      };
    }),
  };
}

/** The challenge row FOR UPDATE (or a 404): the lock every rubric write and a round opening take. */
export async function lockChallenge(trx: Trx, challengeId: number) {
  const challenge = await trx
    .selectFrom("challenge")
    .select(["id", "rubric_locked_at"])
    .where("id", "=", challengeId)
    .forUpdate()
    .executeTakeFirst();
  if (!challenge) throw notFound();
  return challenge;
}

async function audit(trx: Trx, actor: Actor, challengeId: number, action: string, details: Record<string, unknown>) {
  await recordAudit(trx, {
    action,
    actorUserId: actor.id,
    subjectType: "challenge",
    subjectId: challengeId,
    ip: actor.ip,
    details,
  });
}

/** Runs a change to the criteria under the challenge's row lock; refused while the rubric is locked. */
async function changeUnlockedRubric<T>(
  actor: Actor,
  challengeId: number,
  change: (trx: Trx) => Promise<T>,
): Promise<T> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await lockChallenge(trx, challengeId);
      if (challenge.rubric_locked_at) throw conflict(LOCKED_MESSAGE);
      return change(trx);
    });
}

/** Adds a criterion (criterionId null) or changes one, and returns its id. Refused while the rubric is locked. */
export async function saveCriterion(
  actor: Actor,
  challengeId: number,
  criterionId: number | null,
  input: CriterionInput,
): Promise<number> {
  return changeUnlockedRubric(actor, challengeId, async (trx) => {
    const clash = await trx
      .selectFrom("criterion")
      .select("id")
      .where("challenge_id", "=", challengeId)
      .where((eb) => eb(eb.fn("lower", ["name"]), "=", input.name.toLowerCase()))
      .$if(criterionId !== null, (qb) => qb.where("id", "!=", criterionId!))
      .executeTakeFirst();
    if (clash) throw invalid("Another criterion already has this name", "name");
    const values = {
      name: input.name,
      guidance: input.guidance,
      weight: input.weight,
      scale_min: input.scaleMin,
      scale_max: input.scaleMax,
      levels: JSON.stringify(input.levels),
    };
    let id: number;
    if (criterionId === null) {
      const last = await trx
        .selectFrom("criterion")
        .select((eb) => eb.fn.max("position").as("max"))
        .where("challenge_id", "=", challengeId)
        .executeTakeFirst();
      const inserted = await trx
        .insertInto("criterion")
        .values({ challenge_id: challengeId, ...values, position: Number(last?.max ?? -1) + 1 })
        .returning("id")
        .executeTakeFirstOrThrow();
      id = inserted.id;
    } else {
      const before = await trx
        .selectFrom("criterion")
        .select(["name", "weight", "scale_min", "scale_max"])
        .where("id", "=", criterionId)
        .where("challenge_id", "=", challengeId)
        .executeTakeFirst();
      if (!before) throw notFound();
      await trx.updateTable("criterion").set(values).where("id", "=", criterionId).execute();
      id = criterionId;
    }
    await audit(trx, actor, challengeId, criterionId === null ? "rubric.criterion_added" : "rubric.criterion_changed", {
      criterionId: id,
      name: input.name,
      weight: input.weight,
      scale: `${input.scaleMin}-${input.scaleMax}`,
    });
    return id;
  });
}

/** Removes a criterion nobody has scored. Refused while the rubric is locked. */
export async function removeCriterion(actor: Actor, challengeId: number, criterionId: number): Promise<void> {
  return changeUnlockedRubric(actor, challengeId, async (trx) => {
    const criterion = await trx
      .selectFrom("criterion")
      .select(["id", "name"])
      .where("id", "=", criterionId)
      .where("challenge_id", "=", challengeId)
      .executeTakeFirst();
    if (!criterion) throw notFound();
    const scored = await trx
      .selectFrom("score")
      .select("review_id")
      .where("criterion_id", "=", criterionId)
      .executeTakeFirst();
    if (scored) {
      throw conflict(`Judges have already scored “${criterion.name}”, so it cannot be removed. Change it instead.`);
    }
    await trx.deleteFrom("criterion").where("id", "=", criterionId).execute();
    await audit(trx, actor, challengeId, "rubric.criterion_removed", { criterionId, name: criterion.name });
  });
}

/** Moves a criterion one place up or down the list judges see. Refused while locked. */
export async function moveCriterion(
  actor: Actor,
  challengeId: number,
  criterionId: number,
  direction: "up" | "down",
): Promise<void> {
  return changeUnlockedRubric(actor, challengeId, async (trx) => {
    const criteria = await loadRubric(trx, challengeId);
    const index = criteria.findIndex((c) => c.id === criterionId);
    if (index === -1) throw notFound();
    const other = direction === "up" ? index - 1 : index + 1;
    if (other < 0 || other >= criteria.length) return;
    const order = criteria.map((c) => c.id);
    [order[index], order[other]] = [order[other]!, order[index]!];
    for (const [position, id] of order.entries()) {
      await trx.updateTable("criterion").set({ position }).where("id", "=", id).execute();
    }
    await audit(trx, actor, challengeId, "rubric.criterion_moved", { criterionId, direction });
  });
}

/** Locks the rubric (called when a round opens, or by staff to re-lock after an unlock). */
export async function lockRubricIn(trx: Trx, actor: Actor, challengeId: number, why: string): Promise<void> {
  await trx
    .updateTable("challenge")
    .set({ rubric_locked_at: new Date(), rubric_locked_by: actor.id })
    .where("id", "=", challengeId)
    .where("rubric_locked_at", "is", null)
    .execute();
  await audit(trx, actor, challengeId, "rubric.locked", { reason: why });
}

export async function lockRubric(actor: Actor, challengeId: number): Promise<void> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await lockChallenge(trx, challengeId);
      if (challenge.rubric_locked_at) throw conflict("The rubric is already locked.");
      const problems = rubricProblems(await loadRubric(trx, challengeId));
      if (problems.length) throw invalid(`The rubric cannot be locked yet: ${problems.join("; ")}.`);
      await lockRubricIn(trx, actor, challengeId, "Locked again by staff after changes");
    });
}

/** Unlocks a locked rubric; the reason is recorded in the audit trail. */
export async function unlockRubric(actor: Actor, challengeId: number, reason: string): Promise<void> {
  assertRecentSecondFactor(actor);
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await lockChallenge(trx, challengeId);
      if (!challenge.rubric_locked_at) throw conflict("The rubric is not locked.");
      await trx
        .updateTable("challenge")
        .set({ rubric_locked_at: null, rubric_locked_by: null })
        .where("id", "=", challengeId)
        .execute();
      await audit(trx, actor, challengeId, "rubric.unlocked", { reason });
    });
}
