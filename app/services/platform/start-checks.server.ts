import type { DB } from "../../../db/client";
import type { Config } from "../../config.server";
import { demoAccountLines } from "../../domain/demo-accounts";
import { demoAccountCount, FIRST_STAFF_LINK_HOURS, issueFirstStaffLink } from "../accounts/first-staff.server";

// What every start checks before it serves anyone, and what it tells the person who started it.

export type StartCheck =
  | { ok: true; lines: string[] }
  /** The server must not start: `message` says why and what to do. */
  | { ok: false; message: string };

export async function checkStart(config: Config, database: DB, now = new Date()): Promise<StartCheck> {
  if (config.demoMode) {
    return {
      ok: true,
      lines: [
        "Demo mode: demonstration data only; do not enter real information.",
        ...demoAccountLines(),
        `Emails the demo sends are in the local mailbox: ${config.appUrl}/dev/mail (from this machine only)`,
      ],
    };
  }
  // Accounts whose password anyone can read in the repository must never be live on a real
  // service. Refusing is safer than deleting: the operator decides what this database is.
  const demoAccounts = await demoAccountCount(database);
  if (demoAccounts > 0) {
    return {
      ok: false,
      message:
        `This database has ${demoAccounts} demo account(s) (addresses ending demo.test, with a password published in ` +
        "the repository), and demo mode is off, so the service will not start.\n" +
        "  To run the demo, start with DEMO_MODE=on.\n" +
        "  For real use, start with a fresh database: a new, empty DATA_DIR for the embedded database, " +
        "or an empty PostgreSQL database in DATABASE_URL.",
    };
  }
  const link = await issueFirstStaffLink({ now, database });
  return {
    ok: true,
    lines: link
      ? [
          `Set up the first staff account: ${config.appUrl}/setup/${link.token} (works once, for ${FIRST_STAFF_LINK_HOURS} hours)`,
          "  Each start without a staff account prints a new link; earlier links stop working.",
        ]
      : [],
  };
}
