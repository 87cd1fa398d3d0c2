import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { Table, type TableColumn, type TableSort } from "../../app/components/Table";

interface Row {
  name: string;
  entries: number;
}

const rows: Row[] = [
  { name: "Birmingham", entries: 12 },
  { name: "Coventry", entries: 3 },
];

const columns: TableColumn<Row>[] = [
  { header: "Council", rowHeader: true, sortKey: "council", cell: (r) => r.name },
  { header: "Entries", numeric: true, sortKey: "entries", cell: (r) => r.entries },
  { header: "Notes", cell: () => "None" },
];

// Table's sortable headers are Remix links, which need a router around them.
function render(props: Partial<Parameters<typeof Table<Row>>[0]> = {}) {
  const element = (
    <Table caption="Entries by council" rows={rows} rowKey={(r) => r.name} columns={columns} {...props} />
  );
  return renderToStaticMarkup(<StaticRouter location="/">{element}</StaticRouter>);
}

const headers = (html: string) => [...html.matchAll(/<th [^>]*scope="col"[^>]*>[\s\S]*?<\/th>/g)].map((m) => m[0]);

describe("the GOV.UK table", () => {
  it("is captioned, with every column header scoped to its column and each row named by its first cell", () => {
    const html = render();
    expect(html).toContain(
      '<caption class="govuk-table__caption govuk-table__caption--m">Entries by council</caption>',
    );
    expect(headers(html)).toHaveLength(3);
    expect(html.match(/<th scope="row" class="govuk-table__header">/g)).toHaveLength(2);
    expect(html).toContain('<th scope="row" class="govuk-table__header">Birmingham</th>');
  });

  it("right-aligns numeric columns, header and cells alike", () => {
    const html = render();
    expect(headers(html)[1]).toContain('class="govuk-table__header govuk-table__header--numeric"');
    expect(html).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">12</td>');
    expect(html).toContain('<td class="govuk-table__cell">None</td>');
  });

  it("takes the caption size, can hide the caption, and scrolls in a named region when asked", () => {
    const html = render({ captionSize: "s", hideCaption: true, scroll: true });
    expect(html).toContain('class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden"');
    expect(html).toMatch(/<div class="app-table-scroll" role="region" aria-label="Entries by council" tabindex="0">/);
    expect(render()).not.toContain("app-table-scroll");
  });

  it("without a sort, has plain headers and no aria-sort", () => {
    const html = render();
    expect(html).not.toContain("aria-sort");
    expect(headers(html)[0]).not.toContain("<a ");
  });

  it("with a server-side sort, says which column is sorted and links each sortable header to its sort", () => {
    const sort: TableSort = {
      by: "entries",
      direction: "descending",
      href: (by, direction) => `/staff/councils?sort=${by}&order=${direction}`,
    };
    const [council, entries, notes] = headers(render({ sort }));
    expect(entries).toContain('aria-sort="descending"');
    expect(council).toContain('aria-sort="none"');
    // A column that cannot be sorted says nothing about sorting and has no link.
    expect(notes).not.toContain("aria-sort");
    expect(notes).not.toContain("<a ");
    // The sorted column's link reverses it; another column's sorts by it, ascending first.
    expect(entries).toContain('href="/staff/councils?sort=entries&amp;order=ascending"');
    expect(council).toContain('href="/staff/councils?sort=council&amp;order=ascending"');

    const ascending = headers(render({ sort: { ...sort, direction: "ascending" } }))[1]!;
    expect(ascending).toContain('aria-sort="ascending"');
    expect(ascending).toContain('href="/staff/councils?sort=entries&amp;order=descending"');
  });

  it("says so across every column when there are no rows, and draws a totals row in the foot", () => {
    expect(render({ rows: [], empty: "No entries yet." })).toContain(
      '<td class="govuk-table__cell" colSpan="3">No entries yet.</td>',
    );
    const html = render({ footRows: [{ name: "All councils", entries: 15 }] });
    expect(html).toMatch(
      /<tfoot><tr class="govuk-table__row"><th scope="row" class="govuk-table__header">All councils<\/th>/,
    );
  });

  it("draws a one-figure total under its column, the label spanning the columns before it", () => {
    const html = render({ total: { label: "Total", value: 15, column: 1 } });
    expect(html).toContain(
      '<tfoot><tr class="govuk-table__row"><th scope="row" class="govuk-table__header" colSpan="1">Total</th>' +
        '<td class="govuk-table__cell govuk-table__cell--numeric"><strong>15</strong></td><td class="govuk-table__cell"></td></tr></tfoot>',
    );
  });
});
