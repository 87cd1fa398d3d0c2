// The database types in db/schema.ts (and db/schema-lifecycle.ts) are written by hand, so they
// can say what the database cannot (a status as a union of its values, `never` for a column
// nobody may update, a date column read as text). This checks them against the schema the
// migrations actually build, so they cannot drift: every table and column, each column's
// nullability, its kind of value, whether an insert may leave it out (it has a default), and
// the values a CHECK (col in (...)) constraint allows against a union of string literals.
//
//   npm run db:types            migrate a fresh in-memory database and compare; exit 1 on drift
//   npm run db:types -- --print also print kysely-codegen's types for the whole schema, to copy
//                               from when adding a table
//
// The same check runs in the integration tests (tests/integration/schema-types.test.ts), on
// PGlite and on PostgreSQL, so CI fails on drift. The database is introspected with
// kysely-codegen's PostgreSQL introspector over the app's own Kysely instance.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sql, type Kysely } from "kysely";
import {
  PostgresDialect as CodegenPostgresDialect,
  PostgresIntrospector,
  serializeFromMetadata,
  type DatabaseMetadata,
} from "kysely-codegen";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "..");
const SCHEMA_FILE = path.join(root, "db/schema.ts");
/** Kysely's own bookkeeping: not part of the app's schema. */
const IGNORED_TABLES = new Set(["kysely_migration", "kysely_migration_lock"]);

export interface DatabaseColumn {
  name: string;
  dataType: string;
  isArray: boolean;
  isNullable: boolean;
  /** A default, a serial or a generated column: an insert may leave it out. */
  hasDefault: boolean;
  /** The values a CHECK (col in (...)) constraint allows, when there is one. */
  allowed: string[] | null;
}

export interface DatabaseTable {
  name: string;
  columns: DatabaseColumn[];
}

/** Tables and columns of the migrated database's public schema, with CHECK value lists. */
export async function introspectDatabase(db: Kysely<any>): Promise<DatabaseTable[]> {
  const metadata = await new PostgresIntrospector().introspect({ db });
  const checks = await checkConstraintValues(db);
  return metadata.tables
    .filter((t) => (t.schema ?? "public") === "public" && !t.isView && !IGNORED_TABLES.has(t.name))
    .map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => ({
        name: c.name,
        dataType: c.dataType,
        isArray: c.isArray,
        isNullable: c.isNullable,
        hasDefault: c.hasDefaultValue || c.isAutoIncrementing,
        allowed: checks.get(`${t.name}.${c.name}`) ?? null,
      })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `check (status in ('a', 'b'))` on one column, as PostgreSQL prints it back. */
async function checkConstraintValues(db: Kysely<any>): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ table_name: string; definition: string }>`
    select c.relname as table_name, pg_get_constraintdef(k.oid) as definition
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'c' and n.nspname = 'public'`.execute(db);
  const found = new Map<string, string[]>();
  for (const row of rows) {
    // CHECK ((status = ANY (ARRAY['draft'::text, 'open'::text]))), or one value: (kind = 'x'::text)
    const match = /^CHECK \(\(?\(?"?(\w+)"?\)?(?:::text)? = ANY \(\(?ARRAY\[(.*)\]\)?(?:::text\[\])?\)\)\)?$/.exec(
      row.definition,
    );
    if (!match) continue;
    const values = [...match[2]!.matchAll(/'((?:[^']|'')*)'::(?:text|character varying)/g)].map((m) =>
      m[1]!.replace(/''/g, "'"),
    );
    if (values.length) found.set(`${row.table_name}.${match[1]}`, values);
  }
  return found;
}

// ---- The TypeScript side ---------------------------------------------------------------------

export interface TypeColumn {
  name: string;
  /** What a select returns, as kinds: "string", "number", "boolean", "Date", "array", "json", "null". */
  selectKinds: Set<string>;
  /** The string literals of the select type, when it is a union of them only (plus null). */
  literals: string[] | null;
  /** An insert may leave it out (Generated, a default, or nullable: Kysely makes those optional). */
  insertOptional: boolean;
  /** An insert may never set it (`never`). */
  insertNever: boolean;
  text: string;
}

export interface TypeTable {
  name: string;
  interfaceName: string;
  columns: TypeColumn[];
}

/** The tables of `Database` in db/schema.ts, read with the TypeScript compiler. */
export function readSchemaTypes(schemaFile = SCHEMA_FILE): TypeTable[] {
  const program = ts.createProgram([schemaFile], {
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(schemaFile);
  if (!source) throw new Error(`Could not read ${schemaFile}`);
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const databaseSymbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "Database");
  if (!databaseSymbol) throw new Error(`${schemaFile} exports no Database interface`);
  const database = checker.getDeclaredTypeOfSymbol(databaseSymbol);
  return checker
    .getPropertiesOfType(database)
    .map((table) => {
      const tableType = checker.getTypeOfSymbol(table);
      return {
        name: table.name,
        interfaceName: checker.typeToString(tableType),
        columns: checker.getPropertiesOfType(tableType).map((column) => describeColumn(checker, column)),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function describeColumn(checker: ts.TypeChecker, column: ts.Symbol): TypeColumn {
  const declared = checker.getTypeOfSymbol(column);
  const optionalProperty = (column.flags & ts.SymbolFlags.Optional) !== 0;
  // Kysely's ColumnType<S, I, U> is { __select__: S; __insert__: I; __update__: U }; a column may
  // also be a union of one and null (`Timestamp | null`).
  const selectParts: ts.Type[] = [];
  const insertParts: ts.Type[] = [];
  const partsOf = (type: ts.Type) => (type.isUnion() ? type.types : [type]);
  for (const part of partsOf(declared)) {
    const select = checker.getPropertyOfType(part, "__select__");
    const insert = checker.getPropertyOfType(part, "__insert__");
    selectParts.push(...partsOf(select ? checker.getTypeOfSymbol(select) : part));
    insertParts.push(...partsOf(insert ? checker.getTypeOfSymbol(insert) : part));
  }
  const selectKinds = new Set(selectParts.map((t) => kindOf(checker, t)));
  const nonNull = selectParts.filter((t) => !(t.flags & ts.TypeFlags.Null));
  const literals =
    nonNull.length > 0 && nonNull.every((t) => t.isStringLiteral())
      ? nonNull.map((t) => (t as ts.StringLiteralType).value)
      : null;
  const insertNever = insertParts.every((t) => (t.flags & ts.TypeFlags.Never) !== 0);
  const insertOptional =
    optionalProperty ||
    insertNever ||
    insertParts.some((t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0);
  return {
    name: column.name,
    selectKinds,
    literals,
    insertOptional,
    insertNever,
    text: checker.typeToString(declared),
  };
}

function kindOf(checker: ts.TypeChecker, type: ts.Type): string {
  if (type.flags & ts.TypeFlags.Null) return "null";
  if (type.flags & ts.TypeFlags.StringLike) return "string";
  if (type.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike)) return "number";
  if (type.flags & ts.TypeFlags.BooleanLike) return "boolean";
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return "json";
  if (checker.isArrayType(type)) return "array";
  if (["Uint8Array", "Buffer"].includes(type.getSymbol()?.name ?? "")) return "bytes";
  if (type.getSymbol()?.name === "Date") return "Date";
  return "json";
}

// ---- The comparison ----------------------------------------------------------------------------

/** The kinds of TypeScript value a PostgreSQL type may be read as (with the app's pg parsers). */
function expectedKinds(column: DatabaseColumn): string[] {
  if (column.isArray) return ["array", "json"];
  switch (column.dataType) {
    case "int2":
    case "int4":
    case "float4":
    case "float8":
    case "oid":
      return ["number"];
    case "int8":
      // db/client.ts parses bigint as a number; an id typed as text (bigserial) is fine too.
      return ["number", "string"];
    case "numeric":
      // pg returns numeric as text, to keep its precision.
      return ["string"];
    case "bool":
      return ["boolean"];
    case "bytea":
      // pg reads bytea as a Buffer, PGlite as a Uint8Array (a Buffer is one).
      return ["bytes"];
    case "timestamptz":
    case "timestamp":
      return ["Date"];
    case "date":
      // Read with to_char(col, 'YYYY-MM-DD'): see the CalendarDate type.
      return ["string"];
    case "json":
    case "jsonb":
      return ["json", "array", "string", "number", "boolean"];
    default:
      // text, varchar, citext, uuid, inet, tsvector...
      return ["string"];
  }
}

function suggestedType(column: DatabaseColumn): string {
  const base = column.isArray
    ? `${suggestedType({ ...column, isArray: false, isNullable: false, hasDefault: false })}[]`
    : column.allowed
      ? column.allowed.map((v) => JSON.stringify(v)).join(" | ")
      : (
          {
            number: "number",
            string: "string",
            boolean: "boolean",
            Date: "Timestamp",
            json: "Json<unknown>",
            array: "unknown[]",
            bytes: "Uint8Array",
          } as Record<string, string>
        )[expectedKinds(column)[0]!]!;
  const nullable = column.isNullable ? `${base} | null` : base;
  return column.hasDefault ? `Generated<${nullable}>` : nullable;
}

const describeDb = (c: DatabaseColumn) =>
  `${c.dataType}${c.isArray ? "[]" : ""}, ${c.isNullable ? "nullable" : "not null"}${c.hasDefault ? ", has a default" : ""}`;

/** Every difference between the database and the types, one line each; empty when they agree. */
export function compareSchema(database: DatabaseTable[], types: TypeTable[]): string[] {
  const problems: string[] = [];
  const typeTables = new Map(types.map((t) => [t.name, t]));
  const dbTables = new Map(database.map((t) => [t.name, t]));
  for (const table of database) {
    const typed = typeTables.get(table.name);
    if (!typed) {
      problems.push(`table ${table.name}: in the database but not in Database (db/schema.ts). Add an interface like:`);
      problems.push(`    export interface ...Table {`);
      for (const c of table.columns) problems.push(`      ${c.name}: ${suggestedType(c)};`);
      problems.push(`    }`);
      continue;
    }
    const typedColumns = new Map(typed.columns.map((c) => [c.name, c]));
    for (const column of table.columns) {
      const where = `${table.name}.${column.name} (${describeDb(column)})`;
      const t = typedColumns.get(column.name);
      if (!t) {
        problems.push(
          `${where}: in the database but not in ${typed.interfaceName}; add \`${column.name}: ${suggestedType(column)};\``,
        );
        continue;
      }
      const nullableInTypes = t.selectKinds.has("null");
      if (column.isNullable && !nullableInTypes)
        problems.push(
          `${where}: the database allows null but ${typed.interfaceName}.${column.name} is \`${t.text}\` (add \`| null\`)`,
        );
      if (!column.isNullable && nullableInTypes)
        problems.push(
          `${where}: the database never holds null but ${typed.interfaceName}.${column.name} is \`${t.text}\` (remove \`| null\`)`,
        );
      const allowedKinds = expectedKinds(column);
      const wrong = [...t.selectKinds].filter((k) => k !== "null" && !allowedKinds.includes(k));
      if (wrong.length)
        problems.push(
          `${where}: read as ${allowedKinds.join(" or ")}, but ${typed.interfaceName}.${column.name} is \`${t.text}\``,
        );
      // A type that makes every insert set a column with a default is only stricter than the
      // database (audit_event.details, always written): not drift. The other way round is.
      if (!column.hasDefault && !column.isNullable && t.insertOptional && !t.insertNever) {
        problems.push(
          `${where}: has no default and may not be null, but ${typed.interfaceName}.${column.name} (\`${t.text}\`) lets an insert leave it out`,
        );
      }
      if (column.allowed && t.literals) {
        const missing = column.allowed.filter((v) => !t.literals!.includes(v));
        const extra = t.literals.filter((v) => !column.allowed!.includes(v));
        if (missing.length || extra.length) {
          problems.push(
            `${where}: its CHECK allows ${column.allowed.map((v) => `"${v}"`).join(", ")}; the type ${[
              missing.length ? `lacks ${missing.map((v) => `"${v}"`).join(", ")}` : "",
              extra.length ? `has ${extra.map((v) => `"${v}"`).join(", ")} the database refuses` : "",
            ]
              .filter(Boolean)
              .join(" and ")}`,
          );
        }
      }
    }
    const dbColumns = new Set(table.columns.map((c) => c.name));
    for (const t of typed.columns) {
      if (!dbColumns.has(t.name))
        problems.push(`${table.name}.${t.name}: in ${typed.interfaceName} but not in the database (remove it)`);
    }
  }
  for (const typed of types) {
    if (!dbTables.has(typed.name))
      problems.push(`table ${typed.name}: in Database (db/schema.ts) but not in the database (remove it)`);
  }
  return problems;
}

/** kysely-codegen's types for the whole migrated schema (`npm run db:types -- --print`). */
export async function codegenTypes(db: Kysely<any>): Promise<string> {
  const dialect = new CodegenPostgresDialect();
  const metadata: DatabaseMetadata = await dialect.introspector.introspect({ db });
  metadata.tables = metadata.tables.filter((t) => !IGNORED_TABLES.has(t.name));
  return serializeFromMetadata({ dialect, metadata });
}

// ---- npm run db:types ------------------------------------------------------------------------------

async function main() {
  const { openDatabase } = await import("../db/client");
  const { migrateToLatest } = await import("../db/migrate");
  const started = Date.now();
  const handle = await openDatabase({ dataDir: "memory://" });
  try {
    await migrateToLatest(handle.db);
    if (process.argv.includes("--print")) console.log(await codegenTypes(handle.db));
    const problems = compareSchema(await introspectDatabase(handle.db), readSchemaTypes());
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (problems.length === 0) {
      console.log(`db/schema.ts matches the migrated database (${seconds} s).`);
      return;
    }
    console.error(`db/schema.ts does not match the database the migrations build (${problems.length}):\n`);
    for (const line of problems) console.error(`  ${line}`);
    console.error("\nFix the types in db/schema.ts or db/schema-lifecycle.ts, then run `npm run db:types` again.");
    process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
