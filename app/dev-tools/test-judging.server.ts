import { db, type DB } from "../../db/client";

// Test-only set-up for the judge's side of judging: an OPEN round of a scenario's challenge
// (see dev-tools/test-scenarios.server.ts) with the given judges on its panel, each assigned the entries
// asked for (default: every submitted entry). Rows are inserted directly, as staff's round and
// assignment pages would leave them, so a judge's journey can start without the staff one.
// Integration tests call it; end-to-end tests reach it through POST /test-hooks/judging.

export interface OpenRoundInput {
  challengeId: number;
  judgeUserIds: number[];
  /** Entries to assign to every judge (default: the challenge's submitted entries). */
  entryIds?: number[];
  number?: 1 | 2;
  hideOrganisation?: boolean;
  scoringClosesAt?: Date | null;
  status?: "open" | "closed";
}

export interface OpenRound {
  roundId: number;
  assignments: { assignmentId: number; judgeUserId: number; entryId: number; reference: string }[];
}

export async function openRoundForJudges(input: OpenRoundInput, executor: DB = db()): Promise<OpenRound> {
  return executor.transaction().execute(async (trx) => {
    const entries = await trx
      .selectFrom("entry")
      .select(["id", "reference"])
      .where("challenge_id", "=", input.challengeId)
      .$if(input.entryIds !== undefined, (q) => q.where("id", "in", input.entryIds!.length ? input.entryIds! : [-1]))
      .$if(input.entryIds === undefined, (q) => q.where("status", "=", "submitted"))
      .orderBy("reference")
      .execute();
    const round = await trx
      .insertInto("judging_round")
      .values({
        challenge_id: input.challengeId,
        number: input.number ?? 1,
        status: input.status ?? "open",
        judges_per_entry: Math.max(1, Math.min(20, input.judgeUserIds.length)),
        advance_count: Math.max(1, Math.min(1000, entries.length)),
        hide_organisation: input.hideOrganisation ?? true,
        scoring_closes_at:
          input.scoringClosesAt === undefined ? new Date(Date.now() + 14 * 86_400_000) : input.scoringClosesAt,
        opened_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const assignments: OpenRound["assignments"] = [];
    for (const judgeUserId of input.judgeUserIds) {
      await trx.insertInto("round_judge").values({ round_id: round.id, judge_user_id: judgeUserId }).execute();
      for (const entry of entries) {
        const row = await trx
          .insertInto("assignment")
          .values({ round_id: round.id, entry_id: entry.id, judge_user_id: judgeUserId, source: "manual" })
          .returning("id")
          .executeTakeFirstOrThrow();
        assignments.push({ assignmentId: row.id, judgeUserId, entryId: entry.id, reference: entry.reference });
      }
    }
    return { roundId: round.id, assignments };
  });
}
