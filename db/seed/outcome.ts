import type { Transaction } from "kysely";
import { assignJudges } from "../../app/domain/assignment";
import { rankEntries, type JudgeReview, type RankCriterion } from "../../app/domain/ranking";
import type { Database, PaymentStatus } from "../schema";
import { londonTime } from "./london";
import { agreementPlan, seedAgreements } from "./after-award/agreements";
import { seedDueDiligence } from "./after-award/due-diligence";
import { clearAwardForPayment } from "./payment-gate";
import { seedMonitoring } from "./after-award/monitoring";
import { SeededRandom } from "./random";
import { seedPreviousBudget } from "./after-award/budget";
import { seedSupportRequests } from "./after-award/support-requests";

// What happened after the 2021 challenge closed, so every part of the service has something to
// show: two rounds of judging (12 judges, 3 per entry, then a panel of 5 on the shortlist), the
// awards proposed, approved by a second member of staff and published, prize payments at every
// stage, the masterclass, the top 3's support ledgers, milestones and progress updates, and the
// councils taking ideas forward. Built from the rows already inserted, with the app's own
// assignment and ranking rules, from a fixed seed: the same every time.

const SEED = 20_210_520; // the day the 2021 winners were announced
const SHORTLIST = 20;
const WINNERS = 3;
const PANEL = 5;

const OVERALL_COMMENTS = [
  "A clear need, well evidenced, and a realistic plan to meet it.",
  "Strong local partnerships. The costs need more detail before this could grow.",
  "An inventive idea that could work in other parts of the region.",
  "Good reach into groups that services find hard to reach; the timetable looks tight.",
  "The organisation has delivered similar work before, which gives confidence.",
  "A worthwhile idea, but it is not yet clear how it would carry on after the prize.",
];

const CRITERION_COMMENTS = ["Well evidenced.", "Needs more detail.", "Convincing.", "Could go further.", "", ""];

interface Person {
  id: number;
  email: string;
}

export interface OutcomeInput {
  challengeId: number;
  staff: Person[];
  judges: Person[];
  /** Council officers with their local authority, for the councils' interest. */
  officers: { id: number; code: string }[];
}

export interface OutcomeSummary {
  reviews: number;
  awards: number;
  payments: Record<PaymentStatus, number>;
  councilInterests: number;
}

const at = londonTime;

export async function seedPreviousOutcome(trx: Transaction<Database>, input: OutcomeInput): Promise<OutcomeSummary> {
  const random = new SeededRandom(SEED);
  const [firstStaff, secondStaff] = input.staff;
  if (!firstStaff || !secondStaff)
    throw new Error("The demo outcome needs two members of staff (two people approve public money)");
  const lead = firstStaff;
  const approver = secondStaff;
  const { challengeId } = input;

  const criteria = await trx
    .selectFrom("criterion")
    .select(["id", "weight", "scale_min", "scale_max"])
    .where("challenge_id", "=", challengeId)
    .orderBy("position")
    .execute();
  const rankCriteria: RankCriterion[] = criteria.map((c) => ({
    id: c.id,
    weight: c.weight,
    scaleMin: c.scale_min,
    scaleMax: c.scale_max,
  }));
  const tiers = await trx
    .selectFrom("prize_tier")
    .select(["id", "places", "cash_pence", "support_cap_pence"])
    .where("challenge_id", "=", challengeId)
    .orderBy("places", "desc")
    .execute();
  const shortlistTier = tiers[0]!;
  const winnerTier = tiers[tiers.length - 1]!;
  const entries = await trx
    .selectFrom("entry")
    .innerJoin("organisation_member", "organisation_member.organisation_id", "entry.organisation_id")
    .select([
      "entry.id",
      "entry.reference",
      "entry.priority_area_id",
      "entry.organisation_id",
      "entry.consent_share",
      "entry.created_by",
    ])
    .select((eb) => eb.fn.min("organisation_member.user_id").as("member_id"))
    .where("entry.challenge_id", "=", challengeId)
    .where("entry.status", "=", "submitted")
    .groupBy([
      "entry.id",
      "entry.reference",
      "entry.priority_area_id",
      "entry.organisation_id",
      "entry.consent_share",
      "entry.created_by",
    ])
    .orderBy("entry.id")
    .execute();
  const judges = [...input.judges].sort((a, b) => a.id - b.id);

  // Conflicts: every judge declared; one judge had been a trustee of an entrant organisation.
  const conflicted = { judge: judges[3]!, organisationId: entries[5]!.organisation_id };
  await trx
    .insertInto("judge_declaration")
    .values(
      judges.map((j, i) => ({
        challenge_id: challengeId,
        judge_user_id: j.id,
        completed_at: at(2021, 3, 23, 9 + (i % 8), 15),
      })),
    )
    .execute();
  await trx
    .insertInto("judge_conflict")
    .values({
      challenge_id: challengeId,
      judge_user_id: conflicted.judge.id,
      organisation_id: conflicted.organisationId,
      source: "declared",
      reason: "I was a trustee of this organisation until 2020.",
      declared_at: at(2021, 3, 23, 11, 40),
    })
    .execute();
  const conflictPairs = entries
    .filter((e) => e.organisation_id === conflicted.organisationId)
    .map((e) => ({ judgeId: conflicted.judge.id, entryId: e.id }));

  // Each judge is a little harsh or lenient; each idea has its own quality.
  const bias = new Map(judges.map((j, i) => [j.id, i === 1 ? -1.1 : i === 2 ? 0.9 : (random.next() - 0.5) * 0.8]));
  const quality = new Map(entries.map((e) => [e.id, 1.4 + random.next() * 3.2]));
  const scoreFor = (judgeId: number, entryId: number) =>
    Math.max(0, Math.min(5, Math.round(quality.get(entryId)! + bias.get(judgeId)! + (random.next() - 0.5) * 1.6)));

  async function judgeRound(round: {
    number: 1 | 2;
    entryIds: number[];
    judgeIds: number[];
    perEntry: number;
    advance: number;
    opened: Date;
    closes: Date;
    confirmed: Date;
  }) {
    const roundRow = await trx
      .insertInto("judging_round")
      .values({
        challenge_id: challengeId,
        number: round.number,
        status: "confirmed",
        judges_per_entry: round.perEntry,
        advance_count: round.advance,
        hide_organisation: round.number === 1,
        scoring_closes_at: round.closes,
        opened_at: round.opened,
        opened_by: lead.id,
        closed_at: round.closes,
        confirmed_at: round.confirmed,
        confirmed_by: lead.id,
        created_at: new Date(round.opened.getTime() - 86_400_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("round_judge")
      .values(round.judgeIds.map((id) => ({ round_id: roundRow.id, judge_user_id: id, added_at: round.opened })))
      .execute();
    const inRound = entries.filter((e) => round.entryIds.includes(e.id));
    const assignment = assignJudges({
      entries: inRound.map((e) => ({ id: e.id, priorityAreaId: e.priority_area_id })),
      judges: round.judgeIds.map((id) => ({ id })),
      judgesPerEntry: round.perEntry,
      conflicts: conflictPairs,
    });
    if (!assignment.ok) throw new Error(`The demo assignment failed: ${assignment.reason}`);
    const assigned = await trx
      .insertInto("assignment")
      .values(
        assignment.pairs.map((p) => ({
          round_id: roundRow.id,
          entry_id: p.entryId,
          judge_user_id: p.judgeId,
          source: "automatic" as const,
          created_by: lead.id,
          created_at: round.opened,
          notified_at: round.opened,
        })),
      )
      .returning(["id", "entry_id", "judge_user_id"])
      .execute();
    const span = round.closes.getTime() - round.opened.getTime();
    const reviews: JudgeReview[] = [];
    const reviewRows = assigned.map((a) => {
      const scores = Object.fromEntries(rankCriteria.map((c) => [c.id, scoreFor(a.judge_user_id, a.entry_id)]));
      reviews.push({ judgeId: a.judge_user_id, entryId: a.entry_id, scores });
      const submitted = new Date(round.opened.getTime() + Math.floor(random.next() * span * 0.9));
      return {
        row: {
          assignment_id: a.id,
          status: "submitted" as const,
          overall_comment: random.pick(OVERALL_COMMENTS),
          started_at: new Date(submitted.getTime() - 3_600_000),
          updated_at: submitted,
          submitted_at: submitted,
          feedback_approved_at: round.number === 1 ? round.confirmed : null,
          feedback_approved_by: round.number === 1 ? lead.id : null,
        },
        scores,
      };
    });
    const inserted = await trx
      .insertInto("review")
      .values(reviewRows.map((r) => r.row))
      .returning(["id", "assignment_id"])
      .execute();
    const reviewId = new Map(inserted.map((r) => [r.assignment_id, r.id]));
    await trx
      .insertInto("score")
      .values(
        reviewRows.flatMap((r) =>
          rankCriteria.map((c) => ({
            review_id: reviewId.get(r.row.assignment_id)!,
            criterion_id: c.id,
            score: r.scores[c.id]!,
            comment: random.pick(CRITERION_COMMENTS),
          })),
        ),
      )
      .execute();

    const board = rankEntries(
      rankCriteria,
      inRound.map((e) => ({ id: e.id, reference: e.reference })),
      reviews,
      {
        rankBy: "normalised",
        disagreementThreshold: 25,
      },
    );
    await trx
      .insertInto("round_result")
      .values(
        board.entries.map((e) => ({
          round_id: roundRow.id,
          entry_id: e.entryId,
          rank: e.rank,
          raw_score: e.raw === null ? null : e.raw.toFixed(3),
          normalised_score: e.normalised === null ? null : e.normalised.toFixed(3),
          judge_count: e.judgeCount,
          selected: e.rank <= round.advance,
          override_reason: null,
        })),
      )
      .execute();
    const flagged = board.entries.filter((e) => e.flagged);
    if (flagged.length) {
      await trx
        .insertInto("moderation_decision")
        .values(
          flagged.map((e) => ({
            round_id: roundRow.id,
            entry_id: e.entryId,
            decision: "scores_stand" as const,
            reason: "The panel discussed the judges' different readings of the costs; the scores stand.",
            decided_by: lead.id,
            decided_at: new Date(round.confirmed.getTime() - 3_600_000),
          })),
        )
        .execute();
    }
    return board.entries.filter((e) => e.rank <= round.advance).map((e) => e.entryId);
  }

  const shortlist = await judgeRound({
    number: 1,
    entryIds: entries.map((e) => e.id),
    judgeIds: judges.map((j) => j.id),
    perEntry: 3,
    advance: Math.min(SHORTLIST, shortlistTier.places),
    opened: at(2021, 3, 24, 9, 0),
    closes: at(2021, 4, 16, 17, 0),
    confirmed: at(2021, 4, 20, 15, 0),
  });
  const panel = judges
    .filter((j) => j.id !== conflicted.judge.id)
    .slice(0, PANEL)
    .map((j) => j.id);
  const winners = await judgeRound({
    number: 2,
    entryIds: shortlist,
    judgeIds: panel,
    perEntry: PANEL,
    advance: Math.min(WINNERS, winnerTier.places),
    opened: at(2021, 5, 5, 10, 0),
    closes: at(2021, 5, 6, 17, 0),
    confirmed: at(2021, 5, 7, 12, 0),
  });

  // The awards: proposed by one member of staff, approved by another, then published.
  const publishedAt = at(2021, 5, 20, 10, 0);
  await trx
    .insertInto("award_list")
    .values({
      challenge_id: challengeId,
      status: "published",
      proposed_by: lead.id,
      proposed_at: at(2021, 5, 10, 11, 0),
      approved_by: approver.id,
      approved_at: at(2021, 5, 11, 16, 30),
      published_by: lead.id,
      published_at: publishedAt,
    })
    .execute();
  const awardRows = await trx
    .insertInto("award")
    .values([
      ...shortlist.map((entryId) => ({
        challenge_id: challengeId,
        entry_id: entryId,
        prize_tier_id: shortlistTier.id,
        cash_pence: shortlistTier.cash_pence,
        support_cap_pence: shortlistTier.support_cap_pence,
        created_at: at(2021, 5, 10, 11, 0),
      })),
      ...winners.map((entryId) => ({
        challenge_id: challengeId,
        entry_id: entryId,
        prize_tier_id: winnerTier.id,
        cash_pence: winnerTier.cash_pence,
        support_cap_pence: winnerTier.support_cap_pence,
        created_at: at(2021, 5, 10, 11, 0),
      })),
    ])
    .returning(["id", "entry_id", "prize_tier_id", "cash_pence", "support_cap_pence"])
    .execute();
  const memberOf = new Map(entries.map((e) => [e.id, Number(e.member_id)]));

  // Prize payments, in shortlist order: most paid, some still on their way (as the board heard).
  const cashAwards = awardRows.filter((a) => a.cash_pence > 0);
  const statusPlan: PaymentStatus[] = cashAwards.map((_, i) =>
    i < cashAwards.length - 5
      ? "paid"
      : (["approved", "approved", "details_received", "accepted", "awaiting_acceptance"] as const)[
          i - (cashAwards.length - 5)
        ]!,
  );
  const ORDER: PaymentStatus[] = ["awaiting_acceptance", "accepted", "details_received", "approved", "paid"];
  await seedAgreements(
    trx,
    agreementPlan(awardRows, cashAwards, statusPlan, ORDER, winnerTier.id, publishedAt, lead.id),
  );
  // What the payment gate needs before a payment is approved: the checks signed off by a second
  // member of staff and the grant agreement accepted by the organisation's signatory.
  for (const [i, award] of cashAwards.entries()) {
    if (ORDER.indexOf(statusPlan[i]!) < ORDER.indexOf("approved")) continue;
    await clearAwardForPayment(trx, {
      awardId: award.id,
      checkedBy: lead.id,
      signedOffBy: approver.id,
      signatory: { userId: memberOf.get(award.entry_id)!, name: "Authorised signatory", role: "Chair" },
      at: at(2021, 5, 24 + (i % 5), 9, 0),
    });
  }
  const payments = await trx
    .insertInto("prize_payment")
    .values(
      cashAwards.map((award, i) => {
        const status = statusPlan[i]!;
        const reached = (s: PaymentStatus) => ORDER.indexOf(status) >= ORDER.indexOf(s);
        const day = (offset: number) => at(2021, 5, 24 + offset + (i % 5), 10 + (i % 6), 0);
        return {
          award_id: award.id,
          status,
          amount_pence: award.cash_pence,
          supplier_reference: reached("details_received") ? `SUP-${String(40210 + i)}` : null,
          finance_reference: reached("approved") ? `PO-2021-${String(3100 + i).padStart(5, "0")}` : null,
          accepted_at: reached("accepted") ? day(0) : null,
          accepted_by: reached("accepted") ? memberOf.get(award.entry_id)! : null,
          details_received_at: reached("details_received") ? day(4) : null,
          approved_at: reached("approved") ? day(9) : null,
          paid_at: reached("paid") ? day(16) : null,
          // Two people for every pound: the lead records the details and the payment, another approves.
          details_recorded_by: reached("details_received") ? lead.id : null,
          approved_by: reached("approved") ? approver.id : null,
          paid_by: reached("paid") ? lead.id : null,
          updated_by: reached("details_received")
            ? lead.id
            : reached("accepted")
              ? memberOf.get(award.entry_id)!
              : null,
          updated_at: reached("paid")
            ? day(16)
            : reached("approved")
              ? day(9)
              : reached("details_received")
                ? day(4)
                : reached("accepted")
                  ? day(0)
                  : publishedAt,
        };
      }),
    )
    .returning([
      "id",
      "status",
      "award_id",
      "accepted_at",
      "details_received_at",
      "approved_at",
      "paid_at",
      "accepted_by",
    ])
    .execute();
  const events = payments.flatMap((p) => {
    const steps: { to: PaymentStatus; at: Date | null; by: number | null }[] = [
      { to: "accepted", at: p.accepted_at, by: p.accepted_by },
      { to: "details_received", at: p.details_received_at, by: lead.id },
      { to: "approved", at: p.approved_at, by: approver.id },
      { to: "paid", at: p.paid_at, by: lead.id },
    ];
    const rows: {
      payment_id: number;
      from_status: PaymentStatus | null;
      to_status: PaymentStatus;
      changed_by: number | null;
      changed_at: Date;
      note: string;
    }[] = [
      {
        payment_id: p.id,
        from_status: null,
        to_status: "awaiting_acceptance",
        changed_by: lead.id,
        changed_at: publishedAt,
        note: "",
      },
    ];
    let from: PaymentStatus = "awaiting_acceptance";
    for (const step of steps) {
      if (!step.at) break;
      rows.push({
        payment_id: p.id,
        from_status: from,
        to_status: step.to,
        changed_by: step.by,
        changed_at: step.at,
        note: "",
      });
      from = step.to;
    }
    return rows;
  });
  await trx.insertInto("prize_payment_event").values(events).execute();

  // The masterclass: most of the top 20 took a place; staff recorded who came.
  const session = await trx
    .insertInto("masterclass_session")
    .values({
      challenge_id: challengeId,
      title: "Business development masterclass",
      description: "A day with Power to Change on planning, funding and measuring the difference an idea makes.",
      starts_at: at(2021, 6, 17, 10, 0),
      ends_at: at(2021, 6, 17, 15, 30),
      venue: "The Exchange, 3 Centenary Square, Birmingham B1 2DR",
      online_url: null,
      capacity: 25,
      created_by: lead.id,
      created_at: at(2021, 5, 21, 9, 0),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const masterclassAwards = awardRows.filter((a) => a.prize_tier_id === shortlistTier.id);
  await trx
    .insertInto("masterclass_place")
    .values(
      masterclassAwards.map((award, i) => {
        const status = i === masterclassAwards.length - 1 ? "invited" : i % 9 === 8 ? "declined" : "accepted";
        return {
          session_id: session.id,
          award_id: award.id,
          status,
          responded_at: status === "invited" ? null : at(2021, 5, 25 + (i % 6), 12, 0),
          responded_by: status === "invited" ? null : memberOf.get(award.entry_id)!,
          attended: status === "accepted" ? i % 7 !== 6 : null,
          attendance_recorded_by: status === "accepted" ? lead.id : null,
          reminder_sent_at: status === "accepted" ? at(2021, 6, 16, 9, 0) : null,
        };
      }),
    )
    .execute();

  // The top 3's support ledgers, milestones and progress.
  const supported = awardRows.filter((a) => a.support_cap_pence > 0);
  const ledgers = [
    // [kind, month, day, description, coach, hours, pence]
    [
      ["coaching", 6, 29, "Business planning session", "Marcia Clarke", "2.00", 45_000],
      ["coaching", 7, 20, "Measuring impact", "Marcia Clarke", "2.00", 45_000],
      ["investment", 8, 2, "Equipment and fit-out of the hub", null, null, 800_000],
      ["in_kind", 8, 16, "Room hire donated by the library service", null, null, 120_000],
      ["coaching", 9, 14, "Volunteer recruitment", "Owen Hughes", "1.50", 33_750],
      ["grant", 10, 5, "Second-year running costs (first half)", null, null, 350_000],
    ],
    [
      ["coaching", 7, 6, "Governance and trustees", "Owen Hughes", "3.00", 67_500],
      ["investment", 7, 30, "Van lease deposit", null, null, 450_000],
      ["coaching", 9, 1, "Pricing and income", "Marcia Clarke", "2.00", 45_000],
      ["in_kind", 9, 22, "Legal advice from a partner firm", null, null, 180_000],
    ],
    [
      ["investment", 7, 12, "Kitchen equipment", null, null, 900_000],
      ["coaching", 8, 9, "Food hygiene and licensing", "Aisha Patel", "2.50", 56_250],
      ["grant", 9, 30, "Apprentice cook for six months", null, null, 543_750],
      ["in_kind", 11, 3, "Venue hire for the launch event", null, null, 40_000],
    ],
  ] as const;
  const supportRows = supported.flatMap((award, w) => {
    let total = 0;
    return (ledgers[w] ?? []).map(([kind, month, day, description, coach, hours, pence]) => {
      total += pence;
      const over = total > award.support_cap_pence;
      return {
        award_id: award.id,
        kind,
        happened_on: `2021-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
        description,
        coach_name: coach,
        hours,
        amount_pence: pence,
        override_reason: over
          ? "Authorised by the programme board on 1 November 2021: the launch venue fell through."
          : null,
        override_by: over ? approver.id : null,
        recorded_by: lead.id,
        recorded_at: at(2021, month, day, 16, 0),
      };
    });
  });
  if (supportRows.length) await trx.insertInto("support_item").values(supportRows).execute();
  const milestoneRows = supported.flatMap((award, w) => [
    {
      award_id: award.id,
      title: "Business plan agreed with the coach",
      due_on: "2021-07-31",
      status: "done" as const,
      completed_on: "2021-07-22",
    },
    {
      award_id: award.id,
      title: "First 100 people supported",
      due_on: "2021-12-31",
      status: (w === 2 ? "in_progress" : "done") as "in_progress" | "done",
      completed_on: w === 2 ? null : "2021-12-10",
    },
    {
      award_id: award.id,
      title: "Funding secured for a second year",
      due_on: "2022-06-30",
      status: (w === 0 ? "done" : "not_started") as "done" | "not_started",
      completed_on: w === 0 ? "2022-05-18" : null,
    },
  ]);
  if (milestoneRows.length) {
    await trx
      .insertInto("milestone")
      .values(
        milestoneRows.map((m) => ({
          ...m,
          created_by: lead.id,
          created_at: at(2021, 6, 1, 10, 0),
          updated_at: at(2021, 6, 1, 10, 0),
        })),
      )
      .execute();
  }
  const updates = supported.flatMap((award, w) => [
    {
      award_id: award.id,
      author_user_id: memberOf.get(award.entry_id)!,
      kind: "update" as const,
      body: "We have opened the doors: forty people came to the first session and most have come back every week since.",
      created_at: at(2021, 9, 3 + w, 18, 0),
    },
    {
      award_id: award.id,
      author_user_id: lead.id,
      kind: "note" as const,
      body: "Visited on site. Good progress; the coach will focus on income for next year.",
      created_at: at(2021, 10, 12 + w, 11, 0),
    },
  ]);
  if (updates.length) await trx.insertInto("progress_update").values(updates).execute();

  // Councils taking ideas forward, from the ideas organisations agreed to share.
  const shared = entries.filter((e) => e.consent_share);
  const STATUSES = ["taken_forward", "in_discussion", "interested", "not_pursued"] as const;
  const interests = input.officers.flatMap((officer, o) =>
    random.sample(shared, 3).map((entry, i) => {
      const status = STATUSES[(o + i) % STATUSES.length]!;
      const when = at(2021, 6 + o, 8 + i * 5, 11, 0);
      return {
        entry_id: entry.id,
        local_authority_code: officer.code,
        status,
        initiative_name:
          status === "not_pursued" ? null : ["Community Wellbeing Fund", "Local Recovery Plan", "Youth Hubs"][i % 3]!,
        initiative_description:
          status === "not_pursued" ? "" : "Linked to the council's own programme for the same neighbourhoods.",
        initiative_url: null,
        note: status === "not_pursued" ? "Already covered by an existing service in our area." : "",
        recorded_by: officer.id,
        created_at: when,
        updated_at: when,
      };
    }),
  );
  const uniqueInterests = [...new Map(interests.map((i) => [`${i.entry_id}|${i.local_authority_code}`, i])).values()];
  if (uniqueInterests.length) await trx.insertInto("council_interest").values(uniqueInterests).execute();
  // The officers have had their digests: the publication one and the weekly ones since.
  if (input.officers.length) {
    await trx
      .insertInto("council_digest")
      .values(
        input.officers.flatMap((officer) => [
          {
            user_id: officer.id,
            challenge_id: challengeId,
            kind: "publication" as const,
            period_start: null,
            period_end: publishedAt,
            sent_at: publishedAt,
          },
          {
            user_id: officer.id,
            challenge_id: challengeId,
            kind: "weekly" as const,
            period_start: publishedAt,
            period_end: at(2026, 11, 16, 7, 0),
            sent_at: at(2026, 11, 16, 7, 0),
          },
        ]),
      )
      .execute();
  }

  await seedMonitoring(trx, { challengeId, staffIds: input.staff.map((s) => s.id) });
  const counts = Object.fromEntries(ORDER.concat("cancelled").map((s) => [s, 0])) as Record<PaymentStatus, number>;
  for (const p of payments) counts[p.status] += 1;
  await seedPreviousBudget(trx, challengeId);
  await seedSupportRequests(trx, { challengeId, lead, approver });
  await seedDueDiligence(trx, { challengeId, checkedBy: lead.id, signedOffBy: approver.id });
  return {
    reviews: await countReviews(trx, challengeId),
    awards: awardRows.length,
    payments: counts,
    councilInterests: uniqueInterests.length,
  };
}

async function countReviews(trx: Transaction<Database>, challengeId: number): Promise<number> {
  const row = await trx
    .selectFrom("review")
    .innerJoin("assignment", "assignment.id", "review.assignment_id")
    .innerJoin("judging_round", "judging_round.id", "assignment.round_id")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("judging_round.challenge_id", "=", challengeId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
