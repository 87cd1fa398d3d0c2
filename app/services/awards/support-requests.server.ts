import { sql, type Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database, SupportKind } from "../../../db/schema";
import type { SupportRequestStatus } from "../../../db/schema-parts/support-requests";
import { config } from "../../config.server";
import { formatPence } from "../../domain/money";
import {
  capPosition,
  MAX_ITEM_PENCE,
  SUPPORT_KIND_LABELS,
  SUPPORT_KINDS,
  type CapPosition,
} from "../../domain/support-cap";
import { assertStaff } from "../accounts/roles.server";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, invalid, notFound } from "../app-error.server";
import {
  attachmentsOf,
  checkUpload,
  storeAttachments,
  type AttachmentView,
  type CheckedUpload,
  type UploadedFile,
} from "../attachments/attachments.server";
import { queueEmail } from "../email/outbox.server";
import { recordAudit } from "../platform/audit.server";
import { winnersSupportAward } from "./progress-updates.server";
import { assertNoStaffConflict } from "./staff-conflicts.server";
import { addToLedger, findSupportAward, ledgerTotal, MAX_DESCRIPTION, type SupportAward } from "./support-plans.server";

// Support requests (decision 062): a winner with a support cap asks for an item of support (what,
// from whom, what it costs, why); staff approve it into the ledger or refuse it with a reason. The
// request stays a record of its own: who asked, who decided and when, and the ledger item it
// became. Approving goes through the ledger's one way in (addToLedger), in the same transaction,
// so a request obeys the cap exactly as an item staff add themselves: over the cap it is refused
// unless an authorised override with its reason is given. The winner is emailed the decision.
//
// Who may do it is checked here as well as by the routes: the winner's functions that the person
// belongs to the winning organisation and the results are out (otherwise not found), the staff
// functions the staff role, inside the change's transaction.

export const MAX_SUPPLIER = 200;
export const MAX_REQUEST_REASON = 5000;
export const MAX_REFUSAL = 5000;
/** A quote or two for what is asked for: at most this many files on one request. */
export const MAX_QUOTE_FILES = 3;

export const SUPPORT_REQUEST_STATUS_LABELS: Record<SupportRequestStatus, string> = {
  waiting: "Waiting for a decision",
  approved: "Approved",
  refused: "Refused",
};

export interface SupportRequestInput {
  kind: SupportKind;
  description: string;
  supplier: string;
  costPence: number;
  reason: string;
}

export interface SupportRequestView {
  id: number;
  awardId: number;
  kind: SupportKind;
  kindLabel: string;
  description: string;
  supplier: string;
  costPence: number;
  reason: string;
  status: SupportRequestStatus;
  statusLabel: string;
  requestedByName: string | null;
  requestedAt: Date;
  decidedByName: string | null;
  decidedAt: Date | null;
  refusalReason: string | null;
  supportItemId: number | null;
  version: number;
  /** The quotes attached when it was asked for. */
  attachments: Pick<AttachmentView, "id" | "fileName" | "size" | "href">[];
}

function requestsQuery(executor: Executor) {
  return executor
    .selectFrom("support_request")
    .leftJoin("app_user as requester", "requester.id", "support_request.requested_by")
    .leftJoin("app_user as decider", "decider.id", "support_request.decided_by")
    .select([
      "support_request.id",
      "support_request.award_id",
      "support_request.kind",
      "support_request.description",
      "support_request.supplier",
      "support_request.cost_pence",
      "support_request.reason",
      "support_request.status",
      "requester.name as requested_by_name",
      "support_request.requested_at",
      "decider.name as decided_by_name",
      "support_request.decided_at",
      "support_request.refusal_reason",
      "support_request.support_item_id",
      "support_request.version",
    ]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestsQuery>["executeTakeFirstOrThrow"]>>;

function toView(r: RequestRow): SupportRequestView {
  return {
    id: r.id,
    awardId: r.award_id,
    kind: r.kind,
    kindLabel: SUPPORT_KIND_LABELS[r.kind],
    description: r.description,
    supplier: r.supplier,
    costPence: r.cost_pence,
    reason: r.reason,
    status: r.status,
    statusLabel: SUPPORT_REQUEST_STATUS_LABELS[r.status],
    requestedByName: r.requested_by_name,
    requestedAt: new Date(r.requested_at),
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
    refusalReason: r.refusal_reason,
    supportItemId: r.support_item_id,
    version: r.version,
    attachments: [],
  };
}

/** The views with their quotes; the caller has checked the person may see the requests. */
async function withQuotes(executor: Executor, views: SupportRequestView[]): Promise<SupportRequestView[]> {
  for (const view of views) {
    const files = await attachmentsOf(executor, { kind: "support_request", id: view.id });
    view.attachments = files.map((f) => ({ id: f.id, fileName: f.fileName, size: f.size, href: f.href }));
  }
  return views;
}

async function requestsOfAward(executor: Executor, awardId: number): Promise<SupportRequestView[]> {
  const rows = await requestsQuery(executor)
    .where("support_request.award_id", "=", awardId)
    .orderBy("support_request.requested_at", "desc")
    .orderBy("support_request.id", "desc")
    .execute();
  return withQuotes(executor, rows.map(toView));
}

/** Throws invalid, against the field, when the request breaks a rule; answers it cleaned. */
function checkRequest(input: SupportRequestInput): SupportRequestInput {
  const description = input.description.trim();
  const supplier = input.supplier.trim();
  const reason = input.reason.trim();
  if (!(SUPPORT_KINDS as readonly string[]).includes(input.kind)) throw invalid("Select the kind of support", "kind");
  if (!description || description.length > MAX_DESCRIPTION)
    throw invalid(`Enter what you need in ${MAX_DESCRIPTION} characters or fewer`, "description");
  if (!supplier || supplier.length > MAX_SUPPLIER)
    throw invalid(`Enter who would provide it in ${MAX_SUPPLIER} characters or fewer`, "supplier");
  if (!Number.isSafeInteger(input.costPence) || input.costPence <= 0)
    throw invalid("Enter a cost more than £0", "cost");
  if (input.costPence > MAX_ITEM_PENCE)
    throw invalid(`The cost must be ${formatPence(MAX_ITEM_PENCE)} or less`, "cost");
  if (!reason || reason.length > MAX_REQUEST_REASON)
    throw invalid(`Enter why you need it in ${MAX_REQUEST_REASON} characters or fewer`, "reason");
  return { kind: input.kind, description, supplier, costPence: input.costPence, reason };
}

export interface WinnerSupportRequests {
  award: SupportAward;
  position: CapPosition;
  requests: SupportRequestView[];
}

/**
 * The winner's requests for support on their plan (either of their awards leads to it); not found
 * when it is not theirs to see or their award carries no support.
 */
export async function winnerSupportRequests(actor: Actor, awardId: number): Promise<WinnerSupportRequests> {
  const award = await winnersSupportAward(db(), actor.id, awardId);
  if (!award) throw notFound();
  const [requests, spent] = await Promise.all([requestsOfAward(db(), award.awardId), ledgerTotal(db(), award.awardId)]);
  return { award, position: capPosition(award.capPence, spent), requests };
}

/**
 * A member of the winning organisation asks for an item of support, with up to MAX_QUOTE_FILES
 * quotes (checked by their content before anything is saved; the request and its files are saved
 * together); answers the support award it is on.
 */
export async function requestSupport(
  actor: Actor,
  awardId: number,
  input: SupportRequestInput,
  quotes: readonly UploadedFile[] = [],
): Promise<{ awardId: number; requestId: number }> {
  const clean = checkRequest(input);
  if (quotes.length > MAX_QUOTE_FILES) throw invalid(`Add up to ${MAX_QUOTE_FILES} files`, "quote");
  const checked: CheckedUpload[] = [];
  for (const file of quotes) checked.push(await checkUpload(file, { field: "quote" }));
  return db()
    .transaction()
    .execute(async (trx) => {
      const award = await winnersSupportAward(trx, actor.id, awardId);
      if (!award) throw notFound();
      const row = await trx
        .insertInto("support_request")
        .values({
          award_id: award.awardId,
          kind: clean.kind,
          description: clean.description,
          supplier: clean.supplier,
          cost_pence: clean.costPence,
          reason: clean.reason,
          requested_by: actor.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await storeAttachments(trx, actor, { kind: "support_request", id: row.id }, checked);
      await recordAudit(trx, {
        action: "support_request_made",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: award.awardId,
        ip: actor.ip,
        details: {
          organisation: award.organisationName,
          supportRequestId: row.id,
          kind: SUPPORT_KIND_LABELS[clean.kind],
          cost: formatPence(clean.costPence),
          costPence: clean.costPence,
        },
      });
      return { awardId: award.awardId, requestId: row.id };
    });
}

/** A winner's requests on one plan, newest first, for the staff support plan page. Staff only. */
export async function staffSupportRequests(actor: Actor, awardId: number): Promise<SupportRequestView[]> {
  await assertStaff(db(), actor);
  return requestsOfAward(db(), awardId);
}

export interface WaitingRequestRow {
  request: SupportRequestView;
  award: SupportAward;
}

/** Every request waiting for a decision, oldest first, for the support pages. Staff only. */
export async function waitingSupportRequests(actor: Actor): Promise<WaitingRequestRow[]> {
  await assertStaff(db(), actor);
  const rows = await requestsQuery(db())
    .where("support_request.status", "=", "waiting")
    .orderBy("support_request.requested_at")
    .orderBy("support_request.id")
    .execute();
  const awards = new Map<number, SupportAward>();
  for (const id of new Set(rows.map((r) => r.award_id))) {
    const award = await findSupportAward(db(), id);
    if (award) awards.set(id, award);
  }
  const kept = rows.filter((r) => awards.has(r.award_id));
  const views = await withQuotes(db(), kept.map(toView));
  return views.map((request) => ({ request, award: awards.get(request.awardId)! }));
}

/** One request on a plan, for its decision page. Staff only; not found unless it is on that award's plan. */
export async function loadSupportRequest(
  actor: Actor,
  awardId: number,
  requestId: number,
): Promise<{ award: SupportAward; position: CapPosition; request: SupportRequestView }> {
  await assertStaff(db(), actor);
  const award = await findSupportAward(db(), awardId);
  if (!award) throw notFound();
  const row = await requestsQuery(db())
    .where("support_request.id", "=", requestId)
    .where("support_request.award_id", "=", awardId)
    .executeTakeFirst();
  if (!row) throw notFound();
  const [request] = await withQuotes(db(), [toView(row)]);
  return { award, position: capPosition(award.capPence, await ledgerTotal(db(), awardId)), request: request! };
}

const DECIDED_ALREADY = "This request has already been decided. Check its outcome below";
const CHANGED_MEANWHILE = "Someone else decided this request while you were looking at it. Check its outcome below";

/** The request, locked for its decision: still waiting and as the person saw it, or refused. */
async function lockWaiting(trx: Transaction<Database>, awardId: number, requestId: number, version: number) {
  const request = await trx
    .selectFrom("support_request")
    .selectAll()
    .where("id", "=", requestId)
    .where("award_id", "=", awardId)
    .forUpdate()
    .executeTakeFirst();
  if (!request) throw notFound();
  if (request.status !== "waiting") throw conflict(DECIDED_ALREADY, "form");
  if (request.version !== version) throw conflict(CHANGED_MEANWHILE, "form");
  return request;
}

/** Emails whoever asked (if their account still exists) the decision, in the decision's transaction. */
async function emailDecision(
  trx: Transaction<Database>,
  request: { id: number; requested_by: number | null; description: string; cost_pence: number },
  award: SupportAward,
  outcome: "approved" | "refused",
  refusalReason: string | null,
) {
  if (request.requested_by === null) return;
  const requester = await trx
    .selectFrom("app_user")
    .select(["name", "email"])
    .where("id", "=", request.requested_by)
    .executeTakeFirst();
  if (!requester?.email) return;
  await queueEmail(trx, {
    to: requester.email,
    template: "support-request-decision",
    idempotencyKey: `support-request-decision:${request.id}`,
    props: {
      name: requester.name,
      organisationName: award.organisationName,
      description: request.description,
      cost: formatPence(request.cost_pence),
      outcome,
      refusalReason,
      progressUrl: `${config.appUrl}/awards/${award.awardId}/progress`,
    },
  });
}

export interface ApproveInput {
  /** The version of the request the person saw. */
  version: number;
  /** YYYY-MM-DD (London): the date the support is recorded on in the ledger. */
  happenedOn: string;
  /** The reason for an authorised override of the cap; null or blank for none. */
  overrideReason: string | null;
}

/**
 * Approves a waiting request into the ledger, in one transaction: the ledger item is added under
 * the cap (an over-cap request is refused, against the amount, unless an authorised override
 * with its reason is given), the request records who decided and the item it became, and the
 * winner is emailed. Staff only, with a recent second factor: it commits money.
 */
export async function approveSupportRequest(
  actor: Actor,
  awardId: number,
  requestId: number,
  input: ApproveInput,
): Promise<{ supportItemId: number; overridden: boolean }> {
  assertRecentSecondFactor(actor);
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const award = await findSupportAward(trx, awardId);
      if (!award) throw notFound();
      await assertNoStaffConflict(trx, actor, [award.entryId], "decide this support request");
      const request = await lockWaiting(trx, awardId, requestId, input.version);
      const added = await addToLedger(trx, actor, awardId, {
        kind: request.kind,
        happenedOn: input.happenedOn,
        description: request.description,
        coachName: request.kind === "coaching" ? request.supplier : null,
        hours: null,
        amountPence: request.cost_pence,
        overrideReason: input.overrideReason,
      });
      await trx
        .updateTable("support_request")
        .set({
          status: "approved",
          decided_by: actor.id,
          decided_at: sql`now()`,
          support_item_id: added.itemId,
          version: request.version + 1,
        })
        .where("id", "=", requestId)
        .execute();
      await recordAudit(trx, {
        action: "support_request_approved",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: awardId,
        ip: actor.ip,
        details: {
          organisation: award.organisationName,
          supportRequestId: requestId,
          supportItemId: added.itemId,
          cost: formatPence(request.cost_pence),
          costPence: request.cost_pence,
          overridden: added.overridden,
        },
      });
      await emailDecision(trx, request, award, "approved", null);
      return { supportItemId: added.itemId, overridden: added.overridden };
    });
}

/** Refuses a waiting request with a reason the winner reads; emails them. Staff only. */
export async function refuseSupportRequest(
  actor: Actor,
  awardId: number,
  requestId: number,
  input: { version: number; reason: string },
): Promise<void> {
  const reason = input.reason.trim();
  if (!reason) throw invalid("Enter why the request is refused", "refusalReason");
  if (reason.length > MAX_REFUSAL)
    throw invalid(`The reason must be ${MAX_REFUSAL} characters or fewer`, "refusalReason");
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const award = await findSupportAward(trx, awardId);
      if (!award) throw notFound();
      await assertNoStaffConflict(trx, actor, [award.entryId], "decide this support request");
      const request = await lockWaiting(trx, awardId, requestId, input.version);
      await trx
        .updateTable("support_request")
        .set({
          status: "refused",
          decided_by: actor.id,
          decided_at: sql`now()`,
          refusal_reason: reason,
          version: request.version + 1,
        })
        .where("id", "=", requestId)
        .execute();
      await recordAudit(trx, {
        action: "support_request_refused",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: awardId,
        ip: actor.ip,
        details: {
          organisation: award.organisationName,
          supportRequestId: requestId,
          cost: formatPence(request.cost_pence),
          costPence: request.cost_pence,
          reason,
        },
      });
      await emailDecision(trx, request, award, "refused", reason);
    });
}
