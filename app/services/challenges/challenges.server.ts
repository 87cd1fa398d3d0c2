import { sql } from "kysely";
import { db, type Executor } from "../../../db/client";
import { config } from "../../config.server";
import { buildChallengePage, type ChallengeData, type ChallengePageModel } from "../../domain/challenge-page";
import { formatDateTime } from "../../domain/time";

/**
 * The challenge the public page shows: the open one if any, else the most recent that has been
 * published (open, closed or archived). Drafts are only ever seen by staff.
 */
export async function getCurrentChallenge() {
  const challenge = await db()
    .selectFrom("challenge")
    .selectAll()
    .where("status", "in", ["open", "closed"])
    .orderBy((eb) => eb.case().when("status", "=", "open").then(0).else(1).end())
    .orderBy("opens_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!challenge) return null;
  const [priorityAreas, principles, prizeTiers] = await Promise.all([
    db()
      .selectFrom("priority_area")
      .innerJoin("local_authority", "local_authority.code", "priority_area.sponsor_code")
      .select([
        "priority_area.id",
        "priority_area.name",
        "priority_area.description",
        "local_authority.name as sponsor",
      ])
      .where("challenge_id", "=", challenge.id)
      .orderBy("position")
      .execute(),
    db()
      .selectFrom("principle")
      .select(["id", "name", "description"])
      .where("challenge_id", "=", challenge.id)
      .orderBy("position")
      .execute(),
    db().selectFrom("prize_tier").selectAll().where("challenge_id", "=", challenge.id).orderBy("position").execute(),
  ]);
  return { challenge, priorityAreas, principles, prizeTiers };
}

/** A challenge's priority areas with their sponsor councils' names, in the order staff set. */
export function priorityAreasOf(executor: Executor, challengeId: number) {
  return executor
    .selectFrom("priority_area")
    .innerJoin("local_authority", "local_authority.code", "priority_area.sponsor_code")
    .select(["priority_area.id", "priority_area.name", "priority_area.description", "local_authority.name as sponsor"])
    .where("priority_area.challenge_id", "=", challengeId)
    .orderBy("priority_area.position")
    .orderBy("priority_area.id")
    .execute();
}

/** A challenge's cross-cutting principles, in the order staff set. */
export function principlesOf(executor: Executor, challengeId: number) {
  return executor
    .selectFrom("principle")
    .select(["id", "name", "description"])
    .where("challenge_id", "=", challengeId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** Everything the challenge page shows about one challenge, or null when there is no such challenge. */
export async function loadChallengeData(executor: Executor, challengeId: number): Promise<ChallengeData | null> {
  const challenge = await executor
    .selectFrom("challenge")
    .select([
      "id",
      "title",
      "summary",
      "description",
      "who_can_enter",
      "how_judging_works",
      "share_text",
      "status",
      "opens_at",
      "closes_at",
    ])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) return null;
  const [priorityAreas, principles, prizeTiers, criteria, faqs, keyDates] = await Promise.all([
    priorityAreasOf(executor, challengeId),
    principlesOf(executor, challengeId),
    executor
      .selectFrom("prize_tier")
      .select(["id", "name", "description", "places", "cash_pence", "support_cap_pence", "masterclass"])
      .where("challenge_id", "=", challengeId)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    executor
      .selectFrom("criterion")
      .select(["id", "name", "guidance", "weight", "scale_min", "scale_max"])
      .where("challenge_id", "=", challengeId)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    executor
      .selectFrom("challenge_faq")
      .select(["id", "question", "answer"])
      .where("challenge_id", "=", challengeId)
      .orderBy("position")
      .orderBy("id")
      .execute(),
    executor
      .selectFrom("challenge_key_date")
      .select(["id", "label", sql<string>`to_char(happens_on, 'YYYY-MM-DD')`.as("date")])
      .where("challenge_id", "=", challengeId)
      .orderBy("happens_on")
      .orderBy("id")
      .execute(),
  ]);
  return {
    id: challenge.id,
    title: challenge.title,
    summary: challenge.summary,
    description: challenge.description,
    whoCanEnter: challenge.who_can_enter,
    howJudgingWorks: challenge.how_judging_works,
    shareText: challenge.share_text,
    status: challenge.status,
    opensAt: new Date(challenge.opens_at),
    closesAt: new Date(challenge.closes_at),
    priorityAreas,
    principles,
    prizeTiers: prizeTiers.map((t) => ({
      id: t.id,
      name: t.name,
      description: t.description,
      places: t.places,
      cashPence: t.cash_pence,
      supportCapPence: t.support_cap_pence,
      masterclass: t.masterclass,
    })),
    criteria: criteria.map((c) => ({
      id: c.id,
      name: c.name,
      guidance: c.guidance,
      weight: c.weight,
      scaleMin: c.scale_min,
      scaleMax: c.scale_max,
    })),
    faqs,
    keyDates,
  };
}

export type PublicChallengePage =
  | { kind: "open"; page: ChallengePageModel }
  /** No challenge is open; the most recent one that was (if any) is named in the message. */
  | { kind: "none"; lastClosed: { title: string; closedAt: string } | null };

/**
 * What / shows: the open challenge in full, worked out for `now` in Europe/London; otherwise a
 * plain message. Drafts are never shown here, and earlier challenges only to staff.
 */
export async function publicChallengePage(now: Date = new Date()): Promise<PublicChallengePage> {
  const open = await db().selectFrom("challenge").select("id").where("status", "=", "open").executeTakeFirst();
  const data = open ? await loadChallengeData(db(), open.id) : null;
  if (data) return { kind: "open", page: buildChallengePage(data, { now, appUrl: config.appUrl }) };
  const last = await db()
    .selectFrom("challenge")
    .select(["title", "closes_at"])
    .where("status", "in", ["closed", "archived"])
    .orderBy("closes_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return {
    kind: "none",
    lastClosed: last ? { title: last.title, closedAt: formatDateTime(new Date(last.closes_at)) } : null,
  };
}

/** The region's councils by name: who can sponsor a priority area, where entrants must be based or work. */
export async function regionCouncils(): Promise<{ code: string; name: string }[]> {
  return db().selectFrom("local_authority").select(["code", "name"]).orderBy("name").execute();
}
