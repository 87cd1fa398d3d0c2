import { sql, type SqlBool, type Transaction } from "kysely";
import { db as processDb, type DB } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { absoluteUrl } from "../../../emails/components/url";
import { INTEREST_LABELS } from "../../domain/council-search";
import { formatDate } from "../../domain/time";
import { sharedIdeas, sharedIdeasWithInterest } from "./ideas.server";
import { queueEmail } from "../email/outbox.server";

// Keeping council officers informed without an email per event. When a challenge's results are
// published, each council officer gets one digest of the shared ideas for their area; after that,
// at most one email a week summarises what other councils recorded about those ideas, and nothing
// is sent in a week without changes. The scheduler runs both in every instance that runs the
// email worker: council_digest's unique (user, challenge, kind, period_end) and the outbox's
// idempotency key make each digest go once, whichever instance gets there first.

export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * A publication older than this gets no publication digest: it is no longer news (and a new
 * officer, or a service first deployed long after a publication, should not get one).
 */
export const PUBLICATION_DIGEST_WINDOW_MS = 4 * WEEK_MS;
/** How many ideas the publication digest lists by name. */
export const DIGEST_TOP = 5;

/**
 * Records that a digest is being sent, in the transaction that queues it. False when another run
 * (or instance) has already recorded it: the unique (user, challenge, kind, period_end) decides.
 */
async function claimDigest(
  trx: Transaction<Database>,
  digest: {
    user_id: number;
    challenge_id: number;
    kind: "publication" | "weekly";
    period_start: Date | null;
    period_end: Date;
  },
): Promise<boolean> {
  const claimed = await trx
    .insertInto("council_digest")
    .values(digest)
    .onConflict((oc) => oc.columns(["user_id", "challenge_id", "kind", "period_end"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return claimed !== undefined;
}

export function publicationDigestKey(challengeId: number, userId: number): string {
  return `council-publication-digest:${challengeId}:${userId}`;
}

export function weeklyDigestKey(challengeId: number, userId: number, periodEnd: Date): string {
  return `council-weekly-digest:${challengeId}:${userId}:${periodEnd.toISOString()}`;
}

interface OfficerRow {
  user_id: number;
  name: string;
  email: string;
  code: string;
  council: string;
}

async function officers(database: DB): Promise<OfficerRow[]> {
  return database
    .selectFrom("role_grant")
    .innerJoin("app_user", "app_user.id", "role_grant.user_id")
    .innerJoin("local_authority", "local_authority.code", "role_grant.local_authority_code")
    .select([
      "app_user.id as user_id",
      "app_user.name",
      "app_user.email",
      "local_authority.code",
      "local_authority.name as council",
    ])
    .where("role_grant.role", "=", "council_officer")
    .orderBy("app_user.id")
    .execute();
}

/** Whether an entry is from or for a council: its organisation is there, or it works there. */
const inCouncil = (code: string) =>
  sql<SqlBool>`(organisation.local_authority_code = ${code}
    or exists (select 1 from entry_area ea where ea.entry_id = entry.id and ea.local_authority_code = ${code}))`;

export interface DigestRun {
  queued: number;
  skipped: number;
}

/** Queues the publication digest of every recently published challenge to every officer without one. */
export async function sendPublicationDigests(now = new Date(), database: DB = processDb()): Promise<DigestRun> {
  const run: DigestRun = { queued: 0, skipped: 0 };
  const challenges = await database
    .selectFrom("challenge")
    .select(["id", "title", "results_published_at"])
    .where("results_published_at", "is not", null)
    .where("results_published_at", "<=", now)
    .where("results_published_at", ">", new Date(now.getTime() - PUBLICATION_DIGEST_WINDOW_MS))
    .orderBy("id")
    .execute();
  if (challenges.length === 0) return run;
  const everyone = await officers(database);
  for (const challenge of challenges) {
    const done = new Set(
      (
        await database
          .selectFrom("council_digest")
          .select("user_id")
          .where("challenge_id", "=", challenge.id)
          .where("kind", "=", "publication")
          .execute()
      ).map((r) => r.user_id),
    );
    const waiting = everyone.filter((o) => !done.has(o.user_id));
    if (waiting.length === 0) continue;
    const totalShared = Number(
      (
        await sharedIdeas(database)
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .where("entry.challenge_id", "=", challenge.id)
          .executeTakeFirstOrThrow()
      ).count,
    );
    for (const officer of waiting) {
      const sent = await database.transaction().execute(async (trx) => {
        const claimed = await claimDigest(trx, {
          user_id: officer.user_id,
          challenge_id: challenge.id,
          kind: "publication",
          period_start: null,
          period_end: new Date(challenge.results_published_at!),
        });
        if (!claimed) return false;
        const { count, top } = await ideasFor(trx, challenge.id, officer.code);
        const result = await queueEmail(trx, {
          to: officer.email,
          template: "council-publication-digest",
          props: {
            name: officer.name,
            councilName: officer.council,
            challengeTitle: challenge.title,
            count,
            top,
            totalShared,
            ideasUrl: absoluteUrl("/councils/ideas"),
          },
          idempotencyKey: publicationDigestKey(challenge.id, officer.user_id),
        });
        return result.queued;
      });
      if (sent) run.queued += 1;
      else run.skipped += 1;
    }
  }
  return run;
}

async function ideasFor(trx: Transaction<Database>, challengeId: number, code: string) {
  const base = sharedIdeas(trx).where("entry.challenge_id", "=", challengeId).where(inCouncil(code));
  const [count, top] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
    base
      .select([
        "entry.reference",
        "entry.title",
        sql<string | null>`(select t.name from award a join prize_tier t on t.id = a.prize_tier_id
          where a.entry_id = entry.id order by t.places limit 1)`.as("award"),
        sql<number>`(select min(t.places) from award a join prize_tier t on t.id = a.prize_tier_id where a.entry_id = entry.id)`.as(
          "places",
        ),
      ])
      // Winners first, then the top 20, then the rest by reference.
      .orderBy(sql`places asc nulls last`)
      .orderBy("entry.reference")
      .limit(DIGEST_TOP)
      .execute(),
  ]);
  return {
    count: Number(count.count),
    top: top.map((t) => ({
      reference: t.reference,
      title: t.title,
      award: t.award,
    })),
  };
}

/**
 * Queues each officer's weekly digest of changes, for every published challenge they already had
 * a digest of: the interest other councils recorded or changed in ideas for the officer's area
 * in the whole weeks since their last digest. Periods are whole weeks counted from the previous
 * digest's end, so every instance computes the same period (and key) for the same officer.
 */
export async function sendWeeklyDigests(now = new Date(), database: DB = processDb()): Promise<DigestRun> {
  const run: DigestRun = { queued: 0, skipped: 0 };
  const latest = await database
    .selectFrom("council_digest")
    .innerJoin("challenge", "challenge.id", "council_digest.challenge_id")
    .innerJoin("role_grant", (join) =>
      join.onRef("role_grant.user_id", "=", "council_digest.user_id").on("role_grant.role", "=", "council_officer"),
    )
    .innerJoin("app_user", "app_user.id", "council_digest.user_id")
    .innerJoin("local_authority", "local_authority.code", "role_grant.local_authority_code")
    .select([
      "council_digest.user_id",
      "council_digest.challenge_id",
      "challenge.title as challenge_title",
      "app_user.name",
      "app_user.email",
      "local_authority.code",
      "local_authority.name as council",
      (eb) => eb.fn.max("council_digest.period_end").as("last_end"),
    ])
    .where("challenge.results_published_at", "is not", null)
    .groupBy([
      "council_digest.user_id",
      "council_digest.challenge_id",
      "challenge.title",
      "app_user.name",
      "app_user.email",
      "local_authority.code",
      "local_authority.name",
    ])
    .execute();

  for (const row of latest) {
    const start = new Date(row.last_end as unknown as string | Date);
    const weeks = Math.floor((now.getTime() - start.getTime()) / WEEK_MS);
    if (weeks < 1) continue;
    const end = new Date(start.getTime() + weeks * WEEK_MS);
    const changes = await sharedIdeasWithInterest(database)
      .select([
        "entry.reference",
        "entry.title",
        "local_authority.name as council",
        "council_interest.status",
        "council_interest.initiative_name",
      ])
      .where("entry.challenge_id", "=", row.challenge_id)
      .where(inCouncil(row.code))
      .where("council_interest.local_authority_code", "!=", row.code)
      .where("council_interest.updated_at", ">", start)
      .where("council_interest.updated_at", "<=", end)
      .orderBy("entry.reference")
      .orderBy("local_authority.name")
      .limit(200)
      .execute();
    // Nothing changed: no email and no record, so the next week's digest covers these weeks too.
    if (changes.length === 0) continue;
    const sent = await database.transaction().execute(async (trx) => {
      const claimed = await claimDigest(trx, {
        user_id: row.user_id,
        challenge_id: row.challenge_id,
        kind: "weekly",
        period_start: start,
        period_end: end,
      });
      if (!claimed) return false;
      const result = await queueEmail(trx, {
        to: row.email,
        template: "council-weekly-digest",
        props: {
          name: row.name,
          councilName: row.council,
          challengeTitle: row.challenge_title,
          period: `${formatDate(start)} to ${formatDate(end)}`,
          changes: changes.map((c) => ({
            reference: c.reference,
            title: c.title,
            council: c.council,
            status: INTEREST_LABELS[c.status],
            initiative: c.initiative_name,
          })),
          ideasUrl: absoluteUrl("/councils/ideas"),
        },
        idempotencyKey: weeklyDigestKey(row.challenge_id, row.user_id, end),
      });
      return result.queued;
    });
    if (sent) run.queued += 1;
    else run.skipped += 1;
  }
  return run;
}

/** The scheduler's job: both digests, publication first. */
export async function sendCouncilDigests(now = new Date(), database: DB = processDb()) {
  return {
    publication: await sendPublicationDigests(now, database),
    weekly: await sendWeeklyDigests(now, database),
  };
}
