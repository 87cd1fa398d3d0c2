import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test, expect } from "./fixtures";

// Nothing anyone sends gets a 500. Every route in app/routes (and the test hooks in
// app/dev-tools/routes, registered in remix.config.js) that exports an action (found by
// reading the files, so a new route is covered the day it lands) is sent every kind of body a
// script or a broken client might send, by four callers: anonymous, a member of staff, the owner
// of the entry in the addresses and the judge assigned to it (so that the entrant and judging
// actions read what they are sent rather than stopping at "not yours"). Bodies that are not
// forms must be refused with 415 and broken forms with 400 (app/security/form-body.server.ts);
// the rest reach the action, which may say anything but a 5xx.
//
// Plain HTTP: the requests go through Node's fetch rather than a browser, which gives full
// control of the Content-Type header (including leaving it out).

// Both folders name their files by the flat-routes convention.
const ROUTES_DIRS = ["../../app/routes", "../../app/dev-tools/routes"].map((dir) =>
  path.resolve(import.meta.dirname, dir),
);
const EXPORTS_ACTION =
  /export\s+(async\s+)?function\s+action\b|export\s+(const|let)\s+action\b|export\s*\{[^}]*\baction\b[^}]*\}/;

function actionRouteFiles(): string[] {
  return ROUTES_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((file) => /\.(tsx|ts|jsx|js)$/.test(file))
      .filter((file) => EXPORTS_ACTION.test(readFileSync(path.join(dir, file), "utf8"))),
  ).sort();
}

/**
 * The address a flat-routes file name stands for (Remix v2 conventions): dots are slashes,
 * `[.]` is a literal dot, `_index` and `_layout` segments add nothing, a trailing `_` opts out of
 * the parent layout, `$name` is a parameter.
 */
function routeUrl(file: string, param: (name: string) => string): string {
  const name = file.replace(/\.(tsx|ts|jsx|js)$/, "").replaceAll("[.]", "\u0000");
  const segments = name
    .split(".")
    .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
    .map((segment) =>
      segment
        .replace(/_$/, "")
        .replaceAll("\u0000", ".")
        .replace(/^\[(.*)\]$/, "$1"),
    )
    .map((segment) => (segment.startsWith("$") ? encodeURIComponent(param(segment.slice(1))) : segment));
  return `/${segments.join("/")}`;
}

const URLENCODED = "application/x-www-form-urlencoded";
const MULTIPART_BODY =
  '--formboundary\r\nContent-Disposition: form-data; name="email"\r\n\r\nsomeone@example.com\r\n' +
  '--formboundary\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave\r\n--formboundary--\r\n';

interface BodyKind {
  name: string;
  contentType: string | null;
  body: string;
  /** The status a route must answer, or null when anything below 500 will do. */
  expected: 400 | 415 | null;
}

const BODIES: BodyKind[] = [
  {
    name: "JSON",
    contentType: "application/json",
    body: '{"email":"someone@example.com","intent":"save"}',
    expected: 415,
  },
  { name: "plain text", contentType: "text/plain", body: "email=someone@example.com", expected: 415 },
  { name: "XML", contentType: "text/xml", body: "<form><email>someone@example.com</email></form>", expected: 415 },
  { name: "no content type", contentType: null, body: "email=someone%40example.com", expected: 415 },
  { name: "an empty body with no content type", contentType: null, body: "", expected: 415 },
  { name: "multipart without a boundary", contentType: "multipart/form-data", body: MULTIPART_BODY, expected: 400 },
  {
    name: "multipart cut short",
    contentType: "multipart/form-data; boundary=formboundary",
    body: MULTIPART_BODY.slice(0, 90),
    expected: 400,
  },
  {
    name: "multipart with the wrong boundary",
    contentType: "multipart/form-data; boundary=another",
    body: MULTIPART_BODY,
    expected: 400,
  },
  {
    name: "a form with broken percent-encoding",
    contentType: URLENCODED,
    body: "email=%E0%A4%A&password=%&returnTo=%2F%0A%zz&intent=%ZZ&title=%",
    expected: null,
  },
  { name: "an empty form", contentType: URLENCODED, body: "", expected: null },
];

// Test hooks take JSON on purpose; they only have to stay clear of 5xx.
const isTestHook = (file: string) => file.startsWith("test-hooks.");

test("every action answers every kind of body without a 5xx, refusing what is not a readable form", async ({
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const files = actionRouteFiles();
  expect(files.length, "route files exporting an action").toBeGreaterThan(40);

  // Real things for the parameters, so the requests reach the actions rather than a 404.
  const hook = async <T>(name: string, data: unknown): Promise<T> => {
    const response = await request.post(`/test-hooks/${name}`, { data });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as T;
  };
  type Scenario = { challengeId: number; entries: { id: number; reference: string; organisationId: number }[] };
  type Person = { user: { id: number }; session: { cookieName: string; token: string } };
  const staff = await hook<Person>("users", { role: "staff" });
  const judge = await hook<Person>("users", { role: "judge" });
  const judging = await hook<Scenario>("scenarios", { entries: 2 });
  // A member of the organisation that owns the entry in the addresses, so its forms are read.
  const owner = await hook<Person>("users", { role: "entrant", organisationId: judging.entries[0]!.organisationId });
  const round = await hook<{ assignments: { assignmentId: number }[] }>("judging", {
    challengeId: judging.challengeId,
    judgeUserIds: [judge.user.id],
  });
  const awarded = await hook<Scenario>("scenarios", { entries: 2 });
  const { awards } = await hook<{ awards: { awardId: number; paymentId: number | null }[] }>("support", {
    challengeId: awarded.challengeId,
    awards: [{ entryId: awarded.entries[0]!.id, tier: "top20", paymentStatus: "approved" }],
  });

  const madeUp = new Set<string>();
  const paramFor =
    (file: string) =>
    (name: string): string => {
      const awardsRoute =
        file.startsWith("staff.awards.") || file.startsWith("staff.support.") || file.startsWith("awards.");
      switch (name) {
        case "challengeId":
        case "id":
          return String(awardsRoute ? awarded.challengeId : judging.challengeId);
        case "number":
          return "1";
        case "ref":
          return judging.entries[0]!.reference;
        case "entryId":
          return String(judging.entries[0]!.id);
        case "assignmentId":
          return String(round.assignments[0]!.assignmentId);
        case "awardId":
          return String(awards[0]!.awardId);
        case "paymentId":
          return String(awards[0]!.paymentId);
        case "section":
          return file.startsWith("entries.") ? "idea" : "areas";
        case "itemId":
        case "criterionId":
        case "milestoneId":
          return "new";
        default:
          // Tokens and masterclass sessions: a well-formed value that names nothing (the answer
          // is the route's "not found" or "link expired", which still has to be no 5xx).
          madeUp.add(`${file} $${name}`);
          return name === "token" ? "A".repeat(43) : "999999";
      }
    };

  // Signing out ends the staff session the rest of the requests need: send it last.
  const ordered = [...files.filter((f) => f !== "sign-out.tsx"), ...files.filter((f) => f === "sign-out.tsx")];
  // Each caller at an address of its own, so the per-address limits on signing in and
  // registering count one caller's requests.
  const as = (person: Person, address: string) => ({
    "X-Forwarded-For": address,
    Cookie: `${person.session.cookieName}=${person.session.token}`,
  });
  const callers: { name: string; headers: Record<string, string> }[] = [
    { name: "anonymous", headers: { "X-Forwarded-For": "10.250.0.1" } },
    { name: "staff", headers: as(staff, "10.250.0.2") },
    { name: "the entry's owner", headers: as(owner, "10.250.0.3") },
    { name: "the assigned judge", headers: as(judge, "10.250.0.4") },
  ];

  const failures: string[] = [];
  let requests = 0;
  let serverErrors = 0;
  for (const caller of callers) {
    for (const file of ordered) {
      const url = routeUrl(file, paramFor(file));
      // Two at a time: enough to keep the run short on two shared cores.
      const queue = [...BODIES];
      const worker = async () => {
        for (let kind = queue.shift(); kind; kind = queue.shift()) {
          const headers = { ...caller.headers, ...(kind.contentType ? { "Content-Type": kind.contentType } : {}) };
          // A typed array, so fetch adds no Content-Type of its own.
          const response = await fetch(new URL(url, baseURL), {
            method: "POST",
            headers,
            body: new TextEncoder().encode(kind.body),
            redirect: "manual",
          });
          await response.arrayBuffer();
          requests++;
          const where = `${caller.name} POST ${url} (${file}) with ${kind.name}`;
          if (response.status >= 500) {
            serverErrors++;
            failures.push(`${where}: ${response.status}`);
          } else if (kind.expected !== null && !isTestHook(file) && response.status !== kind.expected) {
            failures.push(`${where}: expected ${kind.expected}, got ${response.status}`);
          }
        }
      };
      await Promise.all([worker(), worker()]);
    }
  }

  console.log(
    `content-type test: ${files.length} actions x ${BODIES.length} bodies x ${callers.length} callers = ${requests} requests, ` +
      `${serverErrors} 5xx` +
      (madeUp.size ? ` (made-up parameter values: ${[...madeUp].join(", ")})` : ""),
  );
  expect(failures).toEqual([]);
  expect(requests).toBe(files.length * BODIES.length * callers.length);
});
