import { Link } from "@remix-run/react";
import type { TableColumn } from "./Table";

// What the tables of staff judging pages (leaderboard, confirmed result, an entry's judges) share:
// percentages to one place, and the rank and entry columns of every ranked table.

/** A percentage to one decimal place, or a dash when there is no figure (no submitted scores). */
export function pct(x: number | null): string {
  return x === null ? "–" : x.toFixed(1);
}

interface RankedRow {
  entryId: number;
  rank: number;
  reference: string;
  title: string;
}

/**
 * The rank and entry columns every ranked table starts with. With the round's address the
 * reference links to the entry's explanation page.
 */
export function rankedColumns<T extends RankedRow>(roundBase: string | null): TableColumn<T>[] {
  return [
    { header: "Rank", numeric: true, cell: (e) => e.rank },
    {
      header: "Entry",
      cell: (e) =>
        roundBase === null ? (
          <>
            {e.reference} {e.title}
          </>
        ) : (
          <>
            <Link className="govuk-link" to={`${roundBase}/entries/${e.entryId}`}>
              {e.reference}
            </Link>{" "}
            {e.title}
          </>
        ),
    },
  ];
}
