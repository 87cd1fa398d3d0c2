import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorFrom, requireRecentSecondFactor, requireRole } from "../auth/guards.server";
import { toCsv } from "../domain/csv";
import { londonWallTime } from "../domain/deadline";
import { conflictsRegister, idParam } from "../services/judging/rounds.server";

// GET /staff/judging/:challengeId/conflicts.csv: the register of conflicts of interest as a
// spreadsheet (toCsv: Excel-safe). A resource route: no component, so no ErrorBoundary.

const HEADER = ["Judge", "Judge email", "Organisation", "Source", "Reason", "Date (UK time)"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "staff");
  // A bulk export of personal data: only with a second factor given in the last few minutes.
  requireRecentSecondFactor(args, user);
  const register = await conflictsRegister(actorFrom(user, args), idParam(args.params.challengeId));
  const csv = toCsv(
    HEADER,
    register.rows.map((r) => [
      r.judgeName,
      r.judgeEmail,
      r.organisation,
      r.source,
      r.reason,
      londonWallTime(r.declaredAt),
    ]),
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="conflicts-register-${register.challengeId}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
