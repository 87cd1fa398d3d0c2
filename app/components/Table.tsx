import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { TableScroll } from "./TableScroll";

// The GOV.UK table (design-system.service.gov.uk/components/table): every data table of the
// service is drawn from a list of columns and a list of rows, so each page says only what its
// columns are and the markup (scoped headers, numeric alignment, row headers, the caption) is the
// same everywhere.

export interface TableColumn<T> {
  header: ReactNode;
  /** Right-aligned, as GOV.UK sets figures so their digits line up. */
  numeric?: boolean;
  /** The cell names its row (a judge, a council): a row header rather than a data cell. */
  rowHeader?: boolean;
  /** A GOV.UK width for the header (govuk-!-width-one-quarter...), for columns that need one. */
  width?: "one-half" | "one-third" | "one-quarter" | "two-thirds" | "three-quarters";
  /** The key the page's address sorts by for this column; with `sort` on the table, a link. */
  sortKey?: string;
  cell: (row: T, index: number) => ReactNode;
}

export type SortDirection = "ascending" | "descending";

/**
 * A table the page sorts on the server: the column it is sorted by, and the address of the page
 * sorted another way. A sortable header is a link; the sorted one says its direction (aria-sort)
 * and its link reverses it.
 */
export interface TableSort {
  by: string;
  direction: SortDirection;
  href: (by: string, direction: SortDirection) => string;
}

export function Table<T>({
  caption,
  captionSize = "m",
  hideCaption = false,
  rows,
  rowKey,
  columns,
  scroll,
  smallText = false,
  sort,
  footRows = [],
  total,
  empty,
}: {
  caption: ReactNode;
  captionSize?: "s" | "m" | "l" | "xl";
  /** The caption still names the table for a screen reader, where a heading above says it. */
  hideCaption?: boolean;
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  columns: readonly TableColumn<T>[];
  /** A wide table scrolls sideways in its own region (TableScroll), named by this or the caption. */
  scroll?: boolean | string;
  /** GOV.UK's smaller text on phones, for tables beside each other in columns. */
  smallText?: boolean;
  sort?: TableSort;
  /** Rows after the body, in the table's foot (a totals row), drawn with the same columns. */
  footRows?: readonly T[];
  /**
   * A one-figure totals row in the foot: its label spans the columns before `column` (a column's
   * index) and the figure, in bold, sits under that column.
   */
  total?: { label: ReactNode; value: ReactNode; column: number };
  /** What the body says, across every column, when there are no rows. */
  empty?: ReactNode;
}) {
  const bodyRow = (row: T, index: number) => (
    <tr className="govuk-table__row" key={rowKey(row, index)}>
      {columns.map((c, i) =>
        c.rowHeader ? (
          <th
            scope="row"
            className={classes("govuk-table__header", c.numeric && "govuk-table__header--numeric")}
            key={i}
          >
            {c.cell(row, index)}
          </th>
        ) : (
          <td className={classes("govuk-table__cell", c.numeric && "govuk-table__cell--numeric")} key={i}>
            {c.cell(row, index)}
          </td>
        ),
      )}
    </tr>
  );
  const table = (
    <table className={smallText ? "govuk-table govuk-table--small-text-until-tablet" : "govuk-table"}>
      <caption
        className={`govuk-table__caption govuk-table__caption--${captionSize}${hideCaption ? " govuk-visually-hidden" : ""}`}
      >
        {caption}
      </caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {columns.map((c, i) => {
            const sorted = sort && c.sortKey !== undefined ? sort.by === c.sortKey : null;
            return (
              <th
                scope="col"
                className={classes(
                  "govuk-table__header",
                  c.numeric && "govuk-table__header--numeric",
                  c.width && `govuk-!-width-${c.width}`,
                )}
                aria-sort={sorted === null ? undefined : sorted ? sort!.direction : "none"}
                key={i}
              >
                {sort && c.sortKey !== undefined ? (
                  <Link
                    className="govuk-link"
                    to={sort.href(c.sortKey, sorted && sort.direction === "ascending" ? "descending" : "ascending")}
                  >
                    {c.header}
                  </Link>
                ) : (
                  c.header
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.length === 0 && empty !== undefined ? (
          <tr className="govuk-table__row">
            <td className="govuk-table__cell" colSpan={columns.length}>
              {empty}
            </td>
          </tr>
        ) : (
          rows.map(bodyRow)
        )}
      </tbody>
      {footRows.length || total ? (
        <tfoot>
          {footRows.map(bodyRow)}
          {total ? (
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header" colSpan={total.column}>
                {total.label}
              </th>
              {columns.slice(total.column).map((c, i) => (
                <td className={classes("govuk-table__cell", c.numeric && "govuk-table__cell--numeric")} key={i}>
                  {i === 0 ? <strong>{total.value}</strong> : null}
                </td>
              ))}
            </tr>
          ) : null}
        </tfoot>
      ) : null}
    </table>
  );
  if (!scroll) return table;
  const label = typeof scroll === "string" ? scroll : typeof caption === "string" ? caption : "Table";
  return <TableScroll label={label}>{table}</TableScroll>;
}

function classes(...names: (string | false | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
