import { db, type DB } from "../../db/client";

// Later stages for the councils' end-to-end tests, on a scenario's own challenge (see
// dev-tools/test-scenarios.server.ts): publish its results, with awards given straight from the test
// rather than through judging. Only reached through /test-hooks/councils (TEST_HOOKS=on).

export interface PublishInput {
  challengeId: number;
  /** Entries holding the winner tier (fewest places), and so the top 20 tier too. */
  winners?: number[];
  /** Entries holding the top 20 tier only. */
  top20?: number[];
  publishedAt?: Date;
}

export async function publishScenario(input: PublishInput, executor: DB = db()): Promise<{ publishedAt: string }> {
  return executor.transaction().execute(async (trx) => {
    const tiers = await trx
      .selectFrom("prize_tier")
      .select(["id", "places", "cash_pence", "support_cap_pence"])
      .where("challenge_id", "=", input.challengeId)
      .orderBy("places")
      .execute();
    if (tiers.length === 0) throw new Error(`Challenge ${input.challengeId} has no prize tiers`);
    const winnerTier = tiers[0]!;
    const topTier = tiers[tiers.length - 1]!;
    const publishedAt = input.publishedAt ?? new Date();
    const grants: { entryId: number; tier: typeof winnerTier }[] = [
      ...(input.winners ?? []).flatMap((entryId) => [
        { entryId, tier: topTier },
        { entryId, tier: winnerTier },
      ]),
      ...(input.top20 ?? []).map((entryId) => ({ entryId, tier: topTier })),
    ];
    for (const grant of grants) {
      await trx
        .insertInto("award")
        .values({
          challenge_id: input.challengeId,
          entry_id: grant.entryId,
          prize_tier_id: grant.tier.id,
          cash_pence: grant.tier.cash_pence,
          support_cap_pence: grant.tier.support_cap_pence,
        })
        .onConflict((oc) => oc.columns(["entry_id", "prize_tier_id"]).doNothing())
        .execute();
    }
    await trx
      .insertInto("award_list")
      .values({
        challenge_id: input.challengeId,
        status: "published",
        approved_at: publishedAt,
        published_at: publishedAt,
      })
      .onConflict((oc) =>
        oc.column("challenge_id").doUpdateSet({
          status: "published",
          approved_at: publishedAt,
          published_at: publishedAt,
        }),
      )
      .execute();
    await trx
      .updateTable("challenge")
      .set({ results_published_at: publishedAt })
      .where("id", "=", input.challengeId)
      .execute();
    return { publishedAt: publishedAt.toISOString() };
  });
}
