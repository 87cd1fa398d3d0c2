// The support cap of a winner (the top 3 get support, investment and coaching up to a cap, £15,000
// in the brief): the rule every addition to the ledger passes. Pure; the support plans service
// applies it inside the transaction that holds the award's row locked, so two people adding at
// once are judged one after the other against the true running total.

const GBP_PENCE = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", minimumFractionDigits: 2 });

/** £15,000.00: amounts in a message about the cap always show their pence, so they can be compared. */
export function formatPenceExact(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`Not a whole number of pence: ${pence}`);
  return GBP_PENCE.format(pence / 100);
}

export interface CapCheck {
  capPence: number;
  /** The ledger's total so far, every item included (overrides too). */
  spentPence: number;
  /** The new item's amount: more than zero. */
  amountPence: number;
  /** The reason given for an authorised override; blank or null when there is none. */
  overrideReason?: string | null;
}

export type CapDecision =
  | { ok: true; totalPence: number; overCapPence: number; overridden: boolean }
  | { ok: false; totalPence: number; overCapPence: number; message: string };

/** "This would take the total to £15,250.00, £250.00 over the £15,000.00 cap" */
export function overCapMessage(totalPence: number, capPence: number): string {
  return `This would take the total to ${formatPenceExact(totalPence)}, ${formatPenceExact(totalPence - capPence)} over the ${formatPenceExact(capPence)} cap`;
}

/**
 * Whether an item may go on the ledger. Within the cap it always may; over the cap only with an
 * authorised override, which needs a reason. An override is used only when it is needed: an
 * item within the cap is recorded as an ordinary one even if a reason was typed.
 */
export function checkSupportCap(input: CapCheck): CapDecision {
  const { capPence, spentPence, amountPence } = input;
  for (const [name, value] of Object.entries({ capPence, spentPence, amountPence })) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${name} must be a whole number of pence: ${value}`);
  }
  if (amountPence === 0) throw new RangeError("amountPence must be more than zero");
  const totalPence = spentPence + amountPence;
  const overCapPence = Math.max(0, totalPence - capPence);
  if (overCapPence === 0) return { ok: true, totalPence, overCapPence, overridden: false };
  const reason = (input.overrideReason ?? "").trim();
  if (reason) return { ok: true, totalPence, overCapPence, overridden: true };
  return { ok: false, totalPence, overCapPence, message: overCapMessage(totalPence, capPence) };
}

export interface CapPosition {
  capPence: number;
  spentPence: number;
  /** What is left under the cap; zero once it is reached or passed. */
  remainingPence: number;
  /** How far an authorised override has taken the total past the cap; zero otherwise. */
  overPence: number;
  /** Spent as a whole percentage of the cap, 0 to 100 (100 when over), for the bar. */
  percentUsed: number;
}

export function capPosition(capPence: number, spentPence: number): CapPosition {
  const remainingPence = Math.max(0, capPence - spentPence);
  const overPence = Math.max(0, spentPence - capPence);
  const percentUsed =
    capPence === 0 ? (spentPence > 0 ? 100 : 0) : Math.min(100, Math.floor((spentPence * 100) / capPence));
  return { capPence, spentPence, remainingPence, overPence, percentUsed };
}

// The kinds of support on the ledger (the check constraint on support_item.kind), and what people read.
export type SupportKind = "coaching" | "investment" | "grant" | "in_kind";

export const SUPPORT_KINDS = ["coaching", "investment", "grant", "in_kind"] as const satisfies readonly SupportKind[];

export const SUPPORT_KIND_LABELS: Record<SupportKind, string> = {
  coaching: "Coaching session",
  investment: "Investment",
  grant: "Grant payment",
  in_kind: "In-kind support",
};

/** The most one ledger item may be: well above any cap, well inside the database's integer. */
export const MAX_ITEM_PENCE = 100_000_000;
