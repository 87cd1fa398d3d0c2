import fc from "fast-check";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RichText } from "../../app/components/RichText";
import { parseInline, parseRichText, plainText, safeHref } from "../../app/domain/rich-text";

function html(text: string): string {
  return renderToStaticMarkup(createElement(RichText, { text }));
}

describe("simple formatting staff can type", () => {
  it("makes paragraphs from blank lines and keeps single line breaks", () => {
    expect(parseRichText("First line\nsame paragraph\n\nSecond paragraph")).toEqual([
      {
        type: "paragraph",
        lines: [[{ type: "text", text: "First line" }], [{ type: "text", text: "same paragraph" }]],
      },
      { type: "paragraph", lines: [[{ type: "text", text: "Second paragraph" }]] },
    ]);
    expect(html("One\ntwo\n\nThree")).toBe('<p class="govuk-body">One<br/>two</p><p class="govuk-body">Three</p>');
  });

  it("makes bulleted lists from lines starting with * or -, and numbered lists from 1.", () => {
    expect(html("Bring:\n* a plan\n- a budget\n\n1. Register\n2. Enter")).toBe(
      '<p class="govuk-body">Bring:</p>' +
        '<ul class="govuk-list govuk-list--bullet"><li>a plan</li><li>a budget</li></ul>' +
        '<ol class="govuk-list govuk-list--number"><li>Register</li><li>Enter</li></ol>',
    );
  });

  it("makes words between double asterisks bold, and leaves a lone pair as typed", () => {
    expect(html("This is **important** and ** this is not")).toBe(
      '<p class="govuk-body">This is <strong>important</strong> and ** this is not</p>',
    );
  });

  it("makes links of web, email and on-site addresses", () => {
    expect(
      html(
        "See [the guidance](https://example.org/guide?a=1&b=2), [email us](mailto:team@example.org) or [check](/eligibility)",
      ),
    ).toBe(
      '<p class="govuk-body">See <a class="govuk-link" href="https://example.org/guide?a=1&amp;b=2">the guidance</a>, ' +
        '<a class="govuk-link" href="mailto:team@example.org">email us</a> or ' +
        '<a class="govuk-link" href="/eligibility">check</a></p>',
    );
  });

  it("allows a link inside bold words", () => {
    expect(parseInline("**read [this](https://example.org)**")).toEqual([
      {
        type: "strong",
        children: [
          { type: "text", text: "read " },
          { type: "link", href: "https://example.org/", text: "this" },
        ],
      },
    ]);
  });

  it("gives the words without the formatting", () => {
    expect(plainText("**Bold** and [a link](https://example.org)\n\n* one\n* two")).toBe("Bold and a link\n\none\ntwo");
  });
});

describe("hostile text renders as text", () => {
  it("shows HTML tags as the characters typed, never as markup", () => {
    const out = html('<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>');
    expect(out).not.toContain("<script");
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/path",
    "/\\evil.example",
    "https://user:pass@example.org/",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/ x",
    "ftp://example.org/file",
    "mailto:someone@example.org?bcc=everyone@example.org",
    "&#106;avascript:alert(1)",
  ])("refuses the link address %j and keeps the text as typed", (address) => {
    const source = `[click me](${address})`;
    expect(safeHref(address)).toBeNull();
    const out = html(source);
    expect(out).not.toContain("<a ");
    expect(out).not.toMatch(/href=/);
  });

  it("never produces an href that is not http(s), mailto or a site path, whatever is typed", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (text, address) => {
        const out = html(`[${text}](${address})`);
        for (const match of out.matchAll(/href="([^"]*)"/g)) {
          expect(match[1]).toMatch(/^(https?:\/\/[^\s]|mailto:|\/(?![/\\]))/);
        }
      }),
    );
  });

  it("keeps control characters and odd input from breaking the page", () => {
    expect(() => html("\u0000\u0007**\u001b[31m[x](\u0000https://a.b)")).not.toThrow();
  });

  it("reads 100 KB of brackets and asterisks quickly (the parser stays linear)", () => {
    const nasty = "[".repeat(50_000) + "**".repeat(25_000) + "](".repeat(10_000);
    const started = performance.now();
    parseRichText(nasty);
    parseRichText(`${"[a](".repeat(25_000)}\n${"* ".repeat(50_000)}`);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
