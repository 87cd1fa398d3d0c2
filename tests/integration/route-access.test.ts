import { readdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
// Remix's own route conventions, from their modules rather than the package's index, which would
// also load Vite.
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { defineRoutes, type RouteManifestEntry } from "@remix-run/dev/dist/config/routes.js";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import remixConfig from "../../remix.config.js";
import { securityHeaders } from "../../app/security/headers.server";
import { NO_DEV_TOOLS } from "../../app/security/dev-tool-routes.server";
import { requestPipeline } from "../../app/security/pipeline.server";
import { useTestDatabase } from "../support/database";
import {
  buildRouteFixtures,
  sessionAlive,
  sessionCookieFor,
  type RouteFixtures,
} from "../support/route-access-fixtures";
import {
  DEV_TOOLS_OFF,
  PERSONAS,
  ROUTE_ACCESS,
  type Outcome,
  type Persona,
  type RouteCase,
} from "../support/route-access-table";

// The route walk: every route file x every persona, against the one declared table of who may
// do what (tests/support/route-access-table.ts). For each route and persona it GETs the page and,
// if the route has an action, POSTs an empty form (or the row's minimal one) with this site's
// Origin, so the cross-site check lets it through, and compares what came back with the table.
// All differences are reported together, one line each.
//
// How the requests are made: through the real request pipeline (app/security/pipeline.server.ts,
// the same middleware list server.ts mounts: the origin check, the body reader, the dev-tool gate,
// every loader and action wrapped so a service's AppError becomes its status, and the real
// document renderer, app/entry.server.tsx) in front of a Remix build assembled here from the route
// source files, with the route manifest Remix's own compiler derives from app/routes/ and
// remix.config.js. So a request meets what it would meet in production, page rendering included
// (a page that throws while rendering shows up as a 500), without `npm run build`, which would tie
// the test to a compiled copy that may be out of date. Calling each loader directly instead would
// miss the pipeline, the root loader and the rendering.
//
// The dev-tool routes (app/dev-tools/routes/, registered in remix.config.js) are walked too, with
// every switch off as in production: each must be the ordinary 404 (405 to a POST) for everyone.
//
// One database for the whole walk; a POST that ends a persona's session (signing out) is followed
// by a new session, so later routes still meet a signed-in person.

const t = useTestDatabase({ keepBetweenTests: true });

const appDir = path.resolve(import.meta.dirname, "../../app");
const routeFiles = readdirSync(path.join(appDir, "routes"))
  .filter((f) => f.endsWith(".tsx"))
  .map((f) => f.slice(0, -".tsx".length))
  .sort();

type Manifest = Record<string, RouteManifestEntry>;

/** The routes as Remix's compiler sees them: app/routes/ by the flat-routes convention, and remix.config.js's own. */
async function routeManifest(): Promise<Manifest> {
  return {
    ...flatRoutes(appDir, remixConfig.ignoredRouteFiles),
    ...(await remixConfig.routes!(defineRoutes)),
  };
}

/** Errors the renderer reported, by request id, so a 500 in the diff says what went wrong. */
const serverErrors = new Map<string, string>();

async function serverBuild(manifest: Manifest): Promise<ServerBuild> {
  const entry = await import("../../app/entry.server");
  const root = await import("../../app/root");
  const routes: ServerBuild["routes"] = { root: { id: "root", path: "", module: root } };
  const assets: ServerBuild["assets"]["routes"] = {};
  const entryRoute = (id: string, route: Omit<RouteManifestEntry, "file">, module: Record<string, unknown>) => ({
    id,
    parentId: route.parentId,
    path: route.path,
    index: route.index,
    caseSensitive: route.caseSensitive,
    module: `/build/${id}.js`,
    imports: [],
    hasAction: typeof module.action === "function",
    hasLoader: typeof module.loader === "function",
    hasClientAction: false,
    hasClientLoader: false,
    hasErrorBoundary: typeof module.ErrorBoundary === "function",
  });
  assets.root = entryRoute("root", { id: "root", path: "" }, root);
  for (const route of Object.values(manifest)) {
    const module = (await import(path.join(appDir, route.file))) as Record<string, unknown>;
    routes[route.id] = {
      id: route.id,
      parentId: route.parentId,
      path: route.path,
      index: route.index,
      caseSensitive: route.caseSensitive,
      module: module as unknown as ServerRoute["module"],
    };
    assets[route.id] = entryRoute(route.id, route, module);
  }
  return {
    mode: "production",
    entry: {
      module: {
        ...entry,
        handleError: (error: unknown, { context }: { context: { requestId?: string } }) => {
          if (context.requestId) serverErrors.set(context.requestId, String((error as Error)?.stack ?? error));
        },
      },
    },
    routes,
    assets: {
      entry: { imports: [], module: "/build/entry.client.js" },
      routes: assets,
      url: "/build/manifest.js",
      version: "route-access",
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_singleFetch: true,
      v3_lazyRouteDiscovery: true,
    },
    isSpaMode: false,
  } as unknown as ServerBuild;
}

type ServerRoute = NonNullable<ServerBuild["routes"][string]>;

let manifest: Manifest;
let server: Server;
let base: string;
let fixtures: RouteFixtures;
const cookies = new Map<Persona, string>();
let requestCount = 0;

beforeAll(async () => {
  manifest = await routeManifest();
  fixtures = await buildRouteFixtures(t.db);
  for (const persona of PERSONAS) {
    if (persona !== "anonymous") cookies.set(persona, await sessionCookieFor(t.db, fixtures.users[persona]));
  }
  const app = express();
  app.use((req, res, next) => {
    res.locals.nonce = "route-access";
    res.locals.requestId = req.get("x-request-id") ?? "none";
    next();
  });
  app.use(securityHeaders);
  app.use(requestPipeline({ build: await serverBuild(manifest), mode: "production", devTools: NO_DEV_TOOLS }));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve));
});

function addressOf(route: RouteManifestEntry, params: Record<string, string | number>, search?: string) {
  const filled = (route.path ?? "")
    .split("/")
    .map((segment) => {
      if (segment === "*") return "no-such-page";
      // A dynamic segment may end in literal text: ":sessionId.ics".
      const [, name, rest] = /^:([\w-]+)(.*)$/.exec(segment) ?? [];
      if (name === undefined) return segment;
      if (params[name] === undefined) throw new Error(`${route.file}: the row gives no value for :${name}`);
      return `${encodeURIComponent(String(params[name]))}${rest}`;
    })
    .join("/");
  return `/${filled}${search ? `?${search}` : ""}`;
}

type Got = Outcome | `error ${number}`;

function outcomeOf(response: Response): Got {
  const status = response.status;
  if (status >= 200 && status < 300) return "ok";
  if (status >= 300 && status < 400) {
    const location = response.headers.get("location") ?? "";
    return new URL(location, base).pathname === "/sign-in" ? "sign-in" : "redirect";
  }
  const named: Record<number, Outcome> = {
    401: "sign-in",
    400: "invalid",
    409: "invalid",
    422: "invalid",
    403: "forbidden",
    404: "not-found",
    405: "no-action",
    410: "gone",
    429: "too-many",
  };
  return named[status] ?? `error ${status}`;
}

async function send(persona: Persona, method: "GET" | "POST", address: string, form: Record<string, string> = {}) {
  requestCount += 1;
  const requestId = `walk-${requestCount}`;
  const headers: Record<string, string> = { "x-request-id": requestId };
  const cookie = cookies.get(persona);
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (method === "POST") {
    headers.origin = base;
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form).toString();
  }
  const response = await fetch(`${base}${address}`, { method, headers, body, redirect: "manual" });
  await response.arrayBuffer();
  const got = outcomeOf(response);
  const detail = got.startsWith("error")
    ? (serverErrors.get(requestId)?.split("\n").slice(0, 3).join(" / ") ?? "")
    : got === "redirect"
      ? `to ${response.headers.get("location")}`
      : "";
  if (method === "POST" && cookie && !(await sessionAlive(t.db, cookie))) {
    cookies.set(persona, await sessionCookieFor(t.db, fixtures.users[persona as Exclude<Persona, "anonymous">]));
  }
  return { got, detail };
}

interface Walked {
  route: string;
  cases: RouteCase[];
  entry: RouteManifestEntry;
}

function toWalk(): Walked[] {
  const walked: Walked[] = [];
  for (const entry of Object.values(manifest).sort((a, b) => a.id.localeCompare(b.id))) {
    if (entry.id.startsWith("routes/")) {
      const route = entry.id.slice("routes/".length);
      const row = ROUTE_ACCESS[route];
      if (row) walked.push({ route, cases: Array.isArray(row) ? row : [row], entry });
    } else {
      walked.push({ route: entry.id, cases: [DEV_TOOLS_OFF], entry });
    }
  }
  return walked;
}

describe("the route access table", () => {
  it("has a row for every route file and a route file for every row", () => {
    const missing = routeFiles.filter((f) => !(f in ROUTE_ACCESS));
    const extra = Object.keys(ROUTE_ACCESS).filter((r) => !routeFiles.includes(r));
    const problems = [
      ...missing.map(
        (f) =>
          `app/routes/${f}.tsx has no row: add "${f}": { get: ..., post: ... } to ROUTE_ACCESS in tests/support/route-access-table.ts`,
      ),
      ...extra.map((r) => `ROUTE_ACCESS has a row "${r}" but app/routes/${r}.tsx does not exist: remove the row`),
    ];
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("every route answers every persona as the table says", async () => {
    const differences: string[] = [];
    const walked = toWalk();
    for (const { route, cases, entry } of walked) {
      const module = (await import(path.join(appDir, entry.file))) as { action?: unknown };
      const hasAction = typeof module.action === "function";
      for (const [index, routeCase] of cases.entries()) {
        const label = routeCase.label ?? (cases.length > 1 ? `case ${index + 1}` : "");
        const name = `${route}${label ? ` (${label})` : ""}`;
        if (hasAction !== (routeCase.post !== undefined) && !entry.id.startsWith("dev-tools/")) {
          differences.push(
            hasAction
              ? `${name}: the route has an action, so its row needs \`post\`: what an empty form does for each persona`
              : `${name}: the route has no action, so its row must not have \`post\``,
          );
          continue;
        }
        for (const persona of PERSONAS) {
          const address = addressOf(entry, routeCase.params?.(fixtures, persona) ?? {}, routeCase.search?.(fixtures));
          const requests: ["GET" | "POST", Outcome][] = [["GET", routeCase.get[persona]]];
          if (routeCase.post) requests.push(["POST", routeCase.post[persona]]);
          for (const [method, expected] of requests) {
            const form = typeof routeCase.form === "function" ? routeCase.form(fixtures) : routeCase.form;
            const { got, detail } = await send(persona, method, address, form);
            if (got !== expected)
              differences.push(
                `${name}  ${persona.padEnd(15)} ${method.padEnd(4)} ${address}\n` +
                  `    expected ${expected}, got ${got}${detail ? ` ${detail}` : ""}`,
              );
          }
        }
      }
    }
    console.log(
      `route access: ${walked.length} routes x ${PERSONAS.length} personas = ${walked.length * PERSONAS.length} pairs, ${requestCount} requests`,
    );
    if (differences.length)
      expect.fail(
        `${differences.length} differences from the table (tests/support/route-access-table.ts):\n${differences.join("\n")}`,
      );
  }, 300_000);
});
