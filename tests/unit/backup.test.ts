import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultBackupFile } from "../../db/backup/backup";
import { compareFigures, type DatabaseFigures } from "../../db/backup/checksums";
import { findPostgresTools, toolConnection } from "../../db/backup/postgres-tools";

const figures = (): DatabaseFigures => ({
  tables: { app_user: { rows: 3, checksum: "a" }, entry: { rows: 2, checksum: "b" } },
  sequences: { app_user_id_seq: 3, entry_id_seq: null },
});

describe("comparing a restored database with its backup", () => {
  it("finds nothing to say when every table and sequence matches", () => {
    expect(compareFigures(figures(), figures())).toEqual([]);
  });

  it("names each table and sequence that differs, in plain words", () => {
    const restored = figures();
    restored.tables.app_user = { rows: 2, checksum: "a" };
    restored.tables.entry = { rows: 2, checksum: "c" };
    restored.tables.stray = { rows: 0, checksum: "d" };
    restored.sequences.app_user_id_seq = 1;
    delete restored.sequences.entry_id_seq;
    expect(compareFigures(figures(), restored)).toEqual([
      "table app_user has 2 rows; the backup had 3",
      "table entry has the same number of rows as in the backup, but different contents",
      "table stray was not in the backup",
      "sequence app_user_id_seq is at 1; the backup had 3",
      "sequence entry_id_seq is missing",
    ]);
  });
});

describe("backup files", () => {
  it("are named by engine and UTC time, so a nightly job never overwrites one", () => {
    const at = new Date("2026-12-05T23:04:05.678Z");
    expect(defaultBackupFile("postgres", "backups", at)).toBe(
      path.join("backups", "cric-postgres-20261205-230405Z.dump"),
    );
    expect(defaultBackupFile("pglite", "/srv/b", at)).toBe("/srv/b/cric-pglite-20261205-230405Z.tar.gz");
  });
});

describe("pg_dump and pg_restore", () => {
  const previous = process.env.PG_BIN;
  let folder: string | undefined;
  afterEach(() => {
    if (previous === undefined) delete process.env.PG_BIN;
    else process.env.PG_BIN = previous;
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  function fakeTools(version: string | null): string {
    folder = mkdtempSync(path.join(tmpdir(), "cric-pg-bin-"));
    if (version) {
      const script = path.join(folder, "pg_dump");
      writeFileSync(script, `#!/bin/sh\necho "pg_dump (PostgreSQL) ${version}"\n`);
      chmodSync(script, 0o755);
    }
    process.env.PG_BIN = folder;
    return folder;
  }

  it("are refused, with what to install, when older than the server", async () => {
    fakeTools("14.2");
    await expect(findPostgresTools(16)).rejects.toThrow(
      /pg_dump \(PostgreSQL\) 14\.2 is older than the PostgreSQL 16 server, and cannot back it up\. Install the PostgreSQL client tools/,
    );
    await expect(findPostgresTools(14)).resolves.toMatchObject({ major: 14 });
  });

  it("say where they were looked for when missing", async () => {
    const bin = fakeTools(null);
    await expect(findPostgresTools(15)).rejects.toThrow(`There is no working pg_dump in PG_BIN (${bin})`);
  });

  it("are given the password in their environment, not on the command line", () => {
    const { dbname, env } = toolConnection("postgres://owner:s%40cret@db.example.org:5432/cric?sslmode=require");
    expect(dbname).toBe("postgres://owner@db.example.org:5432/cric?sslmode=require");
    expect(env.PGPASSWORD).toBe("s@cret");
  });
});
