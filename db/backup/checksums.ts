import { sql, type Kysely, type Transaction } from "kysely";

// What a backup is checked against: each table's row count and a checksum of its contents, and
// each sequence's position. The backup command writes them into the manifest beside the file;
// restoring works them out again on the restored database and compares. The same function serves
// both engines and the restore drill, so "the restore matches" always means the same thing.

export interface TableFigures {
  rows: number;
  /** md5 of the table's rows, each as PostgreSQL writes it as text, in a fixed order. */
  checksum: string;
}

export interface DatabaseFigures {
  /** Every table in the public schema, by name. */
  tables: Record<string, TableFigures>;
  /** Every sequence's last value (null when it has never been used). */
  sequences: Record<string, number | null>;
}

/**
 * Row counts and checksums of every table, and every sequence's position, as one consistent
 * snapshot: inside `database` when it is a transaction (the backup's, which pg_dump shares),
 * else in a read-only repeatable-read transaction of its own.
 */
export async function databaseFigures(database: Kysely<any>): Promise<DatabaseFigures> {
  if (database.isTransaction) return figuresIn(database as Transaction<any>);
  return database
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute((trx) => figuresIn(trx));
}

async function figuresIn(trx: Transaction<any>): Promise<DatabaseFigures> {
  // A row's text depends on these settings (times, intervals, floats, bytes); fixing them makes
  // the checksum depend on the data alone, whoever connects and however the server is set up.
  await sql`set local timezone = 'UTC'`.execute(trx);
  await sql`set local datestyle = 'ISO, YMD'`.execute(trx);
  await sql`set local intervalstyle = 'postgres'`.execute(trx);
  await sql`set local extra_float_digits = 1`.execute(trx);
  await sql`set local bytea_output = 'hex'`.execute(trx);

  const { rows: tables } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = 'public' order by tablename collate "C"`.execute(trx);
  const figures: DatabaseFigures = { tables: {}, sequences: {} };
  for (const { name } of tables) {
    // Each row is hashed, and the hashes are joined in their own order (bytewise): the result
    // does not depend on where rows sit on disk, on the table having a primary key, or on the
    // server's collation. Hashing rows first keeps the joined text at 32 bytes a row.
    const { rows } = await sql<{ rows: number | string; checksum: string }>`
      select count(*)::int8 as rows, md5(coalesce(string_agg(h, '' order by h collate "C"), '')) as checksum
      from (select md5(t::text) as h from ${sql.table(`public.${name}`)} as t) as hashed`.execute(trx);
    const row = rows[0]!;
    figures.tables[name] = { rows: Number(row.rows), checksum: row.checksum };
  }
  const { rows: sequences } = await sql<{ name: string; last_value: number | string | null }>`
    select sequencename as name, last_value from pg_sequences where schemaname = 'public'
    order by sequencename collate "C"`.execute(trx);
  for (const sequence of sequences) {
    figures.sequences[sequence.name] = sequence.last_value === null ? null : Number(sequence.last_value);
  }
  return figures;
}

/** Total rows over every table. */
export function totalRows(figures: DatabaseFigures): number {
  return Object.values(figures.tables).reduce((sum, table) => sum + table.rows, 0);
}

/**
 * What differs between the figures a backup recorded and those of a restored database, one plain
 * line each; empty when they match.
 */
export function compareFigures(expected: DatabaseFigures, actual: DatabaseFigures): string[] {
  const differences: string[] = [];
  for (const [name, want] of Object.entries(expected.tables)) {
    const got = actual.tables[name];
    if (!got) differences.push(`table ${name} is missing`);
    else if (got.rows !== want.rows)
      differences.push(`table ${name} has ${got.rows} rows; the backup had ${want.rows}`);
    else if (got.checksum !== want.checksum)
      differences.push(`table ${name} has the same number of rows as in the backup, but different contents`);
  }
  for (const name of Object.keys(actual.tables)) {
    if (!(name in expected.tables)) differences.push(`table ${name} was not in the backup`);
  }
  for (const [name, want] of Object.entries(expected.sequences)) {
    if (!(name in actual.sequences)) differences.push(`sequence ${name} is missing`);
    else if (actual.sequences[name] !== want) {
      differences.push(`sequence ${name} is at ${actual.sequences[name]}; the backup had ${want}`);
    }
  }
  return differences;
}
