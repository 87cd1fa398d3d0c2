import { sql, type Transaction } from "kysely";
import { createMonitoringReports } from "../../../app/services/awards/monitoring.server";
import type { Database, MonitoringContent } from "../../schema";

// The 2021 challenge's monitoring (decision 061): every award got its reports when the results
// were published on 20 May 2021. Most came in and were accepted, so most awards are complete; two
// winners never sent their closing report (missing), one was asked for more and has not answered,
// and one top 3 closing report is waiting for review. Reminders are marked sent, as they were.

const STORIES = [
  "Our lunch club now runs three days a week, and two of the people who came first now help cook.",
  "The repair café has a regular slot at the library and a waiting list of volunteers.",
  "We trained six young people as peer mentors; four are still mentoring a year on.",
  "The community fridge is stocked every day by four supermarkets and a bakery.",
];

export async function seedMonitoring(
  trx: Transaction<Database>,
  { challengeId, staffIds }: { challengeId: number; staffIds: number[] },
): Promise<void> {
  await createMonitoringReports(trx, challengeId);
  const reports = await trx
    .selectFrom("monitoring_report")
    .innerJoin("award", "award.id", "monitoring_report.award_id")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .select([
      "monitoring_report.id",
      "monitoring_report.award_id",
      "monitoring_report.is_closing",
      "monitoring_report.months_after",
      sql<string>`to_char(monitoring_report.due_on, 'YYYY-MM-DD')`.as("due_on"),
      "award.support_cap_pence",
      (eb) =>
        eb
          .selectFrom("organisation_member")
          .select("organisation_member.user_id")
          .whereRef("organisation_member.organisation_id", "=", "entry.organisation_id")
          .orderBy("organisation_member.user_id")
          .limit(1)
          .as("member_id"),
    ])
    .where("award.challenge_id", "=", challengeId)
    .orderBy("award.support_cap_pence")
    .orderBy("award.id")
    .orderBy("monitoring_report.months_after")
    .execute();
  const awardIds = [...new Set(reports.map((r) => r.award_id))];
  const shortlist = awardIds.filter((id) => reports.find((r) => r.award_id === id)!.support_cap_pence === 0);
  const top3 = awardIds.filter((id) => !shortlist.includes(id));
  // What happened to each closing report that was not simply accepted.
  const missing = new Set(shortlist.slice(1, 3));
  const askedForMore = shortlist[3];
  const waiting = top3[2];

  for (const [i, r] of reports.entries()) {
    const staffId = staffIds[i % staffIds.length]!;
    const due = new Date(`${r.due_on}T12:00:00Z`);
    const sentAt = new Date(due.getTime() - ((i % 5) + 1) * 86_400_000);
    const reviewedAt = new Date(due.getTime() + ((i % 4) + 5) * 86_400_000);
    const reminders = {
      reminder_before_sent_at: new Date(due.getTime() - 14 * 86_400_000),
      reminder_after_sent_at: null as Date | null,
    };
    if (r.is_closing && missing.has(r.award_id)) {
      await trx
        .updateTable("monitoring_report")
        .set({ ...reminders, reminder_after_sent_at: new Date(due.getTime() + 7 * 86_400_000) })
        .where("id", "=", r.id)
        .execute();
      continue;
    }
    const content: MonitoringContent = {
      milestones: [],
      supportBought:
        r.support_cap_pence > 0
          ? "Coaching on our business plan, a kitchen refit and a part-time coordinator."
          : "Equipment and the first months of a volunteer coordinator's time.",
      peopleReached: 40 + ((i * 37) % 400),
      volunteers: 3 + (i % 12),
      jobsCreated: r.is_closing ? i % 3 : 0,
      moneyRaisedPence: r.is_closing ? 50_000 * ((i % 6) + 1) : null,
      story: STORIES[i % STORIES.length]!,
      attachmentIds: [],
    };
    const outcome =
      r.is_closing && r.award_id === waiting
        ? null
        : r.is_closing && r.award_id === askedForMore
          ? "more_asked"
          : "accepted";
    await trx
      .updateTable("monitoring_report")
      .set({
        ...reminders,
        status: outcome === null ? "submitted" : outcome,
        support_bought: content.supportBought,
        people_reached: content.peopleReached,
        volunteers: content.volunteers,
        jobs_created: content.jobsCreated,
        money_raised_pence: content.moneyRaisedPence,
        story: content.story,
        updated_by: r.member_id,
        updated_at: sentAt,
        submissions: 1,
      })
      .where("id", "=", r.id)
      .execute();
    await trx
      .insertInto("monitoring_submission")
      .values({
        report_id: r.id,
        number: 1,
        content: JSON.stringify(content),
        submitted_by: r.member_id,
        submitted_at: sentAt,
        outcome,
        review_message:
          outcome === "more_asked" ? "Please tell us how many people the equipment has helped, with a photo." : null,
        reviewed_by: outcome === null ? null : staffId,
        reviewed_at: outcome === null ? null : reviewedAt,
      })
      .execute();
    if (r.is_closing && outcome === "accepted") {
      await trx
        .insertInto("award_completion")
        .values({ award_id: r.award_id, closing_report_id: r.id, completed_by: staffId, completed_at: reviewedAt })
        .execute();
    }
  }
}
