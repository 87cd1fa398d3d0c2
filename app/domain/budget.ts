import { z } from "zod";
import { MONEY_MAX_PENCE } from "./challenge-setup";
import { parsePounds } from "./money";
import { penceToPounds } from "./three-sixty-giving";

// The programme's budget for a challenge, and what its awards take out of it (decision 063).
// Pure: the services load the figures (integer pence) and these functions add them up, so the
// award list, the board report and the docs use one meaning of each word.
//
// - Committed: every award's cash prize (unless its prize payment was cancelled) plus its support
//   cap, the most the winner can draw on. An award commits its whole cap the day it is made,
//   whether or not the support has been spent yet, because the programme has promised it.
// - Paid: prize payments marked paid.
// - Support spent: what the support ledger records against the awards.
// - Recovered: recoveries received back (recoveries still due are shown apart, and written-off
//   ones are in neither).
// - Remaining: budget - committed + recovered. Money received back can be committed again.

export interface AwardCommitment {
  cashPence: number;
  supportCapPence: number;
  /** The award's prize payment was cancelled, so its cash will not be paid. */
  cashCancelled?: boolean;
}

/** What a set of awards commits against the budget: cash prizes not cancelled plus support caps. */
export function committedPence(awards: readonly AwardCommitment[]): number {
  return awards.reduce((sum, a) => sum + (a.cashCancelled ? 0 : a.cashPence) + a.supportCapPence, 0);
}

export interface BudgetCheck {
  budgetPence: number | null;
  committedPence: number;
  /** budget - committed; null when no budget is set (no limit). Negative when over. */
  remainingPence: number | null;
  /** How far over the budget, or 0. */
  overPence: number;
}

/** Where an award list stands against the challenge's budget. No budget set means no limit. */
export function checkBudget(budgetPence: number | null, awards: readonly AwardCommitment[]): BudgetCheck {
  const committed = committedPence(awards);
  if (budgetPence === null) return { budgetPence, committedPence: committed, remainingPence: null, overPence: 0 };
  const remaining = budgetPence - committed;
  return { budgetPence, committedPence: committed, remainingPence: remaining, overPence: Math.max(0, -remaining) };
}

export interface ProgrammeMoney {
  budgetPence: number | null;
  committedPence: number;
  paidPence: number;
  supportSpentPence: number;
  recoveredPence: number;
  recoveryDuePence: number;
  /** budget - committed + recovered; null when no budget is set. */
  remainingPence: number | null;
}

export function remainingOf(
  money: Omit<ProgrammeMoney, "remainingPence" | "paidPence" | "supportSpentPence" | "recoveryDuePence">,
): number | null {
  return money.budgetPence === null ? null : money.budgetPence - money.committedPence + money.recoveredPence;
}

export const OVER_BUDGET_REASON_MAX = 2000;

/** The budget form: an amount in pounds, or nothing for no budget. Gives pence or null. */
export const budgetSchema = z.object({
  budget: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const text = (s ?? "").trim();
      if (!text) return null;
      const pence = text.length > 20 ? null : parsePounds(text);
      if (pence === null) {
        ctx.addIssue({ code: "custom", message: "The budget must be an amount of money, like 55,000 or 55000.00" });
        return z.NEVER;
      }
      if (pence > MONEY_MAX_PENCE * 20) {
        ctx.addIssue({ code: "custom", message: "The budget must be £20,000,000 or less" });
        return z.NEVER;
      }
      return pence;
    }),
});

/** A proposer's reason for going over the budget: trimmed; empty means none given. */
export const overBudgetReasonSchema = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim())
  .pipe(
    z
      .string()
      .max(
        OVER_BUDGET_REASON_MAX,
        `The reason for going over the budget must be ${OVER_BUDGET_REASON_MAX} characters or fewer`,
      ),
  );

/**
 * Pence as pounds with two decimals for a spreadsheet, minus sign and all: what remains of a
 * budget is below zero when an overspend was agreed.
 */
export function signedPounds(pence: number): string {
  return `${pence < 0 ? "-" : ""}${penceToPounds(Math.abs(pence)).toFixed(2)}`;
}
