import { db } from "../../../db/client";
import { statusLabel } from "../challenges/setup.server";
import { assertStaff } from "../accounts/roles.server";
import type { Actor } from "../actor.server";
import { notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { formatPence } from "../../domain/money";

// The programme's budget for a challenge (decision 063): staff set it on the challenge's set-up
// pages; proposing the award list checks what the list commits against it
// (awards/awards.server.ts) and the board report shows where the money has gone
// (reports/board-report.server.ts). Staff only, checked here as well as in the routes. Every
// change is audited, draft or not, because the budget is public money.

export interface ChallengeBudgetView {
  id: number;
  title: string;
  statusLabel: string;
  budgetPence: number | null;
}

/** The challenge's budget, for its set-up page. Not found when there is no such challenge. */
export async function challengeBudget(actor: Actor, challengeId: number): Promise<ChallengeBudgetView> {
  await assertStaff(db(), actor);
  const challenge = await db()
    .selectFrom("challenge")
    .select(["id", "title", "status", "budget_pence"])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) throw notFound();
  return {
    id: challenge.id,
    title: challenge.title,
    statusLabel: statusLabel(challenge.status),
    budgetPence: challenge.budget_pence,
  };
}

/** Sets (or, with null, clears) the challenge's budget in pence. Audited with the amounts before and after. */
export async function setChallengeBudget(actor: Actor, challengeId: number, budgetPence: number | null): Promise<void> {
  if (budgetPence !== null && (!Number.isSafeInteger(budgetPence) || budgetPence < 0)) {
    throw new RangeError(`Not a whole, non-negative number of pence: ${budgetPence}`);
  }
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await trx
        .selectFrom("challenge")
        .select(["id", "budget_pence"])
        .where("id", "=", challengeId)
        .forUpdate()
        .executeTakeFirst();
      if (!challenge) throw notFound();
      if (challenge.budget_pence === budgetPence) return;
      await trx
        .updateTable("challenge")
        .set({ budget_pence: budgetPence, updated_at: new Date() })
        .where("id", "=", challengeId)
        .execute();
      const text = (pence: number | null) => (pence === null ? "none" : formatPence(pence));
      await recordAudit(trx, {
        action: "challenge_budget_changed",
        actorUserId: actor.id,
        subjectType: "challenge",
        subjectId: challengeId,
        ip: actor.ip,
        details: {
          summary: `Budget changed from ${text(challenge.budget_pence)} to ${text(budgetPence)}`,
          fromPence: challenge.budget_pence,
          toPence: budgetPence,
        },
      });
    });
}
