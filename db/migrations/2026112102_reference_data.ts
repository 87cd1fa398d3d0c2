import { sql, type Kysely } from "kysely";

// Reference data every installation needs, production included: the local authorities of the
// combined authority's region with their ONS codes. The seven constituent metropolitan boroughs
// are full members; the non-constituent councils are the region's other member councils named
// in the board papers (Warwickshire, Shropshire, Redditch, Rugby) and the rest of that membership.
// The list is written out here, not imported, so that this migration keeps meaning what it meant
// when it landed. A later change to the list is a new migration.

export type LocalAuthorityKind = "metropolitan_borough" | "county" | "district" | "unitary";

export interface ReferenceLocalAuthority {
  code: string;
  name: string;
  constituent: boolean;
  kind: LocalAuthorityKind;
}

export const REGION_LOCAL_AUTHORITIES: readonly ReferenceLocalAuthority[] = [
  { code: "E08000025", name: "Birmingham", constituent: true, kind: "metropolitan_borough" },
  { code: "E08000026", name: "Coventry", constituent: true, kind: "metropolitan_borough" },
  { code: "E08000027", name: "Dudley", constituent: true, kind: "metropolitan_borough" },
  { code: "E08000028", name: "Sandwell", constituent: true, kind: "metropolitan_borough" },
  { code: "E08000029", name: "Solihull", constituent: true, kind: "metropolitan_borough" },
  { code: "E08000030", name: "Walsall", constituent: true, kind: "metropolitan_borough" },
  { code: "E08000031", name: "Wolverhampton", constituent: true, kind: "metropolitan_borough" },
  { code: "E10000031", name: "Warwickshire", constituent: false, kind: "county" },
  { code: "E06000051", name: "Shropshire", constituent: false, kind: "unitary" },
  { code: "E06000020", name: "Telford and Wrekin", constituent: false, kind: "unitary" },
  { code: "E07000236", name: "Redditch", constituent: false, kind: "district" },
  { code: "E07000220", name: "Rugby", constituent: false, kind: "district" },
  { code: "E07000218", name: "North Warwickshire", constituent: false, kind: "district" },
  { code: "E07000219", name: "Nuneaton and Bedworth", constituent: false, kind: "district" },
  { code: "E07000221", name: "Stratford-on-Avon", constituent: false, kind: "district" },
  { code: "E07000192", name: "Cannock Chase", constituent: false, kind: "district" },
  { code: "E07000199", name: "Tamworth", constituent: false, kind: "district" },
];

/**
 * Inserts or refreshes the region's local authorities. Idempotent: running it again changes
 * nothing, and a row someone renamed by hand is put back to the reference name.
 */
export async function loadReferenceData(db: Kysely<any>): Promise<void> {
  await db
    .insertInto("local_authority")
    .values(REGION_LOCAL_AUTHORITIES.map((la) => ({ ...la })))
    .onConflict((oc) =>
      oc.column("code").doUpdateSet({
        name: sql`excluded.name`,
        constituent: sql`excluded.constituent`,
        kind: sql`excluded.kind`,
      }),
    )
    .execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  // The kind is a closed list, like organisation types: the council pages group by it.
  await db.schema
    .alterTable("local_authority")
    .addCheckConstraint(
      "local_authority_kind_valid",
      sql`kind in ('metropolitan_borough','county','district','unitary')`,
    )
    .execute();
  await loadReferenceData(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Fails, as it should, while organisations, entries or grants still refer to these councils.
  await db
    .deleteFrom("local_authority")
    .where(
      "code",
      "in",
      REGION_LOCAL_AUTHORITIES.map((la) => la.code),
    )
    .execute();
  await db.schema.alterTable("local_authority").dropConstraint("local_authority_kind_valid").execute();
}
