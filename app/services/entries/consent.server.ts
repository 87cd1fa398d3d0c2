import { db } from "../../../db/client";
import { formatDateTime } from "../../domain/time";
import type { Actor } from "../actor.server";
import { conflict, notFound } from "../app-error.server";
import { hit, LIMITS } from "../accounts/rate-limit.server";
import type { RateLimited } from "../accounts/accounts.server";
import { queueEmail } from "../email/outbox.server";
import { recordAudit } from "../platform/audit.server";

// An organisation's choices about its submitted idea (UK GDPR: consent can be withdrawn as
// easily as it was given; docs/decisions/053-rectification-and-consent.md):
//   - share: the idea is shown to the region's councils once results are published
//     (entry.consent_share). Withdrawn, it leaves every council list, page, download and digest
//     at once: they all start from sharedIdeas (app/services/councils/ideas.server.ts).
//   - contact: councils may see the organisation's contact details (entry.consent_contact).
//     Withdrawn, the details leave the idea's page and downloads at once; the idea stays listed
//     if it is still shared.
// Copies a council downloaded or noted before are the council's own records, under its own data
// protection duties: the service cannot reach them, so it asks. Each council that recorded
// interest in the idea (so surely holds something of it) gets an email asking it to delete them.
//
// Either choice can be given again. The change is to the entry as it stands, not to the version
// submitted (which is what was judged, and is never rewritten), and does not count as a change
// to submit. Any member of the organisation may make it, as they may edit the entry.

export type Consent = "share" | "contact";

export type ConsentChangeResult = { kind: "changed" | "unchanged"; councilsAsked: number } | RateLimited;

/**
 * Gives or withdraws one consent for a submitted entry of the caller's organisation. Not found
 * for anyone else's entry; a conflict for an entry that is not submitted (a draft's choices are
 * its declarations section). Audited without the entry's text.
 */
export async function changeConsent(
  actor: Actor,
  input: { reference: string; consent: Consent; given: boolean },
  now = new Date(),
): Promise<ConsentChangeResult> {
  return db()
    .transaction()
    .execute(async (trx): Promise<ConsentChangeResult> => {
      const entry = await trx
        .selectFrom("entry")
        .innerJoin("organisation_member", "organisation_member.organisation_id", "entry.organisation_id")
        .innerJoin("challenge", "challenge.id", "entry.challenge_id")
        .select([
          "entry.id",
          "entry.reference",
          "entry.title",
          "entry.status",
          "entry.consent_share",
          "entry.consent_contact",
          "challenge.results_published_at",
        ])
        .where("organisation_member.user_id", "=", actor.id)
        .where("entry.reference", "=", input.reference)
        .forUpdate("entry")
        .executeTakeFirst();
      if (!entry) throw notFound();
      if (entry.status !== "submitted") {
        throw conflict(
          entry.status === "draft"
            ? "This entry has not been submitted: make these choices in its declarations section."
            : "This entry is not shared with councils, so there is nothing to change.",
        );
      }
      const before = input.consent === "share" ? entry.consent_share : entry.consent_contact;
      if (before === input.given) return { kind: "unchanged", councilsAsked: 0 };

      // Each withdrawal emails councils: a few changes an hour is plenty for a person.
      const limited = await hit(`consent-change:entry:${entry.id}`, LIMITS.consentChangesPerEntry, {
        now,
        executor: trx,
      });
      if (!limited.allowed) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };

      await trx
        .updateTable("entry")
        .set(
          input.consent === "share"
            ? { consent_share: input.given, updated_at: now }
            : { consent_contact: input.given, updated_at: now },
        )
        .where("id", "=", entry.id)
        .execute();
      await recordAudit(trx, {
        action: "entry.consent_changed",
        actorUserId: actor.id,
        subjectType: "entry",
        subjectId: entry.id,
        ip: actor.ip,
        details: { reference: entry.reference, consent: input.consent, given: input.given },
      });

      // Councils could see the idea (and, for contact, the details) only once results were
      // published and while it was shared.
      const councilsCouldSee = entry.results_published_at !== null && entry.consent_share;
      if (input.given || !councilsCouldSee) return { kind: "changed", councilsAsked: 0 };
      const officers = await trx
        .selectFrom("council_interest")
        .innerJoin("local_authority", "local_authority.code", "council_interest.local_authority_code")
        .innerJoin("role_grant", (join) =>
          join
            .onRef("role_grant.local_authority_code", "=", "council_interest.local_authority_code")
            .on("role_grant.role", "=", "council_officer"),
        )
        .innerJoin("app_user", "app_user.id", "role_grant.user_id")
        .select(["app_user.id", "app_user.name", "app_user.email", "local_authority.name as council"])
        .where("council_interest.entry_id", "=", entry.id)
        .orderBy("app_user.id")
        .execute();
      for (const officer of officers) {
        await queueEmail(trx, {
          to: officer.email,
          template: "council-consent-withdrawn",
          props: {
            name: officer.name,
            councilName: officer.council,
            reference: entry.reference,
            ideaTitle: entry.title,
            withdrawn: input.consent,
            withdrawnAt: formatDateTime(now),
          },
          idempotencyKey: `consent-withdrawn:${entry.id}:${input.consent}:${officer.id}:${now.toISOString()}`,
        });
      }
      return { kind: "changed", councilsAsked: new Set(officers.map((o) => o.council)).size };
    });
}
