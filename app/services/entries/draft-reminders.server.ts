import { db as processDb, type DB } from "../../../db/client";
import { absoluteUrl } from "../../../emails/components/url";
import { daysUntil, effectiveClosingTime } from "../../domain/deadline";
import { formatDateTime } from "../../domain/time";
import { queueEmail } from "../email/outbox.server";
import { recipientsOf } from "./staff-entries.server";

// Draft reminders: an organisation with an entry still in draft hears 7 days and 1 day before its
// closing time (its own, when staff extended it), counted in London calendar days. The scheduler
// runs this every few minutes in every instance that runs the email worker; what makes each
// reminder go once is the outbox's idempotency key, not which instance gets there first. Two
// instances racing insert the same key, and the loser's insert does nothing.

/** Days before the closing day on which reminders go. */
export const REMINDER_DAYS = [7, 1] as const;

export interface ReminderRun {
  /** Organisations with at least one draft in a challenge taking entries. */
  organisationsWithDrafts: number;
  /** Of those, how many are on a reminder day today, by days left. */
  due: Record<(typeof REMINDER_DAYS)[number], number>;
  /** Emails queued by this run. */
  queued: number;
  /** Emails this run found already queued (an earlier run, or another instance). */
  alreadyQueued: number;
}

/** The idempotency key of one reminder to one person: the same on every run and instance. */
export function reminderKey(challengeId: number, organisationId: number, days: number, email: string): string {
  return `draft-reminder:${challengeId}:${organisationId}:${days}d:${email}`;
}

/**
 * Queues the reminders due at `now`. Safe to run as often as wanted, from as many instances.
 * `database` defaults to the process's (tests pass a second pool to play a second instance).
 */
export async function sendDraftReminders(now = new Date(), database: DB = processDb()): Promise<ReminderRun> {
  const run: ReminderRun = { organisationsWithDrafts: 0, due: { 7: 0, 1: 0 }, queued: 0, alreadyQueued: 0 };
  // A closed challenge can still have organisations working to an extension.
  const challenges = await database
    .selectFrom("challenge")
    .select(["id", "title", "closes_at"])
    .where("status", "in", ["open", "closed"])
    .where("opens_at", "<=", now)
    .orderBy("id")
    .execute();

  for (const challenge of challenges) {
    const drafts = await database
      .selectFrom("entry")
      .innerJoin("organisation", "organisation.id", "entry.organisation_id")
      .leftJoin("deadline_extension", (join) =>
        join
          .onRef("deadline_extension.organisation_id", "=", "entry.organisation_id")
          .onRef("deadline_extension.challenge_id", "=", "entry.challenge_id"),
      )
      .select([
        "entry.reference",
        "entry.title",
        "organisation.id as organisation_id",
        "organisation.name as organisation_name",
        "organisation.contact_name",
        "organisation.contact_email",
        "deadline_extension.closes_at as extended_to",
      ])
      .where("entry.challenge_id", "=", challenge.id)
      .where("entry.status", "=", "draft")
      .orderBy("organisation.id")
      .orderBy("entry.id")
      .execute();

    const byOrganisation = new Map<number, typeof drafts>();
    for (const draft of drafts) {
      byOrganisation.set(draft.organisation_id, [...(byOrganisation.get(draft.organisation_id) ?? []), draft]);
    }
    run.organisationsWithDrafts += byOrganisation.size;

    for (const [organisationId, entries] of byOrganisation) {
      const first = entries[0]!;
      const closesAt = effectiveClosingTime({
        closesAt: new Date(challenge.closes_at),
        extendedTo: first.extended_to ? new Date(first.extended_to) : null,
      });
      if (now.getTime() >= closesAt.getTime()) continue;
      const days = daysUntil(closesAt, now);
      if (days !== 7 && days !== 1) continue;
      run.due[days] += 1;
      await database.transaction().execute(async (trx) => {
        const recipients = await recipientsOf(trx, organisationId, {
          name: first.contact_name,
          email: first.contact_email,
        });
        for (const recipient of recipients) {
          const result = await queueEmail(trx, {
            to: recipient.email,
            template: "draft-reminder",
            props: {
              name: recipient.name,
              organisationName: first.organisation_name,
              challengeTitle: challenge.title,
              daysLeft: days,
              closesAt: formatDateTime(closesAt),
              drafts: entries.map((e) => ({ reference: e.reference, title: e.title })),
              entriesUrl: absoluteUrl("/entries"),
            },
            idempotencyKey: reminderKey(challenge.id, organisationId, days, recipient.email),
          });
          if (result.queued) run.queued += 1;
          else run.alreadyQueued += 1;
        }
      });
    }
  }
  return run;
}
