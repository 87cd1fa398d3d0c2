import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { TableScroll } from "./TableScroll";

// The tables of staff judging pages (leaderboard, judge statistics, moderation, confirmed result,
// assignment, an entry's judges, the conflicts register): GOV.UK table markup from a list of
// columns, so each page only says what its columns are.

/** A percentage to one decimal place, or a dash when there is no figure (no submitted scores). */
export function pct(x: number | null): string {
  return x === null ? "–" : x.toFixed(1);
}

export interface TableColumn<T> {
  header: ReactNode;
  numeric?: boolean;
  /** The cell names its row (a judge, a criterion): a row header rather than a data cell. */
  rowHeader?: boolean;
  cell: (row: T) => ReactNode;
}

export function JudgingTable<T>({
  caption,
  captionSize = "m",
  rows,
  rowKey,
  columns,
  label,
}: {
  caption: ReactNode;
  captionSize?: "s" | "m";
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  columns: readonly TableColumn<T>[];
  /** The scrolling region's name, when the caption is not plain text. */
  label?: string;
}) {
  return (
    <TableScroll label={label ?? (typeof caption === "string" ? caption : "Table")}>
      <table className="govuk-table">
        <caption className={`govuk-table__caption govuk-table__caption--${captionSize}`}>{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {columns.map((c, i) => (
              <th
                scope="col"
                className={c.numeric ? "govuk-table__header govuk-table__header--numeric" : "govuk-table__header"}
                key={i}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((row, index) => (
            <tr className="govuk-table__row" key={rowKey(row, index)}>
              {columns.map((c, i) =>
                c.rowHeader ? (
                  <th scope="row" className="govuk-table__header" key={i}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td
                    className={c.numeric ? "govuk-table__cell govuk-table__cell--numeric" : "govuk-table__cell"}
                    key={i}
                  >
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
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
