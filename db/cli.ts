import { writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { deriveConfig } from "../app/config.server";
import { demoAccountLines } from "../app/domain/demo-accounts";
import { defaultDataDir, embeddedDatabaseExists, openDatabase, type DB } from "./client";
import { migrateAsOwner, migrateToLatest } from "./migrate";
import { grantAppRole } from "./roles";
import { saveCheckpoint, verifyAuditChain } from "../app/services/platform/audit-chain.server";
import { seedDemoData, type DemoDataSummary } from "./seed/demo";
import { backupDatabase, defaultBackupFile, restoreBackup, type DatabaseTarget } from "./backup/backup";
import { BackupError } from "./backup/errors";
import { applyRetention } from "../app/services/records/retention.server";

// The database command line:
//   migrate          apply pending migrations (the embedded database, or DATABASE_URL)
//   seed [--force]   rebuild the demo data: everything but the reference data is replaced (demo
//                    mode only: the demo accounts' password is published in this repository)
//   setup            what `npm start` runs before the server on the embedded database: create
//                    it, migrate it and (in demo mode) load the demo data the first time
//   grant-app-role R PostgreSQL: migrate, then give role R the app's rights (read and add to the
//                    audit trail, read and write everything else), as the owner
//   audit-verify     check the audit trail's whole hash chain; exit 1 when it is broken
//   backup [file]    back the database up to file (default backups/cric-<engine>-<time>.dump or
//                    .tar.gz) with a manifest beside it, and check the file
//   restore <file> [--force] [--app-role R]
//                    restore a backup after checking it against its manifest, then compare every
//                    table with the manifest; --force restores over a database that is not empty;
//                    R is the service's PostgreSQL role, given its rights again (default: the role
//                    in DATABASE_URL when DATABASE_OWNER_URL names another)
//   retention-run    apply the retention schedule now (what the hourly job does), as the app's
//                    role, and print how many records each rule removed
// On PostgreSQL, migrate, seed, grant-app-role, backup and restore connect as the owner: DATABASE_OWNER_URL when it
// is set (the app's DATABASE_URL is then a restricted role), else DATABASE_URL.

/** The owner's connection for the commands that change the schema or replace data. */
function openAsOwner() {
  return openDatabase({ databaseUrl: process.env.DATABASE_OWNER_URL || undefined });
}

async function main(command: string | undefined, flags: Set<string>) {
  switch (command) {
    case "migrate": {
      const handle = await openAsOwner();
      try {
        // Through migrateAsOwner for its plain message when this role may not migrate.
        const applied = await migrateAsOwner(handle.db, undefined);
        console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
      } finally {
        await handle.close();
      }
      return;
    }
    case "seed": {
      // The server refuses to start with demo accounts while demo mode is off; say so now rather
      // than after the data is in.
      if (!deriveConfig(process.env).demoMode) {
        console.error(
          "Demo mode is off (DEMO_MODE=off, or DATABASE_URL is set), so the demo data is not loaded: its accounts " +
            "share a password published in the repository, and the server will not start with them outside demo mode. " +
            "To load it for a demo, run this again with DEMO_MODE=on.",
        );
        process.exitCode = 3;
        return;
      }
      const handle = await openAsOwner();
      try {
        await migrateToLatest(handle.db);
        const real = await realUserCount(handle.db);
        if (real > 0 && !flags.has("--force")) {
          console.error(
            `The database at ${handle.location} has ${real} account(s) that are not demo accounts. ` +
              "Seeding replaces every organisation, entry and account in it with the demo data. " +
              "If that is what you want, run it again with --force (npm run db:seed -- --force).",
          );
          process.exitCode = 3;
          return;
        }
        const started = Date.now();
        const summary = await seedDemoData(handle.db);
        console.log(`Rebuilt the demo data in ${handle.location} (${Date.now() - started} ms).`);
        printSummary(summary);
        for (const line of demoAccountLines()) console.log(line);
      } finally {
        await handle.close();
      }
      return;
    }
    case "setup": {
      // Only ever the embedded database: on DATABASE_URL the server migrates at start and demo
      // data is loaded only when someone asks for it.
      if (process.env.DATABASE_URL) {
        console.error("setup is for the embedded database; with DATABASE_URL use migrate (and seed if wanted)");
        process.exit(2);
      }
      const created = !embeddedDatabaseExists();
      if (created) console.log(`Creating the embedded database in ${shortPath(defaultDataDir())} (first start) ...`);
      const handle = await openDatabase();
      try {
        const applied = await migrateToLatest(handle.db);
        if (applied.length && !created) console.log(`Applied migrations: ${applied.join(", ")}`);
        // An empty database is also one whose first start stopped before the demo data was
        // committed: load it then too, so the second try gives the same result as the first.
        // Outside demo mode nothing is loaded: the first staff account comes from the set-up link
        // the server prints.
        if (!deriveConfig(process.env).demoMode) {
          if (created) console.log("Demo mode is off: no demo data loaded.");
        } else if (created || (await isEmpty(handle.db))) {
          const started = Date.now();
          const summary = await seedDemoData(handle.db);
          console.log(`Loaded the demo data (${Date.now() - started} ms).`);
          printSummary(summary);
        }
      } finally {
        await handle.close();
      }
      // Written only once the database is closed cleanly: scripts/start.mjs skips this whole
      // process on later starts while the marker is there, so a reopen costs one database open.
      writeFileSync(
        setupMarkerPath(),
        `${JSON.stringify({ completedAt: new Date().toISOString(), dataDir: defaultDataDir() }, null, 2)}\n`,
      );
      return;
    }
    case "grant-app-role": {
      const role = process.argv[3];
      if (!role) {
        console.error("Usage: cli.ts grant-app-role <role> (the PostgreSQL role the app connects as)");
        process.exit(2);
      }
      const handle = await openAsOwner();
      try {
        if (handle.engine !== "postgres") {
          console.error(
            "grant-app-role is for PostgreSQL (DATABASE_OWNER_URL or DATABASE_URL): the embedded database has one user.",
          );
          process.exitCode = 2;
          return;
        }
        await migrateToLatest(handle.db);
        await grantAppRole(handle.db, role);
        console.log(
          `${role} may now read and write the service's tables in ${handle.location}, but only read and add to the audit trail.`,
        );
      } finally {
        await handle.close();
      }
      return;
    }
    case "audit-verify": {
      const handle = await openDatabase();
      try {
        const started = Date.now();
        const result = await verifyAuditChain(handle.db);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (result.ok) {
          await saveCheckpoint(handle.db, result);
          console.log(`Audit trail verified: ${result.events} events, chain intact (${seconds} s).`);
          // The head hash, for the log: kept outside the database, it shows later whether the whole
          // chain has been rewritten since (docs/operations.md).
          console.log(`Head: event ${result.headEventId ?? "none"}, hash ${result.headHash}`);
        } else {
          console.error(`The audit trail's chain is broken at event ${result.eventId} (${result.problem}).`);
          console.error(result.reason);
          console.error(`${result.events} events before it are intact.`);
          process.exitCode = 1;
        }
      } finally {
        await handle.close();
      }
      return;
    }
    case "backup": {
      const target = backupTarget();
      const file = positional() ?? defaultBackupFile(target.engine);
      await backupDatabase(target, file);
      return;
    }
    case "restore": {
      const file = positional();
      if (!file) {
        console.error("Usage: cli.ts restore <file> [--force] [--app-role <role>]");
        process.exit(2);
      }
      const target = backupTarget();
      await restoreBackup(file, target, {
        force: flags.has("--force"),
        appRole: target.engine === "postgres" ? appRoleToGrant() : undefined,
      });
      return;
    }
    case "retention-run": {
      const handle = await openDatabase();
      try {
        const run = await applyRetention(new Date(), handle.db);
        console.log(`Retention schedule applied to ${handle.location}: ${run.total} record(s) removed.`);
        for (const [rule, count] of Object.entries(run.counts)) console.log(`  ${rule}: ${count}`);
      } finally {
        await handle.close();
      }
      return;
    }
    default:
      console.error(
        "Usage: cli.ts migrate | seed [--force] | setup | grant-app-role <role> | audit-verify | backup [file] | " +
          "restore <file> [--force] [--app-role <role>] | retention-run",
      );
      process.exit(2);
  }
}

/** PostgreSQL as the owner when a URL is set, else the embedded database's folder. */
function backupTarget(): DatabaseTarget {
  const url = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL;
  return url ? { engine: "postgres", url } : { engine: "pglite", dataDir: defaultDataDir() };
}

/** The first argument after the command that is not an option (nor an option's value). */
function positional(): string | undefined {
  const args = process.argv.slice(3);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--app-role") i++;
    else if (!args[i]!.startsWith("--")) return args[i];
  }
  return undefined;
}

/**
 * The role to give the app's rights after a restore on PostgreSQL: --app-role, else the role in
 * DATABASE_URL when the owner connects through DATABASE_OWNER_URL as someone else.
 */
function appRoleToGrant(): string | undefined {
  const args = process.argv.slice(3);
  const index = args.indexOf("--app-role");
  if (index >= 0) {
    const role = args[index + 1];
    if (!role || role.startsWith("--")) {
      console.error("--app-role needs the role's name: --app-role cric_app");
      process.exit(2);
    }
    return role;
  }
  const app = process.env.DATABASE_URL;
  const owner = process.env.DATABASE_OWNER_URL;
  if (!app || !owner) return undefined;
  const appUser = decodeURIComponent(new URL(app).username);
  return appUser && appUser !== decodeURIComponent(new URL(owner).username) ? appUser : undefined;
}

/** ./.data/pglite inside the project, the absolute path anywhere else. */
function shortPath(folder: string): string {
  const relative = path.relative(".", folder);
  return relative.startsWith("..") || path.isAbsolute(relative) ? folder : `./${relative}`;
}

/** Kept in step with scripts/start.mjs, which reads it without loading any of this code. */
function setupMarkerPath(): string {
  return path.join(path.dirname(defaultDataDir()), "setup-complete.json");
}

/**
 * Accounts outside the demo.test domain: someone's real data, which seeding would wipe. An
 * erased account holds nobody's data any more (the retention job erases demo accounts too, once
 * the archived demo challenge is old enough).
 */
async function realUserCount(db: DB): Promise<number> {
  const row = await db
    .selectFrom("app_user")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("email", "not like", "%demo.test")
    .where("erased_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function isEmpty(db: DB): Promise<boolean> {
  const { rows } = await sql<{ empty: boolean }>`
    select not exists (select 1 from app_user) and not exists (select 1 from challenge) as empty`.execute(db);
  return rows[0]?.empty === true;
}

function printSummary(summary: DemoDataSummary) {
  const c = summary.currentEntries;
  console.log(
    `  ${summary.challenges} challenges (open: ${summary.currentChallengeSlug}), ${summary.organisations} organisations, ` +
      `${summary.users} accounts (${summary.judges} judges); ${summary.entries} ideas, of which the open challenge has ` +
      `${c.submitted} submitted, ${c.draft} drafts, ${c.withdrawn} withdrawn, ${c.ineligible} ineligible.`,
  );
}

main(process.argv[2], new Set(process.argv.slice(3))).catch((error) => {
  // A refusal the person can act on is printed alone; anything else with its stack.
  if (error instanceof BackupError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
