// A small, deterministic layout for the SQL that Kysely compiles, so that a snapshot of a query
// reads as a query and a change to it shows as a change to a line or two. It only moves
// whitespace: outside quoted text every run of whitespace becomes one space, and a clause keyword
// (select, from, join, where, and, order by...) starts a new line indented by its depth in
// parentheses, as does each item of a select list. Quoted text ('...' and "...") is left as is.

const CLAUSES = [
  "select",
  "from",
  "inner join lateral",
  "left join lateral",
  "inner join",
  "left join",
  "right join",
  "full join",
  "cross join",
  "where",
  "and",
  "or",
  "group by",
  "having",
  "window",
  "order by",
  "limit",
  "offset",
  "for update",
  "union all",
  "union",
  "returning",
  "values",
  "set",
  "on conflict",
  "with",
];

export function formatSql(text: string): string {
  const src = collapseWhitespace(text);
  let out = "";
  let depth = 0;
  // The clause last started at each depth: a comma in a select list breaks the line.
  const clauseAt: string[] = [""];
  let i = 0;
  const indent = () => "  ".repeat(depth);
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === "'" || ch === '"') {
      const end = closingQuote(src, i);
      out += src.slice(i, end);
      i = end;
      continue;
    }
    if (ch === "(") {
      depth += 1;
      clauseAt[depth] = "";
      out += ch;
      i += 1;
      continue;
    }
    if (ch === ")") {
      depth = Math.max(0, depth - 1);
      out += ch;
      i += 1;
      continue;
    }
    if (ch === "," && clauseAt[depth] === "select") {
      out += ",\n" + indent() + "  ";
      i += 1;
      if (src[i] === " ") i += 1;
      continue;
    }
    const atWordStart = i === 0 || /[\s(]/.test(src[i - 1]!);
    if (atWordStart) {
      const clause = CLAUSES.find((k) => startsWithWord(src, i, k));
      // "and" inside "between x and y" stays on its line.
      if (clause && !(clause === "and" && /\bbetween\s+\S+\s+$/i.test(out.slice(-80)))) {
        const fresh = out === "" || out.endsWith("(") ? "" : "\n" + indent();
        out = out.replace(/ $/, "") + (out.endsWith("(") ? "\n" + indent() : fresh);
        const word = src.slice(i, i + clause.length);
        out += word;
        i += clause.length;
        if (clause !== "and" && clause !== "or") clauseAt[depth] = clause;
        if (clause === "select" && src[i] === " ") {
          out += "\n" + indent() + "  ";
          i += 1;
        }
        continue;
      }
    }
    out += ch;
    i += 1;
  }
  return out.replace(/[ \t]+\n/g, "\n").trim() + "\n";
}

function startsWithWord(src: string, at: number, word: string): boolean {
  if (src.slice(at, at + word.length).toLowerCase() !== word) return false;
  const next = src[at + word.length];
  return next === undefined || /[\s(]/.test(next);
}

function closingQuote(src: string, start: number): number {
  const quote = src[start]!;
  let i = start + 1;
  while (i < src.length) {
    if (src[i] === quote) {
      if (src[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return src.length;
}

function collapseWhitespace(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const end = closingQuote(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (/\s/.test(ch)) {
      while (i < text.length && /\s/.test(text[i]!)) i += 1;
      if (!out.endsWith(" ") && !out.endsWith("(") && text[i] !== ")") out += " ";
      continue;
    }
    out += ch;
    i += 1;
  }
  return out.trim();
}
