import type { ServerBuild } from "@remix-run/node";
import type { Config } from "../config.server";
import { notFound } from "../services/app-error.server";

// The one gate of the dev-tool routes (app/dev-tools/routes/, registered in remix.config.js): the
// test hooks, the benchmark pages and the local mailbox. When the request handler is made
// (remix-handler.server.ts), every group the configuration does not allow is taken out of the
// server build: out of `build.routes`, so no request can reach its loaders or actions, and out of
// `build.assets.routes`, the manifest that lazy route discovery (/__manifest) hands to browsers,
// so nothing reveals that it exists. Its addresses then fall through to the catch-all
// (app/routes/$.tsx): the ordinary 404 page.
//
// One place suffices because a route can only answer if it is in the build the handler serves,
// and this is the only code that makes that build: it is keyed on route ids, not on how a path is
// spelled (case, escapes, `.data` suffixes), and it is fail-closed (a dev-tool route that belongs
// to no group below is always dropped). So the routes carry no checks of their own; the switches
// themselves are derived in app/config.server.ts (never on in production mode).
//
// The mailbox has one more condition, about who asks rather than whether it exists: it holds every
// sign-in link the demo "sent", so it answers only connections from this machine. Its loaders (and
// any action) are wrapped here to check the load context's `peerIsLoopback` (the socket's own address, never a
// header: app/security/loopback.server.ts).
//
// This module names route ids only, and imports nothing from app/dev-tools/.

const DEV_TOOL_ROUTES = "dev-tools/routes/";

/** The switches of app/config.server.ts that decide which dev-tool routes exist. */
export type DevToolSwitches = Pick<Config, "testHooks" | "benchRoutes" | "localMailbox">;

export const NO_DEV_TOOLS: DevToolSwitches = { testHooks: false, benchRoutes: false, localMailbox: false };

const GROUPS: { prefix: string; allowed: (switches: DevToolSwitches) => boolean }[] = [
  { prefix: `${DEV_TOOL_ROUTES}test-hooks.`, allowed: (s) => s.testHooks },
  { prefix: `${DEV_TOOL_ROUTES}bench.`, allowed: (s) => s.benchRoutes },
  { prefix: `${DEV_TOOL_ROUTES}dev.mail`, allowed: (s) => s.localMailbox },
];

const MAILBOX = `${DEV_TOOL_ROUTES}dev.mail`;

/** Whether a route of the build may be served with these switches: every product route may. */
export function routeAllowed(id: string, switches: DevToolSwitches): boolean {
  if (!id.startsWith(DEV_TOOL_ROUTES)) return true;
  const group = GROUPS.find((g) => id.startsWith(g.prefix));
  return group ? group.allowed(switches) : false;
}

type Handler = (args: { context: { peerIsLoopback?: boolean } }) => unknown;

function fromThisMachineOnly<H>(handler: H): H {
  const wrapped = (args: Parameters<Handler>[0]) => {
    if (args.context?.peerIsLoopback !== true) throw notFound();
    return (handler as Handler)(args);
  };
  return wrapped as H;
}

/**
 * The build without the dev-tool routes these switches do not allow (nor anything nested in one),
 * and with the mailbox's loaders and actions answering 404 to a connection from elsewhere.
 */
export function withDevToolRoutesGated(build: ServerBuild, switches: DevToolSwitches): ServerBuild {
  const kept = (id: string, parentOf: (id: string) => string | undefined): boolean => {
    for (let current: string | undefined = id; current; current = parentOf(current)) {
      if (!routeAllowed(current, switches)) return false;
    }
    return true;
  };

  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route || !kept(id, (child) => build.routes[child]?.parentId)) continue;
    if (!id.startsWith(MAILBOX)) {
      routes[id] = route;
      continue;
    }
    const module = { ...route.module };
    if (module.loader) module.loader = fromThisMachineOnly(module.loader);
    if (module.action) module.action = fromThisMachineOnly(module.action);
    routes[id] = { ...route, module };
  }

  const manifestRoutes: ServerBuild["assets"]["routes"] = {};
  for (const [id, route] of Object.entries(build.assets.routes)) {
    if (kept(id, (child) => build.assets.routes[child]?.parentId)) manifestRoutes[id] = route;
  }

  return { ...build, routes, assets: { ...build.assets, routes: manifestRoutes } };
}
