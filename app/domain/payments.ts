import type { PaymentStatus } from "../../db/schema";

// A prize payment's life: the winner accepts the prize, tells us they have sent the authority's
// supplier form to finance (we keep finance's references, never bank details), staff approve it
// for payment and record it paid. It can be cancelled, with a reason, at any point before it is
// paid. Pure rules; the service locks the row and records each change in prize_payment_event.

export const PAYMENT_STATUSES = [
  "awaiting_acceptance",
  "accepted",
  "details_received",
  "approved",
  "paid",
  "cancelled",
] as const satisfies readonly PaymentStatus[];

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  awaiting_acceptance: "Awaiting acceptance",
  accepted: "Accepted",
  details_received: "Details received",
  approved: "Approved for payment",
  paid: "Paid",
  cancelled: "Cancelled",
};

const NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  awaiting_acceptance: ["accepted", "cancelled"],
  accepted: ["details_received", "cancelled"],
  details_received: ["approved", "cancelled"],
  approved: ["paid", "cancelled"],
  paid: [],
  cancelled: [],
};

/** Who is making the change: the winner may only accept and confirm their details were sent. */
export type PaymentActor = "winner" | "staff";

const WINNER_MAY: readonly PaymentStatus[] = ["accepted", "details_received"];

export function nextStatuses(from: PaymentStatus, actor: PaymentActor = "staff"): PaymentStatus[] {
  return NEXT[from].filter((to) => actor === "staff" || WINNER_MAY.includes(to));
}

/** Still owed: neither paid nor cancelled. */
export function isOutstanding(status: PaymentStatus): boolean {
  return status !== "paid" && status !== "cancelled";
}

export interface TransitionDetails {
  /** Required to cancel. */
  reason?: string | null;
  /** Finance's reference for the payment run; required to record a payment as paid. */
  financeReference?: string | null;
}

export type TransitionCheck =
  { ok: true } | { ok: false; field: "status" | "reason" | "financeReference"; message: string };

export function checkTransition(
  from: PaymentStatus,
  to: PaymentStatus,
  actor: PaymentActor,
  details: TransitionDetails = {},
): TransitionCheck {
  if (!NEXT[from].includes(to)) {
    return {
      ok: false,
      field: "status",
      message: `A payment that is “${PAYMENT_STATUS_LABELS[from].toLowerCase()}” cannot become “${PAYMENT_STATUS_LABELS[to].toLowerCase()}”`,
    };
  }
  if (actor === "winner" && !WINNER_MAY.includes(to)) {
    return { ok: false, field: "status", message: "Only the programme team can make this change" };
  }
  if (to === "cancelled" && !details.reason?.trim()) {
    return { ok: false, field: "reason", message: "Enter the reason the payment is cancelled" };
  }
  if (to === "paid" && !details.financeReference?.trim()) {
    return { ok: false, field: "financeReference", message: "Enter the finance reference of the payment" };
  }
  return { ok: true };
}

/**
 * Whole days a payment has been waiting: since the winner accepted it, or since the results were
 * published while it still waits for acceptance. Never negative.
 */
export function paymentAgeDays(since: Date | null, now: Date): number | null {
  if (!since) return null;
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 86_400_000));
}
