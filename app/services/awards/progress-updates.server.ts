import { db, type Executor } from "../../../db/client";
import { countMilestones, type MilestoneCounts } from "../../domain/milestones";
import { capPosition, type CapPosition } from "../../domain/support-cap";
import type { Actor } from "../actor.server";
import { invalid, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import {
  findSupportAward,
  ledgerTotal,
  MAX_NOTE,
  milestonesOf,
  notesOf,
  type MilestoneView,
  type NoteView,
  type SupportAward,
} from "./support-plans.server";

// A winner's side of their support plan: what they have had against the cap and their
// milestones (read only), and the progress updates they post. Only members of the organisation
// behind the awarded entry see it, and only once the challenge's results are published; anyone
// else is told it is not found (a 404), never a sign that the award exists.
//
// A winner holds two awards (the top 20 prize and the top 3 support); either award's id leads to
// the one support plan of that entry, so pages about either award can link here.

/** The entry's award with a support cap, if the user belongs to its organisation and results are out (null otherwise). */
export async function winnersSupportAward(
  executor: Executor,
  userId: number,
  awardId: number,
): Promise<SupportAward | null> {
  const row = await executor
    .selectFrom("award as given")
    .innerJoin("award as supported", (join) =>
      join.onRef("supported.entry_id", "=", "given.entry_id").on("supported.support_cap_pence", ">", 0),
    )
    .innerJoin("entry", "entry.id", "given.entry_id")
    .innerJoin("challenge", "challenge.id", "given.challenge_id")
    .innerJoin("organisation_member", (join) =>
      join
        .onRef("organisation_member.organisation_id", "=", "entry.organisation_id")
        .on("organisation_member.user_id", "=", userId),
    )
    .select("supported.id")
    .where("given.id", "=", awardId)
    .where("challenge.results_published_at", "is not", null)
    .orderBy("supported.id")
    .executeTakeFirst();
  return row ? findSupportAward(executor, row.id) : null;
}

export interface SupportSummaryData {
  /** The support award's id: where its progress page is. */
  awardId: number;
  position: CapPosition;
  milestones: MilestoneCounts;
}

async function summaryOf(executor: Executor, award: SupportAward, today: string) {
  const [spent, milestones] = await Promise.all([
    ledgerTotal(executor, award.awardId),
    milestonesOf(executor, [award.awardId], today),
  ]);
  return {
    summary: {
      awardId: award.awardId,
      position: capPosition(award.capPence, spent),
      milestones: countMilestones(milestones, today),
    } satisfies SupportSummaryData,
    milestones,
  };
}

/**
 * For the winner's award page (/awards/:awardId): the support summary to show with
 * <SupportSummary>, or null when this winner has no support plan (or may not see it).
 */
export async function supportSummaryForWinner(
  actor: Actor,
  awardId: number,
  today: string,
): Promise<SupportSummaryData | null> {
  const award = await winnersSupportAward(db(), actor.id, awardId);
  if (!award) return null;
  return (await summaryOf(db(), award, today)).summary;
}

export interface WinnerProgress {
  award: SupportAward;
  summary: SupportSummaryData;
  milestones: MilestoneView[];
  updates: NoteView[];
}

/** The winner's progress page; not found (a 404) when not theirs to see. */
export async function loadWinnerProgress(actor: Actor, awardId: number, today: string): Promise<WinnerProgress> {
  const award = await winnersSupportAward(db(), actor.id, awardId);
  if (!award) throw notFound();
  const { summary, milestones } = await summaryOf(db(), award, today);
  // The winner's own updates; coaches' notes are the programme team's working record.
  return { award, summary, milestones, updates: await notesOf(db(), award.awardId, ["update"]) };
}

/**
 * A progress update posted by a member of the winning organisation; answers the support award it
 * was posted on (either of the winner's awards leads to it).
 */
export async function postProgressUpdate(actor: Actor, awardId: number, body: string): Promise<{ awardId: number }> {
  const text = body.trim();
  if (!text) throw invalid("Enter your progress update", "update");
  if (text.length > MAX_NOTE) throw invalid(`Your update must be ${MAX_NOTE} characters or fewer`, "update");
  return db()
    .transaction()
    .execute(async (trx) => {
      const award = await winnersSupportAward(trx, actor.id, awardId);
      if (!award) throw notFound();
      const row = await trx
        .insertInto("progress_update")
        .values({ award_id: award.awardId, author_user_id: actor.id, kind: "update", body: text })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: "progress_update_posted",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: award.awardId,
        ip: actor.ip,
        details: { organisation: award.organisationName, progressUpdateId: row.id },
      });
      return { awardId: award.awardId };
    });
}
