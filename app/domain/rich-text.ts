// Simple formatting staff can type into page texts without knowing HTML, read by our own small
// parser into a tree that a component turns into React elements. Nothing typed is ever treated
// as markup: "<script>" stays text, and only web, email and on-site links become links.
//
//   a blank line          starts a new paragraph (a single line break is kept as a line break)
//   * item  or  - item    a bulleted list
//   1. item               a numbered list
//   **words**             bold
//   [words](https://...)  a link (https, http, mailto or a path on this site)

export type Inline =
  | { type: "text"; text: string }
  | { type: "strong"; children: Inline[] }
  | { type: "link"; href: string; text: string };

export type Block =
  | { type: "paragraph"; lines: Inline[][] }
  | { type: "bullets"; items: Inline[][] }
  | { type: "numbers"; items: Inline[][] };

// Bounds on what a link may look like, so that text full of "[" cannot make the parser look
// across the whole of a long text for each one (it stays linear in the length of the text).
const MAX_LINK_TEXT = 300;
const MAX_LINK_URL = 2000;

const BULLET = /^[ \t]*[*-][ \t]+(.*)$/;
const NUMBER = /^[ \t]*\d{1,3}[.)][ \t]+(.*)$/;

export function parseRichText(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  // The block being built is always the last one in `blocks`, until a blank line ends it.
  let open = false;
  for (const line of lines) {
    if (line.trim() === "") {
      open = false;
      continue;
    }
    const last = open ? blocks[blocks.length - 1] : undefined;
    const bullet = BULLET.exec(line);
    const number = bullet ? null : NUMBER.exec(line);
    if (bullet || number) {
      const type = bullet ? "bullets" : "numbers";
      const content = parseInline((bullet ?? number)![1]!.trim());
      if (last && last.type === type) last.items.push(content);
      else blocks.push({ type, items: [content] });
    } else if (last && last.type === "paragraph") {
      last.lines.push(parseInline(line.trim()));
    } else {
      blocks.push({ type: "paragraph", lines: [parseInline(line.trim())] });
    }
    open = true;
  }
  return blocks;
}

/** Bold and links within one line. Anything that does not form either is kept as typed. */
export function parseInline(line: string, allowStrong = true): Inline[] {
  const out: Inline[] = [];
  let text = "";
  const pushText = (t: string) => {
    text += t;
  };
  const flush = () => {
    if (text) out.push({ type: "text", text });
    text = "";
  };
  let i = 0;
  while (i < line.length) {
    if (allowStrong && line.startsWith("**", i)) {
      const close = line.indexOf("**", i + 2);
      if (close > i + 2 && line.slice(i + 2, close).trim() !== "") {
        flush();
        out.push({ type: "strong", children: parseInline(line.slice(i + 2, close), false) });
        i = close + 2;
        continue;
      }
      pushText("**");
      i += 2;
      continue;
    }
    if (line[i] === "[") {
      const link = readLink(line, i);
      if (link) {
        flush();
        out.push({ type: "link", href: link.href, text: link.text });
        i = link.end;
        continue;
      }
    }
    pushText(line[i]!);
    i += 1;
  }
  flush();
  return out;
}

function readLink(line: string, start: number): { href: string; text: string; end: number } | null {
  const window = line.slice(start + 1, start + 1 + MAX_LINK_TEXT + 2);
  const middle = window.indexOf("](");
  if (middle <= 0) return null;
  const text = window.slice(0, middle);
  if (text.includes("[") || text.trim() === "") return null;
  const urlStart = start + 1 + middle + 2;
  const urlWindow = line.slice(urlStart, urlStart + MAX_LINK_URL + 1);
  const close = urlWindow.indexOf(")");
  if (close <= 0) return null;
  const href = safeHref(urlWindow.slice(0, close));
  if (!href) return null;
  return { href, text: text.trim(), end: urlStart + close + 1 };
}

/**
 * The address a link may point to, or null when it is not one we allow: web addresses (https or
 * http), email addresses (mailto:) and paths on this site. Everything else (javascript:, data:,
 * vbscript:, protocol-relative //host, addresses with spaces or control characters) is refused.
 */
export function safeHref(raw: string): string | null {
  const candidate = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (!candidate || /[\s\u0000-\u001F\u007F<>"'`\\]/.test(candidate)) return null;
  if (candidate.startsWith("/")) {
    return candidate.startsWith("//") ? null : candidate;
  }
  if (/^mailto:/i.test(candidate)) {
    return /^mailto:[^@/?#:]+@[a-z0-9.-]+\.[a-z]{2,}$/i.test(candidate) ? `mailto:${candidate.slice(7)}` : null;
  }
  if (!/^https?:\/\//i.test(candidate)) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname || url.username || url.password) {
    return null;
  }
  return url.href;
}

/** The words of a formatted text without the formatting, e.g. for a summary or a character count. */
export function plainText(source: string): string {
  return parseRichText(source)
    .map((block) => {
      const lines = block.type === "paragraph" ? block.lines : block.items;
      return lines.map((inlines) => inlinesText(inlines)).join("\n");
    })
    .join("\n\n");
}

function inlinesText(inlines: Inline[]): string {
  return inlines
    .map((inline) =>
      inline.type === "text" ? inline.text : inline.type === "link" ? inline.text : inlinesText(inline.children),
    )
    .join("");
}
