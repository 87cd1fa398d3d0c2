import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createScenario } from "../../app/dev-tools/test-scenarios.server";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();

describe("entry references", () => {
  it("are padded to four digits and keep counting past CRI-9999 without repeating", async () => {
    await sql`select setval('entry_reference_seq', 9998)`.execute(t.owner);
    const scenario = await createScenario({ entries: 3 });
    expect(scenario.entries.map((e) => e.reference)).toEqual(["CRI-9999", "CRI-10000", "CRI-10001"]);
  });

  it("start at CRI-0001", async () => {
    await sql`select setval('entry_reference_seq', 1, false)`.execute(t.owner);
    const scenario = await createScenario({ entries: 1 });
    expect(scenario.entries[0]!.reference).toBe("CRI-0001");
  });
});
