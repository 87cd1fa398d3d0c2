import type { Transaction } from "kysely";
import { db } from "../../../db/client";
import type { ChallengeStatus, Database } from "../../../db/schema";
import { config } from "../../config.server";
import {
  buildChallengePage,
  prizeSentence,
  type ChallengeData,
  type ChallengePageModel,
} from "../../domain/challenge-page";
import {
  datesProblem,
  isOrdered,
  itemTitle,
  ITEM_WORDS,
  openingProblems,
  parseId,
  slugify,
  type DatesInput,
  type DetailsInput,
  type EntryDocumentsInput,
  type ItemInput,
  type ItemKind,
  type NewChallengeInput,
} from "../../domain/challenge-setup";
import { dateToParts } from "../../domain/london-date-input";
import type { FormValues } from "../../domain/forms";
import { formatDate, formatDateTime } from "../../domain/time";
import { canChangeDeadline } from "../../domain/stages";
import { recordAudit } from "../platform/audit.server";
import { loadChallengeData } from "./challenges.server";
import { assertStaff } from "../accounts/roles.server";
import type { Actor } from "../actor.server";
import { loadStageFacts } from "./stages.server";
import { conflict, invalid, notFound } from "../app-error.server";

// Staff set up challenges here: create one (optionally from a copy of an earlier one), edit its
// texts, dates and lists, preview it and open it. Every function checks the actor holds the staff
// role, inside the transaction of the change. Once a challenge has been published (open or
// closed), every change to it is written to the audit trail in the same transaction, with what
// changed, because entrants have read it and may have relied on it.

type Trx = Transaction<Database>;

/** The challenge id in an address, or a 404 for anything that is not one. */
export function challengeIdParam(value: string | undefined): number {
  const id = parseId(value);
  if (id === null) throw notFound();
  return id;
}

const STATUS_LABELS: Record<ChallengeStatus, string> = {
  draft: "Draft",
  open: "Open",
  closed: "Closed",
  archived: "Archived",
};

export function statusLabel(status: ChallengeStatus): string {
  return STATUS_LABELS[status];
}

/** Long values are cut short in the audit trail: it records that they changed, not a copy. */
function forAudit(value: unknown): unknown {
  if (typeof value === "string" && value.length > 300) return `${value.slice(0, 300)}…`;
  return value;
}

async function lockChallenge(trx: Trx, challengeId: number) {
  const challenge = await trx
    .selectFrom("challenge")
    .selectAll()
    .where("id", "=", challengeId)
    .forUpdate()
    .executeTakeFirst();
  if (!challenge) throw notFound();
  return challenge;
}

/** Published challenges (open, closed, archived) have been read by entrants: changes are audited. */
function isPublished(status: ChallengeStatus): boolean {
  return status !== "draft";
}

async function auditChange(
  trx: Trx,
  actor: Actor,
  challenge: { id: number; status: ChallengeStatus },
  action: string,
  summary: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  if (!isPublished(challenge.status)) return;
  await recordAudit(trx, {
    action,
    actorUserId: actor.id,
    subjectType: "challenge",
    subjectId: challenge.id,
    ip: actor.ip,
    details: { summary, ...details },
  });
}

/** Before the audit event, never after: writers of the audit trail take turns (decision 048). */
async function touch(trx: Trx, challengeId: number): Promise<void> {
  await trx.updateTable("challenge").set({ updated_at: new Date() }).where("id", "=", challengeId).execute();
}

// --- Reading -------------------------------------------------------------------------------------

export interface ChallengeListItem {
  id: number;
  title: string;
  status: ChallengeStatus;
  statusLabel: string;
  opensAt: Date;
  closesAt: Date;
  entries: number;
}

/** Every challenge, current and earlier, newest first. Staff only. */
export async function listChallenges(actor: Actor): Promise<ChallengeListItem[]> {
  await assertStaff(db(), actor);
  const rows = await db()
    .selectFrom("challenge")
    .leftJoin("entry", (join) =>
      join.onRef("entry.challenge_id", "=", "challenge.id").on("entry.status", "!=", "draft"),
    )
    .select((eb) => [
      "challenge.id",
      "challenge.title",
      "challenge.status",
      "challenge.opens_at",
      "challenge.closes_at",
      eb.fn.count<number>("entry.id").as("entries"),
    ])
    .groupBy("challenge.id")
    .orderBy("challenge.opens_at", "desc")
    .orderBy("challenge.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    statusLabel: statusLabel(r.status),
    opensAt: new Date(r.opens_at),
    closesAt: new Date(r.closes_at),
    entries: Number(r.entries),
  }));
}

/** One row of a list on the set-up pages: how it is named and described, and its form values. */
export interface StaffItem {
  id: number;
  title: string;
  detail: string;
  values: FormValues;
}

export interface StaffChallengeView {
  id: number;
  slug: string;
  title: string;
  /** The programme's budget in pence, or null when none is set (set on its own page: budget.server.ts). */
  budgetPence: number | null;
  summary: string;
  description: string;
  whoCanEnter: string;
  howJudgingWorks: string;
  shareText: string;
  judgesSeeOrganisation: boolean;
  /** Supporting documents an entry may have: how many (0: none) and how large each, in MB. */
  entryDocuments: { maxFiles: number; maxFileMb: number };
  status: ChallengeStatus;
  statusLabel: string;
  opensAt: Date;
  closesAt: Date;
  /** Submitted (not draft) entries. */
  entries: number;
  items: Record<ItemKind, StaffItem[]>;
  criteria: ChallengeData["criteria"];
}

/** Pence as the pounds a person would type back into the form: 50000 -> "500", 1250 -> "12.50". */
export function poundsText(pence: number): string {
  const pounds = Math.floor(pence / 100);
  const rest = pence % 100;
  return rest === 0 ? String(pounds) : `${pounds}.${String(rest).padStart(2, "0")}`;
}

/** A challenge with everything staff can change about it, or a 404 when there is none. Staff only. */
export async function challengeForStaff(actor: Actor, challengeId: number): Promise<StaffChallengeView> {
  await assertStaff(db(), actor);
  const challenge = await db().selectFrom("challenge").selectAll().where("id", "=", challengeId).executeTakeFirst();
  if (!challenge) throw notFound();
  const [data, sponsors, entries] = await Promise.all([
    loadChallengeData(db(), challengeId),
    db().selectFrom("priority_area").select(["id", "sponsor_code"]).where("challenge_id", "=", challengeId).execute(),
    db()
      .selectFrom("entry")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("challenge_id", "=", challengeId)
      .where("status", "!=", "draft")
      .executeTakeFirstOrThrow(),
  ]);
  if (!data) throw notFound();
  const sponsorOf = new Map(sponsors.map((s) => [s.id, s.sponsor_code]));
  return {
    id: challenge.id,
    slug: challenge.slug,
    title: challenge.title,
    summary: challenge.summary,
    description: challenge.description,
    whoCanEnter: challenge.who_can_enter,
    howJudgingWorks: challenge.how_judging_works,
    shareText: challenge.share_text,
    judgesSeeOrganisation: challenge.judges_see_organisation,
    budgetPence: challenge.budget_pence,
    entryDocuments: { maxFiles: challenge.entry_max_files, maxFileMb: challenge.entry_max_file_mb },
    status: challenge.status,
    statusLabel: statusLabel(challenge.status),
    opensAt: new Date(challenge.opens_at),
    closesAt: new Date(challenge.closes_at),
    entries: Number(entries.n),
    criteria: data.criteria,
    items: {
      areas: data.priorityAreas.map((a) => ({
        id: a.id,
        title: a.name,
        detail: `Sponsor council: ${a.sponsor}`,
        values: { name: a.name, description: a.description, sponsorCode: sponsorOf.get(a.id) ?? "" },
      })),
      principles: data.principles.map((p) => ({
        id: p.id,
        title: p.name,
        detail: p.description,
        values: { name: p.name, description: p.description },
      })),
      prizes: data.prizeTiers.map((t) => ({
        id: t.id,
        title: t.name,
        detail: prizeSentence(t) || "No cash, support or masterclass place",
        values: {
          name: t.name,
          description: t.description,
          places: String(t.places),
          cash: poundsText(t.cashPence),
          supportCap: poundsText(t.supportCapPence),
          masterclass: t.masterclass ? "yes" : "no",
        },
      })),
      faq: data.faqs.map((f) => ({
        id: f.id,
        title: f.question,
        detail: f.answer.length > 160 ? `${f.answer.slice(0, 160)}…` : f.answer,
        values: { question: f.question, answer: f.answer },
      })),
      "key-dates": data.keyDates.map((k) => {
        const parts = dateToParts(k.date);
        return {
          id: k.id,
          title: k.label,
          detail: formatDate(new Date(`${k.date}T12:00:00Z`)),
          values: { label: k.label, dateDay: parts.day, dateMonth: parts.month, dateYear: parts.year },
        };
      }),
    },
  };
}

/** The public page of any challenge, draft or earlier, as it would look at `now`. Staff only. */
export async function previewChallenge(
  actor: Actor,
  challengeId: number,
  now: Date = new Date(),
): Promise<ChallengePageModel> {
  await assertStaff(db(), actor);
  const data = await loadChallengeData(db(), challengeId);
  if (!data) throw notFound();
  return buildChallengePage(data, { now, appUrl: config.appUrl });
}

// --- Creating ------------------------------------------------------------------------------------

async function uniqueSlug(trx: Trx, title: string): Promise<string> {
  const base = slugify(title);
  const taken = new Set(
    (await trx.selectFrom("challenge").select("slug").where("slug", "like", `${base}%`).execute()).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Creates a draft challenge. With `copyFrom`, it starts as a copy of an earlier challenge's page
 * texts, priority areas, principles, criteria, prize tiers and questions (not its key dates, which
 * belong to that year). Staff only.
 */
export async function createChallenge(actor: Actor, input: NewChallengeInput): Promise<number> {
  const problem = datesProblem(input);
  if (problem) throw invalid(problem.message, problem.field);
  return db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const source = input.copyFrom
        ? await trx.selectFrom("challenge").selectAll().where("id", "=", input.copyFrom).executeTakeFirst()
        : undefined;
      if (input.copyFrom && !source) throw invalid("Select an earlier challenge to copy, or none", "copyFrom");
      const created = await trx
        .insertInto("challenge")
        .values({
          slug: await uniqueSlug(trx, input.title),
          title: input.title,
          summary: input.summary,
          opens_at: input.opensAt,
          closes_at: input.closesAt,
          status: "draft",
          description: source?.description ?? "",
          who_can_enter: source?.who_can_enter ?? "",
          how_judging_works: source?.how_judging_works ?? "",
          judges_see_organisation: source?.judges_see_organisation ?? false,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (source) await copyLists(trx, source.id, created.id);
      await recordAudit(trx, {
        action: "challenge_created",
        actorUserId: actor.id,
        subjectType: "challenge",
        subjectId: created.id,
        ip: actor.ip,
        details: { title: input.title, ...(source ? { copiedFrom: source.title } : {}) },
      });
      return created.id;
    });
}

async function copyLists(trx: Trx, fromId: number, toId: number): Promise<void> {
  const [areas, principles, criteria, tiers, faqs] = await Promise.all([
    trx.selectFrom("priority_area").selectAll().where("challenge_id", "=", fromId).execute(),
    trx.selectFrom("principle").selectAll().where("challenge_id", "=", fromId).execute(),
    trx.selectFrom("criterion").selectAll().where("challenge_id", "=", fromId).execute(),
    trx.selectFrom("prize_tier").selectAll().where("challenge_id", "=", fromId).execute(),
    trx.selectFrom("challenge_faq").selectAll().where("challenge_id", "=", fromId).execute(),
  ]);
  if (areas.length) {
    await trx
      .insertInto("priority_area")
      .values(
        areas.map(({ name, description, sponsor_code, position }) => ({
          challenge_id: toId,
          name,
          description,
          sponsor_code,
          position,
        })),
      )
      .execute();
  }
  if (principles.length) {
    await trx
      .insertInto("principle")
      .values(
        principles.map(({ name, description, position }) => ({ challenge_id: toId, name, description, position })),
      )
      .execute();
  }
  if (criteria.length) {
    await trx
      .insertInto("criterion")
      .values(
        criteria.map(({ name, guidance, weight, scale_min, scale_max, levels, position }) => ({
          challenge_id: toId,
          name,
          guidance,
          weight,
          scale_min,
          scale_max,
          levels: JSON.stringify(levels),
          position,
        })),
      )
      .execute();
  }
  if (tiers.length) {
    await trx
      .insertInto("prize_tier")
      .values(
        tiers.map(({ name, description, places, cash_pence, support_cap_pence, masterclass, position }) => ({
          challenge_id: toId,
          name,
          description,
          places,
          cash_pence,
          support_cap_pence,
          masterclass,
          position,
        })),
      )
      .execute();
  }
  if (faqs.length) {
    await trx
      .insertInto("challenge_faq")
      .values(faqs.map(({ question, answer, position }) => ({ challenge_id: toId, question, answer, position })))
      .execute();
  }
}

// --- Editing the challenge's own fields ------------------------------------------------------------

const DETAIL_FIELDS = {
  title: { column: "title", label: "Title" },
  summary: { column: "summary", label: "Summary" },
  description: { column: "description", label: "What the challenge is for" },
  whoCanEnter: { column: "who_can_enter", label: "Who can enter" },
  howJudgingWorks: { column: "how_judging_works", label: "How judging works" },
  shareText: { column: "share_text", label: "Text to share" },
  judgesSeeOrganisation: { column: "judges_see_organisation", label: "Judges see organisation names" },
} as const satisfies Record<keyof DetailsInput, { column: string; label: string }>;

/** Title, summary, page texts and whether judges see organisation names. Staff only. */
export async function updateChallengeDetails(actor: Actor, challengeId: number, input: DetailsInput): Promise<void> {
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await lockChallenge(trx, challengeId);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const labels: string[] = [];
      for (const [field, { column, label }] of Object.entries(DETAIL_FIELDS) as [
        keyof DetailsInput,
        (typeof DETAIL_FIELDS)[keyof DetailsInput],
      ][]) {
        const before = challenge[column];
        const after = input[field];
        if (before !== after) {
          changes[field] = { from: forAudit(before), to: forAudit(after) };
          labels.push(label);
        }
      }
      if (!labels.length) return;
      await trx
        .updateTable("challenge")
        .set({
          title: input.title,
          summary: input.summary,
          description: input.description,
          who_can_enter: input.whoCanEnter,
          how_judging_works: input.howJudgingWorks,
          share_text: input.shareText,
          judges_see_organisation: input.judgesSeeOrganisation,
          updated_at: new Date(),
        })
        .where("id", "=", challengeId)
        .execute();
      await auditChange(trx, actor, challenge, "challenge_changed", `Changed: ${labels.join(", ")}`, { changes });
    });
}

/**
 * Whether entrants may attach supporting documents to an entry, how many and how large each may be.
 * Files already on entries stay when the limits are lowered; new ones are held to the new limits.
 * Staff only.
 */
export async function updateEntryDocuments(
  actor: Actor,
  challengeId: number,
  input: EntryDocumentsInput,
): Promise<void> {
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await lockChallenge(trx, challengeId);
      const before = { maxFiles: challenge.entry_max_files, maxFileMb: challenge.entry_max_file_mb };
      if (before.maxFiles === input.maxFiles && before.maxFileMb === input.maxFileMb) return;
      await trx
        .updateTable("challenge")
        .set({ entry_max_files: input.maxFiles, entry_max_file_mb: input.maxFileMb, updated_at: new Date() })
        .where("id", "=", challengeId)
        .execute();
      await auditChange(trx, actor, challenge, "challenge_changed", "Changed: Supporting documents", {
        changes: { entryDocuments: { from: before, to: input } },
      });
    });
}

/**
 * Opening and closing times. Closing must come after opening; while a challenge is open its
 * closing time must also stay in the future (moving it into the past would end entries without
 * anyone deciding to close the challenge). Staff only.
 */
export async function updateChallengeDates(
  actor: Actor,
  challengeId: number,
  input: DatesInput,
  now: Date = new Date(),
): Promise<void> {
  const problem = datesProblem(input);
  if (problem) throw invalid(problem.message, problem.field);
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await lockChallenge(trx, challengeId);
      const opensBefore = new Date(challenge.opens_at);
      const closesBefore = new Date(challenge.closes_at);
      const closingChanged = closesBefore.getTime() !== input.closesAt.getTime();
      if (closingChanged) {
        const stage = canChangeDeadline((await loadStageFacts(trx, challengeId))!);
        if (!stage.ok) throw conflict(stage.reason, "closes");
      }
      if (challenge.status === "open" && closingChanged && input.closesAt.getTime() <= now.getTime()) {
        throw invalid("The closing time must be in the future while the challenge is open", "closes");
      }
      const changes: string[] = [];
      if (opensBefore.getTime() !== input.opensAt.getTime()) {
        changes.push(`Opening time changed from ${formatDateTime(opensBefore)} to ${formatDateTime(input.opensAt)}`);
      }
      if (closingChanged) {
        changes.push(`Closing time changed from ${formatDateTime(closesBefore)} to ${formatDateTime(input.closesAt)}`);
      }
      if (!changes.length) return;
      await trx
        .updateTable("challenge")
        .set({ opens_at: input.opensAt, closes_at: input.closesAt, updated_at: new Date() })
        .where("id", "=", challengeId)
        .execute();
      await auditChange(trx, actor, challenge, "challenge_dates_changed", changes.join(". "), {
        changes: {
          opensAt: { from: opensBefore.toISOString(), to: input.opensAt.toISOString() },
          closesAt: { from: closesBefore.toISOString(), to: input.closesAt.toISOString() },
        },
      });
    });
}

// --- The lists: priority areas, principles, prize tiers, questions, key dates ---------------------

const ITEM_TABLES = {
  areas: "priority_area",
  principles: "principle",
  prizes: "prize_tier",
  faq: "challenge_faq",
  "key-dates": "challenge_key_date",
} as const satisfies Record<ItemKind, keyof Database>;

type ItemTable = (typeof ITEM_TABLES)[ItemKind];

function itemColumns(item: ItemInput) {
  switch (item.kind) {
    case "areas":
      return { name: item.name, description: item.description, sponsor_code: item.sponsorCode };
    case "principles":
      return { name: item.name, description: item.description };
    case "prizes":
      return {
        name: item.name,
        description: item.description,
        places: item.places,
        cash_pence: item.cash,
        support_cap_pence: item.supportCap,
        masterclass: item.masterclass,
      };
    case "faq":
      return { question: item.question, answer: item.answer };
    case "key-dates":
      return { label: item.label, happens_on: item.date };
  }
}

/** Names must be unique within a challenge's areas, principles and prize tiers (a database rule too). */
async function duplicateName(trx: Trx, challengeId: number, item: ItemInput, itemId: number | null): Promise<boolean> {
  if (item.kind !== "areas" && item.kind !== "principles" && item.kind !== "prizes") return false;
  const table = ITEM_TABLES[item.kind];
  const clash = await trx
    .selectFrom(table)
    .select("id")
    .where("challenge_id", "=", challengeId)
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", item.name.toLowerCase()))
    .$if(itemId !== null, (qb) => qb.where("id", "!=", itemId!))
    .executeTakeFirst();
  return !!clash;
}

async function findItem(trx: Trx, kind: ItemKind, challengeId: number, itemId: number) {
  const table: ItemTable = ITEM_TABLES[kind];
  return trx
    .selectFrom(table as "principle")
    .selectAll()
    .where("challenge_id", "=", challengeId)
    .where("id", "=", itemId)
    .forUpdate()
    .executeTakeFirst() as Promise<Record<string, unknown> | undefined>;
}

/**
 * Adds an item to one of a challenge's lists (itemId null) or changes one. A priority area's
 * sponsor must be one of the region's councils. Staff only.
 */
export async function saveChallengeItem(
  actor: Actor,
  challengeId: number,
  itemId: number | null,
  item: ItemInput,
): Promise<void> {
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await lockChallenge(trx, challengeId);
      const words = ITEM_WORDS[item.kind];
      if (item.kind === "areas") {
        const sponsor = await trx
          .selectFrom("local_authority")
          .select("code")
          .where("code", "=", item.sponsorCode)
          .executeTakeFirst();
        if (!sponsor) throw invalid("Select the sponsor council", "sponsorCode");
      }
      if (await duplicateName(trx, challengeId, item, itemId)) {
        throw invalid(
          `This challenge already has ${words.article} ${words.singular} called ${itemTitle(item)}`,
          "name",
        );
      }
      const table = ITEM_TABLES[item.kind];
      const columns = itemColumns(item);
      if (itemId === null) {
        const position = isOrdered(item.kind) ? await nextPosition(trx, item.kind, challengeId) : undefined;
        await trx
          .insertInto(table as "principle")
          .values({
            challenge_id: challengeId,
            ...(columns as { name: string }),
            ...(position === undefined ? {} : { position }),
          })
          .execute();
        await touch(trx, challengeId);
        await auditChange(
          trx,
          actor,
          challenge,
          "challenge_item_added",
          `Added ${words.singular}: ${itemTitle(item)}`,
          {
            kind: item.kind,
            item: columns,
          },
        );
      } else {
        const existing = await findItem(trx, item.kind, challengeId, itemId);
        if (!existing) throw notFound();
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        for (const [column, value] of Object.entries(columns)) {
          const before = column === "happens_on" ? await keyDateText(trx, itemId) : existing[column];
          if (before !== value) changes[column] = { from: forAudit(before), to: forAudit(value) };
        }
        if (!Object.keys(changes).length) return;
        await trx
          .updateTable(table as "principle")
          .set(columns as { name: string })
          .where("id", "=", itemId)
          .where("challenge_id", "=", challengeId)
          .execute();
        await touch(trx, challengeId);
        await auditChange(
          trx,
          actor,
          challenge,
          "challenge_item_changed",
          `Changed ${words.singular}: ${itemTitle(item)} (${Object.keys(changes).join(", ").replace(/_/g, " ")})`,
          { kind: item.kind, itemId, changes },
        );
      }
    });
}

async function keyDateText(trx: Trx, itemId: number): Promise<string | undefined> {
  const row = await trx
    .selectFrom("challenge_key_date")
    .select((eb) => eb.fn<string>("to_char", ["happens_on", eb.val("YYYY-MM-DD")]).as("date"))
    .where("id", "=", itemId)
    .executeTakeFirst();
  return row?.date;
}

async function nextPosition(trx: Trx, kind: ItemKind, challengeId: number): Promise<number> {
  const row = await trx
    .selectFrom(ITEM_TABLES[kind] as "principle")
    .select((eb) => eb.fn.max<number | null>("position").as("max"))
    .where("challenge_id", "=", challengeId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

function itemName(kind: ItemKind, row: Record<string, unknown>): string {
  const value = kind === "faq" ? row.question : kind === "key-dates" ? row.label : row.name;
  return typeof value === "string" ? value : "";
}

/**
 * Removes an item. A priority area or principle that submitted or draft entries have chosen
 * cannot be removed: the entries would lose their answer without anyone telling them. Staff only.
 */
export async function removeChallengeItem(
  actor: Actor,
  challengeId: number,
  kind: ItemKind,
  itemId: number,
): Promise<void> {
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await lockChallenge(trx, challengeId);
      const existing = await findItem(trx, kind, challengeId, itemId);
      if (!existing) throw notFound();
      const words = ITEM_WORDS[kind];
      const name = itemName(kind, existing);
      const users =
        kind === "areas"
          ? await trx
              .selectFrom("entry")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .where("priority_area_id", "=", itemId)
              .executeTakeFirstOrThrow()
          : kind === "principles"
            ? await trx
                .selectFrom("entry_principle")
                .select((eb) => eb.fn.countAll<number>().as("n"))
                .where("principle_id", "=", itemId)
                .executeTakeFirstOrThrow()
            : { n: 0 };
      const count = Number(users.n);
      if (count > 0) {
        throw conflict(
          `You cannot remove ${name} because ${count === 1 ? "1 entry has" : `${count} entries have`} chosen it. You can change its name or description instead`,
          "form",
        );
      }
      await trx
        .deleteFrom(ITEM_TABLES[kind] as "principle")
        .where("id", "=", itemId)
        .where("challenge_id", "=", challengeId)
        .execute();
      await touch(trx, challengeId);
      await auditChange(trx, actor, challenge, "challenge_item_removed", `Removed ${words.singular}: ${name}`, {
        kind,
        itemId,
      });
    });
}

/** Moves an item one place up or down its list (the order the public page shows). Staff only. */
export async function moveChallengeItem(
  actor: Actor,
  challengeId: number,
  kind: ItemKind,
  itemId: number,
  direction: "up" | "down",
): Promise<void> {
  if (!isOrdered(kind)) throw notFound();
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await lockChallenge(trx, challengeId);
      const table = ITEM_TABLES[kind] as "principle";
      const rows = (await trx
        .selectFrom(table)
        .selectAll()
        .where("challenge_id", "=", challengeId)
        .orderBy("position")
        .orderBy("id")
        .execute()) as unknown as (Record<string, unknown> & { id: number })[];
      const index = rows.findIndex((r) => r.id === itemId);
      if (index === -1) throw notFound();
      const target = direction === "up" ? index - 1 : index + 1;
      if (target < 0 || target >= rows.length) return;
      [rows[index], rows[target]] = [rows[target]!, rows[index]!];
      // Renumbered from 0 every time, so positions stay distinct even if they were not before.
      for (const [position, row] of rows.entries()) {
        await trx.updateTable(table).set({ position }).where("id", "=", row.id).execute();
      }
      await touch(trx, challengeId);
      await auditChange(
        trx,
        actor,
        challenge,
        "challenge_item_moved",
        `Moved ${ITEM_WORDS[kind].singular} ${direction}: ${itemName(kind, rows[target]!)}`,
        { kind, itemId, direction },
      );
    });
}

// --- Opening and closing -------------------------------------------------------------------------

export interface OpeningCheck {
  problems: string[];
  /** The challenge that is open now, if it is another one: only one may be open at a time. */
  otherOpen: { id: number; title: string } | null;
}

async function openingCheckIn(trx: Trx | ReturnType<typeof db>, challengeId: number, now: Date): Promise<OpeningCheck> {
  const challenge = await trx
    .selectFrom("challenge")
    .select(["id", "status", "opens_at", "closes_at"])
    .where("id", "=", challengeId)
    .executeTakeFirst();
  if (!challenge) throw notFound();
  const [areas, tiers, otherOpen] = await Promise.all([
    trx
      .selectFrom("priority_area")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("challenge_id", "=", challengeId)
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom("prize_tier")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("challenge_id", "=", challengeId)
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom("challenge")
      .select(["id", "title"])
      .where("status", "=", "open")
      .where("id", "!=", challengeId)
      .executeTakeFirst(),
  ]);
  const problems =
    challenge.status === "draft"
      ? openingProblems({
          opensAt: new Date(challenge.opens_at),
          closesAt: new Date(challenge.closes_at),
          now,
          priorityAreas: Number(areas.n),
          prizeTiers: Number(tiers.n),
        })
      : [`This challenge is already ${statusLabel(challenge.status).toLowerCase()}`];
  if (otherOpen) {
    problems.unshift(
      `${otherOpen.title} is open. Only one challenge can be open at a time: close it after its closing time before you open this one`,
    );
  }
  return { problems, otherOpen: otherOpen ?? null };
}

/** What, if anything, stops this challenge being opened now. Staff only. */
export async function openingCheck(actor: Actor, challengeId: number, now: Date = new Date()): Promise<OpeningCheck> {
  await assertStaff(db(), actor);
  return openingCheckIn(db(), challengeId, now);
}

function isSingleOpenViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return !!e && e.code === "23505" && `${e.constraint ?? ""} ${e.message ?? ""}`.includes("challenge_single_open");
}

/**
 * Publishes a draft challenge: it becomes the one shown at /. Refused while another challenge is
 * open, when the closing time has passed, or without priority areas or prizes. Staff only.
 */
export async function openChallenge(actor: Actor, challengeId: number, now: Date = new Date()): Promise<void> {
  try {
    await db()
      .transaction()
      .execute(async (trx) => {
        await assertStaff(trx, actor);
        const challenge = await lockChallenge(trx, challengeId);
        const check = await openingCheckIn(trx, challengeId, now);
        if (check.problems.length) {
          // Another challenge being open, or this one being past draft, is the state of things
          // moving on; anything else (no prizes yet, a closing time passed) is set-up to correct.
          const refusal = check.otherOpen || challenge.status !== "draft" ? conflict : invalid;
          throw refusal(check.problems.join(". "), "form");
        }
        await trx
          .updateTable("challenge")
          .set({ status: "open", updated_at: new Date() })
          .where("id", "=", challengeId)
          .execute();
        await recordAudit(trx, {
          action: "challenge_opened",
          actorUserId: actor.id,
          subjectType: "challenge",
          subjectId: challengeId,
          ip: actor.ip,
          details: {
            title: challenge.title,
            opensAt: formatDateTime(new Date(challenge.opens_at)),
            closesAt: formatDateTime(new Date(challenge.closes_at)),
          },
        });
      });
  } catch (error) {
    // Two staff opening two challenges at the same moment: the database lets only one through.
    if (isSingleOpenViolation(error)) {
      throw conflict("Another challenge was opened at the same time. Only one challenge can be open at a time", "form");
    }
    throw error;
  }
}

/**
 * Closes an open challenge once its closing time (and every organisation's extension) has
 * passed, so that another can be opened. Ending entries early is done by changing the closing
 * time, deliberately, not by closing. Staff only.
 */
export async function closeChallenge(actor: Actor, challengeId: number, now: Date = new Date()): Promise<void> {
  await db()
    .transaction()
    .execute(async (trx) => {
      await assertStaff(trx, actor);
      const challenge = await lockChallenge(trx, challengeId);
      if (challenge.status !== "open") throw conflict("Only an open challenge can be closed", "form");
      const closesAt = new Date(challenge.closes_at);
      if (now.getTime() < closesAt.getTime()) {
        throw conflict(
          `Entries are open until ${formatDateTime(closesAt)}. You can close the challenge after that`,
          "form",
        );
      }
      const extension = await trx
        .selectFrom("deadline_extension")
        .select((eb) => eb.fn.max("closes_at").as("latest"))
        .where("challenge_id", "=", challengeId)
        .where("closes_at", ">", now)
        .executeTakeFirst();
      if (extension?.latest) {
        throw conflict(
          `An organisation has an extension until ${formatDateTime(new Date(extension.latest))}. You can close the challenge after that`,
          "form",
        );
      }
      await trx
        .updateTable("challenge")
        .set({ status: "closed", updated_at: new Date() })
        .where("id", "=", challengeId)
        .execute();
      await recordAudit(trx, {
        action: "challenge_closed",
        actorUserId: actor.id,
        subjectType: "challenge",
        subjectId: challengeId,
        ip: actor.ip,
        details: { title: challenge.title },
      });
    });
}
