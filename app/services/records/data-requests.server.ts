import { sql } from "kysely";
import { db } from "../../../db/client";
import type { DataRequestKind, DataRequestStatus } from "../../../db/schema";
import { dataRequestDueOn, isDataRequestOverdue } from "../../domain/data-requests";
import { assertStaff } from "../accounts/roles.server";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, invalid, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { personalDataFor, type PersonalData } from "./personal-data.server";

// The register of data-rights requests that reach the programme staff by other means than the
// service's own pages (an email, a letter, a phone call), each tracked to its due date: one
// calendar month after it arrived (decision 052). For an access request, staff produce the same
// copy of the person's data the person can download themselves; an erasure request is carried out
// from the person's page (/staff/people/:userId). Staff only; every change, and every copy made,
// is in the audit trail, recorded against the person the request is about.

export interface DataRequestView {
  id: number;
  /** Null once the person's account has been deleted outright. */
  userId: number | null;
  personName: string | null;
  personEmail: string | null;
  kind: DataRequestKind;
  receivedOn: string;
  dueOn: string;
  howReceived: string;
  notes: string;
  status: DataRequestStatus;
  refusalReason: string | null;
  completedAt: Date | null;
  completedByName: string | null;
  createdByName: string | null;
  createdAt: Date;
  /** Open and past its due date (London calendar date). */
  overdue: boolean;
}

export interface NewDataRequest {
  email: string;
  kind: DataRequestKind;
  /** YYYY-MM-DD. */
  receivedOn: string;
  howReceived: string;
  notes: string;
}

export const NO_ACCOUNT = "There is no account with that email address. Check the address the person gave";
export const RECEIVED_IN_FUTURE = "The date the request was received must be today or in the past";
export const NOT_OPEN = "This request has already been closed";
export const NOT_AN_ACCESS_REQUEST = "Only an access request produces a copy of someone's data";

function requests() {
  return db()
    .selectFrom("data_request")
    .leftJoin("app_user as person", "person.id", "data_request.user_id")
    .leftJoin("app_user as completer", "completer.id", "data_request.completed_by")
    .leftJoin("app_user as creator", "creator.id", "data_request.created_by")
    .select([
      "data_request.id",
      "data_request.user_id",
      "person.name as person_name",
      "person.email as person_email",
      "data_request.kind",
      sql<string>`to_char(data_request.received_on, 'YYYY-MM-DD')`.as("received_on"),
      sql<string>`to_char(data_request.due_on, 'YYYY-MM-DD')`.as("due_on"),
      "data_request.how_received",
      "data_request.notes",
      "data_request.status",
      "data_request.refusal_reason",
      "data_request.completed_at",
      "completer.name as completed_by_name",
      "creator.name as created_by_name",
      "data_request.created_at",
    ]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requests>["executeTakeFirstOrThrow"]>>;

function view(row: RequestRow, today: string): DataRequestView {
  return {
    id: row.id,
    userId: row.user_id,
    personName: row.person_name,
    personEmail: row.person_email,
    kind: row.kind,
    receivedOn: row.received_on,
    dueOn: row.due_on,
    howReceived: row.how_received,
    notes: row.notes,
    status: row.status,
    refusalReason: row.refusal_reason,
    completedAt: row.completed_at === null ? null : new Date(row.completed_at),
    completedByName: row.completed_by_name,
    createdByName: row.created_by_name,
    createdAt: new Date(row.created_at),
    overdue: isDataRequestOverdue({ status: row.status, dueOn: row.due_on }, today),
  };
}

/** Every request: open ones first, soonest due first; then closed ones, most recently closed first. Staff only. */
export async function listDataRequests(actor: Actor, today: string): Promise<DataRequestView[]> {
  await assertStaff(db(), actor);
  const rows = await requests()
    .orderBy(sql`data_request.status = 'open'`, "desc")
    .orderBy(sql`case when data_request.status = 'open' then data_request.due_on end`, "asc")
    .orderBy("data_request.completed_at", "desc")
    .orderBy("data_request.id", "desc")
    .execute();
  return rows.map((row) => view(row, today));
}

/** One request. Staff only; not found when there is no such request. */
export async function getDataRequest(actor: Actor, id: number, today: string): Promise<DataRequestView> {
  await assertStaff(db(), actor);
  const row = await requests().where("data_request.id", "=", id).executeTakeFirst();
  if (!row) throw notFound();
  return view(row, today);
}

/**
 * Records a request received by other means, about the account with `email`, due one calendar
 * month after it arrived. Staff only. No such account, or a date after `today`, is invalid.
 */
export async function createDataRequest(actor: Actor, input: NewDataRequest, today: string): Promise<{ id: number }> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const person = await trx
        .selectFrom("app_user")
        .select("id")
        .where(sql<string>`lower(email)`, "=", input.email.trim().toLowerCase())
        .executeTakeFirst();
      if (!person) throw invalid(NO_ACCOUNT, "email");
      if (input.receivedOn > today) throw invalid(RECEIVED_IN_FUTURE, "receivedOn");
      const dueOn = dataRequestDueOn(input.receivedOn);
      const { id } = await trx
        .insertInto("data_request")
        .values({
          user_id: person.id,
          kind: input.kind,
          received_on: input.receivedOn,
          due_on: dueOn,
          how_received: input.howReceived,
          notes: input.notes,
          created_by: actor.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: "data_request.created",
        actorUserId: actor.id,
        subjectType: "user",
        subjectId: person.id,
        ip: actor.ip,
        details: { dataRequest: id, kind: input.kind, receivedOn: input.receivedOn, dueOn },
      });
      return { id };
    });
}

/**
 * Closes an open request: completed, or refused with the reason the person is given. Staff only;
 * a request already closed (by someone else, a moment ago) is a conflict.
 */
export async function closeDataRequest(
  actor: Actor,
  id: number,
  outcome: { status: "completed" } | { status: "refused"; reason: string },
  now = new Date(),
): Promise<void> {
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const request = await trx
        .selectFrom("data_request")
        .select(["id", "user_id", "kind", "status"])
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!request) throw notFound();
      if (request.status !== "open") throw conflict(NOT_OPEN, "form");
      await trx
        .updateTable("data_request")
        .set({
          status: outcome.status,
          refusal_reason: outcome.status === "refused" ? outcome.reason : null,
          completed_at: now,
          completed_by: actor.id,
        })
        .where("id", "=", id)
        .execute();
      await recordAudit(trx, {
        action: outcome.status === "completed" ? "data_request.completed" : "data_request.refused",
        actorUserId: actor.id,
        ...(request.user_id === null ? {} : { subjectType: "user", subjectId: request.user_id }),
        ip: actor.ip,
        details: {
          dataRequest: id,
          kind: request.kind,
          ...(outcome.status === "refused" ? { reason: outcome.reason } : {}),
        },
      });
    });
}

/**
 * The copy of a person's data for their access request: what they would download themselves,
 * recorded in the audit trail each time it is produced. Staff only; another kind of request, or
 * one whose account has gone, has nothing to produce.
 */
export async function produceRequestedData(
  actor: Actor,
  id: number,
  format: "page" | "json",
): Promise<{ request: { id: number; userId: number }; data: PersonalData }> {
  // A copy of someone's personal data: a second factor given in the last few minutes.
  assertRecentSecondFactor(actor);
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const request = await trx
        .selectFrom("data_request")
        .select(["id", "user_id", "kind"])
        .where("id", "=", id)
        .executeTakeFirst();
      if (!request || request.user_id === null) throw notFound();
      if (request.kind !== "access") throw notFound(NOT_AN_ACCESS_REQUEST);
      const data = await personalDataFor(trx, actor, request.user_id);
      await recordAudit(trx, {
        action: "data_request.data_produced",
        actorUserId: actor.id,
        subjectType: "user",
        subjectId: request.user_id,
        ip: actor.ip,
        details: { dataRequest: id, format },
      });
      return { request: { id: request.id, userId: request.user_id }, data };
    });
}
