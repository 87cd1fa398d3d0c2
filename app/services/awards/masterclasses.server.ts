import type { Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { config } from "../../config.server";
import { buildIcs } from "../../domain/ics";
import { formatDate, formatDateTime, formatTime } from "../../domain/time";
import type { Actor } from "../actor.server";
import { conflict, notFound } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";
import { recordAudit } from "../platform/audit.server";
import { findWinnerAward } from "./prize-payments.server";
import { queueEmail } from "../email/outbox.server";

// Masterclasses: staff set up sessions; the holders of awards in a tier with a masterclass are
// invited to each (when the results are published, or when a session is added afterwards); a
// winner accepts or declines a place. An award holds at most one accepted place across the
// sessions (the places are for one masterclass, offered on several dates), and a session never
// takes more than its capacity: both are checked on locked rows in the same transaction.
//
// Who may do it is checked here as well as by the routes: the staff functions check the staff role
// (assertStaff, inside the change's transaction), the winner's functions that the person belongs
// to the winning organisation (findWinnerAward), each before reading anything else.

export const FULL_MESSAGE =
  "This masterclass session is full. Choose another session, or ask the programme team to be told if a place comes free";

export interface SessionInput {
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  onlineUrl: string | null;
  capacity: number;
}

/** "10am to 1pm on 3 June 2027", in London time. */
export function sessionWhen(startsAt: Date, endsAt: Date): string {
  return formatDate(startsAt) === formatDate(endsAt)
    ? `${formatTime(startsAt)} to ${formatTime(endsAt)} on ${formatDate(startsAt)}`
    : `${formatDateTime(startsAt)} to ${formatDateTime(endsAt)}`;
}

export async function createSession(actor: Actor, challengeId: number, input: SessionInput, now = new Date()) {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await trx
        .selectFrom("challenge")
        .select(["id", "results_published_at"])
        .where("id", "=", challengeId)
        .executeTakeFirst();
      if (!challenge) throw notFound();
      const session = await trx
        .insertInto("masterclass_session")
        .values({
          challenge_id: challengeId,
          title: input.title,
          description: input.description,
          starts_at: input.startsAt,
          ends_at: input.endsAt,
          venue: input.venue,
          online_url: input.onlineUrl,
          capacity: input.capacity,
          created_by: actor.id,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const invited = challenge.results_published_at ? await inviteToMasterclasses(trx, challengeId, session.id) : 0;
      await recordAudit(trx, {
        action: "masterclass_session_created",
        actorUserId: actor.id,
        subjectType: "masterclass_session",
        subjectId: session.id,
        ip: actor.ip,
        details: { challengeId, capacity: input.capacity, invited },
      });
      return { id: session.id, invited };
    });
}

/**
 * Invites every award of a masterclass tier of the challenge to its sessions (or to one), once:
 * a place that exists already is left as it is, and its invitation is not sent again.
 */
export async function inviteToMasterclasses(
  trx: Transaction<Database>,
  challengeId: number,
  sessionId?: number,
): Promise<number> {
  let sessions = trx
    .selectFrom("masterclass_session")
    .select(["id", "title", "starts_at", "ends_at", "venue", "online_url"])
    .where("challenge_id", "=", challengeId);
  if (sessionId !== undefined) sessions = sessions.where("id", "=", sessionId);
  const sessionRows = await sessions.execute();
  if (!sessionRows.length) return 0;
  const awards = await trx
    .selectFrom("award")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .select(["award.id", "award.entry_id"])
    .where("award.challenge_id", "=", challengeId)
    .where("prize_tier.masterclass", "=", true)
    .execute();
  if (!awards.length) return 0;
  let invited = 0;
  for (const session of sessionRows) {
    const places = await trx
      .insertInto("masterclass_place")
      .values(awards.map((a) => ({ session_id: session.id, award_id: a.id })))
      .onConflict((oc) => oc.columns(["session_id", "award_id"]).doNothing())
      .returning(["id", "award_id"])
      .execute();
    for (const place of places) {
      const entryId = awards.find((a) => a.id === place.award_id)!.entry_id;
      for (const member of await membersOfEntry(trx, entryId)) {
        const result = await queueEmail(trx, {
          to: member.email,
          template: "masterclass-invitation",
          idempotencyKey: `masterclass-invitation:${place.id}:${member.id}`,
          props: {
            name: member.name,
            sessionTitle: session.title,
            when: sessionWhen(session.starts_at, session.ends_at),
            where: session.venue ?? "online",
            awardUrl: `${config.appUrl}/awards/${place.award_id}`,
          },
        });
        if (result.queued) invited += 1;
      }
    }
  }
  return invited;
}

async function membersOfEntry(executor: Executor, entryId: number) {
  return executor
    .selectFrom("entry")
    .innerJoin("organisation_member", "organisation_member.organisation_id", "entry.organisation_id")
    .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
    .select(["app_user.id", "app_user.email", "app_user.name"])
    .where("entry.id", "=", entryId)
    .orderBy("app_user.id")
    .execute();
}

/** Staff list: each session with its places taken. */
export async function sessionsPage(actor: Actor, challengeId: number) {
  await assertStaff(db(), actor);
  const challenge = await db()
    .selectFrom("challenge")
    .select(["id", "title", "results_published_at"])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) throw notFound();
  const sessions = await db()
    .selectFrom("masterclass_session")
    .leftJoin("masterclass_place", "masterclass_place.session_id", "masterclass_session.id")
    .select((eb) => [
      "masterclass_session.id",
      "masterclass_session.title",
      "masterclass_session.starts_at",
      "masterclass_session.ends_at",
      "masterclass_session.venue",
      "masterclass_session.online_url",
      "masterclass_session.capacity",
      eb.fn
        .count<number>("masterclass_place.id")
        .filterWhere("masterclass_place.status", "=", "accepted")
        .as("accepted"),
      eb.fn.count<number>("masterclass_place.id").filterWhere("masterclass_place.status", "=", "invited").as("waiting"),
    ])
    .where("masterclass_session.challenge_id", "=", challengeId)
    .groupBy("masterclass_session.id")
    .orderBy("masterclass_session.starts_at")
    .execute();
  return {
    challenge: { id: challenge.id, title: challenge.title, published: challenge.results_published_at !== null },
    sessions: sessions.map((s) => ({
      id: s.id,
      title: s.title,
      when: sessionWhen(s.starts_at, s.ends_at),
      where: s.venue ?? "Online",
      capacity: s.capacity,
      accepted: Number(s.accepted),
      waiting: Number(s.waiting),
    })),
  };
}

// What a winner or staff member is told about a session (and what its calendar file carries).
const SESSION_DETAILS = [
  "masterclass_session.title",
  "masterclass_session.description",
  "masterclass_session.starts_at",
  "masterclass_session.ends_at",
  "masterclass_session.venue",
  "masterclass_session.online_url",
] as const;

/** One session for staff: who is invited, who is coming, and attendance. */
export async function sessionDetail(actor: Actor, challengeId: number, sessionId: number) {
  await assertStaff(db(), actor);
  const session = await db()
    .selectFrom("masterclass_session")
    .innerJoin("challenge", "challenge.id", "masterclass_session.challenge_id")
    .select([
      "masterclass_session.id",
      ...SESSION_DETAILS,
      "masterclass_session.capacity",
      "challenge.title as challengeTitle",
    ])
    .where("masterclass_session.id", "=", sessionId)
    .where("masterclass_session.challenge_id", "=", challengeId)
    .executeTakeFirst();
  if (!session) throw notFound();
  const places = await db()
    .selectFrom("masterclass_place")
    .innerJoin("award", "award.id", "masterclass_place.award_id")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .select([
      "masterclass_place.id",
      "masterclass_place.status",
      "masterclass_place.attended",
      "entry.reference",
      "entry.title",
      "organisation.name as organisationName",
    ])
    .where("masterclass_place.session_id", "=", sessionId)
    .orderBy("entry.reference")
    .execute();
  return { session: { ...session, when: sessionWhen(session.starts_at, session.ends_at) }, places };
}

/**
 * Records whether a person who accepted a place came. A place that is not (or no longer) accepted
 * is a conflict: the winner changed their reply after the page was loaded.
 */
export async function recordAttendance(
  actor: Actor,
  challengeId: number,
  sessionId: number,
  placeId: number,
  attended: boolean,
) {
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const place = await trx
        .selectFrom("masterclass_place")
        .innerJoin("masterclass_session", "masterclass_session.id", "masterclass_place.session_id")
        .select(["masterclass_place.id", "masterclass_place.status"])
        .where("masterclass_place.id", "=", placeId)
        .where("masterclass_session.id", "=", sessionId)
        .where("masterclass_session.challenge_id", "=", challengeId)
        .forUpdate("masterclass_place")
        .executeTakeFirst();
      if (!place) throw notFound();
      if (place.status !== "accepted") throw conflict("Only people who accepted a place can be recorded as attending");
      await trx
        .updateTable("masterclass_place")
        .set({ attended, attendance_recorded_by: actor.id })
        .where("id", "=", placeId)
        .execute();
      await recordAudit(trx, {
        action: "masterclass_attendance_recorded",
        actorUserId: actor.id,
        subjectType: "masterclass_place",
        subjectId: placeId,
        ip: actor.ip,
        details: { sessionId, attended },
      });
      return { message: attended ? "Recorded as attended" : "Recorded as not attended" };
    });
}

/** The winner's places, for their award page; not found when the award is not theirs. */
export async function placesForAward(actor: Actor, awardId: number, now = new Date()) {
  await findWinnerAward(db(), actor, awardId);
  const rows = await db()
    .selectFrom("masterclass_place")
    .innerJoin("masterclass_session", "masterclass_session.id", "masterclass_place.session_id")
    .select((eb) => [
      "masterclass_place.id",
      "masterclass_place.status",
      "masterclass_session.id as sessionId",
      ...SESSION_DETAILS,
      "masterclass_session.capacity",
      eb
        .selectFrom("masterclass_place as taken")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("taken.session_id", "=", "masterclass_session.id")
        .where("taken.status", "=", "accepted")
        .as("accepted"),
    ])
    .where("masterclass_place.award_id", "=", awardId)
    .orderBy("masterclass_session.starts_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.sessionId,
    status: r.status,
    title: r.title,
    description: r.description,
    when: sessionWhen(r.starts_at, r.ends_at),
    venue: r.venue,
    onlineUrl: r.online_url,
    placesLeft: Math.max(0, r.capacity - Number(r.accepted ?? 0)),
    past: r.starts_at.getTime() <= now.getTime(),
  }));
}

/**
 * A winner accepts or declines a masterclass place, and is told in a sentence what happened.
 * Refused as a conflict when the reply can no longer be given as asked: the session has started,
 * the award holds a place on another session, or the last place has just been taken.
 */
export async function respondToPlace(
  actor: Actor,
  awardId: number,
  placeId: number,
  response: "accept" | "decline",
  now = new Date(),
): Promise<{ message: string }> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await findWinnerAward(trx, actor, awardId);
      // Lock order: the award's places, then the session, everywhere, so two replies cannot deadlock.
      const places = await trx
        .selectFrom("masterclass_place")
        .select(["id", "session_id", "status"])
        .where("award_id", "=", awardId)
        .orderBy("id")
        .forUpdate()
        .execute();
      const place = places.find((p) => p.id === placeId);
      if (!place) throw notFound();
      const session = await trx
        .selectFrom("masterclass_session")
        .select(["id", "title", "capacity", "starts_at"])
        .where("id", "=", place.session_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (session.starts_at.getTime() <= now.getTime())
        throw conflict("This masterclass session has already started, so your reply cannot be changed");
      if (response === "accept") {
        if (place.status === "accepted") return { message: `You already have a place on “${session.title}”` };
        const other = places.find((p) => p.status === "accepted" && p.id !== placeId);
        if (other) {
          throw conflict(
            "You already have a place on another session. Decline that place first if you want to come to this one instead",
          );
        }
        const taken = await trx
          .selectFrom("masterclass_place")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("session_id", "=", session.id)
          .where("status", "=", "accepted")
          .executeTakeFirstOrThrow();
        if (Number(taken.n) >= session.capacity) throw conflict(FULL_MESSAGE);
      } else if (place.status === "declined") {
        return { message: "You have declined this place" };
      }
      const status = response === "accept" ? "accepted" : "declined";
      await trx
        .updateTable("masterclass_place")
        .set({ status, responded_at: now, responded_by: actor.id })
        .where("id", "=", placeId)
        .execute();
      await recordAudit(trx, {
        action: response === "accept" ? "masterclass_place_accepted" : "masterclass_place_declined",
        actorUserId: actor.id,
        subjectType: "masterclass_place",
        subjectId: placeId,
        ip: actor.ip,
        details: { awardId, sessionId: session.id },
      });
      return {
        message:
          response === "accept"
            ? `You have a place on “${session.title}”`
            : `You have declined your place on “${session.title}”`,
      };
    });
}

/** The calendar file for a winner's accepted place; not found when not theirs, or not accepted. */
export async function placeCalendar(actor: Actor, awardId: number, sessionId: number, now = new Date()) {
  await findWinnerAward(db(), actor, awardId);
  const place = await db()
    .selectFrom("masterclass_place")
    .innerJoin("masterclass_session", "masterclass_session.id", "masterclass_place.session_id")
    .select(["masterclass_place.id", ...SESSION_DETAILS])
    .where("masterclass_place.award_id", "=", awardId)
    .where("masterclass_place.session_id", "=", sessionId)
    .where("masterclass_place.status", "=", "accepted")
    .executeTakeFirst();
  if (!place) throw notFound();
  const host = new URL(config.appUrl).hostname;
  return {
    filename: `masterclass-${sessionId}.ics`,
    body: buildIcs({
      uid: `masterclass-place-${place.id}@${host}`,
      stamp: now,
      start: place.starts_at,
      end: place.ends_at,
      summary: place.title,
      description: place.description || undefined,
      location: place.venue ?? (place.online_url ? "Online" : null),
      url: place.online_url,
    }),
  };
}

/**
 * The day-before reminder for every accepted place whose session starts within the next 24 hours.
 * Safe in several instances at once: each place is claimed by setting reminder_sent_at where it
 * was empty, in the transaction that queues its email.
 */
export async function sendMasterclassReminders(now = new Date()): Promise<number> {
  const soon = new Date(now.getTime() + 24 * 60 * 60 * 1000);
  return db()
    .transaction()
    .execute(async (trx) => {
      const claimed = await trx
        .updateTable("masterclass_place")
        .set({ reminder_sent_at: now })
        .where("status", "=", "accepted")
        .where("reminder_sent_at", "is", null)
        .where("session_id", "in", (eb) =>
          eb.selectFrom("masterclass_session").select("id").where("starts_at", ">", now).where("starts_at", "<=", soon),
        )
        .returning(["id", "award_id", "session_id"])
        .execute();
      let queued = 0;
      for (const place of claimed) {
        const session = await trx
          .selectFrom("masterclass_session")
          .select(["title", "starts_at", "ends_at", "venue", "online_url"])
          .where("id", "=", place.session_id)
          .executeTakeFirstOrThrow();
        const award = await trx
          .selectFrom("award")
          .select("entry_id")
          .where("id", "=", place.award_id)
          .executeTakeFirstOrThrow();
        for (const member of await membersOfEntry(trx, award.entry_id)) {
          const result = await queueEmail(trx, {
            to: member.email,
            template: "masterclass-reminder",
            idempotencyKey: `masterclass-reminder:${place.id}:${member.id}`,
            props: {
              name: member.name,
              sessionTitle: session.title,
              when: sessionWhen(session.starts_at, session.ends_at),
              venue: session.venue,
              onlineUrl: session.online_url,
              awardUrl: `${config.appUrl}/awards/${place.award_id}`,
            },
          });
          if (result.queued) queued += 1;
        }
      }
      return queued;
    });
}
