// What a person sees of a session's device on /account/sessions: the browser and the system, read
// from the User-Agent header ("Firefox on Windows"). Deliberately small: a handful of rules for the
// browsers people use, checked in an order where the more specific name wins (Edge and Opera also
// say "Chrome"; Chrome also says "Safari"). Anything it cannot place is "Unknown device" rather
// than a guess, since a wrong name would make a person doubt a session that is theirs.

export const UNKNOWN_DEVICE = "Unknown device";

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\b(OPR|Opera|OPT)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\b(CriOS|Chrome|HeadlessChrome)\//, "Chrome"],
  [/\bChromium\//, "Chromium"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bWindows (NT|Phone)\b/, "Windows"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

function firstMatch(text: string, rules: [RegExp, string][]): string | null {
  for (const [pattern, name] of rules) if (pattern.test(text)) return name;
  return null;
}

/** "Chrome on Windows", "Safari on iPhone", "Firefox", "A browser on Linux" or "Unknown device". */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return UNKNOWN_DEVICE;
  const browser = firstMatch(userAgent, BROWSERS);
  const system = firstMatch(userAgent, SYSTEMS);
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A browser on ${system}`;
  return UNKNOWN_DEVICE;
}
