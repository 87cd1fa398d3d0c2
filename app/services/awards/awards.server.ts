import type { Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { AwardListStatus, Database, RoundStatus } from "../../../db/schema";
import { proposeAwards, widestAndNarrowest, type AwardProposal } from "../../domain/awards";
import { checkBudget, type BudgetCheck } from "../../domain/budget";
import { formatPence } from "../../domain/money";
import { londonDate } from "../../domain/deadline";
import { canProposeAwards, canPublishResults } from "../../domain/stages";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, invalid, notFound } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";
import { recordAudit } from "../platform/audit.server";
import { placesForAward } from "./masterclasses.server";
import { findWinnerAward, winnerPayment } from "./prize-payments.server";
import { agreementState } from "./grant-agreements.server";
import { supportSummaryForWinner } from "./progress-updates.server";
import { winnerMonitoring } from "./monitoring.server";
import { loadStageFacts } from "../challenges/stages.server";
import { assertNoStaffConflict, awardedEntryIds, conflictWarning, staffConflictsFor } from "./staff-conflicts.server";

// Deciding the awards: staff propose the list from the confirmed judging results, a second
// member of staff approves it (two people for public money; the database refuses the same person
// too), and until approval the proposer or a colleague can withdraw it to propose again.
// Publication is in awards/publication.server.ts.
//
// Every staff function checks the staff role itself (assertStaff), before anything else and, for a
// change, inside its transaction, so a role removed at the same moment is waited for or seen. The
// routes check it too: a route added later without its requireRole still cannot reach the awards.

/**
 * What a step of the awards did, in a sentence for the person. A refusal is thrown instead: invalid
 * when a step must come first (or another person must take it), conflict when someone else has
 * moved the list on since the page was loaded.
 */
export interface AwardActionResult {
  message: string;
}

export const SELF_APPROVAL_MESSAGE = "You proposed this list, so another member of staff must approve it";
export const ROUNDS_NOT_CONFIRMED_MESSAGE =
  "The awards can only be proposed once both judging rounds are confirmed: confirm round 1 (the shortlist) and round 2 (the winners) first";

export const AWARD_LIST_STATUS_LABELS: Record<AwardListStatus, string> = {
  proposed: "Proposed, waiting for approval",
  approved: "Approved, not yet published",
  published: "Published",
};

const ROUND_STATUS_LABELS: Record<RoundStatus, string> = {
  setup: "Being set up",
  open: "Open for scoring",
  closed: "Closed, not confirmed",
  confirmed: "Confirmed",
};

/** /staff/awards: every challenge past set-up, with how far its awards have got. */
export async function listAwardChallenges(actor: Actor) {
  await assertStaff(db(), actor);
  const rows = await db()
    .selectFrom("challenge")
    .leftJoin("award_list", "award_list.challenge_id", "challenge.id")
    .select([
      "challenge.id",
      "challenge.title",
      "challenge.status",
      "challenge.closes_at",
      "challenge.results_published_at",
      "award_list.status as listStatus",
    ])
    .where("challenge.status", "!=", "draft")
    .orderBy("challenge.closes_at", "desc")
    .orderBy("challenge.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    closesAt: r.closes_at,
    published: r.results_published_at !== null,
    awardsStatus: r.listStatus ? AWARD_LIST_STATUS_LABELS[r.listStatus] : "Not proposed",
  }));
}

async function loadProposalInputs(executor: Executor, challengeId: number) {
  const rounds = await executor
    .selectFrom("judging_round")
    .select(["id", "number", "status"])
    .where("challenge_id", "=", challengeId)
    .execute();
  const round1 = rounds.find((r) => r.number === 1) ?? null;
  const round2 = rounds.find((r) => r.number === 2) ?? null;
  const tiers = await executor
    .selectFrom("prize_tier")
    .select(["id", "name", "places", "cash_pence", "support_cap_pence", "masterclass", "position"])
    .where("challenge_id", "=", challengeId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const roundIds = [round1, round2].filter((r) => r?.status === "confirmed").map((r) => r!.id);
  const results = roundIds.length
    ? await executor
        .selectFrom("round_result")
        .select(["round_id", "entry_id", "rank", "selected"])
        .where("round_id", "in", roundIds)
        .execute()
    : [];
  const of = (roundId: number | undefined) =>
    results
      .filter((r) => r.round_id === roundId)
      .map((r) => ({ entryId: r.entry_id, rank: r.rank, selected: r.selected }));
  const confirmed = round1?.status === "confirmed" && round2?.status === "confirmed";
  const proposal: AwardProposal | null = confirmed
    ? proposeAwards({
        tiers: tiers.map((t) => ({
          id: t.id,
          name: t.name,
          places: t.places,
          cashPence: t.cash_pence,
          supportCapPence: t.support_cap_pence,
          position: t.position,
        })),
        round1: of(round1?.id),
        round2: of(round2?.id),
      })
    : null;
  return {
    rounds: [
      {
        number: 1,
        label: "Round 1 (the shortlist)",
        status: round1 ? ROUND_STATUS_LABELS[round1.status] : "Not set up",
      },
      { number: 2, label: "Round 2 (the winners)", status: round2 ? ROUND_STATUS_LABELS[round2.status] : "Not set up" },
    ],
    confirmed,
    tiers,
    proposal,
  };
}

async function entriesById(executor: Executor, ids: number[]) {
  if (!ids.length)
    return new Map<
      number,
      { reference: string; title: string; organisationName: string; priorityArea: string | null }
    >();
  const rows = await executor
    .selectFrom("entry")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .leftJoin("priority_area", "priority_area.id", "entry.priority_area_id")
    .select([
      "entry.id",
      "entry.reference",
      "entry.title",
      "organisation.name as organisationName",
      "priority_area.name as priorityArea",
    ])
    .where("entry.id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** /staff/awards/:challengeId: the rounds, the list as proposed (or what would be proposed), and what can happen next. */
export async function awardListPage(actor: Actor, challengeId: number, now = new Date()) {
  const executor = db();
  await assertStaff(executor, actor);
  const challenge = await executor
    .selectFrom("challenge")
    .select(["id", "title", "slug", "results_published_at", "budget_pence"])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) throw notFound();
  const inputs = await loadProposalInputs(executor, challengeId);
  const facts = (await loadStageFacts(executor, challengeId))!;
  const propose = canProposeAwards(facts, now);
  const publish = canPublishResults(facts, now);
  const list = await executor
    .selectFrom("award_list")
    .leftJoin("app_user as proposer", "proposer.id", "award_list.proposed_by")
    .leftJoin("app_user as approver", "approver.id", "award_list.approved_by")
    .leftJoin("app_user as publisher", "publisher.id", "award_list.published_by")
    .select([
      "award_list.status",
      "award_list.proposed_by",
      "award_list.proposed_at",
      "award_list.approved_at",
      "award_list.published_at",
      "award_list.over_budget_reason",
      "award_list.over_budget_pence",
      "proposer.name as proposerName",
      "approver.name as approverName",
      "publisher.name as publisherName",
    ])
    .where("award_list.challenge_id", "=", challengeId)
    .executeTakeFirst();

  const awards = list
    ? await executor
        .selectFrom("award")
        .select(["id", "entry_id", "prize_tier_id", "cash_pence", "support_cap_pence"])
        .where("challenge_id", "=", challengeId)
        .orderBy("id")
        .execute()
    : [];
  const rows = list
    ? awards.map((a) => ({
        entryId: a.entry_id,
        tierId: a.prize_tier_id,
        cashPence: a.cash_pence,
        supportCapPence: a.support_cap_pence,
      }))
    : (inputs.proposal?.awards ?? []);
  const entryIds = [...new Set(rows.map((r) => r.entryId))];
  const entries = await entriesById(executor, entryIds);
  // The entries the person has a conflict of interest with: flagged, and they cannot approve or publish.
  const conflicts = await staffConflictsFor(executor, actor, entryIds);
  const conflictOf = new Map(conflicts.map((c) => [c.entryId, conflictWarning(c)]));
  const tiers = inputs.tiers.map((tier) => {
    const inTier = rows.filter((r) => r.tierId === tier.id);
    return {
      id: tier.id,
      name: tier.name,
      places: tier.places,
      cashPence: tier.cash_pence,
      supportCapPence: tier.support_cap_pence,
      totalCashPence: inTier.reduce((sum, r) => sum + r.cashPence, 0),
      entries: inTier.map((r) => ({
        ...entries.get(r.entryId)!,
        cashPence: r.cashPence,
        supportCapPence: r.supportCapPence,
        conflict: conflictOf.get(r.entryId) ?? null,
      })),
    };
  });
  return {
    challenge: {
      id: challenge.id,
      title: challenge.title,
      slug: challenge.slug,
      published: challenge.results_published_at !== null,
    },
    rounds: inputs.rounds,
    roundsConfirmed: inputs.confirmed,
    /** Why the awards cannot be proposed, or the results published, yet (app/domain/stages.ts). */
    proposeNotYet: propose.ok ? null : propose.reason,
    publishNotYet: publish.ok ? null : publish.reason,
    notes: list ? [] : (inputs.proposal?.notes ?? []),
    /** The entries on the list the person has a conflict of interest with ("CRI-0042 (you judged it)"). */
    conflicts: conflicts.map((c) => `${c.reference} (${c.because})`),
    tiers,
    totalCashPence: tiers.reduce((sum, t) => sum + t.totalCashPence, 0),
    /**
     * What the list (as proposed, or as it would be) commits against the challenge's budget: its
     * cash prizes plus its support caps (domain/budget.ts). No budget set means no limit.
     */
    budget: checkBudget(challenge.budget_pence, rows),
    list: list
      ? {
          status: list.status,
          statusLabel: AWARD_LIST_STATUS_LABELS[list.status],
          proposerName: list.proposerName,
          proposedAt: list.proposed_at,
          approverName: list.approverName,
          approvedAt: list.approved_at,
          publisherName: list.publisherName,
          publishedAt: list.published_at,
          proposedByMe: list.proposed_by === actor.id,
          /** The proposer's reason for going over the budget, and by how much, when they did. */
          overBudget:
            list.over_budget_reason !== null && list.over_budget_pence !== null
              ? { reason: list.over_budget_reason, overPence: list.over_budget_pence }
              : null,
        }
      : null,
  };
}

/** Why a list over the budget was refused: what it commits, the budget, and how far over. */
export function overBudgetMessage(check: BudgetCheck): string {
  return `These awards commit ${formatPence(check.committedPence)} (cash prizes and support caps), ${formatPence(check.overPence)} over the budget of ${formatPence(check.budgetPence ?? 0)}. Give a reason for going over the budget, or change the prize tiers or the budget`;
}

/**
 * Proposes the award list from the confirmed rounds: the list, its awards (amounts copied from
 * the prize tiers, so a later change to a tier never changes an award) and a payment for every
 * award with cash, all in one transaction. A list that commits more than the challenge's budget
 * (cash prizes plus support caps) is refused unless `overBudgetReason` says why; the reason and
 * the overspend are kept on the list for the approver and audited.
 */
export async function proposeAwardList(
  actor: Actor,
  challengeId: number,
  now = new Date(),
  overBudgetReason = "",
): Promise<AwardActionResult> {
  return db()
    .transaction()
    .execute(async (trx): Promise<AwardActionResult> => {
      await assertStaff(trx, actor);
      const challenge = await trx
        .selectFrom("challenge")
        .select(["id", "budget_pence"])
        .where("id", "=", challengeId)
        .forUpdate()
        .executeTakeFirst();
      if (!challenge) throw notFound();
      const stage = canProposeAwards((await loadStageFacts(trx, challengeId))!, now);
      if (!stage.ok) throw invalid(stage.reason);
      const inputs = await loadProposalInputs(trx, challengeId);
      if (!inputs.confirmed || !inputs.proposal) throw invalid(ROUNDS_NOT_CONFIRMED_MESSAGE);
      if (!inputs.proposal.awards.length)
        throw invalid("There is nothing to award: no entry was selected in the confirmed rounds");
      const budget = checkBudget(challenge.budget_pence, inputs.proposal.awards);
      const reason = overBudgetReason.trim();
      if (budget.overPence > 0 && !reason) throw invalid(overBudgetMessage(budget), "overBudgetReason");
      const over = budget.overPence > 0 ? { over_budget_reason: reason, over_budget_pence: budget.overPence } : {};
      const created = await trx
        .insertInto("award_list")
        .values({
          challenge_id: challengeId,
          status: "proposed",
          proposed_by: actor.id,
          proposed_at: now,
          ...over,
        })
        .onConflict((oc) => oc.column("challenge_id").doNothing())
        .returning("challenge_id")
        .executeTakeFirst();
      if (!created) throw conflict("The awards for this challenge have already been proposed");
      const awards = await trx
        .insertInto("award")
        .values(
          inputs.proposal.awards.map((a) => ({
            challenge_id: challengeId,
            entry_id: a.entryId,
            prize_tier_id: a.tierId,
            cash_pence: a.cashPence,
            support_cap_pence: a.supportCapPence,
            created_at: now,
          })),
        )
        .returning(["id", "cash_pence"])
        .execute();
      const withCash = awards.filter((a) => a.cash_pence > 0);
      if (withCash.length) {
        const payments = await trx
          .insertInto("prize_payment")
          .values(
            withCash.map((a) => ({
              award_id: a.id,
              amount_pence: a.cash_pence,
              updated_by: actor.id,
              updated_at: now,
            })),
          )
          .returning("id")
          .execute();
        await trx
          .insertInto("prize_payment_event")
          .values(
            payments.map((p) => ({
              payment_id: p.id,
              from_status: null,
              to_status: "awaiting_acceptance" as const,
              changed_by: actor.id,
              changed_at: now,
              note: "Award proposed",
            })),
          )
          .execute();
      }
      await recordAudit(trx, {
        action: "awards_proposed",
        actorUserId: actor.id,
        subjectType: "challenge",
        subjectId: challengeId,
        ip: actor.ip,
        details: {
          awards: awards.length,
          payments: withCash.length,
          cashPence: withCash.reduce((s, a) => s + a.cash_pence, 0),
          budgetPence: budget.budgetPence,
          committedPence: budget.committedPence,
          ...(budget.overPence > 0 ? { overBudgetPence: budget.overPence, overBudgetReason: reason } : {}),
          notes: inputs.proposal.notes,
        },
      });
      return { message: `${awards.length} awards proposed. Another member of staff must now approve them.` };
    });
}

async function lockList(trx: Transaction<Database>, challengeId: number) {
  return trx
    .selectFrom("award_list")
    .select(["status", "proposed_by", "version", "over_budget_pence"])
    .where("challenge_id", "=", challengeId)
    .forUpdate()
    .executeTakeFirst();
}

export async function approveAwardList(
  actor: Actor,
  challengeId: number,
  now = new Date(),
): Promise<AwardActionResult> {
  assertRecentSecondFactor(actor);
  return db()
    .transaction()
    .execute(async (trx): Promise<AwardActionResult> => {
      await assertStaff(trx, actor);
      await assertNoStaffConflict(trx, actor, await awardedEntryIds(trx, challengeId), "approve this award list");
      const list = await lockList(trx, challengeId);
      if (!list) throw conflict("There is no proposed list to approve");
      if (list.status !== "proposed") throw conflict("The list has already been approved");
      // The two-person rule for public money: the proposer may not approve their own list (the
      // database refuses it too).
      if (list.proposed_by === actor.id) throw invalid(SELF_APPROVAL_MESSAGE);
      await trx
        .updateTable("award_list")
        .set({ status: "approved", approved_by: actor.id, approved_at: now, version: list.version + 1 })
        .where("challenge_id", "=", challengeId)
        .execute();
      await recordAudit(trx, {
        action: "awards_approved",
        actorUserId: actor.id,
        subjectType: "challenge",
        subjectId: challengeId,
        ip: actor.ip,
        details: {
          proposedBy: list.proposed_by,
          ...(list.over_budget_pence !== null ? { overBudgetPence: list.over_budget_pence } : {}),
        },
      });
      return { message: "The awards are approved. They can now be published." };
    });
}

/**
 * Withdraws a proposal that nobody has approved yet, so it can be proposed again (after a round
 * is corrected, say). The awards and their payments go with it; the audit log keeps the record.
 */
export async function withdrawAwardList(actor: Actor, challengeId: number, reason: string): Promise<AwardActionResult> {
  return db()
    .transaction()
    .execute(async (trx): Promise<AwardActionResult> => {
      await assertStaff(trx, actor);
      const list = await lockList(trx, challengeId);
      if (!list) throw conflict("There is no proposed list to withdraw");
      if (list.status !== "proposed") throw conflict("An approved list cannot be withdrawn");
      const removed = await trx.deleteFrom("award").where("challenge_id", "=", challengeId).returning("id").execute();
      await trx.deleteFrom("award_list").where("challenge_id", "=", challengeId).execute();
      await recordAudit(trx, {
        action: "awards_withdrawn",
        actorUserId: actor.id,
        subjectType: "challenge",
        subjectId: challengeId,
        ip: actor.ip,
        details: { reason, awards: removed.length, proposedBy: list.proposed_by },
      });
      return { message: "The proposal is withdrawn. You can propose the awards again." };
    });
}

/** The tier whose holders are the winners (the fewest places), for wording emails and pages. */
export function winnersTierId(tiers: readonly { id: number; places: number; position: number }[]): number | null {
  const pair = widestAndNarrowest(
    tiers.map((t) => ({
      id: t.id,
      name: "",
      places: t.places,
      cashPence: 0,
      supportCapPence: 0,
      position: t.position,
    })),
  );
  return pair && pair.widest.id !== pair.narrowest.id ? pair.narrowest.id : null;
}

/**
 * /awards/:awardId: the winner's award, their prize payment (what to do next), their masterclass
 * places and, for an award with a support cap, the support summary (support-plans' part). Not
 * found when the person is not a member of the winning organisation or results are not published.
 */
export async function winnerAwardPage(actor: Actor, awardId: number, now = new Date()) {
  const award = await findWinnerAward(db(), actor, awardId);
  const [payment, agreement, places, support, monitoring] = await Promise.all([
    winnerPayment(db(), actor, awardId),
    agreementState(db(), awardId),
    award.masterclass ? placesForAward(actor, awardId, now) : Promise.resolve([]),
    award.support_cap_pence > 0 ? supportSummaryForWinner(actor, awardId, londonDate(now)) : Promise.resolve(null),
    winnerMonitoring(db(), awardId, londonDate(now)),
  ]);
  return {
    award: {
      id: award.id,
      reference: award.reference,
      title: award.title,
      organisationName: award.organisationName,
      challengeTitle: award.challengeTitle,
      tierName: award.tierName,
      cashPence: award.cash_pence,
      supportCapPence: award.support_cap_pence,
      masterclass: award.masterclass,
    },
    payment,
    agreement,
    places,
    support,
    monitoring,
  };
}
