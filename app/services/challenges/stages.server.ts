import { db, type Executor } from "../../../db/client";
import type { StageFacts } from "../../domain/stages";

// Reads what app/domain/stages.ts decides from: the challenge's status and closing time, the
// latest extension, its rounds and its award list. Pass the transaction of the change that
// depends on them, after locking the challenge row, so the facts cannot move underneath it.

/** The facts for one challenge, or null when there is no such challenge. */
export async function loadStageFacts(executor: Executor = db(), challengeId: number): Promise<StageFacts | null> {
  const challenge = await executor
    .selectFrom("challenge")
    .select(["status", "closes_at"])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) return null;
  const [extension, rounds, list] = await Promise.all([
    executor
      .selectFrom("deadline_extension")
      .select((eb) => eb.fn.max("closes_at").as("latest"))
      .where("challenge_id", "=", challengeId)
      .executeTakeFirst(),
    executor
      .selectFrom("judging_round")
      .select(["number", "status"])
      .where("challenge_id", "=", challengeId)
      .orderBy("number")
      .execute(),
    executor.selectFrom("award_list").select("status").where("challenge_id", "=", challengeId).executeTakeFirst(),
  ]);
  return {
    status: challenge.status,
    closesAt: new Date(challenge.closes_at),
    latestExtension: extension?.latest ? new Date(extension.latest as string | Date) : null,
    rounds: rounds.map((r) => ({ number: r.number, status: r.status })),
    awardList: list?.status ?? null,
  };
}
