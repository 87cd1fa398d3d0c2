import { createHash, randomBytes } from "node:crypto";
import { db, type DB } from "../../db/client";
import type { EntryStatus, OrganisationType } from "../../db/schema";
import { PREVIOUS_CHALLENGE } from "../../db/seed/challenges";
import { insertChallenge } from "../../db/seed/demo";
import type { CheckKind } from "../domain/due-diligence";
import { buildEntrySnapshot, type SnapshotFile } from "../domain/entry-snapshot";
import { checkUpload, type CheckedUpload } from "../services/attachments/attachments.server";

// Scenarios for the judging, awards and councils tests: a challenge of its own, closed, with the
// demo rubric, priority areas and prize tiers, and submitted entries each from its own
// organisation with an entrant member. Integration tests call createScenario directly; the
// end-to-end tests reach it through POST /test-hooks/scenarios (TEST_HOOKS=on only), so a journey
// that opens rounds or publishes results never disturbs the demo challenge other tests use.

export interface ScenarioInput {
  /** How many submitted entries (default 6). */
  entries?: number;
  /** Statuses for extra entries that are not submitted (drafts, withdrawn, ineligible). */
  otherEntries?: EntryStatus[];
  /** Entries (by index) that do not consent to sharing with councils (default: none). */
  withoutConsent?: number[];
  /** Councils the organisations are in, cycled (default: Birmingham, Coventry, Dudley). */
  localAuthorityCodes?: string[];
  /** A word put in every title so a test can find its own entries (default: random). */
  label?: string;
  /** The challenge's status (default closed) and times (default January to March 2026). */
  status?: "draft" | "closed";
  opensAt?: Date;
  closesAt?: Date;
  /**
   * Supporting documents the entrants attached before submitting (by entry index): each is checked
   * as an upload is, then kept on the entry and listed in its submitted snapshot, as submitting
   * through the pages leaves them. The bytes are in base64, so the test hook can take them as JSON.
   */
  documents?: { entry: number; fileName: string; base64: string }[];
  /**
   * Drafts (in otherEntries) carry only their title, as starting an entry leaves them, so a
   * journey can write one through the pages: its browser's test clock set before the closing time
   * lets the entrant change and submit it, while the challenge stays closed for everyone else.
   * Give such a scenario a recent closing time: the retention sweep deletes drafts six months
   * after their challenge closed.
   */
  blankDrafts?: boolean;
  /** Supporting documents the challenge takes with an entry (default: none, as a new challenge). */
  entryDocuments?: { maxFiles: number; maxFileMb: number };
  /** The organisations' types, cycled (default: community groups, every third a CIC). */
  organisationTypes?: OrganisationType[];
  /** The due-diligence checks every prize tier's awards need (default: by the prize's size). */
  dueDiligenceChecks?: CheckKind[];
}

export interface ScenarioEntry {
  id: number;
  reference: string;
  title: string;
  status: EntryStatus;
  organisationId: number;
  organisationName: string;
  localAuthorityCode: string;
  priorityAreaId: number;
  entrantUserId: number;
  entrantEmail: string;
}

export interface Scenario {
  challengeId: number;
  slug: string;
  label: string;
  priorityAreaIds: number[];
  criterionIds: number[];
  prizeTierIds: number[];
  entries: ScenarioEntry[];
}

const DEFAULT_AREAS = ["E08000025", "E08000026", "E08000027"];
const IDEAS = [
  "Repair cafe and tool library",
  "Walking football for older men",
  "Homework club in the community centre",
  "Market stall incubator for new traders",
  "Peer support group for new parents",
  "Digital skills drop-in at the library",
  "Community fridge and cookery classes",
  "Green gym on the canal towpath",
];

export async function createScenario(input: ScenarioInput = {}, executor: DB = db()): Promise<Scenario> {
  const label = input.label ?? `T${randomBytes(3).toString("hex")}`;
  const submitted = input.entries ?? 6;
  const statuses: EntryStatus[] = [
    ...Array.from({ length: submitted }, () => "submitted" as const),
    ...(input.otherEntries ?? []),
  ];
  const codes = input.localAuthorityCodes ?? DEFAULT_AREAS;
  const documents: (CheckedUpload & { entry: number })[] = [];
  for (const d of input.documents ?? [])
    documents.push({
      entry: d.entry,
      ...(await checkUpload({ name: d.fileName, bytes: new Uint8Array(Buffer.from(d.base64, "base64")) })),
    });

  return executor.transaction().execute(async (trx) => {
    const slug = `scenario-${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomBytes(3).toString("hex")}`;
    const challenge = await insertChallenge(trx, {
      ...PREVIOUS_CHALLENGE,
      slug,
      title: `Scenario challenge ${label}`,
      status: input.status ?? "closed",
      results_published_at: null,
      opens_at: input.opensAt ?? new Date("2026-01-05T09:00:00Z"),
      closes_at: input.closesAt ?? new Date("2026-03-01T12:00:00Z"),
      created_at: new Date("2026-01-01T09:00:00Z"),
      keyDates: [],
      faqs: [],
    });
    if (input.entryDocuments)
      await trx
        .updateTable("challenge")
        .set({ entry_max_files: input.entryDocuments.maxFiles, entry_max_file_mb: input.entryDocuments.maxFileMb })
        .where("id", "=", challenge.id)
        .execute();
    if (input.dueDiligenceChecks)
      await trx
        .updateTable("prize_tier")
        .set({ due_diligence_checks: input.dueDiligenceChecks })
        .where("challenge_id", "=", challenge.id)
        .execute();
    const criteria = await trx
      .selectFrom("criterion")
      .select("id")
      .where("challenge_id", "=", challenge.id)
      .orderBy("position")
      .execute();
    const tiers = await trx
      .selectFrom("prize_tier")
      .select("id")
      .where("challenge_id", "=", challenge.id)
      .orderBy("position")
      .execute();
    const councilNames = new Map(
      (await trx.selectFrom("local_authority").select(["code", "name"]).execute()).map((r) => [r.code, r.name]),
    );

    const entries: ScenarioEntry[] = [];
    for (const [index, status] of statuses.entries()) {
      const code = codes[index % codes.length]!;
      const area = challenge.areas[index % challenge.areas.length]!;
      const n = String(index + 1).padStart(2, "0");
      const email = `entrant-${slug}-${n}@example.com`;
      const user = await trx
        .insertInto("app_user")
        .values({ email, name: `Entrant ${label} ${n}`, password_hash: null, email_verified_at: new Date() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("role_grant")
        .values({ user_id: user.id, role: "entrant", local_authority_code: null })
        .execute();
      const organisationType: OrganisationType = input.organisationTypes?.length
        ? input.organisationTypes[index % input.organisationTypes.length]!
        : index % 3 === 2
          ? "cic"
          : "community_group";
      const organisationName = `${label} ${organisationType === "sme" ? "Trading Ltd" : "Community Group"} ${n}`;
      const organisation = await trx
        .insertInto("organisation")
        .values({
          name: organisationName,
          type: organisationType,
          registration_number: null,
          local_authority_code: code,
          postcode: "B1 1AA",
          website: null,
          contact_name: `Entrant ${label} ${n}`,
          contact_email: email,
          contact_phone: "0121 496 0000",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("organisation_member")
        .values({ organisation_id: organisation.id, user_id: user.id })
        .execute();

      const consentShare = !(input.withoutConsent ?? []).includes(index);
      const title = `${IDEAS[index % IDEAS.length]} ${label} ${n}`;
      const text = {
        summary: `A ${label} idea: ${IDEAS[index % IDEAS.length]!.toLowerCase()} for the neighbourhood.`,
        need: "Since the pandemic fewer people meet their neighbours, and local services report more isolation.",
        beneficiaries: "Residents of all ages, especially people living alone.",
        delivery: "Volunteers run weekly sessions in a community building, with a part-time coordinator.",
        costs: "Coordinator £3,000; equipment £1,200; room hire £800.",
        prizeUse: "Equipment and the first six months of room hire.",
      };
      const isSubmitted = status !== "draft";
      const blank = status === "draft" && input.blankDrafts === true;
      const entry = await trx
        .insertInto("entry")
        .values(
          blank
            ? {
                challenge_id: challenge.id,
                organisation_id: organisation.id,
                title,
                completed_sections: [],
                created_by: user.id,
              }
            : {
                challenge_id: challenge.id,
                organisation_id: organisation.id,
                priority_area_id: area.id,
                title,
                summary: text.summary,
                need: text.need,
                beneficiaries: text.beneficiaries,
                delivery: text.delivery,
                costs: text.costs,
                prize_use: text.prizeUse,
                consent_share: consentShare,
                consent_contact: consentShare,
                declaration: true,
                completed_sections: ["idea", "need", "delivery", "costs", "consent"],
                status,
                created_by: user.id,
                submitted_at: isSubmitted ? new Date("2026-02-20T10:00:00Z") : null,
                withdrawn_at: status === "withdrawn" ? new Date("2026-02-25T10:00:00Z") : null,
                eligibility_reason: status === "ineligible" ? "The organisation is outside the region." : null,
              },
        )
        .returning(["id", "reference"])
        .executeTakeFirstOrThrow();
      if (!blank)
        await trx.insertInto("entry_area").values({ entry_id: entry.id, local_authority_code: code }).execute();
      const files: SnapshotFile[] = [];
      for (const d of documents.filter((d) => d.entry === index)) {
        const row = await trx
          .insertInto("attachment")
          .values({
            owner_kind: "entry",
            owner_id: entry.id,
            file_name: d.fileName,
            media_type: d.mediaType,
            size_bytes: d.bytes.byteLength,
            sha256: createHash("sha256").update(d.bytes).digest("hex"),
            content: d.bytes,
            uploaded_by: user.id,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        files.push({ id: row.id, fileName: d.fileName, mediaType: d.mediaType, sizeBytes: d.bytes.byteLength });
      }
      if (isSubmitted) {
        const snapshot = buildEntrySnapshot({
          reference: entry.reference,
          version: 1,
          organisation: {
            id: organisation.id,
            name: organisationName,
            type: organisationType,
            localAuthorityCode: code,
            postcode: "B1 1AA",
          },
          priorityArea: { id: area.id, name: area.name },
          principles: [],
          areas: [{ code, name: councilNames.get(code) ?? code }],
          title,
          ...text,
          consentShare,
          consentContact: consentShare,
          declaration: true,
          attachments: files,
        });
        await trx
          .insertInto("entry_submission")
          .values({
            entry_id: entry.id,
            entry_version: 1,
            snapshot: JSON.stringify(snapshot),
            submitted_by: user.id,
            submitted_at: new Date("2026-02-20T10:00:00Z"),
          })
          .execute();
      }
      entries.push({
        id: entry.id,
        reference: entry.reference,
        title,
        status,
        organisationId: organisation.id,
        organisationName,
        localAuthorityCode: code,
        priorityAreaId: area.id,
        entrantUserId: user.id,
        entrantEmail: email,
      });
    }
    return {
      challengeId: challenge.id,
      slug,
      label,
      priorityAreaIds: challenge.areas.map((a) => a.id),
      criterionIds: criteria.map((c) => c.id),
      prizeTierIds: tiers.map((t) => t.id),
      entries,
    };
  });
}
