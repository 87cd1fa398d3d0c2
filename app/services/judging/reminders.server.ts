import { sql } from "kysely";
import { db as processDb, type DB } from "../../../db/client";
import { absoluteUrl } from "../../../emails/components/url";
import { config } from "../../config.server";
import { daysUntil } from "../../domain/deadline";
import { formatDateTime } from "../../domain/time";
import { queueEmail } from "../email/outbox.server";

// Judging reminders: a judge with entries not yet submitted in an open round hears once, when
// the round's scoring deadline is JUDGING_REMINDER_DAYS London calendar days away or nearer
// (a judge given work later, inside the window, still hears once). Like the draft reminders,
// the scheduler runs this every few minutes in every instance with the email worker; the
// outbox's idempotency key (one per judge, round and reminder) makes each go once.

export interface JudgingReminderRun {
  /** Open rounds whose deadline is inside the reminder window. */
  roundsDue: number;
  queued: number;
  alreadyQueued: number;
}

export function judgingReminderKey(roundId: number, judgeUserId: number, days: number): string {
  return `judge-reminder:${roundId}:${judgeUserId}:${days}d`;
}

export async function sendJudgingReminders(
  now = new Date(),
  database: DB = processDb(),
  days: number = config.judgingReminderDays,
): Promise<JudgingReminderRun> {
  const run: JudgingReminderRun = { roundsDue: 0, queued: 0, alreadyQueued: 0 };
  const rounds = await database
    .selectFrom("judging_round")
    .innerJoin("challenge", "challenge.id", "judging_round.challenge_id")
    .select(["judging_round.id", "judging_round.number", "judging_round.scoring_closes_at", "challenge.title"])
    .where("judging_round.status", "=", "open")
    .where("judging_round.scoring_closes_at", ">", now)
    .orderBy("judging_round.id")
    .execute();

  for (const round of rounds) {
    const closesAt = new Date(round.scoring_closes_at!);
    const left = daysUntil(closesAt, now);
    if (left > days) continue;
    run.roundsDue += 1;
    // Work a judge can still do: live assignments not yet submitted. A judge withdrawn from the
    // round, or whose assignments were all ended, has nothing to do.
    const judges = await database
      .selectFrom("assignment")
      .innerJoin("app_user", "app_user.id", "assignment.judge_user_id")
      .leftJoin("review", "review.assignment_id", "assignment.id")
      .select([
        "app_user.id",
        "app_user.name",
        "app_user.email",
        (eb) => eb.fn.countAll<string>().as("total"),
        sql<string>`count(*) filter (where review.status is distinct from 'submitted')`.as("outstanding"),
      ])
      .where("assignment.round_id", "=", round.id)
      .where("assignment.removed_at", "is", null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("round_judge")
              .select(sql`1`.as("one"))
              .whereRef("round_judge.round_id", "=", "assignment.round_id")
              .whereRef("round_judge.judge_user_id", "=", "assignment.judge_user_id")
              .where("round_judge.withdrawn_at", "is not", null),
          ),
        ),
      )
      .groupBy(["app_user.id", "app_user.name", "app_user.email"])
      .orderBy("app_user.id")
      .execute();

    for (const judge of judges) {
      const outstanding = Number(judge.outstanding);
      if (outstanding === 0) continue;
      const result = await database.transaction().execute((trx) =>
        queueEmail(trx, {
          to: judge.email,
          template: "judge-reminder",
          props: {
            name: judge.name,
            challengeTitle: round.title,
            roundNumber: round.number,
            outstanding,
            total: Number(judge.total),
            deadline: formatDateTime(closesAt),
            daysLeft: Math.max(left, 0),
            url: absoluteUrl("/judging"),
          },
          idempotencyKey: judgingReminderKey(round.id, judge.id, days),
        }),
      );
      if (result.queued) run.queued += 1;
      else run.alreadyQueued += 1;
    }
  }
  return run;
}
