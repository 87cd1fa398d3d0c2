import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { config } from "../../config.server";
import {
  defaultAgreementTemplate,
  fillAgreement,
  PLACEHOLDERS,
  unknownPlaceholders,
  type AcceptanceInput,
} from "../../domain/grant-agreement";
import { formatPence } from "../../domain/money";
import { formatDateTime } from "../../domain/time";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, invalid, invalidFields, notFound } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";
import { queueEmail } from "../email/outbox.server";
import { recordAudit } from "../platform/audit.server";
import { renderAgreementPdf, type AgreementDocument } from "./agreement-pdf.server";
import { acceptPrizeWithAgreement, findWinnerAward } from "./prize-payments.server";
import { assertNoStaffConflict } from "./staff-conflicts.server";

// Grant agreements (issue 15, decision 060). Each prize tier has a template of terms staff edit;
// each award gets version 1 of its agreement, the template filled with its figures, when the
// results are published (staff can issue one for an award that has none, and a variation: a new
// version with its reason). The organisation's signatory accepts the exact text they read: the
// page posts back its SHA-256, and a text that changed since is refused. Accepting the agreement
// is accepting the prize: the payment moves on in the same transaction, through the payment
// service's own step. An accepted version never changes (the database refuses); the payment gate
// refuses approval until the latest version is accepted.
//
// Who may do it is checked here as well as by the routes: staff functions check the staff role
// inside their transaction; the winner's, that the person belongs to the winning organisation and
// the results are published (findWinnerAward). Anything else is not found.

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Where an award's agreement stands, for any page that needs to say so (the payment pages). */
export interface AgreementState {
  version: number;
  issuedAt: Date;
  accepted: boolean;
  acceptedAt: Date | null;
  signatoryName: string | null;
  signatoryRole: string | null;
  /** The account that accepted it (a member of the organisation). */
  acceptedByName: string | null;
}

/**
 * The latest version of an award's agreement and whether it is accepted, when and by whom; null
 * when the award has none. Reads only: the caller has checked who is asking.
 */
export async function agreementState(executor: Executor, awardId: number): Promise<AgreementState | null> {
  const row = await executor
    .selectFrom("grant_agreement")
    .leftJoin("app_user", "app_user.id", "grant_agreement.accepted_by")
    .select([
      "grant_agreement.version",
      "grant_agreement.issued_at",
      "grant_agreement.accepted_at",
      "grant_agreement.signatory_name",
      "grant_agreement.signatory_role",
      "app_user.name as acceptedByName",
    ])
    .where("grant_agreement.award_id", "=", awardId)
    .orderBy("grant_agreement.version", "desc")
    .executeTakeFirst();
  if (!row) return null;
  return {
    version: row.version,
    issuedAt: row.issued_at,
    accepted: row.accepted_at !== null,
    acceptedAt: row.accepted_at,
    signatoryName: row.signatory_name,
    signatoryRole: row.signatory_role,
    acceptedByName: row.acceptedByName,
  };
}

/** An award with everything its agreement is filled with. */
function awardFacts(executor: Executor) {
  return executor
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .leftJoin("grant_agreement_template", "grant_agreement_template.prize_tier_id", "award.prize_tier_id")
    .select([
      "award.id",
      "award.challenge_id",
      "award.entry_id",
      "award.cash_pence",
      "award.support_cap_pence",
      "entry.reference",
      "entry.title",
      "organisation.id as organisationId",
      "organisation.name as organisationName",
      "prize_tier.name as tierName",
      "prize_tier.cash_pence as tierCashPence",
      "prize_tier.support_cap_pence as tierSupportCapPence",
      "challenge.title as challengeTitle",
      "challenge.results_published_at",
      "grant_agreement_template.body as template",
    ]);
}
type AwardFacts = NonNullable<Awaited<ReturnType<ReturnType<typeof awardFacts>["executeTakeFirst"]>>>;

/** The award's tier's terms filled with its figures, as version `version`. */
function filledText(award: AwardFacts, version: number, now: Date): string {
  const template =
    award.template ??
    defaultAgreementTemplate({ cashPence: award.tierCashPence, supportCapPence: award.tierSupportCapPence });
  return fillAgreement(template, {
    organisationName: award.organisationName,
    ideaTitle: award.title,
    reference: award.reference,
    tierName: award.tierName,
    cashPence: award.cash_pence,
    supportCapPence: award.support_cap_pence,
    awardDate: award.results_published_at ?? now,
    challengeTitle: award.challengeTitle,
    version,
  });
}

async function insertVersion(
  trx: Transaction<Database>,
  award: AwardFacts,
  version: number,
  issuedBy: number | null,
  reason: string | null,
  now: Date,
) {
  const body = filledText(award, version, now);
  return trx
    .insertInto("grant_agreement")
    .values({
      award_id: award.id,
      version,
      body,
      body_sha256: sha256(body),
      issued_by: issuedBy,
      issued_at: now,
      variation_reason: reason,
    })
    .returning(["id", "version", "body_sha256"])
    .executeTakeFirstOrThrow();
}

/**
 * Version 1 of the agreement of every award of the challenge that has none, in the transaction
 * that publishes the results (publishAwardList checks the person first). Answers how many.
 */
export async function issueAgreementsAtPublication(
  trx: Transaction<Database>,
  challengeId: number,
  issuedBy: number | null,
  now: Date,
): Promise<number> {
  const awards = await awardFacts(trx)
    .where("award.challenge_id", "=", challengeId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("grant_agreement").select("id").whereRef("grant_agreement.award_id", "=", "award.id"))),
    )
    .orderBy("award.id")
    .execute();
  for (const award of awards) await insertVersion(trx, { ...award, results_published_at: now }, 1, issuedBy, null, now);
  return awards.length;
}

/** Version 1 of one award's agreement, unless it has one (the test hooks' awards, written directly). */
export async function issueFirstAgreement(trx: Transaction<Database>, awardId: number, now: Date): Promise<void> {
  const award = await awardFacts(trx).where("award.id", "=", awardId).executeTakeFirstOrThrow();
  const existing = await trx
    .selectFrom("grant_agreement")
    .select("id")
    .where("award_id", "=", awardId)
    .executeTakeFirst();
  if (!existing) await insertVersion(trx, award, 1, null, null, now);
}

// ---------------------------------------------------------------------------------------------
// Templates, per prize tier (staff, from the challenge's set-up pages)

/** The prize tier's terms as staff edit them: their own, or the default for its size. */
export async function agreementTemplate(actor: Actor, challengeId: number, tierId: number) {
  const executor = db();
  await assertStaff(executor, actor);
  const tier = await executor
    .selectFrom("prize_tier")
    .innerJoin("challenge", "challenge.id", "prize_tier.challenge_id")
    .leftJoin("grant_agreement_template", "grant_agreement_template.prize_tier_id", "prize_tier.id")
    .leftJoin("app_user", "app_user.id", "grant_agreement_template.updated_by")
    .select([
      "prize_tier.id",
      "prize_tier.name",
      "prize_tier.cash_pence",
      "prize_tier.support_cap_pence",
      "challenge.id as challengeId",
      "challenge.title as challengeTitle",
      "grant_agreement_template.body",
      "grant_agreement_template.updated_at",
      "app_user.name as updatedBy",
    ])
    .where("prize_tier.id", "=", tierId)
    .where("prize_tier.challenge_id", "=", challengeId)
    .executeTakeFirst();
  if (!tier) throw notFound();
  return {
    challenge: { id: tier.challengeId, title: tier.challengeTitle },
    tier: {
      id: tier.id,
      name: tier.name,
      cash: formatPence(tier.cash_pence),
      supportCap: tier.support_cap_pence > 0 ? formatPence(tier.support_cap_pence) : null,
    },
    body:
      tier.body ?? defaultAgreementTemplate({ cashPence: tier.cash_pence, supportCapPence: tier.support_cap_pence }),
    isDefault: tier.body === null,
    updated: tier.updated_at ? { at: tier.updated_at, by: tier.updatedBy } : null,
    placeholders: Object.entries(PLACEHOLDERS).map(([name, p]) => ({ name: `{{${name}}}`, meaning: p.meaning })),
  };
}

/** Saves a tier's terms. Agreements already issued keep their text; the next one issued uses these. */
export async function saveAgreementTemplate(
  actor: Actor,
  challengeId: number,
  tierId: number,
  body: string,
  now = new Date(),
): Promise<void> {
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const tier = await trx
        .selectFrom("prize_tier")
        .select("id")
        .where("id", "=", tierId)
        .where("challenge_id", "=", challengeId)
        .executeTakeFirst();
      if (!tier) throw notFound();
      const unknown = unknownPlaceholders(body);
      if (unknown.length) throw invalid(`The terms use placeholders we do not know: ${unknown.join(", ")}`, "body");
      if (!body.trim()) throw invalid("Enter the terms", "body");
      await trx
        .insertInto("grant_agreement_template")
        .values({ prize_tier_id: tierId, body, updated_by: actor.id, updated_at: now })
        .onConflict((oc) => oc.column("prize_tier_id").doUpdateSet({ body, updated_by: actor.id, updated_at: now }))
        .execute();
      await recordAudit(trx, {
        action: "grant_agreement_template_saved",
        actorUserId: actor.id,
        subjectType: "prize_tier",
        subjectId: tierId,
        ip: actor.ip,
        details: { challengeId, sha256: sha256(body) },
      });
    });
}

// ---------------------------------------------------------------------------------------------
// Staff: the agreements of a challenge's awards, one award's versions, issuing

function versionsOf(executor: Executor, awardId: number) {
  return executor
    .selectFrom("grant_agreement")
    .leftJoin("app_user as issuer", "issuer.id", "grant_agreement.issued_by")
    .leftJoin("app_user as accepter", "accepter.id", "grant_agreement.accepted_by")
    .select([
      "grant_agreement.id",
      "grant_agreement.version",
      "grant_agreement.body",
      "grant_agreement.body_sha256",
      "grant_agreement.issued_at",
      "grant_agreement.accepted_at",
      "grant_agreement.signatory_name",
      "grant_agreement.signatory_role",
      "grant_agreement.variation_reason",
      "issuer.name as issuedBy",
      "accepter.name as acceptedBy",
    ])
    .where("grant_agreement.award_id", "=", awardId)
    .orderBy("grant_agreement.version", "desc")
    .execute();
}
type VersionRow = Awaited<ReturnType<typeof versionsOf>>[number];

function versionView(v: VersionRow) {
  return {
    version: v.version,
    body: v.body,
    sha256: v.body_sha256,
    issuedAt: v.issued_at,
    issuedBy: v.issuedBy,
    variationReason: v.variation_reason,
    acceptedAt: v.accepted_at,
    signatoryName: v.signatory_name,
    signatoryRole: v.signatory_role,
    acceptedBy: v.acceptedBy,
  };
}

/** /staff/awards/:challengeId/agreements: each award with where its agreement stands. */
export async function staffAgreementsPage(actor: Actor, challengeId: number) {
  const executor = db();
  await assertStaff(executor, actor);
  const challenge = await executor
    .selectFrom("challenge")
    .select(["id", "title", "results_published_at"])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) throw notFound();
  const rows = await executor
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .leftJoin("grant_agreement", (join) =>
      join.onRef("grant_agreement.award_id", "=", "award.id").on(({ eb, selectFrom }) =>
        eb(
          "grant_agreement.version",
          "=",
          selectFrom("grant_agreement as l")
            .select(({ fn }) => fn.max("l.version").as("v"))
            .whereRef("l.award_id", "=", "award.id"),
        ),
      ),
    )
    .select([
      "award.id",
      "entry.reference",
      "entry.title",
      "organisation.name as organisationName",
      "prize_tier.name as tierName",
      "grant_agreement.version",
      "grant_agreement.issued_at",
      "grant_agreement.accepted_at",
      "grant_agreement.signatory_name",
    ])
    .where("award.challenge_id", "=", challengeId)
    .orderBy("prize_tier.position")
    .orderBy("entry.reference")
    .orderBy("award.id")
    .execute();
  return {
    challenge: { id: challenge.id, title: challenge.title, published: challenge.results_published_at !== null },
    rows: rows.map((r) => ({
      awardId: r.id,
      reference: r.reference,
      title: r.title,
      organisationName: r.organisationName,
      tierName: r.tierName,
      version: r.version,
      issuedAt: r.issued_at,
      acceptedAt: r.accepted_at,
      signatoryName: r.signatory_name,
    })),
    counts: {
      none: rows.filter((r) => r.version === null).length,
      waiting: rows.filter((r) => r.version !== null && r.accepted_at === null).length,
      accepted: rows.filter((r) => r.accepted_at !== null).length,
    },
  };
}

async function staffAward(executor: Executor, challengeId: number, awardId: number) {
  const award = await awardFacts(executor)
    .where("award.id", "=", awardId)
    .where("award.challenge_id", "=", challengeId)
    .executeTakeFirst();
  if (!award) throw notFound();
  return award;
}

/** /staff/awards/:challengeId/agreements/:awardId: every version of the award's agreement. */
export async function staffAgreementPage(actor: Actor, challengeId: number, awardId: number) {
  const executor = db();
  await assertStaff(executor, actor);
  const award = await staffAward(executor, challengeId, awardId);
  const versions = await versionsOf(executor, awardId);
  return {
    award: {
      id: award.id,
      challengeId: award.challenge_id,
      challengeTitle: award.challengeTitle,
      reference: award.reference,
      title: award.title,
      organisationName: award.organisationName,
      tierName: award.tierName,
      cash: formatPence(award.cash_pence),
      supportCap: award.support_cap_pence > 0 ? formatPence(award.support_cap_pence) : null,
      published: award.results_published_at !== null,
    },
    versions: versions.map(versionView),
  };
}

/**
 * Staff issue the award's agreement from its tier's terms: version 1 for an award that has none
 * (results published before agreements existed), or a variation, with its reason, which the
 * organisation must accept again before the prize can be approved. Answers the new version.
 */
export async function issueAgreement(
  actor: Actor,
  challengeId: number,
  awardId: number,
  input: { reason: string | null },
  now = new Date(),
): Promise<number> {
  // A new version changes what the organisation is bound to, and holds up its payment.
  assertRecentSecondFactor(actor, now);
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const award = await staffAward(trx, challengeId, awardId);
      await assertNoStaffConflict(trx, actor, [award.entry_id], "issue this grant agreement");
      if (!award.results_published_at) throw invalid("Agreements are issued when the results are published", "form");
      const latest = await trx
        .selectFrom("grant_agreement")
        .select(["version"])
        .where("award_id", "=", awardId)
        .orderBy("version", "desc")
        .forUpdate()
        .executeTakeFirst();
      const reason = input.reason?.trim() || null;
      if (latest && !reason) throw invalidFields({ reason: "Enter the reason for the variation" });
      const version = (latest?.version ?? 0) + 1;
      const issued = await insertVersion(trx, award, version, actor.id, latest ? reason : null, now);
      await recordAudit(trx, {
        action: version === 1 ? "grant_agreement_issued" : "grant_agreement_varied",
        actorUserId: actor.id,
        subjectType: "grant_agreement",
        subjectId: issued.id,
        ip: actor.ip,
        details: { awardId, version, sha256: issued.body_sha256, reason: latest ? reason : null },
      });
      return version;
    });
}

// ---------------------------------------------------------------------------------------------
// The winner: read, accept

/** /awards/:awardId/agreement: the latest version to read and accept, and the earlier ones. */
export async function winnerAgreementPage(actor: Actor, awardId: number) {
  const executor = db();
  const award = await findWinnerAward(executor, actor, awardId);
  const versions = await versionsOf(executor, awardId);
  const [latest, ...earlier] = versions.map(versionView);
  return {
    award: {
      id: award.id,
      reference: award.reference,
      title: award.title,
      organisationName: award.organisationName,
      challengeTitle: award.challengeTitle,
      tierName: award.tierName,
      cash: award.cash_pence > 0 ? formatPence(award.cash_pence) : null,
    },
    latest: latest ?? null,
    earlier,
  };
}

export const AGREEMENT_CHANGED =
  "The agreement changed since you opened it. Read the text below, which is the one to accept, and accept it again";

/**
 * The organisation's signatory accepts the latest version: the one they read (its hash posted
 * back). Moves the prize payment from awaiting acceptance to accepted in the same transaction,
 * and emails the organisation's members a notice with the text's fingerprint.
 */
export async function acceptAgreement(
  actor: Actor,
  awardId: number,
  input: Pick<AcceptanceInput, "version" | "sha256" | "signatoryName" | "signatoryRole">,
  now = new Date(),
): Promise<{ version: number; prizeAccepted: boolean }> {
  return db()
    .transaction()
    .execute(async (trx) => {
      const award = await findWinnerAward(trx, actor, awardId);
      const latest = await trx
        .selectFrom("grant_agreement")
        .select(["id", "version", "body_sha256", "accepted_at"])
        .where("award_id", "=", awardId)
        .orderBy("version", "desc")
        .limit(1)
        .forUpdate()
        .executeTakeFirst();
      if (!latest) throw invalid("There is no agreement to accept yet. The programme team will issue it", "form");
      if (latest.version !== input.version || latest.body_sha256 !== input.sha256)
        throw conflict(AGREEMENT_CHANGED, "form");
      if (latest.accepted_at) throw conflict("This agreement is already accepted", "form");
      await trx
        .updateTable("grant_agreement")
        .set({
          accepted_at: now,
          accepted_by: actor.id,
          signatory_name: input.signatoryName,
          signatory_role: input.signatoryRole,
        })
        .where("id", "=", latest.id)
        .where("accepted_at", "is", null)
        .execute();
      const prizeAccepted = await acceptPrizeWithAgreement(trx, actor, awardId, now);
      await recordAudit(trx, {
        action: "grant_agreement_accepted",
        actorUserId: actor.id,
        subjectType: "grant_agreement",
        subjectId: latest.id,
        ip: actor.ip,
        details: { awardId, version: latest.version, sha256: latest.body_sha256, prizeAccepted },
      });
      const members = await trx
        .selectFrom("organisation_member")
        .innerJoin("app_user", "app_user.id", "organisation_member.user_id")
        .innerJoin("entry", "entry.organisation_id", "organisation_member.organisation_id")
        .select(["app_user.id", "app_user.email", "app_user.name"])
        .where("entry.id", "=", award.entryId)
        .where("app_user.erased_at", "is", null)
        .orderBy("app_user.id")
        .execute();
      for (const member of members) {
        await queueEmail(trx, {
          to: member.email,
          template: "grant-agreement-accepted",
          idempotencyKey: `grant-agreement-accepted:${latest.id}:${member.id}`,
          props: {
            name: member.name,
            organisationName: award.organisationName,
            reference: award.reference,
            title: award.title,
            tierName: award.tierName,
            version: latest.version,
            signatoryName: input.signatoryName,
            signatoryRole: input.signatoryRole,
            acceptedAt: formatDateTime(now),
            sha256: latest.body_sha256,
            agreementUrl: `${config.appUrl}/awards/${awardId}/agreement`,
          },
        });
      }
      return { version: latest.version, prizeAccepted };
    });
}

// ---------------------------------------------------------------------------------------------
// PDF, for either side

async function pdfOf(executor: Executor, award: AwardFacts, version: number): Promise<AgreementDocument> {
  const row = (await versionsOf(executor, award.id)).find((v) => v.version === version);
  if (!row) throw notFound();
  return {
    title: `Grant agreement ${award.reference}, version ${row.version}`,
    organisationName: award.organisationName,
    reference: award.reference,
    ideaTitle: award.title,
    challengeTitle: award.challengeTitle,
    tierName: award.tierName,
    cash: award.cash_pence > 0 ? formatPence(award.cash_pence) : "No cash prize",
    supportCap: award.support_cap_pence > 0 ? formatPence(award.support_cap_pence) : "No support plan",
    version: row.version,
    body: row.body,
    sha256: row.body_sha256,
    issuedAt: formatDateTime(row.issued_at),
    variationReason: row.variation_reason,
    acceptance: row.accepted_at
      ? { name: row.signatory_name!, role: row.signatory_role!, at: formatDateTime(row.accepted_at) }
      : null,
  };
}

/** The winner's copy of a version of their agreement, as PDF bytes, with its file name. */
export async function winnerAgreementPdf(actor: Actor, awardId: number, version: number) {
  const executor = db();
  await findWinnerAward(executor, actor, awardId);
  const award = await awardFacts(executor).where("award.id", "=", awardId).executeTakeFirstOrThrow();
  const document = await pdfOf(executor, award, version);
  return { bytes: await renderAgreementPdf(document), fileName: pdfFileName(award.reference, version) };
}

/** Staff's copy of a version of an award's agreement, as PDF bytes, with its file name. */
export async function staffAgreementPdf(actor: Actor, challengeId: number, awardId: number, version: number) {
  const executor = db();
  await assertStaff(executor, actor);
  const award = await staffAward(executor, challengeId, awardId);
  const document = await pdfOf(executor, award, version);
  return { bytes: await renderAgreementPdf(document), fileName: pdfFileName(award.reference, version) };
}

function pdfFileName(reference: string, version: number): string {
  return `grant-agreement-${reference.replace(/[^A-Za-z0-9-]/g, "")}-v${version}.pdf`;
}
