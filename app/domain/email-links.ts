// Reads the web links out of a rendered email, so that the local mailbox can hand them to tests
// (an end-to-end test follows the verification link rather than parsing HTML itself).

const ANCHOR_HREF = /<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

const NAMED_ENTITIES: Record<string, string> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">" };

function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code =
        entity[1] === "x" || entity[1] === "X" ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** The distinct http(s) links of an HTML email, in the order they first appear. */
export function extractLinks(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(ANCHOR_HREF)) {
    const href = decodeAttribute((match[1] ?? match[2] ?? "").trim());
    if (!/^https?:\/\//i.test(href)) continue;
    if (!links.includes(href)) links.push(href);
  }
  return links;
}
