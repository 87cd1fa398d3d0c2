import { config } from "../../config.server";

// The instant a request happens at, as the deadline rules see it. Always the real clock, except
// in end-to-end tests (config.testHooks: TEST_HOOKS=on, never in production), where a browser
// may carry a `cric_test_now` cookie holding an ISO instant. That lets one test act after the
// closing time without moving the shared challenge's closing time under the tests running
// beside it. Sessions, tokens and rate limits keep the real clock.

export const TEST_CLOCK_COOKIE = "cric_test_now";

export function requestNow(request: Request): Date {
  if (!config.testHooks) return new Date();
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index === -1 || part.slice(0, index).trim() !== TEST_CLOCK_COOKIE) continue;
    const value = decodeURIComponent(part.slice(index + 1).trim());
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(value)) break;
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) return instant;
  }
  return new Date();
}
