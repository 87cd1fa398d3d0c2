import { db, type DB } from "../../db/client";

// Test set-up for the awards journeys (TEST_HOOKS=on only, through POST /test-hooks/awards, and
// called directly by integration tests): a scenario challenge whose two judging rounds are
// already confirmed with the given results, as the judging screens would have left them, so a
// test can start at proposing the awards.

export interface ConfirmedRoundsInput {
  challengeId: number;
  /** Round 1's shortlist, best first (entry ids). Every other submitted entry is ranked after them, not selected. */
  shortlist: number[];
  /** Round 2's winners, best first (entry ids, from the shortlist). */
  winners: number[];
}

export async function confirmRounds(
  input: ConfirmedRoundsInput,
  executor: DB = db(),
): Promise<{ round1Id: number; round2Id: number }> {
  return executor.transaction().execute(async (trx) => {
    const confirmedAt = new Date();
    const others = await trx
      .selectFrom("entry")
      .select("id")
      .where("challenge_id", "=", input.challengeId)
      .where("status", "=", "submitted")
      .orderBy("id")
      .execute();
    const round = async (number: 1 | 2, advance: number) =>
      trx
        .insertInto("judging_round")
        .values({
          challenge_id: input.challengeId,
          number,
          status: "confirmed",
          advance_count: Math.max(1, advance),
          opened_at: confirmedAt,
          closed_at: confirmedAt,
          confirmed_at: confirmedAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    const round1 = await round(1, input.shortlist.length);
    const round2 = await round(2, input.winners.length);
    const rest = others.map((o) => o.id).filter((id) => !input.shortlist.includes(id));
    const round1Rows = [...input.shortlist, ...rest].map((entryId, i) => ({
      round_id: round1.id,
      entry_id: entryId,
      rank: i + 1,
      raw_score: String(90 - i),
      normalised_score: String(90 - i),
      judge_count: 3,
      selected: i < input.shortlist.length,
      override_reason: null,
    }));
    if (round1Rows.length) await trx.insertInto("round_result").values(round1Rows).execute();
    const round2Order = [...input.winners, ...input.shortlist.filter((id) => !input.winners.includes(id))];
    const round2Rows = round2Order.map((entryId, i) => ({
      round_id: round2.id,
      entry_id: entryId,
      rank: i + 1,
      raw_score: String(95 - i),
      normalised_score: String(95 - i),
      judge_count: 3,
      selected: i < input.winners.length,
      override_reason: null,
    }));
    if (round2Rows.length) await trx.insertInto("round_result").values(round2Rows).execute();
    return { round1Id: round1.id, round2Id: round2.id };
  });
}
