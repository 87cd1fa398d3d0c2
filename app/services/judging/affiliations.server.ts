import { db } from "../../../db/client";
import { normaliseName } from "../../domain/conflicts";
import type { Actor } from "../actor.server";
import { assertJudge } from "../accounts/roles.server";
import { invalid, notFound } from "../app-error.server";
import { recordAudit } from "../platform/audit.server";
import { refreshJudgeConflicts, type EndedAssignment } from "./conflicts.server";

// A judge's affiliations: the organisations and councils they work for. They are the judge's
// own record (only they see and change it here; staff see them in the register). Each change
// brings the judge's automatic conflicts up to date in every challenge they are judging, in
// the same transaction, so an affiliation added after assignment takes effect at once.

/** Enough for anyone's working life; stops a script filling the table. */
export const MAX_AFFILIATIONS = 50;

export interface AffiliationRow {
  id: number;
  kind: "organisation" | "council";
  name: string;
  roleDescription: string;
}

export interface AffiliationsPage {
  affiliations: AffiliationRow[];
  councils: { code: string; name: string }[];
}

export async function affiliationsPage(actor: Actor): Promise<AffiliationsPage> {
  const userId = actor.id;
  const executor = db();
  await assertJudge(executor, actor);
  const [rows, councils] = await Promise.all([
    executor
      .selectFrom("judge_affiliation")
      .leftJoin("organisation", "organisation.id", "judge_affiliation.organisation_id")
      .leftJoin("local_authority", "local_authority.code", "judge_affiliation.local_authority_code")
      .select([
        "judge_affiliation.id",
        "judge_affiliation.kind",
        "judge_affiliation.organisation_name",
        "judge_affiliation.role_description",
        "organisation.name as linked_name",
        "local_authority.name as council_name",
      ])
      .where("judge_affiliation.user_id", "=", userId)
      .orderBy("judge_affiliation.id")
      .execute(),
    executor
      .selectFrom("local_authority")
      .select(["code", "name"])
      .orderBy("constituent", "desc")
      .orderBy("name")
      .execute(),
  ]);
  return {
    affiliations: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: (r.kind === "council" ? r.council_name : (r.organisation_name ?? r.linked_name)) ?? "",
      roleDescription: r.role_description,
    })),
    councils,
  };
}

export type AffiliationInput =
  | { kind: "organisation"; organisationName: string; roleDescription: string }
  | { kind: "council"; localAuthorityCode: string; roleDescription: string };

/** What a change did: the assignments it ended because it made a conflict. */
export interface AffiliationChange {
  ended: EndedAssignment[];
}

export async function addAffiliation(
  actor: Actor,
  input: AffiliationInput,
  now = new Date(),
): Promise<AffiliationChange> {
  return db()
    .transaction()
    .execute(async (trx): Promise<AffiliationChange> => {
      await assertJudge(trx, actor);
      // Serialises one judge's changes, so the limit holds under double submits.
      await trx.selectFrom("app_user").select("id").where("id", "=", actor.id).forUpdate().execute();
      const count = await trx
        .selectFrom("judge_affiliation")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("user_id", "=", actor.id)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_AFFILIATIONS) {
        throw invalid(`You can record up to ${MAX_AFFILIATIONS} affiliations. Remove one you no longer need first`);
      }

      let values;
      if (input.kind === "council") {
        const council = await trx
          .selectFrom("local_authority")
          .select("code")
          .where("code", "=", input.localAuthorityCode)
          .executeTakeFirst();
        if (!council) throw invalid("Select a council from the list", "council");
        values = {
          kind: "council" as const,
          local_authority_code: council.code,
          organisation_id: null,
          organisation_name: null,
        };
      } else {
        // Linked to the organisation when exactly one has that name; the name is kept either way
        // and is what the conflict rule compares.
        const matches = await trx
          .selectFrom("organisation")
          .select("id")
          .where(({ fn, val, eb }) =>
            eb(
              fn("regexp_replace", [
                fn("lower", [fn("btrim", ["organisation.name"])]),
                val("\\s+"),
                val(" "),
                val("g"),
              ]),
              "=",
              normaliseName(input.organisationName),
            ),
          )
          .limit(2)
          .execute();
        values = {
          kind: "organisation" as const,
          organisation_id: matches.length === 1 ? matches[0]!.id : null,
          organisation_name: input.organisationName,
          local_authority_code: null,
        };
      }
      const row = await trx
        .insertInto("judge_affiliation")
        .values({ user_id: actor.id, role_description: input.roleDescription, created_at: now, ...values })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: "judging.affiliation_added",
        actorUserId: actor.id,
        subjectType: "judge_affiliation",
        subjectId: row.id,
        ip: actor.ip ?? null,
        details: { ...values, roleDescription: input.roleDescription },
      });
      const ended = await refreshJudgeConflicts(trx, actor, now);
      return { ended };
    });
}

export async function removeAffiliation(
  actor: Actor,
  affiliationId: number,
  now = new Date(),
): Promise<AffiliationChange> {
  return db()
    .transaction()
    .execute(async (trx): Promise<AffiliationChange> => {
      await assertJudge(trx, actor);
      const removed = await trx
        .deleteFrom("judge_affiliation")
        .where("id", "=", affiliationId)
        .where("user_id", "=", actor.id)
        .returning(["id", "kind", "organisation_id", "organisation_name", "local_authority_code"])
        .executeTakeFirst();
      if (!removed) throw notFound();
      await recordAudit(trx, {
        action: "judging.affiliation_removed",
        actorUserId: actor.id,
        subjectType: "judge_affiliation",
        subjectId: removed.id,
        ip: actor.ip ?? null,
        details: removed,
      });
      const ended = await refreshJudgeConflicts(trx, actor, now);
      return { ended };
    });
}
