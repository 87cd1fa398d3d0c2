import type { Transaction } from "kysely";
import { db, type Executor } from "../../../db/client";
import type { Database } from "../../../db/schema";
import {
  AGREEMENT_STAGE_LABELS,
  CHECK_KINDS,
  CHECK_LABELS,
  checkRegistrationNumber,
  checksForTier,
  checksStage,
  CHECKS_STAGE_LABELS,
  declarationYears,
  likelyRegister,
  MINIMAL_FINANCIAL_ASSISTANCE_PENCE,
  normaliseRegistrationNumber,
  type AgreementStage,
  type CheckKind,
  type ChecksStage,
  type Register,
  type RiskRating,
} from "../../domain/due-diligence";
import { DUPLICATE_THRESHOLD, titleSimilarity } from "../../domain/similarity";
import { assertRecentSecondFactor, type Actor } from "../actor.server";
import { conflict, forbidden, invalid, notFound } from "../app-error.server";
import { assertStaff } from "../accounts/roles.server";
import {
  attachmentsOf,
  checkUpload,
  storeAttachments,
  type CheckedUpload,
  type UploadedFile,
} from "../attachments/attachments.server";
import { recordAudit } from "../platform/audit.server";
import { assertNoStaffConflict, conflictWarning, staffConflictsFor } from "./staff-conflicts.server";
import { findWinnerAward } from "./prize-payments.server";

// Due diligence before a prize is paid (issue 15, decision 059). Each award has the checks its
// prize tier needs (app/domain/due-diligence.ts); a member of staff records each one (what they
// found, and for some a number, a yes/no or a rating, with evidence files), says the checks are
// complete, and a DIFFERENT member of staff signs them off with a recent second factor. Only then
// (and with the grant agreement accepted) may a payment be approved: prize-payments.server.ts
// refuses first in words, the database's prize_payment_gate refuses the same. Bank details are
// never stored: finance verifies them outside the service and the check records that it was done.
// A member of staff with a conflict of interest with the award's entry takes no part: recording a
// check (with its evidence), completing and signing off are refused them, in the step's
// transaction, though they may still see the page. Every step is in the audit trail, in the
// step's transaction.

const SIGNED_OFF = "These checks are signed off: they cannot change";
const STALE = "Someone else changed these checks while you were looking at them. Check them and try again";
export const COMPLETED_CANNOT_SIGN_OFF = "Another member of staff must sign off these checks: you completed them";

/** The award for staff, with what its checks need; not found unless it is one of the challenge's. */
async function staffAward(executor: Executor, challengeId: number | null, awardId: number) {
  let query = executor
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .select([
      "award.id",
      "award.challenge_id as challengeId",
      "award.cash_pence as cashPence",
      "entry.id as entryId",
      "entry.reference",
      "entry.title",
      "organisation.id as organisationId",
      "organisation.name as organisationName",
      "organisation.type as organisationType",
      "organisation.registration_number as registrationNumber",
      "prize_tier.name as tierName",
      "prize_tier.cash_pence as tierCashPence",
      "prize_tier.due_diligence_checks",
      "challenge.title as challengeTitle",
    ])
    .where("award.id", "=", awardId);
  if (challengeId !== null) query = query.where("award.challenge_id", "=", challengeId);
  const award = await query.executeTakeFirst();
  if (!award) throw notFound();
  return {
    ...award,
    checks: checksForTier({ cash_pence: award.tierCashPence, due_diligence_checks: award.due_diligence_checks }),
  };
}

/** The award's due_diligence row, locked, made when the first step is taken. */
async function lockedRecord(trx: Transaction<Database>, awardId: number) {
  await trx
    .insertInto("due_diligence")
    .values({ award_id: awardId })
    .onConflict((oc) => oc.column("award_id").doNothing())
    .execute();
  return trx
    .selectFrom("due_diligence")
    .selectAll()
    .where("award_id", "=", awardId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export interface GateState {
  checks: { stage: ChecksStage; label: string; signedOffBy: string | null; signedOffAt: Date | null };
  agreement: { stage: AgreementStage; label: string; acceptedAt: Date | null };
  /** Both done: the payment may be approved. */
  cleared: boolean;
  /** What still stands between the winner and their money, in words. */
  blockers: string[];
}

/**
 * What stands between each award and its money: its checks (not started, in progress, waiting for
 * sign-off, signed off by whom) and its latest grant agreement (not issued, waiting for the
 * signatory, accepted when). The same two questions the database's payment gate asks. The caller
 * has checked the person may see the awards.
 */
export async function paymentGateFor(executor: Executor, awardIds: readonly number[]): Promise<Map<number, GateState>> {
  const ids = [...new Set(awardIds)];
  const result = new Map<number, GateState>();
  if (!ids.length) return result;
  const records = await executor
    .selectFrom("due_diligence")
    .leftJoin("app_user", "app_user.id", "due_diligence.signed_off_by")
    .select([
      "due_diligence.award_id",
      "due_diligence.checks_completed_at",
      "due_diligence.signed_off_at",
      "app_user.name as signedOffBy",
    ])
    .where("due_diligence.award_id", "in", ids)
    .execute();
  const counts = await executor
    .selectFrom("due_diligence_check")
    .select(["award_id", (eb) => eb.fn.countAll<number>().as("done")])
    .where("award_id", "in", ids)
    .groupBy("award_id")
    .execute();
  const agreements = await executor
    .selectFrom("grant_agreement")
    .select(["award_id", "version", "accepted_at"])
    .where("award_id", "in", ids)
    .orderBy("version", "desc")
    .execute();
  for (const id of ids) {
    const record = records.find((r) => r.award_id === id);
    const done = Number(counts.find((c) => c.award_id === id)?.done ?? 0);
    const stage = checksStage({
      checksDone: done,
      checksCompletedAt: record?.checks_completed_at ?? null,
      signedOffAt: record?.signed_off_at ?? null,
    });
    const latest = agreements.find((a) => a.award_id === id);
    const agreementStage: AgreementStage = !latest
      ? "not_issued"
      : latest.accepted_at
        ? "accepted"
        : "waiting_for_signatory";
    const blockers: string[] = [];
    if (stage !== "signed_off")
      blockers.push(`its due-diligence checks are ${CHECKS_STAGE_LABELS[stage].toLowerCase()}`);
    if (agreementStage !== "accepted") {
      blockers.push(
        agreementStage === "not_issued"
          ? "its grant agreement has not been issued"
          : "its grant agreement is waiting for the organisation's signatory",
      );
    }
    result.set(id, {
      checks: {
        stage,
        label: CHECKS_STAGE_LABELS[stage],
        signedOffBy: stage === "signed_off" ? (record?.signedOffBy ?? "a former member of staff") : null,
        signedOffAt: record?.signed_off_at ?? null,
      },
      agreement: {
        stage: agreementStage,
        label: AGREEMENT_STAGE_LABELS[agreementStage],
        acceptedAt: latest?.accepted_at ?? null,
      },
      cleared: blockers.length === 0,
      blockers,
    });
  }
  return result;
}

/** Why a payment may not be approved yet, in words, or null when it may. */
export function gateRefusal(gate: GateState): string | null {
  if (gate.cleared) return null;
  return `This payment cannot be approved yet: ${gate.blockers.join(", and ")}`;
}

/** Earlier (or other) awards to the same registration number or a similar organisation name. */
async function possibleDuplicateFunding(
  executor: Executor,
  award: { id: number; organisationId: number; organisationName: string; registrationNumber: string | null },
) {
  const others = await executor
    .selectFrom("award")
    .innerJoin("entry", "entry.id", "award.entry_id")
    .innerJoin("organisation", "organisation.id", "entry.organisation_id")
    .innerJoin("challenge", "challenge.id", "award.challenge_id")
    .innerJoin("prize_tier", "prize_tier.id", "award.prize_tier_id")
    .select([
      "award.id",
      "award.cash_pence",
      "entry.reference",
      "organisation.id as organisationId",
      "organisation.name as organisationName",
      "organisation.registration_number as registrationNumber",
      "challenge.title as challengeTitle",
      "prize_tier.name as tierName",
    ])
    .where("award.id", "<>", award.id)
    .orderBy("award.id")
    .execute();
  const number = award.registrationNumber ? normaliseRegistrationNumber(award.registrationNumber) : null;
  return others.flatMap((other) => {
    const reasons: string[] = [];
    if (other.organisationId === award.organisationId) reasons.push("the same organisation");
    else {
      if (number && other.registrationNumber && normaliseRegistrationNumber(other.registrationNumber) === number)
        reasons.push("the same registration number");
      if (titleSimilarity(other.organisationName, award.organisationName) >= DUPLICATE_THRESHOLD)
        reasons.push("a similar name");
    }
    if (!reasons.length) return [];
    return [
      {
        awardId: other.id,
        reference: other.reference,
        organisationName: other.organisationName,
        challengeTitle: other.challengeTitle,
        tierName: other.tierName,
        cashPence: other.cash_pence,
        because: reasons.join(" and "),
      },
    ];
  });
}

async function subsidyDeclaration(executor: Executor, awardId: number, now: Date) {
  const record = await executor
    .selectFrom("due_diligence")
    .leftJoin("app_user", "app_user.id", "due_diligence.subsidy_declared_by")
    .select(["due_diligence.subsidy_declared_at", "app_user.name as declaredBy"])
    .where("due_diligence.award_id", "=", awardId)
    .executeTakeFirst();
  const lines = await executor
    .selectFrom("subsidy_declaration_line")
    .select(["id", "financial_year", "amount_pence", "provider"])
    .where("award_id", "=", awardId)
    .orderBy("financial_year", "desc")
    .orderBy("id")
    .execute();
  const years = declarationYears(now);
  const totalPence = lines.filter((l) => years.includes(l.financial_year)).reduce((sum, l) => sum + l.amount_pence, 0);
  return {
    declaredAt: record?.subsidy_declared_at ?? null,
    declaredBy: record?.declaredBy ?? null,
    years,
    lines: lines.map((l) => ({ id: l.id, year: l.financial_year, amountPence: l.amount_pence, provider: l.provider })),
    totalPence,
    thresholdPence: MINIMAL_FINANCIAL_ASSISTANCE_PENCE,
    overThreshold: totalPence > MINIMAL_FINANCIAL_ASSISTANCE_PENCE,
  };
}

/** /staff/awards/:challengeId/due-diligence/:awardId: the award's checks, what the service found, and who did what. */
export async function dueDiligencePage(actor: Actor, challengeId: number, awardId: number, now = new Date()) {
  const executor = db();
  await assertStaff(executor, actor);
  const award = await staffAward(executor, challengeId, awardId);
  const record = await executor
    .selectFrom("due_diligence")
    .selectAll()
    .where("award_id", "=", awardId)
    .executeTakeFirst();
  const rows = await executor
    .selectFrom("due_diligence_check")
    .leftJoin("app_user", "app_user.id", "due_diligence_check.done_by")
    .selectAll("due_diligence_check")
    .select("app_user.name as doneByName")
    .where("award_id", "=", awardId)
    .execute();
  const people = await executor
    .selectFrom("app_user")
    .select(["id", "name"])
    .where("id", "in", [record?.checks_completed_by ?? 0, record?.signed_off_by ?? 0])
    .execute();
  const nameOf = (id: number | null | undefined) =>
    id
      ? `${people.find((p) => p.id === id)?.name ?? "A former member of staff"}${id === actor.id ? " (you)" : ""}`
      : null;
  const declaredConflicts = await executor
    .selectFrom("staff_conflict")
    .innerJoin("app_user", "app_user.id", "staff_conflict.user_id")
    .select(["app_user.name", "staff_conflict.reason", "staff_conflict.declared_at"])
    .where("staff_conflict.entry_id", "=", award.entryId)
    .orderBy("staff_conflict.declared_at")
    .execute();
  const [own] = await staffConflictsFor(executor, actor, [award.entryId]);
  const stage = checksStage({
    checksDone: rows.length,
    checksCompletedAt: record?.checks_completed_at ?? null,
    signedOffAt: record?.signed_off_at ?? null,
  });
  const checks = award.checks.map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    return {
      kind,
      label: CHECK_LABELS[kind],
      done: row
        ? {
            conclusion: row.conclusion,
            register: row.register,
            registrationNumber: row.registration_number,
            worksWithVulnerable: row.works_with_vulnerable,
            riskRating: row.risk_rating,
            by: row.doneByName ?? "A former member of staff",
            at: row.done_at,
          }
        : null,
    };
  });
  const missing = checks.filter((c) => !c.done).map((c) => c.label);
  const gate = (await paymentGateFor(executor, [awardId])).get(awardId)!;
  const payment = await executor
    .selectFrom("prize_payment")
    .select(["id"])
    .where("award_id", "=", awardId)
    .executeTakeFirst();
  return {
    award: {
      id: award.id,
      challengeId: award.challengeId,
      challengeTitle: award.challengeTitle,
      reference: award.reference,
      title: award.title,
      organisationName: award.organisationName,
      organisationType: award.organisationType,
      registrationNumber: award.registrationNumber,
      likelyRegister: likelyRegister(award.organisationType, award.registrationNumber),
      tierName: award.tierName,
      cashPence: award.cashPence,
    },
    version: record?.version ?? 0,
    stage,
    stageLabel: CHECKS_STAGE_LABELS[stage],
    checks,
    missing,
    completedBy: nameOf(record?.checks_completed_by),
    completedAt: record?.checks_completed_at ?? null,
    signedOffBy: nameOf(record?.signed_off_by),
    signedOffAt: record?.signed_off_at ?? null,
    /** This person completed the checks: someone else must sign them off. */
    completedByYou: record?.checks_completed_by === actor.id,
    duplicates: await possibleDuplicateFunding(executor, award),
    conflicts: {
      yours: own ? conflictWarning(own) : null,
      declared: declaredConflicts.map((c) => ({ name: c.name, reason: c.reason, declaredAt: c.declared_at })),
    },
    subsidy: await subsidyDeclaration(executor, awardId, now),
    evidence: await attachmentsOf(executor, { kind: "due_diligence", id: awardId }),
    gate,
    paymentId: payment?.id ?? null,
  };
}

export interface CheckInput {
  kind: CheckKind;
  conclusion: string;
  register?: Register | null;
  registrationNumber?: string | null;
  worksWithVulnerable?: boolean | null;
  riskRating?: RiskRating | null;
}

/**
 * A member of staff records one check's outcome, with any evidence files (checked before anything
 * is written: a refused file saves nothing). Recording a check again replaces its outcome; once
 * the checks are complete a change sends them back to "in progress", and once signed off nothing
 * changes.
 */
export async function recordCheck(
  actor: Actor,
  awardId: number,
  input: CheckInput,
  files: readonly UploadedFile[] = [],
  now = new Date(),
): Promise<void> {
  await assertStaff(db(), actor);
  const award = await staffAward(db(), null, awardId);
  if (!award.checks.includes(input.kind))
    throw invalid(`${CHECK_LABELS[input.kind]} is not one of this award's checks`, "form");
  const conclusion = input.conclusion.trim();
  if (!conclusion) throw invalid("Enter what you found and how you checked it", "conclusion");
  let register: Register | null = null;
  let registrationNumber: string | null = null;
  if (input.kind === "registration") {
    if (!input.register) throw invalid("Select the register you checked", "register");
    const checked = checkRegistrationNumber(input.register, input.registrationNumber ?? "");
    if (!checked.ok) throw invalid(checked.message, "registrationNumber");
    register = input.register;
    registrationNumber = checked.number;
  }
  if (input.kind === "safeguarding" && (input.worksWithVulnerable === null || input.worksWithVulnerable === undefined))
    throw invalid("Select whether the idea works with children or vulnerable adults", "worksWithVulnerable");
  if (input.kind === "risk_rating" && !input.riskRating) throw invalid("Select the risk rating", "riskRating");
  const checked: CheckedUpload[] = [];
  for (const file of files) checked.push(await checkUpload(file, { field: "evidence" }));

  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      await assertNoStaffConflict(trx, actor, [award.entryId], "record this check");
      const record = await lockedRecord(trx, awardId);
      if (record.signed_off_at) throw conflict(SIGNED_OFF, "form");
      await trx
        .insertInto("due_diligence_check")
        .values({
          award_id: awardId,
          kind: input.kind,
          conclusion,
          register,
          registration_number: registrationNumber,
          works_with_vulnerable: input.kind === "safeguarding" ? input.worksWithVulnerable! : null,
          risk_rating: input.kind === "risk_rating" ? input.riskRating! : null,
          done_by: actor.id,
          done_at: now,
        })
        .onConflict((oc) =>
          oc.columns(["award_id", "kind"]).doUpdateSet((eb) => ({
            conclusion: eb.ref("excluded.conclusion"),
            register: eb.ref("excluded.register"),
            registration_number: eb.ref("excluded.registration_number"),
            works_with_vulnerable: eb.ref("excluded.works_with_vulnerable"),
            risk_rating: eb.ref("excluded.risk_rating"),
            done_by: eb.ref("excluded.done_by"),
            done_at: eb.ref("excluded.done_at"),
          })),
        )
        .execute();
      // A change after the checks were completed needs them completed again, and so looked at again.
      await trx
        .updateTable("due_diligence")
        .set({ checks_completed_by: null, checks_completed_at: null, version: record.version + 1 })
        .where("award_id", "=", awardId)
        .execute();
      await storeAttachments(trx, actor, { kind: "due_diligence", id: awardId }, checked);
      await recordAudit(trx, {
        action: "due_diligence.check_recorded",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: awardId,
        ip: actor.ip ?? null,
        details: {
          check: input.kind,
          register,
          registrationNumber,
          worksWithVulnerable: input.kind === "safeguarding" ? input.worksWithVulnerable : undefined,
          riskRating: input.kind === "risk_rating" ? input.riskRating : undefined,
          evidenceFiles: checked.length,
          reopened: record.checks_completed_at !== null,
        },
      });
    });
}

/** The member of staff who did the checks says they are complete: every check the tier needs is recorded. */
export async function completeChecks(actor: Actor, awardId: number, version: number, now = new Date()): Promise<void> {
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const award = await staffAward(trx, null, awardId);
      await assertNoStaffConflict(trx, actor, [award.entryId], "complete these checks");
      const record = await lockedRecord(trx, awardId);
      if (record.version !== version) throw conflict(STALE, "form");
      if (record.signed_off_at) throw conflict(SIGNED_OFF, "form");
      if (record.checks_completed_at) throw conflict("These checks are already complete", "form");
      const done = await trx.selectFrom("due_diligence_check").select("kind").where("award_id", "=", awardId).execute();
      const missing = award.checks.filter((k) => !done.some((d) => d.kind === k));
      if (missing.length) {
        throw invalid(
          `Record every check before saying they are complete: ${missing.map((k) => CHECK_LABELS[k].toLowerCase()).join(", ")}`,
          "form",
        );
      }
      await trx
        .updateTable("due_diligence")
        .set({ checks_completed_by: actor.id, checks_completed_at: now, version: record.version + 1 })
        .where("award_id", "=", awardId)
        .execute();
      await recordAudit(trx, {
        action: "due_diligence.checks_completed",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: awardId,
        ip: actor.ip ?? null,
        details: { checks: award.checks },
      });
    });
}

/**
 * A second member of staff signs the checks off: not the one who completed them (the database's
 * due_diligence_two_people check refuses the same), with a second factor given in the last few
 * minutes, because it lets money move.
 */
export async function signOffChecks(actor: Actor, awardId: number, version: number, now = new Date()): Promise<void> {
  assertRecentSecondFactor(actor, now);
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const award = await staffAward(trx, null, awardId);
      await assertNoStaffConflict(trx, actor, [award.entryId], "sign off these checks");
      const record = await lockedRecord(trx, awardId);
      if (record.version !== version) throw conflict(STALE, "form");
      if (record.signed_off_at) throw conflict("These checks are already signed off", "form");
      if (!record.checks_completed_at) throw invalid("The checks must be completed before they are signed off", "form");
      if (record.checks_completed_by === actor.id) throw forbidden(COMPLETED_CANNOT_SIGN_OFF, "form");
      await trx
        .updateTable("due_diligence")
        .set({ signed_off_by: actor.id, signed_off_at: now, version: record.version + 1 })
        .where("award_id", "=", awardId)
        .execute();
      await recordAudit(trx, {
        action: "due_diligence.signed_off",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: awardId,
        ip: actor.ip ?? null,
        details: { checksCompletedBy: record.checks_completed_by },
      });
    });
}

/** /awards/:awardId/subsidy: the winner's declaration of other public support, and whether it is needed. */
export async function winnerSubsidyPage(actor: Actor, awardId: number, now = new Date()) {
  const executor = db();
  const award = await findWinnerAward(executor, actor, awardId);
  const full = await staffAward(executor, null, awardId);
  const signed = await executor
    .selectFrom("due_diligence")
    .select("signed_off_at")
    .where("award_id", "=", awardId)
    .executeTakeFirst();
  return {
    award: {
      id: award.id,
      reference: award.reference,
      title: award.title,
      organisationName: award.organisationName,
      challengeTitle: award.challengeTitle,
      tierName: award.tierName,
    },
    needed: full.checks.includes("subsidy_control") && full.organisationType === "sme",
    locked: signed?.signed_off_at != null,
    declaration: await subsidyDeclaration(executor, awardId, now),
  };
}

export interface SubsidyLine {
  year: number;
  amountPence: number;
  provider: string;
}

/**
 * The winner declares the other public support the organisation received in the current and
 * previous two financial years (none is a declaration too). It replaces an earlier one until the
 * checks are signed off.
 */
export async function declareSubsidy(
  actor: Actor,
  awardId: number,
  lines: readonly SubsidyLine[],
  now = new Date(),
): Promise<void> {
  const years = declarationYears(now);
  lines.forEach((line, i) => {
    if (!years.includes(line.year)) throw invalid("Choose one of the three financial years", `year${i + 1}`);
    if (!Number.isSafeInteger(line.amountPence) || line.amountPence <= 0 || line.amountPence > 2_000_000_000)
      throw invalid("Enter an amount in pounds, for example 12,500", `amount${i + 1}`);
    if (!line.provider.trim() || line.provider.trim().length > 200)
      throw invalid("Enter who gave the support, in 200 characters or fewer", `provider${i + 1}`);
  });
  await db()
    .transaction()
    .execute(async (trx) => {
      await findWinnerAward(trx, actor, awardId);
      const record = await lockedRecord(trx, awardId);
      if (record.signed_off_at)
        throw conflict("The checks on this award are signed off: the declaration cannot change", "form");
      await trx.deleteFrom("subsidy_declaration_line").where("award_id", "=", awardId).execute();
      if (lines.length) {
        await trx
          .insertInto("subsidy_declaration_line")
          .values(
            lines.map((l) => ({
              award_id: awardId,
              financial_year: l.year,
              amount_pence: l.amountPence,
              provider: l.provider.trim(),
            })),
          )
          .execute();
      }
      await trx
        .updateTable("due_diligence")
        .set({ subsidy_declared_by: actor.id, subsidy_declared_at: now, version: record.version + 1 })
        .where("award_id", "=", awardId)
        .execute();
      const total = lines.reduce((sum, l) => sum + l.amountPence, 0);
      await recordAudit(trx, {
        action: "due_diligence.subsidy_declared",
        actorUserId: actor.id,
        subjectType: "award",
        subjectId: awardId,
        ip: actor.ip ?? null,
        details: { lines: lines.length, totalPence: total, overThreshold: total > MINIMAL_FINANCIAL_ASSISTANCE_PENCE },
      });
    });
}

/** /staff/awards/:challengeId/checklist: the checks each prize tier's awards need. */
export async function tierChecklists(actor: Actor, challengeId: number) {
  const executor = db();
  await assertStaff(executor, actor);
  const challenge = await executor
    .selectFrom("challenge")
    .select(["id", "title"])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) throw notFound();
  const tiers = await executor
    .selectFrom("prize_tier")
    .select(["id", "name", "cash_pence", "due_diligence_checks"])
    .where("challenge_id", "=", challengeId)
    .orderBy("position")
    .execute();
  return {
    challenge,
    tiers: tiers.map((t) => ({
      id: t.id,
      name: t.name,
      cashPence: t.cash_pence,
      checks: checksForTier(t),
      byDefault: t.due_diligence_checks === null,
    })),
    kinds: CHECK_KINDS.map((k) => ({ value: k, text: CHECK_LABELS[k] })),
  };
}

/** Staff set which checks a tier's awards need. Awards already signed off keep what they were checked for. */
export async function setTierChecklist(
  actor: Actor,
  challengeId: number,
  tierId: number,
  kinds: readonly CheckKind[],
): Promise<void> {
  const chosen = CHECK_KINDS.filter((k) => kinds.includes(k));
  if (!chosen.length) throw invalid("Select at least one check", `checks${tierId}`);
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const tier = await trx
        .selectFrom("prize_tier")
        .select(["id", "due_diligence_checks"])
        .where("id", "=", tierId)
        .where("challenge_id", "=", challengeId)
        .executeTakeFirst();
      if (!tier) throw notFound();
      await trx.updateTable("prize_tier").set({ due_diligence_checks: chosen }).where("id", "=", tierId).execute();
      await recordAudit(trx, {
        action: "due_diligence.checklist_changed",
        actorUserId: actor.id,
        subjectType: "prize_tier",
        subjectId: tierId,
        ip: actor.ip ?? null,
        details: { from: tier.due_diligence_checks, to: chosen },
      });
    });
}
