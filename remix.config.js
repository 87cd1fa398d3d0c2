// The dev-tool routes (test hooks, benchmark pages, the local mailbox) live in app/dev-tools/routes/,
// outside app/routes/, so the flat-routes convention never sees them and product code cannot
// import them (eslint.config.js). They are registered here, under the same paths and flat-route
// file names they would have in app/routes/; whether each exists is decided once, when the request
// handler is made (app/security/dev-tool-routes.server.ts matches them by these route ids).
// [path, file in app/dev-tools/routes/, index route?]
const DEV_TOOL_ROUTES = [
  ["test-hooks/users", "test-hooks.users.tsx"],
  ["test-hooks/scenarios", "test-hooks.scenarios.tsx"],
  ["test-hooks/judging", "test-hooks.judging.tsx"],
  ["test-hooks/staff-judging", "test-hooks.staff-judging.tsx"],
  ["test-hooks/awards", "test-hooks.awards.tsx"],
  ["test-hooks/councils", "test-hooks.councils.tsx"],
  ["test-hooks/support", "test-hooks.support.tsx"],
  ["test-hooks/email", "test-hooks.email.tsx"],
  ["bench/floor", "bench.floor.tsx"],
  ["bench/queries.json", "bench.queries[.]json.tsx"],
  ["dev/mail", "dev.mail._index.tsx", true],
  ["dev/mail.json", "dev.mail[.]json.tsx"],
  ["dev/mail/:id", "dev.mail.$id.tsx"],
  ["dev/mail/:id/html", "dev.mail.$id_.html.tsx"],
];

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  // Route ids are the file paths without extension: "dev-tools/routes/test-hooks.users".
  routes: (defineRoutes) =>
    defineRoutes((route) => {
      for (const [path, file, index] of DEV_TOOL_ROUTES) route(path, `dev-tools/routes/${file}`, { index });
    }),
  serverModuleFormat: "esm",
  serverBuildPath: "build/index.js",
  // Packages that ship native code or WASM must stay outside the server bundle.
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
};
