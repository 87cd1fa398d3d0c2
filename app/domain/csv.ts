// CSV that opens correctly in Excel: UTF-8 with a byte-order mark, CRLF line endings, every field
// quoted where needed, and cells that Excel would run as a formula neutralised.

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-looking text gets a leading apostrophe (OWASP's advice), then CSV quoting. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
