import { sql, type Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database, PaymentStatus } from "../../../db/schema";
import {
  checkTransition,
  isOutstanding,
  nextStatuses,
  PAYMENT_STATUS_LABELS,
  PAYMENT_STATUSES,
  paymentAgeDays,
  type PaymentActor,
} from "../../domain/payments";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, forbidden, invalid, notFound } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";
import { recordAudit } from "../platform/audit.server";
import { gateRefusal, paymentGateFor } from "./due-diligence.server";
import { assertNoStaffConflict, paymentEntryIds } from "./staff-conflicts.server";

// Prize payments: the winner accepts the prize and confirms they sent the authority's supplier
// form to finance (we record finance's supplier reference, never bank details); staff approve
// the payment and record it paid with finance's reference, or cancel it with a reason. Every
// change is checked against the state machine in app/domain/payments.ts, made on the locked row
// with its version (so two people acting on an old page cannot both win), written to the
// payment's history and to the audit log, in one transaction.
//
// Who may do it is checked here as well as by the routes: the staff functions check the staff role
// (assertStaff, inside the change's transaction), the winner's functions that the person belongs
// to the winning organisation (findWinnerAward), each before reading anything else.
//
// Two people for every pound (decision 049): the payment records who recorded the winner's
// supplier details, who approved it and who recorded it paid. The approver must not be the one who
// recorded the details, and whoever records it paid must not be the approver; the database's
// checks on prize_payment refuse the same.
//
// The payment gate (issue 15, decision 059): a payment is not approved until the award's
// due-diligence checks are signed off by a second member of staff and the latest grant agreement
// is accepted by the organisation's signatory. changePayment refuses it in words; the database's
// prize_payment_gate trigger refuses the same, so no other way in can skip it.

/**
 * An award the person may see as its winner: their organisation's entry won it and the results
 * are published. Anything else is not found (the page answers 404, never "not yours").
 */
export async function findWinnerAward(executor: Executor, actor: Actor, awardId: number) {
  const award = await awardsOfMember(executor, actor.id)
    .select([
      "award.id",
      "award.cash_pence",
      "award.support_cap_pence",
      "award.challenge_id",
      "entry.id as entryId",
      "entry.reference",
      "entry.title",
      "organisation.name as organisationName",
      "challenge.title as challengeTitle",
      "prize_tier.name as tierName",
      "prize_tier.masterclass",
    ])
    .where("award.id", "=", awardId)
    .executeTakeFirst();
  if (!award) throw notFound();
  return award;
}

/** The awards of the person's organisations whose results are published, with what names them. */
function awardsOfMember(executor: Executor, userId: number) {
  return executor
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("organisation_member", (join) =>
      join
        .onRef("organisation_member.organisation_id", "=", "entry.organisation_id")
        .on("organisation_member.user_id", "=", userId),
    )
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .where("challenge.results_published_at", "is not", null);
}

/** /awards: the awards of every organisation the person belongs to, once published. */
export async function listWinnerAwards(actor: Actor) {
  const rows = await awardsOfMember(db(), actor.id)
    .leftJoin("prize_payment", "prize_payment.award_id", "award.id")
    .select([
      "award.id",
      "award.cash_pence",
      "award.support_cap_pence",
      "entry.reference",
      "entry.title",
      "organisation.name as organisationName",
      "challenge.title as challengeTitle",
      "prize_tier.name as tierName",
      "prize_payment.status as paymentStatus",
    ])
    .orderBy("challenge.results_published_at", "desc")
    .orderBy("entry.reference")
    .orderBy("prize_tier.places", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    title: r.title,
    organisationName: r.organisationName,
    challengeTitle: r.challengeTitle,
    tierName: r.tierName,
    cashPence: r.cash_pence,
    supportCapPence: r.support_cap_pence,
    paymentStatus: r.paymentStatus ? PAYMENT_STATUS_LABELS[r.paymentStatus] : null,
  }));
}

/** The winner's payment for their award (null when the award has no cash); not found when not theirs. */
export async function winnerPayment(executor: Executor, actor: Actor, awardId: number) {
  await findWinnerAward(executor, actor, awardId);
  const payment = await executor
    .selectFrom("prize_payment")
    .select([
      "id",
      "status",
      "amount_pence",
      "supplier_reference",
      "accepted_at",
      "details_received_at",
      "paid_at",
      "version",
    ])
    .where("award_id", "=", awardId)
    .executeTakeFirst();
  if (!payment) return null;
  return {
    id: payment.id,
    status: payment.status,
    statusLabel: PAYMENT_STATUS_LABELS[payment.status],
    amountPence: payment.amount_pence,
    supplierReference: payment.supplier_reference,
    acceptedAt: payment.accepted_at,
    detailsReceivedAt: payment.details_received_at,
    paidAt: payment.paid_at,
    version: payment.version,
    next: nextStatuses(payment.status, "winner"),
  };
}

export interface PaymentChange {
  to: PaymentStatus;
  /** The version the person saw; a change made on an older page is refused. */
  version: number;
  financeReference?: string | null;
  supplierReference?: string | null;
  reason?: string | null;
  note?: string | null;
}

const CONFLICT_MESSAGE =
  "Someone else changed this payment while you were looking at it. Check its status and try again";

export const RECORDED_DETAILS_CANNOT_APPROVE =
  "Another member of staff must approve this payment: you recorded its details";
export const APPROVED_CANNOT_PAY = "Another member of staff must record this payment as paid: you approved it";

/** Why the person may not take this step on this payment, or null when they may. */
function secondPersonNeeded(
  payment: { details_recorded_by: number | null; approved_by: number | null },
  to: PaymentStatus,
  actorId: number,
): string | null {
  if (to === "approved" && payment.details_recorded_by === actorId) return RECORDED_DETAILS_CANNOT_APPROVE;
  if (to === "paid" && payment.approved_by === actorId) return APPROVED_CANNOT_PAY;
  return null;
}

/**
 * Moves a payment on and answers its new status. Refused as a conflict when the person's page is
 * out of date (another change came first), as invalid when the state machine does not allow it.
 */
async function changePayment(
  trx: Transaction<Database>,
  actor: Actor,
  role: PaymentActor,
  paymentId: number,
  change: PaymentChange,
  now: Date,
): Promise<PaymentStatus> {
  const payment = await trx
    .selectFrom("prize_payment")
    .select(["id", "award_id", "status", "version", "amount_pence", "details_recorded_by", "approved_by"])
    .where("id", "=", paymentId)
    .forUpdate()
    .executeTakeFirst();
  if (!payment) throw notFound();
  if (payment.version !== change.version) throw conflict(CONFLICT_MESSAGE, "form");
  const check = checkTransition(payment.status, change.to, role, {
    reason: change.reason,
    financeReference: change.financeReference,
  });
  if (!check.ok) throw invalid(check.message, check.field === "status" ? "form" : check.field);
  const refusal = secondPersonNeeded(payment, change.to, actor.id);
  if (refusal) throw forbidden(refusal, "form");
  if (change.to === "approved" || change.to === "paid") {
    const gate = (await paymentGateFor(trx, [payment.award_id])).get(payment.award_id)!;
    const notYet = gateRefusal(gate);
    if (notYet) throw forbidden(notYet, "form");
  }

  const dates: Partial<
    Record<"accepted_at" | "details_received_at" | "approved_at" | "paid_at" | "cancelled_at", Date>
  > = {};
  if (change.to === "accepted") dates.accepted_at = now;
  if (change.to === "details_received") dates.details_received_at = now;
  if (change.to === "approved") dates.approved_at = now;
  if (change.to === "paid") dates.paid_at = now;
  if (change.to === "cancelled") dates.cancelled_at = now;
  await trx
    .updateTable("prize_payment")
    .set({
      ...dates,
      status: change.to,
      ...(change.to === "accepted" ? { accepted_by: actor.id } : {}),
      ...(change.to === "details_received" ? { details_recorded_by: actor.id } : {}),
      ...(change.to === "approved" ? { approved_by: actor.id } : {}),
      ...(change.to === "paid" ? { paid_by: actor.id } : {}),
      ...(change.supplierReference ? { supplier_reference: change.supplierReference } : {}),
      ...(change.financeReference ? { finance_reference: change.financeReference } : {}),
      ...(change.to === "cancelled" ? { cancel_reason: change.reason!.trim() } : {}),
      updated_by: actor.id,
      updated_at: now,
      version: payment.version + 1,
    })
    .where("id", "=", paymentId)
    .where("version", "=", payment.version)
    .execute();
  const note = [
    change.note?.trim(),
    change.to === "cancelled" ? `Reason: ${change.reason!.trim()}` : null,
    change.financeReference ? `Finance reference: ${change.financeReference}` : null,
    change.supplierReference ? `Supplier reference: ${change.supplierReference}` : null,
  ]
    .filter(Boolean)
    .join("\n")
    .slice(0, 2000);
  await trx
    .insertInto("prize_payment_event")
    .values({
      payment_id: paymentId,
      from_status: payment.status,
      to_status: change.to,
      changed_by: actor.id,
      changed_at: now,
      note,
    })
    .execute();
  await recordAudit(trx, {
    action: "prize_payment_status_changed",
    actorUserId: actor.id,
    subjectType: "prize_payment",
    subjectId: paymentId,
    ip: actor.ip,
    details: {
      from: payment.status,
      to: change.to,
      by: role,
      amountPence: payment.amount_pence,
      financeReference: change.financeReference ?? null,
    },
  });
  return change.to;
}

export const ACCEPT_WITH_AGREEMENT = "Accept the grant agreement: accepting it accepts the prize";

/**
 * The prize accepted as a step of accepting its grant agreement (grant-agreements.server.ts), in
 * that transaction, which has checked the person: the same change, history and audit as every
 * other step of a payment. Answers whether the payment moved (false when the award has no cash
 * payment, or it was already past awaiting acceptance: a variation accepted later).
 */
export async function acceptPrizeWithAgreement(
  trx: Transaction<Database>,
  actor: Actor,
  awardId: number,
  now: Date,
): Promise<boolean> {
  const payment = await trx
    .selectFrom("prize_payment")
    .select(["id", "status", "version"])
    .where("award_id", "=", awardId)
    .forUpdate()
    .executeTakeFirst();
  if (!payment || payment.status !== "awaiting_acceptance") return false;
  await changePayment(
    trx,
    actor,
    "winner",
    payment.id,
    { to: "accepted", version: payment.version, note: "Accepted with the grant agreement" },
    now,
  );
  return true;
}

/**
 * The winner confirms the supplier form went to finance; or accepts the prize, which only follows
 * an agreement already accepted (accepting the agreement does it: acceptPrizeWithAgreement).
 */
export async function winnerChangesPayment(
  actor: Actor,
  awardId: number,
  change: Pick<PaymentChange, "to" | "version" | "supplierReference">,
  now = new Date(),
): Promise<PaymentStatus> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await findWinnerAward(trx, actor, awardId);
      const payment = await trx
        .selectFrom("prize_payment")
        .select("id")
        .where("award_id", "=", awardId)
        .executeTakeFirst();
      if (!payment) throw notFound();
      if (change.to === "accepted" && !(await latestAgreementAccepted(trx, awardId)))
        throw invalid(ACCEPT_WITH_AGREEMENT, "form");
      return changePayment(trx, actor, "winner", payment.id, change, now);
    });
}

/** Whether the award's latest agreement is accepted (as the database's payment gate reads it). */
async function latestAgreementAccepted(trx: Transaction<Database>, awardId: number): Promise<boolean> {
  const latest = await trx
    .selectFrom("grant_agreement")
    .select("accepted_at")
    .where("award_id", "=", awardId)
    .orderBy("version", "desc")
    .executeTakeFirst();
  return !!latest?.accepted_at;
}

/** Staff move a payment on (or cancel it). */
export async function staffChangesPayment(
  actor: Actor,
  paymentId: number,
  change: PaymentChange,
  now = new Date(),
): Promise<PaymentStatus> {
  // Approving a payment or recording it paid moves money.
  if (change.to === "approved" || change.to === "paid") assertRecentSecondFactor(actor);
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      await assertNoStaffConflict(trx, actor, await paymentEntryIds(trx, paymentId), "change this payment");
      return changePayment(trx, actor, "staff", paymentId, change, now);
    });
}

export interface PaymentFilters {
  area: number | null;
  council: string | null;
  /** "outstanding" (the default), "all", or one status. */
  status: "outstanding" | "all" | PaymentStatus;
}

function paymentsQuery(executor: Executor, challengeId: number, filters: PaymentFilters) {
  let query = executor
    .selectFrom("prize_payment")
    .innerJoin("award", "award.id", "prize_payment.award_id")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("local_authority", "local_authority.code", "organisation.local_authority_code")
    .innerJoin("award_list", "award_list.challenge_id", "award.challenge_id")
    .leftJoin("priority_area", "priority_area.id", "entry.priority_area_id")
    .where("award.challenge_id", "=", challengeId);
  if (filters.area) query = query.where("entry.priority_area_id", "=", filters.area);
  if (filters.council) query = query.where("organisation.local_authority_code", "=", filters.council);
  if (filters.status === "outstanding") query = query.where("prize_payment.status", "not in", ["paid", "cancelled"]);
  else if (filters.status !== "all") query = query.where("prize_payment.status", "=", filters.status);
  return query;
}

/** The payments list's rows (exported for its SQL snapshot, tests/sql). */
export function paymentRowsQuery(executor: Executor, challengeId: number, filters: PaymentFilters) {
  return paymentsQuery(executor, challengeId, filters)
    .select([
      "prize_payment.id",
      "prize_payment.status",
      "prize_payment.amount_pence",
      "prize_payment.supplier_reference",
      "prize_payment.finance_reference",
      "prize_payment.accepted_at",
      "prize_payment.paid_at",
      "prize_payment.version",
      "prize_payment.award_id",
      "award_list.published_at",
      "entry.reference",
      "entry.title",
      "organisation.name as organisationName",
      "local_authority.name as councilName",
      "priority_area.name as priorityArea",
    ])
    .orderBy("entry.reference")
    .orderBy("prize_payment.id");
}

/** The payments list's totals, over every status (exported for its SQL snapshot, tests/sql). */
export function paymentTotalsQuery(executor: Executor, challengeId: number, filters: PaymentFilters) {
  return paymentsQuery(executor, challengeId, { ...filters, status: "all" }).select([
    sql<string>`coalesce(sum(prize_payment.amount_pence) filter (where prize_payment.status not in ('paid','cancelled')), 0)::bigint::text`.as(
      "outstanding",
    ),
    sql<string>`coalesce(sum(prize_payment.amount_pence) filter (where prize_payment.status = 'paid'), 0)::bigint::text`.as(
      "paid",
    ),
    sql<number>`count(*) filter (where prize_payment.status not in ('paid','cancelled'))::int`.as("outstandingCount"),
    sql<number>`count(*) filter (where prize_payment.status = 'paid')::int`.as("paidCount"),
  ]);
}

/** A sum of pence from SQL as a JavaScript number: bigint comes back as text to keep it exact. */
const pence = (value: string | number | bigint | null) => Number(value ?? 0);

/** /staff/awards/:challengeId/payments: the payments, their age, and totals summed by the database. */
export async function paymentsPage(actor: Actor, challengeId: number, filters: PaymentFilters, now = new Date()) {
  const executor = db();
  await assertStaff(executor, actor);
  const challenge = await executor
    .selectFrom("challenge")
    .select(["id", "title", "slug"])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) throw notFound();
  const rows = await paymentRowsQuery(executor, challengeId, filters).execute();
  const totals = await paymentTotalsQuery(executor, challengeId, filters).executeTakeFirstOrThrow();
  const gates = await paymentGateFor(
    executor,
    rows.map((r) => r.award_id),
  );
  const areas = await executor
    .selectFrom("priority_area")
    .select(["id", "name"])
    .where("challenge_id", "=", challengeId)
    .orderBy("position")
    .execute();
  const councils = await executor
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("local_authority", "local_authority.code", "organisation.local_authority_code")
    .select(["local_authority.code", "local_authority.name"])
    .distinct()
    .where("award.challenge_id", "=", challengeId)
    .orderBy("local_authority.name")
    .execute();
  return {
    challenge,
    filters,
    options: {
      areas,
      councils,
      statuses: [
        { value: "outstanding", text: "Outstanding (not paid or cancelled)" },
        { value: "all", text: "All payments" },
        ...PAYMENT_STATUSES.map((s) => ({ value: s, text: PAYMENT_STATUS_LABELS[s] })),
      ],
    },
    rows: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      organisationName: r.organisationName,
      councilName: r.councilName,
      priorityArea: r.priorityArea,
      status: r.status,
      statusLabel: PAYMENT_STATUS_LABELS[r.status],
      amountPence: r.amount_pence,
      supplierReference: r.supplier_reference,
      financeReference: r.finance_reference,
      paidAt: r.paid_at,
      published: r.published_at !== null,
      ageDays: isOutstanding(r.status) ? paymentAgeDays(r.accepted_at ?? r.published_at, now) : null,
      awardId: r.award_id,
      gate: gates.get(r.award_id)!,
    })),
    totals: {
      outstandingPence: pence(totals.outstanding),
      paidPence: pence(totals.paid),
      outstandingCount: totals.outstandingCount,
      paidCount: totals.paidCount,
    },
  };
}

/** One payment for staff (not found unless it is one of the challenge's): its award, where it stands, what can happen next and its history. */
export async function paymentDetail(actor: Actor, challengeId: number, paymentId: number) {
  const executor = db();
  await assertStaff(executor, actor);
  const payment = await paymentsQuery(executor, challengeId, { area: null, council: null, status: "all" })
    .select([
      "prize_payment.id",
      "prize_payment.status",
      "prize_payment.amount_pence",
      "prize_payment.supplier_reference",
      "prize_payment.finance_reference",
      "prize_payment.cancel_reason",
      "prize_payment.version",
      "prize_payment.details_recorded_by",
      "prize_payment.approved_by",
      "prize_payment.paid_by",
      "prize_payment.award_id",
      "entry.reference",
      "entry.title",
      "organisation.name as organisationName",
      "local_authority.name as councilName",
      "priority_area.name as priorityArea",
    ])
    .where("prize_payment.id", "=", paymentId)
    .executeTakeFirst();
  if (!payment) throw notFound();
  const history = await executor
    .selectFrom("prize_payment_event")
    .leftJoin("app_user", "app_user.id", "prize_payment_event.changed_by")
    .select(["prize_payment_event.id", "from_status", "to_status", "changed_at", "note", "app_user.name as changedBy"])
    .where("payment_id", "=", paymentId)
    .orderBy("changed_at", "desc")
    .orderBy("prize_payment_event.id", "desc")
    .execute();
  const ids = [payment.details_recorded_by, payment.approved_by, payment.paid_by].filter((id): id is number => !!id);
  const names = new Map(
    ids.length
      ? (await executor.selectFrom("app_user").select(["id", "name"]).where("id", "in", ids).execute()).map((u) => [
          u.id,
          u.id === actor.id ? `${u.name} (you)` : u.name,
        ])
      : [],
  );
  const nameOf = (id: number | null) => (id ? (names.get(id) ?? null) : null);
  const gate = (await paymentGateFor(executor, [payment.award_id])).get(payment.award_id)!;
  // Approval is not offered until the checks are signed off and the agreement accepted.
  const possible = nextStatuses(payment.status, "staff").filter((s) => s !== "approved" || gate.cleared);
  // The steps this person may not take (someone else must), with the reason, so the page can say so.
  const needsSomeoneElse = possible
    .map((s) => secondPersonNeeded(payment, s, actor.id))
    .filter((reason): reason is string => reason !== null);
  return {
    payment: { ...payment, statusLabel: PAYMENT_STATUS_LABELS[payment.status] },
    people: {
      detailsRecordedBy: nameOf(payment.details_recorded_by),
      approvedBy: nameOf(payment.approved_by),
      paidBy: nameOf(payment.paid_by),
    },
    next: possible
      .filter((s) => !secondPersonNeeded(payment, s, actor.id))
      .map((s) => ({ value: s, text: PAYMENT_STATUS_LABELS[s] })),
    needsSomeoneElse,
    gate,
    /** Approval is the next step, but the checks or the agreement stand in its way. */
    waitingForGate: nextStatuses(payment.status, "staff").includes("approved") && !gate.cleared,
    history: history.map((h) => ({
      id: h.id,
      from: h.from_status ? PAYMENT_STATUS_LABELS[h.from_status] : null,
      to: PAYMENT_STATUS_LABELS[h.to_status],
      at: h.changed_at,
      by: h.changedBy,
      note: h.note,
    })),
  };
}

/** Everything finance needs for the selected payments, for the CSV export. */
export async function exportPayments(actor: Actor, challengeId: number, filters: PaymentFilters, now = new Date()) {
  assertRecentSecondFactor(actor);
  const page = await paymentsPage(actor, challengeId, filters, now);
  return page;
}

/** The list's filters from the address; anything unreadable is ignored, never an error. */
export function parsePaymentFilters(params: URLSearchParams): PaymentFilters {
  const area = params.get("area") ?? "";
  const council = params.get("council") ?? "";
  const status = params.get("status") ?? "";
  return {
    area: /^[1-9]\d{0,9}$/.test(area) && Number(area) <= 2_147_483_647 ? Number(area) : null,
    council: /^[EWSN]\d{8}$/.test(council) ? council : null,
    status:
      status === "all" || (PAYMENT_STATUSES as readonly string[]).includes(status)
        ? (status as PaymentFilters["status"])
        : "outstanding",
  };
}
