import type { Transaction } from "kysely";
import { db } from "../../../db/client";
import type { Database, InterestStatus } from "../../../db/schema";
import { absoluteUrl } from "../../../emails/components/url";
import { INTEREST_LABELS, type InterestInput } from "../../domain/council-search";
import { recordAudit } from "../platform/audit.server";
import { officerFor, sharedIdeas } from "./ideas.server";
import { queueEmail } from "../email/outbox.server";
import type { Actor } from "../actor.server";
import { conflict, notFound } from "../app-error.server";

// A council's interest in a shared idea: one record per idea and council, which any officer of
// that council keeps up to date (optimistic concurrency: the form carries the version it was
// read at). Every change is audited. The entrant hears when a council first records interest
// and whenever the status changes, except to "not pursued": the email is news of interest, and
// a council deciding against an idea is for the record, not for a message out of the blue.

/** What saving did: whether the record is new, whether anything changed, and how many emails it queued. */
export interface RecordInterestResult {
  created: boolean;
  changed: boolean;
  emailed: number;
}

/** Someone else changed the record since the form was read (a conflict: the page shows it as it is now). */
export const INTEREST_CHANGED_MEANWHILE =
  "Someone else from your council changed this record while you were editing it. Check what it says now and make your change again.";

/** The idempotency key of one interest email: one per idea, council, status and person. */
export function interestEmailKey(entryId: number, code: string, status: InterestStatus, email: string): string {
  return `council-interest:${entryId}:${code}:${status}:${email}`;
}

export async function recordInterest(
  actor: Actor,
  reference: string,
  input: InterestInput,
): Promise<RecordInterestResult> {
  return db()
    .transaction()
    .execute(async (trx) => {
      const officer = await officerFor(actor, trx);
      const idea = await sharedIdeas(trx)
        .select([
          "entry.id",
          "entry.reference",
          "entry.title",
          "entry.consent_contact",
          "organisation.id as organisation_id",
          "organisation.name as organisation_name",
          "organisation.contact_name",
          "organisation.contact_email",
          "challenge.title as challenge_title",
        ])
        .where("entry.reference", "=", reference)
        .executeTakeFirst();
      if (!idea) throw notFound();

      const existing = await trx
        .selectFrom("council_interest")
        .selectAll()
        .where("entry_id", "=", idea.id)
        .where("local_authority_code", "=", officer.localAuthorityCode)
        .forUpdate()
        .executeTakeFirst();
      const changedMeanwhile = () => conflict(INTEREST_CHANGED_MEANWHILE, "status");
      if ((existing?.version ?? 0) !== input.version) throw changedMeanwhile();

      const values = {
        status: input.status,
        initiative_name: input.initiativeName || null,
        initiative_description: input.initiativeDescription,
        initiative_url: input.initiativeUrl || null,
        note: input.note,
      };
      let interestId: number;
      let version: number;
      if (!existing) {
        const inserted = await trx
          .insertInto("council_interest")
          .values({
            ...values,
            entry_id: idea.id,
            local_authority_code: officer.localAuthorityCode,
            recorded_by: actor.id,
          })
          .onConflict((oc) => oc.columns(["entry_id", "local_authority_code"]).doNothing())
          .returning(["id", "version"])
          .executeTakeFirst();
        // Another officer of the same council recorded it a moment ago.
        if (!inserted) throw changedMeanwhile();
        interestId = inserted.id;
        version = inserted.version;
      } else {
        const unchanged =
          existing.status === values.status &&
          existing.initiative_name === values.initiative_name &&
          existing.initiative_description === values.initiative_description &&
          existing.initiative_url === values.initiative_url &&
          existing.note === values.note;
        if (unchanged) return { created: false, changed: false, emailed: 0 };
        const updated = await trx
          .updateTable("council_interest")
          .set({
            ...values,
            recorded_by: actor.id,
            updated_at: new Date(),
            version: existing.version + 1,
          })
          .where("id", "=", existing.id)
          .where("version", "=", existing.version)
          .returning(["id", "version"])
          .executeTakeFirst();
        if (!updated) throw changedMeanwhile();
        interestId = updated.id;
        version = updated.version;
      }

      await recordAudit(trx, {
        action: existing ? "council_interest_updated" : "council_interest_recorded",
        actorUserId: actor.id,
        subjectType: "entry",
        subjectId: idea.id,
        ip: actor.ip,
        details: {
          reference: idea.reference,
          council: officer.localAuthorityName,
          status: INTEREST_LABELS[input.status],
          previousStatus: existing ? INTEREST_LABELS[existing.status] : null,
          initiative: values.initiative_name,
          interestId,
          version,
        },
      });

      const statusChanged = !existing || existing.status !== input.status;
      let emailed = 0;
      if (statusChanged && input.status !== "not_pursued") {
        emailed = await emailEntrant(trx, {
          idea,
          council: officer.localAuthorityName,
          code: officer.localAuthorityCode,
          status: input.status,
          initiativeName: values.initiative_name,
          initiativeUrl: values.initiative_url,
        });
      }
      return { created: !existing, changed: true, emailed };
    });
}

async function emailEntrant(
  trx: Transaction<Database>,
  input: {
    idea: {
      id: number;
      reference: string;
      title: string;
      consent_contact: boolean;
      organisation_id: number;
      organisation_name: string;
      contact_name: string;
      contact_email: string;
      challenge_title: string;
    };
    council: string;
    code: string;
    status: InterestStatus;
    initiativeName: string | null;
    initiativeUrl: string | null;
  },
): Promise<number> {
  const { idea } = input;
  const members = await trx
    .selectFrom("organisation_member")
    .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
    .select(["app_user.name", "app_user.email"])
    .where("organisation_member.organisation_id", "=", idea.organisation_id)
    .orderBy("app_user.id")
    .execute();
  // The organisation's own contact address only when it agreed to councils getting in touch.
  const people = idea.consent_contact ? [...members, { name: idea.contact_name, email: idea.contact_email }] : members;
  const seen = new Set<string>();
  let queued = 0;
  for (const person of people) {
    const email = person.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254 || seen.has(email)) continue;
    seen.add(email);
    const result = await queueEmail(trx, {
      to: email,
      template: "council-interest",
      props: {
        name: person.name,
        organisationName: idea.organisation_name,
        reference: idea.reference,
        ideaTitle: idea.title,
        challengeTitle: idea.challenge_title,
        councilName: input.council,
        status: input.status,
        statusLabel: INTEREST_LABELS[input.status],
        initiativeName: input.initiativeName,
        initiativeUrl: input.initiativeUrl,
        entriesUrl: absoluteUrl("/entries"),
      },
      idempotencyKey: interestEmailKey(idea.id, input.code, input.status, email),
    });
    if (result.queued) queued += 1;
  }
  return queued;
}
