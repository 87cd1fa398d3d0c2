// A small reader for the app's own HTML: links, and post forms with their fields.
//
// Why not a general HTML parser: every page here comes from React's server renderer, which
// always writes attribute values in double quotes and escapes &, <, >, " and ' both in them and
// in text. So a tag is exactly /<name\b[^>]*>/ (a ">" inside a value is written &gt;) and a
// textarea's text cannot contain "</textarea>". That makes a few regular expressions exact for
// this app, and fast enough to read tens of thousands of responses; a real browser reads a
// sample of pages in the spec as well. Dependencies stay as they are.

export interface TextField {
  name: string;
  /** input type (text, email, password...) or "textarea". */
  type: string;
  /** What the page showed in it (an edit form shows the stored value). */
  initial: string;
  /** A secret the app never sends back: a password, or a one-time code (autocomplete="one-time-code"). */
  secret: boolean;
}

export interface PostForm {
  /** Absolute URL the form posts to. */
  action: string;
  /** Text fields in page order. */
  textFields: TextField[];
  /** Everything else the form sends as it stands: hidden inputs, chosen options, the button. */
  fixed: [string, string][];
  /** Whether it carries hidden inputs (a version number or token that may change after a post). */
  hasHidden: boolean;
}

const TAG = /<(\/?)(a|form|input|textarea|select|option|button)\b([^>]*)>/gi;
const ATTRIBUTE = /([^\s=/]+)(?:="([^"]*)")?/g;

/** Text fields the hostile test types into; every other input is sent as the page set it. */
export const TEXT_INPUT_TYPES = new Set(["text", "email", "search", "tel", "url", "number", "password"]);

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0" }[lower]!;
  });
}

/** How React's server renderer writes a string in text or in an attribute value. */
export function escapeLikeReact(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" })[c]!,
  );
}

function attributes(source: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) result[match[1]!.toLowerCase()] = decodeEntities(match[2] ?? "");
  return result;
}

/** Same-site links on a page, as absolute URLs without fragments. */
export function links(html: string, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  const found: string[] = [];
  for (const match of html.matchAll(/<a\b([^>]*)>/gi)) {
    const href = attributes(match[1]!).href;
    if (!href) continue;
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      continue;
    }
    if (url.origin !== origin) continue;
    url.hash = "";
    found.push(url.toString());
  }
  return found;
}

interface OpenForm extends PostForm {
  radios: Map<string, { value: string; checked: boolean }[]>;
  checkboxes: Map<string, { value: string; checked: boolean }[]>;
  buttonChosen: boolean;
  buttonName?: string;
}

/** Every `<form method="post">` on a page, with its fields as a browser would send them. */
export function postForms(html: string, pageUrl: string): PostForm[] {
  const forms: PostForm[] = [];
  let current: OpenForm | null = null;
  let select: { name: string; options: { value: string; selected: boolean }[] } | null = null;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(html); match; match = TAG.exec(html)) {
    const tag = match[2]!.toLowerCase();
    if (match[1] === "/") {
      if (tag === "form" && current) forms.push(finish(current));
      if (tag === "form") current = null;
      if (tag === "select" && select && current) current.fixed.push(...chosenOption(select));
      if (tag === "select") select = null;
      continue;
    }
    const attrs = attributes(match[3]!);
    if (tag === "form") {
      current =
        (attrs.method ?? "get").toLowerCase() === "post"
          ? {
              action: new URL(attrs.action ?? pageUrl, pageUrl).toString(),
              textFields: [],
              fixed: [],
              hasHidden: false,
              radios: new Map(),
              checkboxes: new Map(),
              buttonChosen: false,
            }
          : null;
      continue;
    }
    if (!current) continue;
    if (tag === "option") {
      select?.options.push({ value: attrs.value ?? "", selected: "selected" in attrs });
      continue;
    }
    const name = attrs.name;
    if (!name || "disabled" in attrs) continue;
    const type = (attrs.type ?? (tag === "button" ? "submit" : "text")).toLowerCase();
    if (tag === "select") {
      select = { name, options: [] };
    } else if (tag === "textarea") {
      const end = html.indexOf("</textarea>", TAG.lastIndex);
      // HTML drops one newline straight after <textarea>; React writes one when the text starts with one.
      const text = decodeEntities(html.slice(TAG.lastIndex, end)).replace(/^\n/, "");
      current.textFields.push({ name, type: "textarea", initial: text, secret: false });
    } else if (type === "submit") {
      // The first named submit button (the one Enter sends), unless another saves a draft:
      // then that one, so the form stays open for the next payload (a judge's "save" rather
      // than "submit", which closes the review).
      const value = attrs.value ?? "";
      if (!current.buttonChosen || /^(save|draft|save-draft)$/i.test(value)) {
        current.fixed = current.fixed.filter(([n]) => n !== current!.buttonName);
        current.fixed.push([name, value]);
        current.buttonName = name;
      }
      current.buttonChosen = true;
    } else if (tag === "input" && TEXT_INPUT_TYPES.has(type)) {
      const secret = type === "password" || attrs.autocomplete === "one-time-code";
      current.textFields.push({ name, type, initial: attrs.value ?? "", secret });
    } else if (tag === "input" && type === "hidden") {
      current.fixed.push([name, attrs.value ?? ""]);
      current.hasHidden = true;
    } else if (tag === "input" && (type === "radio" || type === "checkbox")) {
      const group = type === "radio" ? current.radios : current.checkboxes;
      group.set(name, [...(group.get(name) ?? []), { value: attrs.value ?? "on", checked: "checked" in attrs }]);
    }
  }
  return forms;
}

function chosenOption(select: { name: string; options: { value: string; selected: boolean }[] }): [string, string][] {
  const chosen =
    select.options.find((o) => o.selected) ?? select.options.find((o) => o.value !== "") ?? select.options[0];
  return chosen ? [[select.name, chosen.value]] : [];
}

// A radio question gets its checked answer, or else its first; a checkbox question its ticked
// boxes. A lone checkbox is a confirmation ("I confirm...") and is ticked, so the form gets past
// it to its text; a list of several is a choice with consequences (declaring a conflict with an
// organisation) and is left as the page had it.
function finish(form: OpenForm): PostForm {
  const fixed = [...form.fixed];
  for (const [name, options] of form.radios) fixed.push([name, (options.find((o) => o.checked) ?? options[0]!).value]);
  for (const [name, boxes] of form.checkboxes) {
    const ticked = boxes.filter((b) => b.checked);
    for (const box of ticked.length > 0 ? ticked : boxes.length === 1 ? boxes : []) fixed.push([name, box.value]);
  }
  return { action: form.action, textFields: form.textFields, fixed, hasHidden: form.hasHidden };
}
