import { readdirSync } from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
// The two functions of the Remix compiler that read the route files (its index also loads Vite).
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { defineRoutes } from "@remix-run/dev/dist/config/routes.js";
import { describe, expect, it } from "vitest";
import { deriveConfig } from "../../app/config.server";
import { routeAllowed, withDevToolRoutesGated } from "../../app/security/dev-tool-routes.server";
import remixConfig from "../../remix.config.js";

// The one gate of the dev-tool routes (app/security/dev-tool-routes.server.ts): given a build and
// the configuration, which routes the request handler is made with.

const root = path.resolve(import.meta.dirname, "../..");

const PRODUCT = ["root", "routes/_index", "routes/$", "routes/sign-in"];
const TEST_HOOKS = ["dev-tools/routes/test-hooks.users", "dev-tools/routes/test-hooks.scenarios"];
const BENCH = ["dev-tools/routes/bench.floor", "dev-tools/routes/bench.queries[.]json"];
const MAILBOX = [
  "dev-tools/routes/dev.mail._index",
  "dev-tools/routes/dev.mail[.]json",
  "dev-tools/routes/dev.mail.$id",
];
// A dev-tool route in no group, and a route nested in a dev-tool route: both follow the gate.
const UNKNOWN = "dev-tools/routes/something-new";
const NESTED = "routes/nested-in-bench";

const loaderCalls: unknown[] = [];

function fakeBuild(): ServerBuild {
  const ids = [...PRODUCT, ...TEST_HOOKS, ...BENCH, ...MAILBOX, UNKNOWN, NESTED];
  const parentOf = (id: string) => (id === "root" ? undefined : id === NESTED ? BENCH[0] : "root");
  const routes = Object.fromEntries(
    ids.map((id) => [
      id,
      {
        id,
        parentId: parentOf(id),
        path: id,
        module: {
          loader: (args: unknown) => {
            loaderCalls.push(args);
            return id;
          },
        },
      },
    ]),
  );
  const manifest = Object.fromEntries(ids.map((id) => [id, { id, parentId: parentOf(id), module: `/build/${id}.js` }]));
  return { routes, assets: { routes: manifest, version: "v" } } as unknown as ServerBuild;
}

function remaining(environment: Record<string, string>) {
  const gated = withDevToolRoutesGated(fakeBuild(), deriveConfig(environment));
  const ids = Object.keys(gated.routes);
  // The manifest lazy route discovery reads holds the same routes, so it reveals nothing more.
  expect(Object.keys(gated.assets.routes)).toEqual(ids);
  return ids;
}

describe("the dev-tool routes in the server build", () => {
  it("are all gone in production mode, whatever is asked for", () => {
    expect(remaining({ NODE_ENV: "production", TEST_HOOKS: "on", BENCH_ROUTES: "on", DEMO_MODE: "off" })).toEqual(
      PRODUCT,
    );
  });

  it("keep only the mailbox in a demo under `npm start` (production mode)", () => {
    expect(remaining({ NODE_ENV: "production", TEST_HOOKS: "on", BENCH_ROUTES: "on" })).toEqual([
      ...PRODUCT,
      ...MAILBOX,
    ]);
  });

  it("keep each group only when its switch is on", () => {
    expect(remaining({ NODE_ENV: "test", DEMO_MODE: "off" })).toEqual(PRODUCT);
    expect(remaining({ NODE_ENV: "test", DEMO_MODE: "off", TEST_HOOKS: "on" })).toEqual([...PRODUCT, ...TEST_HOOKS]);
    expect(remaining({ NODE_ENV: "test", DEMO_MODE: "off", BENCH_ROUTES: "on" })).toEqual([
      ...PRODUCT,
      ...BENCH,
      NESTED,
    ]);
    expect(remaining({ NODE_ENV: "test", TEST_HOOKS: "on", BENCH_ROUTES: "on" })).toEqual([
      ...PRODUCT,
      ...TEST_HOOKS,
      ...BENCH,
      ...MAILBOX,
      NESTED,
    ]);
  });

  it("never keep a dev-tool route that belongs to no group", () => {
    expect(routeAllowed(UNKNOWN, { testHooks: true, benchRoutes: true, localMailbox: true })).toBe(false);
  });
});

describe("the mailbox's loaders", () => {
  const gated = withDevToolRoutesGated(fakeBuild(), deriveConfig({ NODE_ENV: "test" }));
  const args = (peerIsLoopback: boolean, headers: Record<string, string> = {}) =>
    ({
      request: new Request("http://127.0.0.1/dev/mail.json", { headers }),
      params: {},
      context: { peerIsLoopback },
    }) as never;

  it("answer a connection from this machine", async () => {
    for (const id of MAILBOX) expect(await gated.routes[id]!.module.loader!(args(true))).toBe(id);
  });

  it("answer 404 to a connection from elsewhere, whatever X-Forwarded-For claims", async () => {
    loaderCalls.length = 0;
    for (const id of MAILBOX) {
      const thrown = await Promise.resolve()
        .then(() => gated.routes[id]!.module.loader!(args(false, { "X-Forwarded-For": "127.0.0.1" })))
        .catch((error: unknown) => error);
      expect(thrown).toMatchObject({ kind: "not_found" }); // the 404 page, once the handler maps it
    }
    expect(loaderCalls).toEqual([]);
  });

  it("leave every other route alone", async () => {
    expect(await gated.routes["routes/sign-in"]!.module.loader!(args(false))).toBe("routes/sign-in");
  });
});

describe("the dev-tool route files", () => {
  const files = readdirSync(path.join(root, "app/dev-tools/routes")).filter((file) => file.endsWith(".tsx"));
  const registered = Object.values(remixConfig.routes!(defineRoutes) as ReturnType<typeof defineRoutes>);

  it("are each registered in remix.config.js, at the address their flat-route file name gives", () => {
    const byConvention = Object.values(flatRoutes(path.join(root, "app"), [], "dev-tools/routes"));
    const shape = (r: { id: string; path?: string; index?: boolean; parentId?: string }) => ({
      id: r.id,
      path: r.path,
      index: r.index ?? false,
      parentId: r.parentId,
    });
    const sorted = <T extends { id: string }>(routes: T[]) => [...routes].sort((a, b) => a.id.localeCompare(b.id));
    expect(registered).toHaveLength(files.length);
    expect(sorted(registered).map(shape)).toEqual(sorted(byConvention).map(shape));
  });

  it("each belong to a group the gate knows", () => {
    for (const route of registered) {
      expect(routeAllowed(route.id, { testHooks: true, benchRoutes: true, localMailbox: true }), route.id).toBe(true);
    }
  });
});
