import { afterAll, describe, expect, it } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import { closePGlite, openPGlite } from "../../db/client";

// The embedded engine whichever engine the rest of the run uses: its own settings are checked.
describe("the embedded database's settings", () => {
  let memory: PGlite | undefined;
  afterAll(async () => {
    if (memory) await closePGlite(memory);
  });

  it("apply to an in-memory database as to one on disk (tests run in memory)", async () => {
    memory = await openPGlite("memory://");
    const { rows } = await memory.query<{ work_mem: string; timezone: string }>(
      "select current_setting('work_mem') as work_mem, current_setting('TimeZone') as timezone",
    );
    expect(rows[0]).toEqual({ work_mem: "2MB", timezone: "UTC" });
  });
});
