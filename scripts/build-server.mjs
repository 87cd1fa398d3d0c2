// Bundles the Express server and the database command line into build/, so production runs
// plain `node` with no TypeScript tooling. npm packages stay external (some ship WASM or native
// code); the app's own modules are bundled.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");

await build({
  entryPoints: { server: path.join(root, "server.ts"), cli: path.join(root, "db/cli.ts") },
  outdir: path.join(root, "build"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  jsx: "automatic",
  sourcemap: true,
  logLevel: "warning",
});
console.log("Built build/server.mjs and build/cli.mjs");
