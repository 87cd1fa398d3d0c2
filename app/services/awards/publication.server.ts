import type { Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database } from "../../../db/schema";
import type { EntryFeedback } from "../../../emails/entry-result";
import { config } from "../../config.server";
import { formatPence } from "../../domain/money";
import { canPublishResults } from "../../domain/stages";
import { formatDateTime } from "../../domain/time";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { invalid, notFound } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";
import { recordAudit } from "../platform/audit.server";
import { winnersTierId } from "./awards.server";
import { issueAgreementsAtPublication } from "./grant-agreements.server";
import { inviteToMasterclasses } from "./masterclasses.server";
import { createMonitoringReports } from "./monitoring.server";
import { queueEmail } from "../email/outbox.server";
import { loadStageFacts } from "../challenges/stages.server";
import { assertNoStaffConflict, awardedEntryIds } from "./staff-conflicts.server";

// Publishing the results: once, and only after a second member of staff approved the list. The
// list row is locked for the whole transaction, so two publishes at the same moment queue the
// emails once: the second waits, then finds the list already published and does nothing. Every
// email also carries an idempotency key per entry, kind and person, so even a retried
// transaction cannot send twice. Publishing checks the staff role itself, inside its transaction,
// before anything else, as well as the route.

/** Published now, or found already published (a second click, or two people at once): both succeed. */
export interface PublishResult {
  outcome: "published" | "already_published";
  emailsQueued: number;
  message: string;
}

export async function publishAwardList(actor: Actor, challengeId: number, now = new Date()): Promise<PublishResult> {
  assertRecentSecondFactor(actor);
  return db()
    .transaction()
    .execute(async (trx): Promise<PublishResult> => {
      await assertStaff(trx, actor);
      await assertNoStaffConflict(trx, actor, await awardedEntryIds(trx, challengeId), "publish these results");
      const list = await trx
        .selectFrom("award_list")
        .select(["status", "published_at", "version"])
        .where("challenge_id", "=", challengeId)
        .forUpdate()
        .executeTakeFirst();
      if (list?.status === "published") {
        return {
          outcome: "already_published",
          emailsQueued: 0,
          message: `The results were already published at ${formatDateTime(list.published_at!)}. Nothing was sent again.`,
        };
      }
      // Every stage before it must be over, in order: entries closed, both rounds confirmed, the
      // awards proposed and approved by a second person (app/domain/stages.ts). The database
      // refuses publishing on a challenge that is not closed too (migration 2026120501).
      const facts = await loadStageFacts(trx, challengeId);
      if (!facts) throw notFound();
      const stage = canPublishResults(facts, now);
      if (!stage.ok) throw invalid(stage.reason);
      if (!list) throw invalid("Propose and approve the awards before publishing the results");
      await trx
        .updateTable("award_list")
        .set({ status: "published", published_at: now, published_by: actor.id, version: list.version + 1 })
        .where("challenge_id", "=", challengeId)
        .execute();
      await trx
        .updateTable("challenge")
        .set({ results_published_at: now, updated_at: now })
        .where("id", "=", challengeId)
        .execute();
      // Each award's grant agreement, from its tier's terms, for the winner to accept.
      const agreements = await issueAgreementsAtPublication(trx, challengeId, actor.id, now);
      const emailsQueued = await queueResultEmails(trx, challengeId);
      const invitations = await inviteToMasterclasses(trx, challengeId);
      // Each award's monitoring reports, due from today, by its tier's schedule (decision 061).
      const monitoringReports = await createMonitoringReports(trx, challengeId);
      await recordAudit(trx, {
        action: "results_published",
        actorUserId: actor.id,
        subjectType: "challenge",
        subjectId: challengeId,
        ip: actor.ip,
        details: { emailsQueued, masterclassInvitations: invitations, agreementsIssued: agreements, monitoringReports },
      });
      return {
        outcome: "published",
        emailsQueued,
        message: `The results are published. ${emailsQueued} ${emailsQueued === 1 ? "email is" : "emails are"} on their way.`,
      };
    });
}

async function queueResultEmails(trx: Transaction<Database>, challengeId: number): Promise<number> {
  const challenge = await trx
    .selectFrom("challenge")
    .select(["title"])
    .where("id", "=", challengeId)
    .executeTakeFirstOrThrow();
  const tiers = await trx
    .selectFrom("prize_tier")
    .select(["id", "name", "places", "position", "masterclass"])
    .where("challenge_id", "=", challengeId)
    .execute();
  const winnersTier = winnersTierId(tiers);
  const tierById = new Map(tiers.map((t) => [t.id, t]));
  const awards = await trx
    .selectFrom("award")
    .select(["entry_id", "prize_tier_id", "cash_pence", "support_cap_pence"])
    .where("challenge_id", "=", challengeId)
    .execute();
  const awardsByEntry = new Map<number, typeof awards>();
  for (const a of awards) awardsByEntry.set(a.entry_id, [...(awardsByEntry.get(a.entry_id) ?? []), a]);

  // Everyone who submitted an entry that stayed eligible hears the result: each member of the
  // entering organisation, since any of them may be the one who reads the email.
  const recipients = await trx
    .selectFrom("entry")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("organisation_member", "organisation_member.organisation_id", "entry.organisation_id")
    .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
    .select([
      "entry.id as entryId",
      "entry.reference",
      "entry.title",
      "organisation.name as organisationName",
      "app_user.id as userId",
      "app_user.email",
      "app_user.name",
    ])
    .where("entry.challenge_id", "=", challengeId)
    .where("entry.status", "=", "submitted")
    .orderBy("entry.id")
    .orderBy("app_user.id")
    .execute();

  const feedback = await loadApprovedFeedback(trx, challengeId);
  let queued = 0;
  for (const r of recipients) {
    const entryAwards = awardsByEntry.get(r.entryId);
    // What both letters say about the entry they are about.
    const about = {
      name: r.name,
      organisationName: r.organisationName,
      challengeTitle: challenge.title,
      reference: r.reference,
      title: r.title,
    };
    let result;
    if (entryAwards) {
      const cash = entryAwards.reduce((sum, a) => sum + a.cash_pence, 0);
      const cap = Math.max(...entryAwards.map((a) => a.support_cap_pence));
      result = await queueEmail(trx, {
        to: r.email,
        template: "award-offer",
        idempotencyKey: `award-offer:${r.entryId}:${r.userId}`,
        props: {
          ...about,
          tiers: entryAwards.map((a) => tierById.get(a.prize_tier_id)?.name ?? "a prize"),
          winner: entryAwards.some((a) => a.prize_tier_id === winnersTier),
          cash: cash > 0 ? formatPence(cash) : null,
          supportCap: cap > 0 ? formatPence(cap) : null,
          masterclass: entryAwards.some((a) => tierById.get(a.prize_tier_id)?.masterclass),
          awardsUrl: `${config.appUrl}/awards`,
        },
      });
    } else {
      result = await queueEmail(trx, {
        to: r.email,
        template: "entry-result",
        idempotencyKey: `entry-result:${r.entryId}:${r.userId}`,
        props: { ...about, feedback: feedback.get(r.entryId) ?? [], winnersUrl: `${config.appUrl}/winners` },
      });
    }
    if (result.queued) queued += 1;
  }
  return queued;
}

/**
 * The judges' comments staff approved for sharing, per entry: overall and per criterion, from
 * the challenge's rounds. Judges are numbered, never named, and no score is included.
 */
export async function loadApprovedFeedback(executor: Executor, challengeId: number) {
  const reviews = await executor
    .selectFrom("review")
    .innerJoin("assignment", "assignment.id", "review.assignment_id")
    .innerJoin("judging_round", "judging_round.id", "assignment.round_id")
    .select(["review.id", "assignment.entry_id", "review.overall_comment", "judging_round.number"])
    .where("judging_round.challenge_id", "=", challengeId)
    .where("judging_round.number", "in", [1, 2])
    .where("review.feedback_approved_at", "is not", null)
    .orderBy("assignment.entry_id")
    .orderBy("judging_round.number")
    .orderBy("review.id")
    .execute();
  const comments = reviews.length
    ? await executor
        .selectFrom("score")
        .innerJoin("criterion", "criterion.id", "score.criterion_id")
        .select(["score.review_id", "score.comment", "criterion.name", "criterion.position"])
        .where(
          "score.review_id",
          "in",
          reviews.map((r) => r.id),
        )
        .where("score.comment", "!=", "")
        .orderBy("criterion.position")
        .execute()
    : [];
  const byEntry = new Map<number, EntryFeedback[]>();
  for (const review of reviews) {
    const list = byEntry.get(review.entry_id) ?? [];
    const criteria = comments
      .filter((c) => c.review_id === review.id)
      .map((c) => ({ name: c.name, comment: c.comment.trim() }));
    if (!review.overall_comment.trim() && !criteria.length) continue;
    list.push({ label: `Judge ${list.length + 1}`, overall: review.overall_comment.trim(), criteria });
    byEntry.set(review.entry_id, list);
  }
  return byEntry;
}

export interface WinnersPage {
  challenge: { title: string; slug: string; publishedAt: Date };
  tiers: {
    name: string;
    description: string;
    entries: {
      reference: string;
      title: string;
      organisationName: string;
      priorityArea: string | null;
      summary: string;
    }[];
  }[];
  /** Every other challenge whose results are published, newest first, each with its own page. */
  otherYears: { title: string; slug: string; publishedAt: Date }[];
}

/**
 * The public list of winning ideas: the given challenge's (not found until its results are
 * published), or the most recently published (null while none is: the page says so). Only what
 * the organisations published about their idea: no names, emails or phone numbers.
 */
export async function winnersPage(): Promise<WinnersPage | null>;
export async function winnersPage(slug: string): Promise<WinnersPage>;
export async function winnersPage(slug?: string): Promise<WinnersPage | null> {
  let query = db()
    .selectFrom("challenge")
    .select(["id", "title", "slug", "results_published_at"])
    .where("results_published_at", "is not", null);
  query = slug ? query.where("slug", "=", slug) : query.orderBy("results_published_at", "desc").orderBy("id", "desc");
  const challenge = await query.executeTakeFirst();
  if (!challenge) {
    if (slug !== undefined) throw notFound();
    return null;
  }
  const tiers = await db()
    .selectFrom("prize_tier")
    .select(["id", "name", "description", "places", "position"])
    .where("challenge_id", "=", challenge.id)
    .orderBy("places")
    .orderBy("position")
    .execute();
  const rows = await db()
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .leftJoin("priority_area", "priority_area.id", "entry.priority_area_id")
    .select([
      "award.prize_tier_id",
      "entry.reference",
      "entry.title",
      "entry.summary",
      "organisation.name as organisationName",
      "priority_area.name as priorityArea",
    ])
    .where("award.challenge_id", "=", challenge.id)
    .orderBy("entry.title")
    .orderBy("entry.id")
    .execute();
  const otherYears = await db()
    .selectFrom("challenge")
    .select(["title", "slug", "results_published_at"])
    .where("results_published_at", "is not", null)
    .where("id", "!=", challenge.id)
    .orderBy("results_published_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return {
    challenge: { title: challenge.title, slug: challenge.slug, publishedAt: challenge.results_published_at! },
    otherYears: otherYears.map((c) => ({ title: c.title, slug: c.slug, publishedAt: c.results_published_at! })),
    tiers: tiers
      .map((t) => ({
        name: t.name,
        description: t.description,
        entries: rows
          .filter((r) => r.prize_tier_id === t.id)
          .map((r) => ({
            reference: r.reference,
            title: r.title,
            organisationName: r.organisationName,
            priorityArea: r.priorityArea,
            summary: r.summary,
          })),
      }))
      .filter((t) => t.entries.length > 0),
  };
}
