import { expect, test } from "vitest";
import { compareSchema, introspectDatabase, readSchemaTypes } from "../../scripts/db-types";
import { useTestDatabase } from "../support/database";

// db/schema.ts is written by hand; this keeps it true to the schema the migrations build, on
// whichever engine the integration tests run (PGlite here, PostgreSQL 15 in CI as well).
const database = useTestDatabase({ keepBetweenTests: true });

test("the database types in db/schema.ts match the migrated database", async () => {
  const problems = compareSchema(await introspectDatabase(database.db), readSchemaTypes());
  expect(
    problems,
    "db/schema.ts has drifted from the migrations (each line says what differs; `npm run db:types` prints the same list). " +
      "Fix the types, not the test",
  ).toEqual([]);
});
