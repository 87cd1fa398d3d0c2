import type { Transaction } from "kysely";
import type { Database } from "../../schema";

// The 2021 challenge's budget, as the board papers set it out: twenty £500 prizes (£10,000) and
// support, investment and coaching up to £15,000 for each of the top three (£45,000), £55,000 in
// all. The award list committed exactly that, so it needed no reason for going over.
export const PREVIOUS_BUDGET_PENCE = 5_500_000;

export async function seedPreviousBudget(trx: Transaction<Database>, challengeId: number): Promise<void> {
  await trx
    .updateTable("challenge")
    .set({ budget_pence: PREVIOUS_BUDGET_PENCE })
    .where("id", "=", challengeId)
    .execute();
}
