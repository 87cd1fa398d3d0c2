import { db } from "../../../db/client";
import type { AssignmentSource } from "../../../db/schema";
import { assignJudges, type AssignmentPair } from "../../domain/assignment";
import { recordAudit } from "../platform/audit.server";
import { refreshAutomaticConflicts } from "./conflicts.server";
import {
  auditRound,
  challengeTitle,
  findRound,
  lockRound,
  notifyJudges,
  roundEntries,
  STATUS_LABELS,
  type Trx,
} from "./rounds.server";
import type { Actor } from "../actor.server";
import { conflict, invalid } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";

// Staff give judges their entries here: the automatic assignment (app/domain/assignment.ts does
// the arithmetic), swaps by hand, and a judge dropping out. All three run under the round's row
// lock (FOR UPDATE), so two staff pressing the button at once cannot both assign.
//
// Running the assignment again: assignments that have a review (a judge has started or submitted
// scoring) or that staff made by hand are kept and count towards each entry's judges; a judge
// added in moderation stays as an extra; the rest are recomputed. Because the
// assignment is deterministic, running it again with nothing changed changes nothing (no
// duplicates, no emails); after a change (a judge added, a new conflict) only the assignments
// without a review move. A pair that has become conflicted is always ended, review or not.
//
// A judge dropping out: their assignments without a submitted review are ended (a started review
// is kept on the ended assignment, never deleted), submitted reviews and their scores stay and
// still count, and the freed places are filled from the remaining judges (source 'reassignment').
// If the remaining judges cannot fill them (conflicts, caps) nothing changes and staff see why.
//
// A refusal is a thrown AppError, so the transaction rolls back and nothing of the change stays:
// `conflict` once the round has closed, `invalid` for a choice staff can correct.

const WITHDRAWN_EARLY = "Withdrawn before the round opened";

function pairKey(p: AssignmentPair): string {
  return `${p.judgeId}:${p.entryId}`;
}

/** Every (judge, entry) pair a conflict forbids: conflicts are with organisations, so with all their entries. */
export async function conflictPairs(
  trx: Trx,
  challengeId: number,
  entries: { id: number; organisation_id: number }[],
): Promise<AssignmentPair[]> {
  const conflicts = await trx
    .selectFrom("judge_conflict")
    .select(["judge_user_id", "organisation_id"])
    .where("challenge_id", "=", challengeId)
    .execute();
  const byOrganisation = new Map<number, number[]>();
  for (const e of entries)
    byOrganisation.set(e.organisation_id, [...(byOrganisation.get(e.organisation_id) ?? []), e.id]);
  const pairs: AssignmentPair[] = [];
  for (const c of conflicts)
    for (const entryId of byOrganisation.get(c.organisation_id) ?? [])
      pairs.push({ judgeId: c.judge_user_id, entryId });
  return pairs;
}

/** Whether the judge has a conflict of interest with the organisation (so with all its entries). */
export async function hasConflict(
  trx: Trx,
  challengeId: number,
  judgeId: number,
  organisationId: number,
): Promise<boolean> {
  const conflict = await trx
    .selectFrom("judge_conflict")
    .select("id")
    .where("challenge_id", "=", challengeId)
    .where("judge_user_id", "=", judgeId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  return conflict !== undefined;
}

/** Whether the judge already has a live assignment to the entry in the round. */
export async function isAssigned(trx: Trx, roundId: number, entryId: number, judgeId: number): Promise<boolean> {
  const assignment = await trx
    .selectFrom("assignment")
    .select("id")
    .where("round_id", "=", roundId)
    .where("entry_id", "=", entryId)
    .where("judge_user_id", "=", judgeId)
    .where("removed_at", "is", null)
    .executeTakeFirst();
  return assignment !== undefined;
}

async function liveAssignments(trx: Trx, roundId: number) {
  return trx
    .selectFrom("assignment")
    .leftJoin("review", "review.assignment_id", "assignment.id")
    .select([
      "assignment.id",
      "assignment.entry_id",
      "assignment.judge_user_id",
      "assignment.source",
      "review.id as review_id",
      "review.status as review_status",
    ])
    .where("assignment.round_id", "=", roundId)
    .where("assignment.removed_at", "is", null)
    .orderBy("assignment.id")
    .execute();
}

async function activeJudges(trx: Trx, roundId: number) {
  return trx
    .selectFrom("round_judge")
    .select(["judge_user_id", "max_entries"])
    .where("round_id", "=", roundId)
    .where("withdrawn_at", "is", null)
    .orderBy("judge_user_id")
    .execute();
}

async function endAssignments(trx: Trx, ids: number[], reason: string): Promise<void> {
  if (!ids.length) return;
  await trx
    .updateTable("assignment")
    .set({ removed_at: new Date(), removed_reason: reason })
    .where("id", "in", ids)
    .execute();
}

/** Gives judges entries in the round. The caller emails them afterwards (notifyJudges). */
export async function addAssignments(
  trx: Trx,
  roundId: number,
  pairs: readonly AssignmentPair[],
  source: AssignmentSource,
  createdBy: number,
): Promise<void> {
  if (!pairs.length) return;
  await trx
    .insertInto("assignment")
    .values(
      pairs.map((p) => ({
        round_id: roundId,
        entry_id: p.entryId,
        judge_user_id: p.judgeId,
        source,
        created_by: createdBy,
      })),
    )
    .execute();
}

export interface RunResult {
  added: number;
  ended: number;
}

/** Runs (or re-runs) the automatic assignment for a round: how many assignments it added and ended. */
export async function runAssignment(actor: Actor, challengeId: number, number: 1 | 2): Promise<RunResult> {
  return db()
    .transaction()
    .execute(async (trx): Promise<RunResult> => {
      await assertStaff(trx, actor);
      const round = await lockRound(trx, challengeId, number);
      if (round.status === "closed" || round.status === "confirmed") {
        throw conflict(`The assignment cannot change: the round is ${STATUS_LABELS[round.status].toLowerCase()}.`);
      }
      await refreshAutomaticConflicts(trx, challengeId, undefined, { actorUserId: actor.id, ip: actor.ip ?? null });
      const entries = await roundEntries(trx, round);
      if (!entries.length) throw invalid("There are no entries for this round to judge.");
      const judges = await activeJudges(trx, round.id);
      if (!judges.length) throw invalid("Choose the judges for this round first.");
      const conflicts = await conflictPairs(trx, challengeId, entries);
      const conflicted = new Set(conflicts.map(pairKey));
      const inRound = new Set(entries.map((e) => e.id));
      const live = await liveAssignments(trx, round.id);
      const usable = (a: (typeof live)[number]) =>
        inRound.has(a.entry_id) && !conflicted.has(pairKey({ judgeId: a.judge_user_id, entryId: a.entry_id }));
      // A judge added in moderation is extra to the k judges: their pair is left alone, outside the
      // arithmetic. Pairs staff made by hand, and pairs with a review, are kept and count towards k.
      const extra = (a: (typeof live)[number]) => a.source === "moderation" && usable(a);
      const keep = (a: (typeof live)[number]) =>
        !extra(a) && usable(a) && (a.review_id !== null || a.source === "manual");
      const existing = live.filter(keep).map((a) => ({ judgeId: a.judge_user_id, entryId: a.entry_id }));
      const result = assignJudges({
        entries: entries.map((e) => ({ id: e.id, priorityAreaId: e.priority_area_id })),
        judges: judges.map((j) => ({ id: j.judge_user_id, cap: j.max_entries })),
        judgesPerEntry: round.judges_per_entry,
        conflicts,
        existing,
      });
      if (!result.ok) throw invalid(result.reason);
      const wanted = new Set(result.pairs.map(pairKey));
      const liveKeys = new Set(live.map((a) => pairKey({ judgeId: a.judge_user_id, entryId: a.entry_id })));
      const ending = live.filter(
        (a) => !keep(a) && !extra(a) && !wanted.has(pairKey({ judgeId: a.judge_user_id, entryId: a.entry_id })),
      );
      const endingConflicted = ending.filter((a) =>
        conflicted.has(pairKey({ judgeId: a.judge_user_id, entryId: a.entry_id })),
      );
      await endAssignments(
        trx,
        endingConflicted.map((a) => a.id),
        "The judge has a conflict of interest with this entry",
      );
      await endAssignments(
        trx,
        ending.filter((a) => !endingConflicted.includes(a)).map((a) => a.id),
        "Replaced when the assignment was run again",
      );
      const adding = result.pairs.filter((p) => !liveKeys.has(pairKey(p)));
      await addAssignments(trx, round.id, adding, "automatic", actor.id);
      await notifyJudges(trx, round.id);
      await auditRound(trx, actor, round.id, "judging.assignment_run", {
        added: adding.length,
        ended: ending.length,
        kept: existing.length,
        entries: entries.length,
        judges: judges.length,
        judgesPerEntry: round.judges_per_entry,
        balanced: result.balanced,
      });
      return { added: adding.length, ended: ending.length };
    });
}

/** Replaces one judge with another on one entry. A submitted review is never moved. */
export async function swapJudge(
  actor: Actor,
  challengeId: number,
  number: 1 | 2,
  input: { entryId: number; fromJudgeId: number; toJudgeId: number },
): Promise<void> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const round = await lockRound(trx, challengeId, number);
      if (round.status === "closed" || round.status === "confirmed") {
        throw conflict("Judges cannot be swapped once scoring has closed.");
      }
      const from = await trx
        .selectFrom("assignment")
        .innerJoin("app_user", "app_user.id", "assignment.judge_user_id")
        .leftJoin("review", "review.assignment_id", "assignment.id")
        .select(["assignment.id", "app_user.name", "review.status as review_status"])
        .where("assignment.round_id", "=", round.id)
        .where("assignment.entry_id", "=", input.entryId)
        .where("assignment.judge_user_id", "=", input.fromJudgeId)
        .where("assignment.removed_at", "is", null)
        .executeTakeFirst();
      if (!from) throw invalid("That judge is not assigned this entry", "fromJudge");
      if (from.review_status === "submitted") {
        throw invalid(
          `${from.name} has already submitted their scores for this entry, so they stay. To get another view, add a judge through moderation.`,
          "fromJudge",
        );
      }
      const to = await trx
        .selectFrom("round_judge")
        .innerJoin("app_user", "app_user.id", "round_judge.judge_user_id")
        .select(["app_user.id", "app_user.name"])
        .where("round_judge.round_id", "=", round.id)
        .where("round_judge.judge_user_id", "=", input.toJudgeId)
        .where("round_judge.withdrawn_at", "is", null)
        .executeTakeFirst();
      if (!to) throw invalid("Choose a judge who is on this round", "toJudge");
      if (to.id === input.fromJudgeId) throw invalid("Choose a different judge", "toJudge");
      await refreshAutomaticConflicts(trx, challengeId, undefined, { actorUserId: actor.id, ip: actor.ip ?? null });
      const entry = (await roundEntries(trx, round)).find((e) => e.id === input.entryId);
      if (!entry) throw invalid("That entry is not in this round", "entry");
      if (await hasConflict(trx, challengeId, to.id, entry.organisation_id))
        throw invalid(`${to.name} has a conflict of interest with this entry`, "toJudge");
      if (await isAssigned(trx, round.id, input.entryId, to.id))
        throw invalid(`${to.name} is already judging this entry`, "toJudge");
      await endAssignments(trx, [from.id], `Swapped for ${to.name} by staff`);
      await addAssignments(trx, round.id, [{ judgeId: to.id, entryId: input.entryId }], "manual", actor.id);
      await notifyJudges(trx, round.id);
      await auditRound(trx, actor, round.id, "judging.assignment_swapped", {
        entryId: input.entryId,
        from: input.fromJudgeId,
        to: to.id,
      });
    });
}

/**
 * A judge drops out of a round: see the rules at the top. Returns how many entries were given to
 * other judges.
 */
export async function withdrawJudge(
  actor: Actor,
  challengeId: number,
  number: 1 | 2,
  judgeId: number,
  reason: string,
): Promise<{ reassigned: number }> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const round = await lockRound(trx, challengeId, number);
      if (round.status === "closed" || round.status === "confirmed") {
        throw conflict("Judges cannot be withdrawn once scoring has closed.");
      }
      const onRound = await trx
        .selectFrom("round_judge")
        .select(["judge_user_id", "withdrawn_at"])
        .where("round_id", "=", round.id)
        .where("judge_user_id", "=", judgeId)
        .executeTakeFirst();
      if (!onRound) throw invalid("That judge is not on this round", "judge");
      if (onRound.withdrawn_at) throw conflict("That judge has already been withdrawn", "judge");
      await trx
        .updateTable("round_judge")
        .set({ withdrawn_at: new Date() })
        .where("round_id", "=", round.id)
        .where("judge_user_id", "=", judgeId)
        .execute();
      const live = await liveAssignments(trx, round.id);
      const freed = live.filter((a) => a.judge_user_id === judgeId && a.review_status !== "submitted");
      await endAssignments(
        trx,
        freed.map((a) => a.id),
        `The judge withdrew: ${reason}`.slice(0, 2000),
      );
      let reassigned = 0;
      if (freed.length) {
        await refreshAutomaticConflicts(trx, challengeId, undefined, { actorUserId: actor.id, ip: actor.ip ?? null });
        const entries = await roundEntries(trx, round);
        const inRound = new Set(entries.map((e) => e.id));
        const judges = await activeJudges(trx, round.id);
        const freedIds = new Set(freed.map((f) => f.id));
        const existing = live
          .filter((a) => !freedIds.has(a.id) && inRound.has(a.entry_id) && a.source !== "moderation")
          .map((a) => ({ judgeId: a.judge_user_id, entryId: a.entry_id }));
        const result = assignJudges({
          entries: entries.map((e) => ({ id: e.id, priorityAreaId: e.priority_area_id })),
          judges: judges.map((j) => ({ id: j.judge_user_id, cap: j.max_entries })),
          judgesPerEntry: round.judges_per_entry,
          conflicts: await conflictPairs(trx, challengeId, entries),
          existing,
        });
        if (!result.ok)
          throw invalid(`The judge's entries cannot be re-assigned, so nothing has changed. ${result.reason}`);
        await addAssignments(trx, round.id, result.added, "reassignment", actor.id);
        reassigned = result.added.length;
        await notifyJudges(trx, round.id);
      }
      await auditRound(trx, actor, round.id, "judging.judge_withdrawn", {
        judgeId,
        reason: reason || WITHDRAWN_EARLY,
        ended: freed.length,
        reassigned,
      });
      await recordAudit(trx, {
        action: "judging.judge_withdrawn",
        actorUserId: actor.id,
        subjectType: "user",
        subjectId: judgeId,
        ip: actor.ip,
        details: { roundId: round.id, reason },
      });
      return { reassigned };
    });
}

// ---- Reading -----------------------------------------------------------------------------------

export interface AssignmentJudgeRow {
  id: number;
  name: string;
  email: string;
  cap: number | null;
  withdrawnAt: Date | null;
  load: number;
  submitted: number;
  /** Live assignments per priority area id ("none" for entries without an area). */
  areas: Record<string, number>;
}

export interface AssignmentEntryRow {
  id: number;
  reference: string;
  title: string;
  area: string;
  judges: { id: number; name: string; source: string; review: "not started" | "in progress" | "submitted" }[];
}

/** Who judges what in a round: per judge their load and spread, per entry its judges. Staff only. */
export async function assignmentView(actor: Actor, challengeId: number, number: 1 | 2) {
  await assertStaff(db(), actor);
  const challenge = await challengeTitle(db(), challengeId);
  const round = await findRound(db(), challengeId, number);
  const areas = await db()
    .selectFrom("priority_area")
    .select(["id", "name"])
    .where("challenge_id", "=", challengeId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const areaName = new Map(areas.map((a) => [a.id, a.name]));
  const entries = await roundEntries(db(), round);
  const judges = await db()
    .selectFrom("round_judge")
    .innerJoin("app_user", "app_user.id", "round_judge.judge_user_id")
    .select(["app_user.id", "app_user.name", "app_user.email", "round_judge.max_entries", "round_judge.withdrawn_at"])
    .where("round_judge.round_id", "=", round.id)
    .orderBy("app_user.name")
    .orderBy("app_user.id")
    .execute();
  const live = await db()
    .selectFrom("assignment")
    .innerJoin("app_user", "app_user.id", "assignment.judge_user_id")
    .innerJoin("entry", "entry.id", "assignment.entry_id")
    .leftJoin("review", "review.assignment_id", "assignment.id")
    .select([
      "assignment.entry_id",
      "assignment.judge_user_id",
      "assignment.source",
      "app_user.name",
      "entry.priority_area_id",
      "review.status as review_status",
    ])
    .where("assignment.round_id", "=", round.id)
    .where("assignment.removed_at", "is", null)
    .orderBy("app_user.name")
    .execute();
  const judgeRows: AssignmentJudgeRow[] = judges.map((j) => {
    const mine = live.filter((a) => a.judge_user_id === j.id);
    const spread: Record<string, number> = {};
    for (const a of mine) {
      const key = a.priority_area_id === null ? "none" : String(a.priority_area_id);
      spread[key] = (spread[key] ?? 0) + 1;
    }
    return {
      id: j.id,
      name: j.name,
      email: j.email,
      cap: j.max_entries,
      withdrawnAt: j.withdrawn_at ? new Date(j.withdrawn_at) : null,
      load: mine.length,
      submitted: mine.filter((a) => a.review_status === "submitted").length,
      areas: spread,
    };
  });
  const entryRows: AssignmentEntryRow[] = entries.map((e) => ({
    id: e.id,
    reference: e.reference,
    title: e.title,
    area: e.priority_area_id === null ? "None" : (areaName.get(e.priority_area_id) ?? "None"),
    judges: live
      .filter((a) => a.entry_id === e.id)
      .map((a) => ({
        id: a.judge_user_id,
        name: a.name,
        source: a.source,
        review:
          a.review_status === "submitted"
            ? "submitted"
            : a.review_status === "in_progress"
              ? "in progress"
              : "not started",
      })),
  }));
  return {
    challengeId,
    challengeTitle: challenge.title,
    round: {
      id: round.id,
      number: round.number,
      status: round.status,
      statusLabel: STATUS_LABELS[round.status],
      judgesPerEntry: round.judges_per_entry,
    },
    areas: areas.map((a) => ({ id: String(a.id), name: a.name })),
    judges: judgeRows,
    entries: entryRows,
    assigned: live.length > 0,
  };
}
