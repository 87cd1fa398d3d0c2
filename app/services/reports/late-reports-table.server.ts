import type { Executor } from "../../../db/client";
import { REPORT_STATE_LABELS } from "../../domain/monitoring";
import { lateReports } from "../awards/monitoring.server";
import type { ReportTable } from "./board-report.server";

// The board report's table of late and missing monitoring reports (decision 061): each report past
// its due date that the winner has not sent, most overdue first, with how many days late it is.
// Kept apart from the report's other tables so that each part of the report stays in its own file.

export async function lateReportsTable(executor: Executor, challengeId: number, today: string): Promise<ReportTable> {
  const rows = await lateReports(executor, challengeId, today);
  return {
    key: "late-reports",
    title: "Late and missing monitoring reports",
    description: `${rows.length === 1 ? "1 monitoring report" : `${rows.length} monitoring reports`} due before ${today} and not sent by the winner: late, or missing once more than four weeks overdue.`,
    columns: [
      { heading: "Winner", kind: "text" },
      { heading: "Prize", kind: "text" },
      { heading: "Report", kind: "text" },
      { heading: "Due", kind: "text" },
      { heading: "Status", kind: "text" },
      { heading: "Days late", kind: "count" },
    ],
    rows: rows.map((r) => [
      `${r.organisationName} (${r.entryReference})`,
      r.tierName,
      r.reportName,
      r.dueOn,
      REPORT_STATE_LABELS[r.state],
      r.daysLate,
    ]),
    totals: null,
    chart: { series: [{ name: "Days late", column: 5 }], unit: "count" },
    empty: "No monitoring report is late.",
  };
}
