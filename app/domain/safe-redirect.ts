// Where the service may send someone next when the place comes from input (`returnTo` after
// signing in, a link back on /register). Only a path on this site qualifies.
//
// Browsers are generous with a Location header or an href: they drop tabs and newlines, read a
// backslash as a slash, and take a leading `//` as "another host". So `/\t/evil.example`,
// `/\evil.example` and `/.//evil.example` (which URL resolution turns into `//evil.example`)
// would all leave the site. Rather than list the tricks, accept only plain printable ASCII with
// no backslash, resolve it against the app's own origin the way a browser would, and insist the
// result stays on that origin with a path that does not start with two slashes, even once
// percent-decoded (in case something on the way decodes it again).

/** A placeholder origin for resolving when the caller does not pass the app's own. */
const INTERNAL_ORIGIN = "https://app.invalid";

/** Long enough for any page and its query; longer is not a real place to go back to. */
export const MAX_REDIRECT_LENGTH = 2000;

// Printable ASCII only: no control characters, no whitespace, nothing a header cannot carry.
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * `value` if it is a same-origin path (returned as path + query + fragment, as resolved against
 * `origin`), otherwise `fallback`. Never throws, whatever it is given.
 */
export function safeRedirectPath(value: unknown, fallback: string, origin: string = INTERNAL_ORIGIN): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_REDIRECT_LENGTH) return fallback;
  if (!PRINTABLE_ASCII.test(value) || value.includes("\\")) return fallback;
  // Relative references ("account", "?x") and scheme-relative ones ("//host") are refused outright:
  // a place to return to is always written as a path from the root.
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;

  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  if (!pathStaysHome(url.pathname)) return fallback;
  return url.pathname + url.search + url.hash;
}

/**
 * The resolved path, and each percent-decoding of it, starts with a single slash and holds no
 * backslash, whitespace or control character. (The query and fragment are data, not a place:
 * an encoded space in `?title=My%20idea` is fine there.)
 */
function pathStaysHome(pathname: string): boolean {
  let current = pathname;
  // Three rounds of decoding catch %252F%252F-style double encoding; a path still changing
  // after that is not one this service ever builds.
  for (let round = 0; round <= 3; round++) {
    if (!current.startsWith("/") || current.startsWith("//")) return false;
    // eslint-disable-next-line no-control-regex
    if (/[\s\\\x00-\x1f\x7f-\x9f]/.test(current)) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false; // broken percent-encoding: not a path this service made
    }
    if (decoded === current) return true;
    current = decoded;
  }
  return false;
}
